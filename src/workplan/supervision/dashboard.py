"""The leaders' dashboard: one read that gives everything the page draws, in a fixed number of queries.

Overall completion, colour counts, breakdowns by top-level section and by unit, trend series (the whole plan
and its key indicators: the heaviest targets), and the most lagging items. A reporter gets its own units'
items only.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from workplan.plans.models import Plan
from workplan.reporting.models import Period
from workplan.units.selectors import actor_for_user

from . import status as rules_mod
from .selectors import ItemStatus, PlanStatus, colour_counts, gc_paused, plan_status
from .status import Colour


@dataclass
class Breakdown:
    key: int | None
    label: str
    items: int = 0
    colours: dict[str, int] = field(default_factory=lambda: {c.value: 0 for c in Colour})
    completion: float | None = None  # mean over reported targets, each capped at 100%
    _values: list[float] = field(default_factory=list, repr=False)

    def add(self, colour: Colour, completion: float | None) -> None:
        """Count an item; ``completion`` is set by ``close`` (a mean per add is quadratic over 2,000 targets)."""
        self.items += 1
        self.colours[colour.value] += 1
        if completion is not None:
            self._values.append(min(completion, 1.0))

    def close(self) -> Breakdown:
        if self._values:
            self.completion = sum(self._values) / len(self._values)
        return self


@dataclass
class Series:
    key: int | None
    label: str
    points: list[tuple[int, float | None]]  # (period number, completion 0–1 or None)
    expected: list[tuple[int, float]]  # (period number, time-elapsed ratio)


@dataclass
class LaggingItem:
    kind: str
    id: int
    label: str
    colour: str
    reason: str
    units: list[str]
    gap: float  # expected minus completion (larger = further behind)


@dataclass
class Dashboard:
    plan: Plan
    period: Period
    elapsed: float
    completion: float | None
    reported: int
    colours: dict[str, int]
    target_colours: dict[str, int]
    task_colours: dict[str, int]
    sections: list[Breakdown]
    units: list[Breakdown]
    trend: Series
    key_indicators: list[Series]
    lagging: list[LaggingItem]


def _gap(item: ItemStatus) -> float:
    ev = item.evaluation
    if ev.completion is None:
        return ev.elapsed + ev.overdue
    return (ev.expected if ev.expected is not None else 1.0) - ev.completion


def dashboard_data(
    *, user, plan: Plan, period: Period, today: dt.date | None = None, key_indicators: int = 5, top: int = 10
) -> Dashboard:
    """Everything the dashboard shows for ``plan`` at the end of ``period``; ``plan_status``'s queries only."""
    with gc_paused():
        return _dashboard(user=user, plan=plan, period=period, today=today, key_indicators=key_indicators, top=top)


def _dashboard(*, user, plan: Plan, period: Period, today: dt.date | None, key_indicators: int, top: int) -> Dashboard:
    actor = actor_for_user(user)
    unit_ids = None if actor.reads_all else set(actor.reporter_unit_ids)
    status = plan_status(plan=plan, period=period, today=today, unit_ids=unit_ids)
    total = Breakdown(None, "")
    sections = {sid: Breakdown(sid, label) for sid, label in status.sections.items()}
    for item in status.items:
        completion = item.evaluation.completion if item.kind == "target" else None
        if item.kind == "target":
            total.add(item.colour, completion)
        if item.section_id in sections:
            sections[item.section_id].add(item.colour, completion)
    units: dict[int, Breakdown] = {}
    for u in status.units:
        if unit_ids is not None and u.unit_id not in unit_ids:
            continue
        row = units.get(u.unit_id)
        if row is None:
            row = units[u.unit_id] = Breakdown(u.unit_id, status.unit_names.get(u.unit_id, ""))
        row.add(u.evaluation.colour, u.evaluation.completion if u.kind == "target" else None)
    total.close()
    for row in (*sections.values(), *units.values()):
        row.close()
    lagging = sorted(
        (i for i in status.items if i.colour in (Colour.RED, Colour.YELLOW)),
        key=lambda i: (i.colour != Colour.RED, -_gap(i), i.label),
    )[:top]
    return Dashboard(
        plan=plan,
        period=period,
        elapsed=status.elapsed,
        completion=total.completion,
        reported=len(total._values),
        colours=colour_counts(status.items),
        target_colours=colour_counts(status.targets),
        task_colours=colour_counts(status.tasks),
        sections=list(sections.values()),
        units=sorted(units.values(), key=lambda r: (-(r.colours["red"]), r.label)),
        trend=_trend(status, None, status.targets),
        key_indicators=[
            _trend(status, t.id, [t]) for t in sorted(status.targets, key=lambda t: -t.weight)[:key_indicators]
        ],
        lagging=[
            LaggingItem(
                i.kind,
                i.id,
                i.label,
                i.colour.value,
                i.evaluation.reason,
                [status.unit_names.get(u, "") for u in i.unit_ids],
                round(_gap(i), 4),
            )
            for i in lagging
        ],
    )


def _trend(status: PlanStatus, key: int | None, targets: list[ItemStatus]) -> Series:
    """Mean completion (each capped at 100%) of ``targets`` at the end of each period so far; a target's
    latest value carries forward over periods it skipped."""
    per_year = 4 if status.period.kind == "quarterly" else 12
    numbers = range(1, status.period.number + 1)
    sums = [0.0] * (status.period.number + 1)
    counts = [0] * (status.period.number + 1)
    for t in targets:
        if t.spec is None or not t.series:
            continue
        goal = rules_mod.year_goal(t.spec, status.period.year)
        series = dict(t.series)
        latest = None
        for n in numbers:  # the latest value carries over periods a target skipped
            if n in series:
                latest = min(rules_mod.completion_ratio(t.spec.comparator, goal, series[n]), 1.0)
            if latest is not None:
                sums[n] += latest
                counts[n] += 1
    points = [(n, round(sums[n] / counts[n], 4) if counts[n] else None) for n in numbers]
    label = targets[0].label if key is not None and targets else ""
    return Series(key, label, points, [(n, round(rules_mod.time_elapsed_ratio(n, per_year), 4)) for n in numbers])
