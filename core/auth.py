"""Logging in: a login stops working after the employee's last working day (password, session,
admin and token alike)."""

from django.contrib.auth.backends import ModelBackend
from django.utils import timezone

from core.permissions import employee_of


def employment_ended(user, today=None) -> bool:
    """True when the user's employee record has an exit date that lies in the past."""
    employee = employee_of(user)
    if employee is None or employee.exit_date is None:
        return False
    return employee.exit_date < (today or timezone.localdate())


class EmploymentBackend(ModelBackend):
    """The login stops working after an employee's last working day."""

    def user_can_authenticate(self, user) -> bool:
        return super().user_can_authenticate(user) and not employment_ended(user)
