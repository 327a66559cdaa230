"""The 任务分解表 written as xlsx, docx, csv and md reads back cell for cell, printable and formula-safe."""

import csv
import io
import json

import docx
import openpyxl
import pytest
from docx.oxml.ns import qn
from docx.shared import Mm

from tests.parsing.regen_golden import cases
from workplan.parsing import parse_file
from workplan.parsing.export import (
    COLUMN_WIDTHS,
    COLUMNS,
    TARGET_COLUMN_WIDTHS,
    TARGET_COLUMNS,
    deadline_text,
    heading_text,
    neutralise,
    render,
    render_text,
    task_table,
)
from workplan.parsing.model import Heading, Meta, ParsedDocument, Part, Responsibility, Target

SOURCE = """江川市2026年科技工作要点
全年研发投入强度达到3.1%。
一、强化企业创新主体
全年新增高新技术企业150家以上。
（一）培育科技企业。新增科技型中小企业800家以上，力争瞪羚企业达到30家。（市科技局牵头，市发展改革委、市财政局按职责分工负责）
（二）加强成果转化。=cmd|' /C calc'!A0
二、集聚创新人才
引进高层次人才团队10个。（市委组织部牵头）
"""
TITLE = "江川市2026年科技工作要点"


def span(text: str, after: int = 0) -> tuple[int, int]:
    start = SOURCE.index(text, after)
    return start, start + len(text)


def heading(level: int, label: str, title: str, shown: str) -> Heading:
    """A heading written ``shown`` in the source; its body runs to the end of the line."""
    start, _ = span(shown)
    _, end = span(title, start)
    line_end = SOURCE.index("\n", end)
    return Heading(level, label, title, start, end, end, line_end)


def target(quote, subject, value, unit, owner, comparator=">=", **extra) -> Target:
    start, end = span(quote)
    fields = {"deadline": 2026, "measure": "count", **extra}
    return Target(quote, subject, value, unit, comparator, start=start, end=end, heading=owner, **fields)


def responsibility(text: str, owner: int, lead: list[str], support: list[str]) -> Responsibility:
    start, end = span(text)
    return Responsibility(None, None, lead, support, text, start, end, owner)


@pytest.fixture
def doc() -> ParsedDocument:
    outline = [
        heading(1, "一", "强化企业创新主体", "一、强化企业创新主体"),
        heading(2, "(一)", "培育科技企业", "（一）培育科技企业"),
        heading(2, "(二)", "加强成果转化", "（二）加强成果转化"),
        heading(1, "二", "集聚创新人才", "二、集聚创新人才"),
    ]
    targets = [
        target("研发投入强度达到3.1%", "研发投入强度", 3.1, "%", None, comparator="=", measure="percent"),
        target("新增高新技术企业150家以上", "新增高新技术企业", 150, "家", 0),
        target("新增科技型中小企业800家以上", "新增科技型中小企业", 800, "家", 1),
        target("瞪羚企业达到30家", "瞪羚企业", 30, "家", 1, comparator="=", aspirational=True),
        target("引进高层次人才团队10个", "引进高层次人才团队", 10.0, "个", 3, comparator="=", deadline=None),
    ]
    resp = [
        responsibility(
            "市科技局牵头，市发展改革委、市财政局按职责分工负责", 1, ["市科技局"], ["市发展改革委", "市财政局"]
        ),
        responsibility("市委组织部牵头", 3, ["市委组织部"], []),
    ]
    meta = Meta(title=TITLE, plan_year=2026, end_year=2026)
    return ParsedDocument("jiangchuan", SOURCE, [Part(1, 0, len(SOURCE), meta, outline, targets, resp)])


