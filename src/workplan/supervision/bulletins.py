"""The 督查通报 (bulletin) of a plan for a period, as .docx laid out after GB/T 9704-2012 《党政机关公文格式》.

What python-docx can set is set: A4 paper; margins top 37 mm, bottom 35 mm, left 28 mm, right 26 mm; title in
方正小标宋简体 22 pt (二号); first-level headings 黑体 16 pt (三号), second-level 楷体_GB2312 16 pt; body 仿宋_GB2312
16 pt at a fixed 28.95 pt line pitch (22 lines a page); numbered sections 一、 (一); issuer and date at the end;
page numbers "— 1 —" in 宋体 14 pt (四号) in the footer, odd pages right and even pages left. East Asian font
names are written into ``w:rFonts/@w:eastAsia`` so Word and WPS pick them whether or not they are installed.
"""

from __future__ import annotations

import datetime as dt
import io
import shutil
import subprocess
import tempfile
from pathlib import Path

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from docx import Document
from docx.enum.section import WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from workplan.plans.models import Plan
from workplan.reporting.models import Period

from .models import FollowUpOrder
from .selectors import colour_counts, lagging_units, plan_status
from .status import Colour, fmt_percent

TITLE_FONT = "方正小标宋简体"
HEADING1_FONT = "黑体"
HEADING2_FONT = "楷体_GB2312"
BODY_FONT = "仿宋_GB2312"
PAGE_NUMBER_FONT = "宋体"
BODY_SIZE = Pt(16)  # 三号
TITLE_SIZE = Pt(22)  # 二号
LINE_PITCH = Pt(28.95)
MARGINS_MM = {"top": 37, "bottom": 35, "left": 28, "right": 26}

_DIGITS = "零一二三四五六七八九"


