"""The supervision pages: who may open which (role × page), the key POSTs, and the pages at work.

Roles, relative to the objects used (the 市发展改革委 leads 提升研发投入 and its targets; the order is to it):
planner, reporter (市发展改革委), other_reporter (江北区, assigned elsewhere in the plan), supervisor, leader,
anonymous.
"""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from docx import Document

from workplan.plans.models import Assignment, Target
from workplan.reporting.models import ReportStatus, TargetReport
from workplan.supervision import services
from workplan.supervision.models import Bulletin, FollowUpOrder

from .conftest import submit_progress, submit_value

ROLES = ["planner", "reporter", "other_reporter", "supervisor", "leader", "anonymous"]
DUE = timezone.localdate() + dt.timedelta(days=10)
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def world(plan, items, users, units, periods):
    """Reports of January and February (高企 lagging), an open order to the 市发展改革委, a finished bulletin."""
    submit_value(users.reporter, periods[1], items.hightech, 10)
    submit_value(users.reporter, periods[2], items.hightech, 20)
    submit_value(users.reporter, periods[1], items.rnd_growth, 10.5)
    submit_value(users.district_reporter, periods[1], items.platforms_count, 2)
    submit_progress(users.reporter, periods[1], items.rnd, "at_risk")
    order = services.follow_up_order_open(
        user=users.supervisor,
        plan=plan,
        unit=units.ndrc,
        title="高企培育滞后",
        request="请说明原因并提出整改措施",
        due_on=DUE,
        targets=[items.hightech],
        period=periods[2],
    )
    bulletin = services.bulletin_request(user=users.supervisor, plan=plan, period=periods[2], issuer="江川市督查室")
    assert Bulletin.objects.get(pk=bulletin.pk).status == Bulletin.Status.DONE  # ImmediateBackend in tests
    return {
        "plan": plan.pk,
        "target": items.hightech.pk,
        "period": periods[2].pk,
        "order": order.pk,
        "bulletin": bulletin.pk,
    }


def _user(users, role):
    return {
        "planner": users.planner,
        "reporter": users.reporter,
        "other_reporter": users.district_reporter,
        "supervisor": users.supervisor,
        "leader": users.leader,
        "anonymous": None,
    }[role]


def _client(users, role, **kwargs) -> Client:
    client = Client(**kwargs)
    user = _user(users, role)
    if user is not None:
        client.force_login(user)
    return client


# (url name, kwargs from world, expected status per role in ROLES order)
PAGES = [
    ("supervision:dashboard-home", {}, [302, 302, 302, 302, 302, 302]),
    ("supervision:dashboard", {"pk": "plan"}, [200, 200, 200, 200, 200, 302]),
    ("supervision:status", {"pk": "plan"}, [200, 200, 200, 200, 200, 302]),
    ("supervision:order-open", {"pk": "plan"}, [403, 403, 403, 200, 403, 302]),
    ("supervision:orders", {}, [200, 200, 200, 200, 200, 302]),
    ("supervision:order", {"pk": "order"}, [200, 200, 403, 200, 200, 302]),
    ("supervision:bulletins", {}, [200, 403, 403, 200, 200, 302]),
    ("supervision:bulletin", {"pk": "bulletin"}, [200, 403, 403, 200, 200, 302]),
    ("supervision:bulletin-print", {"pk": "bulletin"}, [200, 403, 403, 200, 200, 302]),
    ("supervision:bulletin-file", {"pk": "bulletin", "file_format": "docx"}, [200, 403, 403, 200, 200, 302]),
]

CASES = [
    pytest.param(name, kwargs, role, expected[i], id=f"{name}-{role}")
    for name, kwargs, expected in PAGES
    for i, role in enumerate(ROLES)
]


@pytest.mark.parametrize(("name", "kwargs", "role", "expected"), CASES)
def test_page_status_by_role(world, users, name, kwargs, role, expected):
    url = reverse(name, kwargs={k: world.get(v, v) for k, v in kwargs.items()})
    response = _client(users, role).get(url)
    assert response.status_code == expected, response.content[:300]
    if expected == 302 and role == "anonymous":
        assert response["Location"].startswith("/accounts/login/?next=")


