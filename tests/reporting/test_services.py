from decimal import Decimal

import pytest

from workplan.core.errors import DomainError, PermissionDenied
from workplan.plans import selectors as plan_selectors
from workplan.reporting import selectors, services
from workplan.reporting.models import ReportStatus, TargetReport, TaskReport


def test_reporter_saves_and_submits_a_target_report(plan, items, users, units):
    report = services.target_report_save(
        user=users.reporter, period=items.january, target=items.hightech, actual_value=Decimal(120), note="新增认定"
    )
    assert (report.unit, report.status, report.actual_value) == (units.ndrc, ReportStatus.DRAFT, Decimal(120))
    services.report_submit(user=users.reporter, report=report)
    report.refresh_from_db()
    assert (report.status, report.submitted_by) == (ReportStatus.SUBMITTED, users.reporter)


def test_saving_twice_updates_the_same_report(plan, items, users):
    first = services.target_report_save(
        user=users.reporter, period=items.january, target=items.hightech, actual_value=Decimal(1)
    )
    second = services.target_report_save(
        user=users.reporter, period=items.january, target=items.hightech, actual_value=Decimal(2)
    )
    assert first.pk == second.pk
    assert TargetReport.objects.get().actual_value == Decimal(2)


def test_supporting_unit_may_report_too(plan, items, users, units):
    report = services.target_report_save(
        user=users.finance_reporter, period=items.january, target=items.rnd_growth, actual_value=Decimal(3)
    )
    assert report.unit == units.finance


def test_reporter_cannot_report_on_other_units_target(plan, items, users):
    with pytest.raises(PermissionDenied) as exc:
        services.target_report_save(
            user=users.district_reporter, period=items.january, target=items.hightech, actual_value=Decimal(1)
        )
    assert exc.value.code == "not_assigned"
    assert TargetReport.objects.count() == 0


def test_reporter_cannot_report_for_another_unit(plan, items, users, units):
    with pytest.raises(PermissionDenied) as exc:
        services.target_report_save(
            user=users.reporter,
            period=items.january,
            target=items.hightech,
            actual_value=Decimal(1),
            unit=units.finance,
        )
    assert exc.value.code == "not_your_unit"


@pytest.mark.parametrize("role", ["planner", "supervisor", "leader", "outsider"])
def test_non_reporters_cannot_report(plan, items, users, role):
    with pytest.raises(PermissionDenied) as exc:
        services.target_report_save(
            user=getattr(users, role), period=items.january, target=items.hightech, actual_value=Decimal(1)
        )
    assert exc.value.code == "not_reporter"


def test_reports_on_draft_plans_are_refused(draft_plan, users):
    from workplan.reporting.models import Period

    target = draft_plan.targets.get(subject="高新技术企业数量")
    period = Period(
        plan=draft_plan,
        kind="monthly",
        year=2026,
        number=1,
        starts_on="2026-01-01",
        ends_on="2026-01-31",
        due_on="2026-02-05",
    )
    period.save()
    with pytest.raises(DomainError) as exc:
        services.target_report_save(user=users.reporter, period=period, target=target, actual_value=Decimal(1))
    assert exc.value.code == "plan_not_published"


def test_submit_needs_an_actual_value(plan, items, users):
    report = services.target_report_save(
        user=users.reporter, period=items.january, target=items.hightech, actual_value=None
    )
    with pytest.raises(DomainError) as exc:
        services.report_submit(user=users.reporter, report=report)
    assert exc.value.code == "actual_value_missing"


def _submitted(users, items):
    report = services.target_report_save(
        user=users.reporter, period=items.january, target=items.hightech, actual_value=Decimal(100)
    )
    return services.report_submit(user=users.reporter, report=report)


def test_submitted_report_is_locked(plan, items, users):
    _submitted(users, items)
    with pytest.raises(DomainError) as exc:
        services.target_report_save(
            user=users.reporter, period=items.january, target=items.hightech, actual_value=Decimal(5)
        )
    assert exc.value.code == "report_locked"
    assert TargetReport.objects.get().actual_value == Decimal(100)


