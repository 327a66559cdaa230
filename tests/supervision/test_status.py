"""Status rules on a table of cases: each comparator, measure, accumulation and period type."""

from __future__ import annotations

import pytest
from django.utils import translation

from workplan.supervision.status import (
    Colour,
    Point,
    Rules,
    TargetSpec,
    YearGoal,
    completion_ratio,
    evaluate_target,
    evaluate_task,
    fmt_number,
    is_met,
    project_year_end,
    time_elapsed_ratio,
    worst,
    year_goal,
)

M, Q = 12, 4  # periods per year: monthly, quarterly


def monthly(*values: float, start_month: int = 1) -> list[Point]:
    return [Point(time_elapsed_ratio(start_month + i, M), v) for i, v in enumerate(values)]


def quarterly(*values: float) -> list[Point]:
    return [Point(time_elapsed_ratio(i + 1, Q), v) for i, v in enumerate(values)]


@pytest.fixture(autouse=True)
def _chinese():
    with translation.override("zh-hans"):
        yield


# ---------------------------------------------------------------- time elapsed and projection


@pytest.mark.parametrize(
    ("number", "per_year", "expected"),
    [(1, M, 1 / 12), (6, M, 0.5), (12, M, 1.0), (1, Q, 0.25), (2, Q, 0.5), (4, Q, 1.0)],
)
def test_time_elapsed_ratio_is_the_share_of_periods_passed(number, per_year, expected):
    assert time_elapsed_ratio(number, per_year) == pytest.approx(expected)


def test_projection_of_a_straight_series_is_exact():
    points = monthly(10, 20, 30, 40, 50, 60)  # 10 a month
    assert project_year_end(points) == pytest.approx(120)
    assert project_year_end(points, method="run_rate") == pytest.approx(120)


def test_projection_counts_from_the_years_start_value():
    # A 累计 stock of 450 growing by 5 a month: 510 at year end.
    points = monthly(455, 460, 465)
    assert project_year_end(points, start=450) == pytest.approx(510)


def test_projection_of_a_stalled_series_weighs_the_whole_year():
    # 30 in the first quarter, then nothing: the run rate says 60; the fitted line still leans on the early pace.
    points = monthly(10, 20, 30, 30, 30, 30)
    assert project_year_end(points, method="run_rate") == pytest.approx(60)
    fitted = project_year_end(points)
    # The fitted line through x = 0..6 months, y = 0,10,20,30,30,30,30, read at month 12.
    xs = [i / 12 for i in range(7)]
    ys = [0, 10, 20, 30, 30, 30, 30]
    mx, my = sum(xs) / 7, sum(ys) / 7
    slope = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sum((x - mx) ** 2 for x in xs)
    assert fitted == pytest.approx(my - slope * mx + slope)
    assert fitted == pytest.approx(66.43, abs=0.01)


def test_projection_of_an_accelerating_series_lags_its_run_rate():
    points = quarterly(5, 20, 45)  # 5·q²
    # Line through (0,0),(.25,5),(.5,20),(.75,45): mean x .375, mean y 17.5, Sxx .3125, Sxy 18.75,
    # slope 60, intercept 17.5 - 60·.375 = -5, at 1: 55.
    assert project_year_end(points) == pytest.approx(55)
    assert project_year_end(points, method="run_rate") == pytest.approx(60)


def test_projection_of_a_noisy_linear_series_stays_near_the_trend():
    noise = [1.5, -2.0, 0.5, -1.0, 2.0, -0.5, 1.0, -1.5, 0.0]
    points = monthly(*[10 * (i + 1) + n for i, n in enumerate(noise)])
    assert project_year_end(points) == pytest.approx(120, abs=3)


def test_projection_needs_a_point():
    assert project_year_end([]) is None
    assert project_year_end([Point(0.0, 5)]) is None


# ---------------------------------------------------------------- year goals


