"""Reporting periods, the reports units submit on their targets and tasks, evidence, and review."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from workplan.core.models import TimeStampedModel
from workplan.plans.models import Plan, ReportingCycle, Section, Target
from workplan.units.models import Unit


class Period(TimeStampedModel):
    """A month or quarter of a plan's year for which reports are due."""

    plan = models.ForeignKey(Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="periods")
    kind = models.CharField(_("kind"), max_length=20, choices=ReportingCycle.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    number = models.PositiveSmallIntegerField(_("number"))  # month 1–12 or quarter 1–4
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    due_on = models.DateField(_("due on"))

    class Meta:
        verbose_name = _("reporting period")
        verbose_name_plural = _("reporting periods")
        ordering = ["plan_id", "starts_on"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "kind", "year", "number"], name="period_unique"),
            models.CheckConstraint(condition=models.Q(ends_on__gte=models.F("starts_on")), name="period_ordered"),
        ]

    def __str__(self) -> str:
        if self.kind == ReportingCycle.QUARTERLY:
            return _("%(year)d Q%(n)d") % {"year": self.year, "n": self.number}
        return _("%(year)d-%(n)02d") % {"year": self.year, "n": self.number}


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    SUBMITTED = "submitted", _("submitted")
    ACCEPTED = "accepted", _("accepted")
    RETURNED = "returned", _("returned")


class ReportBase(TimeStampedModel):
    """What target and task reports share: who reports, the review state and the supervisor's comment."""

    period = models.ForeignKey(Period, verbose_name=_("period"), on_delete=models.CASCADE, related_name="+")
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    note = models.TextField(_("progress note"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.DRAFT)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    review_comment = models.TextField(_("review comment"), blank=True)

    class Meta:
        abstract = True

    @property
    def editable(self) -> bool:
        return self.status in (ReportStatus.DRAFT, ReportStatus.RETURNED)


class TargetReport(ReportBase):
    """A unit's actual value of a target at the end of a period."""

    target = models.ForeignKey(Target, verbose_name=_("target"), on_delete=models.CASCADE, related_name="reports")
    actual_value = models.DecimalField(_("actual value"), max_digits=20, decimal_places=4, null=True, blank=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("target report")
        verbose_name_plural = _("target reports")
        ordering = ["period__starts_on", "id"]
        constraints = [models.UniqueConstraint(fields=["period", "target", "unit"], name="target_report_unique")]
        indexes = [models.Index(fields=["target", "status"]), models.Index(fields=["unit", "period"])]

    def __str__(self) -> str:
        return f"{self.target} · {self.unit} · {self.period}"


class TaskReport(ReportBase):
    """A unit's progress on a task (a section it is assigned to) in a period."""

    class Progress(models.TextChoices):
        NOT_STARTED = "not_started", _("not started")
        ON_TRACK = "on_track", _("on track")
        AT_RISK = "at_risk", _("at risk")
        DELAYED = "delayed", _("delayed")
        DONE = "done", _("done")

    task = models.ForeignKey(Section, verbose_name=_("task"), on_delete=models.CASCADE, related_name="reports")
    progress = models.CharField(_("progress"), max_length=12, choices=Progress.choices, default=Progress.ON_TRACK)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("task report")
        verbose_name_plural = _("task reports")
        ordering = ["period__starts_on", "id"]
        constraints = [models.UniqueConstraint(fields=["period", "task", "unit"], name="task_report_unique")]
        indexes = [models.Index(fields=["task", "status"]), models.Index(fields=["unit", "period"])]

    def __str__(self) -> str:
        return f"{self.task} · {self.unit} · {self.period}"


class Evidence(TimeStampedModel):
    """A file backing a report (佐证材料), checked by content and served only to who may see the report."""

    target_report = models.ForeignKey(
        TargetReport, null=True, blank=True, on_delete=models.CASCADE, related_name="evidence"
    )
    task_report = models.ForeignKey(
        TaskReport, null=True, blank=True, on_delete=models.CASCADE, related_name="evidence"
    )
    file = models.FileField(_("file"), upload_to="evidence/%Y/%m/")
    name = models.CharField(_("file name"), max_length=200)
    kind = models.CharField(_("file type"), max_length=10)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveIntegerField(_("size"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(target_report__isnull=False) & models.Q(task_report__isnull=True))
                | (models.Q(target_report__isnull=True) & models.Q(task_report__isnull=False)),
                name="evidence_for_one_report",
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def report(self) -> TargetReport | TaskReport:
        return self.target_report or self.task_report
