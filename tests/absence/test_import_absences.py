"""`manage.py import_absences PATH`: sickness episodes from CSV.

Spec: header row; UTF-8 (BOM allowed); `,` or `;`. Columns personnel_number, first_sick_day,
recovered_on (empty = still sick), partial_recovery (empty or `YYYY-MM-DD=P;YYYY-MM-DD=P`,
0 <= P < 100), optionally safety_net, work_accident, third_party_liable (yes/no). Upsert on
personnel number + first sick day. Any bad row aborts the import, writes nothing, prints every
problem as `line N, field: message` and exits with status 1."""

from __future__ import annotations

import io
import re
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command

from absence import selectors
from absence.models import Episode, EpisodeChange, MaternityLeave, PartialRecovery
from tests.factories import ContractFactory, EmployeeFactory, TeamFactory

HEADER = "personnel_number,first_sick_day,recovered_on,partial_recovery"
FLAG_HEADER = HEADER + ",safety_net,work_accident,third_party_liable"
PROBLEM_LINE = re.compile(r"^line (\d+), (\w+): .+$")
AMS = ZoneInfo("Europe/Amsterdam")

# A valid row: if an aborted import wrote anything, this episode would appear.
VALID = "P1001,2024-01-08,2024-01-13,"


# Helpers ----------------------------------------------------------------------------------------


def csv_text(*rows: str, header: str = HEADER) -> str:
    return "\n".join([header, *rows]) + "\n"


def write(tmp_path, content: str | bytes, name: str = "absences.csv"):
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def run_import(path) -> tuple[int, str, str]:
    """(exit status, stdout, stderr) of `import_absences PATH`."""
    out, err = io.StringIO(), io.StringIO()
    status = 0
    try:
        call_command("import_absences", str(path), stdout=out, stderr=err)
    except SystemExit as exc:
        status = exc.code
    return status, out.getvalue(), err.getvalue()


def reported(stderr: str) -> list[tuple[int, str]]:
    """The (line, field) pairs of the `line N, field: message` lines on stderr."""
    found = []
    for text in stderr.splitlines():
        match = PROBLEM_LINE.match(text.strip())
        if match:
            found.append((int(match[1]), match[2]))
    return found


def snapshot() -> dict:
    """Everything the import can write, including updated_at: equal snapshots = no writes."""
    return {
        "counts": (
            Episode.objects.count(),
            PartialRecovery.objects.count(),
            EpisodeChange.objects.count(),
            MaternityLeave.objects.count(),
        ),
        "episodes": list(
            Episode.objects.order_by("pk").values_list(
                "pk",
                "employee_id",
                "first_sick_day",
                "recovered_on",
                "safety_net",
                "work_accident",
                "third_party_liable",
                "updated_at",
            )
        ),
        "partials": list(
            PartialRecovery.objects.order_by("pk").values_list(
                "pk", "episode_id", "start", "percentage"
            )
        ),
    }


def episodes_of(number: str) -> list[tuple]:
    return list(
        Episode.objects.filter(employee__personnel_number=number)
        .order_by("first_sick_day")
        .values_list("first_sick_day", "recovered_on")
    )


def partials_of(number: str, first_sick_day: date) -> list[tuple[date, Decimal]]:
    return list(
        PartialRecovery.objects.filter(
            episode__employee__personnel_number=number, episode__first_sick_day=first_sick_day
        )
        .order_by("start")
        .values_list("start", "percentage")
    )


