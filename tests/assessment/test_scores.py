"""Assessment: a hand-computed example, the methods, the breakdown of every point, and the xlsx export."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.utils import timezone, translation
from openpyxl import load_workbook

from workplan.assessment.exports import assessment_xlsx
from workplan.assessment.scoring import TargetInput, rank, score_ratio, unit_score
from workplan.assessment.selectors import assessment_compute, assessment_periods
from workplan.assessment.services import scoring_scheme_update
from workplan.core.errors import PermissionDenied
from workplan.plans.models import Target
from workplan.reporting import services as reporting
from workplan.reporting.models import TargetReport, TaskReport


@pytest.fixture(autouse=True)
def _chinese():
    with translation.override("zh-hans"):
        yield


def _at(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(12)))


def _report(user, period, target, value, late=False):
    report = reporting.target_report_save(user=user, period=period, target=target, actual_value=Decimal(str(value)))
    reporting.report_submit(user=user, report=report)
    when = period.due_on + dt.timedelta(days=3) if late else period.ends_on + dt.timedelta(days=1)
    TargetReport.objects.filter(pk=report.pk).update(submitted_at=_at(when))


def _progress(user, period, task):
    report = reporting.task_report_save(user=user, period=period, task=task, progress="on_track")
    reporting.report_submit(user=user, report=report)
    TaskReport.objects.filter(pk=report.pk).update(submitted_at=_at(period.ends_on + dt.timedelta(days=1)))


@pytest.fixture
def quarterly_plan(draft_plan, users):
    from workplan.plans.services import plan_publish

    draft_plan.reporting_cycle = "quarterly"
    draft_plan.save()
    return plan_publish(user=users.planner, plan=draft_plan)


@pytest.fixture
def example(quarterly_plan, users):
    """The worked example: bonus method (cap 10%), 0.5 points per late or missing report, weights 1/3/2/1."""
    from tests.django_fixtures import make_items

    plan = quarterly_plan
    it = make_items(plan)
    q = {p.number: p for p in plan.periods.all()}
    scoring_scheme_update(
        user=users.planner, plan=plan, method="bonus", bonus_cap=Decimal("0.1"), late_penalty=Decimal("0.5")
    )
    for target, weight in ((it.rnd_growth, 1), (it.hightech, 3), (it.platforms_count, 2), (it.contracts, 1)):
        Target.objects.filter(pk=target.pk).update(weight=weight)
    for n in (1, 2, 3, 4):
        _report(users.reporter, q[n], it.rnd_growth, [9, 10, 11, 12][n - 1], late=(n == 3))
        _report(users.reporter, q[n], it.hightech, [100, 200, 300, 400][n - 1])
        if n != 3:
            _report(users.district_reporter, q[n], it.platforms_count, {1: 5, 2: 10, 4: 21}[n])
        _report(users.bureau_reporter, q[n], it.contracts, [20, 40, 55, 70][n - 1], late=(n == 4))
        _progress(users.reporter, q[n], it.rnd)
        _progress(users.district_reporter, q[n], it.platforms)
        _progress(users.bureau_reporter, q[n], it.talent)
    return plan, q


def test_year_end_scores_reproduce_the_hand_computed_example(example):
    plan, q = example
    result = assessment_compute(plan=plan, period=q[4], today=dt.date(2027, 1, 31))
    # 市发展改革委: weights 1 + 3 = 4, so R&D growth has 100·1/4 = 25 points, 高企 100·3/4 = 75.
    #   growth 12% of 10% = 120%, bonus capped at 110%: 25 × 1.1 = 27.5
    #   高企 400 of 500 = 80%: 75 × 0.8 = 60
    #   Q3 growth report 3 days late: −0.5 → 27.5 + 60 − 0.5 = 87
    # 江北区: one target, 100 points; 21 of 20 = 105% (under the 110% cap): 105; Q3 missing: −0.5 → 104.5
    # 市科学技术局: contracts 70 of 100 = 70%: 70; Q4 report late: −0.5 → 69.5
    assert [(s.rank, s.unit, s.total) for s in result.scores] == [
        (1, "江北区", Decimal("104.50")),
        (2, "市发展改革委", Decimal("87.00")),
        (3, "市科学技术局", Decimal("69.50")),
    ]
    ndrc = result.scores[1]
    assert [(line.label, line.available, line.ratio, line.points) for line in ndrc.lines] == [
        ("全社会研发经费投入增长", Decimal("25.00"), Decimal("1.1"), Decimal("27.50")),
        ("高新技术企业数量", Decimal("75.00"), Decimal("0.8"), Decimal("60.00")),
        ("逾期报送", Decimal(0), None, Decimal("-0.50")),
    ]
    assert [line.text for line in ndrc.lines] == [
        "权重1/4，满分25分；完成120%，超额加分封顶110%，按110%计，得27.5分",
        "权重3/4，满分75分；完成80%，得60分",
        "逾期或未报送1次，每次扣0.5分，共扣0.5分",
    ]


def test_mid_year_scores_compare_with_the_time_elapsed_ratio(example):
    plan, q = example
    periods = assessment_periods(plan=plan)
    assert (periods["mid_year"], periods["year_end"]) == (q[2], q[4])
    result = assessment_compute(plan=plan, period=q[2], today=dt.date(2026, 7, 31))
    # At Q2, half the year is due. 发改委: growth 10% of 10% (a rate: judged on its level) = 100% → 25;
    #   高企 200/500 = 40% against 50% due → 0.8 × 75 = 60; no late report yet → 85.
    # 江北区: 10/20 = 50% against 50% → 100. 科技局: 40/100 = 40% against 50% → 80.
    assert [(s.unit, s.total) for s in result.scores] == [
        ("江北区", Decimal("100.00")),
        ("市发展改革委", Decimal("85.00")),
        ("市科学技术局", Decimal("80.00")),
    ]
    assert result.scores[1].lines[1].text == "权重3/4，满分75分；完成40%，序时进度50%，折算80%，得60分"


def test_every_score_is_the_sum_of_its_explained_lines(example):
    plan, q = example
    for period in (q[2], q[4]):
        for score in assessment_compute(plan=plan, period=period, today=dt.date(2027, 1, 31)).scores:
            assert score.lines
            assert all(line.text for line in score.lines)
            assert sum(line.points for line in score.lines) == score.total


def test_reporters_see_only_their_units_row(example, users):
    plan, q = example
    result = assessment_compute(plan=plan, period=q[4], today=dt.date(2027, 1, 31), user=users.district_reporter)
    assert [s.unit for s in result.scores] == ["江北区"]


@pytest.mark.parametrize(
    ("method", "completion", "expected", "ratio"),
    [
        ("linear", 1.3, 1.0, Decimal("1.3")),
        ("capped", 1.3, 1.0, Decimal("1")),
        ("bonus", 1.3, 1.0, Decimal("1.1")),
        ("bonus", 1.05, 1.0, Decimal("1.05")),
        ("capped", 0.2, 0.5, Decimal("0.4")),
        ("linear", 0.0, 1.0, Decimal("0")),
    ],
)
def test_score_ratio_per_method(method, completion, expected, ratio):
    assert score_ratio(method, completion, expected, Decimal("0.1")) == ratio


def test_capped_method_explains_the_cap_and_nothing_reported_scores_zero():
    score = unit_score(
        unit_id=1,
        unit="甲",
        targets=[TargetInput(1, "指标一", Decimal(1), 1.5, 1.0), TargetInput(2, "指标二", Decimal(1), None, 1.0)],
        late_reports=0,
        method="capped",
        full_marks=Decimal(100),
        bonus_cap=Decimal("0.1"),
        late_penalty=Decimal("0.5"),
    )
    assert score.total == Decimal("50.00")
    assert [line.text for line in score.lines] == [
        "权重1/2，满分50分；完成150%，按100%计，得50分",
        "权重1/2，满分50分；未报送，得0分",
    ]


def test_penalties_never_take_a_total_below_zero():
    score = unit_score(
        unit_id=1,
        unit="甲",
        targets=[TargetInput(1, "指标", Decimal(1), 0.01, 1.0)],
        late_reports=10,
        method="capped",
        full_marks=Decimal(100),
        bonus_cap=Decimal(0),
        late_penalty=Decimal(2),
    )
    assert score.total == Decimal("0.00")
    assert score.penalty == Decimal("1.00")


def test_equal_totals_share_a_rank():
    from workplan.assessment.scoring import UnitScore

    scores = rank([UnitScore(1, "乙", Decimal(80)), UnitScore(2, "甲", Decimal(90)), UnitScore(3, "丙", Decimal(80))])
    # Ties are listed by name (code point order: 丙 U+4E19 before 乙 U+4E59).
    assert [(s.rank, s.unit) for s in scores] == [(1, "甲"), (2, "丙"), (2, "乙")]


@pytest.mark.parametrize("role", ["supervisor", "leader", "reporter", "outsider"])
def test_only_planners_choose_the_scheme(plan, users, role):
    with pytest.raises(PermissionDenied) as exc:
        scoring_scheme_update(user=getattr(users, role), plan=plan, method="linear")
    assert exc.value.code == "not_planner"


def test_xlsx_export_has_ranking_and_breakdown_and_neutralises_formulas(example, units):
    plan, q = example
    units.jiangbei.name = '=HYPERLINK("http://x")'
    units.jiangbei.save()
    data = assessment_xlsx(assessment_compute(plan=plan, period=q[4], today=dt.date(2027, 1, 31)))
    wb = load_workbook(io.BytesIO(data))
    assert wb.sheetnames == ["排名", "得分明细"]
    rows = list(wb["排名"].iter_rows(values_only=True))
    assert rows[0] == ("排名", "单位", "得分", "扣分")
    assert rows[1] == (1, '\'=HYPERLINK("http://x")', 104.5, 0.5)
    assert rows[2] == (2, "市发展改革委", 87, 0.5)
    detail = list(wb["得分明细"].iter_rows(values_only=True))
    assert len(detail) == 1 + 2 + 1 + 1 + 1 + 1 + 1  # header, 发改委 2 targets + penalty, 江北区 1 + 1, 科技局 1 + 1
    assert detail[1][6] == "权重2/2，满分100分；完成105%，超额加分封顶110%，按105%计，得105分"
    assert detail[3][6] == "权重1/4，满分25分；完成120%，超额加分封顶110%，按110%计，得27.5分"
