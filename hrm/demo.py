"""The demo organisation, modelled on GR PlusTeam (see shared/domain/organisation.md):
about 30 staff in the teams Geldrop-Mierlo, Waalre and Staf; part-time contracts; some history
(hour changes, team moves, fixed-term renewals, one person who left).

Contracts go through the real CSV importer, so loading twice changes nothing."""

from __future__ import annotations

from datetime import date

from django.db import transaction

from core.models import User
from core.roles import Role
from hrm.importers import COLUMNS, run_import
from hrm.models import Employee, RoleAssignment, Team

DEMO_PASSWORD = "plusteam-demo"

GM, WA, ST = "Geldrop-Mierlo", "Waalre", "Staf"
GEN = "Generalist"

TEAM_DESCRIPTIONS = {
    GM: "Generalisten voor huishoudens in Geldrop-Mierlo (ca. 75% van het werk)",
    WA: "Generalisten voor huishoudens in Waalre (ca. 25% van het werk)",
    ST: "Directie, P&O en managementondersteuning",
}

# personnel number, first name, last name, [(team, job, hours, start, end)], manager's number
PEOPLE: list[tuple[str, str, str, list[tuple], str | None]] = [
    ("1001", "Marieke", "de Vries", [(ST, "Directeur", 36, "2023-06-01", "")], None),
    ("1002", "Jeroen", "Bakker", [(ST, "Adjunct-directeur", 36, "2016-03-01", "")], "1001"),
    (
        "1003",
        "Sandra",
        "Willems",
        [(ST, "P&O-adviseur / verzuimspecialist", 24, "2020-09-01", "")],
        "1001",
    ),
    (
        "1004",
        "Fatima",
        "El Amrani",
        [(ST, "Managementondersteuning", 32, "2021-02-01", "")],
        "1001",
    ),
    ("1005", "Ruud", "Hendriks", [(GM, "Teamleider", 36, "2017-01-01", "")], "1002"),
    ("1006", "Petra", "van den Berg", [(WA, "Teamleider", 32, "2018-04-01", "")], "1002"),
    # Geldrop-Mierlo
    ("2001", "Lotte", "Jansen", [(GM, GEN, 32, "2019-09-01", "")], "1005"),
    ("2002", "Anouk", "Peters", [(GM, GEN, 28, "2018-01-01", "")], "1005"),
    (
        "2003",
        "Bas",
        "Smits",
        [(GM, GEN, 36, "2015-05-01", "2023-12-31"), (GM, GEN, 28, "2024-01-01", "")],
        "1005",
    ),
    ("2004", "Esther", "Maas", [(GM, GEN, 24, "2016-02-01", "")], "1005"),
    ("2005", "Mohamed", "Bouzian", [(GM, GEN, 36, "2020-01-01", "")], "1005"),
    (
        "2006",
        "Ingrid",
        "van Dijk",
        [(GM, GEN, 32, "2014-08-01", "2024-08-31"), (GM, GEN, 24, "2024-09-01", "")],
        "1005",
    ),
    ("2007", "Kim", "Verhoeven", [(GM, GEN, 28, "2021-03-01", "")], "1005"),
    ("2008", "Daan", "Coenen", [(GM, GEN, 36, "2022-01-01", "")], "1005"),
    ("2009", "Saskia", "Mulder", [(GM, GEN, 32, "2017-06-01", "")], "1005"),
    ("2010", "Tim", "Vos", [(GM, GEN, 36, "2019-01-01", "2025-08-31")], "1005"),
    ("2011", "Nicole", "Gerrits", [(GM, GEN, 28, "2020-10-01", "")], "1005"),
    ("2012", "Yvonne", "Aarts", [(GM, GEN, 24, "2015-01-01", "")], "1005"),
    (
        "2013",
        "Joris",
        "van Loon",
        [(WA, GEN, 32, "2019-04-01", "2024-04-30"), (GM, GEN, 32, "2024-05-01", "")],
        "1005",
    ),
    ("2014", "Hanneke", "Schouten", [(GM, GEN, 32, "2023-09-01", "")], "1005"),
    # three extra generalists on the two-year budget: fixed term, then renewed
    (
        "2015",
        "Sven",
        "Kuijpers",
        [(GM, GEN, 36, "2024-02-01", "2025-01-31"), (GM, GEN, 36, "2025-02-01", "")],
        "1005",
    ),
    (
        "2016",
        "Laura",
        "Hermans",
        [(GM, GEN, 32, "2024-02-01", "2025-01-31"), (GM, GEN, 32, "2025-02-01", "")],
        "1005",
    ),
    (
        "2017",
        "Rik",
        "Janssens",
        [(WA, GEN, 28, "2024-02-01", "2025-01-31"), (WA, GEN, 32, "2025-02-01", "")],
        "1006",
    ),
    # Waalre
    ("3001", "Marloes", "Bosch", [(WA, GEN, 28, "2018-09-01", "")], "1006"),
    ("3002", "Erik", "Wouters", [(WA, GEN, 36, "2016-01-01", "")], "1006"),
    ("3003", "Annemiek", "Claassen", [(WA, GEN, 24, "2021-05-01", "")], "1006"),
    (
        "3004",
        "Thomas",
        "de Wit",
        [(GM, GEN, 32, "2019-02-01", "2023-10-31"), (WA, GEN, 32, "2023-11-01", "")],
        "1006",
    ),
    (
        "3005",
        "Mirjam",
        "Hoeks",
        [(WA, GEN, 32, "2017-11-01", "2025-02-28"), (WA, GEN, 28, "2025-03-01", "")],
        "1006",
    ),
    ("3006", "Ahmet", "Yilmaz", [(WA, GEN, 36, "2022-06-01", "")], "1006"),
    ("3007", "Femke", "Lammers", [(WA, GEN, 28, "2020-02-01", "")], "1006"),
]

