"""The 任务分解表 (task breakdown table) of a parsed plan as xlsx, docx, csv, md, plus JSON.

One row per task: a heading with no sub-headings, or a heading that carries targets or responsibilities
of its own; targets and assignments that precede every heading form a "总体目标" row. A second table,
"指标", lists every target with all its fields.

Every text cell goes through ``neutralise``: a spreadsheet treats a cell starting with = + - @ as a
formula (=cmd|' /C calc'!A0), so such text gets a leading apostrophe, in every format, because csv and
md tables end up pasted into spreadsheets too.
"""

from __future__ import annotations

import csv
import io
import json
import math
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field

from .model import Heading, Meta, ParsedDocument, Part, Responsibility, Target

COLUMNS = ("序号", "重点任务", "具体内容与目标", "牵头单位", "责任单位", "完成时限")
# Widths in character cells (one Han character is about two); docx and row heights derive from them.
COLUMN_WIDTHS = (6, 30, 60, 22, 28, 14)
TARGET_COLUMNS = (
    "序号",
    "篇",
    "所属任务",
    "原文",
    "指标对象",
    "数值",
    "上限",
    "单位",
    "比较",
    "度量",
    "完成年份",
    "每年",
    "力争",
    "起始位置",
    "结束位置",
)
TARGET_COLUMN_WIDTHS = (6, 5, 24, 44, 28, 9, 9, 8, 8, 8, 9, 6, 6, 9, 9)
TARGET_SHEET = "指标"
TASK_SHEET = "任务分解表"
OVERALL_TASK = "总体目标"

COMPARATOR_LABELS = {">=": "不低于", ">": "超过", "<=": "不超过", "<": "低于", "=": "达到", "range": "区间"}
MEASURE_LABELS = {"count": "数量", "amount": "总量", "percent": "比例", "growth": "增长"}
TEXT_FORMATS = ("json", "csv", "md")
BINARY_FORMATS = ("xlsx", "docx")
FORMATS = TEXT_FORMATS + BINARY_FORMATS

SUMMARY_CHARS = 150
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_SENTENCE = re.compile(r"[^。；;!！?？]*[。；;!！?？]?")
_SPACES = re.compile(r"\s+")
_SPACE_IN_HAN = re.compile(r"(?<=[^\x00-\xff]) (?=[^\x00-\xff])")
_CN_NUMERAL = re.compile(r"[〇零一二三四五六七八九十百]+")


def neutralise(value: object) -> object:
    """Text that a spreadsheet would run as a formula gets a leading apostrophe; other values pass."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


# --- the tables, independent of the file format ---------------------------------------------------


@dataclass
class TaskRow:
    number: int
    task: str  # section path, one heading per line
    content: str  # the targets' quotes, one per line, or a summary of the task's text
    lead_units: str
    responsible_units: str
    deadline: str

    def cells(self) -> list[object]:
        return [self.number, self.task, self.content, self.lead_units, self.responsible_units, self.deadline]


@dataclass
class Section:
    title: str | None  # the part's title in a compilation, None for a single plan
    rows: list[TaskRow] = field(default_factory=list)


@dataclass
class TaskTable:
    title: str
    sections: list[Section]
    targets: list[list[object]]  # rows of TARGET_COLUMNS


def heading_text(h: Heading) -> str:
    """Label with its usual punctuation, then the title: 一、 （一） 1. （1） ①."""
    label = h.label.strip()
    if label.startswith("(") or label.startswith("（"):
        inner = label.strip("()（）")
        shown = f"（{inner}）"
    elif _CN_NUMERAL.fullmatch(label):
        shown = f"{label}、"
    elif label.isascii() and label.isdigit():
        shown = f"{label}."
    else:
        shown = label
    return f"{shown}{h.title}"


def _parents(outline: Sequence[Heading]) -> list[int | None]:
    """Index of each heading's parent: the closest earlier heading of a smaller level."""
    parents: list[int | None] = []
    stack: list[int] = []
    for i, h in enumerate(outline):
        while stack and outline[stack[-1]].level >= h.level:
            stack.pop()
        parents.append(stack[-1] if stack else None)
        stack.append(i)
    return parents


