"""Recognise the title line of a plan (``2021年全市科技工作要点``, ``XX市…行动方案(2022—2025年)``).

Shared by ``parts`` (a second title after a plan body starts a new part) and ``meta`` (the title field).
Works on normalised text (full-width brackets and colons already folded to ASCII).
"""

from __future__ import annotations

import re
from functools import cache

from .rules import load_table

# A numbered heading is never a title: 一、 (一) 1. 1、 (1) ①
NUMBERED = re.compile(
    r"\s*(?:[一二三四五六七八九十百]+\s*[、.]|\(\s*[一二三四五六七八九十百\d]+\s*\)|\d+\s*[、.](?!\d)|[①-⑳])"
)
# Trailing notes a title may carry: (2022—2025年), (征求意见稿), (试行)
_TRAILING_NOTE = re.compile(r"\s*\([^()]{1,20}\)\s*$")
YEAR = re.compile(r"(?<!\d)(19[5-9]\d|20\d\d)(?!\d)")
_NOT_IN_TITLE = re.compile(r"[,。;:!?，；：]|\.\s|https?|www")


@cache
def _words() -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    items = load_table("titles")
    by_role: dict[str, list[str]] = {"ending": [], "decoration": [], "not_title": []}
    for item in items:
        by_role.setdefault(item["role"], []).append(item["text"])
    # longest first, so (参考) is cut before 参考
    return tuple(tuple(sorted(by_role[r], key=len, reverse=True)) for r in ("ending", "decoration", "not_title"))


def strip_decoration(title: str) -> str:
    """Cut web-site additions (范文, (参考) …) from the end of a title, repeatedly."""
    _, decorations, _ = _words()
    changed = True
    while changed:
        changed = False
        title = title.rstrip()
        for word in decorations:
            if title.endswith(word) and len(title) > len(word):
                title = title[: -len(word)]
                changed = True
    return title.strip()


def title_core(title: str) -> str:
    """The title without decorations and trailing parenthesised notes: what its ending word is tested on."""
    core = strip_decoration(title)
    while True:
        shorter = _TRAILING_NOTE.sub("", core)
        shorter = strip_decoration(shorter)
        if shorter == core:
            return core
        core = shorter


def is_plan_title(line: str, *, need_year: bool = False) -> bool:
    """True for a line that reads as the title of a plan (stripped, normalised text)."""
    s = line.strip()
    if not 4 <= len(s) <= 80 or _NOT_IN_TITLE.search(s) or s.startswith("《"):
        return False
    endings, _, not_title = _words()
    if NUMBERED.match(s) or any(s.startswith(w) for w in not_title):
        return False
    if need_year and not YEAR.search(s):
        return False
    core = title_core(s)
    return len(core) >= 4 and any(core.endswith(w) for w in endings)


def title_key(line: str) -> str:
    """What two title lines are compared on (a page repeats its title; spacing and decorations vary)."""
    return re.sub(r"\s+", "", strip_decoration(line.strip()))
