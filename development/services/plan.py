"""Every write to the annual training plan: the plan and its budgets (`plan_save`,
`team_budget_set`), its items (`item_save`, `item_from_wish`, `item_delete`), an employee's
request (`training_request`) and the decisions on it (`item_approve`, `item_decline`), and HR
moving an item through its statuses (`item_set_status`).

Budget: an item costs nothing while it is a wish or cancelled; approving or planning it commits
its total cost, doing it spends it. A step that would take committed + spent over the plan's
budget (or its team's, when the team has one) raises `over_budget` with the figures, unless the
caller confirms. The plan's row is locked first (`select_for_update`), so two approvals of one
plan check the budget one after the other.

Approval: a manager decides on the requests of their own people, HR and the director on any.
Above the organisation's threshold (`OrganisationSettings.training_director_threshold`) the
director approves as well: another approver's "yes" is recorded and the item waits for the
director; the director's completes it."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from core.dates import check_date
from core.errors import ApplicationError, from_validation_error
from core.permissions import can, employee_of, require
from development import training_mail
from development.models import (
    MAX_AMOUNT,
    PlanItem,
    PlanParticipant,
    PlanSession,
    TeamBudget,
    TrainingPlan,
    TrainingWish,
)
from development.permissions import items_to_approve_for
from development.plan import COUNTED, budget_of, category_names, total_cost
from development.points import clean_points as clean_points_of
from hrm.selectors import organisation_settings

MAX_HOURS = Decimal("2000")
S = PlanItem.Status


def _number(value, *, high: Decimal, places: str, message: str, code: str, field: str):
    """A Decimal from 0 to `high` (empty: 0), rounded to `places`; else `code` beside `field`."""
    try:
        number = Decimal(str(value if value not in (None, "") else 0))
    except (InvalidOperation, ValueError, TypeError):
        number = Decimal(-1)
    if not number.is_finite() or number < 0 or number > high:
        raise ApplicationError(message, code=code, field=field)
    return number.quantize(Decimal(places))


def _money(value, field: str, code: str) -> Decimal:
    message = _("Give an amount between 0 and %(max)s euro.") % {"max": number_format(MAX_AMOUNT)}
    return _number(value, high=MAX_AMOUNT, places="0.01", message=message, code=code, field=field)


def _hours(value) -> Decimal:
    message = _("Give the hours per participant, between 0 and 2000.")
    return _number(
        value, high=MAX_HOURS, places="0.1", message=message, code="hours_invalid", field="hours"
    )


def _title_and_basis(title, cost_basis) -> str:
    """The item's title, stripped; refused when empty, as is an unknown cost basis."""
    title = (title or "").strip()
    if not title:
        raise ApplicationError(
            _("Give the training a title."), code="title_required", field="title"
        )
    if cost_basis not in PlanItem.CostBasis.values:
        raise ApplicationError(
            _("Choose per participant or in total."), code="invalid", field="cost_basis"
        )
    return title


def clean_points(points) -> dict:
    """The points a training earns: {category key: points from 0 to 1000}, in the categories
    the professions know."""
    return _known_categories(clean_points_of(points, code="points_invalid", field="points"))


def _known_categories(points: dict) -> dict:
    """Points only in categories the professions know (by key, or by the category's Dutch
    name: "Scholing: 16" is training): points in a category no registration has would
    silently never count."""
    if not points:
        return points
    names = category_names()
    if not names:
        return points
    # by key or by name, in any case
    lookup = {name.lower(): key for key, name in names.items()} | {k.lower(): k for k in names}
    known: dict = {}
    for key, value in points.items():
        key = lookup.get(key.lower(), key)
        if key not in names:
            raise ApplicationError(
                _("'%(key)s' is not a registration category. Use one of: %(known)s.")
                % {
                    "key": key,
                    "known": ", ".join(f"{k} ({name})" for k, name in names.items()),
                },
                code="points_invalid",
                field="points",
            )
        known[key] = known.get(key, 0) + value
    return known


