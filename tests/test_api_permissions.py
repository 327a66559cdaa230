"""Permission matrix: every role × every API endpoint, with the exact status code expected.

Roles: planner, supervisor, leader, reporter (市发展改革委: lead of 提升研发投入), other_reporter (江北区:
lead of 建设创新平台 in the same plan, not of 提升研发投入), outsider (signed in, no role), anonymous.
"""

from __future__ import annotations

from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.core.files import make_pdf, make_png
from workplan.plans import services as plan_services
from workplan.plans.models import ImportJob
from workplan.reporting import services as report_services

ROLES = ["planner", "supervisor", "leader", "reporter", "other_reporter", "outsider", "anonymous"]


def exp(default: int, **overrides: int) -> dict[str, int]:
    out = dict.fromkeys(ROLES, default)
    out["anonymous"] = 403
    out.update(overrides)
    return out


# Who can see items of 提升研发投入 (and its reports): readers of everything and its own reporter.
SEES_RND = dict(other_reporter=403, outsider=403)


def _filled_template(user, items, units) -> bytes:
    from io import BytesIO

    from openpyxl import load_workbook

    from workplan.reporting.excel import report_template_build

    wb = load_workbook(BytesIO(report_template_build(user=user, period=items.january, unit=units.ndrc)))
    ws = wb.worksheets[0]
    for row in ws.iter_rows(min_row=4):
        if row[0].value == f"T{items.rnd_growth.pk}":
            row[4].value = 7.5
    out = BytesIO()
    wb.save(out)
    return out.getvalue()


def _build_world() -> SimpleNamespace:
    from tests.django_fixtures import make_draft_plan, make_items, make_units, make_users
    from workplan.plans.services import plan_publish

    units = make_units()
    users = make_users(units)
    plan = plan_publish(user=users.planner, plan=make_draft_plan(users))
    items = make_items(plan)
    draft = plan_services.plan_create(user=users.planner, title="草稿计划", year=2026)
    submitted = report_services.target_report_save(
        user=users.reporter, period=items.january, target=items.hightech, actual_value=Decimal(100)
    )
    report_services.report_submit(user=users.reporter, report=submitted)
    draft_report = report_services.target_report_save(
        user=users.reporter, period=items.february, target=items.hightech, actual_value=Decimal(150)
    )
    task_report = report_services.task_report_save(
        user=users.reporter, period=items.january, task=items.rnd, progress="on_track"
    )
    report_services.report_submit(user=users.reporter, report=task_report)
    evidence = report_services.evidence_add(
        user=users.reporter, report=draft_report, file=SimpleUploadedFile("认定名单.pdf", make_pdf())
    )
    lead = plan.assignments.get(unit=units.ndrc)
    job = ImportJob.objects.create(created_by=users.planner, source_name="p.txt", status=ImportJob.Status.DONE)
    template = _filled_template(users.reporter, items, units)
    return SimpleNamespace(
        job=job,
        template=template,
        plan=plan,
        draft=draft,
        items=items,
        units=units,
        users=users,
        submitted=submitted,
        draft_report=draft_report,
        task_report=task_report,
        evidence=evidence,
        lead=lead,
    )


@pytest.fixture(scope="module")
def world(committed):
    return committed(_build_world)


def _users(users):
    return {
        "planner": users.planner,
        "supervisor": users.supervisor,
        "leader": users.leader,
        "reporter": users.reporter,
        "other_reporter": users.district_reporter,
        "outsider": users.outsider,
        "anonymous": None,
    }


