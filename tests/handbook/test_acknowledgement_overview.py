"""HR's overview of who has not acknowledged the handbook (per chapter, per team, the names on
a click) and the reminder HR sends from it: once per person per version, in a number of
queries that does not grow with the number of employees."""

from __future__ import annotations

import re
from datetime import date
from unittest import mock

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.errors import ApplicationError
from handbook import services
from handbook.models import Acknowledgement, AcknowledgementReminder
from handbook.overview import acknowledgement_overview
from handbook.services.reminders import _claim
from tests.factories import TeamFactory, make_person
from tests.handbook.steps import new_published_version, publish_draft

URL = "/handbook/acknowledgements/"


@pytest.fixture
def staff(hr, director, pvt, employee, manager, outsider):
    """Six people employed today: Staf (hr, director), Geldrop-Mierlo (pvt, employee, manager),
    Waalre (outsider)."""
    return {
        "hr": hr,
        "director": director,
        "pvt": pvt,
        "employee": employee,
        "manager": manager,
        "outsider": outsider,
    }


def test_the_overview_counts_per_chapter_and_team(staff, published):
    Acknowledgement.objects.create(version=published, employee=staff["employee"].employee)
    overview = acknowledgement_overview(date(2026, 3, 2))
    assert overview.teams == ["Geldrop-Mierlo", "Staf", "Waalre"]
    [row] = overview.chapters
    assert (row.chapter, row.outstanding, row.total, row.done) == (published.chapter, 5, 6, 1)
    assert [(c.team, c.outstanding, c.total) for c in row.cells] == [
        ("Geldrop-Mierlo", 2, 3),
        ("Staf", 2, 2),
        ("Waalre", 1, 1),
    ]


def test_leavers_and_people_not_yet_employed_do_not_count(staff, published, team_a):
    former = make_person(None, team=team_a, start=date(2020, 1, 1))
    former.contracts.update(end=date(2025, 12, 31))
    make_person(None, team=team_a, start=date(2026, 9, 1))
    [row] = acknowledgement_overview(date(2026, 3, 2)).chapters
    assert (row.outstanding, row.total) == (6, 6)


def test_a_minor_version_asks_nothing_new_in_the_overview(staff, published, hr, pvt, director):
    Acknowledgement.objects.create(version=published, employee=staff["employee"].employee)
    new_published_version(
        published.chapter, hr=hr, pvt=pvt, director=director, body="# Spelling", minor=True
    )
    [row] = acknowledgement_overview(date(2026, 3, 2)).chapters
    assert row.outstanding == 5


def test_the_names_of_one_chapter_and_team(staff, published):
    overview = acknowledgement_overview(
        date(2026, 3, 2), chapter_id=published.chapter_id, team="Geldrop-Mierlo"
    )
    names = [p.name for p in overview.people]
    expected = sorted(
        (staff[r].employee.full_name for r in ("pvt", "employee", "manager")), key=str.casefold
    )
    assert names == expected
    assert all(p.team == "Geldrop-Mierlo" and p.reminded_at is None for p in overview.people)


def test_an_unknown_team_shows_every_name(staff, published):
    overview = acknowledgement_overview(
        date(2026, 3, 2), chapter_id=published.chapter_id, team="Nergens"
    )
    assert overview.team is None
    assert len(overview.people) == 6


# the page ---------------------------------------------------------------------------------------


def test_hr_sees_the_counts_and_the_names(client, staff, published):
    client.force_login(staff["hr"])
    html = client.get(URL).content.decode()
    row = re.search(rf'<tr data-chapter="{published.chapter_id}".*?</tr>', html, re.S).group(0)
    assert re.search(r'data-testid="outstanding">.*?<strong>6</strong></a> / 6', row, re.S)
    assert 'data-team="Waalre"' in row
    assert 'data-testid="remind"' in row
    assert 'data-testid="ack-names"' not in html
    names = client.get(URL, {"chapter": published.chapter_id, "team": "Waalre"}).content.decode()
    people = re.findall(r'<tr data-testid="ack-person">\s*<td>(.*?)</td>', names)
    assert people == [staff["outsider"].employee.full_name]


@pytest.mark.parametrize("role", ["employee", "manager", "pvt", "adjunct", "board"])
def test_only_hr_and_the_director_see_the_overview(request, client, role, published):
    client.force_login(request.getfixturevalue(role))
    assert client.get(URL).status_code == 403
    assert client.post(URL, {"chapter": published.chapter_id}).status_code == 403
    assert not mail.outbox


@pytest.mark.parametrize("chapter_param", ["abc", "999"])
def test_an_unknown_chapter_answers_404(client, hr, published, chapter_param):
    client.force_login(hr)
    assert client.get(URL, {"chapter": chapter_param}).status_code == 404
    assert client.post(URL, {"chapter": chapter_param}).status_code == 404


def test_a_chapter_without_published_version_answers_404(client, hr, consent_chapter):
    client.force_login(hr)
    assert client.get(URL, {"chapter": consent_chapter.pk}).status_code == 404


def test_the_page_takes_the_same_queries_for_5_and_40_employees(
    client, hr, published, team_a, team_b, django_assert_max_num_queries
):
    client.force_login(hr)
    teams = [team_a, team_b, TeamFactory(name="Eindhoven")]

    def people(n):
        for i in range(n):
            make_person(None, team=teams[i % 3])

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(URL, {"chapter": published.chapter_id})
        assert response.status_code == 200
        return len(queries)

    people(5)
    client.get(URL)  # warm the session and the user's roles
    few = count()
    people(35)
    with django_assert_max_num_queries(few):
        many = count()
    assert many == few
    assert few <= 14


# the reminder -----------------------------------------------------------------------------------


