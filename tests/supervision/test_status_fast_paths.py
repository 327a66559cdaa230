"""The fast paths of the status read give what the plain ones gave.

``plan_status`` pivots the reports per (target, unit) in SQL, reasons are worded from markers instead of
closures, and the collector pauses during the read. These tests compare each with the reference: the reports
read row by row in Python, the words of the earlier implementation, and the collector's state.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import gc
import random
from collections import defaultdict
from decimal import Decimal

import pytest
from django.utils import translation

from workplan.plans.models import Assignment, Section, Target
from workplan.reporting.models import ReportStatus, TargetReport
from workplan.supervision import selectors
from workplan.supervision.dashboard import dashboard_data
from workplan.supervision.models import TargetShare
from workplan.supervision.selectors import DONE_STATUSES, gc_paused, plan_status
from workplan.supervision.status import Point, TargetSpec, evaluate_target

JULY_10 = dt.date(2026, 7, 10)


@pytest.fixture(autouse=True)
def _chinese():
    with translation.override("zh-hans"):
        yield


def _monthly(*values: float) -> list[Point]:
    return [Point(i / 12, v) for i, v in enumerate(values, 1)]


# Words and codes of the implementation that built reasons from closures, one case per kind of reason.
REASONS = [
    (TargetSpec(">=", "count", 100, unit="家"), [], 0, "none", "尚未报送", ["no_report"]),
    (TargetSpec(">=", "count", 100, unit="家"), [], 1, "yellow", "尚未报送；逾期未报1期", ["no_report", "overdue"]),
    (TargetSpec(">=", "count", 100, unit="家"), _monthly(20), 0, "green", "完成20%，序时进度8%", []),
    (
        TargetSpec(">=", "count", 100, unit="家"),
        _monthly(10, 30),
        0,
        "green",
        "完成30%，序时进度17%，预计年底完成178%",
        [],
    ),
    (
        TargetSpec(">=", "count", 100, unit="家"),
        _monthly(10, 30),
        2,
        "red",
        "完成30%，序时进度17%，预计年底完成178%；逾期未报2期",
        ["overdue"],
    ),
    (TargetSpec("<=", "percent", 5, unit="%"), _monthly(4, 6.5), 0, "red", "当前6.5%，上限5%", ["over_ceiling"]),
    (
        TargetSpec("<", "amount", 120, unit="亿元"),
        _monthly(15, 31.25),
        0,
        "red",
        "当前31.25亿元，预计年底187.29亿元，上限120亿元",
        ["over_ceiling"],
    ),
    (TargetSpec("=", "percent", 10, unit="%"), _monthly(9.5), 0, "green", "当前9.5%，目标10%", []),
    (
        TargetSpec("range", "percent", 2, 3, unit="%"),
        _monthly(2.4),
        0,
        "green",
        "当前2.4%，目标区间2%至3%，完成120%",
        [],
    ),
    (
        TargetSpec("range", "count", 100, 120, unit="项"),
        _monthly(10, 25),
        0,
        "red",
        "当前25项，目标区间100项至120项，完成25%；序时进度17%",
        ["over_range"],
    ),
    (TargetSpec(">=", "growth", 8, unit="%"), _monthly(7.2), 0, "yellow", "当前7.2%，目标8%，完成90%", ["behind"]),
    (
        TargetSpec(">=", "percent", 3, baseline=2.5, unit="%"),
        _monthly(2.6, 2.7),
        1,
        "yellow",
        "当前2.7%，目标3%，完成40%，序时进度17%；逾期未报1期",
        ["overdue"],
    ),
]


@pytest.mark.parametrize(("spec", "points", "overdue", "colour", "reason", "codes"), REASONS)
def test_reason_words_match_the_closure_implementation(spec, points, overdue, colour, reason, codes):
    ev = evaluate_target(spec, points, year=2026, elapsed=max(len(points), 1) / 12, overdue=overdue)
    assert (ev.colour.value, ev.codes) == (colour, codes)
    assert ev.reason == reason
    assert ev.reason == reason  # read twice: cached, the overdue words not added again


def test_plain_tuples_are_points():
    spec = TargetSpec(">=", "count", 100)
    named = evaluate_target(spec, _monthly(10, 30, 35), year=2026, elapsed=0.25)
    plain = evaluate_target(spec, [(1 / 12, 10.0), (2 / 12, 30.0), (3 / 12, 35.0)], year=2026, elapsed=0.25)
    assert (plain.colour, plain.projected, plain.reason) == (named.colour, named.projected, named.reason)


# ---------------------------------------------------------------- SQL pivot against row-by-row reading


def _reference_values(periods) -> dict[tuple[int, int], dict[int, float]]:
    """The value of each (target, unit) per period number, read report by report (the earlier path)."""
    number_of = {p.pk: p.number for p in periods}
    values: dict[tuple[int, int], dict[int, float]] = defaultdict(dict)
    for report in TargetReport.objects.filter(
        period_id__in=number_of, status__in=DONE_STATUSES, actual_value__isnull=False
    ):
        values[(report.target_id, report.unit_id)][number_of[report.period_id]] = float(report.actual_value)
    return {key: dict(sorted(by_number.items())) for key, by_number in values.items()}


@pytest.fixture
def random_plan(plan, items, units, periods):
    """40 more targets of every comparator and measure, a third divided among three units, and reports in
    every status, with gaps, empty values and months after the one read."""
    rnd = random.Random(20260710)
    section = Section.objects.create(plan=plan, parent=items.innovation, order=90, level=2, label="九", title="随机")
    Assignment.objects.create(plan=plan, section=section, unit=units.jiangbei, name="江北区")
    kinds = [
        (">=", "count"),
        (">=", "amount"),
        ("<=", "percent"),
        ("range", "count"),
        ("=", "percent"),
        (">", "growth"),
    ]
    targets = Target.objects.bulk_create(
        [
            Target(
                plan=plan,
                section=section,
                subject=f"随机指标{i}",
                comparator=kinds[i % len(kinds)][0],
                measure=kinds[i % len(kinds)][1],
                value=Decimal(rnd.randint(5, 500)),
                value_max=Decimal(600) if kinds[i % len(kinds)][0] == "range" else None,
                baseline=Decimal(rnd.randint(0, 4)) if rnd.random() < 0.4 else None,
                accumulation="new" if rnd.random() < 0.3 else "cumulative",
                weight=Decimal(rnd.randint(1, 3)),
                order=100 + i,
            )
            for i in range(40)
        ]
    )
    share_units = [units.jiangbei, units.park, units.bureau]
    divided = [t for t in targets if t.measure in ("count", "amount")][::2]
    TargetShare.objects.bulk_create(
        [
            TargetShare(target=t, unit=u, value=t.value / 3, baseline=Decimal("0.5") * k)
            for t in divided
            for k, u in enumerate(share_units)
        ]
    )
    statuses = [ReportStatus.SUBMITTED, ReportStatus.ACCEPTED, ReportStatus.DRAFT, ReportStatus.RETURNED]
    reports = []
    for t in targets:
        for unit in share_units if t in divided else [units.jiangbei, units.ndrc]:
            for number in range(1, 10):
                if rnd.random() < 0.25:
                    continue  # a month not reported
                value = None if rnd.random() < 0.05 else Decimal(str(round(rnd.uniform(0, 400), 4)))
                reports.append(
                    TargetReport(
                        period=periods[number],
                        target=t,
                        unit=unit,
                        actual_value=value,
                        status=rnd.choice(statuses),
                    )
                )
    TargetReport.objects.bulk_create(reports)
    return plan


def test_pivot_gives_the_values_read_row_by_row(random_plan, periods):
    read = [periods[n] for n in range(1, 7)]
    assert selectors._values_by_period(read) == _reference_values(read)
    assert selectors._values_by_period([]) == {}


def _canon(obj):
    """Plain values of a status or dashboard, reasons worded, for comparison."""
    if hasattr(obj, "_reason"):
        return (obj.colour, obj.reason, *(getattr(obj, f.name) for f in dataclasses.fields(obj)[2:]))
    if dataclasses.is_dataclass(obj):
        return tuple(_canon(getattr(obj, f.name)) for f in dataclasses.fields(obj))
    if isinstance(obj, list | tuple):
        return tuple(_canon(x) for x in obj)
    if isinstance(obj, dict):
        return tuple((k, _canon(v)) for k, v in obj.items())
    return obj


@pytest.mark.parametrize("month", [1, 3, 6])
def test_status_and_dashboard_match_the_row_by_row_path(random_plan, periods, users, monkeypatch, month):
    fast_status = plan_status(plan=random_plan, period=periods[month], today=JULY_10)
    fast_board = dashboard_data(user=users.leader, plan=random_plan, period=periods[month], today=JULY_10)
    monkeypatch.setattr(selectors, "_values_by_period", _reference_values)
    users.leader.__dict__.pop("_workplan_actor", None)
    slow_status = plan_status(plan=random_plan, period=periods[month], today=JULY_10)
    slow_board = dashboard_data(user=users.leader, plan=random_plan, period=periods[month], today=JULY_10)
    assert len(fast_status.targets) == 44
    assert sum(1 for u in fast_status.units if u.evaluation.colour != "none") > 20
    assert _canon(fast_status) == _canon(slow_status)
    assert _canon(fast_board) == _canon(slow_board)


def test_dashboard_completion_is_the_mean_of_capped_completions(random_plan, periods, users):
    status = plan_status(plan=random_plan, period=periods[6], today=JULY_10)
    board = dashboard_data(user=users.leader, plan=random_plan, period=periods[6], today=JULY_10)
    capped = [min(t.evaluation.completion, 1.0) for t in status.targets if t.evaluation.completion is not None]
    assert board.reported == len(capped)
    assert board.completion == sum(capped) / len(capped)


# ---------------------------------------------------------------- the collector


def _fail_while_paused() -> None:
    with gc_paused():
        assert not gc.isenabled()
        raise ValueError("read failed")


def test_collector_resumes_after_the_read_even_on_error():
    assert gc.isenabled()
    with pytest.raises(ValueError, match="read failed"):
        _fail_while_paused()
    assert gc.isenabled()


def test_collector_paused_by_the_caller_stays_paused():
    gc.disable()
    try:
        with gc_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()
