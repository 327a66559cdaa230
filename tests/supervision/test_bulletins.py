"""The 督查通报: generated for the fixture plan and read back with python-docx (content, fonts, layout)."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.utils import timezone, translation
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Pt

from workplan.supervision import services
from workplan.supervision.bulletins import bulletin_build, chinese_number
from workplan.supervision.models import Bulletin

from .conftest import submit_progress, submit_value

TODAY = dt.date(2026, 3, 10)


@pytest.fixture
def reported(plan, items, users, units, periods):
    """February seen on 10 March: 高企 lagging (red), platforms on schedule, one open follow-up order."""
    submit_value(users.reporter, periods[1], items.hightech, 10)
    submit_value(users.reporter, periods[2], items.hightech, 20)  # 4% vs 17% → red
    submit_value(users.reporter, periods[1], items.rnd_growth, 10.5)
    submit_value(users.reporter, periods[2], items.rnd_growth, 11)  # green
    submit_value(users.district_reporter, periods[1], items.platforms_count, 2)
    submit_value(users.district_reporter, periods[2], items.platforms_count, 4)  # 20% vs 17% → green
    submit_progress(users.district_reporter, periods[1], items.platforms, "on_track")
    submit_progress(users.district_reporter, periods[2], items.platforms, "on_track")
    submit_progress(users.reporter, periods[1], items.rnd, "at_risk")
    submit_progress(users.reporter, periods[2], items.rnd, "at_risk")
    services.follow_up_order_open(
        user=users.supervisor,
        plan=plan,
        unit=units.ndrc,
        title="高企培育滞后",
        due_on=timezone.localdate() + dt.timedelta(days=7),
        targets=[items.hightech],
    )
    return periods[2]


def _doc(plan, period):
    with translation.override("zh-hans"):
        data = bulletin_build(plan=plan, period=period, today=TODAY, issuer="江川市人民政府督查室")
    return Document(io.BytesIO(data))


def _texts(doc):
    return [p.text for p in doc.paragraphs if p.text]


def test_headings_and_numbers(plan, reported):
    texts = _texts(_doc(plan, reported))
    assert texts[0] == "关于江川市2026年科技工作要点推进情况的通报"
    assert texts[1] == "（2026年2月 第2期）"
    assert [t for t in texts if t[:2] in {"一、", "二、", "三、", "四、", "五、"}] == [
        "一、总体进展",
        "二、分类情况",
        "三、滞后单位排名",
        "四、督办事项",
        "五、各板块完成进度",
    ]
    # Targets: 高企 red; growth green; platforms green; contracts (nothing, 2 overdue) red.
    # Tasks: 研发投入 at risk → yellow; 平台 on track → green; 人才 nothing, 2 overdue → red.
    assert texts[3] == (
        "截至2026年2月，计划共有目标指标4项、重点任务3项。已报送指标平均完成41%，序时进度17%。"
        "其中绿色3项、黄色1项、红色3项，尚未报送0项。"
    )
    assert "（一）滞后事项（红色）" in texts
    assert "（二）预警事项（黄色）" in texts
    # 10 then 20 of 500: a straight line reaching 120 (24%) by December.
    assert "1. 高新技术企业数量（市发展改革委）：完成4%，序时进度17%，预计年底完成24%。" in texts
    assert "1. 一 提升研发投入（市发展改革委）：存在风险。" in texts
    assert texts[-2:] == ["江川市人民政府督查室", "2026年3月10日"]


def test_tables(plan, reported):
    doc = _doc(plan, reported)
    rows = [[[c.text for c in r.cells] for r in t.rows] for t in doc.tables]
    by_colour, lagging, orders, chart = rows
    assert by_colour == [
        ["板块", "绿色", "黄色", "红色", "未报送"],
        ["一 强化科技创新", "3", "1", "1", "0"],
        ["二 优化创新生态", "0", "0", "2", "0"],
    ]
    assert lagging[0] == ["排名", "单位", "红色", "黄色", "逾期未报"]
    assert lagging[1:] == [["1", "市科学技术局", "2", "0", "4"], ["2", "市发展改革委", "1", "1", "0"]]
    assert orders[1][:4] == ["市发展改革委", "高企培育滞后", orders[1][2], "待办理"]
    assert chart[0] == ["板块", "完成率", "序时进度", ""]
    # 一: (4% + 110%→100% + 20%) / 3 = 41%; 二: nothing reported.
    assert chart[1][:3] == ["一 强化科技创新", "41%", "17%"]
    assert chart[1][3] == "█" * 8
    assert chart[2][:3] == ["二 优化创新生态", "—", "17%"]


def test_layout_follows_gb_t_9704(plan, reported):
    doc = _doc(plan, reported)
    section = doc.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)  # stored in twips
    assert [
        round(m.mm) for m in (section.top_margin, section.bottom_margin, section.left_margin, section.right_margin)
    ] == [37, 35, 28, 26]
    title, body = doc.paragraphs[0], doc.paragraphs[4]
    assert (title.runs[0].font.name, title.runs[0].font.size) == ("方正小标宋简体", Pt(22))
    assert body.runs[0].font.size == Pt(16)
    assert body.paragraph_format.line_spacing == Pt(28.95)
    heading1 = next(p for p in doc.paragraphs if p.text == "一、总体进展")
    heading2 = next(p for p in doc.paragraphs if p.text == "（一）滞后事项（红色）")
    for paragraph, font in (
        (title, "方正小标宋简体"),
        (body, "仿宋_GB2312"),
        (heading1, "黑体"),
        (heading2, "楷体_GB2312"),
    ):
        fonts = paragraph.runs[0]._element.rPr.find(qn("w:rFonts"))
        assert fonts.get(qn("w:eastAsia")) == font
    assert heading1.runs[0].font.size == Pt(16)


def test_page_numbers_in_odd_and_even_footers(plan, reported):
    doc = _doc(plan, reported)
    section = doc.sections[0]
    assert doc.settings.odd_and_even_pages_header_footer is True
    for footer in (section.footer, section.even_page_footer):
        xml = footer.paragraphs[0]._element.xml
        assert "PAGE" in xml
        assert footer.paragraphs[0].text == "—  —"  # the number itself is a field Word fills in


def test_bulletin_is_generated_in_the_background_and_stored(api, plan, reported, users):
    response = api.as_(users.supervisor).post(
        "/api/bulletins/", {"plan": plan.pk, "period": reported.pk, "number": 3}, format="json"
    )
    assert response.status_code == 202, response.content
    bulletin = Bulletin.objects.get()
    # The immediate task backend of the tests ran it already.
    assert bulletin.status == "done"
    assert bulletin.message == "未安装LibreOffice，未生成PDF。" or bulletin.pdf
    download = api.as_(users.leader).get(f"/api/bulletins/{bulletin.pk}/docx/")
    assert download.status_code == 200
    doc = Document(io.BytesIO(b"".join(download.streaming_content)))
    assert doc.paragraphs[1].text.endswith("第3期）")
    assert api.as_(users.reporter).get(f"/api/bulletins/{bulletin.pk}/docx/").status_code == 403
    assert (
        api.as_(users.reporter)
        .post("/api/bulletins/", {"plan": plan.pk, "period": reported.pk}, format="json")
        .status_code
        == 403
    )


def test_chinese_numbers():
    assert [chinese_number(n) for n in (1, 9, 10, 11, 20, 23)] == ["一", "九", "十", "十一", "二十", "二十三"]


def test_pdf_is_skipped_with_a_message_without_libreoffice(monkeypatch):
    from workplan.supervision import bulletins

    monkeypatch.setattr(bulletins.shutil, "which", lambda name: None)
    with translation.override("zh-hans"):
        assert bulletins.docx_to_pdf(b"PK") == (None, "未安装LibreOffice，未生成PDF。")
