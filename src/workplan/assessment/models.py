"""Assessment (目标责任考核): how a plan's targets are scored, chosen by the planner."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from workplan.core.models import TimeStampedModel
from workplan.plans.models import Plan


class ScoringMethod(models.TextChoices):
    LINEAR = "linear", _("linear to the target")  # points in proportion to completion, over-achievement too
    CAPPED = "capped", _("linear, capped at 100%")
    BONUS = "bonus", _("capped, with a bonus for over-achievement")


class ScoringScheme(TimeStampedModel):
    """The scoring of one plan: each unit's targets share ``full_marks`` by weight; late reports cost points."""

    plan = models.OneToOneField(Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="scoring_scheme")
    method = models.CharField(
        _("scoring method"), max_length=10, choices=ScoringMethod.choices, default=ScoringMethod.CAPPED
    )
    full_marks = models.DecimalField(_("full marks"), max_digits=6, decimal_places=2, default=Decimal("100"))
    bonus_cap = models.DecimalField(
        _("bonus cap (share of a target's points)"), max_digits=5, decimal_places=3, default=Decimal("0.1")
    )
    late_penalty = models.DecimalField(
        _("points deducted per late or missing report"), max_digits=6, decimal_places=2, default=Decimal("0.5")
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
        verbose_name = _("scoring scheme")
        verbose_name_plural = _("scoring schemes")
        constraints = [
            models.CheckConstraint(condition=models.Q(full_marks__gt=0), name="scoring_full_marks_positive"),
            models.CheckConstraint(condition=models.Q(bonus_cap__gte=0), name="scoring_bonus_cap_not_negative"),
            models.CheckConstraint(condition=models.Q(late_penalty__gte=0), name="scoring_penalty_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.plan} · {self.get_method_display()}"
