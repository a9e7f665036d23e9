"""The training plan's writes: plan and budgets, items with their checks, wishes into the plan,
requests, approvals (the manager's own people, the director above the threshold, the budget
with its confirmation), declining with a reason and the budget moving with the status."""

from datetime import date, datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied

from core.errors import ApplicationError
from development.models import Agreement, Interview, PlanItem, TrainingWish
from development.plan import budget_of, items_of
from development.series import AMSTERDAM
from development.services import plan as services
from hrm.models import OrganisationSettings
from tests.development.conftest import interview_of

pytestmark = pytest.mark.django_db


def at(day, hour, minutes=120):
    start = datetime(day.year, day.month, day.day, hour, tzinfo=AMSTERDAM)
    return start, start.replace(hour=hour + minutes // 60), "Kantoor Geldrop"


@pytest.fixture
def plan(now, hr):
    return services.plan_save(hr, year=2026, budget=Decimal("5000"))


def code_of(call, *args, **kwargs) -> str:
    with pytest.raises(ApplicationError) as info:
        call(*args, **kwargs)
    return info.value.code


def request_of(employee, cost="400", **extra):
    return services.training_request(
        employee, title="Motiverende gespreksvoering", cost=cost, **extra
    )


# The plan and its budgets ------------------------------------------------------------------------


def test_plan_is_one_per_year(plan, hr):
    assert code_of(services.plan_save, hr, year=2026, budget=10) == "plan_exists"
    changed = services.plan_save(hr, year=2026, budget="6000", note="Jaarplan", plan=plan)
    assert changed.pk == plan.pk and changed.budget == Decimal("6000")


def test_plan_bad_input_gives_codes(now, hr):
    assert code_of(services.plan_save, hr, year=1999, budget=10) == "year_out_of_range"
    assert code_of(services.plan_save, hr, year=2026, budget=-1) == "budget_invalid"
    assert code_of(services.plan_save, hr, year=2026, budget="abc") == "budget_invalid"


def test_only_hr_manages_the_plan(now, manager, employee):
    for user in (manager, employee):
        with pytest.raises(PermissionDenied):
            services.plan_save(user, year=2026, budget=10)


def test_team_budget_set_and_removed(plan, hr, team_a):
    services.team_budget_set(hr, plan, team_a, Decimal("1000"))
    assert budget_of(plan).team(team_a.pk).budget == Decimal("1000")
    services.team_budget_set(hr, plan, team_a, None)
    assert budget_of(plan).teams == []


# Items --------------------------------------------------------------------------------------------


def test_item_save_with_participants_sessions_and_points(plan, hr, employee, colleague):
    item = services.item_save(
        hr,
        plan,
        title="SCHIP-training",
        organisation_wide=True,
        hours="12",
        cost="250",
        points={"training": 16, "reflection": 2.5},
        participants=[employee.employee, colleague.employee],
        sessions=[at(date(2026, 11, 3), 9), at(date(2026, 11, 10), 9)],
    )
    assert item.status == PlanItem.Status.WISH
    assert item.points == {"training": 16, "reflection": 2.5}
    assert item.participants.count() == 2 and item.sessions.count() == 2
    first = item.sessions.order_by("starts_at").first()
    # editing keeps the first session's row (its calendar UID) while its time moves
    services.item_save(
        hr,
        plan,
        item=item,
        title="SCHIP-training",
        cost="250",
        participants=[employee.employee],
        sessions=[at(date(2026, 11, 4), 9)],
    )
    assert list(item.sessions.values_list("pk", flat=True)) == [first.pk]
    assert item.participants.count() == 1


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"cost": "-5"}, "cost_invalid"),
        ({"hours": "-1"}, "hours_invalid"),
        ({"points": {"Training!": 4}}, "points_invalid"),
        ({"points": {"training": 1001}}, "points_invalid"),
        ({"points": {"training": "veel"}}, "points_invalid"),
        ({"points": {"training": True}}, "points_invalid"),
        ({"points": ["training"]}, "points_invalid"),
        ({"title": "  "}, "title_required"),
        ({"cost_basis": "weekly"}, "invalid"),
        ({"status": "maybe"}, "invalid"),
    ],
)
def test_item_bad_input_gives_codes(plan, hr, changes, code):
    values = {"title": "Traumatherapie", **changes}
    assert code_of(services.item_save, hr, plan, **values) == code
    assert not PlanItem.objects.exists()


