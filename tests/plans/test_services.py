from decimal import Decimal

import pytest

from tests.django_fixtures import jiangchuan_parsed
from workplan.core.errors import DomainError, PermissionDenied
from workplan.plans import services
from workplan.plans.models import Assignment, Plan, Section, Target
from workplan.reporting.models import Period


def test_import_builds_section_tree_from_levels(draft_plan):
    tree = [(s.label, s.title, s.parent.title if s.parent else None) for s in draft_plan.sections.order_by("order")]
    assert tree == [
        ("一", "强化科技创新", None),
        ("一", "提升研发投入", "强化科技创新"),
        ("二", "建设创新平台", "强化科技创新"),
        ("二", "优化创新生态", None),
        ("一", "培育科技人才", "优化创新生态"),
    ]


def test_import_keeps_source_offsets_that_quote_the_source(draft_plan):
    for t in draft_plan.targets.all():
        assert draft_plan.source_text[t.start : t.end] == t.quote
    for a in draft_plan.assignments.all():
        assert draft_plan.source_text[a.start : a.end] == a.text


def test_import_places_targets_under_their_heading(draft_plan):
    rows = [(t.subject, t.section.title, t.value, t.comparator) for t in draft_plan.targets.order_by("order")]
    assert rows == [
        ("全社会研发经费投入增长", "提升研发投入", Decimal("10.0000"), ">="),
        ("高新技术企业数量", "提升研发投入", Decimal("500.0000"), ">="),
        ("新建省级以上创新平台", "建设创新平台", Decimal("20.0000"), ">="),
        ("技术合同成交额", "培育科技人才", Decimal("100.0000"), ">"),
    ]


def test_import_matches_unit_alias(draft_plan, units):
    assignment = draft_plan.assignments.get(name="科技局")
    assert assignment.unit == units.bureau
    assert assignment.section.title == "培育科技人才"


def test_import_reports_unknown_unit_names_without_creating_units(users):
    parsed = jiangchuan_parsed()
    parsed.parts[0].responsibilities[1].lead = ["江北新区管委会"]
    plans, report = services.plan_create_from_parsed(user=users.planner, parsed=parsed, source_name="x.txt")
    assert report["unresolved_units"] == ["江北新区管委会"]
    assignment = plans[0].assignments.get(name="江北新区管委会")
    assert assignment.unit is None
    from workplan.units.models import Unit

    assert not Unit.objects.filter(name="江北新区管委会").exists()


def test_reimport_of_same_text_is_refused_with_plan_id(draft_plan, users):
    with pytest.raises(DomainError) as exc:
        services.plan_create_from_parsed(user=users.planner, parsed=jiangchuan_parsed(), source_name="again.txt")
    assert exc.value.code == "duplicate_plan"
    assert exc.value.extra == {"plan_id": draft_plan.pk}
    assert Plan.objects.count() == 1


def test_reimport_ignores_whitespace_differences(draft_plan, users):
    with pytest.raises(DomainError) as exc:
        services.plan_create_from_parsed(user=users.planner, parsed=jiangchuan_parsed("\n\n  "), source_name="a.txt")
    assert exc.value.code == "duplicate_plan"


def test_reimport_allowed_when_asked(draft_plan, users):
    plans, _ = services.plan_create_from_parsed(
        user=users.planner, parsed=jiangchuan_parsed(), source_name="a.txt", allow_duplicate=True
    )
    assert plans[0].pk != draft_plan.pk
    assert Plan.objects.count() == 2


@pytest.mark.parametrize("role", ["reporter", "supervisor", "leader", "outsider"])
def test_only_planner_may_import(users, role):
    with pytest.raises(PermissionDenied) as exc:
        services.plan_create_from_parsed(user=getattr(users, role), parsed=jiangchuan_parsed(), source_name="a.txt")
    assert exc.value.code == "not_planner"
    assert Plan.objects.count() == 0


def test_publish_creates_twelve_monthly_periods(plan):
    assert plan.status == Plan.Status.PUBLISHED
    periods = list(Period.objects.filter(plan=plan).order_by("number"))
    assert len(periods) == 12
    assert (str(periods[1].starts_on), str(periods[1].ends_on), str(periods[1].due_on)) == (
        "2026-02-01",
        "2026-02-28",
        "2026-03-05",
    )


def test_publish_quarterly_plan_creates_four_periods(draft_plan, users):
    services.plan_update(user=users.planner, plan=draft_plan, reporting_cycle="quarterly")
    services.plan_publish(user=users.planner, plan=draft_plan)
    assert list(draft_plan.periods.values_list("number", "starts_on__month", "ends_on__month")) == [
        (1, 1, 3),
        (2, 4, 6),
        (3, 7, 9),
        (4, 10, 12),
    ]


