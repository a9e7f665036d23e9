"""The organisation's own settings (one row, edited in the admin): full-time hours, the absence
target and amber band, ArboNed, retention, the PVT's review term, e-mail recipients and times."""

from __future__ import annotations

from datetime import time
from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.fields import LimitedTextField
from hrm.models.people import MAX_HOURS_PER_WEEK

WEEKDAYS = [
    (0, _("Monday")),
    (1, _("Tuesday")),
    (2, _("Wednesday")),
    (3, _("Thursday")),
    (4, _("Friday")),
    (5, _("Saturday")),
    (6, _("Sunday")),
]


class OrganisationSettings(models.Model):
    """One row (pk=1): the organisation's own settings, editable in the admin."""

    name = models.CharField(_("organisation name"), max_length=150, default="GR PlusTeam")
    full_time_hours = models.DecimalField(
        _("full-time hours per week"),
        max_digits=4,
        decimal_places=2,
        default=Decimal("36"),
        validators=[MinValueValidator(Decimal("1")), MaxValueValidator(MAX_HOURS_PER_WEEK)],
    )
    absence_target = models.DecimalField(
        _("absence target (%)"),
        max_digits=4,
        decimal_places=2,
        default=Decimal("5.5"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
    )
    amber_band = models.DecimalField(
        _("amber band (percentage points)"),
        max_digits=4,
        decimal_places=2,
        default=Decimal("1.0"),
        validators=[MinValueValidator(Decimal("0"))],
        help_text=_("Amber up to target + this band; red above."),
    )
    arbo_email = models.EmailField(_("ArboNed e-mail address"), blank=True, default="")
    arbo_notification_days = models.PositiveSmallIntegerField(
        _("pass sick reports to ArboNed by sick day"),
        default=7,
        validators=[MinValueValidator(1)],
        help_text=_("Organisation policy; an episode not passed on by this sick day is flagged."),
    )
    retention_years = models.PositiveSmallIntegerField(
        _("retention after employment (years)"), default=2, validators=[MinValueValidator(1)]
    )
    pvt_review_weeks = models.PositiveSmallIntegerField(
        _("PVT review term (weeks)"), default=6, validators=[MinValueValidator(1)]
    )
    digest_recipients = LimitedTextField(
        _("weekly absence digest: recipients"),
        max_length=2000,
        blank=True,
        default="",
        help_text=_(
            "E-mail addresses, one per line. Empty: every adjunct-director. The digest names "
            "sick employees, so only people who may see individual absence records can receive it."
        ),
    )
    digest_weekday = models.PositiveSmallIntegerField(
        _("weekly absence digest: day"), choices=WEEKDAYS, default=0
    )
    digest_time = models.TimeField(
        _("weekly absence digest: time"),
        default=time(7, 0),
        help_text=_("Dutch time (Europe/Amsterdam). The digest covers the previous ISO week."),
    )
    interview_change_hours = models.PositiveSmallIntegerField(
        _("development interview: employees may move or cancel until (hours before)"),
        default=24,
        validators=[MaxValueValidator(24 * 14)],
        help_text=_(
            "After this, only the manager can move or cancel a booked development interview."
        ),
    )
    training_director_threshold = models.DecimalField(
        _("training: the director approves above (euro)"),
        max_digits=9,
        decimal_places=2,
        default=Decimal("1500"),
        validators=[MinValueValidator(Decimal("0"))],
        help_text=_(
            "A training whose total cost is above this amount also needs the director's approval."
        ),
    )
    board_report_recipients = LimitedTextField(
        _("monthly board report: recipients"),
        max_length=2000,
        blank=True,
        default="",
        help_text=_("E-mail addresses, one per line. Empty: every board member with a login."),
    )
    board_report_time = models.TimeField(
        _("monthly board report: time"),
        default=time(7, 0),
        help_text=_(
            "Sent on the first working day of each month at this time (Europe/Amsterdam), about "
            "the previous month."
        ),
    )

    class Meta:
        verbose_name = _("organisation settings")
        verbose_name_plural = _("organisation settings")
        constraints = [models.CheckConstraint(condition=Q(pk=1), name="hrm_settings_singleton")]

    def __str__(self) -> str:
        return str(self.name)

    def save(self, *args, **kwargs) -> None:
        self.pk = 1
        super().save(*args, **kwargs)

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        errors = {}
        for name in ("digest_recipients", "board_report_recipients"):
            try:
                addresses = email_list(getattr(self, name))
            except ValidationError as error:
                errors[name] = error
                continue
            if name == "digest_recipients" and addresses:
                from core.permissions import addresses_of_users_who_can

                allowed = addresses_of_users_who_can("absence.view_all_individual")
                refused = [a for a in addresses if a not in allowed]
                if refused:
                    errors[name] = ValidationError(
                        _(
                            "%(addresses)s may not receive names of sick employees: only "
                            "logins of HR or the (adjunct-)director can."
                        )
                        % {"addresses": ", ".join(refused)}
                    )
        if errors:
            raise ValidationError(errors)

    @classmethod
    def get(cls) -> OrganisationSettings:
        obj, _created = cls.objects.get_or_create(pk=1)
        return obj


def email_list(text: str) -> list[str]:
    """E-mail addresses from a setting: one per line (commas and semicolons also work),
    lower-cased, without duplicates; a ValidationError names every invalid one."""
    import re

    from django.core.exceptions import ValidationError
    from django.core.validators import validate_email

    addresses, invalid = [], []
    for part in re.split(r"[\s,;]+", text or ""):
        if not part:
            continue
        try:
            validate_email(part)
        except ValidationError:
            invalid.append(part)
            continue
        if part.lower() not in addresses:
            addresses.append(part.lower())
    if invalid:
        raise ValidationError(
            _("Not an e-mail address: %(values)s") % {"values": ", ".join(invalid)},
            code="invalid_email",
        )
    return addresses
