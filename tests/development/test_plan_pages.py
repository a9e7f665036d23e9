"""The training plan pages: the plan of a year with its budget and filters, HR's plan and item
forms (bad input beside the field, never a 500), wishes from the interviews into the plan and
the link back on the interview page, the approvals page with its over-budget confirmation and
decline reason, an employee's requests, the menu and the home card."""

from datetime import date
from decimal import Decimal

import pytest
from django.core import mail

from development.models import Agreement, Interview, PlanItem, TrainingPlan, TrainingWish
from development.plan import budget_of
from development.services import plan as services
from tests.development.conftest import interview_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(now, hr):
    return services.plan_save(hr, year=2026, budget=Decimal("1000"))


def request_of(user, cost="400"):
    return services.training_request(user, title="Oplossingsgericht werken", cost=cost)


def test_plan_page_for_hr_and_managers_not_employees(client, plan, hr, manager, director, employee):
    services.item_save(hr, plan, title="Intervisie")
    for user in (hr, manager, director):
        client.force_login(user)
        response = client.get("/development/plan/")
        assert response.status_code == 200
        assert b'data-testid="budget"' in response.content
        assert b"Intervisie" in response.content
    client.force_login(employee)
    assert client.get("/development/plan/").status_code == 403


def test_plan_page_without_plan_and_odd_parameters(client, now, hr):
    client.force_login(hr)
    response = client.get("/development/plan/2031/?status=nonsense&page=abc")
    assert response.status_code == 200
    assert b'data-testid="no-plan"' in response.content
    assert client.get("/development/plan/1800/").status_code == 404


def test_status_filter(client, plan, hr):
    services.item_set_status(hr, services.item_save(hr, plan, title="Supervisie"), "approved")
    services.item_save(hr, plan, title="Intervisie")
    client.force_login(hr)
    content = client.get("/development/plan/2026/?status=approved").content
    assert b"Supervisie" in content and b"Intervisie" not in content


def test_plan_form_creates_and_edits_with_team_budget(client, now, hr, team_a):
    client.force_login(hr)
    response = client.post("/development/plan/new/", {"year": 2026, "budget": "-3", "note": ""})
    assert response.status_code == 200 and not TrainingPlan.objects.exists()
    response = client.post(
        "/development/plan/new/", {"year": 2026, "budget": "2500", f"team_{team_a.pk}": "700"}
    )
    assert response.status_code == 302
    plan = TrainingPlan.objects.get(year=2026)
    assert budget_of(plan).team(team_a.pk).budget == Decimal("700")
    response = client.post("/development/plan/new/", {"year": 2026, "budget": "1"})
    assert response.status_code == 200 and b"2026" in response.content  # plan_exists, beside year
    response = client.post("/development/plan/2026/edit/", {"year": 2026, "budget": "3000"})
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.budget == Decimal("3000") and budget_of(plan).teams == []


def _item_data(**changes):
    data = {
        "title": "SCHIP-training",
        "status": "wish",
        "hours": "6",
        "cost": "150",
        "cost_basis": "per_person",
        "points": "training: 6",
        "sessions-TOTAL_FORMS": "2",
        "sessions-INITIAL_FORMS": "0",
        "sessions-MIN_NUM_FORMS": "0",
        "sessions-MAX_NUM_FORMS": "1000",
        "sessions-0-day": "2026-11-03",
        "sessions-0-start": "09:00",
        "sessions-0-end": "12:00",
        "sessions-0-location": "Waalre",
    }
    data.update(changes)
    return data


def test_item_form_saves_participants_and_sessions(client, plan, hr, employee):
    client.force_login(hr)
    response = client.post(
        "/development/plan/2026/items/new/", _item_data(participants=[employee.employee.pk])
    )
    assert response.status_code == 302
    item = PlanItem.objects.get()
    assert item.points == {"training": 6} and item.sessions.count() == 1
    assert list(item.participants.values_list("employee", flat=True)) == [employee.employee.pk]
    assert client.get(f"/development/plan/2026/items/{item.pk}/").status_code == 200


@pytest.mark.parametrize(
    "changes",
    [
        {"cost": "-1"},
        {"points": "training sixteen"},
        {"points": "Training!: 4"},
        {"sessions-0-end": "08:00"},
        {"sessions-0-start": ""},
        {"sessions-0-day": "2200-01-01"},
        {"hours": "abc"},
        {"participants": ["999999"]},
    ],
)
def test_item_form_bad_input_stays_on_the_page(client, plan, hr, changes):
    client.force_login(hr)
    response = client.post("/development/plan/2026/items/new/", _item_data(**changes))
    assert response.status_code == 200
    assert not PlanItem.objects.exists()


def test_item_form_over_budget_asks_to_tick(client, plan, hr, employee):
    client.force_login(hr)
    data = _item_data(status="approved", cost="1400", participants=[employee.employee.pk])
    response = client.post("/development/plan/2026/items/new/", data)
    assert response.status_code == 200 and b'data-testid="over-budget"' in response.content
    assert not PlanItem.objects.exists()
    response = client.post(
        "/development/plan/2026/items/new/", {**data, "confirm_over_budget": "on"}
    )
    assert response.status_code == 302
    assert budget_of(plan).left == Decimal("-400")