def _aware(moment) -> datetime:
    if not isinstance(moment, datetime):
        raise ApplicationError(
            _("A session has a start and an end time."), code="session_invalid", field="sessions"
        )
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment


def clean_sessions(sessions: Iterable) -> list[tuple[datetime, datetime, str]]:
    """(starts_at, ends_at[, location]) rows: aware times in the sane date range, each ending
    after it starts."""
    cleaned = []
    for row in sessions or ():
        row = tuple(row)
        if len(row) not in (2, 3):
            raise ApplicationError(
                _("A session has a start and an end time."),
                code="session_invalid",
                field="sessions",
            )
        starts_at, ends_at = _aware(row[0]), _aware(row[1])
        location = str(row[2] or "").strip() if len(row) == 3 else ""
        check_date(timezone.localtime(starts_at).date(), "sessions")
        check_date(timezone.localtime(ends_at).date(), "sessions")
        if ends_at <= starts_at:
            raise ApplicationError(
                _("A session ends after it starts."),
                code="session_ends_before_start",
                field="sessions",
            )
        if len(location) > 200:
            raise ApplicationError(
                _("A location has at most 200 characters."),
                code="session_invalid",
                field="sessions",
            )
        cleaned.append((starts_at, ends_at, location))
    return sorted(cleaned, key=lambda r: (r[0], r[1]))


def _euro(amount: Decimal) -> str:
    return "€ " + number_format(amount, 2, force_grouping=True)


def check_budget(item: PlanItem, amount: Decimal, *, confirmed: bool) -> None:
    """Raise `over_budget` when `amount` (what the item would cost as a committed or spent
    item) takes the plan, or the item's team, over its budget; nothing when confirmed."""
    if confirmed or amount <= 0:
        return
    figures = budget_of(item.plan, exclude=item)
    if figures.budget == 0:
        raise ApplicationError(
            _(
                "There is no budget for %(year)s yet: HR sets it on the plan before "
                "“%(title)s” (%(cost)s) can be committed."
            )
            % {"year": item.plan.year, "title": item.title, "cost": _euro(amount)},
            code="over_budget",
        )
    if figures.used + amount > figures.budget:
        raise ApplicationError(
            _(
                "The plan's budget is %(budget)s, %(used)s is committed or spent and "
                "“%(title)s” costs %(cost)s: %(over)s more than the budget."
            )
            % {
                "title": item.title,
                "budget": _euro(figures.budget),
                "used": _euro(figures.used),
                "cost": _euro(amount),
                "over": _euro(figures.used + amount - figures.budget),
            },
            code="over_budget",
        )
    team = figures.team(item.team_id)
    if team is not None and team.used + amount > team.budget:
        raise ApplicationError(
            _(
                "The budget of team %(team)s is %(budget)s, %(used)s is committed or spent and "
                "“%(title)s” costs %(cost)s: %(over)s more than the budget."
            )
            % {
                "team": team.name,
                "title": item.title,
                "budget": _euro(team.budget),
                "used": _euro(team.used),
                "cost": _euro(amount),
                "over": _euro(team.used + amount - team.budget),
            },
            code="over_budget",
        )


def _lock_plan(plan: TrainingPlan) -> TrainingPlan:
    return TrainingPlan.objects.select_for_update().get(pk=plan.pk)


def _lock_item(item: PlanItem) -> PlanItem:
    """The item's plan, then the item itself: always in this order."""
    _lock_plan(item.plan)
    return PlanItem.objects.select_for_update().select_related("plan").get(pk=item.pk)


def _total(item: PlanItem) -> Decimal:
    return total_cost(item.cost, item.cost_basis, item.participants.count())


def _year(year) -> int:
    try:
        year = int(year)
    except (TypeError, ValueError):
        year = 0
    if not 2000 <= year <= 2100:
        raise ApplicationError(
            _("Choose a year between 2000 and 2100."), code="year_out_of_range", field="year"
        )
    return year