@pytest.fixture
def people(db):
    """P1001 Anna (since 2022, open-ended), P1002 Bram (2023-01-01 to 2024-06-30),
    P1003 Carla (since 2022) with a maternity leave 2024-03-01 to 2024-06-20."""
    team = TeamFactory(name="Geldrop-Mierlo")
    anna = EmployeeFactory(personnel_number="P1001", first_name="Anna", last_name="Bakker")
    ContractFactory(employee=anna, team=team, start=date(2022, 1, 1))
    bram = EmployeeFactory(personnel_number="P1002", first_name="Bram", last_name="Smit")
    ContractFactory(employee=bram, team=team, start=date(2023, 1, 1), end=date(2024, 6, 30))
    carla = EmployeeFactory(personnel_number="P1003", first_name="Carla", last_name="de Vries")
    ContractFactory(employee=carla, team=team, start=date(2022, 1, 1))
    MaternityLeave.objects.create(employee=carla, start=date(2024, 3, 1), end=date(2024, 6, 20))
    return {"anna": anna, "bram": bram, "carla": carla}


# Successful imports -----------------------------------------------------------------------------


def test_import_creates_episodes_partials_and_history(tmp_path, people):
    path = write(
        tmp_path,
        csv_text(
            VALID,
            "P1001,2024-02-05,,2024-02-19=50;2024-03-04=75",
            "P1002,2024-01-10,2024-01-31,",
        ),
    )

    status, out, err = run_import(path)

    assert (status, err) == (0, "")
    assert out.strip()
    assert episodes_of("P1001") == [
        (date(2024, 1, 8), date(2024, 1, 13)),
        (date(2024, 2, 5), None),  # empty recovered_on: still sick
    ]
    assert episodes_of("P1002") == [(date(2024, 1, 10), date(2024, 1, 31))]
    assert partials_of("P1001", date(2024, 2, 5)) == [
        (date(2024, 2, 19), Decimal("50")),
        (date(2024, 3, 4), Decimal("75")),
    ]
    assert PartialRecovery.objects.count() == 2
    assert EpisodeChange.objects.filter(action=EpisodeChange.Action.IMPORTED).count() == 3
    # without flag columns, the flags are the defaults
    assert not Episode.objects.filter(safety_net=True).exists()


def test_utf8_bom_and_crlf(tmp_path, people):
    text = csv_text(VALID).replace("\n", "\r\n")
    path = write(tmp_path, b"\xef\xbb\xbf" + text.encode("utf-8"))

    status, _out, err = run_import(path)

    assert (status, err) == (0, "")
    assert episodes_of("P1001") == [(date(2024, 1, 8), date(2024, 1, 13))]


def test_semicolon_file_with_quoted_partial_recovery(tmp_path, people):
    path = write(
        tmp_path,
        csv_text(
            'P1001;2024-02-05;2024-04-01;"2024-02-19=50;2024-03-04=75,5"',
            "P1002;2024-01-10;2024-01-31;",
            header=HEADER.replace(",", ";"),
        ),
    )

    status, _out, err = run_import(path)

    assert (status, err) == (0, "")
    assert episodes_of("P1001") == [(date(2024, 2, 5), date(2024, 4, 1))]
    assert partials_of("P1001", date(2024, 2, 5)) == [
        (date(2024, 2, 19), Decimal("50")),
        (date(2024, 3, 4), Decimal("75.5")),
    ]
    assert episodes_of("P1002") == [(date(2024, 1, 10), date(2024, 1, 31))]


def test_semicolon_file_with_unquoted_partial_recovery_is_a_row_error(tmp_path, people):
    path = write(
        tmp_path,
        csv_text(
            "P1002;2024-01-10;2024-01-31;",
            "P1001;2024-02-05;2024-04-01;2024-02-19=50;2024-03-04=75",
            header=HEADER.replace(",", ";"),
        ),
    )
    before = snapshot()

    status, _out, err = run_import(path)

    assert status == 1
    assert reported(err) == [(3, "row")]
    assert snapshot() == before


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ("yes,no,yes", (True, False, True)),
        ("ja,nee,nee", (True, False, False)),
        ("Ja,Ja,Ja", (True, True, True)),
        ("no,yes,NEE", (False, True, False)),
        (",,", (False, False, False)),
    ],
)
def test_flags_yes_no_and_ja_nee(tmp_path, people, values, expected):
    path = write(tmp_path, csv_text(f"P1001,2024-01-08,2024-01-13,,{values}", header=FLAG_HEADER))

    status, _out, err = run_import(path)

    assert (status, err) == (0, "")
    episode = Episode.objects.get()
    assert (episode.safety_net, episode.work_accident, episode.third_party_liable) == expected


