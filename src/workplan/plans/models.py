"""Plans, their outline (sections), targets and the units assigned to them.

A plan is one part of an uploaded document; the source text is kept so every section, target and
assignment can be highlighted where it was found (``start``/``end`` are offsets into ``Plan.source_text``).
A *task* is a section that has units assigned to it (重点任务 with a 牵头 clause).
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from workplan.core.models import TimeStampedModel
from workplan.units.models import Unit


class ReportingCycle(models.TextChoices):
    MONTHLY = "monthly", _("monthly")
    QUARTERLY = "quarterly", _("quarterly")


class Plan(TimeStampedModel):
    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        PUBLISHED = "published", _("published")
        ARCHIVED = "archived", _("archived")

    title = models.CharField(_("title"), max_length=300)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    end_year = models.PositiveSmallIntegerField(_("end year"), null=True, blank=True)
    issuer = models.CharField(_("issuer"), max_length=200, blank=True)
    region = models.CharField(_("region"), max_length=100, blank=True)
    doc_number = models.CharField(_("document number"), max_length=100, blank=True)
    issued_on = models.DateField(_("issued on"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    reporting_cycle = models.CharField(
        _("reporting cycle"), max_length=20, choices=ReportingCycle.choices, default=ReportingCycle.MONTHLY
    )
    source_name = models.CharField(_("source file"), max_length=200, blank=True)
    source_format = models.CharField(_("source format"), max_length=10, blank=True)
    source_text = models.TextField(_("source text"), blank=True)
    part = models.PositiveSmallIntegerField(_("part"), default=1)
    content_hash = models.CharField(_("content hash"), max_length=64, blank=True, db_index=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True, blank=True, on_delete=models.SET_NULL
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)

    history = HistoricalRecords(excluded_fields=["source_text", "updated_at"])

    class Meta:
        verbose_name = _("plan")
        verbose_name_plural = _("plans")
        ordering = ["-year", "-created_at"]

    def __str__(self) -> str:
        return self.title


class Section(TimeStampedModel):
    """A numbered heading of the plan (一、 (一) 1.) and the text under it, as a tree."""

    plan = models.ForeignKey(Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="sections")
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent section"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="children",
    )
    order = models.PositiveIntegerField(_("order"), default=0)
    level = models.PositiveSmallIntegerField(_("level"), default=1)
    label = models.CharField(_("number"), max_length=20, blank=True)
    title = models.CharField(_("title"), max_length=500)
    scheme = models.CharField(_("numbering scheme"), max_length=20, blank=True)
    start = models.PositiveIntegerField(_("start offset"), null=True, blank=True)
    end = models.PositiveIntegerField(_("end offset"), null=True, blank=True)
    body_start = models.PositiveIntegerField(_("body start offset"), null=True, blank=True)
    body_end = models.PositiveIntegerField(_("body end offset"), null=True, blank=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("section")
        verbose_name_plural = _("sections")
        ordering = ["plan_id", "order", "id"]
        indexes = [models.Index(fields=["plan", "order"])]

    def __str__(self) -> str:
        return f"{self.label} {self.title}".strip()


class Comparator(models.TextChoices):
    GE = ">=", _("at least")
    GT = ">", _("more than")
    LE = "<=", _("at most")
    LT = "<", _("less than")
    EQ = "=", _("equal to")
    RANGE = "range", _("between")


class Measure(models.TextChoices):
    COUNT = "count", _("count")
    AMOUNT = "amount", _("amount")
    PERCENT = "percent", _("percentage")
    GROWTH = "growth", _("growth")


class Target(TimeStampedModel):
    """A quantitative commitment (全社会研发投入增长10%以上)."""

    class Accumulation(models.TextChoices):
        CUMULATIVE = "cumulative", _("cumulative")  # 累计: the reported value is the running total
        NEW = "new", _("new this year")  # 新增

    plan = models.ForeignKey(Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="targets")
    section = models.ForeignKey(
        Section, verbose_name=_("section"), null=True, blank=True, on_delete=models.SET_NULL, related_name="targets"
    )
    order = models.PositiveIntegerField(_("order"), default=0)
    quote = models.TextField(_("quote"), blank=True)
    subject = models.CharField(_("indicator"), max_length=300)
    value = models.DecimalField(_("target value"), max_digits=20, decimal_places=4)
    value_max = models.DecimalField(_("upper value"), max_digits=20, decimal_places=4, null=True, blank=True)
    unit = models.CharField(_("unit of measure"), max_length=30, blank=True)
    comparator = models.CharField(_("comparator"), max_length=5, choices=Comparator.choices, default=Comparator.GE)
    measure = models.CharField(_("measure"), max_length=10, choices=Measure.choices, default=Measure.COUNT)
    deadline = models.PositiveSmallIntegerField(_("deadline year"), null=True, blank=True)
    per_year = models.BooleanField(_("per year"), default=False)
    aspirational = models.BooleanField(_("aspirational"), default=False)
    accumulation = models.CharField(
        _("accumulation"), max_length=12, choices=Accumulation.choices, default=Accumulation.CUMULATIVE
    )
    baseline = models.DecimalField(_("baseline"), max_digits=20, decimal_places=4, null=True, blank=True)
    weight = models.DecimalField(_("weight"), max_digits=8, decimal_places=2, default=1)
    start = models.PositiveIntegerField(_("start offset"), null=True, blank=True)
    end = models.PositiveIntegerField(_("end offset"), null=True, blank=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        ordering = ["plan_id", "order", "id"]
        indexes = [models.Index(fields=["plan", "order"])]
        constraints = [models.CheckConstraint(condition=models.Q(weight__gte=0), name="target_weight_not_negative")]

    def __str__(self) -> str:
        return self.subject

    def clean(self) -> None:
        if self.comparator == Comparator.RANGE and (self.value_max is None or self.value_max < self.value):
            raise ValidationError(
                {
                    "value_max": ValidationError(
                        _("A range needs an upper value not below the target value."), code="bad_range"
                    )
                }
            )


class Assignment(TimeStampedModel):
    """A unit named as lead (牵头) or supporting (配合/按职责分工负责) for a section or a single target.

    ``unit`` is empty while the name from the document (``name``) matches no unit or alias; the planner
    resolves it. Such an assignment gives nobody access.
    """

    class Role(models.TextChoices):
        LEAD = "lead", _("lead unit")
        SUPPORT = "support", _("supporting unit")

    plan = models.ForeignKey(Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="assignments")
    section = models.ForeignKey(
        Section, verbose_name=_("section"), null=True, blank=True, on_delete=models.CASCADE, related_name="assignments"
    )
    target = models.ForeignKey(
        Target, verbose_name=_("target"), null=True, blank=True, on_delete=models.CASCADE, related_name="assignments"
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), null=True, blank=True, on_delete=models.PROTECT, related_name="assignments"
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.LEAD)
    name = models.CharField(_("name in the document"), max_length=100, blank=True)
    text = models.TextField(_("responsibility clause"), blank=True)
    start = models.PositiveIntegerField(_("start offset"), null=True, blank=True)
    end = models.PositiveIntegerField(_("end offset"), null=True, blank=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        ordering = ["plan_id", "role", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(section__isnull=False) | models.Q(target__isnull=False),
                name="assignment_has_item",
            ),
            models.CheckConstraint(
                condition=models.Q(unit__isnull=False) | ~models.Q(name=""), name="assignment_has_unit_or_name"
            ),
        ]
        indexes = [models.Index(fields=["unit", "plan"])]

    def __str__(self) -> str:
        return f"{self.unit or self.name} ({self.get_role_display()})"

    @property
    def is_resolved(self) -> bool:
        return self.unit_id is not None


class ImportJob(TimeStampedModel):
    """One plan upload being parsed, with progress for the page that polls it."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        RUNNING = "running", _("running")
        DONE = "done", _("done")
        FAILED = "failed", _("failed")

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True, on_delete=models.SET_NULL
    )
    source_name = models.CharField(_("file name"), max_length=200)
    file = models.FileField(_("file"), upload_to="imports/%Y/%m/", blank=True)
    size = models.PositiveIntegerField(_("size"), default=0)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    message = models.TextField(_("message"), blank=True)
    error_code = models.CharField(_("error code"), max_length=50, blank=True)
    allow_duplicate = models.BooleanField(_("import even if already imported"), default=False)
    plan = models.ForeignKey(
        Plan, verbose_name=_("plan"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    result = models.JSONField(_("result"), default=dict, blank=True)
    task_id = models.CharField(_("task id"), max_length=64, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("import job")
        verbose_name_plural = _("import jobs")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.source_name} ({self.get_status_display()})"
