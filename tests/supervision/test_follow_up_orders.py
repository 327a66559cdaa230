"""Follow-up orders (督办单): the workflow, its refusals, history, and who may do what (API matrix)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from workplan.core.errors import DomainError, PermissionDenied
from workplan.supervision import services
from workplan.supervision.models import FollowUpOrder

DUE = timezone.localdate() + dt.timedelta(days=10)


@pytest.fixture
def order(plan, items, users, units):
    return services.follow_up_order_open(
        user=users.supervisor,
        plan=plan,
        unit=units.ndrc,
        title="高新技术企业培育滞后",
        request="请说明原因并提出整改措施",
        due_on=DUE,
        targets=[items.hightech],
        tasks=[items.rnd],
        period=items.january,
    )


def test_supervisor_opens_an_order_on_lagging_items(order, items, users, units):
    order.refresh_from_db()
    assert (order.status, order.unit, order.opened_by, order.due_on) == ("open", units.ndrc, users.supervisor, DUE)
    assert list(order.targets.all()) == [items.hightech]
    assert list(order.tasks.all()) == [items.rnd]


def test_full_workflow_answer_escalate_answer_close_is_in_history(order, users):
    services.follow_up_order_answer(user=users.reporter, order=order, answer="已约谈企业，下月集中申报")
    assert (order.status, order.answered_by) == ("answered", users.reporter)
    services.follow_up_order_escalate(
        user=users.supervisor, order=order, comment="措施不具体", due_on=DUE + dt.timedelta(days=5)
    )
    assert (order.status, order.due_on) == ("escalated", DUE + dt.timedelta(days=5))
    services.follow_up_order_answer(user=users.reporter, order=order, answer="逐一对接30家后备企业")
    services.follow_up_order_close(user=users.supervisor, order=order, comment="同意销号")
    order.refresh_from_db()
    assert (order.status, order.comment, order.answer) == ("closed", "同意销号", "逐一对接30家后备企业")
    history = list(order.history.order_by("history_date", "history_id").values_list("status", "history_user__username"))
    assert history == [
        ("open", "supervisor"),
        ("answered", "ndrc_reporter"),
        ("escalated", "supervisor"),
        ("answered", "ndrc_reporter"),
        ("closed", "supervisor"),
    ]


def test_remind_counts_and_mails_the_units_reporters(order, users):
    users.reporter.email = "ndrc@example.cn"
    users.reporter.save()
    services.follow_up_order_remind(user=users.supervisor, order=order)
    services.follow_up_order_remind(user=users.supervisor, order=order)
    order.refresh_from_db()
    assert order.reminders == 2
    assert [m.to for m in mail.outbox] == [["ndrc@example.cn"], ["ndrc@example.cn"]]
    assert "高新技术企业培育滞后" in mail.outbox[0].subject


@pytest.mark.parametrize(
    ("setup", "action", "code"),
    [
        ([], "close", "order_wrong_status"),  # an open order is answered first
        (["answer", "close"], "answer", "order_wrong_status"),  # closed is final
        (["answer", "close"], "escalate", "order_wrong_status"),
        (["answer"], "remind", "order_wrong_status"),  # nothing to remind of once answered
        (["answer", "close"], "remind", "order_wrong_status"),
    ],
)
def test_transitions_out_of_order_are_refused(order, users, setup, action, code):
    calls = {
        "answer": lambda: services.follow_up_order_answer(user=users.reporter, order=order, answer="措施"),
        "close": lambda: services.follow_up_order_close(user=users.supervisor, order=order),
        "escalate": lambda: services.follow_up_order_escalate(user=users.supervisor, order=order, comment="升级"),
        "remind": lambda: services.follow_up_order_remind(user=users.supervisor, order=order),
    }
    for step in setup:
        calls[step]()
    before = FollowUpOrder.objects.get(pk=order.pk).status
    with pytest.raises(DomainError) as exc:
        calls[action]()
    assert exc.value.code == code
    assert FollowUpOrder.objects.get(pk=order.pk).status == before


def test_open_refuses_bad_input_and_writes_nothing(plan, items, users, units):
    from tests.django_fixtures import jiangchuan_parsed
    from workplan.plans.services import plan_create_from_parsed

    other_plans, _ = plan_create_from_parsed(user=users.planner, parsed=jiangchuan_parsed("x"), source_name="b.txt")
    other_target = other_plans[0].targets.first()
    cases = [
        ({"targets": [], "tasks": []}, "items_required"),
        ({"targets": [other_target]}, "item_other_plan"),
        ({"targets": [items.hightech], "due_on": timezone.localdate() - dt.timedelta(days=1)}, "due_in_past"),
    ]
    for extra, code in cases:
        kwargs = {"user": users.supervisor, "plan": plan, "unit": units.ndrc, "title": "督办", "due_on": DUE, **extra}
        with pytest.raises(DomainError) as exc:
            services.follow_up_order_open(**kwargs)
        assert exc.value.code == code
    assert FollowUpOrder.objects.count() == 0


def test_answer_and_escalate_need_words(order, users):
    with pytest.raises(DomainError) as exc:
        services.follow_up_order_answer(user=users.reporter, order=order, answer="  ")
    assert exc.value.code == "answer_required"
    with pytest.raises(DomainError) as exc:
        services.follow_up_order_escalate(user=users.supervisor, order=order, comment="")
    assert exc.value.code == "comment_required"


@pytest.mark.parametrize("role", ["planner", "reporter", "leader", "outsider"])
def test_only_supervisors_open_orders(plan, items, users, units, role):
    with pytest.raises(PermissionDenied) as exc:
        services.follow_up_order_open(
            user=getattr(users, role), plan=plan, unit=units.ndrc, title="督办", due_on=DUE, targets=[items.hightech]
        )
    assert exc.value.code == "not_supervisor"


@pytest.mark.parametrize("role", ["supervisor", "district_reporter", "planner", "leader"])
def test_only_the_units_reporters_answer(order, users, role):
    with pytest.raises(PermissionDenied) as exc:
        services.follow_up_order_answer(user=getattr(users, role), order=order, answer="措施")
    assert exc.value.code == "not_your_unit"


# ---------------------------------------------------------------- API permission matrix

ROLES = ["planner", "reporter", "district_reporter", "supervisor", "leader", "outsider"]
# action → expected status per role (reporter = the order's unit, district_reporter = another unit)
MATRIX = {
    "list": dict(zip(ROLES, [200, 200, 200, 200, 200, 200], strict=True)),
    "retrieve": dict(zip(ROLES, [200, 200, 403, 200, 200, 403], strict=True)),
    "create": dict(zip(ROLES, [403, 403, 403, 201, 403, 403], strict=True)),
    "answer": dict(zip(ROLES, [403, 200, 403, 403, 403, 403], strict=True)),
    "close": dict(zip(ROLES, [403, 403, 403, 200, 403, 403], strict=True)),
    "escalate": dict(zip(ROLES, [403, 403, 403, 200, 403, 403], strict=True)),
    "remind": dict(zip(ROLES, [403, 403, 403, 200, 403, 403], strict=True)),
    "history": dict(zip(ROLES, [200, 200, 403, 200, 200, 403], strict=True)),
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", list(MATRIX))
def test_api_permission_matrix(api, order, plan, items, users, units, role, action):
    if action == "close":
        services.follow_up_order_answer(user=users.reporter, order=order, answer="措施")
    client = api.as_(getattr(users, role))
    base = "/api/follow-up-orders/"
    detail = f"{base}{order.pk}/"
    requests = {
        "list": lambda: client.get(base),
        "retrieve": lambda: client.get(detail),
        "create": lambda: client.post(
            base,
            {
                "plan": plan.pk,
                "unit": units.jiangbei.pk,
                "title": "平台建设滞后",
                "due_on": DUE.isoformat(),
                "targets": [items.platforms_count.pk],
            },
            format="json",
        ),
        "answer": lambda: client.post(f"{detail}answer/", {"answer": "已部署"}, format="json"),
        "close": lambda: client.post(f"{detail}close/", {"comment": "销号"}, format="json"),
        "escalate": lambda: client.post(f"{detail}escalate/", {"comment": "升级督办"}, format="json"),
        "remind": lambda: client.post(f"{detail}remind/"),
        "history": lambda: client.get(f"{detail}history/"),
    }
    response = requests[action]()
    assert response.status_code == MATRIX[action][role], response.content


def test_reporters_list_only_their_units_orders(api, order, users):
    assert api.as_(users.reporter).get("/api/follow-up-orders/").json()["count"] == 1
    assert api.as_(users.district_reporter).get("/api/follow-up-orders/").json()["count"] == 0
    assert api.as_(users.leader).get("/api/follow-up-orders/").json()["count"] == 1


def test_api_errors_have_code_and_message(api, order, users):
    response = api.as_(users.supervisor).post(f"/api/follow-up-orders/{order.pk}/close/", {}, format="json")
    assert response.status_code == 400
    assert response.json()["code"] == "order_wrong_status"


def test_history_lists_every_change(api, order, users):
    services.follow_up_order_answer(user=users.reporter, order=order, answer="措施")
    entries = api.as_(users.leader).get(f"/api/follow-up-orders/{order.pk}/history/").json()
    assert [e["user"] for e in entries] == ["supervisor", "ndrc_reporter"]
    changed = {c["field"] for c in entries[1]["changes"]}
    assert {"status", "answer", "answered_by", "answered_at"} <= changed


def test_status_rules_api(api, plan, users):
    response = api.as_(users.supervisor).post(
        "/api/status-rules/", {"plan": plan.pk, "yellow_tolerance": "0.08", "red_tolerance": "0.2"}, format="json"
    )
    assert response.status_code == 201, response.content
    assert response.json()["yellow_tolerance"] == "0.080"
    refused = api.as_(users.planner).post("/api/status-rules/", {"yellow_tolerance": "0.1"}, format="json")
    assert refused.status_code == 403
    bad = api.as_(users.supervisor).post(
        "/api/status-rules/", {"yellow_tolerance": "0.3", "red_tolerance": "0.2"}, format="json"
    )
    assert (bad.status_code, bad.json()["code"]) == (400, "tolerances")


def test_plan_status_api_limits_reporters_to_their_items(api, plan, items, users):
    full = api.as_(users.leader).get(f"/api/plan-status/?plan={plan.pk}&period={items.january.pk}").json()
    assert len(full["targets"]) == 4
    own = api.as_(users.district_reporter).get(f"/api/plan-status/?plan={plan.pk}&period={items.january.pk}").json()
    assert [t["id"] for t in own["targets"]] == [items.platforms_count.pk]
    assert api.as_(users.outsider).get(f"/api/plan-status/?plan={plan.pk}").status_code == 403


def test_candidates_are_red_items_not_yet_in_an_open_order(plan, items, users, units):
    import datetime as dt

    from workplan.supervision.selectors import follow_up_candidates, plan_status

    # 10 March, February's status: nothing reported, two reports overdue everywhere → every item red.
    status = plan_status(plan=plan, period=items.february, today=dt.date(2026, 3, 10))
    before = {
        c.unit: ([t.label for t in c.targets], [t.label for t in c.tasks]) for c in follow_up_candidates(status=status)
    }
    assert before["市发展改革委"] == (["全社会研发经费投入增长", "高新技术企业数量"], ["一 提升研发投入"])
    services.follow_up_order_open(
        user=users.supervisor,
        plan=plan,
        unit=units.ndrc,
        title="督办",
        due_on=DUE,
        targets=[items.hightech],
        tasks=[items.rnd],
    )
    after = {
        c.unit: [t.label for t in c.targets] + [t.label for t in c.tasks] for c in follow_up_candidates(status=status)
    }
    assert after["市发展改革委"] == ["全社会研发经费投入增长"]
    assert after["江北区"] == ["新建省级以上创新平台", "二 建设创新平台"]
