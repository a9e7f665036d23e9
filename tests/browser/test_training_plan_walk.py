"""Playwright walks the annual training plan as P&O and the people asking for training use it:
HR makes this year's plan with a budget, puts two wishes from a signed development interview in
it with one click each, edits one (cost, a session; the participant stays), approves it and sees
the budget box move, approves the second over the budget after the confirmation step, and
downloads the Excel file (read back with openpyxl). Then an employee asks for a training, their
manager declines it with a reason on the approvals page, and the employee reads the reason.

The clock stands at 1 October 2026, 10:00 in Amsterdam (ticking)."""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal

import pytest
import time_machine
from django.core import mail
from django.utils import translation
from django.utils.translation import gettext, pgettext
from openpyxl import load_workbook
from playwright.sync_api import expect

from core.roles import Role
from development.models import (
    Agreement,
    Interview,
    PlanItem,
    TrainingPlan,
    TrainingWish,
)
from development.series import AMSTERDAM
from development.services import cycle_open
from tests.browser.walk_helpers import log_out, shoot
from tests.factories import TeamFactory, make_person

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NOW = datetime(2026, 10, 1, 10, 0, tzinfo=AMSTERDAM)
PLAN = "/development/plan/2026/"
APPROVALS = "/development/plan/approvals/"
REQUESTS = "/development/plan/requests/"


@pytest.fixture
def clock():
    with time_machine.travel(NOW, tick=True) as traveller:
        yield traveller


@pytest.fixture
def people(clock):
    """P&O, a manager of team Geldrop-Mierlo with one employee, and the open 2026 round."""
    team = TeamFactory(name="Geldrop-Mierlo")
    hr = make_person("hr", Role.HR, team=TeamFactory(name="Staf"))
    manager = make_person("manager", Role.MANAGER, team=team, manages=team)
    employee = make_person("employee", team=team)
    employee.employee.manager = manager.employee
    employee.employee.save()
    cycle_open(actor=hr, year=2026, deadline=date(2026, 12, 15))
    return {"hr": hr, "manager": manager, "employee": employee}


@pytest.fixture
def wishes(people):
    """The employee's 2026 interview, signed, with two training wishes."""
    interview = Interview.objects.get(employee=people["employee"].employee)
    interview.status = Interview.Status.SIGNED
    interview.save()
    agreement = Agreement.objects.create(interview=interview, goals="Schuldhulp")
    return [
        TrainingWish.objects.create(agreement=agreement, position=0, text=text)
        for text in ("Basiscursus schuldhulpverlening", "Cursus motiverende gespreksvoering")
    ]


def euro(page, testid: str) -> Decimal:
    """An amount of the budget box as a number: "€ 1.000,00" (Dutch) or "€ -250,00"."""
    text = page.locator(f"[data-testid={testid}]").inner_text()
    number = re.sub(r"[^\d,.\-−]", "", text).replace("−", "-").replace(".", "")
    return Decimal(number.replace(",", "."))


def budget(page) -> dict[str, Decimal]:
    return {key: euro(page, f"budget-{key}") for key in ("total", "committed", "spent", "left")}


def item_card(page, item: PlanItem):
    return page.locator(f"#item-{item.pk}")


