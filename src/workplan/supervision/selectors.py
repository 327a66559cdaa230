"""Reads of supervision: the rules in force, and the status of every target and task of a plan in a period.

``plan_status`` is the one place that turns reports into colours; the bulletin, the dashboard, reminders and
follow-up suggestions all read it. It runs a fixed number of queries whatever the plan's size.
"""

from __future__ import annotations

import datetime as dt
import gc
from collections import defaultdict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, fields

from django.conf import settings
from django.db import connections
from django.db.models import FloatField, Max, Q, QuerySet
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext as _

from workplan.core.errors import NotFound, PermissionDenied
from workplan.plans.models import Assignment, Plan, ReportingCycle
from workplan.reporting.models import Period, ReportStatus, TargetReport, TaskReport
from workplan.units.selectors import actor_for_user

from . import status as rules_mod
from .models import FollowUpOrder, StatusRuleSet, TargetShare
from .status import Colour, Evaluation, Rules, TargetSpec

DONE_STATUSES = (ReportStatus.SUBMITTED, ReportStatus.ACCEPTED)
SUM_MEASURES = frozenset({"count", "amount"})


def rules_from_settings() -> Rules:
    """Defaults: ``Rules`` overridden by ``settings.WORKPLAN_STATUS_RULES`` (a dict of its fields)."""
    overrides = getattr(settings, "WORKPLAN_STATUS_RULES", {}) or {}
    names = {f.name for f in fields(Rules)}
    return Rules(**{k: v for k, v in overrides.items() if k in names})


def rules_from_row(row: StatusRuleSet) -> Rules:
    return Rules(
        yellow_tolerance=float(row.yellow_tolerance),
        red_tolerance=float(row.red_tolerance),
        projection_method=row.projection_method,
        projection_yellow_below=float(row.projection_yellow_below),
        projection_red_below=float(row.projection_red_below),
        projection_min_points=row.projection_min_points,
        overdue_yellow=row.overdue_yellow,
        overdue_red=row.overdue_red,
        task_not_started_yellow_after=float(row.task_not_started_yellow_after),
    )


def rules_for_plan(*, plan: Plan | None) -> Rules:
    """The plan's own rules, else the default row, else the settings defaults (one query)."""
    rows = list(
        StatusRuleSet.objects.filter(Q(plan=plan) | Q(plan__isnull=True))
        if plan
        else StatusRuleSet.objects.filter(plan__isnull=True)
    )
    rows.sort(key=lambda r: r.plan_id is None)
    return rules_from_row(rows[0]) if rows else rules_from_settings()


def target_spec(target: dict, plan: Plan) -> TargetSpec:
    """A ``TargetSpec`` from a target's values (``Target.objects.values(...)`` row or model fields)."""

    def num(v):
        return float(v) if v is not None else None

    return TargetSpec(
        comparator=target["comparator"],
        measure=target["measure"],
        value=float(target["value"]),
        value_max=num(target.get("value_max")),
        accumulation=target.get("accumulation") or rules_mod.CUMULATIVE,
        baseline=num(target.get("baseline")),
        per_year=bool(target.get("per_year")),
        deadline=target.get("deadline") or plan.end_year or plan.year,
        start_year=plan.year,
        unit=target.get("unit") or "",
    )


TARGET_FIELDS = (
    "pk", "subject", "section_id", "comparator", "measure", "value", "value_max", "accumulation", "baseline",
    "per_year", "deadline", "unit", "weight", "order",
)  # fmt: skip


@dataclass
class ItemStatus:
    """The status of one target or task, and who answers for it."""

    kind: str  # "target" | "task"
    id: int
    label: str
    section_id: int | None  # the top-level section it falls under
    unit_ids: list[int]  # lead units (share units for a divided target)
    evaluation: Evaluation
    weight: float = 1.0
    series: list[tuple[int, float]] = field(default_factory=list)  # (period number, value)
    spec: TargetSpec | None = None  # targets only

    @property
    def colour(self) -> Colour:
        return self.evaluation.colour


@dataclass
class UnitItemStatus:
    """One unit's own standing on an item (its share of a divided target, or the item it leads)."""

    unit_id: int
    kind: str
    item_id: int
    evaluation: Evaluation


