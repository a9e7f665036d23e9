"""The reintegration models moved from the absence app to their own app without touching a
table or a row: a database at the migration state from before the move, with rows in every
moved table, migrates forward, and every row is found through the reintegration models, with
its links; the tables' columns and constraints are exactly what they were."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from reintegration.models import (
    CaseActivity,
    CaseDocument,
    CaseRecord,
    ReintegrationCase,
    ReminderSent,
)

# The latest migrations of the apps before reintegration had its own.
BEFORE_THE_MOVE = [
    ("core", "0002_auditevent"),
    ("hrm", "0007_date_range_and_text_limits"),
    ("absence", "0006_date_range_text_limits_imported_arbo"),
]
TABLES = [
    "absence_reintegrationcase",
    "absence_caserecord",
    "absence_caseactivity",
    "absence_casedocument",
    "absence_remindersent",
]


def _migrate(targets) -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor


def _latest() -> list[tuple[str, str]]:
    executor = MigrationExecutor(connection)
    return executor.loader.graph.leaf_nodes()


def _schema() -> dict:
    """Columns (name, type, null) and constraints of the moved tables, as the database has them."""
    with connection.cursor() as cursor:
        return {
            table: (
                sorted(
                    (c.name, c.type_code, c.null_ok)
                    for c in connection.introspection.get_table_description(cursor, table)
                ),
                sorted(
                    (name, tuple(c["columns"]), c["primary_key"], c["unique"], c["foreign_key"])
                    for name, c in connection.introspection.get_constraints(cursor, table).items()
                ),
            )
            for table in TABLES
        }


@pytest.fixture
def before_the_move():
    """The database at the state before the move; migrated to the latest state afterwards,
    whatever the test did."""
    _migrate([*BEFORE_THE_MOVE, ("reintegration", None)])
    yield MigrationExecutor(connection).loader.project_state(BEFORE_THE_MOVE).apps
    _migrate(_latest())


@pytest.mark.django_db(transaction=True)
def test_every_row_of_the_moved_tables_is_found_through_the_reintegration_models(
    before_the_move,
):
    old = before_the_move
    User = old.get_model("core", "User")
    Employee = old.get_model("hrm", "Employee")
    owner = User.objects.create(username="eigenaar", email="eigenaar@example.org")
    employee = Employee.objects.create(personnel_number="9001", first_name="Ada", last_name="Ziek")
    case = old.get_model("absence", "ReintegrationCase").objects.create(
        employee=employee,
        chain_start=date(2025, 5, 5),
        owner=owner,
        wia_letter_date=date(2027, 1, 4),
    )
    record = old.get_model("absence", "CaseRecord").objects.create(
        case=case,
        kind="action_plan",
        date=date(2025, 6, 20),
        goal="Terug in eigen werk",
        track="1",
        employee_view="Eens",
        created_by=owner,
    )
    activity = old.get_model("absence", "CaseActivity").objects.create(
        record=record, description="Werkplekonderzoek", owner="P&O", due=date(2025, 7, 1)
    )
    document = old.get_model("absence", "CaseDocument").objects.create(
        record=record, file="cases/2025/06/plan.pdf", name="plan.pdf", size=1234, uploaded_by=owner
    )
    reminder = old.get_model("absence", "ReminderSent").objects.create(
        case=case,
        milestone="action_plan",
        due=date(2025, 6, 29),
        stage="14",
        recipient="eigenaar@example.org",
        sent_on=date(2025, 6, 15),
    )
    schema_before = _schema()

    _migrate(_latest())

    assert _schema() == schema_before
    moved = ReintegrationCase.objects.get(pk=case.pk)
    assert (moved.employee_id, moved.owner_id, moved.chain_start, moved.closed_on) == (
        employee.pk,
        owner.pk,
        date(2025, 5, 5),
        None,
    )
    assert moved.wia_letter_date == date(2027, 1, 4)
    assert moved.employee.personnel_number == "9001"
    assert list(moved.records.all()) == [CaseRecord.objects.get(pk=record.pk)]
    moved_record = moved.records.get()
    assert (moved_record.kind, moved_record.goal, moved_record.employee_view) == (
        CaseRecord.Kind.ACTION_PLAN,
        "Terug in eigen werk",
        "Eens",
    )
    assert moved_record.created_by_id == owner.pk
    assert list(moved_record.activities.values_list("pk", "description")) == [
        (activity.pk, "Werkplekonderzoek")
    ]
    assert list(moved_record.documents.values_list("pk", "file", "name", "size")) == [
        (document.pk, "cases/2025/06/plan.pdf", "plan.pdf", 1234)
    ]
    assert CaseDocument.objects.get(pk=document.pk).uploaded_by_id == owner.pk
    assert CaseActivity.objects.get(pk=activity.pk).record_id == record.pk
    assert list(
        ReminderSent.objects.values_list("pk", "case_id", "milestone", "due", "stage", "sent_on")
    ) == [(reminder.pk, case.pk, "action_plan", date(2025, 6, 29), "14", date(2025, 6, 15))]
