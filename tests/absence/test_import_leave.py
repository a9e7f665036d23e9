"""`manage.py import_maternity_leave PATH`: pregnancy and maternity leave (WAZO) from CSV.

Spec: columns personnel_number, start, end (end inclusive); the same rules as the episode import
(header row, UTF-8 with BOM allowed, `,` or `;`, upsert on personnel number + start, atomic,
`line N, field: message` on stderr, exit status 1). No episode may overlap a leave: an episode
running into a leave ends on the day the leave starts (and the command says so); an episode
starting inside a leave is refused."""

from __future__ import annotations

import io
import re
from datetime import date
from decimal import Decimal

import pytest
from django.core.management import call_command

from absence.models import Episode, EpisodeChange, MaternityLeave, PartialRecovery
from tests.factories import ContractFactory, EmployeeFactory, TeamFactory

HEADER = "personnel_number,start,end"
PROBLEM_LINE = re.compile(r"^line (\d+), (\w+): .+$")

# A valid row: if an aborted import wrote anything, this leave would appear.
VALID = "P2001,2024-03-01,2024-06-20"


def csv_text(*rows: str, header: str = HEADER) -> str:
    return "\n".join([header, *rows]) + "\n"


def write(tmp_path, content: str | bytes, name: str = "leave.csv"):
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def run_import(path, command: str = "import_maternity_leave") -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = 0
    try:
        call_command(command, str(path), stdout=out, stderr=err)
    except SystemExit as exc:
        status = exc.code
    return status, out.getvalue(), err.getvalue()


def reported(stderr: str) -> list[tuple[int, str]]:
    found = []
    for text in stderr.splitlines():
        match = PROBLEM_LINE.match(text.strip())
        if match:
            found.append((int(match[1]), match[2]))
    return found


def snapshot() -> dict:
    return {
        "counts": (
            MaternityLeave.objects.count(),
            Episode.objects.count(),
            PartialRecovery.objects.count(),
            EpisodeChange.objects.count(),
        ),
        "leave": list(
            MaternityLeave.objects.order_by("pk").values_list("pk", "employee_id", "start", "end")
        ),
        "episodes": list(
            Episode.objects.order_by("pk").values_list(
                "pk", "first_sick_day", "recovered_on", "updated_at"
            )
        ),
    }


def leave_of(number: str) -> list[tuple[date, date]]:
    return list(
        MaternityLeave.objects.filter(employee__personnel_number=number)
        .order_by("start")
        .values_list("start", "end")
    )


@pytest.fixture
def people(db):
    """P2001 Anna and P2003 Carla (since 2022, open-ended), P2002 Dewi (2023-01-01 to
    2024-06-30)."""
    team = TeamFactory(name="Waalre")
    anna = EmployeeFactory(personnel_number="P2001", first_name="Anna", last_name="Bakker")
    ContractFactory(employee=anna, team=team, start=date(2022, 1, 1))
    dewi = EmployeeFactory(personnel_number="P2002", first_name="Dewi", last_name="Jansen")
    ContractFactory(employee=dewi, team=team, start=date(2023, 1, 1), end=date(2024, 6, 30))
    carla = EmployeeFactory(personnel_number="P2003", first_name="Carla", last_name="de Vries")
    ContractFactory(employee=carla, team=team, start=date(2022, 1, 1))
    return {"anna": anna, "dewi": dewi, "carla": carla}


# Successful imports -----------------------------------------------------------------------------


def test_import_creates_leave(tmp_path, people):
    path = write(
        tmp_path, csv_text(VALID, "P2002,2023-05-01,2023-08-20", "P2002,2024-04-01,2024-04-01")
    )

    status, out, err = run_import(path)

    assert (status, err) == (0, "")
    assert out.strip()
    assert leave_of("P2001") == [(date(2024, 3, 1), date(2024, 6, 20))]
    assert leave_of("P2002") == [
        (date(2023, 5, 1), date(2023, 8, 20)),
        (date(2024, 4, 1), date(2024, 4, 1)),  # one day: end is inclusive
    ]


def test_bom_and_semicolons(tmp_path, people):
    text = csv_text("P2001;2024-03-01;2024-06-20", header="personnel_number;start;end")
    path = write(tmp_path, b"\xef\xbb\xbf" + text.encode("utf-8"))

    status, _out, err = run_import(path)

    assert (status, err) == (0, "")
    assert leave_of("P2001") == [(date(2024, 3, 1), date(2024, 6, 20))]