TASK_PATH = "一、强化企业创新主体"
EXPECTED_ROWS = [
    [1, "总体目标", "研发投入强度达到3.1%", "", "", "2026年12月底"],
    [2, TASK_PATH, "新增高新技术企业150家以上", "", "", "2026年12月底"],
    [
        3,
        f"{TASK_PATH}\n（一）培育科技企业",
        "新增科技型中小企业800家以上\n瞪羚企业达到30家",
        "市科技局",
        "市发展改革委、市财政局",
        "2026年12月底",
    ],
    [4, f"{TASK_PATH}\n（二）加强成果转化", "'=cmd|' /C calc'!A0", "", "", "2026年12月底"],
    [5, "二、集聚创新人才", "引进高层次人才团队10个", "市委组织部", "", "2026年12月底"],
]
EXPECTED_TARGET_ROW = [4, 1, "（一）培育科技企业", "瞪羚企业达到30家", "瞪羚企业", 30, None, "家", "达到", "数量", 2026]


def as_text(row):
    return ["" if v is None else str(v) for v in row]


# --- the table ----------------------------------------------------------------------------------


def test_rows_are_leaf_tasks_plus_headings_and_preamble_that_own_targets(doc):
    rows = [[v if v is not None else "" for v in r.cells()] for s in task_table(doc).sections for r in s.rows]
    expected = [[neutralise(v) if i else v for i, v in enumerate(row)] for row in EXPECTED_ROWS]
    expected[3][2] = "=cmd|' /C calc'!A0"  # neutralised only when written
    assert rows == expected


def test_task_without_targets_shows_a_summary_of_its_text():
    source = "一、加强统筹\n（一）完善机制。建立联席会议制度，\n每季度召开一次会议。明确分工。\n二、"
    title_end = source.index("。")
    h = Heading(2, "(一)", "完善机制", 7, title_end, title_end, source.index("二、") - 1)
    part = Part(1, 0, len(source), Meta(plan_year=2026), [Heading(1, "一", "加强统筹", 0, 6, 6, 6), h])
    rows = task_table(ParsedDocument("x", source, [part])).sections[0].rows
    assert [(r.task, r.content, r.deadline) for r in rows] == [
        ("一、加强统筹\n（一）完善机制", "建立联席会议制度，每季度召开一次会议。明确分工。", "2026年12月底")
    ]


@pytest.mark.parametrize(
    ("years", "meta", "expected"),
    [
        ([2026], Meta(plan_year=2026, end_year=2026), "2026年12月底"),
        ([2026, 2028], Meta(plan_year=2026, end_year=2028), "2028年底前"),
        ([], Meta(plan_year=2026, end_year=2028), "2028年底前"),
        ([], Meta(plan_year=2026), "2026年12月底"),
        ([2025], Meta(), "2025年底前"),
        ([], Meta(), ""),
    ],
)
def test_deadline_text(years, meta, expected):
    targets = [Target("q", "s", 1, "家", deadline=y) for y in years]
    assert deadline_text(targets, meta) == expected


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ("一", "一、标题"),
        ("(一)", "（一）标题"),
        ("（二）", "（二）标题"),
        ("3", "3.标题"),
        ("(1)", "（1）标题"),
        ("①", "①标题"),
    ],
)
def test_heading_text_restores_the_usual_punctuation(label, expected):
    assert heading_text(Heading(1, label, "标题", 0, 0)) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0"),
        ("+1+1", "'+1+1"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("市科技局=牵头", "市科技局=牵头"),
        (12, 12),
        (None, None),
    ],
)
def test_neutralise(value, expected):
    assert neutralise(value) == expected


# --- xlsx -----------------------------------------------------------------------------------------


def load_xlsx(doc):
    return openpyxl.load_workbook(io.BytesIO(render(doc, "xlsx")))


def test_xlsx_round_trip_cell_values(doc):
    wb = load_xlsx(doc)
    assert wb.sheetnames == ["任务分解表", "指标"]
    ws = wb["任务分解表"]
    values = [list(r) for r in ws.iter_rows(values_only=True)]
    assert values[0] == [TITLE, None, None, None, None, None]
    assert values[1] == list(COLUMNS)
    assert [as_text(r) for r in values[2:]] == [as_text(r) for r in EXPECTED_ROWS]
    assert ws["A3"].value == 1  # a number, not text
    assert ws["C6"].data_type == "s"