@pytest.mark.parametrize(
    ("spec", "year", "goal"),
    [
        # 累计 with baseline, one year: from the baseline to the value.
        (TargetSpec(">=", "count", 500, accumulation="cumulative", baseline=450), 2026, YearGoal(450, 500)),
        # 新增 counts from zero whatever the baseline.
        (TargetSpec(">=", "count", 20, accumulation="new", baseline=7), 2026, YearGoal(0, 20)),
        # 到2027年达到600家 from 450, plan 2026–2027: 525 in 2026, 600 in 2027.
        (TargetSpec(">=", "count", 600, baseline=450, deadline=2027, start_year=2026), 2026, YearGoal(450, 525)),
        (TargetSpec(">=", "count", 600, baseline=450, deadline=2027, start_year=2026), 2027, YearGoal(525, 600)),
        # 两年新增100家: 50 a year, each year from zero.
        (TargetSpec(">=", "count", 100, accumulation="new", deadline=2027, start_year=2026), 2027, YearGoal(0, 50)),
        # 每年新增100家 in a three-year plan.
        (
            TargetSpec(">=", "count", 100, accumulation="new", per_year=True, deadline=2028, start_year=2026),
            2028,
            YearGoal(0, 100),
        ),
        # A per-year 累计 target adds its value every year on top of the baseline.
        (
            TargetSpec(">=", "amount", 10, baseline=50, per_year=True, deadline=2028, start_year=2026),
            2027,
            YearGoal(60, 70),
        ),
        # A growth rate is a level: the same every year.
        (TargetSpec(">=", "growth", 10, deadline=2028, start_year=2026), 2027, YearGoal(0, 10)),
        # A share moving from its baseline (2.6% → 3.0% over two years).
        (TargetSpec(">=", "percent", 3.0, baseline=2.6, deadline=2027, start_year=2026), 2026, YearGoal(2.6, 2.8)),
        # Past the deadline the full value holds.
        (TargetSpec(">=", "count", 600, baseline=450, deadline=2027, start_year=2026), 2029, YearGoal(525, 600)),
    ],
)
def test_year_goal(spec, year, goal):
    got = year_goal(spec, year)
    assert (got.start, got.goal) == pytest.approx((goal.start, goal.goal))


@pytest.mark.parametrize(
    ("comparator", "value", "value_max", "actual", "met"),
    [
        (">=", 10, None, 10, True),
        (">=", 10, None, 9.99, False),
        (">", 10, None, 10, False),
        (">", 10, None, 10.01, True),
        ("<=", 5, None, 5, True),
        ("<=", 5, None, 5.1, False),
        ("<", 5, None, 5, False),
        ("<", 5, None, 4.9, True),
        ("=", 20, None, 20, True),
        ("=", 20, None, 21, False),
        ("range", 2, 3, 2.5, True),
        ("range", 2, 3, 3.5, False),
        ("range", 2, 3, 1.5, False),
    ],
)
def test_is_met(comparator, value, value_max, actual, met):
    assert is_met(comparator, value, actual, value_max) is met


@pytest.mark.parametrize(
    ("comparator", "goal", "actual", "ratio"),
    [
        (">=", YearGoal(0, 200), 50, 0.25),
        (">=", YearGoal(450, 500), 475, 0.5),
        (">=", YearGoal(450, 500), 440, 0.0),  # fell below the baseline: nothing done, not negative
        (">=", YearGoal(0, 100), 130, 1.3),  # over-achievement is kept for scoring
        ("<=", YearGoal(0, 5), 4, 1.0),
        ("<=", YearGoal(0, 5), 10, 0.5),
        (">=", YearGoal(10, 10), 10, 1.0),
    ],
)
def test_completion_ratio(comparator, goal, actual, ratio):
    assert completion_ratio(comparator, goal, actual) == pytest.approx(ratio)


# ---------------------------------------------------------------- the table of cases

