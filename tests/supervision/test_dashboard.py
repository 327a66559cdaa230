"""The leaders' dashboard: its figures on the fixture plan, and a query count that does not grow."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import translation

from workplan.plans.models import Assignment, Section, Target
from workplan.reporting.models import ReportStatus, TargetReport
from workplan.supervision.dashboard import dashboard_data

from .conftest import submit_progress, submit_value

TODAY = dt.date(2026, 3, 10)


@pytest.fixture(autouse=True)
def _chinese():
    with translation.override("zh-hans"):
        yield


@pytest.fixture
def reported(plan, items, users, periods):
    submit_value(users.reporter, periods[1], items.hightech, 10)
    submit_value(users.reporter, periods[2], items.hightech, 20)  # 4% → red
    submit_value(users.reporter, periods[1], items.rnd_growth, 10.5)
    submit_value(users.reporter, periods[2], items.rnd_growth, 11)  # 110% → green
    submit_value(users.district_reporter, periods[1], items.platforms_count, 2)
    submit_value(users.district_reporter, periods[2], items.platforms_count, 4)  # 20% → green
    submit_progress(users.district_reporter, periods[1], items.platforms, "on_track")
    submit_progress(users.district_reporter, periods[2], items.platforms, "on_track")
    submit_progress(users.reporter, periods[1], items.rnd, "at_risk")
    submit_progress(users.reporter, periods[2], items.rnd, "at_risk")
    return periods[2]


def test_dashboard_figures(plan, items, users, reported):
    d = dashboard_data(user=users.leader, plan=plan, period=reported, today=TODAY)
    assert d.completion == pytest.approx((0.04 + 1.0 + 0.2) / 3)
    assert d.reported == 3
    assert d.colours == {"green": 3, "yellow": 1, "red": 3, "none": 0}
    assert d.target_colours == {"green": 2, "yellow": 0, "red": 2, "none": 0}
    assert [(s.label, s.items, s.colours["red"]) for s in d.sections] == [
        ("一 强化科技创新", 5, 1),
        ("二 优化创新生态", 2, 2),
    ]
    assert [(u.label, u.items, u.colours["red"]) for u in d.units] == [
        ("市科学技术局", 2, 2),
        ("市发展改革委", 3, 1),
        ("江北区", 2, 0),
    ]
    # January: 高企 2%, growth 105%→100%, platforms 10%: mean 37.33%; February 41.33%.
    assert d.trend.points == [(1, pytest.approx(0.3733, abs=1e-4)), (2, pytest.approx(0.4133, abs=1e-4))]
    assert d.trend.expected == [(1, 0.0833), (2, 0.1667)]
    assert [k.label for k in d.key_indicators][:2] == ["全社会研发经费投入增长", "高新技术企业数量"]
    # Red first, furthest behind first; the two unreported items tie and go by name.
    assert [(i.label, i.colour) for i in d.lagging] == [
        ("一 培育科技人才", "red"),
        ("技术合同成交额", "red"),
        ("高新技术企业数量", "red"),
        ("一 提升研发投入", "yellow"),
    ]
    assert d.lagging[2].reason == "完成4%，序时进度17%，预计年底完成24%"


def test_reporters_see_their_units_only(plan, users, units, reported):
    d = dashboard_data(user=users.district_reporter, plan=plan, period=reported, today=TODAY)
    assert [u.label for u in d.units] == ["江北区"]
    assert d.colours == {"green": 2, "yellow": 0, "red": 0, "none": 0}


def _grow(plan, items, units, periods, n_targets: int) -> None:
    """Add ``n_targets`` targets in new sections led by 江北区, each with a submitted value every month."""
    section = Section.objects.create(plan=plan, parent=items.innovation, order=90, level=2, label="九", title="扩展")
    Assignment.objects.create(plan=plan, section=section, unit=units.jiangbei, name="江北区")
    targets = Target.objects.bulk_create(
        [Target(plan=plan, section=section, subject=f"扩展指标{i}", value=100, order=100 + i) for i in range(n_targets)]
    )
    TargetReport.objects.bulk_create(
        [
            TargetReport(
                period=periods[m],
                target=t,
                unit=units.jiangbei,
                actual_value=Decimal(m * 5),
                status=ReportStatus.SUBMITTED,
            )
            for t in targets
            for m in (1, 2)
        ]
    )


@pytest.mark.parametrize("n_targets", [0, 10, 200])
def test_query_count_is_constant(plan, items, users, units, periods, reported, n_targets, django_assert_num_queries):
    _grow(plan, items, units, periods, n_targets)
    # plan_status's eight, and the user's roles.
    with django_assert_num_queries(9):
        d = dashboard_data(user=users.leader, plan=plan, period=reported, today=TODAY)
    assert sum(d.target_colours.values()) == 4 + n_targets


@pytest.mark.parametrize(
    ("role", "code"),
    [("leader", 200), ("supervisor", 200), ("planner", 200), ("district_reporter", 200), ("outsider", 403)],
)
def test_dashboard_api(api, plan, users, reported, role, code):
    response = api.as_(getattr(users, role)).get(f"/api/dashboard/?plan={plan.pk}&period={reported.pk}")
    assert response.status_code == code
    if code == 200:
        data = response.json()
        assert set(data) >= {"completion", "colours", "sections", "units", "trend", "key_indicators", "lagging"}