@dataclass
class PlanStatus:
    plan: Plan
    period: Period
    rules: Rules
    elapsed: float
    targets: list[ItemStatus]
    tasks: list[ItemStatus]
    units: list[UnitItemStatus]
    sections: dict[int, str]  # top-level section id → "一 title"
    unit_names: dict[int, str]

    @property
    def items(self) -> list[ItemStatus]:
        return self.targets + self.tasks


def _periods_per_year(kind: str) -> int:
    return 4 if kind == ReportingCycle.QUARTERLY else 12


@dataclass
class _Tree:
    parent_of: dict[int, int | None]
    labels: dict[int, str]
    titles: dict[int, str]

    def top(self, pk: int | None) -> int | None:
        seen = 0
        while pk is not None and self.parent_of.get(pk) is not None and seen < 100:
            pk = self.parent_of[pk]
            seen += 1
        return pk if pk in self.parent_of else None

    def ancestors(self, pk: int | None):
        seen = 0
        while pk is not None and seen < 100:
            yield pk
            pk = self.parent_of.get(pk)
            seen += 1


def _raw_rows(qs: QuerySet) -> list[tuple]:
    """The rows of a ``values_list`` query straight from the cursor, skipping Django's per-row converters.

    Only for columns that need no conversion (ids, and values cast to float in SQL): with 100,000 reports the
    per-row overhead is most of the cost of the dashboard.
    """
    sql, params = qs.query.sql_with_params()
    with connections[qs.db].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _target_rows(plan: Plan) -> list[dict]:
    """``TARGET_FIELDS`` of the plan's targets in order, as ``values()`` gives them but with the decimals cast
    to float in SQL (``target_spec`` makes them floats anyway) and without Django's per-row converters."""
    decimals = {"value", "value_max", "baseline", "weight"}
    columns = [Cast(name, FloatField()) if name in decimals else name for name in TARGET_FIELDS]
    rows = _raw_rows(plan.targets.order_by("order", "pk").values_list(*columns))
    return [dict(zip(TARGET_FIELDS, row, strict=True)) for row in rows]


def _values_by_period(periods: list[Period]) -> dict[tuple[int, int], dict[int, float]]:
    """The value of each (target, unit) per period number: one row per pair, the periods pivoted into columns.

    (period, target, unit) is unique, so each ``Max`` sees at most one report and returns its value exactly;
    with 100,000 reports, grouping in the database returns a sixth to a twelfth of the rows a plain read does.
    """
    if not periods:
        return {}
    numbers = [p.number for p in periods]
    pivot = {f"p{p.number}": Max(Cast("actual_value", FloatField()), filter=Q(period_id=p.pk)) for p in periods}
    rows = _raw_rows(
        TargetReport.objects.filter(
            period_id__in=[p.pk for p in periods], status__in=DONE_STATUSES, actual_value__isnull=False
        )
        .order_by()
        .values_list("target_id", "unit_id")
        .annotate(**pivot)
    )
    return {(row[0], row[1]): {n: v for n, v in zip(numbers, row[2:], strict=True) if v is not None} for row in rows}


@contextmanager
def gc_paused() -> Iterator[None]:
    """No cyclic garbage collection inside the block.

    A status read builds tens of thousands of small objects that all live until the page is drawn; the
    collector, triggered by the allocation count, would walk them (and the whole heap) several times for no
    garbage. Collection resumes afterwards; a collector another caller paused stays paused. The switch is
    process-wide: other threads collect late by the length of one read, which only delays their garbage.
    """
    enabled = gc.isenabled()
    if enabled:
        gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def plan_status(
    *, plan: Plan, period: Period, today: dt.date | None = None, unit_ids: set[int] | None = None
) -> PlanStatus:
    """Colour and reason of every target and task of ``plan`` at the end of ``period``, from the submitted
    and accepted reports of this and earlier periods of the year. Reports overdue on ``today`` count.

    ``unit_ids`` limits the items to those these units answer for (a reporter's view). Eight queries.
    """
    with gc_paused():
        return _plan_status(plan=plan, period=period, today=today, unit_ids=unit_ids)


