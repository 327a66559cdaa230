"""Small valid and invalid files made in memory for upload tests."""

from __future__ import annotations

import struct
import zipfile
import zlib
from io import BytesIO


def make_pdf() -> bytes:
    return b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def make_png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    ihdr = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", ihdr)
        + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00"))
        + chunk(b"IEND", b"")
    )


def make_jpg() -> bytes:
    return b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9"


def make_docx(text: str = "江川市科技工作要点") -> bytes:
    from docx import Document

    doc = Document()
    doc.add_paragraph(text)
    out = BytesIO()
    doc.save(out)
    return out.getvalue()


def make_xlsx() -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    wb.active["A1"] = "江川"
    out = BytesIO()
    wb.save(out)
    return out.getvalue()


def make_zip_bomb(kind: str = "docx", inflated_mb: int = 300) -> bytes:
    """A valid-looking Office zip whose one member inflates to ``inflated_mb`` MB of zeros."""
    main = "word/document.xml" if kind == "docx" else "xl/workbook.xml"
    out = BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr(main, "<x/>")
        chunk = b"\x00" * (1024 * 1024)
        with zf.open("word/media/zeros.bin", "w", force_zip64=True) as fh:
            for _ in range(inflated_mb):
                fh.write(chunk)
    return out.getvalue()
