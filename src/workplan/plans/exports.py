"""The task breakdown table (任务分解表) of a plan as xlsx or docx.

Every text cell goes through ``safe_cell``: a unit or target typed as ``=cmd|' /C calc'!A0`` must reach the
spreadsheet as text, never as a formula.
"""

from __future__ import annotations

from io import BytesIO
from urllib.parse import quote

from django.utils.translation import gettext as _

from workplan.core.errors import DomainError
from workplan.core.excel import safe_cell
from workplan.units.selectors import actor_for_user

from .models import Plan
from .selectors import scope_for_actor, units_for_items

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def content_disposition(name: str) -> str:
    """An attachment header that carries a Chinese file name safely (RFC 6266 filename*)."""
    ascii_name = "".join(c if (c.isascii() and c.isalnum()) or c in "._-" else "_" for c in name)
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name)}"


def _headers() -> list[str]:
    return [
        _("No."),
        _("Section"),
        _("Task"),
        _("Target"),
        _("Comparator"),
        _("Target value"),
        _("Unit of measure"),
        _("Deadline"),
        _("Lead units"),
        _("Supporting units"),
        _("Quote"),
    ]


def task_breakdown_rows(*, user, plan: Plan) -> list[list]:
    """One row per target (and one per assigned section without targets), in plan order."""
    scope = scope_for_actor(actor_for_user(user), plan_id=plan.pk)
    sections = {s.pk: s for s in plan.sections.all()}
    by_section, by_target = units_for_items(plan=plan)

    def owners(section_id, target_id, role) -> str:
        names, node = [], section_id
        names += [a.unit.name if a.unit else a.name for a in by_target.get(target_id, []) if a.role == role]
        while node is not None and not names:
            names = [a.unit.name if a.unit else a.name for a in by_section.get(node, []) if a.role == role]
            node = sections[node].parent_id if node in sections else None
        return "、".join(dict.fromkeys(names))

    def top_title(section_id) -> str:
        node = sections.get(section_id)
        while node is not None and node.parent_id is not None:
            node = sections.get(node.parent_id)
        return str(node) if node else ""

    rows, covered = [], set()
    for t in plan.targets.order_by("order", "pk"):
        if scope.plan_ids is not None and t.pk not in scope.target_ids:
            continue
        covered.add(t.section_id)
        section = sections.get(t.section_id)
        rows.append(
            [
                len(rows) + 1,
                top_title(t.section_id),
                str(section) if section else "",
                t.subject,
                t.get_comparator_display(),
                t.value if t.value_max is None else f"{t.value}–{t.value_max}",
                t.unit,
                t.deadline,
                owners(t.section_id, t.pk, "lead"),
                owners(t.section_id, t.pk, "support"),
                t.quote,
            ]
        )
    for pk, section in sections.items():
        if pk in covered or pk not in by_section:
            continue
        if scope.plan_ids is not None and pk not in scope.section_ids:
            continue
        rows.append(
            [
                len(rows) + 1,
                top_title(pk),
                str(section),
                "",
                "",
                None,
                "",
                None,
                owners(pk, None, "lead"),
                owners(pk, None, "support"),
                "",
            ]
        )
    return rows


def task_breakdown(*, user, plan: Plan, file_format: str = "xlsx") -> tuple[bytes, str, str]:
    """(bytes, content type, file name) of the task breakdown table."""
    rows = task_breakdown_rows(user=user, plan=plan)
    name = _("%(title)s task breakdown") % {"title": plan.title}
    if file_format == "xlsx":
        return _xlsx(plan, rows), XLSX, f"{name}.xlsx"
    if file_format == "docx":
        return _docx(plan, rows), DOCX, f"{name}.docx"
    raise DomainError(_("Unknown export format: %(fmt)s") % {"fmt": file_format[:20]}, "bad_format")


def _xlsx(plan: Plan, rows: list[list]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    wb = Workbook()
    ws = wb.active
    ws.title = _("Task breakdown")[:31]
    ws.append([safe_cell(plan.title)])
    ws["A1"].font = Font(bold=True, size=14)
    ws.append([safe_cell(h) for h in _headers()])
    for cell in ws[2]:
        cell.font = Font(bold=True)
    for row in rows:
        ws.append([safe_cell(v) for v in row])
    widths = [6, 24, 30, 30, 8, 12, 10, 8, 24, 24, 60]
    for i, w in enumerate(widths):
        ws.column_dimensions[chr(ord("A") + i)].width = w
    for row in ws.iter_rows(min_row=3):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws.freeze_panes = "A3"
    out = BytesIO()
    wb.save(out)
    return out.getvalue()


def _docx(plan: Plan, rows: list[list]) -> bytes:
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.shared import Cm

    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    doc.add_heading(plan.title, level=1)
    columns = [0, 2, 3, 5, 6, 8, 9]  # no., task, target, value, unit, lead, support
    headers = _headers()
    table = doc.add_table(rows=1, cols=len(columns))
    table.style = "Table Grid"
    for i, c in enumerate(columns):
        table.rows[0].cells[i].text = headers[c]
    for row in rows:
        cells = table.add_row().cells
        for i, c in enumerate(columns):
            cells[i].text = "" if row[c] is None else str(row[c])
    out = BytesIO()
    doc.save(out)
    return out.getvalue()