def _plan_for_year(year: int) -> TrainingPlan:
    """The plan of `year`, made with budget 0 when there is none (a parallel creation wins)."""
    plan = TrainingPlan.objects.filter(year=year).first()
    if plan is not None:
        return plan
    try:
        with transaction.atomic():
            return TrainingPlan.objects.create(year=year, budget=Decimal(0))
    except IntegrityError:
        return TrainingPlan.objects.get(year=year)


def _team_of(employee):
    contract = employee.current_or_last_contract(timezone.localdate())
    return contract.team if contract is not None else None


# The plan and its budgets -----------------------------------------------------------------------


@transaction.atomic
def plan_save(actor, *, year, budget, note: str = "", plan: TrainingPlan | None = None):
    """Create the plan of `year`, or change `plan` (its year, budget and note)."""
    require(actor, "development.plan_manage")
    year = _year(year)
    budget = _money(budget, "budget", "budget_invalid")
    note = (note or "").strip()
    if len(note) > 2000:
        raise ApplicationError(
            _("A note has at most 2000 characters."), code="invalid", field="note"
        )
    others = TrainingPlan.objects.filter(year=year)
    if plan is not None:
        others = others.exclude(pk=plan.pk)
    if others.exists():
        raise ApplicationError(
            _("There is already a training plan for %(year)s.") % {"year": year},
            code="plan_exists",
            field="year",
        )
    if plan is None:
        plan = TrainingPlan(year=year)
    else:
        plan = _lock_plan(plan)
        plan.year = year
    plan.budget, plan.note = budget, note
    try:
        with transaction.atomic():
            plan.save()
    except IntegrityError as exc:  # a parallel request made this year's plan first
        raise ApplicationError(
            _("There is already a training plan for %(year)s.") % {"year": year},
            code="plan_exists",
            field="year",
        ) from exc
    return plan


@transaction.atomic
def team_budget_set(actor, plan: TrainingPlan, team, amount) -> TeamBudget | None:
    """Give `team` a budget of its own in `plan`; None removes it."""
    require(actor, "development.plan_manage")
    plan = _lock_plan(plan)
    if amount is None or amount == "":
        TeamBudget.objects.filter(plan=plan, team=team).delete()
        return None
    amount = _money(amount, "amount", "budget_invalid")
    team_budget, _created = TeamBudget.objects.update_or_create(
        plan=plan, team=team, defaults={"amount": amount}
    )
    return team_budget


# Items ------------------------------------------------------------------------------------------


def _set_participants(item: PlanItem, participants) -> None:
    wanted = {p.pk: p for p in participants}
    PlanParticipant.objects.filter(item=item).exclude(employee_id__in=wanted).delete()
    have = set(PlanParticipant.objects.filter(item=item).values_list("employee_id", flat=True))
    PlanParticipant.objects.bulk_create(
        PlanParticipant(item=item, employee=person)
        for pk, person in sorted(wanted.items())
        if pk not in have
    )


def _set_sessions(item: PlanItem, sessions: list[tuple[datetime, datetime, str]]) -> None:
    """Rows are kept in place (the first session stays the first row), so each keeps its
    calendar UID when its time moves; surplus rows go, new ones are added."""
    existing = list(PlanSession.objects.filter(item=item).order_by("starts_at", "pk"))
    for row, (starts_at, ends_at, location) in zip(existing, sessions, strict=False):
        if (row.starts_at, row.ends_at, row.location) != (starts_at, ends_at, location):
            row.starts_at, row.ends_at, row.location = starts_at, ends_at, location
            row.save()
    for row in existing[len(sessions) :]:
        row.delete()
    PlanSession.objects.bulk_create(
        PlanSession(item=item, starts_at=s, ends_at=e, location=loc)
        for s, e, loc in sessions[len(existing) :]
    )


def _full_clean(item: PlanItem) -> None:
    try:
        item.full_clean(exclude=["plan", "team", "wish", "requested_by"])
    except ValidationError as exc:
        raise from_validation_error(exc) from exc


