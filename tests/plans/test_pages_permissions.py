"""Who may open which page: every role × every page URL, and the key POSTs refusing wrong roles and no CSRF.

Roles, relative to the objects used (the 市发展改革委 reports on 提升研发投入 and its targets):
planner, reporter (市发展改革委), other_reporter (江北区, assigned elsewhere in the plan), supervisor, leader,
anonymous.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from workplan.plans.models import ImportJob, Plan, Target
from workplan.reporting import services as reporting_services
from workplan.reporting.models import ReportStatus, TargetReport, TaskReport

ROLES = ["planner", "reporter", "other_reporter", "supervisor", "leader", "anonymous"]


@pytest.fixture
def world(plan, items, users, units):
    """The published plan with one draft target report and one task report of the 市发展改革委 in January."""
    target_report = reporting_services.target_report_save(
        user=users.reporter, period=items.january, target=items.rnd_growth, actual_value=Decimal("4"), note="一月"
    )
    task_report = reporting_services.task_report_save(
        user=users.reporter, period=items.january, task=items.rnd, progress="on_track", note="推进中"
    )
    job = ImportJob.objects.create(created_by=users.planner, source_name="x.txt", status=ImportJob.Status.FAILED)
    return {
        "plan": plan.pk,
        "target": items.rnd_growth.pk,
        "task": items.rnd.pk,
        "period": items.january.pk,
        "unit": units.ndrc.pk,
        "target_report": target_report.pk,
        "task_report": task_report.pk,
        "job": job.pk,
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
    ("plans:home", {}, [302, 302, 302, 302, 302, 302]),
    ("plans:list", {}, [200, 200, 200, 200, 200, 302]),
    ("plans:import", {}, [200, 403, 403, 403, 403, 302]),
    ("plans:import-job", {"pk": "job"}, [200, 403, 403, 403, 403, 302]),
    ("plans:detail", {"pk": "plan"}, [200, 200, 200, 200, 200, 302]),
    ("plans:document", {"pk": "plan"}, [200, 403, 403, 200, 200, 302]),
    ("plans:export", {"pk": "plan", "file_format": "xlsx"}, [200, 200, 200, 200, 200, 302]),
    ("plans:export", {"pk": "plan", "file_format": "docx"}, [200, 200, 200, 200, 200, 302]),
    ("plans:target-create", {"pk": "plan"}, [200, 403, 403, 403, 403, 302]),
    ("plans:target", {"pk": "target"}, [200, 200, 403, 200, 200, 302]),
    ("plans:target-edit", {"pk": "target"}, [200, 403, 403, 403, 403, 302]),
    ("plans:task", {"pk": "task"}, [200, 200, 403, 200, 200, 302]),
    ("units:options", {}, [200, 200, 200, 200, 200, 302]),
    ("reporting:todo", {}, [200, 200, 200, 200, 200, 302]),
    ("reporting:review", {}, [200, 403, 403, 200, 200, 302]),
    ("reporting:unit-todo", {"period_id": "period", "unit_id": "unit"}, [200, 200, 403, 200, 200, 302]),
    (
        "reporting:target-report-form",
        {"period_id": "period", "unit_id": "unit", "target_id": "target"},
        [403, 200, 403, 403, 403, 302],
    ),
    (
        "reporting:task-report-form",
        {"period_id": "period", "unit_id": "unit", "task_id": "task"},
        [403, 200, 403, 403, 403, 302],
    ),
    ("reporting:target-report", {"pk": "target_report"}, [200, 200, 403, 200, 200, 302]),
    ("reporting:task-report", {"pk": "task_report"}, [200, 200, 403, 200, 200, 302]),
    ("reporting:excel-template", {"period_id": "period", "unit_id": "unit"}, [200, 200, 403, 200, 200, 302]),
    ("reporting:excel-upload", {"period_id": "period", "unit_id": "unit"}, [403, 200, 403, 403, 403, 302]),
    ("login", {}, [200, 200, 200, 200, 200, 200]),
]

CASES = [
    pytest.param(
        name,
        kwargs,
        role,
        expected[i],
        id=f"{name}{'-' + kwargs.get('file_format', '') if 'file_format' in kwargs else ''}-{role}",
    )
    for name, kwargs, expected in PAGES
    for i, role in enumerate(ROLES)
]


@pytest.mark.parametrize(("name", "kwargs", "role", "expected"), CASES)
def test_page_status_by_role(world, users, name, kwargs, role, expected):
    url = reverse(name, kwargs={k: world.get(v, v) for k, v in kwargs.items()})
    response = _client(users, role).get(url)
    assert response.status_code == expected, response.content[:300]
    if expected == 302 and role == "anonymous" and name != "plans:home":
        assert response["Location"].startswith("/accounts/login/?next=")


@pytest.mark.parametrize(
    ("name", "kwargs"),
    [
        ("plans:detail", {"pk": 999999}),
        ("plans:document", {"pk": 999999}),
        ("plans:target", {"pk": 999999}),
        ("plans:task", {"pk": 999999}),
        ("reporting:target-report", {"pk": 999999}),
        ("reporting:task-report", {"pk": 999999}),
        ("reporting:unit-todo", {"period_id": 999999, "unit_id": 1}),
        ("plans:import-job", {"pk": 999999}),
    ],
)
def test_missing_objects_answer_404(world, users, name, kwargs):
    response = _client(users, "planner").get(reverse(name, kwargs=kwargs))
    assert response.status_code == 404


@pytest.mark.parametrize("role", ["reporter", "other_reporter"])
def test_reporter_cannot_open_draft_plan(draft_plan, users, role):
    response = _client(users, role).get(reverse("plans:detail", args=[draft_plan.pk]))
    assert response.status_code == 403


def test_reporter_cannot_open_other_units_report(world, users):
    response = _client(users, "other_reporter").get(reverse("reporting:target-report", args=[world["target_report"]]))
    assert response.status_code == 403
    assert "无权访问" in response.content.decode()


# ---------------------------------------------------------------- POSTs


def _target_form(target: Target, **changes) -> dict:
    data = {
        "section": target.section_id or "",
        "subject": target.subject,
        "value": target.value,
        "value_max": "",
        "unit": target.unit,
        "comparator": target.comparator,
        "measure": target.measure,
        "deadline": "",
        "baseline": "",
        "weight": "1",
        "accumulation": target.accumulation,
    }
    data.update(changes)
    return data


@pytest.mark.parametrize(
    ("role", "expected", "changed"),
    [
        ("planner", 302, True),
        ("reporter", 403, False),
        ("other_reporter", 403, False),
        ("supervisor", 403, False),
        ("leader", 403, False),
        ("anonymous", 302, False),
    ],
)
def test_target_edit_post_only_for_planner(world, users, items, role, expected, changed):
    url = reverse("plans:target-edit", args=[items.rnd_growth.pk])
    response = _client(users, role).post(url, _target_form(items.rnd_growth, value="12"))
    assert response.status_code == expected
    items.rnd_growth.refresh_from_db()
    assert (items.rnd_growth.value == Decimal("12")) is changed


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("planner", 302),
        ("reporter", 403),
        ("other_reporter", 403),
        ("supervisor", 403),
        ("leader", 403),
        ("anonymous", 302),
    ],
)
def test_publish_only_for_planner(draft_plan, users, role, expected):
    response = _client(users, role).post(reverse("plans:publish", args=[draft_plan.pk]))
    assert response.status_code == expected
    draft_plan.refresh_from_db()
    assert (draft_plan.status == Plan.Status.PUBLISHED) is (role == "planner")


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
def test_submit_only_by_the_reports_unit(world, users, role, expected):
    url = reverse("reporting:report-submit", args=["target", world["target_report"]])
    response = _client(users, role).post(url)
    assert response.status_code == expected
    status = TargetReport.objects.get(pk=world["target_report"]).status
    assert status == (ReportStatus.SUBMITTED if role == "reporter" else ReportStatus.DRAFT)


@pytest.mark.parametrize("action", ["accept", "return"])
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
def test_review_only_by_supervisor(world, users, role, expected, action):
    report = TaskReport.objects.get(pk=world["task_report"])
    reporting_services.report_submit(user=users.reporter, report=report)
    url = reverse("reporting:report-review", args=["task", report.pk])
    response = _client(users, role).post(url, {"action": action, "comment": "请补充佐证材料"})
    assert response.status_code == expected
    report.refresh_from_db()
    reviewed = ReportStatus.ACCEPTED if action == "accept" else ReportStatus.RETURNED
    assert report.status == (reviewed if role == "supervisor" else ReportStatus.SUBMITTED)


@pytest.fixture
def other_draft(users):
    """A second draft plan (its text differs, so it is no duplicate of the published one)."""
    from tests.django_fixtures import jiangchuan_parsed
    from workplan.plans.services import plan_create_from_parsed

    plans, _report = plan_create_from_parsed(
        user=users.planner, parsed=jiangchuan_parsed("\n（草稿）"), source_name="jc2.txt"
    )
    return plans[0]


@pytest.mark.parametrize(
    ("role", "name", "args", "data"),
    [
        ("planner", "plans:publish", "draft", {}),
        ("planner", "plans:target-edit", "target", "target_form"),
        ("reporter", "reporting:report-submit", "target_report", {}),
        ("supervisor", "reporting:report-review", "task_report", {"action": "return", "comment": "补充"}),
    ],
)
def test_posts_without_csrf_token_are_refused(world, users, other_draft, items, role, name, args, data):
    client = _client(users, role, enforce_csrf_checks=True)
    if name == "reporting:report-review":
        reporting_services.report_submit(user=users.reporter, report=TaskReport.objects.get(pk=world["task_report"]))
    url_args = {
        "draft": [other_draft.pk],
        "target": [world["target"]],
        "target_report": ["target", world["target_report"]],
        "task_report": ["task", world["task_report"]],
    }[args]
    payload = _target_form(items.rnd_growth, value="99") if data == "target_form" else data
    response = client.post(reverse(name, args=url_args), payload)
    assert response.status_code == 403
    other_draft.refresh_from_db()
    items.rnd_growth.refresh_from_db()
    assert other_draft.status == Plan.Status.DRAFT
    assert items.rnd_growth.value == Decimal("10")
    assert TargetReport.objects.get(pk=world["target_report"]).status == ReportStatus.DRAFT
    assert TaskReport.objects.get(pk=world["task_report"]).status in (ReportStatus.DRAFT, ReportStatus.SUBMITTED)


# (url name, url args from world, form data) of the planner's other writes; the plan must not change.
PLANNER_POSTS = [
    ("plans:settings", ["plan"], {"title": "改名", "year": 2027, "reporting_cycle": "quarterly"}),
    ("plans:target-delete", ["target"], {}),
    ("plans:target-merge", ["plan"], {"targets": ["target", "other_target"]}),
    ("plans:assignment-create", ["plan"], {"unit": "江北区", "role": "support", "section": "task"}),
    ("plans:assignment-resolve", ["assignment"], {"unit": "江北区"}),
    ("plans:assignment-delete", ["assignment"], {}),
]


@pytest.mark.parametrize(("name", "args", "data"), PLANNER_POSTS, ids=[p[0] for p in PLANNER_POSTS])
@pytest.mark.parametrize(
    ("role", "expected"),
    [("reporter", 403), ("other_reporter", 403), ("supervisor", 403), ("leader", 403), ("anonymous", 302)],
)
def test_planner_writes_refuse_other_roles(world, users, items, plan, name, args, data, role, expected):
    refs = {**world, "other_target": items.hightech.pk, "assignment": plan.assignments.first().pk}
    before = (
        list(plan.targets.values_list("pk", "value", "subject")),
        list(plan.assignments.values_list("pk", "unit_id", "role")),
        Plan.objects.filter(pk=plan.pk).values_list("title", "year", "reporting_cycle").get(),
    )
    payload = {k: [refs.get(x, x) for x in v] if isinstance(v, list) else refs.get(v, v) for k, v in data.items()}
    response = _client(users, role).post(reverse(name, args=[refs[a] for a in args]), payload)
    assert response.status_code == expected
    after = (
        list(plan.targets.values_list("pk", "value", "subject")),
        list(plan.assignments.values_list("pk", "unit_id", "role")),
        Plan.objects.filter(pk=plan.pk).values_list("title", "year", "reporting_cycle").get(),
    )
    assert after == before


@pytest.mark.parametrize(
    ("role", "expected"),
    [("planner", 403), ("other_reporter", 403), ("supervisor", 403), ("leader", 403), ("anonymous", 302)],
)
def test_report_form_post_only_by_the_units_reporter(world, users, role, expected):
    url = reverse(
        "reporting:target-report-form",
        kwargs={"period_id": world["period"], "unit_id": world["unit"], "target_id": world["target"]},
    )
    response = _client(users, role).post(url, {"actual_value": "99", "note": "越权"})
    assert response.status_code == expected
    assert TargetReport.objects.get(pk=world["target_report"]).actual_value == Decimal("4")
