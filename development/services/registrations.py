"""Writes to professional registrations (SKJ) and the activities that count for them.

- HR keeps the registrations: register, number, profession, the (re)registration date, the VOG
  date and what SKJ set differently for this person (points per category, work hours).
- An activity (a reflection, an intervision, a course) is logged by the employee for
  themselves, or by HR for anyone, in a category of the employee's current registration; a PDF
  certificate may come along. An activity row and its file are stored together or not at all,
  and the file goes when its row goes.
- Done training items of the plan count without a row here (development.registrations)."""

from __future__ import annotations

import logging
from datetime import date
from decimal import Decimal, InvalidOperation
from functools import partial

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.dates import check_date
from core.errors import ApplicationError, check_fields, from_validation_error
from core.permissions import can, employee_of
from core.uploads import MAX_PDF_BYTES, check_pdf
from development.models import MAX_POINTS, Activity, Profession, Registration
from development.points import clean_points
from development.registrations import requirement_lines, with_requirements

logger = logging.getLogger(__name__)

MAX_CERTIFICATE_BYTES = MAX_PDF_BYTES


# Registrations ------------------------------------------------------------------------------------


def _registration_exists() -> ApplicationError:
    return ApplicationError(
        _("This employee has a registration in this register from this date already."),
        code="registration_exists",
        field="registered_on",
    )


@transaction.atomic
def registration_save(
    actor,
    *,
    employee,
    register: str = "SKJ",
    number: str,
    profession: Profession | str,
    registered_on: date,
    vog_on: date | None = None,
    hours_required: Decimal | None = None,
    category_overrides: dict | None = None,
    override_note: str = "",
    registration: Registration | None = None,
) -> Registration:
    """Create a registration, or change `registration`: HR only."""
    if not can(actor, "development.registration_manage"):
        raise PermissionDenied
    if isinstance(profession, str):
        found = Profession.objects.filter(key=profession).first()
        if found is None:
            raise ApplicationError(
                _("There is no profession '%(key)s'.") % {"key": profession[:60]},
                code="unknown_profession",
                field="profession",
            )
        profession = found
    check_date(registered_on, "registered_on")
    check_date(vog_on, "vog_on")
    today = timezone.localdate()
    if registered_on is not None and registered_on > today:
        raise ApplicationError(
            _("A registration starts on a day that has come: give a date up to today."),
            code="registered_in_future",
            field="registered_on",
        )
    if vog_on is not None and vog_on > today:
        raise ApplicationError(
            _("Give the date on the certificate of conduct, up to today."),
            code="date_in_future",
            field="vog_on",
        )
    if getattr(employee, "exit_date", None) is not None and employee.exit_date < today:
        raise ApplicationError(
            _("This person has left the organisation."),
            code="employee_left",
            field="employee",
        )
    number = (number or "").strip()
    taken = Registration.objects.filter(register=(register or "SKJ").strip(), number=number)
    if number and taken.exclude(employee=employee).exists():
        raise ApplicationError(
            _("This registration number belongs to someone else."),
            code="number_taken",
            field="number",
        )
    if registration is None:
        previous = (
            Registration.objects.filter(employee=employee, vog_on__isnull=False)
            .order_by("-registered_on")
            .first()
        )
        if vog_on is None and previous is not None:
            vog_on = previous.vog_on  # a re-registration keeps the certificate on file
        registration = Registration(created_by=actor)
    else:
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
    registration.employee = employee
    registration.register = (register or "SKJ").strip()
    registration.number = number
    registration.profession = profession
    registration.registered_on = registered_on
    registration.vog_on = vog_on
    registration.hours_required = hours_required
    registration.category_overrides = clean_points(
        category_overrides, code="overrides_invalid", field="category_overrides"
    )
    registration.override_note = (override_note or "").strip()
    try:
        registration.full_clean(validate_constraints=False)
    except ValidationError as exc:
        raise from_validation_error(exc) from exc
    duplicate = Registration.objects.filter(
        employee=employee, register=registration.register, registered_on=registered_on
    ).exclude(pk=registration.pk)
    if duplicate.exists():
        raise _registration_exists()
    try:
        with transaction.atomic():
            registration.save()
    except IntegrityError as exc:  # a parallel request saved the same period first
        raise _registration_exists() from exc
    return registration


