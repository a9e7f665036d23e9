"""The calendar feed model moved from absence to core without touching its table or rows: a
token made when only case owners had a feed still opens the user's calendar afterwards."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from core import calendar
from core.calendar import CalendarEvent, register_source
from core.models import CalendarFeed

# The state just before the feed moved to core
BEFORE_THE_MOVE = [
    ("core", "0002_auditevent"),
    ("absence", "0007_reintegration_moves_to_its_app"),
]


def _migrate(targets) -> None:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)


def _latest() -> list[tuple[str, str]]:
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


def _columns(table: str) -> list[tuple]:
    with connection.cursor() as cursor:
        return sorted(
            (c.name, c.type_code, c.null_ok)
            for c in connection.introspection.get_table_description(cursor, table)
        )


@pytest.fixture
def before_the_move():
    """The database before the move; migrated to the latest state afterwards, whatever the test
    did."""
    _migrate(BEFORE_THE_MOVE)
    yield MigrationExecutor(connection).loader.project_state(BEFORE_THE_MOVE).apps
    _migrate(_latest())


@pytest.mark.django_db(transaction=True)
def test_a_token_from_before_the_move_still_opens_the_feed(before_the_move, client, monkeypatch):
    old = before_the_move
    user = old.get_model("core", "User").objects.create(username="eigenaar")
    feed = old.get_model("absence", "CalendarFeed").objects.create(user=user, token="t" * 43)
    columns_before = _columns("absence_calendarfeed")

    _migrate(_latest())

    assert _columns("absence_calendarfeed") == columns_before
    moved = CalendarFeed.objects.get(pk=feed.pk)
    assert (moved.user_id, moved.token) == (user.pk, "t" * 43)
    monkeypatch.setattr(calendar, "_sources", {})
    register_source(
        "test", lambda user, today: [CalendarEvent(uid="e", start=today, summary="Agenda")]
    )
    response = client.get(f"/calendar/{'t' * 43}.ics")
    assert response.status_code == 200
    assert b"UID:e@plusteam-hr" in response.content
