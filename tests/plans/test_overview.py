from decimal import Decimal

import pytest

from workplan.plans.models import Assignment, Plan, Section, Target
from workplan.plans.selectors import plan_overview
from workplan.reporting.models import Period, ReportStatus, TargetReport


def test_overview_progress_by_section_and_unit(plan, items, users):
    from workplan.reporting import services

    r = services.target_report_save(
        user=users.reporter, period=items.january, target=items.hightech, actual_value=Decimal(250)
    )
    services.report_submit(user=users.reporter, report=r)
    r = services.target_report_save(
        user=users.district_reporter, period=items.january, target=items.platforms_count, actual_value=Decimal(20)
    )
    services.report_submit(user=users.district_reporter, report=r)
    overview = plan_overview(user=users.leader, plan=plan)
    assert (overview.total.targets, overview.total.reported, overview.total.completion) == (4, 2, 0.75)
    assert [(s.label, s.targets, s.reported, s.completion) for s in overview.sections] == [
        ("一 强化科技创新", 3, 2, 0.75),
        ("二 优化创新生态", 1, 0, None),
    ]
    assert [(u.label, u.targets, u.reported, u.completion) for u in overview.units] == sorted(
        [
            ("市发展改革委", 2, 1, 0.5),
            ("市财政局", 2, 1, 0.5),
            ("江北区", 1, 1, 1.0),
            ("市科学技术局", 1, 0, None),
        ]
    )


def test_overview_of_reporter_shows_only_its_targets(plan, users):
    overview = plan_overview(user=users.district_reporter, plan=plan)
    assert [t.subject for t in overview.targets] == ["新建省级以上创新平台"]


def _big_plan(users, units, n_targets: int, reports_per_target: int) -> Plan:
    plan = Plan.objects.create(title=f"规模{n_targets}", year=2026, status=Plan.Status.PUBLISHED)
    tops = Section.objects.bulk_create(
        [Section(plan=plan, order=i, level=1, label=str(i), title=f"第{i}部分") for i in range(5)]
    )
    subs = Section.objects.bulk_create(
        [
            Section(plan=plan, parent=tops[i % 5], order=10 + i, level=2, label=str(i), title=f"任务{i}")
            for i in range(20)
        ]
    )
    unit_list = [units.ndrc, units.finance, units.jiangbei, units.park]
    Assignment.objects.bulk_create(
        [
            Assignment(plan=plan, section=s, unit=unit_list[i % 4], name=unit_list[i % 4].name)
            for i, s in enumerate(subs)
        ]
    )
    targets = Target.objects.bulk_create(
        [
            Target(plan=plan, section=subs[i % 20], order=i, subject=f"指标{i}", value=Decimal(100))
            for i in range(n_targets)
        ]
    )
    periods = Period.objects.bulk_create(
        [
            Period(
                plan=plan,
                kind="monthly",
                year=2026,
                number=m,
                starts_on=f"2026-{m:02d}-01",
                ends_on=f"2026-{m:02d}-28",
                due_on=f"2026-{m:02d}-28",
            )
            for m in range(1, reports_per_target + 1)
        ]
    )
    TargetReport.objects.bulk_create(
        [
            TargetReport(
                period=p,
                target=t,
                unit=unit_list[i % 4],
                actual_value=Decimal(10 * p.number),
                status=ReportStatus.ACCEPTED,
            )
            for i, t in enumerate(targets)
            for p in periods
        ]
    )
    return plan


@pytest.mark.parametrize(("role", "queries"), [("leader", 4), ("reporter", 7)])
def test_overview_query_count_is_constant(users, units, django_assert_num_queries, role, queries):
    """The same queries at 10 and at 500 targets (1000 reports): roles, scope (reporter), sections, targets
    with their latest value, assignments."""
    small = _big_plan(users, units, 10, 2)
    large = _big_plan(users, units, 500, 2)
    user_pk = getattr(users, role).pk
    User = type(users.leader)
    for plan, n in ((small, 10), (large, 500)):
        user = User.objects.get(pk=user_pk)  # no roles cached on the object
        with django_assert_num_queries(queries):
            overview = plan_overview(user=user, plan=plan)
        if role == "leader":
            assert overview.total.targets == n
            assert overview.total.completion == pytest.approx(0.2)
            assert sum(u.targets for u in overview.units) == n
