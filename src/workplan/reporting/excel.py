"""The bulk route: a unit's pre-filled Excel template for a period, filled offline and uploaded back.

Upload is all-or-nothing: every row is validated first, and any bad row (with its row number, column and
reason) refuses the whole file, so nothing is half-imported.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from io import BytesIO

from django.db import transaction
from django.utils.translation import gettext as _

from workplan.core.errors import DomainError
from workplan.core.excel import safe_cell
from workplan.core.uploads import check_upload
from workplan.units.models import Unit

from . import services
from .models import Period, TaskReport
from .selectors import todo_list_for_unit

META_SHEET = "workplan"
FIRST_ROW = 4  # rows 1–2: title and explanation, row 3: headers
MAX_NOTE = 5000
# Column letters of the template.
COL_REF, COL_ITEM, COL_TARGET, COL_UNIT, COL_ACTUAL, COL_PROGRESS, COL_NOTE, COL_STATUS = "ABCDEFGH"


def _headers() -> list[str]:
    return [
        _("Reference"),
        _("Task or target"),
        _("Target value"),
        _("Unit of measure"),
        _("Actual value"),
        _("Progress"),
        _("Progress note"),
        _("Report status"),
    ]


def report_template_build(*, user, period: Period, unit: Unit) -> bytes:
    """The xlsx template of ``unit``'s tasks and targets in ``period``, pre-filled with existing reports."""
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    items = todo_list_for_unit(user=user, period=period, unit=unit)
    wb = Workbook()
    ws = wb.active
    ws.title = _("Report")[:31]
    ws.append([safe_cell(f"{period.plan.title} · {period} · {unit.name}")])
    ws["A1"].font = Font(bold=True, size=13)
    ws.append([safe_cell(_("Fill in the yellow columns only. Do not change the reference column."))])
    ws.append([safe_cell(h) for h in _headers()])
    for cell in ws[3]:
        cell.font = Font(bold=True)
    progress_labels = [str(label) for label in TaskReport.Progress.labels]
    for item in items:
        report = item.report
        if item.kind == "target":
            t = item.item
            ws.append(
                [
                    f"T{t.pk}",
                    safe_cell(t.subject),
                    t.value,
                    safe_cell(t.unit),
                    report.actual_value if report else None,
                    None,
                    safe_cell(report.note if report else ""),
                    safe_cell(report.get_status_display() if report else ""),
                ]
            )
        else:
            s = item.item
            ws.append(
                [
                    f"S{s.pk}",
                    safe_cell(str(s)),
                    None,
                    None,
                    None,
                    safe_cell(report.get_progress_display() if report else ""),
                    safe_cell(report.note if report else ""),
                    safe_cell(report.get_status_display() if report else ""),
                ]
            )
    fill = PatternFill("solid", fgColor="FFF2CC")
    last = ws.max_row
    for row in ws.iter_rows(min_row=FIRST_ROW, max_row=last):
        for cell in row[4:7]:
            cell.fill = fill
    if last >= FIRST_ROW:
        # A list of progress words; Excel refuses anything else typed into the column.
        dv = DataValidation(type="list", formula1='"' + ",".join(progress_labels) + '"', allow_blank=True)
        dv.add(f"{COL_PROGRESS}{FIRST_ROW}:{COL_PROGRESS}{last}")
        ws.add_data_validation(dv)
    for col, width in zip("ABCDEFGH", [9, 50, 12, 10, 12, 10, 50, 10], strict=True):
        ws.column_dimensions[col].width = width
    meta = wb.create_sheet(META_SHEET)
    meta.append(["period", period.pk])
    meta.append(["unit", unit.pk])
    meta.sheet_state = "hidden"
    out = BytesIO()
    wb.save(out)
    return out.getvalue()


@dataclass
class RowError:
    row: int
    column: str
    code: str
    message: str

    def as_dict(self) -> dict:
        return {"row": self.row, "column": self.column, "code": self.code, "message": self.message}


@dataclass
class ImportSummary:
    targets: int
    tasks: int
    submitted: int


def _decimal(value) -> Decimal:
    if isinstance(value, bool):
        raise InvalidOperation
    if isinstance(value, (int, float, Decimal)):
        return Decimal(str(value))
    text = str(value).strip().replace(",", "").replace("，", "")
    return Decimal(text)