def test_flag_columns_may_be_given_separately(tmp_path, people):
    path = write(
        tmp_path, csv_text("P1001,2024-01-08,2024-01-13,,ja", header=HEADER + ",work_accident")
    )

    status, _out, err = run_import(path)

    assert (status, err) == (0, "")
    episode = Episode.objects.get()
    assert (episode.safety_net, episode.work_accident, episode.third_party_liable) == (
        False,
        True,
        False,
    )


def test_second_run_changes_nothing(tmp_path, people):
    path = write(
        tmp_path,
        csv_text(
            "P1001,2024-01-08,2024-01-13,,yes,no,no",
            "P1001,2024-02-05,,2024-02-19=50;2024-03-04=75,no,no,ja",
            "P1002,2024-01-10,2024-01-31,2024-01-20=20,no,no,no",
            header=FLAG_HEADER,
        ),
    )
    assert run_import(path)[0] == 0
    after_first = snapshot()

    status, out, err = run_import(path)

    assert (status, err) == (0, "")
    assert snapshot() == after_first  # no new episodes, partials or history; nothing re-saved
    assert out.strip()


def test_upsert_updates_recovered_on_and_replaces_partials(tmp_path, people):
    episode = Episode.objects.create(employee=people["anna"], first_sick_day=date(2024, 2, 5))
    PartialRecovery.objects.create(episode=episode, start=date(2024, 2, 12), percentage=30)
    path = write(tmp_path, csv_text("P1001,2024-02-05,2024-04-01,2024-02-19=50;2024-03-04=75"))

    status, _out, err = run_import(path)

    assert (status, err) == (0, "")
    assert Episode.objects.count() == 1
    episode.refresh_from_db()
    assert episode.recovered_on == date(2024, 4, 1)
    assert partials_of("P1001", date(2024, 2, 5)) == [
        (date(2024, 2, 19), Decimal("50")),
        (date(2024, 3, 4), Decimal("75")),
    ]
    assert episode.changes.filter(action=EpisodeChange.Action.IMPORTED).count() == 1


def test_upsert_with_an_empty_partial_recovery_removes_the_partials(tmp_path, people):
    episode = Episode.objects.create(employee=people["anna"], first_sick_day=date(2024, 2, 5))
    PartialRecovery.objects.create(episode=episode, start=date(2024, 2, 12), percentage=30)
    path = write(tmp_path, csv_text("P1001,2024-02-05,2024-03-01,"))

    status, _out, err = run_import(path)

    assert (status, err) == (0, "")
    episode.refresh_from_db()
    assert episode.recovered_on == date(2024, 3, 1)
    assert not PartialRecovery.objects.exists()


def test_upsert_can_reopen_an_episode(tmp_path, people):
    Episode.objects.create(
        employee=people["anna"], first_sick_day=date(2024, 2, 5), recovered_on=date(2024, 2, 9)
    )
    path = write(tmp_path, csv_text("P1001,2024-02-05,,"))

    status, _out, err = run_import(path)

    assert (status, err) == (0, "")
    assert episodes_of("P1001") == [(date(2024, 2, 5), None)]


def test_upsert_without_flag_columns_keeps_the_recorded_flags(tmp_path, people):
    Episode.objects.create(
        employee=people["anna"],
        first_sick_day=date(2024, 2, 5),
        safety_net=True,
        third_party_liable=True,
    )
    path = write(tmp_path, csv_text("P1001,2024-02-05,2024-02-20,"))

    status, _out, err = run_import(path)

    assert (status, err) == (0, "")
    episode = Episode.objects.get()
    assert episode.recovered_on == date(2024, 2, 20)
    assert (episode.safety_net, episode.work_accident, episode.third_party_liable) == (
        True,
        False,
        True,
    )


