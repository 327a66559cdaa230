"""Status rules: green, yellow or red for a target or task from the reports so far. Pure functions, no database.

Reported values (``TargetReport.actual_value``) are the value at the end of the period:
- 累计 (cumulative) count/amount targets: the running total, baseline included (高新技术企业达到500家);
- 新增 (new) count/amount targets: what was added since 1 January of the year, counted from zero;
- percent and growth targets: the level reached (研发投入强度2.8%, 增长8.5%); levels are never summed.

A sum-type target (count/amount) is judged against the time-elapsed ratio (序时进度: 时间过半、任务过半) and a
projection of the year-end value; a level is judged against the target itself (its latest value must meet it),
or against the time-elapsed ratio when it moves from a baseline. Upper limits (≤, <) and ranges are judged on
the latest value, or the projected year-end value for sums. Overdue reports make any item yellow or red.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from enum import Enum, StrEnum
from operator import itemgetter
from typing import NamedTuple

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

GE, GT, LE, LT, EQ, RANGE = ">=", ">", "<=", "<", "=", "range"
COUNT, AMOUNT, PERCENT, GROWTH = "count", "amount", "percent", "growth"
CUMULATIVE, NEW = "cumulative", "new"
LEAST_SQUARES, RUN_RATE = "least_squares", "run_rate"
LEVEL_MEASURES = frozenset({PERCENT, GROWTH})
UPPER_COMPARATORS = frozenset({LE, LT})


class Colour(StrEnum):
    GREEN = "green"
    YELLOW = "yellow"
    RED = "red"
    NONE = "none"  # nothing reported and nothing overdue yet


_SEVERITY = {Colour.NONE: 0, Colour.GREEN: 1, Colour.YELLOW: 2, Colour.RED: 3}


def worst(*colours: Colour) -> Colour:
    """The most severe of ``colours`` (the first of equals), ``NONE`` for none; called several times per target."""
    found, severity = Colour.NONE, -1
    for colour in colours:
        if _SEVERITY[colour] > severity:
            found, severity = colour, _SEVERITY[colour]
    return found


@dataclass(frozen=True)
class Rules:
    """Thresholds a supervisor tunes (``StatusRuleSet``); all shares are of the year's target (0.05 = 5 points)."""

    yellow_tolerance: float = 0.05  # behind the expected share by at most this: still green
    red_tolerance: float = 0.15  # behind by more than this (or over a ceiling by more): red
    projection_method: str = LEAST_SQUARES
    projection_yellow_below: float = 1.0  # projected year-end completion below this: at least yellow
    projection_red_below: float = 0.8  # below this: red
    projection_min_points: int = 2  # reported periods needed before the projection counts
    overdue_yellow: int = 1  # this many overdue reports: at least yellow
    overdue_red: int = 2  # this many: red
    task_not_started_yellow_after: float = 0.25  # a task not started after this share of the year: yellow


class TargetSpec(NamedTuple):
    """What a target commits to, in plain numbers (``Target`` fields). A tuple: thousands are built per read."""

    comparator: str
    measure: str
    value: float
    value_max: float | None = None
    accumulation: str = CUMULATIVE
    baseline: float | None = None
    per_year: bool = False
    deadline: int | None = None  # year by which the value is due
    start_year: int | None = None  # first year of the plan
    unit: str = ""


class YearGoal(NamedTuple):
    """The year's share of a target: progress runs from ``start`` (0%) to ``goal`` (100%)."""

    start: float
    goal: float
    goal_max: float | None = None


class Point(NamedTuple):
    """A reported value at the end of a period; ``elapsed`` is the share of the year passed (0–1).

    The rules read points by position, so a plain ``(elapsed, value)`` tuple is a point too.
    """

    elapsed: float
    value: float


