from datetime import date

import time_machine

from absence.models import Episode
from core.models import AuditEvent


@time_machine.travel(date(2024, 3, 4))
def test_employee_reports_sick_and_recovered_through_the_api(api, employee):
    client = api(employee)
    response = client.post(
        "/api/absence/episodes/", {"employee": employee.employee.pk, "first_sick_day": "2024-03-04"}
    )
    assert response.status_code == 201, response.json()
    episode_id = response.json()["id"]
    response = client.post(
        f"/api/absence/episodes/{episode_id}/recover/", {"recovered_on": "2024-03-07"}
    )
    assert response.status_code == 200
    assert Episode.objects.get(pk=episode_id).recovered_on == date(2024, 3, 7)
    assert not AuditEvent.objects.exists()  # reading your own record is not audited


@time_machine.travel(date(2024, 3, 4))
def test_hr_read_is_audited_and_colleague_gets_404(api, employee, hr, outsider):
    episode = Episode.objects.create(employee=employee.employee, first_sick_day=date(2024, 3, 1))
    assert api(hr).get(f"/api/absence/episodes/{episode.pk}/").status_code == 200
    event = AuditEvent.objects.get()
    assert (event.actor, event.subject, event.action) == (hr, employee.employee, "view_episode")
    assert api(outsider).get(f"/api/absence/episodes/{episode.pk}/").status_code == 404


def test_report_json_keys(api, hr, employee):
    response = api(hr).get(
        "/api/absence/report/", {"start": "2024-01-01", "end": "2024-03-31", "by": "month"}
    )
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"period", "target_percentage", "total", "groups"}
    assert [g["key"] for g in body["groups"]] == ["2024-01", "2024-02", "2024-03"]
    assert (
        api(employee)
        .get("/api/absence/report/", {"start": "2024-01-01", "end": "2024-01-31"})
        .status_code
        == 403
    )


def test_hr_corrects_dates_and_partial_steps_through_the_api(api, hr, employee):
    episode = Episode.objects.create(employee=employee.employee, first_sick_day=date(2024, 3, 1))
    body = {
        "reason": "Verkeerde datum ingevoerd",
        "first_sick_day": "2024-02-28",
        "recovered_on": "2024-03-20",
        "partial_recoveries": [{"start": "2024-03-10", "percentage": "50"}],
    }
    response = api(hr).post(f"/api/absence/episodes/{episode.pk}/correct/", body, format="json")
    assert response.status_code == 200, response.json()
    episode.refresh_from_db()
    assert (episode.first_sick_day, episode.recovered_on) == (date(2024, 2, 28), date(2024, 3, 20))
    assert [(p.start, float(p.percentage)) for p in episode.partial_recoveries.all()] == [
        (date(2024, 3, 10), 50.0)
    ]
    assert episode.changes.first().reason == "Verkeerde datum ingevoerd"