CASES = [
    # id, spec, points, elapsed, overdue, colour, reason
    (
        "count_ge_monthly_on_track",
        TargetSpec(">=", "count", 120, accumulation="new", unit="家"),
        monthly(10, 20, 30, 40, 50, 60),
        0.5,
        0,
        Colour.GREEN,
        "完成50%，序时进度50%，预计年底完成100%",
    ),
    (
        "count_ge_monthly_behind",  # 43/100 vs 50%: 7 points behind, projection 80.9% → yellow
        TargetSpec(">=", "count", 100, accumulation="new"),
        monthly(2, 6, 12, 20, 31, 43),
        0.5,
        0,
        Colour.YELLOW,
        "完成43%，序时进度50%，预计年底完成81%",
    ),
    (
        # 38 of 100亿 at mid-year: 12 points behind; projects 79.7, shown and judged as 80% → yellow, not red.
        "amount_gt_quarterly_projection_at_the_red_line",
        TargetSpec(">", "amount", 100, accumulation="new", unit="亿元"),
        quarterly(30, 38),
        0.5,
        0,
        Colour.YELLOW,
        "完成38%，序时进度50%，预计年底完成80%",
    ),
    (
        "amount_gt_quarterly_projection_short",  # 35 of 100亿 at mid-year, slowing: projects 74% → red
        TargetSpec(">", "amount", 100, accumulation="new", unit="亿元"),
        quarterly(30, 35),
        0.5,
        0,
        Colour.RED,
        "完成35%，序时进度50%，预计年底完成74%",
    ),
    (
        "count_ge_cumulative_with_baseline",  # 450 → 500; 476 in June = 52%
        TargetSpec(">=", "count", 500, baseline=450, unit="家"),
        monthly(455, 460, 464, 468, 472, 476),
        0.5,
        0,
        Colour.GREEN,
        "完成52%，序时进度50%，预计年底完成104%",
    ),
    (
        "count_ge_one_point_no_projection_yet",
        TargetSpec(">=", "count", 20, accumulation="new", unit="个"),
        quarterly(5),
        0.25,
        0,
        Colour.GREEN,
        "完成25%，序时进度25%",
    ),
    (
        "growth_ge_level_short",  # 增长8.5% against 10%: 85% of the level → red (15 points short is the edge)
        TargetSpec(">=", "growth", 10, unit="%"),
        monthly(9, 8.5),
        2 / 12,
        0,
        Colour.YELLOW,
        "当前8.5%，目标10%，完成85%",
    ),
    (
        "growth_ge_level_met",
        TargetSpec(">=", "growth", 10, unit="%"),
        quarterly(12, 11),
        0.5,
        0,
        Colour.GREEN,
        "当前11%，目标10%，完成110%",
    ),
    (
        "growth_ge_level_far_below",
        TargetSpec(">=", "growth", 10, unit="%"),
        quarterly(6),
        0.25,
        0,
        Colour.RED,
        "当前6%，目标10%，完成60%",
    ),
    (
        "percent_ge_with_baseline_moves_with_time",  # 2.6% → 3.0%: 2.8% at mid-year is on schedule
        TargetSpec(">=", "percent", 3.0, baseline=2.6, unit="%"),
        quarterly(2.7, 2.8),
        0.5,
        0,
        Colour.GREEN,
        "当前2.8%，目标3%，完成50%，序时进度50%",
    ),
    (
        "percent_le_ceiling_kept",
        TargetSpec("<=", "percent", 5, unit="%"),
        monthly(4.2, 4.8),
        2 / 12,
        0,
        Colour.GREEN,
        "当前4.8%，上限5%",
    ),
    (
        "percent_lt_at_the_ceiling_is_a_breach",
        TargetSpec("<", "percent", 5, unit="%"),
        monthly(5),
        1 / 12,
        0,
        Colour.YELLOW,
        "当前5%，上限5%",
    ),
    (
        "percent_le_far_over",
        TargetSpec("<=", "percent", 5, unit="%"),
        quarterly(6.5),
        0.25,
        0,
        Colour.RED,
        "当前6.5%，上限5%",
    ),
    (
        "amount_le_projection_over_ceiling",  # 新增债务 ≤ 100: 30 a quarter → 120 at year end
        TargetSpec("<=", "amount", 100, accumulation="new", unit="亿元"),
        quarterly(30, 60),
        0.5,
        0,
        Colour.RED,
        "当前60亿元，预计年底120亿元，上限100亿元",
    ),
    (
        "amount_le_projection_within",
        TargetSpec("<=", "amount", 100, accumulation="new", unit="亿元"),
        quarterly(20, 45),
        0.5,
        0,
        Colour.GREEN,
        "当前45亿元，预计年底89.17亿元，上限100亿元",
    ),
    (
        "percent_eq_within_tolerance",
        TargetSpec("=", "percent", 100, unit="%"),
        quarterly(97),
        0.25,
        0,
        Colour.GREEN,
        "当前97%，目标100%",
    ),
    (
        "percent_eq_off",
        TargetSpec("=", "percent", 100, unit="%"),
        quarterly(90),
        0.25,
        0,
        Colour.YELLOW,
        "当前90%，目标100%",
    ),
    (
        "count_eq_reaches_like_ge",
        TargetSpec("=", "count", 12, accumulation="new", unit="个"),
        monthly(1, 2, 3),
        0.25,
        0,
        Colour.GREEN,
        "完成25%，序时进度25%，预计年底完成100%",
    ),
    (
        "percent_range_inside",
        TargetSpec("range", "percent", 2, value_max=3, unit="%"),
        quarterly(2.5),
        0.25,
        0,
        Colour.GREEN,
        "当前2.5%，目标区间2%至3%，完成125%",
    ),
    (
        "percent_range_above",
        TargetSpec("range", "percent", 2, value_max=3, unit="%"),
        quarterly(3.6),
        0.25,
        0,
        Colour.RED,
        "当前3.6%，目标区间2%至3%，完成180%",
    ),
    (
        "count_range_quarterly_on_schedule",
        TargetSpec("range", "count", 40, value_max=60, accumulation="new", unit="项"),
        quarterly(12, 24),
        0.5,
        0,
        Colour.GREEN,
        "当前24项，目标区间40项至60项，完成60%；序时进度50%",
    ),
    (
        "nothing_reported_nothing_due",
        TargetSpec(">=", "count", 10),
        [],
        1 / 12,
        0,
        Colour.NONE,
        "尚未报送",
    ),
    (
        "nothing_reported_one_overdue",
        TargetSpec(">=", "count", 10),
        [],
        2 / 12,
        1,
        Colour.YELLOW,
        "尚未报送；逾期未报1期",
    ),
    (
        "on_track_but_two_overdue",
        TargetSpec(">=", "count", 12, accumulation="new", unit="个"),
        monthly(1, 2, 3),
        5 / 12,
        2,
        Colour.RED,
        "完成25%，序时进度42%，预计年底完成100%；逾期未报2期",
    ),
    (
        "multi_year_stock_judged_on_this_years_step",  # 600 by 2027 from 450: 2026 goal 525; 500 at Q2 = 67%
        TargetSpec(">=", "count", 600, baseline=450, deadline=2027, start_year=2026, unit="家"),
        quarterly(475, 500),
        0.5,
        0,
        Colour.GREEN,
        "完成67%，序时进度50%，预计年底完成133%",
    ),
]


