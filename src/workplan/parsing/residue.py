"""Web-page residue: navigation, view counters, font-size switches, footers and contact lines.

Residue lines are flagged, never removed, so offsets into the source stay valid. The patterns live in
``rules/residue.toml``; a line is residue when a pattern matches and the line is short enough (plan
paragraphs are long, page furniture is short), so a plan sentence that mentions 地址 or 电话 is kept.
"""

from __future__ import annotations

import re
from functools import cache

from .rules import load_table
from .text import Text

DEFAULT_MAX_LEN = 100


@cache
def _rules() -> tuple[tuple[re.Pattern[str], str, int], ...]:
    return tuple(
        (re.compile(item["pattern"], re.IGNORECASE), item["kind"], item.get("max_len", DEFAULT_MAX_LEN))
        for item in load_table("residue")
    )


def residue_kind(line: str) -> str | None:
    """The kind of page furniture a (normalised) line is — nav, meta, tool, link, footer, contact — or None."""
    s = line.strip()
    if not s:
        return None
    for pattern, kind, max_len in _rules():
        if len(s) <= max_len and pattern.search(s):
            return kind
    return None


def mark_residue(text: Text) -> None:
    """Flag the lines of ``text`` that are page furniture rather than plan text."""
    for line in text.lines:
        line.residue = residue_kind(line.text) is not None