def test_second_run_changes_nothing(tmp_path, people):
    Episode.objects.create(employee=people["anna"], first_sick_day=date(2024, 2, 1))
    path = write(tmp_path, csv_text(VALID, "P2003,2024-01-01,2024-04-20"))
    assert run_import(path)[0] == 0
    after_first = snapshot()

    status, _out, err = run_import(path)

    assert (status, err) == (0, "")
    assert snapshot() == after_first


def test_upsert_changes_the_end(tmp_path, people):
    MaternityLeave.objects.create(
        employee=people["anna"], start=date(2024, 3, 1), end=date(2024, 6, 1)
    )
    path = write(tmp_path, csv_text(VALID))

    status, _out, err = run_import(path)

    assert (status, err) == (0, "")
    assert leave_of("P2001") == [(date(2024, 3, 1), date(2024, 6, 20))]


def test_leave_running_into_an_open_episode_ends_it_at_the_leave_start(tmp_path, people):
    episode = Episode.objects.create(employee=people["anna"], first_sick_day=date(2024, 2, 1))
    PartialRecovery.objects.create(episode=episode, start=date(2024, 2, 15), percentage=50)
    path = write(tmp_path, csv_text(VALID))

    status, out, err = run_import(path)

    assert (status, err) == (0, "")
    episode.refresh_from_db()
    assert episode.recovered_on == date(2024, 3, 1)
    assert list(episode.partial_recoveries.values_list("start", "percentage")) == [
        (date(2024, 2, 15), Decimal("50"))
    ]
    assert episode.changes.filter(action=EpisodeChange.Action.ENDED_BY_LEAVE).count() == 1
    note = [line for line in out.splitlines() if "2024-03-01" in line]
    assert note, out  # the command says the episode now ends when the leave starts
    assert "2024-02-01" in note[0]


def test_leave_ends_a_closed_episode_that_runs_into_it(tmp_path, people):
    episode = Episode.objects.create(
        employee=people["anna"], first_sick_day=date(2024, 2, 1), recovered_on=date(2024, 3, 15)
    )
    path = write(tmp_path, csv_text(VALID))

    status, out, err = run_import(path)

    assert (status, err) == (0, "")
    episode.refresh_from_db()
    assert episode.recovered_on == date(2024, 3, 1)
    assert "2024-03-01" in out


def test_episodes_before_and_after_the_leave_are_left_alone(tmp_path, people):
    before = Episode.objects.create(
        employee=people["anna"], first_sick_day=date(2024, 2, 1), recovered_on=date(2024, 3, 1)
    )
    after = Episode.objects.create(employee=people["anna"], first_sick_day=date(2024, 6, 21))
    path = write(tmp_path, csv_text(VALID))

    status, _out, err = run_import(path)

    assert (status, err) == (0, "")
    before.refresh_from_db()
    after.refresh_from_db()
    assert (before.recovered_on, after.recovered_on) == (date(2024, 3, 1), None)
    assert not EpisodeChange.objects.exists()


def test_two_leaves_end_a_running_episode_at_the_first_of_them(tmp_path, people):
    episode = Episode.objects.create(employee=people["anna"], first_sick_day=date(2023, 2, 1))
    path = write(tmp_path, csv_text("P2001,2024-03-01,2024-06-20", "P2001,2023-03-01,2023-06-20"))

    status, _out, err = run_import(path)

    assert (status, err) == (0, "")
    episode.refresh_from_db()
    assert episode.recovered_on == date(2023, 3, 1)


def test_the_episode_import_then_refuses_sickness_during_the_leave(tmp_path, people):
    assert run_import(write(tmp_path, csv_text(VALID)))[0] == 0
    path = write(
        tmp_path,
        "personnel_number,first_sick_day,recovered_on,partial_recovery\nP2001,2024-04-01,,\n",
        name="absences.csv",
    )

    status, _out, err = run_import(path, "import_absences")

    assert status == 1
    assert reported(err) == [(2, "first_sick_day")]
    assert not Episode.objects.exists()


# Errors: the whole import aborts ----------------------------------------------------------------