def test_upsert_with_flag_columns_overwrites_the_flags(tmp_path, people):
    Episode.objects.create(
        employee=people["anna"], first_sick_day=date(2024, 2, 5), safety_net=True
    )
    path = write(tmp_path, csv_text("P1001,2024-02-05,,,nee,ja,nee", header=FLAG_HEADER))

    status, _out, err = run_import(path)

    assert (status, err) == (0, "")
    episode = Episode.objects.get()
    assert (episode.safety_net, episode.work_accident, episode.third_party_liable) == (
        False,
        True,
        False,
    )


def test_episode_may_end_on_the_day_a_leave_starts(tmp_path, people):
    path = write(tmp_path, csv_text("P1003,2024-02-01,2024-03-01,", "P1003,2024-06-21,,"))

    status, _out, err = run_import(path)

    assert (status, err) == (0, "")
    assert episodes_of("P1003") == [
        (date(2024, 2, 1), date(2024, 3, 1)),
        (date(2024, 6, 21), None),
    ]


def test_an_episode_may_follow_a_recorded_one_directly(tmp_path, people):
    Episode.objects.create(
        employee=people["anna"], first_sick_day=date(2024, 1, 8), recovered_on=date(2024, 1, 13)
    )
    path = write(tmp_path, csv_text("P1001,2024-01-13,,"))  # recovered_on is not a sick day

    status, _out, err = run_import(path)

    assert (status, err) == (0, "")
    assert Episode.objects.count() == 2


def test_moving_the_end_of_a_recorded_episode_makes_room_for_a_new_one(tmp_path, people):
    Episode.objects.create(employee=people["anna"], first_sick_day=date(2024, 1, 8))
    path = write(tmp_path, csv_text("P1001,2024-01-08,2024-01-13,", "P1001,2024-02-01,,"))

    status, _out, err = run_import(path)

    assert (status, err) == (0, "")
    assert episodes_of("P1001") == [
        (date(2024, 1, 8), date(2024, 1, 13)),
        (date(2024, 2, 1), None),
    ]


# Errors: the whole import aborts ----------------------------------------------------------------


@pytest.fixture
def recorded(people):
    """Something already in the database that an aborted import must leave alone."""
    episode = Episode.objects.create(
        employee=people["bram"], first_sick_day=date(2024, 2, 1), recovered_on=date(2024, 2, 10)
    )
    PartialRecovery.objects.create(episode=episode, start=date(2024, 2, 5), percentage=50)
    EpisodeChange.objects.create(episode=episode, action=EpisodeChange.Action.REPORTED)
    return episode


ERROR_CASES = {
    "unknown employee": ("P9999,2024-01-08,,", [(3, "personnel_number")]),
    "empty personnel number": (",2024-01-08,,", [(3, "personnel_number")]),
    "impossible first sick day": ("P1001,2024-02-30,,", [(3, "first_sick_day")]),
    "dutch date format": ("P1001,08-02-2024,,", [(3, "first_sick_day")]),
    "empty first sick day": ("P1001,,,", [(3, "first_sick_day")]),
    "bad recovered_on": ("P1001,2024-02-01,2024-13-01,", [(3, "recovered_on")]),
    "first sick day before employment": ("P1002,2022-12-31,2023-01-05,", [(3, "first_sick_day")]),
    "first sick day after employment": ("P1002,2024-07-01,,", [(3, "first_sick_day")]),
    "recovered on the first sick day": ("P1001,2024-02-01,2024-02-01,", [(3, "recovered_on")]),
    "recovered before the first sick day": (
        "P1001,2024-02-01,2024-01-20,",
        [(3, "recovered_on")],
    ),
    "partial before the episode": (
        "P1001,2024-02-01,2024-02-20,2024-01-31=50",
        [(3, "partial_recovery")],
    ),
    "partial on the recovery day": (
        "P1001,2024-02-01,2024-02-20,2024-02-10=50;2024-02-20=80",
        [(3, "partial_recovery")],
    ),
    "partial of 100 percent": ("P1001,2024-02-01,,2024-02-10=100", [(3, "partial_recovery")]),
    "partial negative": ("P1001,2024-02-01,,2024-02-10=-5", [(3, "partial_recovery")]),
    "partial without percentage": ("P1001,2024-02-01,,2024-02-10", [(3, "partial_recovery")]),
    "partial with a bad date": ("P1001,2024-02-01,,2024-02-30=50", [(3, "partial_recovery")]),
    "partial date twice": (
        "P1001,2024-02-01,,2024-02-10=50;2024-02-10=60",
        [(3, "partial_recovery")],
    ),
    "overlaps a recorded episode": ("P1002,2024-02-08,2024-02-15,", [(3, "first_sick_day")]),
    "open episode before a recorded one": ("P1002,2024-01-20,,", [(3, "first_sick_day")]),
    "starts inside a maternity leave": ("P1003,2024-04-01,2024-04-10,", [(3, "first_sick_day")]),
    "runs into a maternity leave": ("P1003,2024-02-01,2024-03-02,", [(3, "first_sick_day")]),
    "open episode before a maternity leave": ("P1003,2024-02-01,,", [(3, "first_sick_day")]),
    "starts on the last day of a leave": ("P1003,2024-06-20,,", [(3, "first_sick_day")]),
}