@pytest.mark.parametrize(
    ("name", "kwargs"),
    [
        ("supervision:dashboard", {"pk": 999999}),
        ("supervision:status", {"pk": 999999}),
        ("supervision:order", {"pk": 999999}),
        ("supervision:bulletin", {"pk": 999999}),
        ("supervision:bulletin-print", {"pk": 999999}),
        ("supervision:bulletin-file", {"pk": 999999, "file_format": "docx"}),
    ],
)
def test_missing_objects_answer_404(world, users, name, kwargs):
    assert _client(users, "supervisor").get(reverse(name, kwargs=kwargs)).status_code == 404


def test_pdf_of_a_bulletin_without_libreoffice_answers_404(world, users):
    url = reverse("supervision:bulletin-file", kwargs={"pk": world["bulletin"], "file_format": "pdf"})
    response = _client(users, "supervisor").get(url)
    assert response.status_code == 404


def test_period_of_another_plan_answers_404(world, users, other_plan):
    period = other_plan.periods.first()
    url = reverse("supervision:dashboard", args=[world["plan"]]) + f"?period={period.pk}"
    assert _client(users, "leader").get(url).status_code == 404


@pytest.fixture
def other_plan(users):
    from tests.django_fixtures import jiangchuan_parsed
    from workplan.plans.services import plan_create_from_parsed, plan_publish

    plans, _report = plan_create_from_parsed(user=users.planner, parsed=jiangchuan_parsed("\n（二）"), source_name="b")
    return plan_publish(user=users.planner, plan=plans[0])


# ---------------------------------------------------------------- POSTs by role


def _order_form(world, items, units, **changes) -> dict:
    data = {
        "unit": units.ndrc.pk,
        "title": "研发投入进度滞后",
        "request": "请提出整改措施",
        "due_on": DUE.isoformat(),
        "period": world["period"],
        "targets": [items.rnd_growth.pk],
    }
    data.update(changes)
    return data


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("planner", 403),
        ("reporter", 403),
        ("other_reporter", 403),
        ("supervisor", 302),
        ("leader", 403),
        ("anonymous", 302),
    ],
)
def test_only_supervisors_open_orders(world, users, items, units, role, expected):
    response = _client(users, role).post(
        reverse("supervision:order-open", args=[world["plan"]]), _order_form(world, items, units)
    )
    assert response.status_code == expected
    assert FollowUpOrder.objects.filter(title="研发投入进度滞后").exists() is (role == "supervisor")


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("planner", 403),
        ("reporter", 302),
        ("other_reporter", 403),
        ("supervisor", 403),
        ("leader", 403),
        ("anonymous", 302),
    ],
)
def test_only_the_units_reporter_answers(world, users, role, expected):
    url = reverse("supervision:order-answer", args=[world["order"]])
    response = _client(users, role).post(url, {"answer": "已约谈企业，下月集中申报"})
    assert response.status_code == expected
    order = FollowUpOrder.objects.get(pk=world["order"])
    assert order.status == ("answered" if role == "reporter" else "open")


@pytest.mark.parametrize("action", ["remind", "close", "escalate"])
@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("planner", 403),
        ("reporter", 403),
        ("other_reporter", 403),
        ("supervisor", 302),
        ("leader", 403),
        ("anonymous", 302),
    ],
)
def test_only_supervisors_remind_close_and_escalate(world, users, role, expected, action):
    order = FollowUpOrder.objects.get(pk=world["order"])
    if action == "close":
        services.follow_up_order_answer(user=users.reporter, order=order, answer="已整改")
    before = FollowUpOrder.objects.values_list("status", "reminders").get(pk=order.pk)
    url = reverse(f"supervision:order-{action}", args=[order.pk])
    response = _client(users, role).post(url, {"comment": "措施不具体"})
    assert response.status_code == expected
    after = FollowUpOrder.objects.values_list("status", "reminders").get(pk=order.pk)
    changed = {"remind": ("open", 1), "close": ("closed", 0), "escalate": ("escalated", 0)}[action]
    assert after == (changed if role == "supervisor" else before)


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("planner", 302),
        ("reporter", 403),
        ("other_reporter", 403),
        ("supervisor", 302),
        ("leader", 403),
        ("anonymous", 302),
    ],
)
def test_supervisors_and_planners_generate_bulletins(world, users, role, expected):
    before = Bulletin.objects.count()
    response = _client(users, role).post(
        reverse("supervision:bulletins"), {"plan": world["plan"], "period": world["period"], "number": "3"}
    )
    assert response.status_code == expected
    assert Bulletin.objects.count() == before + (1 if role in ("planner", "supervisor") else 0)


