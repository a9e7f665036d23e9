from django.core import mail

from core.models import User
from tests.factories import ContractFactory, EmployeeFactory


def test_hr_gives_an_employee_a_login_and_a_password_link(client, hr, team_a):
    employee = EmployeeFactory(email="noor@plusteam.example")
    ContractFactory(employee=employee, team=team_a)
    client.force_login(hr)
    response = client.post(f"/people/{employee.pk}/login/", {"username": "noor"})
    assert response.status_code == 302
    employee.refresh_from_db()
    assert employee.user.username == "noor"
    assert not employee.user.has_usable_password()
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["noor@plusteam.example"]
    assert "/accounts/reset/" in mail.outbox[0].body


def test_taken_username_is_shown_beside_the_field(client, hr, team_a, employee):
    other = EmployeeFactory()
    ContractFactory(employee=other, team=team_a)
    client.force_login(hr)
    response = client.post(f"/people/{other.pk}/login/", {"username": "employee"})
    assert response.status_code == 200
    assert "username" in response.context["form"].errors
    assert User.objects.filter(username="employee").count() == 1


def test_only_hr_creates_logins(client, manager, team_a):
    other = EmployeeFactory()
    ContractFactory(employee=other, team=team_a)
    client.force_login(manager)
    assert client.post(f"/people/{other.pk}/login/", {"username": "x"}).status_code == 403


def test_hr_sees_the_change_history_and_a_manager_does_not(client, hr, manager, team_a):
    employee = EmployeeFactory(first_name="Old")
    ContractFactory(employee=employee, team=team_a)
    client.force_login(hr)
    client.post(
        f"/people/{employee.pk}/edit/",
        {
            "personnel_number": employee.personnel_number,
            "first_name": "New",
            "last_name": employee.last_name,
        },
    )
    response = client.get(f"/people/{employee.pk}/")
    history = response.context["history"]
    assert any("New" in entry.changes_str and entry.actor == hr for entry in history)
    client.force_login(manager)
    assert client.get(f"/people/{employee.pk}/").context["history"] is None
