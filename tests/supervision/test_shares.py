"""Decomposition (指标分解): dividing a target among districts and parks, the sum check, and the roll-up."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import translation

from workplan.core.errors import DomainError, PermissionDenied
from workplan.plans.models import Assignment, Target
from workplan.supervision.models import TargetShare
from workplan.supervision.selectors import plan_status
from workplan.supervision.services import target_divide

from .conftest import submit_value


@pytest.fixture
def park_reporter(units):
    from django.contrib.auth import get_user_model

    from workplan.units.services import membership_grant

    user = get_user_model().objects.create_user(username="park_reporter", password="x")
    membership_grant(user=user, unit=units.park, role="reporter")
    return user


def shares(*pairs):
    return [{"unit": unit, "value": Decimal(str(value))} for unit, value in pairs]


def test_planner_divides_a_count_target_and_share_units_may_report(plan, items, users, units, park_reporter):
    result = target_divide(
        user=users.planner, target=items.platforms_count, shares=shares((units.jiangbei, 12), (units.park, 8))
    )
    assert [(s.unit.name, s.value) for s in result] == [("江北区", Decimal(12)), ("江川高新区", Decimal(8))]
    park = Assignment.objects.get(target=items.platforms_count, unit=units.park)
    assert park.role == "support"
    # The park's reporter can now report its part on the parent target.
    submit_value(park_reporter, items.january, items.platforms_count, 2)


def test_shares_short_of_the_target_are_refused_and_nothing_is_written(plan, items, users, units):
    with translation.override("zh-hans"), pytest.raises(DomainError) as exc:
        target_divide(
            user=users.planner, target=items.platforms_count, shares=shares((units.jiangbei, 12), (units.park, 5))
        )
    assert exc.value.code == "shares_do_not_add_up"
    assert exc.value.extra == {"target_value": "20", "shares_total": "17", "difference": "-3"}
    assert exc.value.message == "分解值合计17，与目标值（不低于20）不符。"
    assert TargetShare.objects.count() == 0
    assert not Assignment.objects.filter(target=items.platforms_count).exists()


@pytest.mark.parametrize(
    ("comparator", "value", "value_max", "parts", "ok"),
    [
        (">=", 20, None, (12, 8), True),
        (">=", 20, None, (12, 10), True),  # districts may commit more than the city
        (">=", 20, None, (12, 7.5), False),
        (">", 20, None, (10, 10), True),
        ("<=", 100, None, (60, 40), True),
        ("<=", 100, None, (60, 50), False),  # a ceiling cannot be shared out beyond itself
        ("<", 100, None, (30, 30), True),
        ("=", 20, None, (10, 10), True),
        ("=", 20, None, (10, 11), False),
        ("range", 40, 60, (20, 30), True),
        ("range", 40, 60, (40, 30), False),
    ],
)
def test_sum_check_per_comparator(plan, items, users, units, comparator, value, value_max, parts, ok):
    target = Target.objects.create(
        plan=plan,
        section=items.platforms,
        subject="新增孵化器",
        value=value,
        value_max=value_max,
        comparator=comparator,
        measure="amount",
        order=50,
    )
    call = lambda: target_divide(  # noqa: E731
        user=users.planner, target=target, shares=shares((units.jiangbei, parts[0]), (units.park, parts[1]))
    )
    if ok:
        assert len(call()) == 2
    else:
        with pytest.raises(DomainError) as exc:
            call()
        assert exc.value.code == "shares_do_not_add_up"


def test_percent_and_growth_targets_are_not_summed(plan, items, users, units):
    result = target_divide(
        user=users.planner, target=items.rnd_growth, shares=shares((units.jiangbei, 8), (units.park, 15))
    )
    assert len(result) == 2


def test_duplicate_units_and_non_planners_are_refused(plan, items, users, units):
    with pytest.raises(DomainError) as exc:
        target_divide(
            user=users.planner, target=items.platforms_count, shares=shares((units.park, 10), (units.park, 10))
        )
    assert exc.value.code == "duplicate_unit"
    with pytest.raises(PermissionDenied) as exc:
        target_divide(user=users.supervisor, target=items.platforms_count, shares=shares((units.park, 20)))
    assert exc.value.code == "not_planner"


def test_dividing_again_replaces_the_shares(plan, items, users, units):
    target_divide(
        user=users.planner, target=items.platforms_count, shares=shares((units.jiangbei, 12), (units.park, 8))
    )
    target_divide(user=users.planner, target=items.platforms_count, shares=shares((units.jiangbei, 20)))
    assert list(TargetShare.objects.values_list("unit__name", "value")) == [("江北区", Decimal(20))]
    assert TargetShare.history.filter(history_type="-").count() == 1


def test_parts_roll_up_to_the_parent(plan, items, users, units, park_reporter):
    target_divide(
        user=users.planner, target=items.platforms_count, shares=shares((units.jiangbei, 12), (units.park, 8))
    )
    periods = {p.number: p for p in plan.periods.all()}
    submit_value(users.district_reporter, periods[1], items.platforms_count, 3)
    submit_value(users.district_reporter, periods[2], items.platforms_count, 6)
    submit_value(park_reporter, periods[1], items.platforms_count, 2)  # the park skipped February
    with translation.override("zh-hans"):
        status = plan_status(plan=plan, period=periods[2], today=dt.date(2026, 3, 1))
    parent = next(t for t in status.targets if t.id == items.platforms_count.pk)
    # January 3 + 2 = 5; February 6 + 2 (the park's January value carried) = 8 of 20.
    assert parent.series == [(1, 5.0), (2, 8.0)]
    assert parent.unit_ids == [units.jiangbei.pk, units.park.pk]
    # Fitted line through (0,0), (1/12,5), (2/12,8): slope 48, intercept 1/3 → 48.33 of 20 at year end.
    assert parent.evaluation.reason == "完成40%，序时进度17%，预计年底完成242%"
    own = {u.unit_id: u.evaluation for u in status.units if (u.kind, u.item_id) == ("target", items.platforms_count.pk)}
    assert own[units.jiangbei.pk].reason == "完成50%，序时进度17%，预计年底完成300%"
    # Its one report: 2 of 8; February is not yet due on 1 March, so nothing is overdue.
    assert own[units.park.pk].reason == "完成25%，序时进度17%"


def test_a_divided_level_is_judged_on_the_lead_units_value(plan, items, users, units, park_reporter):
    target_divide(user=users.planner, target=items.rnd_growth, shares=shares((units.jiangbei, 8), (units.park, 15)))
    submit_value(park_reporter, items.january, items.rnd_growth, 20)
    submit_value(users.district_reporter, items.january, items.rnd_growth, 4)
    status = plan_status(plan=plan, period=items.january, today=dt.date(2026, 2, 1))
    parent = next(t for t in status.targets if t.id == items.rnd_growth.pk)
    assert parent.evaluation.actual != 24  # a rate is never summed
    own = {
        u.unit_id: u.evaluation.completion
        for u in status.units
        if (u.kind, u.item_id) == ("target", items.rnd_growth.pk)
    }
    assert own == {units.jiangbei.pk: pytest.approx(0.5), units.park.pk: pytest.approx(20 / 15)}


def test_divide_api(api, plan, items, users, units):
    url = "/api/target-shares/divide/"
    body = {
        "target": items.platforms_count.pk,
        "shares": [{"unit": units.jiangbei.pk, "value": "12"}, {"unit": units.park.pk, "value": "5"}],
    }
    bad = api.as_(users.planner).post(url, body, format="json")
    assert (bad.status_code, bad.json()["code"]) == (400, "shares_do_not_add_up")
    body["shares"][1]["value"] = "8"
    assert api.as_(users.supervisor).post(url, body, format="json").status_code == 403
    ok = api.as_(users.planner).post(url, body, format="json")
    assert ok.status_code == 200
    assert [s["unit_name"] for s in ok.json()] == ["江北区", "江川高新区"]
    listed = api.as_(users.district_reporter).get("/api/target-shares/").json()
    assert [s["unit_name"] for s in listed["results"]] == ["江北区"]
