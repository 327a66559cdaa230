"""Reads of assessment: the scoring scheme of a plan and the scores of its units at a period."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from workplan.plans.models import Plan, ReportingCycle
from workplan.reporting.models import Period, TargetReport, TaskReport
from workplan.supervision.selectors import DONE_STATUSES, plan_status
from workplan.units.selectors import actor_for_user

from .models import ScoringScheme
from .scoring import TargetInput, UnitScore, rank, unit_score


@dataclass
class Assessment:
    plan: Plan
    period: Period
    scheme: ScoringScheme
    scores: list[UnitScore]


def scheme_for_plan(*, plan: Plan) -> ScoringScheme:
    """The plan's scheme, or an unsaved default one (capped, 100 marks, 0.5 per late report)."""
    return ScoringScheme.objects.filter(plan=plan).first() or ScoringScheme(plan=plan)


def assessment_periods(*, plan: Plan) -> dict[str, Period | None]:
    """The mid-year (June / Q2) and year-end (December / Q4) periods of the plan's year."""
    half, last = (2, 4) if plan.reporting_cycle == ReportingCycle.QUARTERLY else (6, 12)
    by_number = {p.number: p for p in plan.periods.filter(kind=plan.reporting_cycle, year=plan.year)}
    return {"mid_year": by_number.get(half), "year_end": by_number.get(last)}


def _late_submissions(plan: Plan, periods: list[Period], owned: set[tuple[str, int, int]]) -> Counter:
    """Reports submitted after their due date, per unit, on items the unit answers for."""
    due = {p.pk: p.due_on for p in periods}
    late: Counter = Counter()
    for kind, model, item in (("target", TargetReport, "target_id"), ("task", TaskReport, "task_id")):
        rows = model.objects.filter(period_id__in=due, status__in=DONE_STATUSES, submitted_at__isnull=False)
        for unit_id, item_id, period_id, submitted_at in rows.values_list("unit_id", item, "period_id", "submitted_at"):
            if (kind, unit_id, item_id) in owned and timezone.localtime(submitted_at).date() > due[period_id]:
                late[unit_id] += 1
    return late


def assessment_compute(*, plan: Plan, period: Period, today: dt.date | None = None, user=None) -> Assessment:
    """Scores of every unit that answers for targets of ``plan``, as of the end of ``period``, ranked.

    A reporter (``user``) sees its own units' rows only. A fixed number of queries.
    """
    today = today or timezone.localdate()
    scheme = scheme_for_plan(plan=plan)
    status = plan_status(plan=plan, period=period, today=today)
    weights = {t.id: (Decimal(str(t.weight)), t.label) for t in status.targets}
    periods = [
        p
        for p in plan.periods.filter(kind=period.kind, year=period.year)
        if p.number <= period.number and p.due_on < today
    ]
    owned = {(u.kind, u.unit_id, u.item_id) for u in status.units}
    late = _late_submissions(plan, periods, owned)
    missing: Counter = Counter()
    targets_of: dict[int, list[TargetInput]] = {}
    for u in status.units:
        missing[u.unit_id] += u.evaluation.overdue
        if u.kind != "target":
            continue
        ev = u.evaluation
        weight, label = weights[u.item_id]
        targets_of.setdefault(u.unit_id, []).append(
            TargetInput(u.item_id, label, weight, ev.completion, ev.expected if ev.expected is not None else 1.0)
        )
    scores = [
        unit_score(
            unit_id=unit_id,
            unit=status.unit_names.get(unit_id, ""),
            targets=targets,
            late_reports=late[unit_id] + missing[unit_id],
            method=scheme.method,
            full_marks=Decimal(scheme.full_marks),
            bonus_cap=Decimal(scheme.bonus_cap),
            late_penalty=Decimal(scheme.late_penalty),
        )
        for unit_id, targets in targets_of.items()
    ]
    ranked = rank(scores)
    if user is not None:
        actor = actor_for_user(user)
        if not actor.reads_all:
            ranked = [s for s in ranked if s.unit_id in actor.reporter_unit_ids]
    return Assessment(plan, period, scheme, ranked)