class _Why(Enum):
    """Which words explain a target's colour; ``_target_reason`` builds them from the evaluation's figures.

    A marker instead of a closure: thousands of evaluations per read, and a closure costs several objects each.
    """

    NO_REPORT = 1
    CEILING = 2
    CEILING_PROJECTED = 3
    LEVEL_EQUAL = 4
    RANGE_LEVEL = 5
    RANGE = 6
    LEVEL_REACHED = 7
    LEVEL = 8
    PROJECTED = 9
    PLAIN = 10


@dataclass(slots=True)
class Evaluation:
    """A colour and the figures behind it; ``reason`` (the words) is built when first read, so statuses that
    only feed counts (a dashboard over thousands of items) never pay for the text."""

    colour: Colour
    _reason: str | Callable[[], str] | _Why = ""
    completion: float | None = None  # share of the year's goal reached (may exceed 1)
    elapsed: float = 0.0
    expected: float | None = None  # the completion expected by now
    actual: float | None = None
    projected: float | None = None  # projected year-end value
    projected_completion: float | None = None
    overdue: int = 0
    goal: YearGoal | None = None
    codes: list[str] = field(default_factory=list)  # why, in stable words: behind, projection_short, overdue …
    _unit: str = field(default="", repr=False)  # the target's unit of measure, for the words
    _says_overdue: bool = field(default=False, repr=False)  # the words end with the overdue reports

    @property
    def reason(self) -> str:
        reason = self._reason
        if isinstance(reason, _Why):
            reason = _target_reason(self, reason)
        elif callable(reason):
            reason = reason()
        if self._says_overdue:
            reason = _join(reason, _("%(n)d report(s) overdue") % {"n": self.overdue})
            self._says_overdue = False
        self._reason = reason
        return reason

    def explain(self, fn: Callable[[], str] | _Why) -> None:
        self._reason = fn
        self._says_overdue = False

    def add_overdue(self) -> None:
        self._says_overdue = True


def is_level(measure: str) -> bool:
    return measure in LEVEL_MEASURES


def time_elapsed_ratio(number: int, periods_per_year: int) -> float:
    """序时进度 at the end of period ``number`` (1-based) of a year cut into ``periods_per_year`` periods."""
    if periods_per_year <= 0:
        raise ValueError("periods_per_year must be positive")
    return min(1.0, max(0.0, number / periods_per_year))


def year_goal(spec: TargetSpec, year: int) -> YearGoal:
    """The part of ``spec`` due in ``year``.

    Multi-year targets (deadline after ``year``): a per-year target (每年新增100家) asks its value every year; a
    stock or level target (到2027年达到600家) moves in equal steps from its baseline; a 新增 total over several
    years (两年新增100家) is split evenly, each year counted from zero.
    """
    first = spec.start_year or year
    last = spec.deadline if spec.deadline and spec.deadline >= first else year
    years = last - first + 1
    k = min(max(year - first + 1, 1), years)
    level = is_level(spec.measure)
    if level:
        base = spec.baseline if spec.baseline is not None else 0.0
        if spec.per_year or years == 1 or spec.baseline is None:
            return YearGoal(base, spec.value, spec.value_max)
        step = (spec.value - base) / years
        return YearGoal(base + step * (k - 1), base + step * k, spec.value_max)
    if spec.accumulation == NEW:
        if spec.per_year or years == 1:
            return YearGoal(0.0, spec.value, spec.value_max)
        return YearGoal(0.0, spec.value / years, spec.value_max / years if spec.value_max is not None else None)
    base = spec.baseline if spec.baseline is not None else 0.0
    if spec.per_year:
        return YearGoal(
            base + spec.value * (k - 1),
            base + spec.value * k,
            base + spec.value_max * k if spec.value_max is not None else None,
        )
    if years == 1:
        return YearGoal(base, spec.value, spec.value_max)
    step = (spec.value - base) / years
    return YearGoal(base + step * (k - 1), base + step * k, spec.value_max)


