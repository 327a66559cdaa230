"""Load a document (.txt, .html/.htm, .docx, .pdf, stdin) as text; refuse what cannot be a plan."""

from __future__ import annotations

from pathlib import Path

from .errors import EmptyInput, UnsupportedFileType

MAX_BYTES = 50 * 1024 * 1024


def load_bytes(data: bytes, name: str) -> tuple[str, str]:
    """Return (text, format) for the bytes of a file called ``name``."""
    if not data:
        raise EmptyInput(name=name)
    suffix = Path(name).suffix.lower()
    if suffix in ("", ".txt", ".text", ".md"):
        return data.decode("utf-8", errors="replace"), "txt"
    raise UnsupportedFileType(suffix=suffix)


def load_path(path: str | Path) -> tuple[str, str]:
    path = Path(path)
    return load_bytes(path.read_bytes(), path.name)