def test_status_change_over_budget_asks_to_confirm(client, plan, hr):
    item = services.item_save(hr, plan, title="Traumatherapie", cost="1500", cost_basis="total")
    client.force_login(hr)
    response = client.post(
        "/development/plan/2026/", {"action": "status", "item": item.pk, "status": "approved"}
    )
    assert response.status_code == 200 and b'data-testid="confirm-over-budget"' in response.content
    item.refresh_from_db()
    assert item.status == "wish"
    response = client.post(
        "/development/plan/2026/",
        {"action": "status", "item": item.pk, "status": "approved", "confirm_over_budget": "on"},
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.status == "approved"


def test_bad_status_post_is_no_500(client, plan, hr):
    item = services.item_save(hr, plan, title="Intervisie")
    client.force_login(hr)
    for data in (
        {"action": "status", "item": item.pk, "status": "maybe"},
        {"action": "status", "item": "x", "status": "done"},
        {"action": "status", "item": item.pk, "status": "done", "completed_on": "1800-01-01"},
        {"action": "nothing", "item": item.pk},
    ):
        assert client.post("/development/plan/2026/", data).status_code in (200, 302, 404)
    item.refresh_from_db()
    assert item.status == "wish"


def test_delete_a_wish(client, plan, hr, manager):
    item = services.item_save(hr, plan, title="Intervisie")
    client.force_login(manager)
    assert (
        client.post("/development/plan/2026/", {"action": "delete", "item": item.pk}).status_code
        == 403
    )
    client.force_login(hr)
    assert (
        client.post("/development/plan/2026/", {"action": "delete", "item": item.pk}).status_code
        == 302
    )
    assert not PlanItem.objects.exists()


@pytest.fixture
def wish(cycle, employee):
    interview = interview_of(employee)
    interview.status = Interview.Status.HELD
    interview.save()
    agreement = Agreement.objects.create(interview=interview)
    return TrainingWish.objects.create(agreement=agreement, text="Cursus systemisch werken")


def test_wish_into_the_plan_and_linked_both_ways(client, hr, employee, wish):
    client.force_login(hr)
    page = client.get("/development/plan/2026/")
    assert f'data-testid="from-wish-{wish.pk}"'.encode() in page.content
    response = client.post("/development/plan/2026/", {"action": "from_wish", "wish": wish.pk})
    assert response.status_code == 302
    item = PlanItem.objects.get(wish=wish)
    page = client.get("/development/plan/2026/")
    assert f'data-testid="from-wish-{wish.pk}"'.encode() not in page.content
    interview = wish.agreement.interview
    assert f'href="/development/interviews/{interview.pk}/"'.encode() in page.content
    # twice: a message, no second item
    assert (
        client.post("/development/plan/2026/", {"action": "from_wish", "wish": wish.pk}).status_code
        == 200
    )
    assert PlanItem.objects.count() == 1
    record = client.get(f"/development/interviews/{interview.pk}/")
    assert record.status_code == 200
    assert f"/development/plan/2026/#item-{item.pk}".encode() in record.content
    client.force_login(employee)
    record = client.get(f"/development/interviews/{interview.pk}/")
    assert b'data-testid="wish-in-plan"' in record.content
    assert b'data-testid="wish-item-link"' not in record.content


def test_approvals_page_manager_approves_own_people(client, plan, employee, manager, other_manager):
    item = request_of(employee)
    client.force_login(other_manager)
    assert b'data-testid="no-requests"' in client.get("/development/plan/approvals/").content
    assert (
        client.post(
            "/development/plan/approvals/", {"item": item.pk, "action": "approve"}
        ).status_code
        == 404
    )
    client.force_login(manager)
    assert (
        f'data-testid="approve-{item.pk}"'.encode()
        in client.get("/development/plan/approvals/").content
    )
    assert (
        client.post(
            "/development/plan/approvals/", {"item": item.pk, "action": "approve"}
        ).status_code
        == 302
    )
    item.refresh_from_db()
    assert item.status == "approved"


def test_approvals_page_is_not_for_employees(client, plan, employee):
    client.force_login(employee)
    assert client.get("/development/plan/approvals/").status_code == 403


def test_approve_over_budget_then_anyway(client, plan, employee, manager):
    item = request_of(employee, cost="1200")
    client.force_login(manager)
    response = client.post("/development/plan/approvals/", {"item": item.pk, "action": "approve"})
    assert response.status_code == 200 and b'data-testid="approve-anyway"' in response.content
    item.refresh_from_db()
    assert item.status == "wish"
    response = client.post(
        "/development/plan/approvals/",
        {"item": item.pk, "action": "approve", "confirm_over_budget": "1"},
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.status == "approved"


def test_waiting_for_the_director_is_shown(client, plan, employee, manager, director):
    plan.budget = Decimal("10000")
    plan.save()
    item = request_of(employee, cost="2000")
    client.force_login(manager)
    client.post("/development/plan/approvals/", {"item": item.pk, "action": "approve"})
    page = client.get("/development/plan/approvals/")
    assert b'data-testid="waits-for-director"' in page.content
    assert f'data-testid="approve-{item.pk}"'.encode() not in page.content
    client.force_login(director)
    assert (
        client.post(
            "/development/plan/approvals/", {"item": item.pk, "action": "approve"}
        ).status_code
        == 302
    )
    item.refresh_from_db()
    assert item.status == "approved"


def test_decline_needs_a_reason_on_the_page(client, plan, employee, manager):
    item = request_of(employee)
    client.force_login(manager)
    response = client.post(
        "/development/plan/approvals/", {"item": item.pk, "action": "decline", "reason": ""}
    )
    assert response.status_code == 200
    item.refresh_from_db()
    assert item.status == "wish"
    response = client.post(
        "/development/plan/approvals/", {"item": item.pk, "action": "decline", "reason": "Te duur"}
    )
    assert response.status_code == 302
    client.force_login(employee)
    page = client.get("/development/plan/requests/")
    assert b"Te duur" in page.content


def test_employee_requests_a_training(
    client, plan, employee, manager, django_capture_on_commit_callbacks
):
    client.force_login(employee)
    page = client.get("/development/plan/requests/")
    assert page.status_code == 200 and b'data-testid="request-form"' in page.content
    bad = client.post(
        "/development/plan/requests/",
        {"title": "Cursus", "year": 2026, "hours": "4", "cost": "-2", "cost_basis": "per_person"},
    )
    assert bad.status_code == 200 and not PlanItem.objects.exists()
    bad = client.post(
        "/development/plan/requests/",
        {
            "title": "Cursus",
            "year": 2026,
            "hours": "4",
            "cost": "20",
            "cost_basis": "per_person",
            "day": "2026-11-03",
            "start": "10:00",
            "end": "09:00",
        },
    )
    assert bad.status_code == 200 and not PlanItem.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/development/plan/requests/",
            {
                "title": "Cursus",
                "year": 2026,
                "hours": "4",
                "cost": "20",
                "cost_basis": "per_person",
                "day": "2026-11-03",
                "start": "09:00",
                "end": "12:00",
            },
        )
    assert response.status_code == 302
    item = PlanItem.objects.get()
    assert item.requested_by == employee.employee and item.sessions.count() == 1
    assert len(mail.outbox) == 1
    assert b"Cursus" in client.get("/development/plan/requests/").content


def test_requests_page_needs_an_employee(client, board):
    client.force_login(board)
    assert client.get("/development/plan/requests/").status_code == 404


def test_menu_and_home_card(client, plan, employee, manager):
    client.force_login(employee)
    assert b"/development/plan/requests/" in client.get("/").content
    request_of(employee)
    client.force_login(manager)
    home = client.get("/")
    assert b'data-testid="home-training-requests"' in home.content
    assert b'href="/development/plan/"' in home.content


def _fill(plan, hr, people, count):
    for k in range(count):
        item = services.item_save(
            hr,
            plan,
            title=f"Training {k}",
            cost="10",
            participants=people,
            points={"training": 4},
        )
        if k % 2:
            services.item_set_status(hr, item, "approved", confirm_over_budget=True)


def test_the_plan_and_approvals_pages_do_not_grow_in_queries_with_the_items(
    client, plan, hr, employee, colleague
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    people = [employee.employee, colleague.employee]
    client.force_login(hr)

    def queries(url):
        client.get(url)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    _fill(plan, hr, people, 3)
    few = (queries("/development/plan/2026/"), queries("/development/plan/approvals/"))
    _fill(plan, hr, people, 12)
    many = (queries("/development/plan/2026/"), queries("/development/plan/approvals/"))
    assert many == few


def test_each_request_on_the_approvals_page_has_its_own_field_ids(
    client, plan, employee, colleague, manager
):
    first, second = request_of(employee), request_of(colleague)
    client.force_login(manager)
    response = client.post(
        "/development/plan/approvals/", {"item": second.pk, "action": "decline", "reason": ""}
    )
    page = response.content.decode()
    for item in (first, second):
        assert page.count(f'id="id_reason_{item.pk}"') == 1
        assert page.count(f'for="id_reason_{item.pk}"') == 1
    assert 'id="id_reason"' not in page
    assert f'id="id_reason_{second.pk}_error"' in page
    assert f'id="id_reason_{first.pk}_error"' not in page


def test_the_directors_card_counts_only_what_waits_for_the_director(
    plan, employee, manager, director
):
    from development.home import training_requests_waiting
    from hrm.models import OrganisationSettings

    settings = OrganisationSettings.get()
    settings.training_director_threshold = Decimal("1000")
    settings.save()
    today = date(2026, 10, 1)
    request_of(employee)  # 400 euro: for the manager alone
    assert training_requests_waiting(director, today) is None
    assert training_requests_waiting(manager, today).context == {"waiting": 1}
    services.item_approve(manager, request_of(employee, cost="1200"), confirm_over_budget=True)
    assert training_requests_waiting(director, today).context == {"waiting": 1}
