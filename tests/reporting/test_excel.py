from decimal import Decimal
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from workplan.core.errors import DomainError
from workplan.reporting import services
from workplan.reporting.excel import report_import_excel, report_template_build
from workplan.reporting.models import ReportStatus, TargetReport, TaskReport


def _template(users, items, units, user=None):
    data = report_template_build(user=user or users.reporter, period=items.january, unit=units.ndrc)
    return load_workbook(BytesIO(data))


def _rows(wb):
    return {row[0].value: row for row in wb.worksheets[0].iter_rows(min_row=4)}


def _upload(wb, users, items, units, submit=False, user=None):
    out = BytesIO()
    wb.save(out)
    return report_import_excel(
        user=user or users.reporter,
        period=items.january,
        unit=units.ndrc,
        file=SimpleUploadedFile("填报.xlsx", out.getvalue()),
        submit=submit,
    )


def test_template_lists_the_units_items(plan, items, users, units):
    rows = _rows(_template(users, items, units))
    assert [(ref, r[1].value, r[2].value) for ref, r in rows.items()] == [
        (f"S{items.rnd.pk}", "一 提升研发投入", None),
        (f"T{items.rnd_growth.pk}", "全社会研发经费投入增长", 10),
        (f"T{items.hightech.pk}", "高新技术企业数量", 500),
    ]


def test_template_is_prefilled_with_existing_reports(plan, items, users, units):
    services.target_report_save(
        user=users.reporter, period=items.january, target=items.hightech, actual_value=Decimal(321), note="已认定"
    )
    row = _rows(_template(users, items, units))[f"T{items.hightech.pk}"]
    assert (row[4].value, row[6].value, row[7].value) == (321, "已认定", "草稿")


def test_round_trip_saves_every_row(plan, items, users, units):
    wb = _template(users, items, units)
    rows = _rows(wb)
    rows[f"T{items.rnd_growth.pk}"][4].value = 8.5
    rows[f"T{items.hightech.pk}"][4].value = "520"
    rows[f"T{items.hightech.pk}"][6].value = "新认定20家"
    rows[f"S{items.rnd.pk}"][5].value = "存在风险"
    rows[f"S{items.rnd.pk}"][6].value = "项目审批滞后"
    summary = _upload(wb, users, items, units, submit=True)
    assert (summary.targets, summary.tasks, summary.submitted) == (2, 1, 3)
    assert sorted(TargetReport.objects.values_list("target__subject", "actual_value", "status")) == [
        ("全社会研发经费投入增长", Decimal("8.5000"), ReportStatus.SUBMITTED),
        ("高新技术企业数量", Decimal("520.0000"), ReportStatus.SUBMITTED),
    ]
    task = TaskReport.objects.get()
    assert (task.progress, task.note, task.status) == ("at_risk", "项目审批滞后", ReportStatus.SUBMITTED)


def test_bad_rows_are_reported_by_row_and_column_and_nothing_is_saved(plan, items, users, units):
    wb = _template(users, items, units)
    rows = _rows(wb)
    rows[f"T{items.rnd_growth.pk}"][4].value = 9  # a good row: must not be saved either
    rows[f"T{items.hightech.pk}"][4].value = "五百"
    rows[f"S{items.rnd.pk}"][5].value = "差不多"
    ws = wb.worksheets[0]
    ws.append(["T999999", "伪造", None, None, 1])
    with pytest.raises(DomainError) as exc:
        _upload(wb, users, items, units)
    assert exc.value.code == "excel_rows_invalid"
    assert [(e["row"], e["column"], e["code"]) for e in exc.value.extra["errors"]] == [
        (4, "F", "bad_progress"),
        (6, "E", "not_a_number"),
        (7, "A", "unknown_item"),
    ]
    assert exc.value.message == "文件中有 3 行无效，未导入任何数据。"
    assert TargetReport.objects.count() == 0
    assert TaskReport.objects.count() == 0


def test_other_units_items_cannot_be_smuggled_in(plan, items, users, units):
    wb = _template(users, items, units)
    wb.worksheets[0].append([f"T{items.platforms_count.pk}", "新建省级以上创新平台", None, None, 30])
    with pytest.raises(DomainError) as exc:
        _upload(wb, users, items, units)
    assert exc.value.extra["errors"][0]["code"] == "unknown_item"
    assert TargetReport.objects.count() == 0


def test_changing_a_submitted_report_refuses_the_file(plan, items, users, units):
    report = services.target_report_save(
        user=users.reporter, period=items.january, target=items.hightech, actual_value=Decimal(100)
    )
    services.report_submit(user=users.reporter, report=report)
    wb = _template(users, items, units)
    rows = _rows(wb)
    rows[f"T{items.rnd_growth.pk}"][4].value = 9
    rows[f"T{items.hightech.pk}"][4].value = 200
    with pytest.raises(DomainError) as exc:
        _upload(wb, users, items, units)
    assert [(e["row"], e["code"]) for e in exc.value.extra["errors"]] == [(6, "report_locked")]
    assert TargetReport.objects.count() == 1


def test_template_of_another_period_is_refused(plan, items, users, units):
    data = report_template_build(user=users.reporter, period=items.february, unit=units.ndrc)
    with pytest.raises(DomainError) as exc:
        report_import_excel(
            user=users.reporter, period=items.january, unit=units.ndrc, file=SimpleUploadedFile("t.xlsx", data)
        )
    assert exc.value.code == "excel_wrong_template"


def test_template_cells_are_safe_from_formula_injection(plan, items, users, units):
    from workplan.plans.services import target_update

    target_update(user=users.planner, target=items.hightech, subject='=HYPERLINK("http://x","点击")')
    row = _rows(_template(users, items, units))[f"T{items.hightech.pk}"]
    assert row[1].value == '\'=HYPERLINK("http://x","点击")'
    assert row[1].data_type == "s"


def test_api_upload_returns_row_errors(api, plan, items, users, units):
    wb = _template(users, items, units)
    _rows(wb)[f"T{items.hightech.pk}"][4].value = "abc"
    out = BytesIO()
    wb.save(out)
    response = api.as_(users.reporter).post(
        f"/api/periods/{items.january.pk}/upload/",
        {"unit": units.ndrc.pk, "file": SimpleUploadedFile("t.xlsx", out.getvalue())},
        format="multipart",
    )
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "excel_rows_invalid"
    assert body["extra"]["errors"] == [{"row": 6, "column": "E", "code": "not_a_number", "message": "“abc”不是数字。"}]
