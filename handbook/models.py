"""Handbooks, their chapters and the versions of each chapter with the PVT's review
(participation.md).

A chapter's text lives in its versions. A version goes draft -> submitted (to the PVT, with the
written request and a response deadline) -> responded (the PVT's formal response) -> decided
(the general board) -> published (with an effective date) -> archived (superseded by the next
published version). A chapter for information may skip the PVT's response and the board.
The rules of the order are in `handbook.workflow` (pure) and enforced by the services; the
database decides what two requests may not both do: one version in progress and one published
version per chapter, and one acknowledgement per person and version."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.dates import validate_date
from core.fields import LimitedTextField

MAX_BODY = 100_000


class Participation(models.TextChoices):
    CONSENT = "consent", _("Consent")
    ADVICE = "advice", _("Advice")
    INFORMATION = "information", _("Information")


# The article of the Works Councils Act (WOR) that gives the PVT its right.
WOR_ARTICLES = {
    Participation.CONSENT: "WOR art. 27",
    Participation.ADVICE: "WOR art. 25",
    Participation.INFORMATION: "WOR art. 31",
}


class Handbook(models.Model):
    name = models.CharField(_("name"), max_length=150, unique=True)
    description = LimitedTextField(_("description"), max_length=2000, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("handbook")
        verbose_name_plural = _("handbooks")
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return str(self.name)


class Chapter(models.Model):
    handbook = models.ForeignKey(
        Handbook, verbose_name=_("handbook"), on_delete=models.PROTECT, related_name="chapters"
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    title = models.CharField(_("title"), max_length=200)
    participation = models.CharField(
        _("participation right of the PVT"),
        max_length=12,
        choices=Participation.choices,
        help_text=_(
            "Consent (WOR art. 27) for rules on e.g. working hours, leave, sickness absence, "
            "training, appraisal and personal data; advice (art. 25) for important "
            "organisational decisions; information for everything else."
        ),
    )
    review_on = models.DateField(
        _("next periodic review"),
        null=True,
        blank=True,
        validators=[validate_date],
        help_text=_("HR gets a reminder when this date has passed."),
    )
    review_reminder_sent_for = models.DateField(
        _("review reminder sent for"), null=True, blank=True
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("chapter")
        verbose_name_plural = _("chapters")
        ordering = ["handbook", "position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["handbook", "title"],
                name="handbook_chapter_unique_title",
                violation_error_message=_("This handbook already has a chapter with this title."),
            ),
        ]

    def __str__(self) -> str:
        return str(self.title)

    @property
    def wor_article(self) -> str:
        return WOR_ARTICLES[Participation(self.participation)]


class Version(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("With the PVT")
        RESPONDED = "responded", _("PVT responded")
        DECIDED = "decided", _("Decided by the board")
        PUBLISHED = "published", _("Published")
        ARCHIVED = "archived", _("Archived")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    class Outcome(models.TextChoices):
        CONSENT_GIVEN = "consent_given", _("Consent given")
        CONSENT_WITHHELD = "consent_withheld", _("Consent withheld")
        ADVICE_POSITIVE = "advice_positive", _("Positive advice")
        ADVICE_NEGATIVE = "advice_negative", _("Negative advice")
        ADVICE_CONDITIONAL = "advice_conditional", _("Advice with conditions")

    IN_PROGRESS = ("draft", "submitted", "responded", "decided")

    chapter = models.ForeignKey(
        Chapter, verbose_name=_("chapter"), on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField(_("version"))
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFT
    )
    body = LimitedTextField(_("text (Markdown)"), max_length=MAX_BODY, blank=True)
    summary = LimitedTextField(_("summary of the changes"), max_length=2000, blank=True)
    minor = models.BooleanField(
        _("minor change"),
        default=False,
        help_text=_("Spelling and layout only: employees need not acknowledge it again."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("written by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    # submission to the PVT: the written request and the agreed response deadline
    request = LimitedTextField(
        _("request to the PVT"),
        max_length=10_000,
        blank=True,
        help_text=_(
            "The reasons, the consequences for staff and the proposed measures; for a consent "
            "chapter also where the CAO Sociaal Werk already settles the matter."
        ),
    )
    deadline = models.DateField(
        _("response deadline"), null=True, blank=True, validators=[validate_date]
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # the PVT's formal response, recorded by a PVT member on behalf of the PVT
    outcome = models.CharField(
        _("PVT response"), max_length=20, choices=Outcome.choices, blank=True
    )
    motivation = LimitedTextField(_("motivation"), max_length=10_000, blank=True)
    pvt_meeting_on = models.DateField(
        _("PVT meeting"), null=True, blank=True, validators=[validate_date]
    )
    responded_at = models.DateTimeField(_("responded"), null=True, blank=True)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # the general board's decision
    decided_on = models.DateField(
        _("board decision date"), null=True, blank=True, validators=[validate_date]
    )
    decision_reference = models.CharField(_("decision reference"), max_length=200, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decision recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # publication
    effective_date = models.DateField(
        _("effective date"), null=True, blank=True, validators=[validate_date]
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("published by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    archived_at = models.DateTimeField(_("archived or withdrawn"), null=True, blank=True)

    class Meta:
        verbose_name = _("chapter version")
        verbose_name_plural = _("chapter versions")
        ordering = ["chapter", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["chapter", "number"],
                name="handbook_version_unique_number",
                violation_error_message=_("This chapter already has a version with this number."),
            ),
            models.UniqueConstraint(
                fields=["chapter"],
                condition=Q(status__in=["draft", "submitted", "responded", "decided"]),
                name="handbook_version_one_in_progress",
                violation_error_message=_("This chapter already has a version in progress."),
            ),
            models.UniqueConstraint(
                fields=["chapter"],
                condition=Q(status="published"),
                name="handbook_version_one_published",
                violation_error_message=_("This chapter already has a published version."),
            ),
            models.CheckConstraint(
                condition=~Q(status="published") | Q(effective_date__isnull=False),
                name="handbook_version_published_has_effective_date",
                violation_error_message=_("A published version has an effective date."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.chapter} v{self.number}"


class CommentThread(models.Model):
    """A discussion on one paragraph, by its stable anchor (`handbook.paragraphs`): it shows on
    every later version in which that paragraph is unchanged."""

    chapter = models.ForeignKey(
        Chapter, verbose_name=_("chapter"), on_delete=models.CASCADE, related_name="threads"
    )
    version = models.ForeignKey(
        Version,
        verbose_name=_("started on version"),
        on_delete=models.CASCADE,
        related_name="threads",
    )
    anchor = models.CharField(_("paragraph"), max_length=40)
    excerpt = models.CharField(_("paragraph text"), max_length=300, blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("started by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("resolved by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("comment thread")
        verbose_name_plural = _("comment threads")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["chapter", "anchor"])]

    def __str__(self) -> str:
        return f"{self.chapter} #{self.anchor}"


class Comment(models.Model):
    thread = models.ForeignKey(
        CommentThread, verbose_name=_("thread"), on_delete=models.CASCADE, related_name="comments"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    body = LimitedTextField(_("comment"), max_length=5000)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.thread}: {self.body[:40]}"


class Acknowledgement(models.Model):
    """An employee read and acknowledged a published version of a chapter."""

    version = models.ForeignKey(
        Version,
        verbose_name=_("version"),
        on_delete=models.CASCADE,
        related_name="acknowledgements",
    )
    employee = models.ForeignKey(
        "hrm.Employee",
        verbose_name=_("employee"),
        on_delete=models.CASCADE,
        related_name="handbook_acknowledgements",
    )
    acknowledged_at = models.DateTimeField(_("acknowledged"), auto_now_add=True)

    class Meta:
        verbose_name = _("acknowledgement")
        verbose_name_plural = _("acknowledgements")
        constraints = [
            models.UniqueConstraint(
                fields=["version", "employee"],
                name="handbook_ack_once",
                violation_error_message=_("You have already acknowledged this version."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.employee} {self.version}"


class AcknowledgementReminder(models.Model):
    """A reminder to acknowledge a version went to a person: once per person per version."""

    version = models.ForeignKey(
        Version, verbose_name=_("version"), on_delete=models.CASCADE, related_name="+"
    )
    employee = models.ForeignKey(
        "hrm.Employee", verbose_name=_("employee"), on_delete=models.CASCADE, related_name="+"
    )
    sent_at = models.DateTimeField(_("sent"), auto_now_add=True)

    class Meta:
        verbose_name = _("acknowledgement reminder")
        verbose_name_plural = _("acknowledgement reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["version", "employee"], name="handbook_ack_reminder_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.employee} {self.version}"


class ReadMark(models.Model):
    """The version of a chapter a person last read: "what changed since you last read it"."""

    chapter = models.ForeignKey(
        Chapter, verbose_name=_("chapter"), on_delete=models.CASCADE, related_name="+"
    )
    employee = models.ForeignKey(
        "hrm.Employee", verbose_name=_("employee"), on_delete=models.CASCADE, related_name="+"
    )
    version = models.ForeignKey(
        Version, verbose_name=_("version"), on_delete=models.CASCADE, related_name="+"
    )
    read_at = models.DateTimeField(_("read"), auto_now=True)

    class Meta:
        verbose_name = _("read mark")
        verbose_name_plural = _("read marks")
        constraints = [
            models.UniqueConstraint(fields=["chapter", "employee"], name="handbook_readmark_once"),
        ]

    def __str__(self) -> str:
        return f"{self.employee} {self.version}"