@pytest.fixture
def recorded(people):
    """Already in the database: Dewi's leave 2023-05-01 to 2023-08-20, Carla sick since
    2024-04-10 (open) with an earlier closed episode."""
    MaternityLeave.objects.create(
        employee=people["dewi"], start=date(2023, 5, 1), end=date(2023, 8, 20)
    )
    Episode.objects.create(
        employee=people["carla"], first_sick_day=date(2024, 1, 8), recovered_on=date(2024, 1, 20)
    )
    open_episode = Episode.objects.create(
        employee=people["carla"], first_sick_day=date(2024, 4, 10)
    )
    PartialRecovery.objects.create(episode=open_episode, start=date(2024, 5, 1), percentage=50)
    return people


ERROR_CASES = {
    "unknown employee": ("P9999,2024-03-01,2024-06-20", [(3, "personnel_number")]),
    "impossible start": ("P2002,2024-02-30,2024-06-20", [(3, "start")]),
    "dutch date": ("P2002,01-03-2024,2024-06-20", [(3, "start")]),
    "empty end": ("P2002,2024-03-01,", [(3, "end")]),
    "bad end": ("P2002,2024-03-01,2024-06-31", [(3, "end")]),
    "end before start": ("P2002,2024-03-01,2024-02-28", [(3, "end")]),
    "start before employment": ("P2002,2022-12-01,2023-02-01", [(3, "start")]),
    "start after employment": ("P2002,2024-07-01,2024-10-20", [(3, "start")]),
    "overlaps a recorded leave": ("P2002,2023-08-20,2023-09-01", [(3, "start")]),
    "surrounds a recorded leave": ("P2002,2023-04-01,2023-09-01", [(3, "start")]),
    "an episode starts inside it": ("P2003,2024-01-01,2024-01-08", [(3, "start")]),
    "an open episode starts inside it": ("P2003,2024-04-01,2024-07-20", [(3, "start")]),
    "a running episode's partial recovery lies in it": (
        "P2003,2024-04-20,2024-08-10",
        [(3, "start")],
    ),
}


@pytest.mark.parametrize(("row", "expected"), ERROR_CASES.values(), ids=ERROR_CASES.keys())
def test_bad_row_aborts_the_import(tmp_path, recorded, row, expected):
    path = write(tmp_path, csv_text(VALID, row, "P2002,2024-01-01,2024-01-31"))
    before = snapshot()

    status, _out, err = run_import(path)

    assert status == 1
    assert reported(err) == expected
    assert snapshot() == before


def test_overlapping_leaves_of_one_person_in_the_file(tmp_path, recorded):
    path = write(
        tmp_path, csv_text(VALID, "P2002,2024-01-01,2024-01-31", "P2001,2024-06-20,2024-07-01")
    )
    before = snapshot()

    status, _out, err = run_import(path)

    assert status == 1
    assert reported(err) == [(4, "start")]
    assert snapshot() == before


def test_same_person_and_start_twice(tmp_path, recorded):
    path = write(tmp_path, csv_text(VALID, "P2001,2024-03-01,2024-05-01"))
    before = snapshot()

    status, _out, err = run_import(path)

    assert status == 1
    assert (3, "start") in reported(err)
    assert snapshot() == before


def test_a_valid_leave_that_would_end_an_episode_is_not_written_when_another_row_fails(
    tmp_path, recorded
):
    """Atomic: the running episode is not ended either."""
    episode = Episode.objects.create(employee=recorded["anna"], first_sick_day=date(2024, 2, 1))
    path = write(tmp_path, csv_text(VALID, "P9999,2024-03-01,2024-06-20"))
    before = snapshot()

    status, _out, err = run_import(path)

    assert status == 1
    assert reported(err) == [(3, "personnel_number")]
    assert snapshot() == before
    episode.refresh_from_db()
    assert episode.recovered_on is None


def test_every_problem_is_printed(tmp_path, recorded):
    path = write(
        tmp_path,
        csv_text(
            "P9999,2024-03-01,2024-06-20",
            VALID,
            "P2002,2024-03-01,2024-02-28",
            "P2003,2024-04-01,2024-07-20",
            "P2002,2023-08-01,2023-09-01",
        ),
    )
    before = snapshot()

    status, _out, err = run_import(path)

    assert status == 1
    assert reported(err) == [(2, "personnel_number"), (4, "end"), (5, "start"), (6, "start")]
    assert snapshot() == before


def test_missing_column(tmp_path, people):
    path = write(tmp_path, csv_text("P2001,2024-03-01", header="personnel_number,start"))

    status, _out, err = run_import(path)

    assert status == 1
    assert reported(err) == [(1, "end")]
    assert not MaternityLeave.objects.exists()
