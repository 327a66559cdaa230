"""Loaders: every format and encoding a plan arrives in, and a clear refusal for everything else."""

import io
import sys
import time
import zipfile
from pathlib import Path

import pytest

from workplan.parsing import loaders
from workplan.parsing.errors import BinaryInput, BrokenFile, EmptyInput, InputTooLarge, NoText, UnsupportedFileType
from workplan.parsing.loaders import load_bytes, load_path, load_stdin

PLAN = "2023年全市科技工作要点\n一、主要目标\n全年新增高新技术企业50家以上。\n"


def _docx(path: Path) -> Path:
    docx = pytest.importorskip("docx")
    document = docx.Document()
    document.add_paragraph("2023年云岭市科技工作要点")
    document.add_paragraph("一、主要目标")
    table = document.add_table(rows=2, cols=3)
    for i, cell in enumerate(table.rows[0].cells):
        cell.text = ["序号", "任务", "牵头单位"][i]
    for i, cell in enumerate(table.rows[1].cells):
        cell.text = ["1", "新增高新技术企业50家", "市科技局"][i]
    document.add_paragraph("二、保障措施")
    document.save(path)
    return path


def _pdf(path: Path, pages: int = 3) -> Path:
    pytest.importorskip("reportlab")
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    c = canvas.Canvas(str(path))
    for page in range(1, pages + 1):
        c.setFont("STSong-Light", 10)
        c.drawString(72, 800, "云岭市科学技术局文件")
        c.setFont("STSong-Light", 12)
        c.drawString(72, 760, f"{page}. 第{page}项任务。全年新增企业{page * 10}家。")
        c.drawString(280, 40, f"- {page} -")
        c.showPage()
    c.save()
    return path


def test_utf8_text_is_loaded_with_its_bom_removed(tmp_path):
    f = tmp_path / "plan.txt"
    f.write_bytes(b"\xef\xbb\xbf" + PLAN.encode("utf-8"))
    assert load_path(f) == (PLAN, "txt")


def test_gbk_text_is_detected():
    text, fmt = load_bytes((PLAN * 5).encode("gbk"), "plan.txt")
    assert fmt == "txt"
    assert text.startswith("2023年全市科技工作要点\n一、主要目标")


def test_short_gb18030_text_is_detected():
    assert load_bytes("科技工作要点".encode("gb18030"), "a.txt") == ("科技工作要点", "txt")


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_with_or_without_bom_is_detected(encoding):
    text, _ = load_bytes(PLAN.encode(encoding), "plan.txt")
    assert text == PLAN


def test_big5_traditional_text_is_detected():
    source = "常德市動力支撐能力提升行動方案\n一、總體目標\n到2025年，全社會研發經費投入強度達到2.7%。\n" * 3
    text, _ = load_bytes(source.encode("big5"), "plan.txt")
    assert text.startswith("常德市動力支撐能力提升行動方案")


def test_text_file_is_kept_as_it_is_on_disk():
    assert load_bytes(b"a\r\nb\rc\n\n", "x.txt")[0] == "a\r\nb\rc\n\n"


def test_html_keeps_main_content_and_page_metadata_but_drops_navigation():
    html = """<html><head><meta charset="gbk"><title>站点</title><script>var x = 1;</script></head><body>
    <div class="nav"><a>首页</a><a>政务公开</a><a>机构概况</a></div>
    <div class="position">您当前的位置：<a>首页</a> &gt;&gt; <a>政务公开</a></div>
    <h1>2023年全市科技工作要点</h1>
    <div class="info">发布日期：2023-03-01 浏览次数：12</div>
    <div id="zoom"><p>一、主要目标</p><p>全年新增高新技术企业<b>50</b>家以上，技术合同成交额达到20亿元。</p>
    <table><tr><td>序号</td><td>牵头单位</td></tr><tr><td>1</td><td>市科技局</td></tr></table>
    <p>二、重点任务<br>（一）强化企业主体。</p></div>
    <div class="footer">版权所有：云岭市科学技术局</div></body></html>"""
    text, fmt = load_bytes(html.encode("gbk"), "page.html")
    assert fmt == "html"
    assert text.split("\n") == [
        "2023年全市科技工作要点",
        "发布日期：2023-03-01 浏览次数：12",
        "一、主要目标",
        "全年新增高新技术企业50家以上，技术合同成交额达到20亿元。",
        "序号\t牵头单位",
        "1\t市科技局",
        "二、重点任务",
        "（一）强化企业主体。",
    ]