def chinese_number(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十 (section numbers up to 99)."""
    if n < 10:
        return _DIGITS[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else _DIGITS[tens]) + "十" + (_DIGITS[ones] if ones else "")


def set_font(run, name: str, size: Pt, bold: bool = False) -> None:
    """Latin and East Asian font of a run (w:rFonts ascii/hAnsi/eastAsia)."""
    run.font.name = name
    run.font.size = size
    run.font.bold = bold
    rpr = run._element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), name)


def _paragraph(doc, text: str, font: str = BODY_FONT, size: Pt = BODY_SIZE, *, bold=False, align=None, indent=True):
    p = doc.add_paragraph()
    fmt = p.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = LINE_PITCH
    fmt.space_before = fmt.space_after = Pt(0)
    if indent:
        fmt.first_line_indent = Pt(size.pt * 2)  # 首行缩进两字
    if align is not None:
        p.alignment = align
    set_font(p.add_run(text), font, size, bold)
    return p


def _page_number_footer(footer, align) -> None:
    """ "— N —" with a PAGE field."""
    p = footer.paragraphs[0] if footer.paragraphs else footer.add_paragraph()
    p.alignment = align
    if align == WD_ALIGN_PARAGRAPH.RIGHT:
        p.paragraph_format.right_indent = Pt(14)  # 空一字
    else:
        p.paragraph_format.left_indent = Pt(14)
    set_font(p.add_run("— "), PAGE_NUMBER_FONT, Pt(14))
    run = p.add_run()
    set_font(run, PAGE_NUMBER_FONT, Pt(14))
    begin, instr, end = OxmlElement("w:fldChar"), OxmlElement("w:instrText"), OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    instr.set(qn("xml:space"), "preserve")
    instr.text = " PAGE "
    end.set(qn("w:fldCharType"), "end")
    run._element.append(begin)
    run._element.append(instr)
    run._element.append(end)
    set_font(p.add_run(" —"), PAGE_NUMBER_FONT, Pt(14))


def _setup(doc) -> None:
    section = doc.sections[0]
    section.start_type = WD_SECTION.NEW_PAGE
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin = Mm(MARGINS_MM["top"])
    section.bottom_margin = Mm(MARGINS_MM["bottom"])
    section.left_margin = Mm(MARGINS_MM["left"])
    section.right_margin = Mm(MARGINS_MM["right"])
    normal = doc.styles["Normal"]
    normal.font.name = BODY_FONT
    normal.font.size = BODY_SIZE
    rpr = normal.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    fonts.set(qn("w:eastAsia"), BODY_FONT)
    doc.settings.odd_and_even_pages_header_footer = True
    _page_number_footer(section.footer, WD_ALIGN_PARAGRAPH.RIGHT)
    _page_number_footer(section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT)


def _table(doc, header: list[str], rows: list[list[str]]):
    table = doc.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = ""
        set_font(cell.paragraphs[0].add_run(text), HEADING1_FONT, Pt(12))
        cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    for values in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, values, strict=True):
            cell.text = ""
            set_font(cell.paragraphs[0].add_run(str(text)), BODY_FONT, Pt(12))
    return table


def _mean(values: list[float]) -> float | None:
    return sum(values) / len(values) if values else None


def _date_text(day: dt.date) -> str:
    return _("%(y)d-%(m)d-%(d)d") % {"y": day.year, "m": day.month, "d": day.day}


def bulletin_content(
    *, plan: Plan, period: Period, today: dt.date | None = None, issuer: str = "", number: int | None = None
) -> dict:
    """What a bulletin says, computed once for both the .docx and the print page."""
    today = today or timezone.localdate()
    status = plan_status(plan=plan, period=period, today=today)
    counts = colour_counts(status.items)
    mean = _mean([min(t.evaluation.completion, 1.0) for t in status.targets if t.evaluation.completion is not None])
    sections = []
    for section_id, label in status.sections.items():
        share = _mean(
            [
                min(t.evaluation.completion, 1.0)
                for t in status.targets
                if t.section_id == section_id and t.evaluation.completion is not None
            ]
        )
        sections.append(
            {
                "label": label,
                "counts": colour_counts([i for i in status.items if i.section_id == section_id]),
                "share": share,
                "completion": fmt_percent(share) if share is not None else "—",
                "bar": round((share or 0) * 100),
            }
        )

    def listed(colour: Colour) -> list[dict]:
        return [
            {
                "item": i,
                "units": "、".join(status.unit_names.get(u, "") for u in i.unit_ids),
                "reason": i.evaluation.reason,
            }
            for i in status.items
            if i.colour == colour
        ]

    overall = _(
        "By the end of %(period)s the plan has %(targets)d targets and %(tasks)d tasks. Reported targets are "
        "%(done)s complete on average against a time-elapsed ratio of %(elapsed)s. %(green)d items are green, "
        "%(yellow)d yellow, %(red)d red and %(none)d not yet reported."
    ) % {
        "period": str(status.period),
        "targets": len(status.targets),
        "tasks": len(status.tasks),
        "done": fmt_percent(mean) if mean is not None else "—",
        "elapsed": fmt_percent(status.elapsed),
        "green": counts["green"],
        "yellow": counts["yellow"],
        "red": counts["red"],
        "none": counts["none"],
    }
    orders = list(
        FollowUpOrder.objects.filter(plan=plan)
        .exclude(status=FollowUpOrder.Status.CLOSED)
        .select_related("unit")
        .order_by("due_on", "pk")
    )
    return {
        "period": period,
        "overall": overall,
        "sections": sections,
        "red_items": listed(Colour.RED),
        "yellow_items": listed(Colour.YELLOW),
        "lagging": lagging_units(status),
        "orders": orders,
        "elapsed": fmt_percent(status.elapsed),
        "issuer": issuer or plan.issuer or _("Supervision office"),
        "date": today,
        "number": number or period.number,
    }


def bulletin_build(
    *, plan: Plan, period: Period, today: dt.date | None = None, issuer: str = "", number: int | None = None
) -> bytes:
    """The bulletin as .docx bytes. ``issuer`` defaults to the plan's issuer; ``number`` is the issue (期)."""
    content = bulletin_content(plan=plan, period=period, today=today, issuer=issuer, number=number)
    doc = Document()
    _setup(doc)
    title = _("Bulletin on the progress of %(plan)s") % {"plan": plan.title}
    _paragraph(doc, title, TITLE_FONT, TITLE_SIZE, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False)
    issue = _("(%(period)s, issue %(n)d)") % {"period": str(period), "n": content["number"]}
    _paragraph(doc, issue, HEADING2_FONT, BODY_SIZE, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False)
    _paragraph(doc, "", indent=False)  # 空一行
    sections = [
        (_("Overall progress"), _overall),
        (_("Items by colour"), _by_colour),
        (_("Lagging units"), _lagging),
        (_("Open follow-up orders"), _orders),
        (_("Progress by part of the plan"), _chart),
    ]
    for i, (heading, body) in enumerate(sections, start=1):
        _paragraph(doc, f"{chinese_number(i)}、{heading}", HEADING1_FONT)
        body(doc, content)
    _paragraph(doc, "", indent=False)
    for text in (content["issuer"], _date_text(content["date"])):
        p = _paragraph(doc, text, align=WD_ALIGN_PARAGRAPH.RIGHT, indent=False)
        p.paragraph_format.right_indent = Pt(BODY_SIZE.pt * 4)  # 右空四字
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def _overall(doc, content: dict) -> None:
    _paragraph(doc, content["overall"])


def _by_colour(doc, content: dict) -> None:
    header = [
        pgettext("bulletin", "Part of the plan"),
        pgettext("bulletin", "Green"),
        pgettext("bulletin", "Yellow"),
        pgettext("bulletin", "Red"),
        pgettext("bulletin", "Not reported"),
    ]
    rows = [
        [s["label"], s["counts"]["green"], s["counts"]["yellow"], s["counts"]["red"], s["counts"]["none"]]
        for s in content["sections"]
    ]
    _table(doc, header, rows)
    lists = ((content["red_items"], _("Red items")), (content["yellow_items"], _("Yellow items")))
    for n, (listed, heading) in enumerate(lists, start=1):
        _paragraph(doc, f"（{chinese_number(n)}）{heading}", HEADING2_FONT)
        if not listed:
            _paragraph(doc, pgettext("bulletin", "None."))
        for k, row in enumerate(listed, start=1):
            units = f"（{row['units']}）" if row["units"] else ""
            _paragraph(doc, f"{k}. {row['item'].label}{units}：{row['reason']}。")


def _lagging(doc, content: dict) -> None:
    ranked = content["lagging"]
    if not ranked:
        _paragraph(doc, _("No unit is lagging."))
        return
    header = [
        pgettext("bulletin", "Rank"),
        pgettext("bulletin", "Unit"),
        pgettext("bulletin", "Red"),
        pgettext("bulletin", "Yellow"),
        pgettext("bulletin", "Overdue reports"),
    ]
    _table(doc, header, [[i, r["unit"], r["red"], r["yellow"], r["overdue"]] for i, r in enumerate(ranked, start=1)])


def _orders(doc, content: dict) -> None:
    orders = content["orders"]
    if not orders:
        _paragraph(doc, _("No follow-up order is open."))
        return
    header = [
        pgettext("bulletin", "Unit"),
        pgettext("bulletin", "Matter"),
        pgettext("bulletin", "Due on"),
        pgettext("bulletin", "Status"),
        pgettext("bulletin", "Reminders"),
    ]
    _table(
        doc, header, [[o.unit.name, o.title, o.due_on.isoformat(), o.get_status_display(), o.reminders] for o in orders]
    )


def _chart(doc, content: dict) -> None:
    """Completion by part of the plan as a table with text bars (no plotting library is needed)."""
    header = [
        pgettext("bulletin", "Part of the plan"),
        pgettext("bulletin", "Completion"),
        pgettext("bulletin", "Time elapsed"),
        "",
    ]
    rows = [
        [s["label"], s["completion"], content["elapsed"], "█" * round((s["share"] or 0) * 20)]
        for s in content["sections"]
    ]
    _table(doc, header, rows)


def docx_to_pdf(data: bytes) -> tuple[bytes | None, str]:
    """The PDF of a .docx through LibreOffice, or ``(None, reason)`` when LibreOffice is not installed."""
    office = shutil.which("libreoffice") or shutil.which("soffice")
    if not office:
        return None, _("LibreOffice is not installed; the PDF was skipped.")
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "bulletin.docx"
        source.write_bytes(data)
        subprocess.run(
            [office, "--headless", "--convert-to", "pdf", "--outdir", tmp, str(source)],
            check=True,
            timeout=120,
            capture_output=True,
        )
        return (Path(tmp) / "bulletin.pdf").read_bytes(), ""