def _owner(outline: Sequence[Heading], index: int | None, start: int) -> int | None:
    """Heading an item belongs to: the one the parser named, else the last heading starting before it."""
    if index is not None and 0 <= index < len(outline):
        return index
    owner = None
    for i, h in enumerate(outline):
        if h.start > start:
            break
        owner = i
    return owner


def _squeeze(text: str) -> str:
    """Whitespace runs to one space, none between two Han characters (line breaks of a PDF or a web page)."""
    text = _SPACES.sub(" ", text).strip()
    return _SPACE_IN_HAN.sub("", text)


def _summary(source: str, h: Heading) -> str:
    body = source[h.body_start : h.body_end] if h.body_end > h.body_start else ""
    body = _squeeze(body)
    title = _squeeze(h.title)
    if title and body.startswith(title):
        body = body[len(title) :]
    body = body.lstrip("。：:，,； ")
    out = ""
    for sentence in _SENTENCE.findall(body):
        if out and len(out) + len(sentence) > SUMMARY_CHARS:
            break
        out += sentence
    return out if len(out) <= SUMMARY_CHARS else out[:SUMMARY_CHARS] + "……"


def deadline_text(targets: Sequence[Target], meta: Meta) -> str:
    """ "2026年12月底" for the plan year, "2028年底前" for a later year; the latest target decides."""
    years = [t.deadline for t in targets if t.deadline]
    year = max(years) if years else (meta.end_year or meta.plan_year)
    if year is None:
        return ""
    return f"{year}年12月底" if year == meta.plan_year else f"{year}年底前"


def _units(records: Sequence[Responsibility], role: str) -> str:
    names: list[str] = []
    for r in records:
        names += [n for n in getattr(r, role) if n not in names]
    return "、".join(names)


def _task_rows(doc: ParsedDocument, part: Part, first_number: int) -> list[TaskRow]:
    outline = part.outline
    parents = _parents(outline)
    targets: dict[int | None, list[Target]] = {}
    for t in part.targets:
        targets.setdefault(_owner(outline, t.heading, t.start), []).append(t)
    assigned: dict[int | None, list[Responsibility]] = {}
    for r in part.responsibilities:
        assigned.setdefault(_owner(outline, r.heading, r.start), []).append(r)
    has_child = {p for p in parents if p is not None}

    tasks: list[int | None] = [None] if None in targets or None in assigned else []
    tasks += [i for i in range(len(outline)) if i not in has_child or i in targets or i in assigned]
    rows = []
    for offset, i in enumerate(tasks):
        if i is None:
            path = OVERALL_TASK
            content = ""
        else:
            chain = [i]
            while (p := parents[chain[-1]]) is not None:
                chain.append(p)
            path = "\n".join(heading_text(outline[j]) for j in reversed(chain))
            content = _summary(doc.source, outline[i])
        own_targets = targets.get(i, [])
        if own_targets:
            content = "\n".join(t.quote for t in own_targets)
        own = assigned.get(i, [])
        rows.append(
            TaskRow(
                number=first_number + offset,
                task=path,
                content=content,
                lead_units=_units(own, "lead"),
                responsible_units=_units(own, "support"),
                deadline=deadline_text(own_targets, part.meta),
            )
        )
    return rows


def _number(value: float | int | None) -> float | int | None:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _target_rows(doc: ParsedDocument) -> list[list[object]]:
    rows: list[list[object]] = []
    for part in doc.parts:
        for t in part.targets:
            owner = _owner(part.outline, t.heading, t.start)
            rows.append(
                [
                    len(rows) + 1,
                    part.part,
                    heading_text(part.outline[owner]) if owner is not None else OVERALL_TASK,
                    t.quote,
                    t.subject,
                    _number(t.value),
                    _number(t.value_max),
                    t.unit,
                    COMPARATOR_LABELS.get(t.comparator, t.comparator),
                    MEASURE_LABELS.get(t.measure, t.measure),
                    t.deadline,
                    "是" if t.per_year else "否",
                    "是" if t.aspirational else "否",
                    t.start,
                    t.end,
                ]
            )
    return rows


