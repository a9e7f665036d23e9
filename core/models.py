"""Logins (with their language), the audit log of reads, and each user's private calendar feed."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A login. People's HR data lives on hrm.Employee, linked one-to-one."""

    class Language(models.TextChoices):
        DUTCH = "nl", "Nederlands"
        ENGLISH = "en", "English"

    language = models.CharField(
        _("language"), max_length=5, choices=Language.choices, default=Language.DUTCH
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["username"]

    def __str__(self) -> str:
        return self.get_full_name() or self.username


class AuditEvent(models.Model):
    """A read of an individual sickness or reintegration record by someone other than the
    employee (privacy.md): who, whose, what, when. Written by the selectors, never edited."""

    at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        User, verbose_name=_("who"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    actor_username = models.CharField(_("username"), max_length=150)
    subject = models.ForeignKey(
        "hrm.Employee",
        verbose_name=_("whose"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    subject_label = models.CharField(_("whose (name)"), max_length=255)
    action = models.CharField(_("what"), max_length=50)
    object_type = models.CharField(max_length=50)
    object_id = models.CharField(max_length=50, blank=True)

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_username} {self.action} {self.subject_label}"


class CalendarFeed(models.Model):
    """A user's private calendar address (core/calendar.py); a new token revokes the old one."""

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="calendar_feed")
    token = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "absence_calendarfeed"  # its rows from before every user had a calendar
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self) -> str:
        return f"{self.user}"


class CalendarEventVersion(models.Model):
    """The version of one event in one feed: `sequence` counts the changes to what the event
    says (`digest`), `changed_at` is when it last changed (the event's SEQUENCE and DTSTAMP)."""

    feed = models.ForeignKey(CalendarFeed, on_delete=models.CASCADE, related_name="event_versions")
    uid = models.CharField(max_length=255)
    digest = models.CharField(max_length=64)
    sequence = models.PositiveIntegerField(default=0)
    changed_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["feed", "uid"], name="core_calendar_event_once")
        ]

    def __str__(self) -> str:
        return f"{self.uid} ({self.sequence})"