def project_year_end(points: Sequence[Point], *, start: float = 0.0, method: str = LEAST_SQUARES) -> float | None:
    """The value expected at the end of the year from cumulative values reported so far.

    ``run_rate``: the latest progress over the share of the year passed. ``least_squares``: a straight line
    fitted to the progress of every point plus (0, 0) — the year starts at ``start`` by definition — and read
    at the year's end. ``None`` without any point after the year began.
    """
    # Points are read by position: plain (elapsed, value) tuples do, and cost less to build by the thousand.
    pts = [p for p in points if p[0] > 0]
    if not pts:
        return None
    if method == RUN_RATE:
        last_elapsed, last_value = max(pts, key=itemgetter(0))
        return start + (last_value - start) / last_elapsed
    # One pass over the points plus (0, 0): this runs for every target on every dashboard.
    n, sx, sy, sxx, sxy = 1, 0.0, 0.0, 0.0, 0.0
    for x, value in pts:
        y = value - start
        n += 1
        sx += x
        sy += y
        sxx += x * x
        sxy += x * y
    var = sxx - sx * sx / n
    slope = (sxy - sx * sy / n) / var if var else 0.0
    intercept = (sy - slope * sx) / n
    return start + intercept + slope


def completion_ratio(comparator: str, goal: YearGoal, actual: float) -> float:
    """Share of the year's goal reached. Ceilings (≤, <) count 1 while kept, else goal/actual."""
    if comparator in UPPER_COMPARATORS:
        if actual <= goal.goal:
            return 1.0
        return goal.goal / actual if actual > 0 else 0.0
    span = goal.goal - goal.start
    if span == 0:
        return 1.0 if actual >= goal.goal else 0.0
    return max(0.0, (actual - goal.start) / span)


def is_met(comparator: str, value: float, actual: float, value_max: float | None = None) -> bool:
    """Whether ``actual`` satisfies the target at the deadline."""
    match comparator:
        case ">=":
            return actual >= value
        case ">":
            return actual > value
        case "<=":
            return actual <= value
        case "<":
            return actual < value
        case "=":
            return math.isclose(actual, value, rel_tol=1e-9, abs_tol=1e-9)
        case "range":
            return value <= actual <= (value_max if value_max is not None else value)
    raise ValueError(f"unknown comparator {comparator!r}")


def _excess(ceiling: float, value: float, strict: bool) -> float | None:
    """How far ``value`` is over ``ceiling`` as a share of it; ``None`` when within."""
    if value < ceiling or (value == ceiling and not strict):
        return None
    if ceiling == 0:
        return math.inf if value > 0 else 0.0
    return (value - ceiling) / abs(ceiling)


def _by_tolerance(shortfall: float, rules: Rules) -> Colour:
    if shortfall <= rules.yellow_tolerance + 1e-9:
        return Colour.GREEN
    if shortfall <= rules.red_tolerance + 1e-9:
        return Colour.YELLOW
    return Colour.RED


def _by_excess(excess: float | None, rules: Rules) -> Colour:
    if excess is None:
        return Colour.GREEN
    return Colour.YELLOW if excess <= rules.red_tolerance + 1e-9 else Colour.RED


def _overdue_colour(overdue: int, rules: Rules) -> Colour:
    if overdue >= rules.overdue_red:
        return Colour.RED
    if overdue >= rules.overdue_yellow:
        return Colour.YELLOW
    return Colour.GREEN


def fmt_percent(share: float) -> str:
    """0.384 → '38%'."""
    return f"{round(share * 100)}%"


def fmt_number(value: float, unit: str = "") -> str:
    """12.50 → '12.5', 89.1667 → '89.17', with the target's unit of measure (亿元, %)."""
    text = f"{value:,.2f}".rstrip("0").rstrip(".").replace(",", "")
    if text in ("-0", ""):
        text = "0"
    return f"{text}{unit}"


def _join(reason: str, extra: str) -> str:
    return _("%(first)s; %(second)s") % {"first": reason, "second": extra}