def test_session_ending_before_start_is_refused(plan, hr):
    start, end, place = at(date(2026, 11, 3), 9)
    assert (
        code_of(services.item_save, hr, plan, title="Intervisie", sessions=[(end, start, place)])
        == "session_ends_before_start"
    )
    far = datetime(2101, 1, 1, 9, tzinfo=AMSTERDAM)
    assert (
        code_of(
            services.item_save, hr, plan, title="Intervisie", sessions=[(far, far.replace(hour=10))]
        )
        == "date_out_of_range"
    )


def test_only_a_wish_can_be_deleted(plan, hr):
    item = services.item_save(hr, plan, title="Intervisie")
    services.item_set_status(hr, item, PlanItem.Status.APPROVED)
    assert code_of(services.item_delete, hr, item) == "not_deletable"
    wish = services.item_save(hr, plan, title="Supervisie")
    services.item_delete(hr, wish)
    assert not PlanItem.objects.filter(pk=wish.pk).exists()


# Wishes from the interviews -------------------------------------------------------------------


@pytest.fixture
def wish(cycle, employee, team_a):
    interview = interview_of(employee)
    interview.status = Interview.Status.HELD
    interview.save()
    agreement = Agreement.objects.create(interview=interview)
    return TrainingWish.objects.create(agreement=agreement, text="Cursus traumasensitief werken")


def test_item_from_wish_makes_the_plan_and_links_both_ways(hr, wish, employee, team_a):
    item = services.item_from_wish(hr, wish)
    assert item.plan.year == 2026 and item.plan.budget == 0
    assert item.title == wish.text and item.status == PlanItem.Status.WISH
    assert item.team == team_a
    assert list(item.participants.values_list("employee", flat=True)) == [employee.employee.pk]
    wish.refresh_from_db()
    assert wish.plan_item == item


def test_a_wish_goes_into_the_plan_once(hr, wish):
    services.item_from_wish(hr, wish)
    assert code_of(services.item_from_wish, hr, wish) == "wish_already_planned"
    assert PlanItem.objects.count() == 1


def test_only_hr_puts_a_wish_in_the_plan(manager, wish):
    with pytest.raises(PermissionDenied):
        services.item_from_wish(manager, wish)


# Requests and decisions ------------------------------------------------------------------------


