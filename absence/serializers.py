"""API input and output of episodes, partial recovery, corrections, details, maternity leave, the
report and who is sick now (names unique across the schema)."""

from decimal import Decimal

from rest_framework import serializers

from absence.models import Episode, EpisodeChange, MaternityLeave, PartialRecovery
from core.forms import max_length
from core.serializers import ApiDateField
from hrm.models import Employee, Team


class PartialRecoveryOutput(serializers.ModelSerializer):
    percentage = serializers.DecimalField(max_digits=5, decimal_places=2, coerce_to_string=False)

    class Meta:
        model = PartialRecovery
        fields = ["start", "percentage"]


class EpisodeEmployeeOutput(serializers.ModelSerializer):
    class Meta:
        model = Employee
        fields = ["id", "personnel_number", "first_name", "last_name"]


class EpisodeOutput(serializers.ModelSerializer):
    employee = EpisodeEmployeeOutput()
    partial_recoveries = PartialRecoveryOutput(many=True)
    notes = serializers.SerializerMethodField()

    class Meta:
        model = Episode
        fields = [
            "id",
            "employee",
            "first_sick_day",
            "recovered_on",
            "partial_recoveries",
            "expected_duration",
            "contact_address",
            "contact_phone",
            "availability",
            "safety_net",
            "work_accident",
            "third_party_liable",
            "arbo_notified_at",
            "arbo_channel",
            "notes",
        ]

    def get_notes(self, episode) -> list[str]:
        return [str(n) for n in getattr(episode, "notes", [])]


class EpisodeCreateInput(serializers.Serializer):
    employee = serializers.PrimaryKeyRelatedField(queryset=Employee.objects.all())
    first_sick_day = ApiDateField()
    expected_duration = serializers.ChoiceField(
        choices=Episode.ExpectedDuration.choices,
        required=False,
        default=Episode.ExpectedDuration.UNKNOWN,
    )
    contact_address = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=max_length(Episode, "contact_address"),
    )
    contact_phone = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=30
    )
    availability = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=max_length(Episode, "availability")
    )


class RecoverInput(serializers.Serializer):
    recovered_on = ApiDateField(help_text="The first day fully fit again.")


class PartialInput(serializers.Serializer):
    start = ApiDateField()
    percentage = serializers.DecimalField(
        max_digits=5,
        decimal_places=2,
        min_value=Decimal("0"),
        max_value=Decimal("100"),
        help_text="Works this % of the contract from start.",
    )


class PartialStepInput(serializers.Serializer):
    start = ApiDateField()
    percentage = serializers.DecimalField(
        max_digits=5, decimal_places=2, min_value=Decimal("0"), max_value=Decimal("99.99")
    )


class CorrectInput(serializers.Serializer):
    reason = serializers.CharField(max_length=max_length(EpisodeChange, "reason"))
    first_sick_day = ApiDateField()
    recovered_on = ApiDateField(allow_null=True)
    # The list may be null (keep the recorded steps), its items may not: `many=True` would pass
    # allow_null on to every item as well.
    partial_recoveries: serializers.ListSerializer = serializers.ListSerializer(
        child=PartialStepInput(), required=False, allow_null=True, default=None
    )

    def validate_partial_recoveries(self, steps):
        """As the service takes them: [(start, percentage)], or None to keep the recorded ones."""
        return None if steps is None else [(step["start"], step["percentage"]) for step in steps]


class DetailsInput(serializers.Serializer):
    expected_duration = serializers.ChoiceField(
        choices=Episode.ExpectedDuration.choices, required=False
    )
    contact_address = serializers.CharField(
        required=False, allow_blank=True, max_length=max_length(Episode, "contact_address")
    )
    contact_phone = serializers.CharField(required=False, allow_blank=True, max_length=30)
    availability = serializers.CharField(
        required=False, allow_blank=True, max_length=max_length(Episode, "availability")
    )
    safety_net = serializers.BooleanField(required=False)
    work_accident = serializers.BooleanField(required=False)
    third_party_liable = serializers.BooleanField(required=False)


class MaternityLeaveOutput(serializers.ModelSerializer):
    employee = EpisodeEmployeeOutput()
    notes = serializers.SerializerMethodField()

    class Meta:
        model = MaternityLeave
        fields = ["id", "employee", "start", "end", "notes"]

    def get_notes(self, leave) -> list[str]:
        return [str(n) for n in getattr(leave, "notes", [])]


class MaternityLeaveInput(serializers.Serializer):
    employee = serializers.PrimaryKeyRelatedField(queryset=Employee.objects.all())
    start = ApiDateField()
    end = ApiDateField(help_text="Inclusive.")


class ReportQuery(serializers.Serializer):
    start = ApiDateField()
    end = ApiDateField()
    team = serializers.CharField(required=False, max_length=max_length(Team, "name"))
    by = serializers.ChoiceField(choices=["team", "month", "week"], required=False)


class CurrentQuery(serializers.Serializer):
    team = serializers.CharField(
        required=False, allow_blank=True, max_length=max_length(Team, "name")
    )


class MetricsOutput(serializers.Serializer):
    """Figures of a group. For PVT and board every group (and the total) has `suppressed`; a
    suppressed group has all figures null."""

    suppressed = serializers.BooleanField(
        required=False,
        help_text="Only for PVT and board: true when fewer than 5 different people were employed in the group during its period; its figures are then null.",
    )
    absence_percentage = serializers.FloatField(allow_null=True)
    status = serializers.ChoiceField(choices=["green", "amber", "red"], allow_null=True)
    sick_days = serializers.FloatField(allow_null=True)
    available_days = serializers.FloatField(allow_null=True)
    average_headcount = serializers.FloatField(allow_null=True)
    episodes_started = serializers.IntegerField(allow_null=True)
    notification_frequency = serializers.FloatField(allow_null=True)
    notification_frequency_annualised = serializers.FloatField(allow_null=True)
    episodes_ended = serializers.IntegerField(allow_null=True)
    mean_duration_days = serializers.FloatField(allow_null=True)
    zero_absence_percentage = serializers.FloatField(allow_null=True)
    absence_percentage_by_class = serializers.DictField(
        child=serializers.FloatField(allow_null=True), allow_null=True
    )


class GroupOutput(MetricsOutput):
    key = serializers.CharField()


class CurrentSickOutput(serializers.Serializer):
    """Somebody sick today (no medical details exist to show)."""

    episode = serializers.IntegerField(source="pk")
    employee = serializers.IntegerField(source="employee_id")
    personnel_number = serializers.CharField(source="employee.personnel_number")
    name = serializers.CharField(source="employee.full_name")
    team = serializers.CharField(source="team_name", allow_null=True)
    first_sick_day = serializers.DateField()
    sick_day = serializers.SerializerMethodField(
        help_text="Calendar sick day of this episode today."
    )
    work_percentage = serializers.SerializerMethodField(
        help_text="% of the contract worked today (0 = fully sick)."
    )
    expected_duration = serializers.CharField()

    def get_sick_day(self, episode) -> int:
        return episode.sick_day_number(self.context["today"])

    def get_work_percentage(self, episode) -> float:
        return float(episode.work_percentage_on(self.context["today"]))


class PeriodOutput(serializers.Serializer):
    start = serializers.DateField()
    end = serializers.DateField()


class ReportOutput(serializers.Serializer):
    period = PeriodOutput()
    target_percentage = serializers.FloatField()
    total = MetricsOutput()
    groups = GroupOutput(many=True)