@transaction.atomic
def item_save(
    actor,
    plan: TrainingPlan,
    *,
    item: PlanItem | None = None,
    title: str,
    provider: str = "",
    description: str = "",
    organisation_wide: bool = False,
    team=None,
    hours=0,
    cost=0,
    cost_basis: str = "per_person",
    points=None,
    participants=(),
    sessions=(),
    status: str | None = None,
    confirm_over_budget: bool = False,
) -> PlanItem:
    """Create an item of `plan` or change `item` (HR). `participants` are employees, `sessions`
    (starts_at, ends_at, location) rows; both replace what the item had. A change that makes a
    committed or spent item cost more checks the budget."""
    require(actor, "development.plan_manage")
    title = _title_and_basis(title, cost_basis)
    if status is not None and status not in S.values:
        raise ApplicationError(_("Choose a status."), code="invalid", field="status")
    cost_value = _money(cost, "cost", "cost_invalid")
    hours_value = _hours(hours)
    points_value = clean_points(points)
    session_rows = clean_sessions(sessions)
    people = list(participants or ())
    plan = _lock_plan(plan)
    if item is None:
        item = PlanItem(plan=plan, created_by=actor, status=str(status or S.WISH))
        before_status: str = S.WISH
        before_total = Decimal(0)
    else:
        item = PlanItem.objects.select_for_update().get(pk=item.pk, plan=plan)
        before_status, before_total = item.status, _total(item)
    item.title, item.provider = title, (provider or "").strip()
    item.description = (description or "").strip()
    item.organisation_wide = bool(organisation_wide)
    item.team = team
    item.hours, item.cost, item.cost_basis = hours_value, cost_value, cost_basis
    item.points = points_value
    new_status = status or item.status
    if new_status in COUNTED:
        _check_participants(item, len({p.pk for p in people}))
    if new_status == S.DONE and item.completed_on is None:
        item.completed_on = _done_on([end for _s, end, *_rest in session_rows])
    if new_status != S.DONE:
        item.completed_on = None
    item.status = new_status
    _full_clean(item)
    item.save()
    _set_participants(item, people)
    _set_sessions(item, session_rows)
    after_total = total_cost(cost_value, cost_basis, len({p.pk for p in people}))
    if new_status in COUNTED and (before_status not in COUNTED or after_total > before_total):
        if before_status not in COUNTED or needs_director(item, after_total):
            _check_approval(actor, item, after_total)
            item.save(
                update_fields=[
                    "approved_by",
                    "approved_at",
                    "director_approved_by",
                    "director_approved_at",
                ]
            )
        check_budget(item, after_total, confirmed=confirm_over_budget)
    return item


@transaction.atomic
def item_delete(actor, item: PlanItem) -> None:
    """Remove an item that is still a wish (HR); its wish can be put in the plan again."""
    require(actor, "development.plan_manage")
    item = _lock_item(item)
    if item.status != S.WISH:
        raise ApplicationError(
            _("Only a wish can be deleted; cancel the training instead."), code="not_deletable"
        )
    item.delete()


@transaction.atomic
def item_from_wish(actor, wish: TrainingWish, plan: TrainingPlan | None = None) -> PlanItem:
    """Put an interview's training wish in the plan of the interview's year: a wish item with
    the wish as title, the employee as participant and their team."""
    require(actor, "development.plan_manage")
    wish = TrainingWish.objects.select_related(
        "agreement__interview__employee", "agreement__interview__cycle"
    ).get(pk=wish.pk)
    already = ApplicationError(
        _("This wish is in the training plan already."), code="wish_already_planned"
    )
    if PlanItem.objects.filter(wish=wish).exists():
        raise already
    interview = wish.agreement.interview
    if plan is None:
        plan = _plan_for_year(interview.cycle.year)
    employee = interview.employee
    item = PlanItem(
        plan=plan,
        title=wish.text[:200],
        wish=wish,
        team=_team_of(employee),
        status=S.WISH,
        created_by=actor,
    )
    try:
        with transaction.atomic():
            item.save()
    except IntegrityError as exc:  # a parallel click won: the one-to-one decides
        raise already from exc
    PlanParticipant.objects.create(item=item, employee=employee)
    return item