def report_import_excel(*, user, period: Period, unit: Unit, file, submit: bool = False) -> ImportSummary:
    """Validate every row of an uploaded template, then save all reports in one transaction.

    Raises ``DomainError`` ``excel_rows_invalid`` with ``extra.errors`` = [{row, column, code, message}]
    when any row is bad; ``excel_wrong_template`` when the file is for another period or unit.
    With ``submit``, the saved reports are submitted too.
    """
    from openpyxl import load_workbook

    checked = check_upload(file, allowed=("xlsx",))
    try:
        wb = load_workbook(BytesIO(checked.data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds on damaged workbooks
        raise DomainError(_("The file %(name)s is damaged.") % {"name": checked.name}, "broken_file") from exc
    meta = {}
    if META_SHEET in wb.sheetnames:
        meta = {str(r[0]): r[1] for r in wb[META_SHEET].iter_rows(max_col=2, values_only=True) if r and r[0]}
    if meta.get("period") != period.pk or meta.get("unit") != unit.pk:
        raise DomainError(
            _("This file is not the template of %(unit)s for %(period)s. Download the template again.")
            % {"unit": unit.name, "period": period},
            "excel_wrong_template",
        )
    items = {
        (f"T{i.item.pk}" if i.kind == "target" else f"S{i.item.pk}"): i
        for i in todo_list_for_unit(user=user, period=period, unit=unit)
    }
    progress_by_label = {str(label): value for value, label in TaskReport.Progress.choices}
    progress_by_label.update({value: value for value in TaskReport.Progress.values})
    errors: list[RowError] = []
    plan_rows: list[tuple] = []
    seen: set[str] = set()
    ws = wb.worksheets[0]
    for number, row in enumerate(ws.iter_rows(min_row=FIRST_ROW, max_col=8, values_only=True), start=FIRST_ROW):
        row = (*row, *([None] * (8 - len(row))))
        ref, _item, _target, _unit, actual, progress, note, _status = row
        if all(v in (None, "") for v in row):
            continue
        ref = str(ref or "").strip()
        if ref not in items:
            errors.append(RowError(number, COL_REF, "unknown_item", _("Unknown reference “%(ref)s”.") % {"ref": ref}))
            continue
        if ref in seen:
            errors.append(RowError(number, COL_REF, "duplicate_row", _("This item appears twice.")))
            continue
        seen.add(ref)
        item = items[ref]
        note = "" if note is None else str(note).strip()
        if len(note) > MAX_NOTE:
            errors.append(RowError(number, COL_NOTE, "note_too_long", _("At most %(n)d characters.") % {"n": MAX_NOTE}))
            continue
        if item.kind == "target":
            if actual in (None, "") and not note:
                continue
            try:
                value = None if actual in (None, "") else _decimal(actual)
                if value is not None and (not value.is_finite() or abs(value) >= Decimal(10) ** 16):
                    raise InvalidOperation
            except (InvalidOperation, ValueError):
                errors.append(
                    RowError(number, COL_ACTUAL, "not_a_number", _("“%(value)s” is not a number.") % {"value": actual})
                )
                continue
            changed = item.report is None or item.report.actual_value != value or item.report.note != note
            plan_rows.append(("target", item, value, note, changed, number))
        else:
            if progress in (None, "") and not note:
                continue
            key = progress_by_label.get(str(progress or "").strip())
            if key is None:
                errors.append(
                    RowError(
                        number,
                        COL_PROGRESS,
                        "bad_progress",
                        _("Progress must be one of: %(choices)s.") % {"choices": "、".join(progress_by_label)},
                    )
                )
                continue
            changed = item.report is None or item.report.progress != key or item.report.note != note
            plan_rows.append(("task", item, key, note, changed, number))
    for kind, item, _value, _note, changed, number in plan_rows:
        if changed and item.report is not None and not item.report.editable:
            errors.append(
                RowError(
                    number,
                    COL_ACTUAL if kind == "target" else COL_PROGRESS,
                    "report_locked",
                    _("This report was %(status)s and can no longer be changed.")
                    % {"status": item.report.get_status_display()},
                )
            )
    if errors:
        raise DomainError(
            _("%(n)d row(s) of the file are not valid; nothing was imported.") % {"n": len({e.row for e in errors})},
            "excel_rows_invalid",
            {"errors": [e.as_dict() for e in errors]},
        )
    counts = {"target": 0, "task": 0}
    submitted = 0
    with transaction.atomic():
        for kind, item, value, note, changed, _number in plan_rows:
            if not changed and not submit:
                continue
            if not item.report or item.report.editable:
                if kind == "target":
                    report = services.target_report_save(
                        user=user, period=period, target=item.item, actual_value=value, note=note, unit=unit
                    )
                else:
                    report = services.task_report_save(
                        user=user, period=period, task=item.item, progress=value, note=note, unit=unit
                    )
                counts[kind] += 1
                if submit and report.editable and (kind == "task" or report.actual_value is not None):
                    services.report_submit(user=user, report=report)
                    submitted += 1
    return ImportSummary(targets=counts["target"], tasks=counts["task"], submitted=submitted)