def _plan_status(*, plan: Plan, period: Period, today: dt.date | None, unit_ids: set[int] | None) -> PlanStatus:
    today = today or timezone.localdate()
    rules = rules_for_plan(plan=plan)
    periods = [
        p
        for p in plan.periods.filter(kind=period.kind, year=period.year).order_by("number")
        if p.number <= period.number
    ]
    per_year = _periods_per_year(period.kind)
    elapsed = rules_mod.time_elapsed_ratio(period.number, per_year)
    elapsed_of = {n: rules_mod.time_elapsed_ratio(n, per_year) for n in range(1, per_year + 1)}
    number_of = {p.pk: p.number for p in periods}
    due_numbers = [p.number for p in periods if p.due_on < today]

    tree_rows = list(plan.sections.values_list("pk", "parent_id", "label", "title"))
    tree = _Tree(
        {row[0]: row[1] for row in tree_rows},
        {row[0]: row[2] for row in tree_rows},
        {row[0]: row[3] for row in tree_rows},
    )
    sections = {pk: f"{label} {title}".strip() for pk, parent, label, title in tree_rows if parent is None}

    leads_by_section: dict[int, list[int]] = defaultdict(list)
    leads_by_target: dict[int, list[int]] = defaultdict(list)
    unit_names: dict[int, str] = {}
    for section_id, target_id, unit_id, role, unit_name in (
        plan.assignments.filter(unit__isnull=False)
        .values_list("section_id", "target_id", "unit_id", "role", "unit__name")
        .order_by("pk")
    ):
        unit_names[unit_id] = unit_name
        if role != Assignment.Role.LEAD:
            continue
        if target_id:
            leads_by_target[target_id].append(unit_id)
        elif section_id:
            leads_by_section[section_id].append(unit_id)

    shares: dict[int, list[tuple[int, float, float | None]]] = defaultdict(list)
    for target_id, unit_id, value, baseline, name in _raw_rows(
        TargetShare.objects.filter(target__plan=plan)
        .values_list("target_id", "unit_id", Cast("value", FloatField()), Cast("baseline", FloatField()), "unit__name")
        .order_by("unit__name", "pk")
    ):
        shares[target_id].append((unit_id, value, baseline))
        unit_names[unit_id] = name

    values = _values_by_period(periods)
    reported_units: dict[int, set[int]] = defaultdict(set)
    for target_id, unit_id in values:
        reported_units[target_id].add(unit_id)

    progress: dict[tuple[int, int], dict[int, str]] = defaultdict(dict)
    for task_id, unit_id, period_id, prog in TaskReport.objects.filter(
        period_id__in=number_of, status__in=DONE_STATUSES
    ).values_list("task_id", "unit_id", "period_id", "progress"):
        progress[(task_id, unit_id)][number_of[period_id]] = prog

    def lead_units(section_id: int | None, target_id: int | None = None) -> list[int]:
        found: list[int] = list(leads_by_target.get(target_id, ())) if target_id else []
        if not found:
            for node in tree.ancestors(section_id):
                if leads_by_section.get(node):
                    found = list(leads_by_section[node])
                    break
        return found

    due = frozenset(due_numbers)

    def overdue_of(numbers: Iterable[int]) -> int:
        return len(due.difference(numbers))

    target_statuses: list[ItemStatus] = []
    unit_statuses: list[UnitItemStatus] = []
    for t in _target_rows(plan):
        spec = target_spec(t, plan)
        share_rows = shares.get(t["pk"], [])
        owners = [u for u, _v, _n in share_rows] or lead_units(t["section_id"], t["pk"])
        if unit_ids is not None and not (set(owners) & unit_ids):
            continue
        series = _target_series(t, owners, share_rows, values, reported_units.get(t["pk"], set()))
        points = [(elapsed_of[n], v) for n, v in sorted(series.items())]
        ev = rules_mod.evaluate_target(
            spec, points, year=period.year, elapsed=elapsed, overdue=overdue_of(set(series)), rules=rules
        )
        target_statuses.append(
            ItemStatus(
                "target",
                t["pk"],
                t["subject"],
                tree.top(t["section_id"]),
                owners,
                ev,
                float(t["weight"]),
                sorted(series.items()),
                spec,
            )
        )
        for unit_id, share_value, share_baseline in share_rows:
            own = values.get((t["pk"], unit_id), {})  # keys in period order (``_values_by_period``)
            unit_spec = TargetSpec(
                spec.comparator, spec.measure, share_value, None, spec.accumulation, share_baseline,
                spec.per_year, spec.deadline, spec.start_year, spec.unit,
            )  # fmt: skip
            unit_ev = rules_mod.evaluate_target(
                unit_spec,
                [(elapsed_of[n], v) for n, v in own.items()],
                year=period.year,
                elapsed=elapsed,
                overdue=overdue_of(own),
                rules=rules,
            )
            unit_statuses.append(UnitItemStatus(unit_id, "target", t["pk"], unit_ev))
        if not share_rows:
            for unit_id in owners:
                unit_statuses.append(UnitItemStatus(unit_id, "target", t["pk"], ev))

    task_statuses: list[ItemStatus] = []
    task_ids = sorted({s for s in leads_by_section}, key=lambda pk: pk)
    for task_id in task_ids:
        owners = leads_by_section[task_id]
        if unit_ids is not None and not (set(owners) & unit_ids):
            continue
        worst_ev: Evaluation | None = None
        for unit_id in owners:
            reported = progress.get((task_id, unit_id), {})
            latest = reported[max(reported)] if reported else None
            unit_ev = rules_mod.evaluate_task(latest, elapsed=elapsed, overdue=overdue_of(set(reported)), rules=rules)
            unit_statuses.append(UnitItemStatus(unit_id, "task", task_id, unit_ev))
            if worst_ev is None or rules_mod.worst(worst_ev.colour, unit_ev.colour) != worst_ev.colour:
                worst_ev = unit_ev
        label = f"{tree.labels.get(task_id, '')} {tree.titles.get(task_id, '')}".strip()
        task_statuses.append(ItemStatus("task", task_id, label, tree.top(task_id), owners, worst_ev))
    return PlanStatus(plan, period, rules, elapsed, target_statuses, task_statuses, unit_statuses, sections, unit_names)


