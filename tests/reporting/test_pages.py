"""The reporting pages at work: to-do, report forms with evidence, submit, review, the Excel route."""

from __future__ import annotations

from decimal import Decimal
from io import BytesIO

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.core.files import make_png
from workplan.reporting import services
from workplan.reporting.models import Evidence, ReportStatus, TargetReport, TaskReport


def _login(client, user):
    client.force_login(user)
    return client


def _form_url(items, units, target=None, task=None):
    if target is not None:
        return reverse("reporting:target-report-form", args=[items.january.pk, units.ndrc.pk, target.pk])
    return reverse("reporting:task-report-form", args=[items.january.pk, units.ndrc.pk, task.pk])


def test_todo_lists_own_unit_with_counts_for_the_current_period(client, users, plan, items, units):
    from workplan.reporting.selectors import period_current

    current = period_current(plan=plan)
    report = services.task_report_save(user=users.reporter, period=current, task=items.rnd, progress="on_track")
    services.report_submit(user=users.reporter, report=report)
    body = _login(client, users.reporter).get(reverse("reporting:todo")).content.decode()
    link = reverse("reporting:unit-todo", args=[current.pk, units.ndrc.pk])
    assert f'<a href="{link}">市发展改革委</a>' in body
    assert '<meter min="0" max="3" value="1">1/3</meter>' in body  # the task and its two targets


def test_unit_todo_lists_tasks_and_targets_with_report_links(client, users, plan, items, units):
    body = (
        _login(client, users.reporter)
        .get(reverse("reporting:unit-todo", args=[items.january.pk, units.ndrc.pk]))
        .content.decode()
    )
    assert body.count('class="badge report-missing"') == 3
    assert _form_url(items, units, target=items.rnd_growth) in body
    assert _form_url(items, units, task=items.rnd) in body
    assert items.platforms_count.subject not in body  # 江北区's target


def test_target_report_with_evidence_is_submitted(client, users, plan, items, units):
    _login(client, users.reporter)
    evidence = SimpleUploadedFile("统计快报.png", make_png(), content_type="image/png")
    response = client.post(
        _form_url(items, units, target=items.rnd_growth),
        {"actual_value": "6.5", "note": "一月快报", "evidence": [evidence], "submit": "1"},
    )
    assert response.status_code == 302
    report = TargetReport.objects.get(target=items.rnd_growth, unit=units.ndrc, period=items.january)
    assert response["Location"] == reverse("reporting:target-report", args=[report.pk])
    assert (report.status, report.actual_value, report.note) == (ReportStatus.SUBMITTED, Decimal("6.5"), "一月快报")
    assert [e.name for e in report.evidence.all()] == ["统计快报.png"]
    body = client.get(response["Location"]).content.decode()
    download = reverse("evidence-download", args=[report.evidence.get().pk])
    assert download in body
    assert b"".join(client.get(download).streaming_content) == make_png()


def test_refused_evidence_saves_nothing(client, users, plan, items, units):
    _login(client, users.reporter)
    exe = SimpleUploadedFile("说明.pdf", b"MZ\x90\x00" + b"\x00" * 64, content_type="application/pdf")
    response = client.post(
        _form_url(items, units, target=items.rnd_growth), {"actual_value": "6.5", "note": "", "evidence": [exe]}
    )
    assert response.status_code == 400
    assert 'class="error"' in response.content.decode()
    assert TargetReport.objects.count() == 0
    assert Evidence.objects.count() == 0


def test_submitting_without_actual_value_shows_the_error(client, users, plan, items, units):
    _login(client, users.reporter)
    response = client.post(_form_url(items, units, target=items.rnd_growth), {"actual_value": "", "submit": "1"})
    assert response.status_code == 400
    assert TargetReport.objects.count() == 0


def test_task_report_saved_as_draft_then_submitted(client, users, plan, items, units):
    _login(client, users.reporter)
    response = client.post(_form_url(items, units, task=items.rnd), {"progress": "at_risk", "note": "资金未到位"})
    report = TaskReport.objects.get()
    assert report.status == ReportStatus.DRAFT
    response = client.post(reverse("reporting:report-submit", args=["task", report.pk]))
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED


def _submitted_task_report(users, items) -> TaskReport:
    report = services.task_report_save(
        user=users.reporter, period=items.january, task=items.rnd, progress="on_track", note="按计划推进"
    )
    return services.report_submit(user=users.reporter, report=report)


def test_review_list_shows_submitted_reports(client, users, plan, items):
    report = _submitted_task_report(users, items)
    body = _login(client, users.supervisor).get(reverse("reporting:review")).content.decode()
    assert reverse("reporting:task-report", args=[report.pk]) in body


def test_return_needs_a_comment_then_the_reporter_sees_it(client, users, plan, items, units):
    report = _submitted_task_report(users, items)
    _login(client, users.supervisor)
    url = reverse("reporting:report-review", args=["task", report.pk])
    response = client.post(url, {"action": "return", "comment": "  "})
    assert response.status_code == 400
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED
    response = client.post(url, {"action": "return", "comment": "请补充资金拨付凭证"})
    assert response.status_code == 302
    report.refresh_from_db()
    assert (report.status, report.review_comment) == (ReportStatus.RETURNED, "请补充资金拨付凭证")
    body = _login(client, users.reporter).get(_form_url(items, units, task=items.rnd)).content.decode()
    assert "请补充资金拨付凭证" in body


def test_accept_from_the_report_page(client, users, plan, items):
    report = _submitted_task_report(users, items)
    _login(client, users.supervisor)
    page = client.get(reverse("reporting:task-report", args=[report.pk])).content.decode()
    assert 'name="action" value="accept"' in page
    client.post(reverse("reporting:report-review", args=["task", report.pk]), {"action": "accept", "comment": ""})
    report.refresh_from_db()
    assert report.status == ReportStatus.ACCEPTED


# ---------------------------------------------------------------- Excel


def _template(client, items, units) -> bytes:
    response = client.get(reverse("reporting:excel-template", args=[items.january.pk, units.ndrc.pk]))
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return response.content


def _fill(data: bytes, rows: dict[int, dict[str, object]]) -> bytes:
    from openpyxl import load_workbook

    wb = load_workbook(BytesIO(data))
    ws = wb.worksheets[0]
    for row, cells in rows.items():
        for column, value in cells.items():
            ws[f"{column}{row}"] = value
    out = BytesIO()
    wb.save(out)
    return out.getvalue()


def _upload(client, items, units, data: bytes, submit: bool = False):
    file = SimpleUploadedFile("填报.xlsx", data, content_type="application/octet-stream")
    url = reverse("reporting:excel-upload", args=[items.january.pk, units.ndrc.pk])
    return client.post(url, {"file": file, **({"submit": "on"} if submit else {})})


def test_excel_bad_rows_are_listed_and_nothing_imported(client, users, plan, items, units):
    _login(client, users.reporter)
    data = _fill(_template(client, items, units), {5: {"E": "很多"}, 6: {"E": 520}})
    response = _upload(client, items, units, data)
    assert response.status_code == 400
    body = response.content.decode()
    assert 'id="row-errors"' in body
    assert '<td class="num">5</td><td>E</td>' in body
    assert TargetReport.objects.count() == 0


def test_excel_good_file_imports_every_row(client, users, plan, items, units):
    _login(client, users.reporter)
    data = _fill(_template(client, items, units), {4: {"F": "on_track"}, 5: {"E": 7}, 6: {"E": 520}})
    response = _upload(client, items, units, data, submit=True)
    assert response.status_code == 302
    assert TargetReport.objects.filter(status=ReportStatus.SUBMITTED).count() == 2