def test_html_saved_as_txt_is_read_as_html():
    text, fmt = load_bytes(b"<!DOCTYPE html><html><body><p>" + PLAN.encode() + b"</p></body></html>", "page.txt")
    assert fmt == "html"
    assert "全年新增高新技术企业50家以上" in text


def test_html_without_text_has_no_text():
    with pytest.raises(NoText) as exc:
        load_bytes(b"<html><body><script>var a = 1;</script></body></html>", "empty.html")
    assert exc.value.code == "no_text"


def test_deeply_nested_html_does_not_crash():
    html = "<div>" * 5000 + "一、主要目标" + "</div>" * 5000
    assert load_bytes(html.encode(), "deep.html")[0] == "一、主要目标"


def test_docx_gives_paragraphs_and_table_rows_in_document_order(tmp_path):
    text, fmt = load_path(_docx(tmp_path / "plan.docx"))
    assert fmt == "docx"
    assert text.split("\n") == [
        "2023年云岭市科技工作要点",
        "一、主要目标",
        "序号\t任务\t牵头单位",
        "1\t新增高新技术企业50家\t市科技局",
        "二、保障措施",
    ]


def test_docx_that_is_really_text_is_read_as_text():
    assert load_bytes(PLAN.encode(), "plan.docx") == (PLAN, "txt")


