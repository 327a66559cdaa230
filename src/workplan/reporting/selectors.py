"""Reads of reporting data that decide visibility.

Planners, supervisors and leaders see every report; a reporter sees its own units' reports and the periods
of plans it reports on. ``*_get_for_user`` raise ``NotFound`` for absent objects and ``PermissionDenied``
(403) for objects the user may not see.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _

from workplan.core.errors import NotFound, PermissionDenied
from workplan.plans.models import Plan, Section, Target
from workplan.plans.selectors import scope_for_actor
from workplan.units.models import Unit
from workplan.units.selectors import actor_for_user

from .models import Evidence, Period, TargetReport, TaskReport


def _forbidden(what: str) -> PermissionDenied:
    return PermissionDenied(_("You may not see this %(what)s.") % {"what": what}, "forbidden")


def _get(qs: QuerySet, pk):
    obj = qs.filter(pk=pk).first() if str(pk).isdigit() else None
    if obj is None:
        raise NotFound(_("Not found."), "not_found")
    return obj


def period_list_for_user(user) -> QuerySet[Period]:
    scope = scope_for_actor(actor_for_user(user))
    qs = Period.objects.select_related("plan")
    if scope.plan_ids is None:
        return qs
    return qs.filter(plan_id__in=scope.plan_ids)


def period_get_for_user(user, pk: int) -> Period:
    period = _get(Period.objects.select_related("plan"), pk)
    scope = scope_for_actor(actor_for_user(user), plan_id=period.plan_id)
    if scope.plan_ids is not None and period.plan_id not in scope.plan_ids:
        raise _forbidden(_("period"))
    return period


def period_current(*, plan: Plan, today=None) -> Period | None:
    """The period whose reports are due now: the latest one that has ended, else the first."""
    from django.utils import timezone

    today = today or timezone.localdate()
    periods = list(plan.periods.order_by("starts_on"))
    ended = [p for p in periods if p.ends_on < today]
    return ended[-1] if ended else (periods[0] if periods else None)


def _report_qs(model) -> QuerySet:
    item = "target" if model is TargetReport else "task"
    return model.objects.select_related("period", "unit", item, "submitted_by", "reviewed_by").prefetch_related(
        Prefetch("evidence", queryset=Evidence.objects.order_by("pk"))
    )


def target_report_list_for_user(user) -> QuerySet[TargetReport]:
    actor = actor_for_user(user)
    qs = _report_qs(TargetReport)
    return qs if actor.reads_all else qs.filter(unit_id__in=actor.reporter_unit_ids)


def task_report_list_for_user(user) -> QuerySet[TaskReport]:
    actor = actor_for_user(user)
    qs = _report_qs(TaskReport)
    return qs if actor.reads_all else qs.filter(unit_id__in=actor.reporter_unit_ids)


def target_report_get_for_user(user, pk: int) -> TargetReport:
    report = _get(_report_qs(TargetReport), pk)
    actor = actor_for_user(user)
    if not actor.reads_all and report.unit_id not in actor.reporter_unit_ids:
        raise _forbidden(_("report"))
    return report


def task_report_get_for_user(user, pk: int) -> TaskReport:
    report = _get(_report_qs(TaskReport), pk)
    actor = actor_for_user(user)
    if not actor.reads_all and report.unit_id not in actor.reporter_unit_ids:
        raise _forbidden(_("report"))
    return report


def evidence_list_for_user(user) -> QuerySet[Evidence]:
    actor = actor_for_user(user)
    qs = Evidence.objects.select_related("target_report", "task_report")
    if actor.reads_all:
        return qs
    units = actor.reporter_unit_ids
    return qs.filter(target_report__unit_id__in=units) | qs.filter(task_report__unit_id__in=units)


def evidence_get_for_user(user, pk: int) -> Evidence:
    evidence = _get(Evidence.objects.select_related("target_report", "task_report"), pk)
    actor = actor_for_user(user)
    if not actor.reads_all and evidence.report.unit_id not in actor.reporter_unit_ids:
        raise _forbidden(_("file"))
    return evidence


@dataclass
class TodoItem:
    """One thing a unit must report on in a period, with its report if one exists."""

    kind: str  # "target" or "task"
    item: Target | Section
    report: TargetReport | TaskReport | None


def todo_list_for_unit(*, user, period: Period, unit: Unit) -> list[TodoItem]:
    """What ``unit`` must report in ``period``: its assigned tasks and targets, with existing reports.

    The user must report for the unit or read all. Four queries whatever the number of items.
    """
    actor = actor_for_user(user)
    if not actor.reads_all and unit.pk not in actor.reporter_unit_ids:
        raise _forbidden(_("unit"))
    from dataclasses import replace

    as_unit = replace(actor, is_superuser=False, roles=frozenset({"reporter"}), reporter_unit_ids=frozenset({unit.pk}))
    scope = scope_for_actor(as_unit, plan_id=period.plan_id)
    task_ids = set(
        period.plan.assignments.filter(unit=unit, section__isnull=False).values_list("section_id", flat=True)
    )
    target_reports = {
        r.target_id: r for r in TargetReport.objects.filter(period=period, unit=unit).prefetch_related("evidence")
    }
    task_reports = {
        r.task_id: r for r in TaskReport.objects.filter(period=period, unit=unit).prefetch_related("evidence")
    }
    items = [
        TodoItem("task", s, task_reports.get(s.pk))
        for s in Section.objects.filter(pk__in=task_ids).order_by("order", "pk")
    ]
    items += [
        TodoItem("target", t, target_reports.get(t.pk))
        for t in Target.objects.filter(pk__in=scope.target_ids).select_related("section").order_by("order", "pk")
    ]
    return items


@dataclass
class TodoRow:
    """A (plan, period, unit) to report on, for the to-do start page; counts only for the user's own units."""

    plan: Plan
    period: Period | None
    unit: Unit
    own: bool
    items: int | None = None
    done: int | None = None