def plan_title(doc: ParsedDocument) -> str:
    titles = [p.meta.title for p in doc.parts if p.meta.title]
    if len(doc.parts) == 1 and titles:
        return titles[0]
    return doc.doc


def task_table(doc: ParsedDocument) -> TaskTable:
    """The breakdown table of ``doc``; a compilation gets one section per part, numbered on throughout."""
    sections = []
    number = 1
    for part in doc.parts:
        title = None
        if len(doc.parts) > 1:
            title = f"第{part.part}篇 {part.meta.title}" if part.meta.title else f"第{part.part}篇"
        rows = _task_rows(doc, part, number)
        number += len(rows)
        sections.append(Section(title, rows))
    return TaskTable(plan_title(doc), sections, _target_rows(doc))


# --- writers --------------------------------------------------------------------------------------


def _display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _line_count(text: str, width: int) -> int:
    return sum(max(1, math.ceil(_display_width(line) / width)) for line in str(text).split("\n"))


def to_xlsx(doc: ParsedDocument) -> bytes:
    from openpyxl import Workbook

    table = task_table(doc)
    wb = Workbook()
    ws = wb.active
    ws.title = TASK_SHEET
    task_rows: list[list[object] | str] = []
    for section in table.sections:
        if section.title:
            task_rows.append(section.title)
        task_rows += [row.cells() for row in section.rows]
    _fill_sheet(ws, table.title, COLUMNS, COLUMN_WIDTHS, task_rows)
    _fill_sheet(
        wb.create_sheet(TARGET_SHEET), f"{table.title} 指标", TARGET_COLUMNS, TARGET_COLUMN_WIDTHS, table.targets
    )
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _fill_sheet(ws, title: str, columns, widths, rows: list[list[object] | str]) -> None:
    """Title in row 1, header in row 2 (repeated on every printed page), data below; A4 landscape."""
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.page import PageMargins

    last = get_column_letter(len(columns))
    thin = Side(style="thin", color="808080")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    wrap = Alignment(wrap_text=True, vertical="top")

    ws.append([neutralise(title)])
    ws.merge_cells(f"A1:{last}1")
    ws["A1"].font = Font(bold=True, size=16)
    ws["A1"].alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    ws.row_dimensions[1].height = 32
    ws.append(list(columns))
    for cell in ws[2]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="D9E1F2")
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border = border
    for row in rows:
        if isinstance(row, str):  # a part's title spanning the table
            ws.append([None, neutralise(row)])
            r = ws.max_row
            ws.merge_cells(f"B{r}:{last}{r}")
            ws.cell(r, 2).font = Font(bold=True)
            continue
        ws.append([neutralise(v) for v in row])
        r = ws.max_row
        lines = max(_line_count(v, w) for v, w in zip(row, widths, strict=True) if v is not None)
        ws.row_dimensions[r].height = 15 * lines + 3
        for cell in ws[r]:
            cell.alignment = wrap
            cell.border = border
    for i, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.freeze_panes = "A3"
    ws.print_title_rows = "2:2"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_margins = PageMargins(left=0.4, right=0.4, top=0.6, bottom=0.6)
    ws.print_options.horizontalCentered = True
    ws.oddFooter.center.text = "第 &P 页，共 &N 页"