@pytest.mark.parametrize(
    ("role", "name", "args", "data"),
    [
        ("supervisor", "supervision:order-open", "plan", "order_form"),
        ("reporter", "supervision:order-answer", "order", {"answer": "已整改"}),
        ("supervisor", "supervision:order-escalate", "order", {"comment": "升级"}),
        ("supervisor", "supervision:order-remind", "order", {}),
        ("supervisor", "supervision:bulletins", None, "bulletin_form"),
    ],
)
def test_posts_without_csrf_token_are_refused(world, users, items, units, role, name, args, data):
    client = _client(users, role, enforce_csrf_checks=True)
    if data == "order_form":
        payload = _order_form(world, items, units)
    elif data == "bulletin_form":
        payload = {"plan": world["plan"], "period": world["period"]}
    else:
        payload = data
    before = (FollowUpOrder.objects.count(), Bulletin.objects.count())
    response = client.post(reverse(name, args=[world[args]] if args else []), payload)
    assert response.status_code == 403
    assert (FollowUpOrder.objects.count(), Bulletin.objects.count()) == before
    assert FollowUpOrder.objects.values_list("status", "reminders").get(pk=world["order"]) == ("open", 0)


# ---------------------------------------------------------------- the pages at work


def test_status_page_shows_colour_and_reason_per_target(world, users, items):
    url = reverse("supervision:status", args=[world["plan"]]) + f"?period={world['period']}&colour=red"
    body = _client(users, "leader").get(url).content.decode()
    assert 'class="badge colour colour-red">红' in body
    assert "高新技术企业数量" in body
    assert "完成4%，序时进度17%" in body  # 20 of 500, two months of twelve
    assert "全社会研发经费投入增长" not in body  # filtered out: not red


def test_status_page_of_a_reporter_lists_its_own_units_items_only(world, users):
    url = reverse("supervision:status", args=[world["plan"]]) + f"?period={world['period']}"
    body = _client(users, "other_reporter").get(url).content.decode()
    assert "新建省级以上创新平台" in body
    assert "高新技术企业数量" not in body


def test_dashboard_shows_figures_and_drill_down_links(world, users, items):
    url = reverse("supervision:dashboard", args=[world["plan"]]) + f"?period={world['period']}"
    response = _client(users, "leader").get(url)
    body = response.content.decode()
    assert response.status_code == 200
    assert f'href="{reverse("plans:target", args=[items.hightech.pk])}"' in body
    assert f'href="{reverse("plans:task", args=[items.innovation.pk])}"' in body
    assert 'id="chart-trend" type="application/json"' in body
    assert "<script>" not in body.replace('<script src="', "")  # no inline script: CSP allows 'self' only
    assert response.context["charts"]["colours"]["items"][0]["url"].endswith("&colour=red")


def _grow(plan, section, n: int, periods, unit) -> None:
    """``n`` more targets under ``section`` with a submitted report each month of ``periods``."""
    start = plan.targets.count()
    targets = Target.objects.bulk_create(
        Target(plan=plan, section=section, order=start + i, subject=f"指标{i}", value=Decimal(100), unit="项")
        for i in range(n)
    )
    Assignment.objects.bulk_create(
        Assignment(plan=plan, target=t, unit=unit, role=Assignment.Role.LEAD, name=unit.name) for t in targets
    )
    TargetReport.objects.bulk_create(
        TargetReport(period=p, target=t, unit=unit, actual_value=Decimal(5 * k), status=ReportStatus.SUBMITTED)
        for t in targets
        for k, p in enumerate(periods, start=1)
    )


def _dashboard_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_dashboard_page_runs_a_constant_number_of_queries(
    world, users, items, units, periods, django_assert_num_queries
):
    client = _client(users, "leader")
    url = reverse("supervision:dashboard", args=[world["plan"]]) + f"?period={world['period']}"
    client.get(url)  # warm the session and content types
    small = _dashboard_queries(client, url)
    assert small == 17  # session, user, roles, plan, period, the periods, plan_status's eight, session save
    _grow(items.rnd.plan, items.rnd, 40, [periods[1], periods[2]], units.ndrc)
    with django_assert_num_queries(small):
        client.get(url)
    _grow(items.rnd.plan, items.talent, 200, [periods[1], periods[2]], units.bureau)
    with django_assert_num_queries(small):
        response = client.get(url)
    assert len(response.context["d"].lagging) == 10