def _target_series(
    target: dict,
    owners: list[int],
    share_rows: list,
    values: dict[tuple[int, int], dict[int, float]],
    reported: set[int],
) -> dict[int, float]:
    """The target's value per period number.

    A divided sum-type target adds up its shares' latest values (a share that skipped a period keeps its last
    value); otherwise the lead unit's report counts, else any unit's (lowest unit id first).
    """
    if share_rows and target["measure"] in SUM_MEASURES:
        per_unit = [values.get((target["pk"], u), {}) for u, _v, _n in share_rows]
        latest = [0.0] * len(per_unit)
        series: dict[int, float] = {}
        for n in sorted({n for d in per_unit for n in d}):
            for i, d in enumerate(per_unit):
                if n in d:
                    latest[i] = d[n]
            series[n] = sum(latest)
        return series
    order = [u for u in owners if u in reported] + sorted(reported - set(owners))
    series = {}
    for unit_id in reversed(order):  # earlier units in ``order`` win
        series.update(values.get((target["pk"], unit_id), {}))
    return series


def colour_counts(items: list[ItemStatus]) -> dict[str, int]:
    counts = {c.value: 0 for c in Colour}
    for item in items:
        counts[item.colour.value] += 1
    return counts


def lagging_units(status: PlanStatus) -> list[dict]:
    """Units ranked by how badly they lag: red items, then yellow, then overdue reports (worst first)."""
    rows: dict[int, dict] = {}
    for u in status.units:
        row = rows.setdefault(
            u.unit_id,
            {
                "unit_id": u.unit_id,
                "unit": status.unit_names.get(u.unit_id, ""),
                "red": 0,
                "yellow": 0,
                "green": 0,
                "none": 0,
                "overdue": 0,
                "items": 0,
            },
        )
        row[u.evaluation.colour.value] += 1
        row["overdue"] += u.evaluation.overdue
        row["items"] += 1
    ranked = [r for r in rows.values() if r["red"] or r["yellow"] or r["overdue"]]
    ranked.sort(key=lambda r: (-r["red"], -r["yellow"], -r["overdue"], r["unit"]))
    return ranked


# ---------------------------------------------------------------- follow-up orders


def follow_up_order_list_for_user(user) -> QuerySet[FollowUpOrder]:
    """Planners, supervisors and leaders read every order; a reporter reads its own units' orders."""
    actor = actor_for_user(user)
    qs = FollowUpOrder.objects.select_related("plan", "unit", "period", "opened_by", "answered_by").prefetch_related(
        "targets", "tasks"
    )
    if actor.reads_all:
        return qs
    return qs.filter(unit_id__in=actor.reporter_unit_ids)