@pytest.mark.parametrize(("row", "expected"), ERROR_CASES.values(), ids=ERROR_CASES.keys())
def test_bad_row_aborts_the_import(tmp_path, recorded, row, expected):
    path = write(tmp_path, csv_text(VALID, row, "P1003,2024-01-08,2024-01-10,"))
    before = snapshot()

    status, _out, err = run_import(path)

    assert status == 1
    assert reported(err) == expected
    assert snapshot() == before


def test_flag_that_is_not_yes_or_no(tmp_path, recorded):
    path = write(
        tmp_path,
        csv_text(
            "P1001,2024-01-08,2024-01-13,,ja,nee,nee",
            "P1003,2024-01-08,2024-01-13,,nee,misschien,nee",
            header=FLAG_HEADER,
        ),
    )
    before = snapshot()

    status, _out, err = run_import(path)

    assert status == 1
    assert reported(err) == [(3, "work_accident")]
    assert snapshot() == before


def test_overlapping_episodes_of_one_person_in_the_file(tmp_path, recorded):
    path = write(
        tmp_path,
        csv_text(
            VALID,
            "P1001,2024-02-01,2024-02-20,",
            "P1003,2024-01-08,2024-01-10,",
            "P1001,2024-02-15,2024-02-25,",
        ),
    )
    before = snapshot()

    status, _out, err = run_import(path)

    assert status == 1
    assert reported(err) == [(5, "first_sick_day")]
    assert snapshot() == before


def test_open_episode_followed_by_a_later_one_in_the_file(tmp_path, recorded):
    path = write(tmp_path, csv_text("P1001,2024-03-01,2024-03-05,", "P1001,2024-02-01,,"))
    before = snapshot()

    status, _out, err = run_import(path)

    assert status == 1
    assert reported(err) in ([(2, "first_sick_day")], [(3, "first_sick_day")])
    assert snapshot() == before


def test_same_person_and_first_sick_day_twice_in_the_file(tmp_path, recorded):
    path = write(tmp_path, csv_text(VALID, "P1001,2024-01-08,2024-01-20,"))
    before = snapshot()

    status, _out, err = run_import(path)

    assert status == 1
    assert (3, "first_sick_day") in reported(err)
    assert snapshot() == before


def test_every_problem_is_printed_in_line_order(tmp_path, recorded):
    path = write(
        tmp_path,
        csv_text(
            "P9999,2024-01-08,,",
            VALID,
            "P1001,2024-02-30,,",
            "P1002,2024-07-01,,",
            "P1001,2024-03-01,2024-02-01,",
            "P1003,2024-04-01,,",
            "P1001,2024-04-01,2024-04-10,2024-05-01=50",
        ),
    )
    before = snapshot()

    status, _out, err = run_import(path)

    assert status == 1
    assert reported(err) == [
        (2, "personnel_number"),
        (4, "first_sick_day"),
        (5, "first_sick_day"),
        (6, "recovered_on"),
        (7, "first_sick_day"),
        (8, "partial_recovery"),
    ]
    assert snapshot() == before


