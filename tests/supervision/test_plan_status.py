"""plan_status: the status rules applied to the reports of a real (fixture) plan."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import translation

from workplan.supervision.models import StatusRuleSet
from workplan.supervision.selectors import colour_counts, lagging_units, plan_status, rules_for_plan
from workplan.supervision.status import Colour, Rules

from .conftest import submit_progress, submit_value

JULY_10 = dt.date(2026, 7, 10)


@pytest.fixture(autouse=True)
def _chinese():
    with translation.override("zh-hans"):
        yield


def by_id(items):
    return {i.id: i for i in items}


def test_hightech_on_schedule_from_its_baseline(plan, items, users, units, periods):
    items.hightech.baseline = Decimal(450)
    items.hightech.save()
    for month, value in enumerate([455, 460, 464, 468, 472, 476], start=1):
        submit_value(users.reporter, periods[month], items.hightech, value)
    status = plan_status(plan=plan, period=periods[6], today=JULY_10)
    hightech = by_id(status.targets)[items.hightech.pk]
    assert hightech.colour == Colour.GREEN
    assert hightech.evaluation.reason == "完成52%，序时进度50%，预计年底完成104%"
    assert hightech.series == [(1, 455.0), (2, 460.0), (3, 464.0), (4, 468.0), (5, 472.0), (6, 476.0)]
    assert hightech.unit_ids == [units.ndrc.pk]


def test_missing_months_are_overdue_once_due(plan, items, users, periods):
    submit_value(users.reporter, periods[1], items.hightech, 100)
    # On 10 July reports of January–June are due (June's on 5 July); five are missing.
    status = plan_status(plan=plan, period=periods[6], today=JULY_10)
    hightech = by_id(status.targets)[items.hightech.pk]
    assert hightech.evaluation.overdue == 5
    assert hightech.colour == Colour.RED
    assert hightech.evaluation.reason == "完成20%，序时进度50%；逾期未报5期"
    # On 1 July June's report is not yet due.
    early = plan_status(plan=plan, period=periods[6], today=dt.date(2026, 7, 1))
    assert by_id(early.targets)[items.hightech.pk].evaluation.overdue == 4


def test_drafts_and_returned_reports_do_not_count(plan, items, users, periods):
    from workplan.reporting import services

    services.target_report_save(
        user=users.reporter, period=periods[1], target=items.hightech, actual_value=Decimal(100)
    )
    status = plan_status(plan=plan, period=periods[1], today=dt.date(2026, 2, 1))
    assert by_id(status.targets)[items.hightech.pk].evaluation.reason == "尚未报送"


def test_lead_units_value_wins_over_a_supporting_units(plan, items, users, periods):
    submit_value(users.finance_reporter, periods[1], items.rnd_growth, 3)
    submit_value(users.reporter, periods[1], items.rnd_growth, 9.5)
    status = plan_status(plan=plan, period=periods[1], today=dt.date(2026, 2, 1))
    rnd = by_id(status.targets)[items.rnd_growth.pk]
    assert rnd.evaluation.actual == 9.5
    assert rnd.evaluation.reason == "当前9.5%，目标10%，完成95%"
    assert rnd.colour == Colour.GREEN


def test_a_supporting_units_value_is_used_when_the_lead_has_not_reported(plan, items, users, periods):
    submit_value(users.finance_reporter, periods[1], items.rnd_growth, 7)
    status = plan_status(plan=plan, period=periods[1], today=dt.date(2026, 2, 1))
    assert by_id(status.targets)[items.rnd_growth.pk].evaluation.actual == 7


def test_task_status_from_the_latest_progress_report(plan, items, users, periods):
    submit_progress(users.district_reporter, periods[1], items.platforms, "on_track")
    submit_progress(users.district_reporter, periods[2], items.platforms, "delayed")
    status = plan_status(plan=plan, period=periods[2], today=dt.date(2026, 3, 1))
    tasks = by_id(status.tasks)
    assert tasks[items.platforms.pk].colour == Colour.RED
    assert tasks[items.platforms.pk].evaluation.reason == "进度滞后"
    assert tasks[items.platforms.pk].label == "二 建设创新平台"
    assert tasks[items.rnd.pk].evaluation.reason == "尚未报送；逾期未报1期"
    assert set(tasks) == {items.rnd.pk, items.platforms.pk, items.talent.pk}


def test_items_fall_under_their_top_level_section(plan, items, periods):
    status = plan_status(plan=plan, period=periods[1], today=dt.date(2026, 1, 15))
    targets = by_id(status.targets)
    assert targets[items.platforms_count.pk].section_id == items.innovation.pk
    assert targets[items.contracts.pk].section_id == items.ecosystem.pk
    assert status.sections == {items.innovation.pk: "一 强化科技创新", items.ecosystem.pk: "二 优化创新生态"}


def test_unit_filter_keeps_only_the_units_items(plan, items, units, periods):
    status = plan_status(plan=plan, period=periods[1], unit_ids={units.jiangbei.pk})
    assert [t.id for t in status.targets] == [items.platforms_count.pk]
    assert [t.id for t in status.tasks] == [items.platforms.pk]


def test_colour_counts_and_lagging_units(plan, items, users, units, periods):
    # February, seen on 10 March: January's and February's reports are due.
    submit_value(users.reporter, periods[1], items.hightech, 10)  # 2% vs 17% elapsed, 1 overdue → yellow
    submit_value(users.district_reporter, periods[1], items.platforms_count, 0)  # 0% vs 17% → red
    status = plan_status(plan=plan, period=periods[2], today=dt.date(2026, 3, 10))
    # rnd_growth and contracts: nothing reported, 2 overdue → red.
    assert colour_counts(status.targets) == {"green": 0, "yellow": 1, "red": 3, "none": 0}
    ranked = lagging_units(status)
    # Each unit has 2 red items (a target and its task); 发改委 has a yellow one too; 科技局 4 overdue, 江北区 3.
    assert [(r["unit"], r["red"], r["yellow"], r["overdue"]) for r in ranked] == [
        ("市发展改革委", 2, 1, 5),
        ("市科学技术局", 2, 0, 4),
        ("江北区", 2, 0, 3),
    ]


def test_query_count_is_constant(plan, items, users, periods, django_assert_num_queries):
    submit_value(users.reporter, periods[1], items.hightech, 10)
    with django_assert_num_queries(8):
        plan_status(plan=plan, period=periods[3], today=JULY_10)
    from workplan.plans.models import Target

    for i in range(30):
        Target.objects.create(plan=plan, section=items.rnd, subject=f"指标{i}", value=10, order=100 + i)
    with django_assert_num_queries(8):
        status = plan_status(plan=plan, period=periods[3], today=JULY_10)
    assert len(status.targets) == 34


def test_rules_for_plan_prefers_the_plans_own_row(plan):
    assert rules_for_plan(plan=plan) == Rules()
    StatusRuleSet.objects.create(yellow_tolerance=Decimal("0.1"), red_tolerance=Decimal("0.2"))
    assert rules_for_plan(plan=plan).yellow_tolerance == 0.1
    StatusRuleSet.objects.create(plan=plan, yellow_tolerance=Decimal("0.02"), red_tolerance=Decimal("0.3"))
    assert (rules_for_plan(plan=plan).yellow_tolerance, rules_for_plan(plan=plan).red_tolerance) == (0.02, 0.3)


def test_rules_from_settings_when_no_row(plan, settings):
    settings.WORKPLAN_STATUS_RULES = {"red_tolerance": 0.25, "unknown": 1}
    assert rules_for_plan(plan=plan) == Rules(red_tolerance=0.25)