def test_truncated_docx_is_broken(tmp_path):
    data = _docx(tmp_path / "plan.docx").read_bytes()
    with pytest.raises(BrokenFile) as exc:
        load_bytes(data[: len(data) // 2], "plan.docx")
    assert exc.value.code == "broken_file"
    assert exc.value.message.startswith("文件已损坏或无法读取：plan.docx")


def test_zip_without_word_document_is_broken():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("hello.txt", "hi")
    with pytest.raises(BrokenFile, match=r"word/document\.xml"):
        load_bytes(buf.getvalue(), "plan.docx")


def test_zip_bomb_in_docx_is_refused_without_unpacking():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("word/document.xml", "<w:document/>")
    data = bytearray(buf.getvalue())
    central = data.index(b"PK\x01\x02")
    data[central + 24 : central + 28] = (0xFFFFFFF0).to_bytes(4, "little")  # claimed unpacked size: 4 GB
    with pytest.raises(BrokenFile, match="压缩炸弹"):
        load_bytes(bytes(data), "plan.docx")


def test_pdf_drops_repeated_headers_and_page_numbers(tmp_path):
    text, fmt = load_path(_pdf(tmp_path / "plan.pdf"))
    assert fmt == "pdf"
    assert text.split("\n") == [
        "1. 第1项任务。全年新增企业10家。",
        "2. 第2项任务。全年新增企业20家。",
        "3. 第3项任务。全年新增企业30家。",
    ]


def test_pdf_named_txt_is_read_as_pdf(tmp_path):
    data = _pdf(tmp_path / "plan.pdf", pages=1).read_bytes()
    assert load_bytes(data, "plan.txt")[1] == "pdf"


def test_broken_pdf_is_broken():
    with pytest.raises(BrokenFile) as exc:
        load_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog >> garbage", "plan.pdf")
    assert exc.value.code == "broken_file"


def test_pdf_page_number_lines():
    pages = [
        ["江川市科技局", "正文一", "第1页"],
        ["江川市科技局", "正文二", "- 2 -"],
        ["江川市科技局", "正文三", "3/3"],
    ]
    assert loaders._drop_page_furniture(pages) == ["正文一", "正文二", "正文三"]


def test_pdf_wrapped_lines_are_joined():
    lines = ["一、主要目标", "全年新增高新技术企业五十家以上，技术合同成交额", "达到二十亿元。", "二、重点任务"]
    assert loaders._join_wrapped(lines) == [
        "一、主要目标",
        "全年新增高新技术企业五十家以上，技术合同成交额达到二十亿元。",
        "二、重点任务",
    ]


def test_renamed_executable_is_binary(tmp_path):
    f = tmp_path / "plan.txt"
    f.write_bytes(b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" * 50)
    with pytest.raises(BinaryInput) as exc:
        load_path(f)
    assert exc.value.code == "binary_input"
    assert exc.value.message == "文件不是文本文档：plan.txt"


def test_random_bytes_are_binary():
    data = bytes(range(256)) * 40
    with pytest.raises(BinaryInput):
        load_bytes(data, "noise.txt")


def test_old_word_document_is_unsupported():
    with pytest.raises(UnsupportedFileType, match=r"\.doc"):
        load_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512, "plan.doc.txt")


def test_unknown_suffix_is_unsupported(tmp_path):
    f = tmp_path / "setup.exe"
    f.write_bytes(b"MZ")
    with pytest.raises(UnsupportedFileType) as exc:
        load_path(f)
    assert exc.value.code == "unsupported_file_type"
    assert exc.value.message == "不支持的文件类型：.exe"


def test_empty_file_is_refused(tmp_path):
    f = tmp_path / "plan.txt"
    f.write_bytes(b"")
    with pytest.raises(EmptyInput) as exc:
        load_path(f)
    assert exc.value.message == "文件为空：plan.txt"


def test_whitespace_only_file_has_no_text():
    with pytest.raises(NoText):
        load_bytes(b" \n\r\n\t ", "plan.txt")


def test_missing_file_is_a_parse_error(tmp_path):
    with pytest.raises(BrokenFile):
        load_path(tmp_path / "nowhere.txt")


def test_file_over_50_mb_is_refused_before_it_is_read(tmp_path, monkeypatch):
    f = tmp_path / "huge.txt"
    with f.open("wb") as fh:
        fh.truncate(50 * 1024 * 1024 + 1)  # sparse: no data written

    def no_reading(self):
        raise AssertionError("the file was read")

    monkeypatch.setattr(Path, "read_bytes", no_reading)
    started = time.perf_counter()
    with pytest.raises(InputTooLarge) as exc:
        load_path(f)
    assert time.perf_counter() - started < 1
    assert exc.value.code == "input_too_large"
    assert exc.value.message == "文件过大：huge.txt 为 50.0 MB，上限 50 MB"


def test_stdin_is_read(monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(PLAN.encode("gbk") * 3)))
    text, fmt = load_path("-")
    assert fmt == "txt"
    assert text.startswith("2023年全市科技工作要点")


def test_stdin_reads_at_most_one_byte_over_the_limit(monkeypatch):
    monkeypatch.setattr(loaders, "MAX_BYTES", 10)
    stream = io.BytesIO(b"x" * 1000)
    with pytest.raises(InputTooLarge):
        load_stdin(stream)
    assert stream.tell() == 11


def test_empty_stdin_is_refused():
    with pytest.raises(EmptyInput):
        load_stdin(io.BytesIO(b""))


def test_html_keeps_an_info_line_with_full_width_colons_outside_the_main_content():
    body = "".join(f"<p>（{i}）新增科技型企业{i}0家，推进创新平台建设，强化科技服务能力。</p>" for i in range(1, 8))
    page = (
        "<html><body><div class='nav'><a href='/'>首页</a> &gt; <a href='/x'>通知公告</a></div>"
        "<h1>2026年江川市科技工作要点</h1>"
        "<div class='info'>发布时间：2026-02-18　来源：江川市科学技术局　浏览次数：12</div>"
        f"<div class='content'>{body}</div></body></html>"
    )
    text, fmt = load_bytes(page.encode("utf-8"), "page.html")
    assert fmt == "html"
    assert "发布时间：2026-02-18" in text.splitlines()[1]
    assert "首页" not in text
