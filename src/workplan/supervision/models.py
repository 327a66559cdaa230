"""Supervision (督查督办): tunable status rules, follow-up orders, target shares, bulletins, reminders."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from workplan.core.models import TimeStampedModel
from workplan.plans.models import Plan, Section, Target
from workplan.reporting.models import Period
from workplan.units.models import Unit


class StatusRuleSet(TimeStampedModel):
    """Thresholds of the status rules (``supervision.status.Rules``); one per plan, or the default (no plan).

    Shares are of the year's target: a yellow tolerance of 0.05 keeps an item green while it is at most
    5 percentage points behind the time-elapsed ratio.
    """

    class ProjectionMethod(models.TextChoices):
        LEAST_SQUARES = "least_squares", _("least squares over the reports so far")
        RUN_RATE = "run_rate", _("run rate of the latest report")

    plan = models.OneToOneField(
        Plan, verbose_name=_("plan"), null=True, blank=True, on_delete=models.CASCADE, related_name="status_rules"
    )
    yellow_tolerance = models.DecimalField(
        _("yellow tolerance"), max_digits=5, decimal_places=3, default=Decimal("0.05")
    )
    red_tolerance = models.DecimalField(_("red tolerance"), max_digits=5, decimal_places=3, default=Decimal("0.15"))
    projection_method = models.CharField(
        _("projection method"), max_length=20, choices=ProjectionMethod.choices, default=ProjectionMethod.LEAST_SQUARES
    )
    projection_yellow_below = models.DecimalField(
        _("projected completion below which yellow"), max_digits=5, decimal_places=3, default=Decimal("1")
    )
    projection_red_below = models.DecimalField(
        _("projected completion below which red"), max_digits=5, decimal_places=3, default=Decimal("0.8")
    )
    projection_min_points = models.PositiveSmallIntegerField(_("reports needed for a projection"), default=2)
    overdue_yellow = models.PositiveSmallIntegerField(_("overdue reports for yellow"), default=1)
    overdue_red = models.PositiveSmallIntegerField(_("overdue reports for red"), default=2)
    task_not_started_yellow_after = models.DecimalField(
        _("share of the year after which an unstarted task is yellow"),
        max_digits=5,
        decimal_places=3,
        default=Decimal("0.25"),
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("updated by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("status rules")
        verbose_name_plural = _("status rules")
        constraints = [
            models.UniqueConstraint(
                fields=["plan"], condition=models.Q(plan__isnull=True), name="status_rules_one_default"
            ),
            models.CheckConstraint(
                condition=models.Q(red_tolerance__gte=models.F("yellow_tolerance")), name="status_rules_tolerances"
            ),
        ]

    def __str__(self) -> str:
        return str(self.plan) if self.plan_id else str(_("default status rules"))

    def clean(self) -> None:
        if (
            self.red_tolerance is not None
            and self.yellow_tolerance is not None
            and self.red_tolerance < self.yellow_tolerance
        ):
            raise ValidationError(
                {
                    "red_tolerance": ValidationError(
                        _("The red tolerance cannot be below the yellow one."), code="tolerances"
                    )
                }
            )
        if self.overdue_red is not None and self.overdue_yellow is not None and self.overdue_red < self.overdue_yellow:
            raise ValidationError(
                {
                    "overdue_red": ValidationError(
                        _("Red needs at least as many overdue reports as yellow."), code="overdue"
                    )
                }
            )


class TargetShare(TimeStampedModel):
    """A district's or park's part of a target (指标分解): its own value, reported on the parent target.

    The share's unit reports ``TargetReport`` rows on the parent target; for count and amount targets the
    parent's value is the sum of its shares' values, and the shares must add up to the parent's value.
    Percent and growth targets are levels: each share is judged on its own and nothing is summed.
    """

    target = models.ForeignKey(Target, verbose_name=_("target"), on_delete=models.CASCADE, related_name="shares")
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="target_shares")
    value = models.DecimalField(_("share value"), max_digits=20, decimal_places=4)
    baseline = models.DecimalField(_("baseline"), max_digits=20, decimal_places=4, null=True, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("target share")
        verbose_name_plural = _("target shares")
        ordering = ["target_id", "unit__name"]
        constraints = [
            models.UniqueConstraint(fields=["target", "unit"], name="target_share_unique"),
            models.CheckConstraint(condition=models.Q(value__gte=0), name="target_share_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.target} · {self.unit}"


class FollowUpOrder(TimeStampedModel):
    """A follow-up order (督办单): a supervisor asks a unit to act on lagging items by a due date.

    open → answered (the unit states its measures) → closed; a supervisor may escalate an open or answered
    order, after which the unit answers again. Every change is kept in ``history``.
    """

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        ANSWERED = "answered", _("answered")
        CLOSED = "closed", _("closed")
        ESCALATED = "escalated", _("escalated")

    plan = models.ForeignKey(Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="follow_up_orders")
    period = models.ForeignKey(
        Period, verbose_name=_("period"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="follow_up_orders")
    title = models.CharField(_("title"), max_length=200)
    request = models.TextField(_("what is asked"), blank=True)
    targets = models.ManyToManyField(Target, verbose_name=_("targets"), blank=True, related_name="follow_up_orders")
    tasks = models.ManyToManyField(Section, verbose_name=_("tasks"), blank=True, related_name="follow_up_orders")
    due_on = models.DateField(_("due on"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    answer = models.TextField(_("measures taken"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    comment = models.TextField(_("supervisor's comment"), blank=True)
    escalated_at = models.DateTimeField(_("escalated at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    reminders = models.PositiveSmallIntegerField(_("reminders sent"), default=0)
    last_reminded_at = models.DateTimeField(_("last reminded at"), null=True, blank=True)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("opened by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("follow-up order")
        verbose_name_plural = _("follow-up orders")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["unit", "status"]), models.Index(fields=["plan", "status"])]

    def __str__(self) -> str:
        return self.title


class Bulletin(TimeStampedModel):
    """A generated 督查通报 of a plan for a period: the .docx, and a PDF where LibreOffice is installed."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        RUNNING = "running", _("running")
        DONE = "done", _("done")
        FAILED = "failed", _("failed")

    plan = models.ForeignKey(Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="bulletins")
    period = models.ForeignKey(Period, verbose_name=_("period"), on_delete=models.CASCADE, related_name="+")
    number = models.PositiveSmallIntegerField(_("issue number"), null=True, blank=True)
    issuer = models.CharField(_("issuer"), max_length=200, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    docx = models.FileField(_("Word file"), upload_to="bulletins/%Y/", blank=True)
    pdf = models.FileField(_("PDF file"), upload_to="bulletins/%Y/", blank=True)
    message = models.TextField(_("message"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    task_id = models.CharField(_("task id"), max_length=64, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("bulletin")
        verbose_name_plural = _("bulletins")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.plan} · {self.period}"


class ReminderLog(models.Model):
    """A reminder sent to a unit, so the same reminder is never sent twice."""

    class Kind(models.TextChoices):
        DUE_SOON = "due_soon", _("report due soon")
        OVERDUE = "overdue", _("report overdue")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    period = models.ForeignKey(Period, verbose_name=_("period"), on_delete=models.CASCADE, related_name="+")
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.CASCADE, related_name="+")
    recipients = models.TextField(_("recipients"), blank=True)
    items = models.PositiveIntegerField(_("missing items"), default=0)
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        ordering = ["-sent_at"]
        constraints = [models.UniqueConstraint(fields=["kind", "period", "unit"], name="reminder_once")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.unit} · {self.period}"
