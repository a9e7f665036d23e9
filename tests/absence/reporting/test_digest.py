"""The weekly absence digest to the adjunct-directors: the ISO week it covers, its figures (the
engine's report of that week beside the week before, per team), who reported sick, recovered or
is not yet passed to ArboNed, the Dutch multipart e-mail, who may receive it (only the roles that
see names), sending once per week and recipient (also after a failed send), the `absence_digest`
command and the weekly Celery task (run eagerly: no broker in tests)."""

from __future__ import annotations

import io
from datetime import date, datetime
from typing import ClassVar

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.mail.backends import locmem
from django.core.management import CommandError, call_command

from absence import figures
from absence.models import Dispatch, PartialRecovery
from absence.reporting import digest
from absence.tasks import weekly_digest_task
from core.errors import ApplicationError
from core.roles import Role
from hrm.models import OrganisationSettings
from tests.absence.helpers import AMS, NOTIFIED, groups_by_key, person, sick, travel, without
from tests.factories import TeamFactory, make_person

W10 = "2026-W10"  # Monday 2 March to Sunday 8 March 2026; week 9 is 23 Feb to 1 Mar


@pytest.mark.parametrize(
    ("text", "monday", "sunday"),
    [
        ("2026-W10", date(2026, 3, 2), date(2026, 3, 8)),
        ("2020-W53", date(2020, 12, 28), date(2021, 1, 3)),
        ("2026-W53", date(2026, 12, 28), date(2027, 1, 3)),  # 1 Jan 2026 is a Thursday
        ("2026-W01", date(2025, 12, 29), date(2026, 1, 4)),
        (" 2026-W10 ", date(2026, 3, 2), date(2026, 3, 8)),
    ],
)
def test_parse_week(text, monday, sunday):
    assert digest.parse_week(text) == (monday, sunday)


@pytest.mark.parametrize(
    "text",
    ["2025-W53", "2027-W53", "2026-W00", "2026-W54", "2026-10", "2026W10", "bad", "", None],
)
def test_parse_week_refuses(text):
    with pytest.raises(ApplicationError) as error:
        digest.parse_week(text)

    assert error.value.code == "week_invalid"
    assert error.value.field == "week"


@pytest.mark.parametrize(
    ("today", "week"),
    [
        (date(2026, 3, 9), "2026-W10"),  # Monday
        (date(2026, 3, 15), "2026-W10"),  # Sunday of the week after
        (date(2026, 3, 8), "2026-W09"),  # Sunday of week 10 itself: not complete yet
        (date(2021, 1, 4), "2020-W53"),
        (date(2026, 1, 1), "2025-W52"),  # a Thursday in 2026-W01
        (date(2025, 12, 29), "2025-W52"),  # a Monday in 2026-W01
        (date(2026, 1, 5), "2026-W01"),
    ],
)
def test_previous_week(today, week):
    assert digest.previous_week(today) == week


@pytest.fixture
def digest_org(db):
    """Alpha (3 people) and Beta (2), and Leeg, whose only member left in 2025.

    a1 sick Wed 25 Feb - Tue 3 Mar (recovered Wed 4 Mar), passed to ArboNed
    a2 sick since Mon 16 Feb, works 50% from Mon 2 Mar, never passed on: overdue
    a3 sick Mon 23 Feb - Wed 25 Feb, never passed on, but fit before sick day 7: not overdue
    b1 reported sick Thu 5 Mar: sick day 7 is next week, not overdue yet
    c  reported sick Mon 2 Mar, never passed on: sick day 7 is Sun 8 Mar, overdue
    """
    alpha, beta = TeamFactory(name="Alpha"), TeamFactory(name="Beta")
    a1, a2, a3 = person(alpha), person(alpha), person(alpha)
    b1, c = person(beta), person(beta)
    person(TeamFactory(name="Leeg"), end=date(2025, 12, 31))
    episodes = {
        "a1": sick(a1, date(2026, 2, 25), date(2026, 3, 4), arbo_notified_at=NOTIFIED),
        "a2": sick(a2, date(2026, 2, 16)),
        "a3": sick(a3, date(2026, 2, 23), date(2026, 2, 26)),
        "b1": sick(b1, date(2026, 3, 5)),
        "c": sick(c, date(2026, 3, 2)),
    }
    PartialRecovery.objects.create(episode=episodes["a2"], start=date(2026, 3, 2), percentage=50)
    return episodes


@pytest.fixture
def adjuncts(db):
    """The default recipients: active adjunct-directors with an e-mail address."""
    active = make_person("adjunct", Role.ADJUNCT_DIRECTOR, employee=False)
    gone = make_person("old_adjunct", Role.ADJUNCT_DIRECTOR, employee=False)
    gone.is_active = False
    gone.save()
    no_email = make_person("adjunct_no_mail", Role.ADJUNCT_DIRECTOR, employee=False)
    no_email.email = ""
    no_email.save()
    make_person("hr", Role.HR, employee=False)  # may receive it, but is not a default
    make_person("board", Role.BOARD, employee=False)
    return active


