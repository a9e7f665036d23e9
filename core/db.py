"""Database-level "no overlapping periods per person" for PostgreSQL and SQLite.

PostgreSQL gets an exclusion constraint over a daterange; SQLite gets BEFORE INSERT/UPDATE
triggers that abort. Used by migrations: ``migrations.RunPython(*no_overlap(...))``."""

from __future__ import annotations


def no_overlap(
    table: str,
    name: str,
    *,
    owner: str,
    start: str,
    end: str,
    end_inclusive: bool,
    other_table: str | None = None,
    other_start: str | None = None,
    other_end: str | None = None,
    other_end_inclusive: bool = True,
):
    """Returns (forward, backward) callables for RunPython.

    Periods of the same ``owner`` in ``table`` may not overlap. With ``other_table``, rows of
    ``table`` may also not overlap rows of ``other_table`` with the same owner (SQLite only: on
    PostgreSQL an exclusion constraint cannot span two tables, so that check is a trigger there
    too)."""
    bound = "'[]'" if end_inclusive else "'[)'"
    far = "'9999-12-31'"

    def sqlite_overlap(t, s, e, inclusive, exclude_self):
        def exclusive_end(ref, column, is_inclusive):
            # open (NULL) -> far future; inclusive ends +1 day, so both sides are half-open
            if is_inclusive:
                return f"COALESCE(date({ref}.\"{column}\", '+1 day'), {far})"
            return f'COALESCE({ref}."{column}", {far})'

        self_clause = "AND c.id <> NEW.id" if exclude_self else ""
        return (
            f'EXISTS (SELECT 1 FROM {t} c WHERE c."{owner}" = NEW."{owner}" {self_clause} '
            f'AND c."{s}" < {exclusive_end("NEW", end, end_inclusive)} '
            f'AND {exclusive_end("c", e, inclusive)} > NEW."{start}")'
        )

    def sqlite_statements():
        out = []
        for op, exclude in (("INSERT", False), ("UPDATE", True)):
            cond = sqlite_overlap(table, start, end, end_inclusive, exclude)
            out.append(
                f"CREATE TRIGGER {name}_{op.lower()} BEFORE {op} ON {table} FOR EACH ROW WHEN {cond} "
                f"BEGIN SELECT RAISE(ABORT, '{name}'); END"
            )
            if other_table:
                cond = sqlite_overlap(
                    other_table, other_start, other_end, other_end_inclusive, False
                )
                out.append(
                    f"CREATE TRIGGER {name}_other_{op.lower()} BEFORE {op} ON {table} FOR EACH ROW WHEN {cond} "
                    f"BEGIN SELECT RAISE(ABORT, '{name}'); END"
                )
        return out

    def pg_statements():
        out = [
            "CREATE EXTENSION IF NOT EXISTS btree_gist",
            f'ALTER TABLE {table} ADD CONSTRAINT {name} EXCLUDE USING gist ("{owner}" WITH =, '
            f'daterange("{start}", "{end}", {bound}) WITH &&)',
        ]
        if other_table:
            other_bound = "'[]'" if other_end_inclusive else "'[)'"
            out.append(
                f"""CREATE OR REPLACE FUNCTION {name}_fn() RETURNS trigger AS $$
                BEGIN
                  IF EXISTS (SELECT 1 FROM {other_table} c WHERE c."{owner}" = NEW."{owner}"
                     AND daterange(c."{other_start}", c."{other_end}", {other_bound})
                         && daterange(NEW."{start}", NEW."{end}", {bound})) THEN
                    RAISE EXCEPTION '{name}' USING ERRCODE = '23P01';
                  END IF;
                  RETURN NEW;
                END $$ LANGUAGE plpgsql"""
            )
            out.append(
                f"CREATE TRIGGER {name}_other BEFORE INSERT OR UPDATE ON {table} "
                f"FOR EACH ROW EXECUTE FUNCTION {name}_fn()"
            )
        return out

    def pg_backward():
        out = [f"ALTER TABLE {table} DROP CONSTRAINT IF EXISTS {name}"]
        if other_table:
            out += [
                f"DROP TRIGGER IF EXISTS {name}_other ON {table}",
                f"DROP FUNCTION IF EXISTS {name}_fn()",
            ]
        return out

    def sqlite_backward():
        names = [f"{name}_insert", f"{name}_update", f"{name}_other_insert", f"{name}_other_update"]
        return [f"DROP TRIGGER IF EXISTS {n}" for n in names]

    def forward(apps, schema_editor):
        vendor = schema_editor.connection.vendor
        for sql in {"postgresql": pg_statements, "sqlite": sqlite_statements}.get(vendor, list)():
            schema_editor.execute(sql)

    def backward(apps, schema_editor):
        vendor = schema_editor.connection.vendor
        for sql in {"postgresql": pg_backward, "sqlite": sqlite_backward}.get(vendor, list)():
            schema_editor.execute(sql)

    return forward, backward