# (name, method, url(w), data(w) or None, multipart?, expected)
ENDPOINTS = [
    ("units-list", "get", lambda w: "/api/units/", None, False, exp(200)),
    ("units-search", "get", lambda w: "/api/units/search/?q=科技局", None, False, exp(200)),
    ("units-retrieve", "get", lambda w: f"/api/units/{w.units.ndrc.pk}/", None, False, exp(200)),
    ("units-create", "post", lambda w: "/api/units/", lambda w: {"name": "市教育局"}, False, exp(403, planner=201)),
    ("me", "get", lambda w: "/api/me/", None, False, exp(200)),
    ("schema", "get", lambda w: "/api/schema/", None, False, exp(200)),
    ("plans-list", "get", lambda w: "/api/plans/", None, False, exp(200)),
    ("plans-retrieve", "get", lambda w: f"/api/plans/{w.plan.pk}/", None, False, exp(200, outsider=403)),
    (
        "plans-retrieve-draft",
        "get",
        lambda w: f"/api/plans/{w.draft.pk}/",
        None,
        False,
        exp(200, reporter=403, other_reporter=403, outsider=403),
    ),
    (
        "plans-create",
        "post",
        lambda w: "/api/plans/",
        lambda w: {"title": "新计划", "year": 2026},
        False,
        exp(403, planner=201),
    ),
    (
        "plans-update",
        "patch",
        lambda w: f"/api/plans/{w.plan.pk}/",
        lambda w: {"title": "改名"},
        False,
        exp(403, planner=200),
    ),
    ("plans-delete-draft", "delete", lambda w: f"/api/plans/{w.draft.pk}/", None, False, exp(403, planner=204)),
    ("plans-publish", "post", lambda w: f"/api/plans/{w.draft.pk}/publish/", None, False, exp(403, planner=200)),
    ("plans-archive", "post", lambda w: f"/api/plans/{w.plan.pk}/archive/", None, False, exp(403, planner=200)),
    ("plans-overview", "get", lambda w: f"/api/plans/{w.plan.pk}/overview/", None, False, exp(200, outsider=403)),
    ("plans-export", "get", lambda w: f"/api/plans/{w.plan.pk}/export/", None, False, exp(200, outsider=403)),
    (
        "plans-export-docx",
        "get",
        lambda w: f"/api/plans/{w.plan.pk}/export/?file_format=docx",
        None,
        False,
        exp(200, outsider=403),
    ),
    ("plans-history", "get", lambda w: f"/api/plans/{w.plan.pk}/history/", None, False, exp(200, outsider=403)),
    (
        "plans-import",
        "post",
        lambda w: "/api/plans/import/",
        lambda w: {"file": SimpleUploadedFile("p.txt", "云岭市科技工作要点\n一、总体要求\n".encode())},
        True,
        exp(403, planner=201),
    ),
    ("import-jobs-list", "get", lambda w: "/api/import-jobs/", None, False, exp(200)),
    ("sections-list", "get", lambda w: "/api/sections/", None, False, exp(200)),
    ("sections-retrieve", "get", lambda w: f"/api/sections/{w.items.rnd.pk}/", None, False, exp(200, **SEES_RND)),
    (
        "sections-create",
        "post",
        lambda w: "/api/sections/",
        lambda w: {"plan": w.plan.pk, "title": "新增任务"},
        False,
        exp(403, planner=201),
    ),
    (
        "sections-update",
        "patch",
        lambda w: f"/api/sections/{w.items.rnd.pk}/",
        lambda w: {"title": "改"},
        False,
        exp(403, planner=200),
    ),
    ("sections-delete", "delete", lambda w: f"/api/sections/{w.items.talent.pk}/", None, False, exp(403, planner=204)),
    (
        "sections-history",
        "get",
        lambda w: f"/api/sections/{w.items.rnd.pk}/history/",
        None,
        False,
        exp(200, **SEES_RND),
    ),
    ("targets-list", "get", lambda w: "/api/targets/", None, False, exp(200)),
    ("targets-retrieve", "get", lambda w: f"/api/targets/{w.items.hightech.pk}/", None, False, exp(200, **SEES_RND)),
    (
        "targets-create",
        "post",
        lambda w: "/api/targets/",
        lambda w: {"plan": w.plan.pk, "subject": "孵化器数量", "value": "12"},
        False,
        exp(403, planner=201),
    ),
    (
        "targets-update",
        "patch",
        lambda w: f"/api/targets/{w.items.hightech.pk}/",
        lambda w: {"weight": "2"},
        False,
        exp(403, planner=200),
    ),
    ("targets-delete", "delete", lambda w: f"/api/targets/{w.items.contracts.pk}/", None, False, exp(403, planner=204)),
    (
        "targets-merge",
        "post",
        lambda w: f"/api/targets/{w.items.rnd_growth.pk}/merge/",
        lambda w: {"others": [w.items.contracts.pk]},
        False,
        exp(403, planner=200, other_reporter=403),
    ),
    (
        "targets-history",
        "get",
        lambda w: f"/api/targets/{w.items.hightech.pk}/history/",
        None,
        False,
        exp(200, **SEES_RND),
    ),
    (
        "assignments-history",
        "get",
        lambda w: f"/api/assignments/{w.lead.pk}/history/",
        None,
        False,
        exp(200, **SEES_RND),
    ),
    ("import-jobs-retrieve", "get", lambda w: f"/api/import-jobs/{w.job.pk}/", None, False, exp(403, planner=200)),
    (
        "periods-upload",
        "post",
        lambda w: f"/api/periods/{w.items.january.pk}/upload/",
        lambda w: {"unit": w.units.ndrc.pk, "file": SimpleUploadedFile("t.xlsx", w.template)},
        True,
        exp(403, reporter=200),
    ),
    (
        "task-reports-update",
        "patch",
        lambda w: f"/api/task-reports/{w.task_report.pk}/",
        lambda w: {"note": "进展顺利"},
        False,
        exp(403, reporter=400),
    ),
    (
        "task-reports-history",
        "get",
        lambda w: f"/api/task-reports/{w.task_report.pk}/history/",
        None,
        False,
        exp(200, **SEES_RND),
    ),
    (
        "task-reports-return",
        "post",
        lambda w: f"/api/task-reports/{w.task_report.pk}/return/",
        lambda w: {"comment": "请补充"},
        False,
        exp(403, supervisor=200),
    ),
    (
        "task-reports-submit",
        "post",
        lambda w: f"/api/task-reports/{w.task_report.pk}/submit/",
        None,
        False,
        exp(403, reporter=400),
    ),
    ("assignments-list", "get", lambda w: "/api/assignments/", None, False, exp(200)),
    ("assignments-retrieve", "get", lambda w: f"/api/assignments/{w.lead.pk}/", None, False, exp(200, **SEES_RND)),
    (
        "assignments-create",
        "post",
        lambda w: "/api/assignments/",
        lambda w: {"plan": w.plan.pk, "unit": w.units.park.pk, "section": w.items.talent.pk},
        False,
        exp(403, planner=201),
    ),
    (
        "assignments-update",
        "patch",
        lambda w: f"/api/assignments/{w.lead.pk}/",
        lambda w: {"role": "support"},
        False,
        exp(403, planner=200),
    ),
    ("assignments-delete", "delete", lambda w: f"/api/assignments/{w.lead.pk}/", None, False, exp(403, planner=204)),
    ("periods-list", "get", lambda w: "/api/periods/", None, False, exp(200)),
    ("periods-retrieve", "get", lambda w: f"/api/periods/{w.items.january.pk}/", None, False, exp(200, outsider=403)),
    (
        "periods-todo",
        "get",
        lambda w: f"/api/periods/{w.items.january.pk}/todo/?unit={w.units.ndrc.pk}",
        None,
        False,
        exp(200, **SEES_RND),
    ),
    (
        "periods-template",
        "get",
        lambda w: f"/api/periods/{w.items.january.pk}/template/?unit={w.units.ndrc.pk}",
        None,
        False,
        exp(200, **SEES_RND),
    ),
    ("target-reports-list", "get", lambda w: "/api/target-reports/", None, False, exp(200)),
    (
        "target-reports-retrieve",
        "get",
        lambda w: f"/api/target-reports/{w.submitted.pk}/",
        None,
        False,
        exp(200, **SEES_RND),
    ),
    (
        "target-reports-create",
        "post",
        lambda w: "/api/target-reports/",
        lambda w: {"period": w.items.january.pk, "target": w.items.rnd_growth.pk, "actual_value": "5"},
        False,
        exp(403, reporter=201),
    ),
    (
        "target-reports-update",
        "patch",
        lambda w: f"/api/target-reports/{w.draft_report.pk}/",
        lambda w: {"actual_value": "160"},
        False,
        exp(403, reporter=200),
    ),
    (
        "target-reports-submit",
        "post",
        lambda w: f"/api/target-reports/{w.draft_report.pk}/submit/",
        None,
        False,
        exp(403, reporter=200),
    ),
    (
        "target-reports-accept",
        "post",
        lambda w: f"/api/target-reports/{w.submitted.pk}/accept/",
        None,
        False,
        exp(403, supervisor=200),
    ),
    (
        "target-reports-return",
        "post",
        lambda w: f"/api/target-reports/{w.submitted.pk}/return/",
        lambda w: {"comment": "数据口径不一致"},
        False,
        exp(403, supervisor=200),
    ),
    (
        "target-reports-history",
        "get",
        lambda w: f"/api/target-reports/{w.submitted.pk}/history/",
        None,
        False,
        exp(200, **SEES_RND),
    ),
    ("task-reports-list", "get", lambda w: "/api/task-reports/", None, False, exp(200)),
    (
        "task-reports-retrieve",
        "get",
        lambda w: f"/api/task-reports/{w.task_report.pk}/",
        None,
        False,
        exp(200, **SEES_RND),
    ),
    (
        "task-reports-create",
        "post",
        lambda w: "/api/task-reports/",
        lambda w: {"period": w.items.february.pk, "task": w.items.rnd.pk, "progress": "at_risk"},
        False,
        exp(403, reporter=201),
    ),
    (
        "task-reports-accept",
        "post",
        lambda w: f"/api/task-reports/{w.task_report.pk}/accept/",
        None,
        False,
        exp(403, supervisor=200),
    ),
    ("evidence-list", "get", lambda w: "/api/evidence/", None, False, exp(200)),
    ("evidence-retrieve", "get", lambda w: f"/api/evidence/{w.evidence.pk}/", None, False, exp(200, **SEES_RND)),
    (
        "evidence-download",
        "get",
        lambda w: f"/api/evidence/{w.evidence.pk}/download/",
        None,
        False,
        exp(200, **SEES_RND),
    ),
    (
        "evidence-create",
        "post",
        lambda w: "/api/evidence/",
        lambda w: {"target_report": w.draft_report.pk, "file": SimpleUploadedFile("a.png", make_png())},
        True,
        exp(403, reporter=201),
    ),
    ("evidence-delete", "delete", lambda w: f"/api/evidence/{w.evidence.pk}/", None, False, exp(403, reporter=204)),
    (
        "history-list",
        "get",
        lambda w: f"/api/history/?kind=target&object_id={w.items.hightech.pk}",
        None,
        False,
        exp(200, **SEES_RND),
    ),
]
CASES = [
    pytest.param(name, method, url, data, multipart, role, expected[role], id=f"{name}-{role}")
    for name, method, url, data, multipart, expected in ENDPOINTS
    for role in ROLES
]


@pytest.mark.parametrize(("name", "method", "url", "data", "multipart", "role", "status"), CASES)
def test_permission_matrix(db, api, world, name, method, url, data, multipart, role, status):
    client = api.as_(_users(world.users)[role])
    kwargs = {}
    if data is not None:
        kwargs = {"data": data(world), "format": "multipart" if multipart else "json"}
    elif method == "post":
        kwargs = {"data": {}, "format": "json"}
    response = getattr(client, method)(url(world), **kwargs)
    assert response.status_code == status, getattr(response, "data", response.content[:300])


def test_every_api_route_and_method_is_in_the_matrix(db, world):
    """A new endpoint or method must get its row in ENDPOINTS."""
    from django.urls import resolve

    from workplan.api_urls import router

    routes = set()
    for _prefix, viewset, basename in router.registry:
        for route in router.get_routes(viewset):
            for method, action in route.mapping.items():
                if hasattr(viewset, action) and method in viewset.http_method_names:
                    routes.add((route.name.format(basename=basename), method))
    covered = {(resolve(url(world).split("?")[0]).url_name, method) for _n, method, url, *_ in ENDPOINTS}
    missing = sorted(routes - covered)
    assert missing == [], missing