def current_registration(employee) -> Registration | None:
    """The employee's newest registration (the one whose requirement applies now)."""
    return (
        with_requirements(Registration.objects.filter(employee=employee))
        .order_by("-registered_on", "-pk")
        .first()
    )


def category_choices(registration: Registration | None) -> list[tuple[str, str]]:
    """The categories of a registration's requirement (the profession's table plus what SKJ
    set for this person), as (key, name)."""
    if registration is None:
        return []
    lines, _hours, _overridden = requirement_lines(registration)
    return [(key, name) for key, name, _required, _over in lines]


# Activities ---------------------------------------------------------------------------------------


def may_log_for(actor, employee) -> bool:
    if can(actor, "development.registration_manage"):
        return True
    me = employee_of(actor)
    return can(actor, "development.activity_log") and me is not None and me.pk == employee.pk


def _check_certificate(upload) -> None:
    check_pdf(
        upload, field="certificate", code_prefix="certificate", max_bytes=MAX_CERTIFICATE_BYTES
    )


def _delete_file(name: str) -> None:
    from django.core.files.storage import default_storage

    try:
        default_storage.delete(name)
    except OSError:
        logger.exception("Could not delete the certificate file %s", name)


def activity_log(
    actor,
    *,
    employee,
    title: str,
    category: str,
    points: Decimal,
    completed_on: date,
    certificate=None,
) -> Activity:
    """Log an activity that counts for the employee's registration: the employee for
    themselves, HR for anyone."""
    if not may_log_for(actor, employee):
        raise PermissionDenied
    check_date(completed_on, "completed_on")
    if completed_on > timezone.localdate():
        raise ApplicationError(
            _("The activity cannot be completed in the future."),
            code="date_in_future",
            field="completed_on",
        )
    registration = current_registration(employee)
    if registration is None:
        raise ApplicationError(
            _("There is no professional registration to log activities for."),
            code="no_registration",
        )
    if category not in dict(category_choices(registration)):
        raise ApplicationError(
            _("'%(category)s' is not a category of this registration.")
            % {"category": str(category)[:60]},
            code="unknown_category",
            field="category",
        )
    try:
        points = Decimal(str(points))
    except InvalidOperation:
        points = Decimal("NaN")
    if not points.is_finite() or not Decimal(0) < points <= MAX_POINTS:
        raise ApplicationError(
            _("The points must be more than 0 and at most 1000."),
            code="points_invalid",
            field="points",
        )
    activity = Activity(
        employee=employee,
        title=(title or "").strip(),
        category=category,
        points=points,
        completed_on=completed_on,
        created_by=actor,
    )
    check_fields(activity, ["title", "category", "points", "completed_on"])
    if certificate is None:
        with transaction.atomic():
            activity.save()
        return activity
    _check_certificate(certificate)
    written: list[str] = []
    try:
        with transaction.atomic(durable=True):
            activity.certificate.save(certificate.name, certificate, save=False)
            written.append(activity.certificate.name)
            activity.save()
    except BaseException:
        for name in written:
            _delete_file(name)
        raise
    return activity


@transaction.atomic
def activity_delete(actor, activity: Activity) -> None:
    """Remove a logged activity (the employee their own, HR any); its certificate goes once
    the deletion is committed."""
    if not may_log_for(actor, activity.employee):
        raise PermissionDenied
    name = activity.certificate.name if activity.certificate else ""
    activity.delete()
    if name:
        transaction.on_commit(partial(_delete_file, name))