def test_request_tells_the_manager(plan, employee, manager, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        item = request_of(employee, reason="Voor mijn caseload")
    assert item.requested_by == employee.employee and item.status == PlanItem.Status.WISH
    assert list(item.participants.values_list("employee", flat=True)) == [employee.employee.pk]
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [manager.employee.email or manager.email]
    assert "/development/plan/approvals/" in mail.outbox[0].body


def test_request_year_is_this_or_next(plan, employee):
    assert code_of(request_of, employee, year=2030) == "year_out_of_range"
    assert request_of(employee, year=2027).plan.year == 2027


def test_manager_approves_own_people_only(plan, employee, manager, other_manager):
    item = request_of(employee)
    with pytest.raises(PermissionDenied):
        services.item_approve(other_manager, item)
    approved = services.item_approve(manager, item)
    assert approved.status == PlanItem.Status.APPROVED and approved.approved_by == manager
    assert budget_of(plan).committed == Decimal("400")


def test_employee_cannot_approve(plan, employee, colleague):
    item = request_of(employee)
    with pytest.raises(PermissionDenied):
        services.item_approve(colleague, item)


def test_above_threshold_the_director_approves_as_well(plan, employee, manager, director):
    settings = OrganisationSettings.get()
    settings.training_director_threshold = Decimal("1000")
    settings.save()
    item = request_of(employee, cost="1200")
    after_manager = services.item_approve(manager, item)
    assert after_manager.status == PlanItem.Status.WISH
    assert after_manager.approved_by == manager
    assert budget_of(plan).committed == 0
    assert code_of(services.item_approve, manager, item) == "waiting_for_director"
    done = services.item_approve(director, item)
    assert done.status == PlanItem.Status.APPROVED
    assert done.director_approved_by == director and done.approved_by == manager


@pytest.mark.parametrize("status", ["approved", "planned", "done"])
def test_hr_cannot_pass_the_director_by_setting_the_status(plan, hr, director, status):
    item = services.item_save(hr, plan, title="Traumatherapie", cost="1600", cost_basis="total")
    assert code_of(services.item_set_status, hr, item, status) == "needs_director"
    assert (
        code_of(
            services.item_save,
            hr,
            plan,
            title="EMDR",
            cost="1600",
            cost_basis="total",
            status=status,
        )
        == "needs_director"
    )
    item.refresh_from_db()
    assert item.status == "wish" and not PlanItem.objects.filter(title="EMDR").exists()
    services.item_approve(director, item)
    assert services.item_set_status(hr, item, status).status == status


def test_raising_an_approved_item_above_the_threshold_needs_the_director(plan, hr, director):
    item = services.item_save(
        hr, plan, title="Traumatherapie", cost="1000", cost_basis="total", status="approved"
    )
    assert item.approved_by == hr and item.director_approved_by is None

    def raise_cost(actor):
        return services.item_save(
            actor, plan, item=item, title=item.title, cost="1800", cost_basis="total"
        )

    assert code_of(raise_cost, hr) == "needs_director"
    item.refresh_from_db()
    assert item.cost == Decimal("1000")


def test_at_the_threshold_the_manager_is_enough(plan, employee, manager):
    item = request_of(employee, cost="1500")
    assert services.item_approve(manager, item).status == PlanItem.Status.APPROVED


def test_over_budget_approval_needs_confirmation(now, hr, employee, manager):
    plan = services.plan_save(hr, year=2026, budget=Decimal("500"))
    services.item_set_status(
        hr,
        services.item_save(hr, plan, title="Intervisie", cost="300", cost_basis="total"),
        "planned",
    )
    item = request_of(employee, cost="400")
    with pytest.raises(ApplicationError) as info:
        services.item_approve(manager, item)
    assert info.value.code == "over_budget"
    assert "500" in info.value.message and "300" in info.value.message
    item.refresh_from_db()
    assert item.status == PlanItem.Status.WISH
    services.item_approve(manager, item, confirm_over_budget=True)
    figures = budget_of(plan)
    assert figures.committed == Decimal("700") and figures.left == Decimal("-200")


def test_team_budget_is_checked_too(plan, hr, employee, manager, team_a):
    services.team_budget_set(hr, plan, team_a, Decimal("300"))
    item = request_of(employee, cost="400")
    assert code_of(services.item_approve, manager, item) == "over_budget"
    services.item_approve(manager, item, confirm_over_budget=True)
    assert budget_of(plan).team(team_a.pk).left == Decimal("-100")


def test_decline_needs_a_reason_and_tells_the_requester(
    plan, employee, manager, django_capture_on_commit_callbacks
):
    item = request_of(employee)
    assert code_of(services.item_decline, manager, item, reason=" ") == "reason_required"
    with django_capture_on_commit_callbacks(execute=True):
        declined = services.item_decline(manager, item, reason="Past niet in dit jaar")
    assert declined.status == PlanItem.Status.CANCELLED
    assert declined.declined_by == manager and declined.decline_reason == "Past niet in dit jaar"
    assert [m.to for m in mail.outbox] == [[employee.employee.email or employee.email]]
    assert "Past niet in dit jaar" in mail.outbox[0].body
    assert code_of(services.item_approve, manager, item) == "not_waiting"


# The budget moving with the status ----------------------------------------------------------------


def test_budget_moves_with_status(plan, hr, employee, colleague):
    item = services.item_save(
        hr,
        plan,
        title="Traumatherapie",
        cost="300",
        participants=[employee.employee, colleague.employee],
        sessions=[at(date(2026, 9, 15), 9)],
    )
    assert budget_of(plan).left == Decimal("5000")
    services.item_set_status(hr, item, "approved")
    assert budget_of(plan).committed == Decimal("600")
    services.item_set_status(hr, item, "planned")
    assert budget_of(plan).committed == Decimal("600")
    done = services.item_set_status(hr, item, "done")
    assert done.completed_on == date(2026, 9, 15)  # the last session's day
    figures = budget_of(plan)
    assert (figures.committed, figures.spent, figures.left) == (0, Decimal("600"), Decimal("4400"))
    services.item_set_status(hr, item, "cancelled")
    item.refresh_from_db()
    assert item.completed_on is None
    assert budget_of(plan).left == Decimal("5000")


def test_done_is_never_in_the_future(plan, hr, employee):
    """Today is 1 October 2026 (the `now` fixture); the session is still ahead."""
    item = services.item_save(
        hr, plan, title="EMDR", cost="300", participants=[employee.employee],
        sessions=[at(date(2026, 11, 3), 9)],
    )  # fmt: skip
    future = date(2026, 11, 3)
    assert code_of(services.item_set_status, hr, item, "done", completed_on=future) == (
        "done_in_future"
    )
    assert services.item_set_status(hr, item, "done").completed_on == date(2026, 10, 1)


def test_a_cost_per_participant_needs_participants_before_it_is_committed(plan, hr, employee):
    item = services.item_save(hr, plan, title="EMDR", cost="300")
    for status in ("approved", "planned", "done"):
        assert code_of(services.item_set_status, hr, item, status) == "participants_required"
    in_total = services.item_save(hr, plan, title="Intervisie", cost="1200", cost_basis="total")
    assert services.item_set_status(hr, in_total, "approved").status == "approved"


def test_points_only_in_known_categories_and_dutch_names_are_understood(plan, hr):
    from development.models import Profession, RequirementCategory

    profession = Profession.objects.create(key="jzw", name="Jeugdzorgwerker", hours_required=1664)
    RequirementCategory.objects.create(
        profession=profession, key="training", name="Scholing, opleiding en training", required=60
    )
    item = services.item_save(hr, plan, title="EMDR", points={"scholing": 16})
    assert item.points == {"training": 16}
    assert code_of(services.item_save, hr, plan, title="X", points={"xyz": 5}) == "points_invalid"


def test_a_request_lies_in_the_year_asked_for_and_ahead(plan, employee):
    assert (
        code_of(request_of, employee, sessions=[at(date(2027, 2, 10), 9)]) == "session_outside_year"
    )
    assert code_of(request_of, employee, sessions=[at(date(2026, 9, 1), 9)]) == "session_in_past"
    assert request_of(employee, sessions=[at(date(2026, 11, 3), 9)]).sessions.count() == 1


def test_status_back_from_cancelled_checks_the_budget(now, hr):
    plan = services.plan_save(hr, year=2026, budget=Decimal("100"))
    item = services.item_save(hr, plan, title="Supervisie", cost="200", cost_basis="total")
    services.item_set_status(hr, item, "cancelled")
    assert code_of(services.item_set_status, hr, item, "approved") == "over_budget"
    services.item_set_status(hr, item, "approved", confirm_over_budget=True)
    assert budget_of(plan).committed == Decimal("200")


def test_done_with_a_given_day_and_bad_day(plan, hr):
    item = services.item_save(hr, plan, title="Intervisie")
    assert services.item_set_status(
        hr, item, "done", completed_on=date(2026, 6, 1)
    ).completed_on == date(2026, 6, 1)
    assert (
        code_of(services.item_set_status, hr, item, "done", completed_on=date(1800, 1, 1))
        == "date_out_of_range"
    )


def test_items_of_a_plan_in_constant_queries(
    plan, hr, employee, colleague, django_assert_num_queries
):
    def add(n):
        for i in range(n):
            services.item_save(
                hr,
                plan,
                title=f"Training {i}",
                participants=[employee.employee, colleague.employee],
                sessions=[at(date(2026, 11, 3 + i), 9)],
            )

    def read():
        for item in items_of(plan):
            [p.employee.full_name for p in item.participants.all()]
            list(item.sessions.all())

    add(2)
    with django_assert_num_queries(3):
        read()
    add(3)
    with django_assert_num_queries(3):
        read()