def test_xlsx_is_printable(doc):
    ws = load_xlsx(doc)["任务分解表"]
    assert ws.print_title_rows == "$2:$2"
    assert ws.page_setup.orientation == "landscape"
    assert ws.page_setup.paperSize == 9  # A4
    assert ws.sheet_properties.pageSetUpPr.fitToPage is True
    assert ws.freeze_panes == "A3"
    assert [str(r) for r in ws.merged_cells.ranges] == ["A1:F1"]
    assert [ws.column_dimensions[c].width for c in "ABCDEF"] == list(COLUMN_WIDTHS)
    assert all(cell.alignment.wrap_text for row in ws.iter_rows(min_row=3) for cell in row)
    assert ws.row_dimensions[5].height == 15 * 2 + 3  # two lines of 重点任务


def test_xlsx_target_sheet_lists_every_target_with_all_fields(doc):
    ws = load_xlsx(doc)["指标"]
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][0] == f"{TITLE} 指标"
    assert rows[1] == TARGET_COLUMNS
    assert len(rows) == 2 + 5
    start, end = span("瞪羚企业达到30家")
    assert list(rows[5]) == [*EXPECTED_TARGET_ROW, "否", "是", start, end]
    assert type(rows[6][5]) is int  # 10.0 written as 10
    assert rows[6][5] == 10
    assert rows[6][10] is None
    assert ws.print_title_rows == "$2:$2"
    assert [ws.column_dimensions[chr(65 + i)].width for i in range(len(TARGET_COLUMNS))] == list(TARGET_COLUMN_WIDTHS)


def test_xlsx_neutralises_formulas_everywhere(doc):
    doc.parts[0].meta.title = '=HYPERLINK("http://x")'
    doc.parts[0].targets[2].subject = "+cmd"
    doc.parts[0].responsibilities[0].lead = ["@SUM(1)"]
    wb = load_xlsx(doc)
    cells = [c for ws in wb for row in ws.iter_rows() for c in row if c.value is not None]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    texts = {c.value for c in cells if isinstance(c.value, str)}
    assert {'\'=HYPERLINK("http://x")', "'+cmd", "'@SUM(1)", "'=cmd|' /C calc'!A0"} <= texts
    assert not [t for t in texts if t[0] in "=+-@"]


# --- docx -----------------------------------------------------------------------------------------


def load_docx(doc):
    return docx.Document(io.BytesIO(render(doc, "docx")))


def test_docx_round_trip_cell_values(doc):
    d = load_docx(doc)
    assert d.paragraphs[0].text == TITLE
    table = d.tables[0]
    assert [c.text for c in table.rows[0].cells] == list(COLUMNS)
    assert [[c.text for c in r.cells] for r in table.rows[1:]] == [as_text(r) for r in EXPECTED_ROWS]
    targets = d.tables[1]
    assert [c.text for c in targets.rows[0].cells] == list(TARGET_COLUMNS)
    assert [c.text for c in targets.rows[4].cells][:11] == as_text(EXPECTED_TARGET_ROW)


def test_docx_repeats_header_rows_and_prints_a4_landscape(doc):
    d = load_docx(doc)
    for table in d.tables:
        flags = [r._tr.trPr is not None and r._tr.trPr.find(qn("w:tblHeader")) is not None for r in table.rows]
        assert flags == [True] + [False] * (len(table.rows) - 1)
        assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")).get(qn("w:val")) == "true"
    section = d.sections[0]
    assert section.orientation == docx.enum.section.WD_ORIENT.LANDSCAPE
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (297, 210)