def to_docx(doc: ParsedDocument) -> bytes:
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt

    table = task_table(doc)
    document = Document()
    normal = document.styles["Normal"]
    normal.font.name = "宋体"
    normal.font.size = Pt(10.5)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), "宋体")
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Mm(18))
    usable_mm = 297 - 2 * 18

    def title(text: str) -> None:
        p = document.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = p.add_run(str(neutralise(text)))
        run.bold = True
        run.font.size = Pt(16)

    title(table.title)
    rows: list[list[object] | str] = []
    for part_section in table.sections:
        if part_section.title:
            rows.append(part_section.title)
        rows += [row.cells() for row in part_section.rows]
    _docx_table(document, COLUMNS, COLUMN_WIDTHS, rows, usable_mm, Pt(10.5))

    p = document.add_paragraph()
    p.add_run().add_break(WD_BREAK.PAGE)
    title(f"{table.title} 指标")
    _docx_table(document, TARGET_COLUMNS, TARGET_COLUMN_WIDTHS, table.targets, usable_mm, Pt(8))
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _docx_table(document, columns, widths, rows: list[list[object] | str], usable_mm: float, size) -> None:
    """A grid table whose first row repeats on every page (w:tblHeader) and whose widths fill the page."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Mm

    total = sum(widths)
    col_mm = [Mm(usable_mm * w / total) for w in widths]
    t = document.add_table(rows=1, cols=len(columns))
    t.style = "Table Grid"
    t.autofit = False
    header = t.rows[0]
    flag = OxmlElement("w:tblHeader")
    flag.set(qn("w:val"), "true")
    header._tr.get_or_add_trPr().append(flag)
    for cell, name in zip(header.cells, columns, strict=True):
        cell.text = name
        run = cell.paragraphs[0].runs[0]
        run.bold = True
        run.font.size = size
    for row in rows:
        cells = t.add_row().cells
        if isinstance(row, str):
            merged = cells[1].merge(cells[-1])
            merged.text = str(neutralise(row))
            merged.paragraphs[0].runs[0].bold = True
            continue
        for cell, value in zip(cells, row, strict=True):
            cell.text = "" if value is None else str(neutralise(value))
            for run in cell.paragraphs[0].runs:
                run.font.size = size
    for r in t.rows:
        for cell, width in zip(r.cells, col_mm, strict=True):
            cell.width = width


def _text_rows(table: TaskTable) -> list[list[object]]:
    rows: list[list[object]] = []
    for section in table.sections:
        if section.title:
            rows.append(["", section.title, "", "", "", ""])
        rows += [row.cells() for row in section.rows]
    return rows


def to_csv(doc: ParsedDocument) -> str:
    """The breakdown table only (header, then rows); a compilation's part titles are rows of their own."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for row in _text_rows(task_table(doc)):
        writer.writerow(["" if v is None else neutralise(v) for v in row])
    return out.getvalue()


def _md_cell(value: object) -> str:
    text = "" if value is None else str(neutralise(value))
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", "<br>")


def _md_table(columns: Sequence[str], rows: Sequence[Sequence[object]]) -> list[str]:
    lines = ["| " + " | ".join(columns) + " |", "|" + " --- |" * len(columns)]
    lines += ["| " + " | ".join(_md_cell(v) for v in row) + " |" for row in rows]
    return lines


def to_md(doc: ParsedDocument) -> str:
    table = task_table(doc)
    lines = [f"# {_md_cell(table.title)}", ""]
    lines += _md_table(COLUMNS, _text_rows(table))
    lines += ["", f"## {TARGET_SHEET}", ""]
    lines += _md_table(TARGET_COLUMNS, table.targets)
    return "\n".join(lines) + "\n"


def to_json(doc: ParsedDocument) -> str:
    return json.dumps(doc.to_dict(), ensure_ascii=False, indent=1) + "\n"


def render(doc: ParsedDocument, fmt: str) -> bytes:
    """The file contents for ``fmt`` (one of ``FORMATS``); csv carries a BOM so that Excel reads it as UTF-8."""
    if fmt == "xlsx":
        return to_xlsx(doc)
    if fmt == "docx":
        return to_docx(doc)
    if fmt == "csv":
        return to_csv(doc).encode("utf-8-sig")
    return render_text(doc, fmt).encode("utf-8")


def render_text(doc: ParsedDocument, fmt: str) -> str:
    """The text for a text format (json, csv, md), as printed to a terminal."""
    writers = {"json": to_json, "csv": to_csv, "md": to_md}
    if fmt not in writers:
        raise ValueError(f"not a text format: {fmt}")
    return writers[fmt](doc)