def test_supervisor_returns_with_comment_and_reporter_fixes(plan, items, users):
    report = _submitted(users, items)
    services.report_return(user=users.supervisor, report=report, comment="请补充认定名单")
    report.refresh_from_db()
    assert (report.status, report.review_comment, report.reviewed_by) == (
        ReportStatus.RETURNED,
        "请补充认定名单",
        users.supervisor,
    )
    fixed = services.target_report_save(
        user=users.reporter, period=items.january, target=items.hightech, actual_value=Decimal(101)
    )
    services.report_submit(user=users.reporter, report=fixed)
    services.report_accept(user=users.supervisor, report=fixed)
    fixed.refresh_from_db()
    assert fixed.status == ReportStatus.ACCEPTED


def test_return_needs_a_comment(plan, items, users):
    report = _submitted(users, items)
    with pytest.raises(DomainError) as exc:
        services.report_return(user=users.supervisor, report=report, comment="  ")
    assert exc.value.code == "comment_required"


@pytest.mark.parametrize("role", ["planner", "leader", "reporter"])
def test_only_supervisors_review(plan, items, users, role):
    report = _submitted(users, items)
    with pytest.raises(PermissionDenied) as exc:
        services.report_accept(user=getattr(users, role), report=report)
    assert exc.value.code == "not_supervisor"


def test_draft_cannot_be_reviewed(plan, items, users):
    report = services.target_report_save(
        user=users.reporter, period=items.january, target=items.hightech, actual_value=Decimal(1)
    )
    with pytest.raises(DomainError) as exc:
        services.report_accept(user=users.supervisor, report=report)
    assert exc.value.code == "report_not_submitted"


def test_task_report_on_assigned_section_and_its_subsection(plan, items, users, units):
    report = services.task_report_save(
        user=users.district_reporter, period=items.january, task=items.platforms, progress="at_risk", note="用地未落实"
    )
    assert (report.unit, report.progress) == (units.jiangbei, TaskReport.Progress.AT_RISK)
    with pytest.raises(PermissionDenied):
        services.task_report_save(user=users.district_reporter, period=items.january, task=items.rnd, progress="done")


def test_reporter_scope_contains_assigned_sections_and_their_targets(plan, users, items):
    from workplan.units.selectors import actor_for_user

    scope = plan_selectors.scope_for_actor(actor_for_user(users.reporter))
    assert scope.section_ids == {items.rnd.pk}
    assert scope.target_ids == {items.rnd_growth.pk, items.hightech.pk}
    assert set(plan_selectors.target_list_for_user(users.reporter)) == {items.rnd_growth, items.hightech}


def test_assignment_on_parent_section_covers_subsections(plan, users, units, items):
    from workplan.plans.services import assignment_create

    assignment_create(user=users.planner, plan=plan, unit=units.park, section=items.innovation)
    park_reporter = type(users.reporter).objects.create_user("park", password="x")
    from workplan.units.services import membership_grant

    membership_grant(user=park_reporter, unit=units.park, role="reporter")
    visible = set(plan_selectors.target_list_for_user(park_reporter))
    assert visible == {items.rnd_growth, items.hightech, items.platforms_count}


def test_reporter_sees_no_draft_plans(draft_plan, users):
    assert list(plan_selectors.plan_list_for_user(users.reporter)) == []
    assert list(plan_selectors.target_list_for_user(users.reporter)) == []


def test_reporter_cannot_open_other_units_report(plan, items, users):
    report = _submitted(users, items)
    with pytest.raises(PermissionDenied):
        selectors.target_report_get_for_user(users.district_reporter, report.pk)
    assert selectors.target_report_get_for_user(users.leader, report.pk) == report


def test_todo_lists_tasks_and_targets_of_the_unit(plan, items, users, units):
    report = services.target_report_save(
        user=users.reporter, period=items.january, target=items.hightech, actual_value=Decimal(9)
    )
    todo = selectors.todo_list_for_unit(user=users.reporter, period=items.january, unit=units.ndrc)
    assert [(i.kind, str(i.item), i.report) for i in todo] == [
        ("task", "一 提升研发投入", None),
        ("target", "全社会研发经费投入增长", None),
        ("target", "高新技术企业数量", report),
    ]
