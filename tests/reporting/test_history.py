from decimal import Decimal

import pytest

from workplan.core.errors import PermissionDenied
from workplan.plans import services as plan_services
from workplan.reporting import services
from workplan.reporting.history import history_list_for_user


def test_target_history_records_who_when_before_after(plan, items, users):
    plan_services.target_update(user=users.planner, target=items.hightech, value=Decimal(600), weight=Decimal(2))
    entries = history_list_for_user(users.leader, kind="target", object_id=items.hightech.pk)
    assert [(e.action, e.user) for e in entries] == [("created", "planner"), ("changed", "planner")]
    assert [(c.field, c.old, c.new) for c in entries[1].changes] == [
        ("value", "500.0000", "600.0000"),
        ("weight", "1.00", "2.00"),
    ]


def test_report_history_follows_submit_and_return(plan, items, users):
    report = services.target_report_save(
        user=users.reporter, period=items.january, target=items.hightech, actual_value=Decimal(10)
    )
    services.report_submit(user=users.reporter, report=report)
    services.report_return(user=users.supervisor, report=report, comment="口径有误")
    entries = history_list_for_user(users.reporter, kind="target_report", object_id=report.pk)
    assert [(e.action, e.user) for e in entries] == [
        ("created", "ndrc_reporter"),
        ("changed", "ndrc_reporter"),
        ("changed", "supervisor"),
    ]
    last = {c.field: (c.old, c.new) for c in entries[2].changes}
    assert last["status"] == ("submitted", "returned")
    assert last["review_comment"] == ("", "口径有误")


def test_assignment_deletion_stays_in_history(plan, users, units):
    assignment = plan.assignments.get(unit=units.jiangbei)
    pk = assignment.pk
    plan_services.assignment_delete(user=users.planner, assignment=assignment)
    entries = history_list_for_user(users.supervisor, kind="assignment", object_id=pk)
    assert [(e.action, e.user) for e in entries] == [("created", "planner"), ("deleted", "planner")]


def test_history_of_other_units_item_is_forbidden(plan, items, users):
    with pytest.raises(PermissionDenied):
        history_list_for_user(users.district_reporter, kind="target", object_id=items.hightech.pk)


def test_history_is_read_only_through_the_api(api, plan, items, users):
    client = api.as_(users.planner)
    url = f"/api/history/?kind=target&object_id={items.hightech.pk}"
    assert client.get(url).status_code == 200
    assert client.post(url, {}, format="json").status_code == 405
    assert client.delete(url).status_code == 405


def test_api_history_shows_changes(api, plan, items, users):
    api.as_(users.planner).patch(f"/api/targets/{items.hightech.pk}/", {"baseline": "420"}, format="json")
    body = api.as_(users.supervisor).get(f"/api/targets/{items.hightech.pk}/history/").json()
    assert body[-1]["user"] == "planner"
    assert body[-1]["changes"] == [{"field": "baseline", "label": "基期值", "old": None, "new": "420.0000"}]


def test_unknown_history_kind_is_an_error(api, plan, users):
    response = api.as_(users.planner).get("/api/history/?kind=user&object_id=1")
    assert response.status_code == 400
    assert response.json()["code"] == "bad_kind"
