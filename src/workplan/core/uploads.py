"""Upload checks: by content (magic bytes, zip structure), size, and a safe stored name.

A file's name is never trusted: a renamed executable is refused because its bytes are not a PDF, an Office
file or an image. docx/xlsx are zip archives: the archive must open, pass its CRC test, list a
``[Content_Types].xml`` and the part that makes it a document or a workbook, and its members must not
inflate past a limit (zip bombs).
"""

from __future__ import annotations

import hashlib
import os
import re
import unicodedata
import zipfile
from dataclasses import dataclass
from io import BytesIO
from pathlib import PurePosixPath, PureWindowsPath

from django.conf import settings
from django.utils.translation import gettext as _

from .errors import DomainError

KINDS = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "png": "image/png",
    "jpg": "image/jpeg",
    "txt": "text/plain; charset=utf-8",
    "html": "text/html; charset=utf-8",
}
EVIDENCE_KINDS = ("pdf", "docx", "xlsx", "png", "jpg")
PLAN_KINDS = ("pdf", "docx", "txt", "html")
_TEXT_KINDS = ("txt", "html")
# Uncompressed total and ratio beyond which an Office file is taken for a zip bomb.
MAX_UNZIPPED_BYTES = 200 * 1024 * 1024
MAX_RATIO = 200
MAX_MEMBERS = 5000
_OFFICE_MAIN_PART = {"docx": "word/document.xml", "xlsx": "xl/workbook.xml"}


@dataclass(frozen=True)
class CheckedUpload:
    kind: str
    content_type: str
    name: str  # sanitised original name
    size: int
    sha256: str
    data: bytes


def _refuse(message: str, code: str, **extra) -> DomainError:
    return DomainError(message, code, extra)


def safe_filename(name: str, *, default: str = "file") -> str:
    """The last path component of ``name``, without control characters, separators or leading dots.

    ``../../etc/passwd`` → ``passwd``; ``C:\\x\\a.pdf`` → ``a.pdf``; ``.htaccess`` → ``htaccess``.
    """
    name = unicodedata.normalize("NFC", str(name or ""))
    name = PureWindowsPath(PurePosixPath(name.replace("\x00", "")).name).name
    name = "".join(c for c in name if unicodedata.category(c)[0] != "C")
    name = re.sub(r'[\\/:*?"<>|]+', "_", name).strip().lstrip(".").strip()
    if len(name) > 120:
        stem, dot, ext = name.rpartition(".")
        name = (stem[: 120 - len(ext) - 1] + "." + ext) if dot and len(ext) <= 8 else name[:120]
    return name or default


def sniff(data: bytes) -> str | None:
    """The kind of file the bytes are, from their first bytes; ``zip`` for any zip archive."""
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpg"
    if data.startswith(b"PK\x03\x04"):
        return "zip"
    return None


def _check_office(data: bytes, kind: str, name: str) -> None:
    try:
        with zipfile.ZipFile(BytesIO(data)) as zf:
            infos = zf.infolist()
            if len(infos) > MAX_MEMBERS:
                raise _refuse(_("The file %(name)s has too many parts.") % {"name": name}, "zip_bomb")
            total = sum(i.file_size for i in infos)
            packed = max(1, sum(i.compress_size for i in infos))
            if total > MAX_UNZIPPED_BYTES or total / packed > MAX_RATIO:
                raise _refuse(
                    _("The file %(name)s inflates to an implausible size and was refused.") % {"name": name},
                    "zip_bomb",
                    unzipped_bytes=total,
                )
            names = {i.filename for i in infos}
            if any(n.startswith("/") or ".." in PurePosixPath(n).parts for n in names):
                raise _refuse(_("The file %(name)s is not a valid document.") % {"name": name}, "broken_file")
            if "[Content_Types].xml" not in names or _OFFICE_MAIN_PART[kind] not in names:
                raise _refuse(_("The file %(name)s is not a valid document.") % {"name": name}, "broken_file")
            if zf.testzip() is not None:
                raise _refuse(_("The file %(name)s is damaged.") % {"name": name}, "broken_file")
    except (zipfile.BadZipFile, EOFError, ValueError, NotImplementedError, OSError) as exc:
        raise _refuse(_("The file %(name)s is damaged.") % {"name": name}, "broken_file") from exc


def _looks_like_text(data: bytes) -> bool:
    if b"\x00" in data[:8192]:
        return False
    try:
        data[:65536].decode("utf-8")
    except UnicodeDecodeError as exc:
        # A multi-byte character cut at the sample's end is fine.
        return exc.start >= len(data[:65536]) - 3
    return True


def check_upload(f, *, allowed: tuple[str, ...] = EVIDENCE_KINDS, max_mb: int | None = None) -> CheckedUpload:
    """Read an uploaded file (Django ``UploadedFile`` or any object with ``name`` and ``read``) and check it.

    Raises ``DomainError`` with code ``empty_file``, ``file_too_large``, ``unsupported_file_type``,
    ``broken_file`` or ``zip_bomb``. The kind comes from the content; the name's suffix must agree.
    """
    name = safe_filename(getattr(f, "name", "") or "")
    limit = (max_mb or settings.WORKPLAN_MAX_UPLOAD_MB) * 1024 * 1024
    size = getattr(f, "size", None)
    if size is not None and size > limit:
        raise _refuse(
            _("The file %(name)s is larger than %(limit)d MB.") % {"name": name, "limit": limit // (1024 * 1024)},
            "file_too_large",
            size=size,
        )
    if hasattr(f, "seek"):
        f.seek(0)
    data = f.read(limit + 1)
    if len(data) > limit:
        raise _refuse(
            _("The file %(name)s is larger than %(limit)d MB.") % {"name": name, "limit": limit // (1024 * 1024)},
            "file_too_large",
        )
    if not data:
        raise _refuse(_("The file %(name)s is empty.") % {"name": name}, "empty_file")
    suffix = os.path.splitext(name)[1].lower().lstrip(".")
    suffix = {"jpeg": "jpg", "text": "txt", "htm": "html", "md": "txt"}.get(suffix, suffix)
    kind = sniff(data)
    if kind == "zip" and suffix in ("docx", "xlsx"):
        kind = suffix
    if kind is None and suffix in _TEXT_KINDS and suffix in allowed and _looks_like_text(data):
        kind = suffix
    if kind not in allowed or kind != suffix:
        raise _refuse(
            _("Files of this type are not accepted: %(name)s. Accepted: %(kinds)s.")
            % {"name": name, "kinds": ", ".join(allowed)},
            "unsupported_file_type",
            allowed=list(allowed),
        )
    if kind in _OFFICE_MAIN_PART:
        _check_office(data, kind, name)
    return CheckedUpload(
        kind=kind,
        content_type=KINDS[kind],
        name=name,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        data=data,
    )
