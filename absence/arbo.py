"""Passing a sick report to ArboNed by e-mail, run by a Celery task after the report is
committed (absence.tasks); the services only queue it."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from absence.history import log_change
from absence.models import Episode, EpisodeChange


def episode_notify_arbo(episode_id: int) -> bool:
    """E-mail ArboNed the sick report with only the permitted data; record it on the episode.
    Idempotent: an episode that was passed on already is not sent again."""
    from django.core.mail import send_mail
    from django.template.loader import render_to_string

    from hrm.models import OrganisationSettings

    with transaction.atomic():
        episode = (
            Episode.objects.select_for_update(of=("self",))  # lock the episode, not the joined rows
            .select_related("employee__manager")
            .filter(pk=episode_id)
            .first()
        )
        if episode is None or episode.arbo_notified_at is not None:
            return False
        settings_ = OrganisationSettings.get()
        if not settings_.arbo_email:
            return False
        contract = (
            episode.employee.contracts.filter(start__lte=episode.first_sick_day)
            .order_by("-start")
            .first()
        )
        context = {
            "episode": episode,
            "employee": episode.employee,
            "contract": contract,
            "organisation": settings_,
        }
        body = render_to_string("absence/email/arbo_notification.txt", context)
        subject = f"Ziekmelding {episode.employee.personnel_number} {episode.employee.full_name} per {episode.first_sick_day:%d-%m-%Y}"
        send_mail(subject, body, None, [settings_.arbo_email])
        episode.arbo_notified_at = timezone.now()
        episode.arbo_channel = Episode.ArboChannel.EMAIL
        episode.save(update_fields=["arbo_notified_at", "arbo_channel", "updated_at"])
        log_change(episode, None, EpisodeChange.Action.ARBO)
    return True
