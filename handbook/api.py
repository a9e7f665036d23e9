"""/api/handbook/: the handbooks with their chapters, writing a chapter and its versions, the
steps of a version through the PVT and the board to publication, acknowledging it, reading a
version (with its sanitised HTML) and comparing two versions.

The services decide: a step out of order answers 400 with code `step_out_of_order` and the rule
in `detail`. A role that may not take a step at all answers 403 (`permission_denied`); a version
the user may not see answers 404, so employees never see a draft. Handbook texts are no personal
data: reading them writes no audit rows."""

from __future__ import annotations

from datetime import date

from django.db.models import OuterRef, Prefetch, Subquery
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from core.api import ID, Can, NumericIds, Pagination
from core.errors import ApplicationError
from core.forms import max_length
from core.serializers import ApiDateField
from handbook import services, workflow
from handbook.diff import diff_html
from handbook.diff import summary as diff_summary
from handbook.models import Acknowledgement, Chapter, Handbook, Participation, Version
from handbook.paragraphs import render_with_anchors
from handbook.permissions import sees_drafts, versions_visible_to
from handbook.services.common import facts

# serializers ------------------------------------------------------------------------------------


class HandbookChapterOutput(serializers.ModelSerializer):
    wor_article = serializers.CharField(help_text="The WOR article that gives the PVT its right.")
    published_version = serializers.IntegerField(
        source="published_version_id",
        allow_null=True,
        help_text="The id of the published version, or null while nothing is published.",
    )

    class Meta:
        model = Chapter
        fields = ["id", "title", "participation", "wor_article", "position", "published_version"]


class HandbookOutput(serializers.ModelSerializer):
    chapters = HandbookChapterOutput(many=True, help_text="In their order in the handbook.")

    class Meta:
        model = Handbook
        fields = ["id", "name", "description", "position", "chapters"]


class ChapterCreateInput(serializers.Serializer):
    handbook = serializers.PrimaryKeyRelatedField(queryset=Handbook.objects.all())
    title = serializers.CharField(max_length=max_length(Chapter, "title"))
    participation = serializers.ChoiceField(choices=Participation.choices)
    body = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        trim_whitespace=False,
        max_length=max_length(Version, "body"),
        help_text="The first draft's text (Markdown).",
    )


class ChapterOutput(serializers.ModelSerializer):
    wor_article = serializers.CharField()
    published_version = serializers.SerializerMethodField()
    draft_version = serializers.SerializerMethodField()

    class Meta:
        model = Chapter
        fields = [
            "id",
            "handbook",
            "title",
            "participation",
            "wor_article",
            "position",
            "review_on",
            "published_version",
            "draft_version",
        ]

    def get_published_version(self, chapter) -> int | None:
        return _version_id(chapter, [Version.Status.PUBLISHED])

    def get_draft_version(self, chapter) -> int | None:
        """The version in progress (draft, with the PVT, responded or decided), or null."""
        return _version_id(chapter, list(Version.IN_PROGRESS))


def _version_id(chapter: Chapter, statuses: list[str]) -> int | None:
    return chapter.versions.filter(status__in=statuses).values_list("pk", flat=True).first()


class VersionCreateInput(serializers.Serializer):
    body = serializers.CharField(
        required=False,
        allow_blank=True,
        trim_whitespace=False,
        max_length=max_length(Version, "body"),
        help_text="The text (Markdown); left out, the new draft starts from the last version's.",
    )
    summary = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=max_length(Version, "summary")
    )
    minor = serializers.BooleanField(
        required=False,
        default=False,
        help_text="Spelling and layout only: employees need not acknowledge it again.",
    )


class VersionChapterOutput(serializers.ModelSerializer):
    wor_article = serializers.CharField()

    class Meta:
        model = Chapter
        fields = ["id", "handbook", "title", "participation", "wor_article"]


def _name(help_text: str) -> serializers.CharField:
    # the login's name (User.__str__), null while the step was not taken
    return serializers.CharField(read_only=True, allow_null=True, help_text=help_text)