def test_a_reminder_goes_to_everyone_who_has_not_acknowledged(staff, published):
    Acknowledgement.objects.create(version=published, employee=staff["employee"].employee)
    sent = services.remind_unacknowledged(actor=staff["hr"], chapter=published.chapter)
    assert sent == 5
    assert len(mail.outbox) == 5
    assert staff["employee"].employee.email not in {a for m in mail.outbox for a in m.to}
    message = mail.outbox[0]
    assert "Verzuim en re-integratie" in message.subject
    assert f"/handbook/chapters/{published.chapter_id}/" in message.body
    assert AcknowledgementReminder.objects.filter(version=published).count() == 5


def test_a_second_press_sends_nothing(staff, published):
    services.remind_unacknowledged(actor=staff["hr"], chapter=published.chapter)
    mail.outbox.clear()
    assert services.remind_unacknowledged(actor=staff["hr"], chapter=published.chapter) == 0
    assert mail.outbox == []
    assert AcknowledgementReminder.objects.count() == 6


def test_someone_new_is_reminded_on_the_next_press(staff, published, team_a):
    services.remind_unacknowledged(actor=staff["hr"], chapter=published.chapter)
    mail.outbox.clear()
    newcomer = make_person("newcomer", team=team_a)
    assert services.remind_unacknowledged(actor=staff["hr"], chapter=published.chapter) == 1
    assert mail.outbox[0].to == [newcomer.employee.email]


def test_a_new_version_gives_a_new_reminder(staff, published, hr, pvt, director):
    services.remind_unacknowledged(actor=hr, chapter=published.chapter)
    new_published_version(published.chapter, hr=hr, pvt=pvt, director=director, body="# Nieuw")
    mail.outbox.clear()
    assert services.remind_unacknowledged(actor=hr, chapter=published.chapter) == 6


def test_people_without_an_address_are_skipped(staff, published):
    for role in ("manager", "outsider"):
        person = staff[role]
        person.employee.email = ""
        person.employee.save()
        person.email = ""
        person.save()
    assert services.remind_unacknowledged(actor=staff["hr"], chapter=published.chapter) == 4
    assert AcknowledgementReminder.objects.count() == 4


def test_a_reminder_that_cannot_be_sent_is_taken_back(staff, published):
    with mock.patch("django.core.mail.EmailMessage.send", side_effect=OSError("refused")):
        assert services.remind_unacknowledged(actor=staff["hr"], chapter=published.chapter) == 0
    assert not AcknowledgementReminder.objects.exists()
    assert services.remind_unacknowledged(actor=staff["hr"], chapter=published.chapter) == 6


def test_a_parallel_send_is_decided_by_the_database(staff, published):
    """Both sends read nobody reminded (as at the same moment): the constraint decides, and the
    loser claims only the people the winner did not."""
    employees = [staff[r].employee for r in ("employee", "manager", "outsider")]
    AcknowledgementReminder.objects.create(version=published, employee=employees[1])
    claimed = _claim(published, employees)
    assert claimed == [employees[0], employees[2]]
    assert AcknowledgementReminder.objects.count() == 3


def test_only_hr_and_the_director_remind(staff, published):
    with pytest.raises(PermissionDenied):
        services.remind_unacknowledged(actor=staff["manager"], chapter=published.chapter)
    assert not mail.outbox


def test_nothing_to_remind_of_before_publication(hr, consent_chapter):
    with pytest.raises(ApplicationError) as caught:
        services.remind_unacknowledged(actor=hr, chapter=consent_chapter)
    assert caught.value.code == "not_published"


def test_the_reminder_is_in_the_persons_language(staff, published):
    staff["outsider"].language = "en"
    staff["outsider"].save()
    services.remind_unacknowledged(actor=staff["hr"], chapter=published.chapter)
    by_address = {m.to[0]: m for m in mail.outbox}
    english = by_address[staff["outsider"].employee.email]
    assert english.subject.startswith("Handbook: please read and acknowledge")
    dutch = by_address[staff["manager"].employee.email]
    assert dutch.subject.startswith("Handboek: lees en bevestig")


def test_the_send_takes_the_same_queries_for_5_and_40_employees(
    hr, published, team_a, django_assert_max_num_queries
):
    def people(n):
        for _ in range(n):
            make_person(None, team=team_a)

    def send() -> tuple[int, int]:
        with CaptureQueriesContext(connection) as queries:
            sent = services.remind_unacknowledged(actor=hr, chapter=published.chapter)
        return sent, len(queries)

    people(5)
    sent_few, few = send()
    AcknowledgementReminder.objects.all().delete()
    people(35)
    with django_assert_max_num_queries(few):
        sent_many, many = send()
    assert (sent_few, sent_many) == (3 + 5, 3 + 40)  # hr, pvt and the director, and the others
    assert many == few


def test_the_button_sends_and_says_how_many(client, staff, published):
    client.force_login(staff["hr"])
    response = client.post(URL, {"chapter": published.chapter_id}, follow=True)
    assert response.redirect_chain[-1][0] == f"{URL}?chapter={published.chapter_id}"
    [message] = list(response.context["messages"])
    assert "6 herinneringen verstuurd" in str(message)
    again = client.post(URL, {"chapter": published.chapter_id}, follow=True)
    [message] = list(again.context["messages"])
    assert str(message).startswith("Niemand om te herinneren")
    assert len(mail.outbox) == 6
    names = again.content.decode()
    assert names.count("verstuurd 2 mrt 2026") == 6


def test_a_published_information_chapter_counts_too(staff, information_chapter, hr, pvt, director):
    version = publish_draft(information_chapter, hr=hr, pvt=pvt, director=director)
    [row] = acknowledgement_overview(date(2026, 3, 2)).chapters
    assert (row.version, row.outstanding) == (version, 6)