def evaluate_target(
    spec: TargetSpec,
    points: Sequence[Point],
    *,
    year: int,
    elapsed: float,
    overdue: int = 0,
    rules: Rules | None = None,
) -> Evaluation:
    """Colour and reason of a target at the end of a period (``elapsed`` = its time-elapsed ratio).

    ``points`` are the values reported so far this year, oldest first; ``overdue`` the reports past their due
    date and still missing.
    """
    rules = rules or Rules()
    goal = year_goal(spec, year)
    points = sorted(points)  # (elapsed, value) tuples: by elapsed
    # Positional: built once per target and per share unit on every dashboard.
    ev = Evaluation(Colour.NONE, _Why.NO_REPORT, None, elapsed, None, None, None, None, overdue, goal, [], spec.unit)
    if not points:
        ev.codes.append("no_report")
    else:
        _judge_value(ev, spec, goal, points, rules)
    if overdue:
        colour = _overdue_colour(overdue, rules)
        if colour != Colour.GREEN:
            ev.colour = worst(ev.colour, colour)
            ev.codes.append("overdue")
            ev.add_overdue()
    return ev


def _judge_value(ev: Evaluation, spec: TargetSpec, goal: YearGoal, points: Sequence[Point], rules: Rules) -> None:
    actual = points[-1][1]
    level = is_level(spec.measure)
    ev.actual = actual
    ev.completion = completion_ratio(spec.comparator, goal, actual)
    if level:
        ev.projected = actual  # a rate is judged on its latest value, not extrapolated
    else:
        ev.projected = project_year_end(points, start=goal.start, method=rules.projection_method)
    if ev.projected is not None:
        ev.projected_completion = completion_ratio(spec.comparator, goal, ev.projected)
    use_projection = not level and ev.projected is not None and len(points) >= rules.projection_min_points

    if spec.comparator in UPPER_COMPARATORS:
        judged = ev.projected if use_projection else actual
        strict = spec.comparator == LT
        colour = worst(
            _by_excess(_excess(goal.goal, judged, strict), rules), _by_excess(_excess(goal.goal, actual, strict), rules)
        )
        if colour != Colour.GREEN:
            ev.codes.append("over_ceiling")
        ev.colour = colour
        ev.explain(_Why.CEILING_PROJECTED if use_projection else _Why.CEILING)
        return

    if level and spec.comparator == EQ:
        deviation = abs(actual - goal.goal) / abs(goal.goal) if goal.goal else abs(actual)
        ev.colour = _by_tolerance(deviation, rules)
        if ev.colour != Colour.GREEN:
            ev.codes.append("off_target")
        ev.explain(_Why.LEVEL_EQUAL)
        return

    # Lower bounds (≥, >, =, the low end of a range): progress against what is expected by now.
    ev.expected = ev.elapsed if (not level or spec.baseline is not None) else 1.0
    colours = [_by_tolerance(ev.expected - ev.completion, rules)]
    if colours[0] != Colour.GREEN:
        ev.codes.append("behind")
    if use_projection:
        # Judged as shown (whole percent): a projection read as 100% is not short of 100%.
        pc = round(ev.projected_completion or 0.0, 2)
        proj = (
            Colour.RED
            if pc < rules.projection_red_below - 1e-9
            else Colour.YELLOW
            if pc < rules.projection_yellow_below - 1e-9
            else Colour.GREEN
        )
        if proj != Colour.GREEN:
            ev.codes.append("projection_short")
        colours.append(proj)
    if spec.comparator == RANGE and goal.goal_max is not None:
        judged = ev.projected if use_projection else actual
        over = _by_excess(_excess(goal.goal_max, judged, strict=False), rules)
        if over != Colour.GREEN:
            ev.codes.append("over_range")
        colours.append(over)
    ev.colour = worst(*colours)
    if spec.comparator == RANGE:
        ev.explain(_Why.RANGE_LEVEL if level else _Why.RANGE)
    elif level:
        ev.explain(_Why.LEVEL_REACHED if ev.expected == 1.0 else _Why.LEVEL)
    else:
        ev.explain(_Why.PROJECTED if use_projection else _Why.PLAIN)


