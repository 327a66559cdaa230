"""Work-plan document → structured plan (meta, outline, targets, responsibilities) with source offsets.

Pure Python, no Django. ``parse_text`` runs the stages below in order; each stage is a function of the
normalised text and the part it works on.
"""

from __future__ import annotations

from pathlib import Path

from .errors import ParseError
from .lint import lint_part
from .loaders import load_bytes, load_path
from .meta import extract_meta
from .model import Heading, Meta, ParsedDocument, Part, Responsibility, Target
from .outline import build_outline
from .parts import split_parts
from .residue import mark_residue
from .responsibilities import extract_responsibilities
from .targets import extract_targets
from .text import Text

__all__ = [
    "Heading",
    "Meta",
    "ParseError",
    "ParsedDocument",
    "Part",
    "Responsibility",
    "Target",
    "parse_bytes",
    "parse_file",
    "parse_text",
]


def parse_text(
    source: str, *, doc: str = "stdin", format: str = "txt", aliases: dict[str, str] | None = None
) -> ParsedDocument:
    """Parse the text of a work plan. Never raises on any text; an empty text gives one empty part."""
    text = Text.from_source(source)
    mark_residue(text)
    parts = split_parts(text)
    for part in parts:
        part.meta = extract_meta(text, part)
        part.outline = build_outline(text, part)
        part.targets = extract_targets(text, part)
        part.responsibilities = extract_responsibilities(text, part, aliases)
        part.lint = lint_part(part)
    return ParsedDocument(doc=doc, source=source, parts=parts, format=format)


def parse_bytes(data: bytes, name: str, *, aliases: dict[str, str] | None = None) -> ParsedDocument:
    """Load and parse a file's bytes; raises a ``ParseError`` subclass on input that is not a plan."""
    source, fmt = load_bytes(data, name)
    return parse_text(source, doc=Path(name).stem, format=fmt, aliases=aliases)


def parse_file(path: str | Path, *, aliases: dict[str, str] | None = None) -> ParsedDocument:
    path = Path(path)
    source, fmt = load_path(path)
    return parse_text(source, doc=path.stem, format=fmt, aliases=aliases)