def test_digest_figures_are_the_report_of_that_week(digest_org):
    ctx = digest.context(W10)
    this_week = figures.absence_report(start=date(2026, 3, 2), end=date(2026, 3, 8), by="team")
    week_before = figures.absence_report(start=date(2026, 2, 23), end=date(2026, 3, 1), by="team")

    rows = {row.key: row for row in ctx["rows"]}
    assert [row.key for row in ctx["rows"]] == ["Totaal", "Alpha", "Beta"]  # not Leeg: empty
    assert ctx["total"] is ctx["rows"][0]
    assert without(rows["Totaal"].now, "key") == this_week["total"]
    assert without(rows["Totaal"].before, "key") == week_before["total"]
    for team in ("Alpha", "Beta"):
        assert without(rows[team].now, "key") == without(groups_by_key(this_week)[team], "key")
        assert without(rows[team].before, "key") == without(groups_by_key(week_before)[team], "key")
    # by hand: Alpha 2 + 3.5 of 21 days, the week before 5 + 7 + 3 of 21; Beta 4 + 7 of 14
    assert rows["Alpha"].now["absence_percentage"] == pytest.approx(100 * 5.5 / 21)
    assert rows["Alpha"].before["absence_percentage"] == pytest.approx(100 * 15 / 21)
    assert rows["Alpha"].change == pytest.approx(100 * (5.5 - 15) / 21)
    assert rows["Beta"].change == pytest.approx(100 * 11 / 14)
    assert rows["Totaal"].now["absence_percentage"] == pytest.approx(100 * 16.5 / 35)
    assert rows["Totaal"].now["status"] == "red"
    assert (ctx["week_number"], ctx["start"], ctx["end"]) == (
        10,
        date(2026, 3, 2),
        date(2026, 3, 8),
    )
    assert ctx["target"] == 5.5


def test_digest_lists_who_reported_sick_recovered_and_is_overdue(digest_org):
    ctx = digest.context(W10)

    assert [e.pk for e in ctx["reported"]] == [digest_org["c"].pk, digest_org["b1"].pk]
    assert [e.pk for e in ctx["recovered"]] == [digest_org["a1"].pk]
    assert [e.pk for e in ctx["overdue"]] == [digest_org["a2"].pk, digest_org["c"].pk]
    assert [e.team_name for e in ctx["reported"]] == ["Beta", "Beta"]


def test_digest_is_a_dutch_multipart_email(digest_org):
    message = digest.render(W10)

    assert "Verzuim week 10" in message.subject
    assert "47,1%" in message.subject and "rood" in message.subject
    assert message.message().get_content_type() == "multipart/alternative"
    [(html, mimetype)] = message.alternatives
    assert mimetype == "text/html"
    assert html.lstrip().startswith("<!doctype html>")
    text = message.body
    for part in (text, html):
        assert "week 10" in part
        assert "maandag 2 maart" in part  # Dutch dates
        assert "26,2" in part  # Alpha, with a decimal comma
        assert "−45,2" in part  # Alpha against the week before
        for key in ("a2", "b1", "c"):  # overdue or reported
            assert digest_org[key].employee.full_name in part
        assert digest_org["a1"].employee.full_name in part  # recovered
        assert digest_org["a3"].employee.full_name not in part  # nothing in week 10
    assert "ZIEK GEMELD (2)" in text
    assert "HERSTELD (1)" in text
    assert "NOG NIET DOORGEGEVEN AAN ARBONED (2)" in text


def test_digest_goes_to_the_active_adjunct_directors(digest_org, adjuncts):
    assert digest.recipients() == ["adjunct@plusteam.example"]

    outcome = digest.send(W10)

    assert outcome.sent == ["adjunct@plusteam.example"]
    [message] = mail.outbox
    assert message.to == ["adjunct@plusteam.example"]
    assert "Verzuim week 10" in message.subject
    assert Dispatch.objects.filter(kind="digest", period=W10).count() == 1


def test_digest_is_sent_once_per_week_unless_forced(digest_org, adjuncts):
    digest.send(W10)

    again = digest.send(W10)

    assert (again.sent, again.skipped) == ([], ["adjunct@plusteam.example"])
    assert len(mail.outbox) == 1
    assert digest.send("2026-W09").sent == ["adjunct@plusteam.example"]  # another week
    assert len(mail.outbox) == 2

    forced = digest.send(W10, force=True)

    assert forced.sent == ["adjunct@plusteam.example"]
    assert len(mail.outbox) == 3
    assert Dispatch.objects.filter(kind="digest", period=W10).count() == 1


def test_configured_digest_recipients_who_may_not_see_names_get_nothing(digest_org, adjuncts):
    org = OrganisationSettings.get()
    org.digest_recipients = "HR@plusteam.example\nboard@plusteam.example\nnobody@example.org"
    org.save()  # bypassing the form: the role is checked again when sending

    outcome = digest.send(W10)

    assert outcome.sent == ["hr@plusteam.example"]
    assert [m.to for m in mail.outbox] == [["hr@plusteam.example"]]