def test_hr_builds_the_plan_from_the_wishes_approves_and_exports(
    page, live_server, login, people, wishes, tmp_path
):
    first_wish, second_wish = wishes
    employee = people["employee"].employee
    login("hr")

    # no plan for 2026 yet: make it with a budget of 1000 euro
    page.click("[data-nav=development_plan]")
    page.wait_for_url(f"{live_server.url}/development/plan/")
    expect(page.locator("[data-testid=no-plan]")).to_be_visible()
    expect(page.locator(f"[data-testid=from-wish-{first_wish.pk}]")).to_be_visible()
    shoot(page, "plan-empty")
    page.click("a[href='/development/plan/new/']")
    form = page.locator("[data-testid=plan-form]")
    expect(form.locator("input[name=year]")).to_have_value("2026")
    form.locator("input[name=budget]").fill("1000")
    shoot(page, "plan-new")
    form.locator("button[type=submit]").click()
    page.wait_for_url(f"{live_server.url}{PLAN}")
    expect(page.locator(".message--success")).to_be_visible()
    assert TrainingPlan.objects.get(year=2026).budget == Decimal(1000)
    assert budget(page) == {
        "total": Decimal(1000),
        "committed": Decimal(0),
        "spent": Decimal(0),
        "left": Decimal(1000),
    }
    expect(page.locator("[data-testid=no-items]")).to_be_visible()

    # the first wish into the plan with one click: a wish item, linked both ways
    wishes_box = page.locator("[data-testid=open-wishes]")
    expect(wishes_box.locator("li")).to_have_count(2)
    page.click(f"[data-testid=from-wish-{first_wish.pk}]")
    expect(page.locator(".message--success")).to_be_visible()
    item = PlanItem.objects.get(wish=first_wish)
    assert item.title == "Basiscursus schuldhulpverlening"
    assert item.status == PlanItem.Status.WISH
    assert list(item.participants.values_list("employee_id", flat=True)) == [employee.pk]
    card = item_card(page, item)
    expect(card.locator("[data-testid=item-status]")).to_be_visible()
    assert card.get_attribute("data-status") == "wish"
    interview_url = f"/development/interviews/{first_wish.agreement.interview_id}/"
    expect(card.locator("[data-testid=wish-link]")).to_have_attribute("href", interview_url)
    expect(page.locator(f"[data-testid=from-wish-{first_wish.pk}]")).to_have_count(0)
    expect(wishes_box.locator("li")).to_have_count(1)
    shoot(page, "plan-with-wish")

    # edit it: provider, cost, hours, points and a session; the participant stays
    card.locator(f"a[href='{PLAN}items/{item.pk}/']").click()
    page.wait_for_url(f"{live_server.url}{PLAN}items/{item.pk}/")
    form = page.locator("[data-testid=item-form]")
    checked = form.locator("input[name=participants]:checked")
    expect(checked).to_have_count(1)
    expect(checked).to_have_value(str(employee.pk))
    form.locator("input[name=provider]").fill("NIBUD Academie")
    form.locator("input[name=hours]").fill("16")
    form.locator("input[name=cost]").fill("450")
    form.locator("select[name=cost_basis]").select_option("per_person")
    form.locator("input[name=points]").fill("training: 16")
    form.locator("input[name='sessions-0-day']").fill("2026-11-12")
    form.locator("input[name='sessions-0-start']").fill("09:00")
    form.locator("input[name='sessions-0-end']").fill("17:00")
    form.locator("input[name='sessions-0-location']").fill("Eindhoven")
    shoot(page, "plan-item-edit")
    form.locator("button[type=submit]").click()
    page.wait_for_url(re.compile(rf".*{PLAN}#item-{item.pk}$"))
    expect(page.locator(".message--success")).to_be_visible()
    item.refresh_from_db()
    assert (item.provider, item.cost, item.hours) == ("NIBUD Academie", Decimal(450), 16)
    assert item.points == {"training": 16}
    assert list(item.participants.values_list("employee_id", flat=True)) == [employee.pk]
    session = item.sessions.get()
    assert session.starts_at == datetime(2026, 11, 12, 9, 0, tzinfo=AMSTERDAM)
    assert session.ends_at == datetime(2026, 11, 12, 17, 0, tzinfo=AMSTERDAM)
    assert session.location == "Eindhoven"
    expect(item_card(page, item)).to_contain_text("Eindhoven")
    # still a wish: it costs nothing yet
    assert budget(page)["committed"] == 0 and budget(page)["left"] == 1000

    # approve it on the approvals page: committed 450, left 550
    page.click(f"a[href='{APPROVALS}']")
    page.wait_for_url(f"{live_server.url}{APPROVALS}")
    expect(page.locator("[data-testid=request]")).to_have_count(1)
    shoot(page, "plan-approvals")
    page.click(f"[data-testid=approve-{item.pk}]")
    expect(page.locator(".message--success")).to_be_visible()
    expect(page.locator("[data-testid=no-requests]")).to_be_visible()
    item.refresh_from_db()
    assert item.status == PlanItem.Status.APPROVED
    assert item.approved_by == people["hr"]
    page.goto(f"{live_server.url}{PLAN}")
    assert budget(page) == {
        "total": Decimal(1000),
        "committed": Decimal(450),
        "spent": Decimal(0),
        "left": Decimal(550),
    }
    assert item_card(page, item).get_attribute("data-status") == "approved"

    # the second wish, at 800 euro in total: approving it goes over the budget
    page.click(f"[data-testid=from-wish-{second_wish.pk}]")
    expect(page.locator(".message--success")).to_be_visible()
    expect(page.locator("[data-testid=open-wishes] .empty-state")).to_be_visible()
    second = PlanItem.objects.get(wish=second_wish)
    page.goto(f"{live_server.url}{PLAN}items/{second.pk}/")
    form = page.locator("[data-testid=item-form]")
    form.locator("input[name=hours]").fill("8")
    form.locator("input[name=cost]").fill("800")
    form.locator("select[name=cost_basis]").select_option("total")
    form.locator("button[type=submit]").click()
    page.wait_for_url(re.compile(rf".*{PLAN}#item-{second.pk}$"))
    assert budget(page)["committed"] == 450

    page.goto(f"{live_server.url}{APPROVALS}")
    page.click(f"[data-testid=approve-{second.pk}]")
    confirm = page.locator("[data-testid=confirm-over-budget]")
    expect(confirm).to_be_visible()
    expect(confirm).to_contain_text("800,00")  # what it costs
    expect(confirm).to_contain_text("250,00 meer dan het budget")  # how far over
    second.refresh_from_db()
    assert second.status == PlanItem.Status.WISH, "not approved before the confirmation"
    shoot(page, "plan-approvals-over-budget")
    page.click("[data-testid=approve-anyway]")
    expect(page.locator(".message--success")).to_be_visible()
    second.refresh_from_db()
    assert second.status == PlanItem.Status.APPROVED
    page.goto(f"{live_server.url}{PLAN}")
    assert budget(page) == {
        "total": Decimal(1000),
        "committed": Decimal(1250),
        "spent": Decimal(0),
        "left": Decimal(-250),
    }
    expect(page.locator("[data-testid=budget-left] .badge--overdue")).to_be_visible()
    shoot(page, "plan-over-budget")

    # the Excel file: one row per item and participant, then the totals and the budget lines
    with page.expect_download() as download_info:
        page.click("[data-testid=export]")
    download = download_info.value
    assert download.suggested_filename == "opleidingsplan-2026.xlsx"
    path = tmp_path / "plan.xlsx"
    download.save_as(path)
    sheet = load_workbook(path).active
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    by_title = {row[1]: row for row in rows[1:] if row and row[1]}
    first_row = by_title["Basiscursus schuldhulpverlening"]
    assert first_row[0] == 2026
    assert first_row[2] == "NIBUD Academie"
    assert first_row[6] == employee.full_name
    assert first_row[8] == "2026-11-12 09:00-17:00"
    assert (first_row[9], first_row[10]) == (16, 450)
    assert (by_title["Cursus motiverende gespreksvoering"][9:11]) == [8, 800]
    with translation.override("nl"):
        total_label = gettext("Total (without cancelled)")
        labels = [gettext(word) for word in ("Budget", "Committed", "Spent")]
        labels.append(pgettext("budget", "Left"))
    totals = next(row for row in rows if row[0] == total_label)
    assert (totals[9], totals[10]) == (24, 1250)
    lines = {row[0]: row[1] for row in rows if row and row[0] in labels}
    assert [lines[label] for label in labels] == [1000, 1250, 0, -250]


