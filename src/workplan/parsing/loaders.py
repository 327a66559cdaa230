"""Load a document (.txt, .html/.htm, .docx, .pdf, stdin) as text; refuse what cannot be a plan.

The content decides, not only the name: a ``.docx`` that is really plain text is read as text, a ``.txt``
that is a PDF as a PDF. Every refusal is a ``ParseError`` subclass with a Chinese message; no other
exception leaves this module.
"""

from __future__ import annotations

import codecs
import io
import re
import sys
import zipfile
from collections import Counter
from pathlib import Path
from typing import BinaryIO

from .errors import BinaryInput, BrokenFile, EmptyInput, InputTooLarge, NoText, ParseError, UnsupportedFileType

MAX_BYTES = 50 * 1024 * 1024
# A docx whose parts unpack to more than this is a zip bomb, not a plan
MAX_UNPACKED = 4 * MAX_BYTES
STDIN_NAME = "-"

_FORMATS = {
    "": "txt",
    ".txt": "txt",
    ".text": "txt",
    ".md": "txt",
    ".csv": "txt",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".shtml": "html",
    ".docx": "docx",
    ".pdf": "pdf",
}
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# Encodings a Chinese plan comes in; charset-normalizer chooses among them when UTF-8 fails
_CHINESE_ENCODINGS = ["utf_8", "gb18030", "big5", "utf_16_le", "utf_16_be"]
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f\ufffd]")
_HTML_START = re.compile(
    rb"^\s*(<!--.*?-->\s*)*<(!doctype\s+html|html|head|body|meta|div|p)\b", re.IGNORECASE | re.DOTALL
)
_HTML_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?\s*([A-Za-z0-9_\-]+)", re.IGNORECASE)


def load_bytes(data: bytes, name: str) -> tuple[str, str]:
    """Return (text, format) for the bytes of a file called ``name``; format is txt, html, docx or pdf."""
    suffix = Path(name).suffix.lower() if name != STDIN_NAME else ""
    if suffix not in _FORMATS:
        raise UnsupportedFileType(suffix=suffix)
    if not data:
        raise EmptyInput(name=name)
    if len(data) > MAX_BYTES:
        raise _too_large(name, len(data))
    fmt = _sniff(data, suffix, name)
    try:
        if fmt == "pdf":
            text = _pdf_text(data, name)
        elif fmt == "docx":
            text = _docx_text(data, name)
        elif fmt == "html":
            text = _html_text(data, name)
        else:
            text = decode_text(data, name)
    except BinaryInput as exc:
        if suffix in (".docx", ".pdf"):
            raise BrokenFile(name=name, reason=f"内容不是 {suffix[1:].upper()} 格式") from exc
        raise
    except ParseError:
        raise
    except RecursionError as exc:
        raise BrokenFile(name=name, reason="结构嵌套过深") from exc
    if fmt != "txt":
        text = _tidy(text)  # a text file stays as it is on disk, so offsets point into the file itself
    if not text.strip():
        raise NoText(name=name)
    return text, fmt


def load_path(path: str | Path) -> tuple[str, str]:
    """Load a file (``-`` is standard input); its size is checked before anything is read."""
    if str(path) == STDIN_NAME:
        return load_stdin()
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in _FORMATS:
        raise UnsupportedFileType(suffix=suffix)
    try:
        size = path.stat().st_size
        if not path.is_file():
            raise BrokenFile(name=path.name, reason="不是文件")
        if size == 0:
            raise EmptyInput(name=path.name)
        if size > MAX_BYTES:
            raise _too_large(path.name, size)
        data = path.read_bytes()
    except OSError as exc:
        raise BrokenFile(name=path.name, reason=exc.strerror or type(exc).__name__) from exc
    return load_bytes(data, path.name)


def load_stdin(stream: BinaryIO | None = None) -> tuple[str, str]:
    """Load standard input (or ``stream``), reading at most one byte more than the limit."""
    stream = stream if stream is not None else sys.stdin.buffer
    data = stream.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise _too_large(STDIN_NAME, len(data))
    return load_bytes(data, STDIN_NAME)