LEAVERS = {"2010": (date(2025, 8, 31), Employee.ExitReason.OWN_REQUEST)}

# username -> (personnel number or None, roles, managed team)
LOGINS: dict[str, tuple[str | None, list[Role], str | None]] = {
    "director": ("1001", [Role.DIRECTOR], None),
    "adjunct": ("1002", [Role.ADJUNCT_DIRECTOR, Role.MANAGER], None),
    "hr": ("1003", [Role.HR], None),
    "manager": ("1005", [Role.MANAGER], GM),
    "employee": ("2001", [], None),
    "colleague": ("2009", [], None),
    "pvt": ("2002", [Role.PVT], None),
    "admin": (None, [Role.ADMIN], None),
    "board": (None, [Role.BOARD], None),
    # not printed, but real: the other PVT members, the Waalre team leader, the second board member
    "m.bosch": ("3001", [Role.PVT], None),
    "d.coenen": ("2008", [Role.PVT], None),
    "p.vandenberg": ("1006", [Role.MANAGER], WA),
    "board2": (None, [Role.BOARD], None),
}
PRINTED_LOGINS = [
    "adjunct",
    "director",
    "hr",
    "manager",
    "employee",
    "colleague",
    "pvt",
    "board",
    "admin",
]
BOARD_NAMES = {
    "board": ("Hans", "Verbeek"),
    "board2": ("Carla", "Timmermans"),
    "admin": ("Beheer", "Dommelvallei"),
}


def demo_csv() -> str:
    lines = [",".join(COLUMNS)]
    for number, first, last, contracts, _manager in PEOPLE:
        email = f"{first.lower()}.{last.lower().replace(' ', '')}@plusteam.example"
        for team, job, hours, start, end in contracts:
            lines.append(
                ",".join([number, first, last, email, team, f'"{job}"', str(hours), start, end])
            )
    return "\n".join(lines) + "\n"


@transaction.atomic
def load() -> dict[str, int]:
    for name, description in TEAM_DESCRIPTIONS.items():
        Team.objects.update_or_create(name=name, defaults={"description": description})
    result = run_import(demo_csv())
    if not result.ok:
        raise RuntimeError("demo data invalid: " + "; ".join(map(str, result.problems)))

    employees = {
        e.personnel_number: e
        for e in Employee.objects.filter(personnel_number__in=[p[0] for p in PEOPLE])
    }
    for number, _first, _last, _contracts, manager_number in PEOPLE:
        employee = employees[number]
        manager = employees.get(manager_number) if manager_number else None
        exit_date, reason = LEAVERS.get(number, (None, ""))
        if (employee.manager_id, employee.exit_date, employee.exit_reason) != (
            getattr(manager, "pk", None),
            exit_date,
            reason,
        ):
            employee.manager, employee.exit_date, employee.exit_reason = manager, exit_date, reason
            employee.save()

    teams = {t.name: t for t in Team.objects.all()}
    for username, (login_number, roles, managed) in LOGINS.items():
        person = employees.get(login_number) if login_number else None
        first, last = (person.first_name, person.last_name) if person else BOARD_NAMES[username]
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User(
                username=username,
                first_name=first,
                last_name=last,
                email=person.email if person else f"{username}@plusteam.example",
            )
            user.set_password(DEMO_PASSWORD)
            if username == "admin":
                user.is_staff = user.is_superuser = True
            user.save()
        if person is not None and person.user_id != user.pk:
            person.user = user
            person.save()
        for role in roles:
            team = teams[managed] if role == Role.MANAGER and managed else None
            RoleAssignment.objects.get_or_create(user=user, role=role, team=team)
    return {"employees": len(employees), "logins": len(LOGINS)}


def load_part() -> str:
    """The people's part of the demo organisation (core.demo, first)."""
    return f"{load()['employees']} employees"