class VersionOutput(serializers.ModelSerializer):
    chapter = VersionChapterOutput()
    html = serializers.SerializerMethodField()
    submitted_by = _name("Who submitted it to the PVT.")
    responded_by = _name("The PVT member who recorded the response.")
    decided_by = _name("Who recorded the board's decision.")
    published_by = _name("Who published it.")
    earliest_effective_date = serializers.SerializerMethodField()

    class Meta:
        model = Version
        fields = [
            "id",
            "chapter",
            "number",
            "status",
            "body",
            "summary",
            "minor",
            "html",
            "created_at",
            "updated_at",
            "request",
            "deadline",
            "submitted_at",
            "submitted_by",
            "outcome",
            "motivation",
            "pvt_meeting_on",
            "responded_at",
            "responded_by",
            "decided_on",
            "decision_reference",
            "decided_by",
            "earliest_effective_date",
            "effective_date",
            "published_at",
            "published_by",
            "archived_at",
        ]

    def get_html(self, version) -> str:
        """The sanitised rendering of `body`, each paragraph in a `<section class="para">` with
        its stable anchor."""
        return render_with_anchors(version.body)

    @extend_schema_field(serializers.DateField(allow_null=True))
    def get_earliest_effective_date(self, version) -> date | None:
        """The first day the decision can take effect: the decision date, or one month later
        when it departs from the PVT's advice (WOR art. 25(6)); null before the decision."""
        return workflow.earliest_effective(facts(version))


class SubmitInput(serializers.Serializer):
    deadline = ApiDateField(
        required=False,
        allow_null=True,
        default=None,
        help_text="The PVT's response deadline; left out: the organisation's term (6 weeks).",
    )
    request = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=max_length(Version, "request"),
        help_text="The reasons, the consequences for staff and the proposed measures.",
    )


class RespondInput(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=Version.Outcome.choices)
    motivation = serializers.CharField(
        allow_blank=True, max_length=max_length(Version, "motivation")
    )
    pvt_meeting_on = ApiDateField(
        required=False, allow_null=True, default=None, help_text="The PVT meeting that decided."
    )


class DecideInput(serializers.Serializer):
    date = ApiDateField(help_text="The date of the general board's decision.")
    reference = serializers.CharField(
        allow_blank=True,
        max_length=max_length(Version, "decision_reference"),
        help_text="The decision's reference, for example AB-2026-14.",
    )


class PublishInput(serializers.Serializer):
    effective_date = ApiDateField(help_text="The day the version takes effect.")


class AcknowledgementOutput(serializers.ModelSerializer):
    chapter = serializers.IntegerField(source="version.chapter_id")

    class Meta:
        model = Acknowledgement
        fields = ["version", "chapter", "employee", "acknowledged_at"]


class DiffSummaryOutput(serializers.Serializer):
    blocks_added = serializers.IntegerField()
    blocks_removed = serializers.IntegerField()
    blocks_changed = serializers.IntegerField()
    blocks_unchanged = serializers.IntegerField()
    words_inserted = serializers.IntegerField()
    words_deleted = serializers.IntegerField()


class DiffOutput(serializers.Serializer):
    version = serializers.IntegerField()
    against = serializers.IntegerField()
    html = serializers.CharField(
        help_text="The version's rendered text with words inserted (`<ins>`) and deleted "
        "(`<del>`) since `against`, paragraph by paragraph."
    )
    summary = DiffSummaryOutput()


# views ------------------------------------------------------------------------------------------


def _published_version_id():
    return Subquery(
        Version.objects.filter(chapter=OuterRef("pk"), status=Version.Status.PUBLISHED).values(
            "pk"
        )[:1]
    )


@extend_schema_view(
    list=extend_schema(
        summary="The handbooks with their chapters",
        description="Each chapter with its participation right, WOR article and the id of its "
        "published version (null while none is). Those who may not see drafts see only "
        "chapters with a published version.",
    ),
)
class HandbookViewSet(NumericIds, mixins.ListModelMixin, viewsets.GenericViewSet):
    serializer_class = HandbookOutput
    pagination_class = Pagination
    permission_classes = [Can.do("handbook.read")]
    queryset = Handbook.objects.none()

    def get_queryset(self):
        chapters = Chapter.objects.annotate(published_version_id=_published_version_id())
        if not sees_drafts(self.request.user):
            chapters = chapters.filter(published_version_id__isnull=False)
        return Handbook.objects.prefetch_related(
            Prefetch("chapters", queryset=chapters.order_by("position", "pk"))
        ).order_by("position", "name")


