"""API input and output of teams and employees."""

from decimal import Decimal

from rest_framework import serializers

from core.forms import max_length
from core.roles import Role
from core.serializers import ApiDateField
from hrm.models import MAX_HOURS_PER_WEEK, ContractPeriod, Employee, Team


class TeamOutput(serializers.ModelSerializer):
    class Meta:
        model = Team
        fields = ["id", "name", "description"]


class TeamInput(serializers.Serializer):
    name = serializers.CharField(max_length=100)
    description = serializers.CharField(
        max_length=255, required=False, allow_blank=True, default=""
    )


class ContractOutput(serializers.ModelSerializer):
    team = serializers.CharField(source="team.name")
    team_id = serializers.IntegerField()
    hours_per_week = serializers.DecimalField(
        max_digits=5, decimal_places=2, coerce_to_string=False
    )

    class Meta:
        model = ContractPeriod
        fields = ["id", "start", "end", "hours_per_week", "team", "team_id", "job_title"]


class EmployeeManagerOutput(serializers.ModelSerializer):
    class Meta:
        model = Employee
        fields = ["id", "personnel_number", "first_name", "last_name"]


class EmployeeOutput(serializers.ModelSerializer):
    manager = EmployeeManagerOutput(allow_null=True)
    current_team = serializers.CharField(allow_null=True)
    current_job_title = serializers.CharField(allow_null=True)
    current_hours = serializers.DecimalField(
        max_digits=5, decimal_places=2, coerce_to_string=False, allow_null=True
    )
    employed_now = serializers.BooleanField()
    username = serializers.CharField(source="user.username", allow_null=True, default=None)
    contracts = ContractOutput(many=True, source="sorted_contracts")

    class Meta:
        model = Employee
        fields = [
            "id",
            "personnel_number",
            "first_name",
            "last_name",
            "email",
            "username",
            "manager",
            "current_team",
            "current_job_title",
            "current_hours",
            "employed_now",
            "exit_date",
            "exit_reason",
            "contracts",
        ]


class EmployeeCreateInput(serializers.Serializer):
    personnel_number = serializers.CharField(max_length=20)
    first_name = serializers.CharField(max_length=100)
    last_name = serializers.CharField(max_length=150)
    email = serializers.EmailField(
        required=False, allow_blank=True, default="", max_length=max_length(Employee, "email")
    )
    manager = serializers.PrimaryKeyRelatedField(
        queryset=Employee.objects.all(), required=False, allow_null=True, default=None
    )
    team = serializers.PrimaryKeyRelatedField(queryset=Team.objects.all())
    job_title = serializers.CharField(max_length=100)
    hours_per_week = serializers.DecimalField(
        max_digits=5, decimal_places=2, min_value=Decimal("0.01"), max_value=MAX_HOURS_PER_WEEK
    )
    contract_start = ApiDateField()
    contract_end = ApiDateField(required=False, allow_null=True, default=None)


class EmployeeUpdateInput(serializers.Serializer):
    personnel_number = serializers.CharField(max_length=20)
    first_name = serializers.CharField(max_length=100)
    last_name = serializers.CharField(max_length=150)
    email = serializers.EmailField(
        required=False, allow_blank=True, default="", max_length=max_length(Employee, "email")
    )
    manager = serializers.PrimaryKeyRelatedField(
        queryset=Employee.objects.all(), required=False, allow_null=True, default=None
    )


class OffboardInput(serializers.Serializer):
    exit_date = ApiDateField()
    exit_reason = serializers.ChoiceField(choices=Employee.ExitReason.choices)


class MeOutput(serializers.Serializer):
    username = serializers.CharField()
    first_name = serializers.CharField()
    last_name = serializers.CharField()
    email = serializers.CharField()
    language = serializers.CharField()
    roles = serializers.ListField(child=serializers.ChoiceField(choices=[r.value for r in Role]))
    managed_teams = TeamOutput(many=True)
    employee = EmployeeOutput(allow_null=True)