def todo_rows_for_user(*, user) -> list[TodoRow]:
    """Every published plan and assigned unit the user reports for (reporters) or may look at (others).

    Reporters get the number of items due in the current period and how many are submitted or accepted.
    """
    from workplan.plans.models import Assignment

    actor = actor_for_user(user)
    pairs = Assignment.objects.filter(plan__status=Plan.Status.PUBLISHED, unit__isnull=False)
    if not actor.reads_all:
        pairs = pairs.filter(unit_id__in=actor.reporter_unit_ids)
    pairs = pairs.values_list("plan_id", "unit_id").distinct()
    keys = sorted(set(pairs))
    plans = {p.pk: p for p in Plan.objects.filter(pk__in={p for p, _u in keys}).defer("source_text")}
    units = Unit.objects.in_bulk({u for _p, u in keys})
    current = {pk: period_current(plan=plan) for pk, plan in plans.items()}
    rows = []
    for plan_id, unit_id in keys:
        own = unit_id in actor.reporter_unit_ids
        row = TodoRow(plans[plan_id], current[plan_id], units[unit_id], own)
        if own and row.period is not None:
            items = todo_list_for_unit(user=user, period=row.period, unit=row.unit)
            row.items = len(items)
            row.done = sum(1 for i in items if i.report and i.report.status in ("submitted", "accepted"))
        rows.append(row)
    rows.sort(key=lambda r: (not r.own, r.plan.title, r.unit.name))
    return rows


def report_review_list_for_user(user) -> tuple[QuerySet[TargetReport], QuerySet[TaskReport]]:
    """Submitted reports awaiting review, oldest first; for supervisors (and the others who read all)."""
    actor = actor_for_user(user)
    if not actor.reads_all:
        raise _forbidden(_("review list"))
    target_reports = _report_qs(TargetReport).select_related("period__plan").filter(status="submitted")
    task_reports = _report_qs(TaskReport).select_related("period__plan").filter(status="submitted")
    return target_reports.order_by("submitted_at", "pk"), task_reports.order_by("submitted_at", "pk")