@transaction.atomic
def training_request(
    actor,
    *,
    title: str,
    provider: str = "",
    reason: str = "",
    hours=0,
    cost=0,
    cost_basis: str = "per_person",
    sessions=(),
    year=None,
) -> PlanItem:
    """An employee asks for a training for themselves: a wish in the plan of `year` (this year
    by default, or next year), which their manager approves or declines."""
    require(actor, "development.training_request")
    me = employee_of(actor)
    if me is None:
        raise PermissionDenied
    today = timezone.localdate()
    year = today.year if year in (None, "") else _year(year)
    if year not in (today.year, today.year + 1):
        raise ApplicationError(
            _("Ask for a training this year or next year."),
            code="year_out_of_range",
            field="year",
        )
    title = _title_and_basis(title, cost_basis)
    item = PlanItem(
        plan=_plan_for_year(year),
        title=title,
        provider=(provider or "").strip(),
        request_reason=(reason or "").strip(),
        hours=_hours(hours),
        cost=_money(cost, "cost", "cost_invalid"),
        cost_basis=cost_basis,
        team=_team_of(me),
        requested_by=me,
        status=S.WISH,
        created_by=actor,
    )
    session_rows = clean_sessions(sessions)
    if any(timezone.localtime(start).year != year for start, *_rest in session_rows):
        raise ApplicationError(
            _("The date lies outside %(year)s, the year you ask for.") % {"year": year},
            code="session_outside_year",
            field="sessions",
        )
    if any(timezone.localtime(start).date() < today for start, *_rest in session_rows):
        raise ApplicationError(
            _("Ask for a training that is still to come."),
            code="session_in_past",
            field="sessions",
        )
    _full_clean(item)
    item.save()
    PlanParticipant.objects.create(item=item, employee=me)
    _set_sessions(item, session_rows)
    training_mail.request_made_on_commit(item, me)
    return item


# Decisions --------------------------------------------------------------------------------------


def _may_decide(actor, item: PlanItem) -> None:
    require(actor, "development.training_approve")
    if not items_to_approve_for(actor).filter(pk=item.pk).exists():
        raise PermissionDenied


def _not_waiting() -> ApplicationError:
    return ApplicationError(_("This training is not waiting for a decision."), code="not_waiting")


def needs_director(
    item: PlanItem, total: Decimal | None = None, *, threshold: Decimal | None = None
) -> bool:
    """Whether the item's total cost is above the threshold (read from the organisation
    settings unless given: a page of many items reads it once)."""
    total = _total(item) if total is None else total
    if threshold is None:
        threshold = organisation_settings().training_director_threshold
    return total > threshold


def _check_done_on(completed_on: date | None) -> None:
    """A training is done on a day that has come: its points count from that day."""
    if completed_on is not None and completed_on > timezone.localdate():
        raise ApplicationError(
            _("A training is done once it has taken place: give a date up to today."),
            code="done_in_future",
            field="completed_on",
        )


def _done_on(sessions_ends: list[datetime]) -> date:
    """By default a training is done on the day of its last session, or today when that is
    still ahead."""
    today = timezone.localdate()
    if sessions_ends:
        return min(timezone.localtime(max(sessions_ends)).date(), today)
    return today


def _check_participants(item: PlanItem, count: int) -> None:
    """A cost per participant without participants would commit nothing: choose them first.
    (A total cost may be approved before the participants are known.)"""
    if count == 0 and item.cost_basis == PlanItem.CostBasis.PER_PERSON and item.cost > 0:
        raise ApplicationError(
            _(
                "The cost is per participant: choose who takes part before the training is "
                "approved, planned or done."
            ),
            code="participants_required",
            field="participants",
        )