def test_an_update_that_would_overlap_is_refused(tmp_path, recorded, people):
    """Lengthening an existing episode into the next recorded one aborts the import."""
    Episode.objects.create(
        employee=people["bram"], first_sick_day=date(2024, 3, 1), recovered_on=date(2024, 3, 5)
    )
    path = write(tmp_path, csv_text(VALID, "P1002,2024-02-01,2024-03-02,2024-02-05=50"))
    before = snapshot()

    status, _out, err = run_import(path)

    assert status == 1
    assert reported(err) == [(3, "first_sick_day")]
    assert snapshot() == before


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("personnel_number,first_sick_day,recovered_on", "partial_recovery"),
        ("personnel_number,first_sick_day,recovered_on,partial_recovery,diagnosis", "diagnosis"),
    ],
)
def test_header_problems(tmp_path, recorded, header, field):
    values = "P1001,2024-01-08,2024-01-13" + ("," * (header.count(",") - 2))
    path = write(tmp_path, csv_text(values, header=header))
    before = snapshot()

    status, _out, err = run_import(path)

    assert status == 1
    assert reported(err) == [(1, field)]
    assert snapshot() == before


def test_unreadable_file_is_a_command_error(tmp_path, db):
    from django.core.management import CommandError

    with pytest.raises(CommandError):
        call_command("import_absences", str(tmp_path / "missing.csv"))


def test_a_first_sick_day_in_the_future_is_refused(tmp_path, people):
    """The rule of reporting sick: today at the latest, or tomorrow for an evening report."""
    with time_machine.travel(datetime(2024, 3, 4, 10, 0, tzinfo=AMS), tick=False):
        tomorrow = write(tmp_path, csv_text("P1001,2024-03-05,,"), name="tomorrow.csv")
        later = write(tmp_path, csv_text(VALID, "P1002,2024-03-06,,"), name="later.csv")

        status, _out, err = run_import(later)
        assert (status, reported(err)) == (1, [(3, "first_sick_day")])
        assert snapshot()["counts"] == (0, 0, 0, 1)
        assert run_import(tomorrow)[0] == 0


# ArboNed: imported history was handled outside the product ---------------------------------------


def overdue_on(today: date) -> list[tuple[str, date]]:
    return sorted(
        selectors.arbo_overdue(today).values_list("employee__personnel_number", "first_sick_day")
    )


def test_imported_history_is_recorded_as_handled_outside_and_never_flagged(tmp_path, people):
    rows = [
        VALID,  # ended before the import
        "P1001,2023-03-06,2023-09-04,2023-06-05=50",  # a long one, also ended
        "P1002,2024-02-05,,",  # still sick at the import, sick day 7 long past
        "P1001,2024-02-26,2024-03-11,",  # still sick at the import, recovery announced
    ]
    with time_machine.travel(datetime(2024, 3, 4, 10, 0, tzinfo=AMS), tick=False):
        assert run_import(write(tmp_path, csv_text(*rows)))[0] == 0

        closed = Episode.objects.filter(recovered_on__lte=date(2024, 3, 4))
        assert sorted(closed.values_list("arbo_channel", "arbo_notified_at")) == [
            (Episode.ArboChannel.IMPORT, datetime(2023, 3, 6, tzinfo=AMS)),
            (Episode.ArboChannel.IMPORT, datetime(2024, 1, 8, tzinfo=AMS)),
        ]
        still_open = Episode.objects.exclude(pk__in=closed)
        assert set(still_open.values_list("arbo_channel", "arbo_notified_at")) == {("", None)}
        assert overdue_on(date(2024, 3, 4)) == [
            ("P1001", date(2024, 2, 26)),
            ("P1002", date(2024, 2, 5)),
        ]
    # years later the history is still not overdue; only what was open at the import is
    assert overdue_on(date(2026, 1, 1)) == [
        ("P1001", date(2024, 2, 26)),
        ("P1002", date(2024, 2, 5)),
    ]


