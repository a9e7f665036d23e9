"""Contract periods of one employee never overlap, enforced by the database itself:
an exclusion constraint on PostgreSQL, BEFORE INSERT/UPDATE triggers on SQLite."""

from django.db import migrations

PG_FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS btree_gist",
    """ALTER TABLE hrm_contractperiod ADD CONSTRAINT hrm_contract_no_overlap
       EXCLUDE USING gist (employee_id WITH =, daterange("start", "end", '[]') WITH &&)""",
]
PG_BACKWARD = ["ALTER TABLE hrm_contractperiod DROP CONSTRAINT IF EXISTS hrm_contract_no_overlap"]

_OVERLAP = """EXISTS (SELECT 1 FROM hrm_contractperiod c
    WHERE c.employee_id = NEW.employee_id {exclude}
      AND c."start" <= COALESCE(NEW."end", '9999-12-31')
      AND COALESCE(c."end", '9999-12-31') >= NEW."start")"""
SQLITE_FORWARD = [
    f"""CREATE TRIGGER hrm_contract_no_overlap_insert BEFORE INSERT ON hrm_contractperiod
        FOR EACH ROW WHEN {_OVERLAP.format(exclude="")}
        BEGIN SELECT RAISE(ABORT, 'hrm_contract_no_overlap'); END""",
    f"""CREATE TRIGGER hrm_contract_no_overlap_update BEFORE UPDATE ON hrm_contractperiod
        FOR EACH ROW WHEN {_OVERLAP.format(exclude="AND c.id <> NEW.id")}
        BEGIN SELECT RAISE(ABORT, 'hrm_contract_no_overlap'); END""",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS hrm_contract_no_overlap_insert",
    "DROP TRIGGER IF EXISTS hrm_contract_no_overlap_update",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for sql in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("hrm", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"postgresql": PG_FORWARD, "sqlite": SQLITE_FORWARD}),
            _run({"postgresql": PG_BACKWARD, "sqlite": SQLITE_BACKWARD}),
        )
    ]