def test_docx_column_widths_fill_the_page_in_proportion(doc):
    table = load_docx(doc).tables[0]
    usable = 297 - 2 * 18
    widths = [c.width for c in table.rows[1].cells]
    # docx stores widths in twentieths of a point: equal to within half a twip (318 EMU)
    assert widths == [pytest.approx(Mm(usable * w / sum(COLUMN_WIDTHS)), abs=318) for w in COLUMN_WIDTHS]


def test_docx_neutralises_formulas(doc):
    cells = [c.text for t in load_docx(doc).tables for r in t.rows for c in r.cells]
    assert "'=cmd|' /C calc'!A0" in cells
    assert not [t for t in cells if t[:1] in ("=", "+", "-", "@")]


# --- csv and md -------------------------------------------------------------------------------------


def test_csv_round_trip_with_bom_for_excel(doc):
    data = render(doc, "csv")
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows == [list(COLUMNS)] + [as_text(r) for r in EXPECTED_ROWS]


def test_csv_on_a_terminal_has_no_bom(doc):
    assert render_text(doc, "csv").startswith("序号,重点任务")


def test_md_table(doc):
    lines = render_text(doc, "md").splitlines()
    assert lines[:4] == [
        f"# {TITLE}",
        "",
        "| 序号 | 重点任务 | 具体内容与目标 | 牵头单位 | 责任单位 | 完成时限 |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    assert lines[6] == (
        "| 3 | 一、强化企业创新主体<br>（一）培育科技企业 | 新增科技型中小企业800家以上<br>瞪羚企业达到30家 "
        "| 市科技局 | 市发展改革委、市财政局 | 2026年12月底 |"
    )
    assert lines[7] == "| 4 | 一、强化企业创新主体<br>（二）加强成果转化 | '=cmd\\|' /C calc'!A0 |  |  | 2026年12月底 |"
    assert lines[10:12] == ["## 指标", ""]
    assert len(lines) == 12 + 2 + 5


def test_json_is_the_parse_output(doc):
    assert json.loads(render(doc, "json")) == json.loads(json.dumps(doc.to_dict()))


# --- compilations and real parser output -----------------------------------------------------------


def test_compilation_gets_a_titled_section_per_part_numbered_throughout(doc):
    second = Part(2, 0, 0, Meta(title="知识产权工作要点"), [Heading(1, "一", "提升质量", 0, 0)])
    doc.parts.append(second)
    table = task_table(doc)
    assert table.title == "jiangchuan"
    assert [s.title for s in table.sections] == ["第1篇 " + TITLE, "第2篇 知识产权工作要点"]
    assert [r.number for r in table.sections[1].rows] == [6]
    ws = load_xlsx(doc)["任务分解表"]
    assert ws["B3"].value == "第1篇 " + TITLE
    assert "B9:F9" in [str(r) for r in ws.merged_cells.ranges]
    rows = list(csv.reader(io.StringIO(render_text(doc, "csv"))))
    assert rows[7] == ["", "第2篇 知识产权工作要点", "", "", "", ""]


@pytest.mark.parametrize("txt", cases(), ids=lambda p: p.stem)
@pytest.mark.parametrize("fmt", ["xlsx", "docx", "csv", "md"])
def test_every_format_renders_the_parser_output_of_golden_texts(txt, fmt):
    parsed = parse_file(txt)
    n_rows = sum(len(s.rows) for s in task_table(parsed).sections)
    data = render(parsed, fmt)
    if fmt == "xlsx":
        ws = openpyxl.load_workbook(io.BytesIO(data))["任务分解表"]
        assert ws.max_row == 2 + n_rows + (len(parsed.parts) if len(parsed.parts) > 1 else 0)
    elif fmt == "docx":
        assert docx.Document(io.BytesIO(data)).tables[0].rows[0].cells[0].text == "序号"
    else:
        assert data.decode("utf-8-sig").startswith(("序号", "# "))