def _too_large(name: str, size: int) -> InputTooLarge:
    return InputTooLarge(name=name, size_mb=size / 2**20, limit_mb=MAX_BYTES // 2**20)


def _sniff(data: bytes, suffix: str, name: str) -> str:
    """The format the content has; the suffix only settles what the content leaves open."""
    head = data[:8]
    if data.lstrip()[:5] == b"%PDF-":
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        if suffix == ".docx" or _is_docx(data):
            return "docx"
        raise UnsupportedFileType(message=f"不支持的文件类型：{name} 是压缩包，不是 Word 文档")
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        raise UnsupportedFileType(message=f"不支持的文件类型：{name} 是旧版 Word (.doc) 文件，请另存为 .docx")
    if head.startswith((b"MZ", b"\x7fELF", b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"Rar!", b"\x1f\x8b", b"7z\xbc\xaf")):
        raise BinaryInput(name=name)
    if suffix in (".pdf", ".docx") and _looks_binary(data):
        raise BrokenFile(name=name, reason=f"内容不是 {suffix[1:].upper()} 格式")
    if suffix in (".html", ".htm", ".xhtml", ".shtml") or _HTML_START.match(data[:4096].lstrip(codecs.BOM_UTF8)):
        return "html"
    return "txt"


def _is_docx(data: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            return "word/document.xml" in zf.namelist()
    except (zipfile.BadZipFile, ValueError, OSError):
        return False


def _looks_binary(data: bytes) -> bool:
    sample = data[:4096]
    return b"\x00" in sample and not _utf16_guess(sample)


# ---------------------------------------------------------------- plain text


def _utf16_guess(sample: bytes) -> str | None:
    """UTF-16 without a BOM: ASCII characters (digits, newlines) leave NULs on one side of each pair."""
    even = sample[0::2].count(0)
    odd = sample[1::2].count(0)
    pairs = max(1, len(sample) // 2)
    if odd > 0.05 * pairs and odd > 3 * even:
        return "utf-16-le"
    if even > 0.05 * pairs and even > 3 * odd:
        return "utf-16-be"
    return None


def decode_text(data: bytes, name: str) -> str:
    """Decode a text file: a BOM if any, then UTF-8, then GB18030/Big5/UTF-16 as detected."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _checked(data[len(bom) :].decode(encoding, errors="replace"), name)
    if b"\x00" in data:
        encoding = _utf16_guess(data[:65536])
        if encoding is None:
            raise BinaryInput(name=name)
        return _checked(data.decode(encoding, errors="replace"), name)
    try:
        return _checked(data.decode("utf-8"), name)
    except UnicodeDecodeError:
        pass
    if len(data) < 256:
        # too short for detection statistics; GB18030 is by far the commonest legacy encoding
        try:
            return _checked(data.decode("gb18030"), name)
        except UnicodeDecodeError:
            pass
    from charset_normalizer import from_bytes

    best = from_bytes(data[:262144], cp_isolation=_CHINESE_ENCODINGS).best()
    if best is None:
        raise BinaryInput(name=name)
    return _checked(data.decode(best.encoding, errors="replace"), name)


def _checked(text: str, name: str) -> str:
    """Refuse decoded text that is mostly control characters or replacement marks (a binary file)."""
    sample = text[:65536]
    if sample and len(_CONTROL.findall(sample)) > 0.01 * len(sample) + 2:
        raise BinaryInput(name=name)
    return text.lstrip("\ufeff")


def _tidy(text: str) -> str:
    """Extracted text: one newline convention, no trailing spaces at line ends, no blank lines at the ends."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return re.sub(r"[ \t]+\n", "\n", text).strip("\n")


# ---------------------------------------------------------------- html


def _html_text(data: bytes, name: str) -> str:
    from .html import html_to_text

    return html_to_text(_decode_html(data, name))


def _decode_html(data: bytes, name: str) -> str:
    m = _HTML_CHARSET.search(data[:4096])
    if m and not data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding = m.group(1).decode("ascii", "replace").lower()
        if encoding in ("gb2312", "gbk"):
            encoding = "gb18030"  # a superset: pages labelled gb2312 use GBK characters
        try:
            return _checked(data.decode(encoding), name)
        except (LookupError, UnicodeDecodeError):
            pass
    return decode_text(data, name)


# ---------------------------------------------------------------- docx


def _docx_text(data: bytes, name: str) -> str:
    """Paragraphs and tables of the body in document order; a table row is one line, cells tab-separated."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = zf.infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise BrokenFile(name=name, reason="不是有效的 Word 文档") from exc
    if sum(i.file_size for i in infos) > MAX_UNPACKED:
        raise BrokenFile(name=name, reason="解压后体积异常，疑似压缩炸弹")
    if "word/document.xml" not in zf.namelist():
        raise BrokenFile(name=name, reason="缺少正文 word/document.xml")
    try:
        import docx

        document = docx.Document(io.BytesIO(data))
        return "\n".join(_docx_blocks(document.element.body))
    except Exception as exc:  # python-docx and lxml raise many types on a damaged file
        raise BrokenFile(name=name, reason=f"Word 文档无法读取（{type(exc).__name__}）") from exc


def _docx_blocks(body) -> list[str]:
    from docx.oxml.ns import qn

    p_tag, tbl_tag, sdt_tag = qn("w:p"), qn("w:tbl"), qn("w:sdt")
    lines: list[str] = []
    stack = list(reversed(list(body.iterchildren())))
    while stack:
        el = stack.pop()
        if el.tag == p_tag:
            lines.append(_docx_paragraph(el))
        elif el.tag == tbl_tag:
            lines.extend(_docx_table(el))
        elif el.tag == sdt_tag:
            content = el.find(qn("w:sdtContent"))
            if content is not None:
                stack.extend(reversed(list(content.iterchildren())))
    return lines


def _docx_paragraph(p) -> str:
    from docx.oxml.ns import qn

    t, tab, br, cr = qn("w:t"), qn("w:tab"), qn("w:br"), qn("w:cr")
    out = []
    for el in p.iter(t, tab, br, cr):
        if el.tag == t:
            out.append(el.text or "")
        elif el.tag == tab:
            out.append("\t")
        else:
            out.append("\n")
    return "".join(out)


def _docx_table(tbl) -> list[str]:
    from docx.oxml.ns import qn

    rows = []
    for tr in tbl.iterchildren(qn("w:tr")):
        cells = []
        for tc in tr.iterchildren(qn("w:tc")):
            parts = []
            for child in tc.iterchildren():
                if child.tag == qn("w:p"):
                    parts.append(_docx_paragraph(child).strip())
                elif child.tag == qn("w:tbl"):
                    parts.extend(_docx_table(child))
            cells.append(" ".join(p for p in parts if p).replace("\n", " "))
        # a vertically merged cell repeats nothing: python-docx would repeat it, the XML does not
        rows.append("\t".join(cells).rstrip("\t"))
    return rows


# ---------------------------------------------------------------- pdf

_PAGE_NUMBER = re.compile(
    r"^\s*(?:[-—–－]\s*\d{1,4}\s*[-—–－]|第\s*[\d一二三四五六七八九十百]+\s*页(?:\s*[,，/／]?\s*共\s*\d+\s*页)?"
    r"|\d{1,4}\s*/\s*\d{1,4}|(?:page\s*)?\d{1,4}(?:\s*of\s*\d{1,4})?|共\s*\d+\s*页\s*第\s*\d+\s*页)\s*$",
    re.IGNORECASE,
)
_SENTENCE_END = "。；;！!？?：:」”》)）"


def _pdf_text(data: bytes, name: str) -> str:
    try:
        import pdfplumber

        pages = []
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            for page in pdf.pages:
                pages.append((page.extract_text() or "").split("\n"))
                page.flush_cache()
    except Exception as exc:  # pdfminer raises many types on a damaged or encrypted file
        raise BrokenFile(name=name, reason=f"PDF 无法读取（{type(exc).__name__}）") from exc
    return "\n".join(_join_wrapped(_drop_page_furniture(pages)))


def _furniture_key(line: str) -> str:
    """Header/footer lines repeat exactly but for a page number at either end (江川市科技局 3)."""
    return re.sub(r"^\d+|\d+$", "#", re.sub(r"\s+", "", line))


def _drop_page_furniture(pages: list[list[str]]) -> list[str]:
    """Drop page numbers and the header/footer lines repeated at the top or bottom of most pages."""
    edge_counts: Counter[str] = Counter()
    for lines in pages:
        texts = [ln for ln in lines if ln.strip()]
        for ln in {*texts[:2], *texts[-2:]}:
            edge_counts[_furniture_key(ln)] += 1
    repeated = {k for k, n in edge_counts.items() if len(pages) >= 2 and n >= max(2, len(pages) // 2 + 1)}
    out = []
    for lines in pages:
        texts = [ln for ln in lines if ln.strip()]
        edges = {*texts[:2], *texts[-2:]}
        for ln in lines:
            if _PAGE_NUMBER.match(ln) or (ln in edges and _furniture_key(ln) in repeated):
                continue
            out.append(ln)
    return out


def _join_wrapped(lines: list[str]) -> list[str]:
    """Undo the PDF's line wrapping: a full-width line without a closing mark continues on the next line."""
    lengths = sorted(len(ln.strip()) for ln in lines if ln.strip())
    if not lengths:
        return lines
    full = lengths[int(len(lengths) * 0.9)] if len(lengths) >= 5 else lengths[-1]
    from .titles import NUMBERED

    out: list[str] = []
    joining = False
    for ln in lines:
        s = ln.strip()
        if joining and s and not NUMBERED.match(s):
            out[-1] += s
        else:
            out.append(ln)
        last = out[-1].strip()
        joining = bool(s) and len(s) >= full - 1 and full >= 15 and last[-1:] not in _SENTENCE_END
    return out