def _target_reason(ev: Evaluation, why: _Why) -> str:
    """The words for ``why``, from the figures ``_judge_value`` left on ``ev`` (read when first shown)."""
    if why is _Why.NO_REPORT:
        return _("Nothing reported yet")
    u, goal, actual = ev._unit, ev.goal, ev.actual
    values = {
        "done": fmt_percent(ev.completion or 0.0),
        "elapsed": fmt_percent(ev.elapsed),
        "projected": fmt_percent(ev.projected_completion or 0.0),
        "actual": fmt_number(actual, u),
        "goal": fmt_number(goal.goal, u),
        "high": fmt_number(goal.goal_max if goal.goal_max is not None else goal.goal, u),
        "projected_value": fmt_number(ev.projected if ev.projected is not None else actual, u),
    }
    match why:
        case _Why.CEILING_PROJECTED:
            return _("Now %(actual)s, projected year-end %(projected_value)s, ceiling %(goal)s") % values
        case _Why.CEILING:
            return _("Now %(actual)s, ceiling %(goal)s") % values
        case _Why.LEVEL_EQUAL:
            return _("Now %(actual)s, target %(goal)s") % values
        case _Why.RANGE_LEVEL:
            return _("Now %(actual)s, target range %(goal)s–%(high)s, completed %(done)s") % values
        case _Why.RANGE:
            return _join(
                _("Now %(actual)s, target range %(goal)s–%(high)s, completed %(done)s") % values,
                _("time elapsed %(elapsed)s") % values,
            )
        case _Why.LEVEL_REACHED:
            return _("Now %(actual)s, target %(goal)s, completed %(done)s") % values
        case _Why.LEVEL:
            return _("Now %(actual)s, target %(goal)s, completed %(done)s, time elapsed %(elapsed)s") % values
        case _Why.PROJECTED:
            return _("Completed %(done)s, time elapsed %(elapsed)s, projected year-end %(projected)s") % values
    return _("Completed %(done)s, time elapsed %(elapsed)s") % values


# ---------------------------------------------------------------- tasks

TASK_PROGRESS_COLOUR = {
    "done": Colour.GREEN,
    "on_track": Colour.GREEN,
    "at_risk": Colour.YELLOW,
    "delayed": Colour.RED,
}


def _task_reason(progress: str | None, elapsed: float) -> str:
    if progress == "not_started":
        return _("Not started, time elapsed %(elapsed)s") % {"elapsed": fmt_percent(elapsed)}
    reasons = {
        None: _("Nothing reported yet"),
        "done": pgettext("task status", "Done"),
        "on_track": pgettext("task status", "On track"),
        "at_risk": pgettext("task status", "At risk"),
        "delayed": pgettext("task status", "Delayed"),
    }
    return reasons.get(progress, str(progress))


def evaluate_task(progress: str | None, *, elapsed: float, overdue: int = 0, rules: Rules | None = None) -> Evaluation:
    """Colour of a task from the progress its unit reported last (``None``: nothing reported)."""
    rules = rules or Rules()
    ev = Evaluation(Colour.NONE, "", elapsed=elapsed, overdue=overdue)
    ev.explain(lambda: _task_reason(progress, elapsed))
    if progress is None:
        ev.codes.append("no_report")
    elif progress == "not_started":
        late = elapsed >= rules.task_not_started_yellow_after - 1e-9
        ev.colour = Colour.YELLOW if late else Colour.GREEN
        if late:
            ev.codes.append("not_started")
    else:
        ev.colour = TASK_PROGRESS_COLOUR.get(progress, Colour.NONE)
        if ev.colour != Colour.GREEN:
            ev.codes.append(progress)
    if progress != "done" and overdue:
        colour = _overdue_colour(overdue, rules)
        if colour != Colour.GREEN:
            ev.colour = worst(ev.colour, colour)
            ev.codes.append("overdue")
            ev.add_overdue()
    return ev
