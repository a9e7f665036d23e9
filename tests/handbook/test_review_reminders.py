"""The periodic review of a chapter: HR gets one e-mail when a chapter's review date has passed,
once per review date (a new date gives a new reminder), from a daily Celery beat task."""

from __future__ import annotations

from datetime import date
from unittest import mock

import pytest
from django.conf import settings
from django.core import mail

from handbook.models import Chapter
from handbook.reminders import send_review_reminders
from handbook.tasks import handbook_review_reminders_task

TODAY = date(2026, 3, 2)


@pytest.fixture
def due(consent_chapter):
    """The consent chapter, to be reviewed by 1 March 2026 (yesterday)."""
    consent_chapter.review_on = date(2026, 3, 1)
    consent_chapter.save()
    return consent_chapter


def test_hr_is_reminded_once_when_the_review_date_passed(hr, director, due):
    assert send_review_reminders(TODAY) == 1
    [message] = mail.outbox
    assert message.to == [hr.email]  # HR, not the director
    assert "1 hoofdstuk is toe aan de periodieke evaluatie" in message.subject
    assert "Verzuim en re-integratie" in message.body
    assert "1 maart 2026" in message.body
    assert f"/handbook/chapters/{due.pk}/" in message.body
    due.refresh_from_db()
    assert due.review_reminder_sent_for == date(2026, 3, 1)
    assert send_review_reminders(TODAY) == 0
    assert send_review_reminders(date(2026, 4, 1)) == 0
    assert len(mail.outbox) == 1


def test_a_new_review_date_gives_a_new_reminder(hr, due):
    send_review_reminders(TODAY)
    Chapter.objects.filter(pk=due.pk).update(review_on=date(2027, 3, 1))
    assert send_review_reminders(date(2027, 3, 1)) == 0  # not passed yet on the day itself
    assert send_review_reminders(date(2027, 3, 2)) == 1
    assert len(mail.outbox) == 2


def test_no_reminder_before_the_date_or_without_one(hr, consent_chapter, advice_chapter):
    consent_chapter.review_on = TODAY
    consent_chapter.save()
    assert send_review_reminders(TODAY) == 0
    assert mail.outbox == []


def test_chapters_due_together_share_one_mail(hr, due, advice_chapter):
    advice_chapter.review_on = date(2026, 2, 1)
    advice_chapter.save()
    assert send_review_reminders(TODAY) == 2
    [message] = mail.outbox
    assert "2 hoofdstukken zijn toe aan" in message.subject
    assert message.body.index("Organisatie van de teams") < message.body.index("Verzuim")


def test_a_mail_that_cannot_be_sent_is_tried_again(hr, due):
    with mock.patch(
        "django.core.mail.backends.locmem.EmailBackend.send_messages", side_effect=OSError
    ):
        assert send_review_reminders(TODAY) == 0
    due.refresh_from_db()
    assert due.review_reminder_sent_for is None
    assert send_review_reminders(TODAY) == 1


def test_without_an_address_in_hr_nothing_is_claimed(hr, due):
    hr.email = ""
    hr.save()
    assert send_review_reminders(TODAY) == 0
    due.refresh_from_db()
    assert due.review_reminder_sent_for is None


def test_the_beat_runs_the_task_every_morning(hr, due):
    entry = settings.CELERY_BEAT_SCHEDULE["handbook-review-reminders"]
    assert entry["task"] == handbook_review_reminders_task.name == "handbook.review_reminders"
    assert handbook_review_reminders_task.apply().get() == 1
    assert handbook_review_reminders_task.apply().get() == 0