def follow_up_order_get_for_user(user, pk) -> FollowUpOrder:
    """The order if ``user`` may see it; ``NotFound`` if absent, ``PermissionDenied`` if not allowed."""
    order = (
        FollowUpOrder.objects.select_related("plan", "unit", "period").filter(pk=pk).first()
        if str(pk).isdigit()
        else None
    )
    if order is None:
        raise NotFound(_("Not found."), "not_found")
    actor = actor_for_user(user)
    if not actor.reads_all and order.unit_id not in actor.reporter_unit_ids:
        raise PermissionDenied(_("You may not see this %(what)s.") % {"what": _("follow-up order")}, "forbidden")
    return order


def status_rules_get_for_user(user, pk) -> StatusRuleSet:
    row = StatusRuleSet.objects.select_related("plan").filter(pk=pk).first() if str(pk).isdigit() else None
    if row is None:
        raise NotFound(_("Not found."), "not_found")
    if not actor_for_user(user).reads_all:
        raise PermissionDenied(_("You may not see this %(what)s.") % {"what": _("status rules")}, "forbidden")
    return row


def status_rules_list_for_user(user) -> QuerySet[StatusRuleSet]:
    qs = StatusRuleSet.objects.select_related("plan").order_by("pk")
    return qs if actor_for_user(user).reads_all else qs.none()


# ---------------------------------------------------------------- target shares


def target_share_list_for_user(user) -> QuerySet[TargetShare]:
    """Shares of targets the user may see (a reporter: its own units' shares)."""
    actor = actor_for_user(user)
    qs = TargetShare.objects.select_related("target", "unit")
    if actor.reads_all:
        return qs
    return qs.filter(unit_id__in=actor.reporter_unit_ids, target__plan__status="published")


def target_share_get_for_user(user, pk) -> TargetShare:
    share = TargetShare.objects.select_related("target", "unit").filter(pk=pk).first() if str(pk).isdigit() else None
    if share is None:
        raise NotFound(_("Not found."), "not_found")
    actor = actor_for_user(user)
    if not actor.reads_all and share.unit_id not in actor.reporter_unit_ids:
        raise PermissionDenied(_("You may not see this %(what)s.") % {"what": _("target share")}, "forbidden")
    return share


# ---------------------------------------------------------------- bulletins


def bulletin_list_for_user(user) -> QuerySet:
    """Bulletins are read by planners, supervisors and leaders."""
    from .models import Bulletin

    qs = Bulletin.objects.select_related("plan", "period", "created_by")
    return qs if actor_for_user(user).reads_all else qs.none()


def bulletin_get_for_user(user, pk):
    from .models import Bulletin

    bulletin = Bulletin.objects.select_related("plan", "period").filter(pk=pk).first() if str(pk).isdigit() else None
    if bulletin is None:
        raise NotFound(_("Not found."), "not_found")
    if not actor_for_user(user).reads_all:
        raise PermissionDenied(_("You may not see this %(what)s.") % {"what": _("bulletin")}, "forbidden")
    return bulletin


@dataclass
class FollowUpCandidate:
    """A unit with red items and no open follow-up order on them yet: what a supervisor may open next."""

    unit_id: int
    unit: str
    targets: list[ItemStatus]
    tasks: list[ItemStatus]


def follow_up_candidates(*, status: PlanStatus) -> list[FollowUpCandidate]:
    """Red items per answering unit, leaving out items already in an order that is not closed (one query)."""
    covered: set[tuple[str, int, int]] = set()
    open_orders = FollowUpOrder.objects.filter(plan=status.plan).exclude(status=FollowUpOrder.Status.CLOSED)
    for unit_id, target_id, task_id in open_orders.values_list("unit_id", "targets", "tasks"):
        if target_id:
            covered.add(("target", unit_id, target_id))
        if task_id:
            covered.add(("task", unit_id, task_id))
    by_unit: dict[int, FollowUpCandidate] = {}
    for item in status.items:
        if item.colour != Colour.RED:
            continue
        for unit_id in item.unit_ids:
            if (item.kind, unit_id, item.id) in covered:
                continue
            row = by_unit.setdefault(unit_id, FollowUpCandidate(unit_id, status.unit_names.get(unit_id, ""), [], []))
            (row.targets if item.kind == "target" else row.tasks).append(item)
    return sorted(by_unit.values(), key=lambda c: (-(len(c.targets) + len(c.tasks)), c.unit))