def test_order_workflow_through_the_pages_is_in_the_history(world, users):
    order_url = reverse("supervision:order", args=[world["order"]])
    reporter = _client(users, "reporter")
    assert "整改措施" in reporter.get(order_url).content.decode()
    reporter.post(reverse("supervision:order-answer", args=[world["order"]]), {"answer": "已约谈企业"})
    supervisor = _client(users, "supervisor")
    response = supervisor.post(
        reverse("supervision:order-escalate", args=[world["order"]]), {"comment": "措施不具体", "due_on": ""}
    )
    assert response.status_code == 302
    reporter.post(reverse("supervision:order-answer", args=[world["order"]]), {"answer": "逐一对接后备企业"})
    supervisor.post(reverse("supervision:order-close", args=[world["order"]]), {"comment": "同意销号"})
    body = supervisor.get(order_url).content.decode()
    assert 'id="order-status">已办结' in body
    order = FollowUpOrder.objects.get(pk=world["order"])
    assert (order.status, order.answer, order.comment) == ("closed", "逐一对接后备企业", "同意销号")
    assert body.count("<li>\n      <p><time") == 5  # opened, answered, escalated, answered, closed


def test_refused_order_action_is_shown_on_the_page(world, users):
    response = _client(users, "supervisor").post(reverse("supervision:order-close", args=[world["order"]]), {})
    assert response.status_code == 400
    assert FollowUpOrder.objects.get(pk=world["order"]).status == "open"
    assert 'role="alert"' in response.content.decode()


def test_order_form_refuses_an_order_without_items(world, users, items, units):
    data = _order_form(world, items, units, targets=[])
    response = _client(users, "supervisor").post(reverse("supervision:order-open", args=[world["plan"]]), data)
    assert response.status_code == 400
    assert "请至少选择一项滞后的指标或任务。" in response.content.decode()
    assert not FollowUpOrder.objects.filter(title="研发投入进度滞后").exists()


def test_order_form_is_prefilled_from_the_status_page_link(world, users, items, units):
    url = reverse("supervision:order-open", args=[world["plan"]])
    response = _client(users, "supervisor").get(f"{url}?unit={units.ndrc.pk}&target={items.hightech.pk}")
    form = response.context["form"]
    assert (form.initial["unit"], form.initial["targets"]) == (str(units.ndrc.pk), [str(items.hightech.pk)])


def test_order_list_filters_by_status(world, users):
    client = _client(users, "supervisor")
    assert "高企培育滞后" in client.get(reverse("supervision:orders") + "?status=open").content.decode()
    assert "高企培育滞后" not in client.get(reverse("supervision:orders") + "?status=closed").content.decode()
    assert "高企培育滞后" not in _client(users, "other_reporter").get(reverse("supervision:orders")).content.decode()


def test_bulletin_generation_redirects_to_its_progress_then_print_page(world, users):
    client = _client(users, "supervisor")
    response = client.post(reverse("supervision:bulletins"), {"plan": world["plan"], "period": world["period"]})
    bulletin = Bulletin.objects.latest("pk")
    assert response["Location"] == reverse("supervision:bulletin", args=[bulletin.pk])
    partial = client.get(response["Location"], **HTMX).content.decode()
    assert partial.lstrip().startswith('<section id="progress"')
    assert reverse("supervision:bulletin-print", args=[bulletin.pk]) in partial
    assert "hx-get" not in partial  # finished: no more polling


def test_unfinished_bulletin_polls_its_progress(world, users, plan, periods):
    bulletin = Bulletin.objects.create(plan=plan, period=periods[2], created_by=users.supervisor)
    body = _client(users, "supervisor").get(reverse("supervision:bulletin", args=[bulletin.pk]), **HTMX).content
    assert b'hx-trigger="load delay:1s"' in body


def test_print_page_has_the_bulletins_content(world, users):
    body = _client(users, "leader").get(reverse("supervision:bulletin-print", args=[world["bulletin"]])).content
    text = body.decode()
    docx = _client(users, "leader").get(
        reverse("supervision:bulletin-file", kwargs={"pk": world["bulletin"], "file_format": "docx"})
    )
    doc = Document(io.BytesIO(b"".join(docx.streaming_content)))
    title = doc.paragraphs[0].text
    assert title == "关于江川市2026年科技工作要点推进情况的通报"
    assert f'<h1 class="official-title">{title}</h1>' in text
    for heading in ("一、总体进展", "三、滞后单位排名", "四、督办事项"):
        assert heading in text, heading
    assert "高企培育滞后" in text  # the open order
    assert "江川市督查室" in text
    assert "bulletin.css" in text