@pytest.mark.parametrize(
    ("spec", "points", "elapsed", "overdue", "colour", "reason"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_status_table(spec, points, elapsed, overdue, colour, reason):
    ev = evaluate_target(spec, points, year=2026, elapsed=elapsed, overdue=overdue)
    assert (ev.colour, ev.reason) == (colour, reason)


def test_case_ids_are_unique_and_cover_every_comparator_and_measure():
    ids = [c[0] for c in CASES]
    assert len(ids) == len(set(ids))
    assert {c[1].comparator for c in CASES} == {">=", ">", "<=", "<", "=", "range"}
    assert {c[1].measure for c in CASES} == {"count", "amount", "percent", "growth"}
    assert {c[1].accumulation for c in CASES} == {"cumulative", "new"}


def test_reason_example_from_the_issue():
    # 完成38%，序时进度50%，预计年底完成85%: 19 of 50 by June, a batch approved in April; the fitted line
    # through (0,0) and the six months reads 42.5 at year end.
    spec = TargetSpec(">=", "count", 50, accumulation="new")
    ev = evaluate_target(spec, monthly(1, 1, 4, 16, 18, 19), year=2026, elapsed=0.5)
    assert ev.reason == "完成38%，序时进度50%，预计年底完成85%"
    assert ev.projected == pytest.approx(42.5)
    assert ev.colour == Colour.YELLOW
    assert ev.codes == ["behind", "projection_short"]


def test_tolerances_are_tunable():
    spec = TargetSpec(">=", "count", 100, accumulation="new")
    points = monthly(10, 20, 30, 40, 50, 43)  # 43 at June
    loose = Rules(yellow_tolerance=0.10, red_tolerance=0.30, projection_min_points=99)
    strict = Rules(yellow_tolerance=0.0, red_tolerance=0.05, projection_min_points=99)
    assert evaluate_target(spec, points, year=2026, elapsed=0.5, rules=loose).colour == Colour.GREEN
    assert evaluate_target(spec, points, year=2026, elapsed=0.5, rules=strict).colour == Colour.RED


def test_run_rate_projection_can_be_chosen():
    spec = TargetSpec(">=", "count", 100, accumulation="new")
    ev = evaluate_target(
        spec, monthly(10, 20, 30, 30, 30, 30), year=2026, elapsed=0.5, rules=Rules(projection_method="run_rate")
    )
    assert ev.projected == pytest.approx(60)
    assert ev.colour == Colour.RED


def test_reason_is_worded_in_the_language_active_when_read():
    ev = evaluate_target(TargetSpec(">=", "count", 100), quarterly(25, 50), year=2026, elapsed=0.5)
    with translation.override("en"):
        assert ev.reason == "Completed 50%, time elapsed 50%, projected year-end 100%"
    fresh = evaluate_target(TargetSpec(">=", "count", 100), quarterly(25, 50), year=2026, elapsed=0.5)
    assert fresh.reason == "完成50%，序时进度50%，预计年底完成100%"


@pytest.mark.parametrize(
    ("progress", "elapsed", "overdue", "colour", "reason"),
    [
        ("done", 0.5, 0, Colour.GREEN, "已完成"),
        ("done", 0.5, 3, Colour.GREEN, "已完成"),
        ("on_track", 0.5, 0, Colour.GREEN, "按计划推进"),
        ("at_risk", 0.5, 0, Colour.YELLOW, "存在风险"),
        ("delayed", 0.25, 0, Colour.RED, "进度滞后"),
        ("not_started", 1 / 12, 0, Colour.GREEN, "尚未启动，序时进度8%"),
        ("not_started", 0.5, 0, Colour.YELLOW, "尚未启动，序时进度50%"),
        ("on_track", 0.5, 2, Colour.RED, "按计划推进；逾期未报2期"),
        (None, 0.25, 0, Colour.NONE, "尚未报送"),
        (None, 0.25, 1, Colour.YELLOW, "尚未报送；逾期未报1期"),
    ],
)
def test_task_status(progress, elapsed, overdue, colour, reason):
    ev = evaluate_task(progress, elapsed=elapsed, overdue=overdue)
    assert (ev.colour, ev.reason) == (colour, reason)


def test_worst_colour():
    assert worst(Colour.GREEN, Colour.RED, Colour.YELLOW) == Colour.RED
    assert worst(Colour.NONE, Colour.GREEN) == Colour.GREEN
    assert worst() == Colour.NONE


@pytest.mark.parametrize(("value", "unit", "text"), [(12.5, "%", "12.5%"), (100, "亿元", "100亿元"), (0.0, "", "0")])
def test_fmt_number(value, unit, text):
    assert fmt_number(value, unit) == text