def test_an_open_episode_is_flagged_from_its_own_sick_day_7(tmp_path, people):
    with time_machine.travel(datetime(2024, 3, 4, 10, 0, tzinfo=AMS), tick=False):
        assert run_import(write(tmp_path, csv_text("P1001,2024-03-01,,")))[0] == 0

    assert overdue_on(date(2024, 3, 7)) == []  # sick day 7
    assert overdue_on(date(2024, 3, 8)) == [("P1001", date(2024, 3, 1))]


def test_reimporting_a_reported_episode_leaves_its_arbo_status_alone(tmp_path, people):
    anna = people["anna"]
    with time_machine.travel(datetime(2024, 3, 4, 10, 0, tzinfo=AMS), tick=False):
        Episode.objects.create(employee=anna, first_sick_day=date(2024, 2, 5))
        assert run_import(write(tmp_path, csv_text("P1001,2024-02-05,2024-02-20,")))[0] == 0

    episode = Episode.objects.get(employee=anna)
    assert (episode.recovered_on, episode.arbo_channel, episode.arbo_notified_at) == (
        date(2024, 2, 20),
        "",
        None,
    )


def test_the_case_file_of_imported_history_has_its_arbo_step_done(tmp_path, people):
    from reintegration import selectors
    from reintegration.models import ReintegrationCase

    with time_machine.travel(datetime(2024, 3, 4, 10, 0, tzinfo=AMS), tick=False):
        assert run_import(write(tmp_path, csv_text("P1001,2023-03-06,2023-09-04,")))[0] == 0
        case = ReintegrationCase.objects.get(employee=people["anna"])
        schedule = selectors.view_of(case, date(2024, 3, 4)).schedule

    step = next(m for m in schedule.milestones if m.key == "arbodienst_notification")
    assert (step.done_on, step.status) == (date(2023, 3, 6), "done")


def test_the_migration_marks_history_imported_before_this_rule(people):
    """Installations that imported before: the same episodes are marked by the migration."""
    import importlib

    from django.apps import apps

    migration = importlib.import_module(
        "absence.migrations.0006_date_range_text_limits_imported_arbo"
    )
    anna, bram = people["anna"], people["bram"]

    def imported(employee, first, recovered, at):
        with time_machine.travel(at, tick=False):
            episode = Episode.objects.create(
                employee=employee, first_sick_day=first, recovered_on=recovered
            )
            EpisodeChange.objects.create(episode=episode, action=EpisodeChange.Action.IMPORTED)
        return episode

    history = imported(anna, date(2023, 5, 1), date(2023, 5, 20), datetime(2024, 3, 4, tzinfo=AMS))
    was_open = imported(
        anna, date(2024, 1, 8), date(2024, 1, 20), datetime(2024, 1, 10, tzinfo=AMS)
    )
    still_open = imported(bram, date(2024, 2, 5), None, datetime(2024, 3, 4, tzinfo=AMS))
    reported = Episode.objects.create(
        employee=bram, first_sick_day=date(2023, 5, 1), recovered_on=date(2023, 5, 20)
    )
    EpisodeChange.objects.create(episode=reported, action=EpisodeChange.Action.REPORTED)

    migration.mark_imported_history(apps, None)

    marked = Episode.objects.filter(arbo_channel=Episode.ArboChannel.IMPORT)
    assert list(marked.values_list("pk", "arbo_notified_at")) == [
        (history.pk, datetime(2023, 5, 1, tzinfo=AMS))
    ]
    assert {was_open.pk, still_open.pk, reported.pk}.isdisjoint(marked.values_list("pk", flat=True))
