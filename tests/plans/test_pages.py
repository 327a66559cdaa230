"""The plan pages at work: import, the draft next to its source text, corrections, publication, overview."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.pages_data import YUNLING_PLAN, YUNLING_UNRESOLVED
from workplan.plans.models import Assignment, ImportJob, Plan, Target
from workplan.plans.views import Segment, source_segments

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def planner_client(client, users):
    client.force_login(users.planner)
    return client


def _upload(client, text: str = YUNLING_PLAN, name: str = "云岭市要点.txt", **data):
    file = SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/plain")
    return client.post(reverse("plans:import"), {"file": file, **data})


def _imported(client) -> Plan:
    response = _upload(client)
    assert response.status_code == 302
    return Plan.objects.get(title="云岭市2026年科技创新工作要点")


# ---------------------------------------------------------------- source segments


def test_source_segments_cut_text_into_plain_and_marked_runs():
    segments = source_segments("abcdefghij", [(2, 4, "t1", "target"), (6, 9, "a1", "clause")])
    assert segments == [
        Segment("ab"),
        Segment("cd", "t1", "target"),
        Segment("ef"),
        Segment("ghi", "a1", "clause"),
        Segment("j"),
    ]


def test_source_segments_skip_overlapping_and_invalid_spans():
    segments = source_segments(
        "abcdef", [(1, 4, "t1", "target"), (3, 5, "h1", "heading"), (None, 2, "x", "t"), (4, 99, "y", "t")]
    )
    assert segments == [Segment("a"), Segment("bcd", "t1", "target"), Segment("ef")]


# ---------------------------------------------------------------- import


def test_upload_redirects_through_the_job_to_the_draft(planner_client):
    response = _upload(planner_client)
    assert response.status_code == 302
    job_url = response["Location"]
    plan = Plan.objects.get(title="云岭市2026年科技创新工作要点")
    response = planner_client.get(job_url)
    assert response.status_code == 302
    assert response["Location"] == reverse("plans:document", args=[plan.pk])
    assert plan.status == Plan.Status.DRAFT
    assert plan.targets.count() == 5


def test_job_progress_partial_is_served_to_htmx_with_a_redirect_when_done(planner_client):
    _upload(planner_client)
    plan = Plan.objects.get()
    job = ImportJob.objects.get(plan=plan)
    response = planner_client.get(reverse("plans:import-job", args=[job.pk]), **HTMX)
    assert response.status_code == 200
    body = response.content.decode()
    assert body.lstrip().startswith('<section id="progress"')
    assert "<html" not in body
    assert response["HX-Redirect"] == reverse("plans:document", args=[plan.pk])


def test_running_job_polls_itself(planner_client, users):
    job = ImportJob.objects.create(
        created_by=users.planner, source_name="大.pdf", status=ImportJob.Status.RUNNING, progress=40
    )
    body = planner_client.get(reverse("plans:import-job", args=[job.pk])).content.decode()
    assert f'hx-get="{reverse("plans:import-job", args=[job.pk])}"' in body
    assert 'hx-trigger="load delay:1s"' in body
    assert '<progress max="100" value="40">' in body


def test_duplicate_upload_links_the_existing_plan(planner_client):
    plan = _imported(planner_client)
    response = _upload(planner_client)
    assert response.status_code == 400
    body = response.content.decode()
    assert f'href="{reverse("plans:document", args=[plan.pk])}" id="duplicate-link"' in body
    assert Plan.objects.count() == 1


def test_renamed_executable_is_refused_and_nothing_is_created(planner_client):
    file = SimpleUploadedFile("plan.pdf", b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 100, content_type="application/pdf")
    response = planner_client.post(reverse("plans:import"), {"file": file})
    assert response.status_code == 400
    assert 'class="field-error"' in response.content.decode() or 'class="error"' in response.content.decode()
    assert Plan.objects.count() == 0


# ---------------------------------------------------------------- the draft with its source text


def test_document_marks_each_target_quote_in_the_source(planner_client):
    plan = _imported(planner_client)
    body = planner_client.get(reverse("plans:document", args=[plan.pk])).content.decode()
    for target in plan.targets.all():
        assert f'<mark id="src-t-{target.pk}" class="src-target">{target.quote}</mark>' in body
        assert f'href="#src-t-{target.pk}"' in body
    assert '<mark id="src-a-' in body
    assert 'class="src-clause">市科技局牵头，市财政局配合</mark>' in body


def test_document_lists_unresolved_names_and_publishing_refuses_them(planner_client):
    plan = _imported(planner_client)
    response = planner_client.post(reverse("plans:publish", args=[plan.pk]))
    assert response.status_code == 400
    body = response.content.decode()
    assert 'id="publish-error"' in body
    for name in YUNLING_UNRESOLVED:
        assert name in body
    plan.refresh_from_db()
    assert plan.status == Plan.Status.DRAFT


def test_resolving_every_name_then_publishing_creates_periods(planner_client, units):
    plan = _imported(planner_client)
    for assignment in plan.assignments.filter(unit__isnull=True):
        response = planner_client.post(
            reverse("plans:assignment-resolve", args=[assignment.pk]), {"unit": "江川高新区"}
        )
        assert response.status_code == 302
    response = planner_client.post(reverse("plans:publish", args=[plan.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("plans:detail", args=[plan.pk])
    plan.refresh_from_db()
    assert plan.status == Plan.Status.PUBLISHED
    assert plan.periods.count() == 12


def test_resolving_with_an_unknown_unit_shows_the_error(planner_client):
    plan = _imported(planner_client)
    assignment = plan.assignments.filter(unit__isnull=True).first()
    response = planner_client.post(reverse("plans:assignment-resolve", args=[assignment.pk]), {"unit": "不存在局"})
    assert response.status_code == 400
    assert "No unit is called “不存在局”." in response.content.decode() or "不存在局" in response.content.decode()
    assignment.refresh_from_db()
    assert assignment.unit_id is None


def test_assigning_a_unit_by_alias(planner_client, units):
    plan = _imported(planner_client)
    section = plan.sections.get(title="促进成果转化")
    response = planner_client.post(
        reverse("plans:assignment-create", args=[plan.pk]),
        {"unit": "市发改委", "role": "support", "section": section.pk},
    )
    assert response.status_code == 302
    assert response["Location"].endswith(f"#section-{section.pk}")
    assert Assignment.objects.filter(section=section, unit=units.ndrc, role="support").count() == 1


def test_unit_options_find_units_by_alias(planner_client, units):
    response = planner_client.get(reverse("units:options"), {"unit": "发改"})
    body = response.content.decode()
    assert '<option value="市发展改革委">市发改委</option>' in body
    assert "市财政局" not in body


# ---------------------------------------------------------------- correcting targets


def _form(target: Target, **changes) -> dict:
    data = {
        "section": target.section_id,
        "subject": target.subject,
        "value": target.value,
        "value_max": "",
        "unit": target.unit,
        "comparator": target.comparator,
        "measure": target.measure,
        "deadline": target.deadline or "",
        "baseline": "",
        "weight": "1",
        "accumulation": target.accumulation,
    }
    data.update(changes)
    return data


def test_htmx_edit_form_then_row(planner_client):
    plan = _imported(planner_client)
    target = plan.targets.get(subject="科技型中小企业评价入库数量")
    url = reverse("plans:target-edit", args=[target.pk])
    form = planner_client.get(url, **HTMX).content.decode()
    assert form.lstrip().startswith("<form")
    assert f'id="target-{target.pk}"' in form
    assert 'accesskey="s"' in form
    response = planner_client.post(url, _form(target, comparator=">=", baseline="650", weight="2"), **HTMX)
    assert response.status_code == 200
    row = response.content.decode()
    assert row.lstrip().startswith(f'<div class="target" id="target-{target.pk}">')
    target.refresh_from_db()
    assert (target.comparator, target.baseline, target.weight) == (">=", Decimal("650"), Decimal("2"))


def test_invalid_range_is_shown_on_the_form(planner_client):
    plan = _imported(planner_client)
    target = plan.targets.get(subject="新建省级重点实验室")
    url = reverse("plans:target-edit", args=[target.pk])
    response = planner_client.post(url, _form(target, comparator="range", value="5", value_max="3"), **HTMX)
    assert response.status_code == 400
    body = response.content.decode()
    assert body.lstrip().startswith("<form")
    assert 'class="field-error"' in body
    target.refresh_from_db()
    assert target.comparator == "="


def test_add_delete_and_merge_targets(planner_client):
    plan = _imported(planner_client)
    section = plan.sections.get(title="促进成果转化")
    response = planner_client.post(
        reverse("plans:target-create", args=[plan.pk]),
        _form(
            Target(
                section=section,
                subject="技术合同登记数",
                value=Decimal("900"),
                unit="项",
                comparator=">=",
                measure="count",
                accumulation="cumulative",
            )
        ),
    )
    assert response.status_code == 302
    added = plan.targets.get(subject="技术合同登记数")
    assert added.section == section
    contracts = plan.targets.get(subject="技术合同成交额")
    response = planner_client.post(reverse("plans:target-merge", args=[plan.pk]), {"targets": [contracts.pk, added.pk]})
    assert response.status_code == 302
    assert not plan.targets.filter(pk=added.pk).exists()
    response = planner_client.post(reverse("plans:target-delete", args=[contracts.pk]))
    assert response.status_code == 302
    assert plan.targets.count() == 4


def test_merge_needs_two_targets(planner_client):
    plan = _imported(planner_client)
    only = plan.targets.first()
    response = planner_client.post(reverse("plans:target-merge", args=[plan.pk]), {"targets": [only.pk]})
    assert response.status_code == 400
    assert plan.targets.count() == 5


def test_target_detail_shows_the_change_history(planner_client):
    plan = _imported(planner_client)
    target = plan.targets.get(subject="新建省级重点实验室")
    planner_client.post(reverse("plans:target-edit", args=[target.pk]), _form(target, value="6"))
    body = planner_client.get(reverse("plans:target", args=[target.pk])).content.decode()
    assert '<td class="old">5</td><td class="new">6</td>' in body


def test_plan_settings_change_the_reporting_cycle(planner_client):
    plan = _imported(planner_client)
    data = {"title": plan.title, "year": 2026, "reporting_cycle": "quarterly"}
    response = planner_client.post(reverse("plans:settings", args=[plan.pk]), data)
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.reporting_cycle == "quarterly"


# ---------------------------------------------------------------- overview and export


def test_overview_gives_chart_data_in_json_script(client, users, plan, items):
    client.force_login(users.supervisor)
    body = client.get(reverse("plans:detail", args=[plan.pk])).content.decode()
    start = body.index('<script id="chart-sections" type="application/json">') + len(
        '<script id="chart-sections" type="application/json">'
    )
    data = json.loads(body[start : body.index("</script>", start)])
    assert data == {"labels": ["一 强化科技创新", "二 优化创新生态"], "values": [None, None]}
    assert "<script>" not in body  # no inline scripts: the CSP allows only static files


def test_export_buttons_download_xlsx_and_docx(client, users, plan):
    client.force_login(users.leader)
    xlsx = client.get(reverse("plans:export", args=[plan.pk, "xlsx"]))
    docx = client.get(reverse("plans:export", args=[plan.pk, "docx"]))
    assert xlsx["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert docx["Content-Type"] == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    assert xlsx.content[:2] == b"PK"
    assert client.get(f"/plans/{plan.pk}/export/pdf/").status_code == 404