def _check_approval(actor, item: PlanItem, total: Decimal) -> None:
    """An item that becomes committed (approved, planned or done) from a wish or a cancelled
    item: above the threshold the director must have approved it (the director doing this
    approves it on the way); the approver is recorded."""
    now = timezone.now()
    if needs_director(item, total) and item.director_approved_by_id is None:
        if not can(actor, "development.training_approve_above"):
            raise ApplicationError(
                _(
                    "This training costs %(cost)s, more than %(threshold)s: the director "
                    "approves it first (on the approvals page)."
                )
                % {
                    "cost": _euro(total),
                    "threshold": _euro(organisation_settings().training_director_threshold),
                },
                code="needs_director",
                field="status",
            )
        item.director_approved_by, item.director_approved_at = actor, now
    if item.approved_by_id is None:
        item.approved_by, item.approved_at = actor, now


@transaction.atomic
def item_approve(actor, item: PlanItem, *, confirm_over_budget: bool = False) -> PlanItem:
    """Approve a waiting item. Above the threshold only the director's approval makes it
    "approved"; anyone else's is recorded and the item waits for the director."""
    _may_decide(actor, item)
    item = _lock_item(item)
    if item.status != S.WISH:
        raise _not_waiting()
    total = _total(item)
    check_budget(item, total, confirmed=confirm_over_budget)
    now = timezone.now()
    is_director = can(actor, "development.training_approve_above")
    if needs_director(item, total) and not is_director:
        if item.approved_by_id is not None:
            raise ApplicationError(
                _("Approved already; it waits for the director."), code="waiting_for_director"
            )
        item.approved_by, item.approved_at = actor, now
        item.save(update_fields=["approved_by", "approved_at", "updated_at"])
        return item
    if is_director:
        item.director_approved_by, item.director_approved_at = actor, now
    if item.approved_by_id is None:
        item.approved_by, item.approved_at = actor, now
    item.status = S.APPROVED
    item.declined_by, item.decline_reason = None, ""
    item.save()
    return item


@transaction.atomic
def item_decline(actor, item: PlanItem, *, reason: str) -> PlanItem:
    """Decline a waiting item with a reason; the requester is told by e-mail."""
    _may_decide(actor, item)
    reason = (reason or "").strip()
    if not reason:
        raise ApplicationError(
            _("Say why the training is declined."), code="reason_required", field="reason"
        )
    if len(reason) > 500:
        raise ApplicationError(
            _("A reason has at most 500 characters."), code="invalid", field="reason"
        )
    item = _lock_item(item)
    if item.status != S.WISH:
        raise _not_waiting()
    item.status = S.CANCELLED
    item.declined_by, item.decline_reason = actor, reason
    item.save()
    training_mail.declined_on_commit(item)
    return item


@transaction.atomic
def item_set_status(
    actor,
    item: PlanItem,
    status: str,
    *,
    completed_on: date | None = None,
    confirm_over_budget: bool = False,
) -> PlanItem:
    """HR moves an item to another status. Done needs the day it was completed (by default
    the day of its last session, else today); approving or planning a wish or a cancelled item
    checks the budget as an approval does."""
    require(actor, "development.plan_manage")
    if status not in S.values:
        raise ApplicationError(_("Choose a status."), code="invalid", field="status")
    check_date(completed_on, "completed_on")
    item = _lock_item(item)
    if status in COUNTED and item.status not in COUNTED:
        _check_approval(actor, item, _total(item))
        check_budget(item, _total(item), confirmed=confirm_over_budget)
    if status in COUNTED:
        _check_participants(item, item.participants.count())
    if status == S.DONE:
        if completed_on is None:
            completed_on = _done_on(list(item.sessions.values_list("ends_at", flat=True)))
        _check_done_on(completed_on)
        item.completed_on = completed_on
    else:
        item.completed_on = None
    item.status = status
    item.save()
    return item