def test_publish_refused_while_unit_names_unresolved(users):
    parsed = jiangchuan_parsed()
    parsed.parts[0].responsibilities[1].lead = ["江北新区管委会"]
    plans, _ = services.plan_create_from_parsed(user=users.planner, parsed=parsed, source_name="x.txt")
    with pytest.raises(DomainError) as exc:
        services.plan_publish(user=users.planner, plan=plans[0])
    assert (exc.value.code, exc.value.extra) == ("unresolved_units", {"names": ["江北新区管委会"]})
    plans[0].refresh_from_db()
    assert plans[0].status == Plan.Status.DRAFT
    assert not plans[0].periods.exists()


def test_resolving_an_unknown_name_allows_publishing(users, units):
    parsed = jiangchuan_parsed()
    parsed.parts[0].responsibilities[1].lead = ["江北新区管委会"]
    plan = services.plan_create_from_parsed(user=users.planner, parsed=parsed, source_name="x.txt")[0][0]
    assignment = plan.assignments.get(name="江北新区管委会")
    services.assignment_update(user=users.planner, assignment=assignment, unit=units.jiangbei)
    services.plan_publish(user=users.planner, plan=plan)
    assert plan.status == Plan.Status.PUBLISHED


def test_publish_refused_without_year(draft_plan, users):
    services.plan_update(user=users.planner, plan=draft_plan, year=None)
    with pytest.raises(DomainError) as exc:
        services.plan_publish(user=users.planner, plan=draft_plan)
    assert exc.value.code == "plan_year_missing"


def test_target_update_sets_baseline_and_weight(draft_plan, users):
    target = draft_plan.targets.get(subject="高新技术企业数量")
    services.target_update(user=users.planner, target=target, baseline=Decimal(420), weight=Decimal("2.5"))
    target.refresh_from_db()
    assert (target.baseline, target.weight) == (Decimal("420.0000"), Decimal("2.50"))


def test_target_update_refuses_unknown_field(draft_plan, users):
    target = draft_plan.targets.first()
    with pytest.raises(DomainError) as exc:
        services.target_update(user=users.planner, target=target, plan=None)
    assert exc.value.code == "bad_fields"


def test_range_target_needs_upper_value(draft_plan, users):
    from django.core.exceptions import ValidationError

    target = draft_plan.targets.first()
    with pytest.raises(ValidationError) as exc:
        services.target_update(user=users.planner, target=target, comparator="range", value_max=Decimal(1))
    assert exc.value.error_dict["value_max"][0].code == "bad_range"


def test_reporter_cannot_change_target(draft_plan, users):
    target = draft_plan.targets.first()
    with pytest.raises(PermissionDenied):
        services.target_update(user=users.reporter, target=target, value=Decimal(1))
    target.refresh_from_db()
    assert target.value == Decimal("10.0000")


def test_target_merge_moves_quote_and_deletes_other(draft_plan, users, units):
    a, b = draft_plan.targets.order_by("order")[:2]
    services.assignment_create(user=users.planner, plan=draft_plan, unit=units.park, target=b)
    merged = services.target_merge(user=users.planner, target=a, others=[b])
    assert merged.quote == "全社会研发经费投入增长10%以上\n高新技术企业数量达到500家"
    assert not Target.objects.filter(pk=b.pk).exists()
    assert list(merged.assignments.values_list("unit__name", flat=True)) == ["江川高新区"]


def test_section_cannot_become_its_own_descendant(draft_plan, users):
    top = draft_plan.sections.get(title="强化科技创新")
    child = draft_plan.sections.get(title="提升研发投入")
    with pytest.raises(DomainError) as exc:
        services.section_update(user=users.planner, section=top, parent=child)
    assert exc.value.code == "section_cycle"


def test_assignment_needs_exactly_one_item(draft_plan, users, units):
    with pytest.raises(DomainError) as exc:
        services.assignment_create(user=users.planner, plan=draft_plan, unit=units.park)
    assert exc.value.code == "assignment_item"
    assert Assignment.objects.filter(unit=units.park).count() == 0


def test_items_of_another_plan_are_refused(draft_plan, users, units):
    other = services.plan_create(user=users.planner, title="另一计划", year=2026)
    section = draft_plan.sections.first()
    with pytest.raises(DomainError) as exc:
        services.assignment_create(user=users.planner, plan=other, unit=units.park, section=section)
    assert exc.value.code == "other_plan"


def test_delete_published_plan_is_refused(plan, users):
    with pytest.raises(DomainError) as exc:
        services.plan_delete(user=users.planner, plan=plan)
    assert exc.value.code == "plan_not_draft"


def test_delete_section_keeps_its_targets(draft_plan, users):
    section = draft_plan.sections.get(title="建设创新平台")
    services.section_delete(user=users.planner, section=section)
    assert not Section.objects.filter(pk=section.pk).exists()
    assert draft_plan.targets.get(subject="新建省级以上创新平台").section is None
