"""The roles a person can hold. A person can hold several; `employee` follows from having an
employee record, the others are assigned (hrm.RoleAssignment)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    EMPLOYEE = "employee", _("Employee")
    MANAGER = "manager", _("Manager")
    ADJUNCT_DIRECTOR = "adjunct_director", _("Adjunct-director")
    DIRECTOR = "director", _("Director")
    HR = "hr", _("HR (P&O / absence specialist)")
    PVT = "pvt", _("PVT member")
    BOARD = "board", _("Board member")
    ADMIN = "admin", _("Administrator")


ASSIGNABLE_ROLES = [r for r in Role if r != Role.EMPLOYEE]
