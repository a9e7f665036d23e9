"""Reads of the annual training plan: an item's total cost, the budget figures of a plan
(budget, committed, spent, left; per team for the teams with a budget of their own), the items
of a plan with their participants and sessions (a constant number of queries), the wishes from
the interviews that are not in a plan yet, and the requests waiting for a user's approval.

Committed is what approved and planned items will cost, spent what done items cost; wishes and
cancelled items cost nothing. An item's total cost is `cost x participants` when the cost is
per participant, else `cost`."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Case, Count, Prefetch, Q, QuerySet, Value, When

from development.models import (
    Interview,
    PlanItem,
    PlanParticipant,
    PlanSession,
    RequirementCategory,
    TeamBudget,
    TrainingPlan,
    TrainingWish,
)
from development.points import short_name

COMMITTED = (PlanItem.Status.APPROVED, PlanItem.Status.PLANNED)
SPENT = (PlanItem.Status.DONE,)
COUNTED = COMMITTED + SPENT
ZERO = Decimal(0)


def total_cost(cost: Decimal, cost_basis: str, participants: int) -> Decimal:
    """The whole cost of an item."""
    if cost_basis == PlanItem.CostBasis.PER_PERSON:
        return Decimal(cost) * participants
    return Decimal(cost)


def item_total(item: PlanItem) -> Decimal:
    """The total cost of `item` (uses the `participant_count` annotation when present)."""
    count = getattr(item, "participant_count", None)
    if count is None:
        count = item.participants.count()
    return total_cost(item.cost, item.cost_basis, count)


def cost_per_participant(item: PlanItem, participants: int) -> Decimal:
    """What one participant costs: the cost itself, or the total shared among them."""
    if item.cost_basis == PlanItem.CostBasis.PER_PERSON or participants == 0:
        return Decimal(item.cost)
    return Decimal(item.cost) / participants


@dataclass
class Budget:
    budget: Decimal
    committed: Decimal = ZERO
    spent: Decimal = ZERO
    name: str = ""
    team_id: int | None = None

    @property
    def left(self) -> Decimal:
        return self.budget - self.committed - self.spent

    @property
    def used(self) -> Decimal:
        return self.committed + self.spent

    @property
    def over(self) -> bool:
        return self.left < 0

    def add(self, status: str, amount: Decimal) -> None:
        if status in COMMITTED:
            self.committed += amount
        elif status in SPENT:
            self.spent += amount


@dataclass
class PlanBudget(Budget):
    teams: list[Budget] = field(default_factory=list)

    def team(self, team_id: int | None) -> Budget | None:
        return next((t for t in self.teams if t.team_id == team_id), None)


def budget_of(plan: TrainingPlan, *, exclude: PlanItem | None = None) -> PlanBudget:
    """The plan's budget figures (two queries); `exclude` leaves one item out (to add what it
    would cost after a change)."""
    figures = PlanBudget(budget=Decimal(plan.budget))
    for team_budget in TeamBudget.objects.filter(plan=plan).select_related("team"):
        figures.teams.append(
            Budget(
                budget=Decimal(team_budget.amount),
                name=team_budget.team.name,
                team_id=team_budget.team_id,
            )
        )
    items = PlanItem.objects.filter(plan=plan, status__in=COUNTED).annotate(
        participant_count=Count("participants")
    )
    if exclude is not None and exclude.pk:
        items = items.exclude(pk=exclude.pk)
    for item in items.only("pk", "status", "cost", "cost_basis", "team_id"):
        amount = item_total(item)
        figures.add(item.status, amount)
        team = figures.team(item.team_id)
        if team is not None:
            team.add(item.status, amount)
    return figures


# the order of the plan page: what waits for a decision first, what is over last
STATUS_ORDER = [
    PlanItem.Status.WISH,
    PlanItem.Status.APPROVED,
    PlanItem.Status.PLANNED,
    PlanItem.Status.DONE,
    PlanItem.Status.CANCELLED,
]


def items_of(plan: TrainingPlan, *, status: str | None = None) -> QuerySet[PlanItem]:
    """The plan's items with their participants (and their employees), sessions, team, wish
    and requester, wishes first and cancelled last: four queries however many items there
    are."""
    items = (
        PlanItem.objects.filter(plan=plan)
        .select_related("team", "requested_by", "wish__agreement__interview__employee")
        .annotate(participant_count=Count("participants", distinct=True))
        .prefetch_related(
            Prefetch(
                "participants",
                queryset=PlanParticipant.objects.select_related("employee").order_by(
                    "employee__sort_name", "pk"
                ),
            ),
            Prefetch("sessions", queryset=PlanSession.objects.order_by("starts_at", "pk")),
        )
        .annotate(
            stage=Case(
                *(When(status=value, then=Value(k)) for k, value in enumerate(STATUS_ORDER)),
                default=Value(len(STATUS_ORDER)),
            )
        )
        .order_by("stage", "title", "pk")
    )
    if status:
        items = items.filter(status=status)
    return items


def plan_of_year(year: int) -> TrainingPlan | None:
    return TrainingPlan.objects.filter(year=year).first()


def plan_years() -> list[int]:
    return list(TrainingPlan.objects.order_by("-year").values_list("year", flat=True))


def open_wishes(year: int) -> QuerySet[TrainingWish]:
    """The training wishes agreed in held or signed interviews of `year`'s cycle that are in no
    plan yet."""
    return (
        TrainingWish.objects.filter(
            agreement__interview__cycle__year=year,
            agreement__interview__status__in=(Interview.Status.HELD, Interview.Status.SIGNED),
            plan_item__isnull=True,
        )
        .select_related("agreement__interview__employee")
        .order_by("agreement__interview__employee__sort_name", "position", "pk")
    )


def wish_rows(agreement) -> list[tuple[str, PlanItem | None]]:
    """Each training wish of an agreement with the plan item it became (or None)."""
    if agreement is None:
        return []
    wishes = TrainingWish.objects.filter(agreement=agreement).select_related("plan_item__plan")
    rows = []
    for wish in wishes.order_by("position", "pk"):
        try:
            item = wish.plan_item
        except PlanItem.DoesNotExist:
            item = None
        rows.append((wish.text, item))
    return rows


def waiting_for(items: QuerySet[PlanItem]) -> QuerySet[PlanItem]:
    """Of `items` (development.permissions.items_to_approve_for), those waiting for a
    decision, oldest first, with what the approvals page shows."""
    return (
        PlanItem.objects.filter(pk__in=items.values("pk"), status=PlanItem.Status.WISH)
        .select_related("team", "requested_by", "approved_by", "plan")
        .annotate(participant_count=Count("participants", distinct=True))
        .prefetch_related(
            Prefetch("participants", queryset=PlanParticipant.objects.select_related("employee")),
            Prefetch("sessions", queryset=PlanSession.objects.order_by("starts_at", "pk")),
        )
        .order_by("created_at", "pk")
    )


def requests_of(employee) -> QuerySet[PlanItem]:
    """The trainings `employee` asked for, newest first."""
    return (
        PlanItem.objects.filter(requested_by=employee)
        .select_related("plan")
        .prefetch_related(
            Prefetch("sessions", queryset=PlanSession.objects.order_by("starts_at", "pk"))
        )
        .order_by("-created_at", "-pk")
    )


def trainings_of(employee) -> QuerySet[PlanItem]:
    """The trainings `employee` takes part in (not cancelled), newest plan first."""
    return (
        PlanItem.objects.filter(participants__employee=employee)
        .exclude(status=PlanItem.Status.CANCELLED)
        .filter(~Q(requested_by=employee) | Q(requested_by__isnull=True))
        .select_related("plan")
        .order_by("-plan__year", "title", "pk")
        .distinct()
    )


def category_names() -> dict[str, str]:
    """The registration point categories by key, with the short name HR knows them by
    ("reflection" -> "Reflectie"), from the professions' tables; the first profession that
    names a key wins. One query."""
    names: dict[str, str] = {}
    rows = RequirementCategory.objects.order_by("profession__position", "position", "pk")
    for key, name in rows.values_list("key", "name"):
        names.setdefault(key, short_name(name))
    return names


def points_shown(points: dict | None, names: dict[str, str]) -> list[tuple[str, object]]:
    """An item's points as (category name, points), unknown keys as they are."""
    return [(names.get(key, key), value) for key, value in (points or {}).items()]