class ChapterViewSet(NumericIds, viewsets.GenericViewSet):
    serializer_class = ChapterOutput
    permission_classes = [Can.do("handbook.manage")]
    queryset = Chapter.objects.none()

    def get_queryset(self):
        return Chapter.objects.all()

    @extend_schema(
        request=ChapterCreateInput,
        responses={201: ChapterOutput},
        summary="A new chapter with its first draft version (HR, director)",
    )
    def create(self, request):
        data = ChapterCreateInput(data=request.data)
        data.is_valid(raise_exception=True)
        chapter = services.chapter_create(actor=request.user, **data.validated_data)
        return Response(ChapterOutput(chapter).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=VersionCreateInput,
        responses={201: VersionOutput},
        summary="The chapter's next draft version (HR, director)",
        description="Refused (400, `version_in_progress`) while the chapter has a version in "
        "progress.",
    )
    @action(detail=True, methods=["post"])
    def versions(self, request, pk=None):
        data = VersionCreateInput(data=request.data)
        data.is_valid(raise_exception=True)
        chapter = get_object_or_404(self.get_queryset(), pk=pk)
        version = services.version_create(
            actor=request.user, chapter=chapter, **data.validated_data
        )
        return Response(_version_output(version.pk), status=status.HTTP_201_CREATED)


def _version_output(pk: int) -> dict:
    version = Version.objects.select_related(
        "chapter", "submitted_by", "responded_by", "decided_by", "published_by"
    ).get(pk=pk)
    return VersionOutput(version).data


AGAINST = OpenApiParameter(
    "against", int, required=True, description="The id of the version to compare with."
)


@extend_schema_view(
    retrieve=extend_schema(
        summary="One version with its sanitised HTML (drafts only for reviewers)",
    ),
)
class VersionViewSet(NumericIds, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = VersionOutput
    queryset = Version.objects.none()
    # who may take each step at all (403 otherwise); the services check the same again
    ACTIONS = {
        "submit": "handbook.manage",
        "respond": "handbook.respond",
        "decide": "handbook.decide",
        "publish": "handbook.manage",
        "acknowledge": "handbook.acknowledge",
    }

    def get_permissions(self):
        return [Can.do(self.ACTIONS.get(self.action, "handbook.read"))()]

    def get_queryset(self):
        return versions_visible_to(self.request.user).select_related(
            "submitted_by", "responded_by", "decided_by", "published_by"
        )

    def _step(self, request, service, input_class) -> Response:
        data = input_class(data=request.data)
        data.is_valid(raise_exception=True)
        version = service(actor=request.user, version=self.get_object(), **data.validated_data)
        return Response(_version_output(version.pk))

    @extend_schema(
        request=SubmitInput,
        responses=VersionOutput,
        summary="Submit a draft to the PVT with the request and a response deadline",
    )
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        return self._step(request, services.version_submit, SubmitInput)

    @extend_schema(
        request=RespondInput,
        responses=VersionOutput,
        summary="Record the PVT's formal response (PVT members)",
    )
    @action(detail=True, methods=["post"])
    def respond(self, request, pk=None):
        return self._step(request, services.version_respond, RespondInput)

    @extend_schema(
        request=DecideInput,
        responses=VersionOutput,
        summary="Record the general board's decision (director, board)",
    )
    @action(detail=True, methods=["post"])
    def decide(self, request, pk=None):
        return self._step(request, services.version_decide, DecideInput)

    @extend_schema(
        request=PublishInput,
        responses=VersionOutput,
        summary="Publish a decided version with its effective date; the previous one is archived",
    )
    @action(detail=True, methods=["post"])
    def publish(self, request, pk=None):
        return self._step(request, services.version_publish, PublishInput)

    @extend_schema(
        request=None,
        responses=AcknowledgementOutput,
        summary="Acknowledge that you read the published version (idempotent)",
        description="Acknowledging again answers the first acknowledgement. Only the published "
        "version of a chapter can be acknowledged (400, `not_published`).",
    )
    @action(detail=True, methods=["post"])
    def acknowledge(self, request, pk=None):
        acknowledgement = services.acknowledge(actor=request.user, version=self.get_object())
        return Response(AcknowledgementOutput(acknowledgement).data)

    @extend_schema(
        parameters=[AGAINST],
        responses=DiffOutput,
        summary="The changes in this version against another version of any chapter",
    )
    @action(detail=True, methods=["get"])
    def diff(self, request, pk=None):
        against_id = request.query_params.get("against", "").strip()
        if not ID.fullmatch(against_id):
            raise ApplicationError(
                _("Give the id of the version to compare with: ?against=<id>."),
                code="invalid",
                field="against",
            )
        version = self.get_object()
        against = get_object_or_404(self.get_queryset(), pk=int(against_id))
        return Response(
            DiffOutput(
                {
                    "version": version.pk,
                    "against": against.pk,
                    "html": diff_html(against.body, version.body),
                    "summary": diff_summary(against.body, version.body),
                }
            ).data
        )