def test_employee_asks_the_manager_declines_with_a_reason(page, live_server, login, people):
    employee, manager = people["employee"], people["manager"]

    # the employee asks for a training on "My trainings"
    login("employee")
    page.click("[data-nav=development_plan]")
    page.wait_for_url(f"{live_server.url}{REQUESTS}")
    expect(page.locator("[data-testid=my-requests] .empty-state")).to_be_visible()
    form = page.locator("[data-testid=request-form]")
    form.locator("input[name=title]").fill("Training geweldloze communicatie")
    form.locator("input[name=provider]").fill("De Baak")
    form.locator("textarea[name=reason]").fill("Helpt bij lastige gesprekken met cliënten.")
    form.locator("input[name=hours]").fill("12")
    form.locator("input[name=cost]").fill("395")
    form.locator("input[name=day]").fill("2026-11-20")
    form.locator("input[name=start]").fill("09:30")
    form.locator("input[name=end]").fill("16:00")
    shoot(page, "requests-form")
    sent = len(mail.outbox)
    form.locator("button[type=submit]").click()
    expect(page.locator(".message--success")).to_be_visible()
    item = PlanItem.objects.get(requested_by=employee.employee)
    assert item.status == PlanItem.Status.WISH and item.plan.year == 2026
    assert item.cost == Decimal(395) and item.sessions.count() == 1
    assert [m.to for m in mail.outbox[sent:]] == [[manager.employee.email]]
    row = page.locator("[data-testid=my-request]")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("Training geweldloze communicatie")
    log_out(page)

    # the manager finds it on the approvals page and declines it with a reason
    login("manager")
    page.click("[data-nav=development_plan]")
    page.click(f"a[href='{APPROVALS}']")
    page.wait_for_url(f"{live_server.url}{APPROVALS}")
    request = page.locator(f"#request-{item.pk}")
    expect(request).to_contain_text("Training geweldloze communicatie")
    expect(request).to_contain_text(employee.employee.full_name)
    # declining without a reason is refused beside the field
    request.locator(f"[data-testid=decline-{item.pk}]").click()
    expect(page.locator(f"#request-{item.pk} #id_reason_{item.pk}_error")).to_be_visible()
    expect(page.locator(f"#request-{item.pk} label[for=id_reason_{item.pk}]")).to_have_count(1)
    item.refresh_from_db()
    assert item.status == PlanItem.Status.WISH
    shoot(page, "approvals-decline-needs-reason")
    request = page.locator(f"#request-{item.pk}")
    request.locator("textarea[name=reason]").fill("Past dit jaar niet meer in het budget.")
    sent = len(mail.outbox)
    request.locator(f"[data-testid=decline-{item.pk}]").click()
    expect(page.locator(".message--success")).to_be_visible()
    expect(page.locator("[data-testid=no-requests]")).to_be_visible()
    item.refresh_from_db()
    assert item.status == PlanItem.Status.CANCELLED
    assert item.declined_by == manager
    assert item.decline_reason == "Past dit jaar niet meer in het budget."
    assert [m.to for m in mail.outbox[sent:]] == [[employee.employee.email]]
    shoot(page, "approvals-empty")
    log_out(page)

    # the employee reads the reason
    login("employee")
    page.goto(f"{live_server.url}{REQUESTS}")
    row = page.locator("[data-testid=my-request]")
    expect(row).to_contain_text("Past dit jaar niet meer in het budget.")
    expect(row.locator("[data-testid=item-status]")).to_have_class(re.compile("badge--muted"))
    shoot(page, "requests-declined")
