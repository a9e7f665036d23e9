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