def test_settings_refuse_a_digest_recipient_who_may_not_see_names(adjuncts):
    org = OrganisationSettings.get()
    org.digest_recipients = "hr@plusteam.example, board@plusteam.example"

    with pytest.raises(ValidationError) as error:
        org.full_clean()

    [message] = error.value.message_dict["digest_recipients"]
    assert "board@plusteam.example" in message
    assert "hr@plusteam.example" not in message

    org.digest_recipients = "hr@plusteam.example\nadjunct@plusteam.example"
    org.full_clean()  # HR and the adjunct-director may


class FlakyBackend(locmem.EmailBackend):
    """The locmem backend, except that the addresses in `fail_once` fail on their first send."""

    fail_once: ClassVar[set[str]] = set()

    def send_messages(self, messages):
        for message in messages:
            if message.to[0] in self.fail_once:
                self.fail_once.discard(message.to[0])
                raise ConnectionError("the mail server went away")
        return super().send_messages(messages)


def test_a_failed_send_is_sent_again_by_the_retry(digest_org, adjuncts, settings):
    settings.EMAIL_BACKEND = f"{__name__}.FlakyBackend"
    FlakyBackend.fail_once = {"adjunct@plusteam.example"}
    org = OrganisationSettings.get()
    org.digest_recipients = "hr@plusteam.example\nadjunct@plusteam.example"
    org.save()

    with pytest.raises(ConnectionError):
        digest.send(W10)

    assert [m.to for m in mail.outbox] == [["hr@plusteam.example"]]
    assert list(Dispatch.objects.values_list("recipient", flat=True)) == ["hr@plusteam.example"]

    retry = digest.send(W10)

    assert (retry.sent, retry.skipped) == (["adjunct@plusteam.example"], ["hr@plusteam.example"])
    assert [m.to for m in mail.outbox] == [["hr@plusteam.example"], ["adjunct@plusteam.example"]]


def test_names_are_escaped_in_the_html_and_plain_in_the_text(digest_org, adjuncts):
    employee = digest_org["b1"].employee
    employee.last_name = "<b>O'Brien & Zn</b>"
    employee.save()

    message = digest.render(W10)

    [(html, _mimetype)] = message.alternatives
    assert "<b>O'Brien & Zn</b>" in message.body
    assert "&lt;b&gt;O&#x27;Brien &amp; Zn&lt;/b&gt;" in html
    assert "<b>O'Brien" not in html


def test_a_week_with_spaces_is_the_same_week(digest_org, adjuncts):
    digest.send(W10)

    again = digest.send(f" {W10} ")

    assert again.sent == []
    assert len(mail.outbox) == 1


def test_the_subject_of_a_week_with_spaces(digest_org):
    assert "Verzuim week 10 " in digest.render(f"{W10} ").subject


def test_digest_command_dry_run_prints_and_sends_nothing(digest_org, adjuncts):
    out = io.StringIO()

    call_command("absence_digest", "--week", W10, "--dry-run", stdout=out)

    text = out.getvalue()
    assert "To: adjunct@plusteam.example" in text
    assert "Subject: Verzuim week 10" in text
    assert "ZIEK GEMELD (2)" in text
    assert mail.outbox == []
    assert not Dispatch.objects.exists()


def test_digest_command_sends_and_then_skips(digest_org, adjuncts):
    first, second = io.StringIO(), io.StringIO()

    call_command("absence_digest", "--week", W10, stdout=first)
    call_command("absence_digest", "--week", W10, stdout=second)

    assert f"sent {W10} to adjunct@plusteam.example" in first.getvalue()
    assert "skipped adjunct@plusteam.example" in second.getvalue()
    assert len(mail.outbox) == 1


@pytest.mark.parametrize("week", ["bad", "2025-W53", "2026-W54"])
def test_digest_command_refuses_a_bad_week(db, adjuncts, week):
    with pytest.raises(CommandError):
        call_command("absence_digest", "--week", week, stdout=io.StringIO())

    assert mail.outbox == []


def test_weekly_digest_task_sends_once(digest_org, adjuncts, settings):
    assert settings.CELERY_TASK_ALWAYS_EAGER

    first = weekly_digest_task.delay(W10).get()
    second = weekly_digest_task.delay(W10).get()

    assert first == {"period": W10, "sent": ["adjunct@plusteam.example"], "skipped": []}
    assert second == {"period": W10, "sent": [], "skipped": ["adjunct@plusteam.example"]}
    assert len(mail.outbox) == 1


def test_weekly_digest_task_without_a_week_sends_last_week(digest_org, adjuncts):
    with travel(datetime(2026, 3, 9, 7, 0, tzinfo=AMS)):  # Monday of week 11
        result = weekly_digest_task.delay().get()

    assert result["period"] == W10
    [message] = mail.outbox
    assert "Verzuim week 10" in message.subject
