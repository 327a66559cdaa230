"""Split a compilation (第一篇…第五篇, or plans pasted one after another) into parts.

A forwarding notice (关于印发《…》的通知) followed by the plan it forwards is one part: a new part starts
only at a 第N篇 marker that introduces a plan title, or at a second, different plan title that follows a
plan body (numbered headings and text) of the current part.
"""

from __future__ import annotations

import itertools
import re

from .model import Part
from .residue import residue_kind
from .text import Line, Text
from .titles import NUMBERED, is_plan_title, title_core, title_key

# 第三篇:2010年科技工作要点 ; not 第一篇章, and not a 规划's own 第一篇 总体要求 (no plan title follows)
_MARKER = re.compile(r"\s*第([一二三四五六七八九十百零〇两\d]{1,4})篇(?![章目])\s*[:.、]?\s*(.*)$")
# How much plan body must separate two titles before the second one starts a new part
MIN_BODY_HEADINGS = 2
MIN_BODY_CHARS = 200
# Page furniture that heads a pasted page (its footer belongs to the page before)
_HEAD_RESIDUE = frozenset({"nav", "meta"})


def split_parts(text: Text) -> list[Part]:
    """Parts in order of appearance; they cover the whole text (text before the first marker joins part 1)."""
    starts = _marker_starts(text.lines)
    if len(starts) < 2:
        starts = _pasted_title_starts(text.lines)
    bounds = [0, *starts[1:], len(text.source)] if starts else [0, len(text.source)]
    return [Part(part=i + 1, start=a, end=b) for i, (a, b) in enumerate(itertools.pairwise(bounds))]


def _next_text_line(lines: list[Line], i: int) -> str:
    for line in lines[i + 1 : i + 4]:
        if line.stripped and not line.residue:
            return line.stripped
    return ""


def _marker_starts(lines: list[Line]) -> list[int]:
    starts = []
    for i, line in enumerate(lines):
        if line.residue:
            continue
        m = _MARKER.match(line.text)
        if m and (is_plan_title(m.group(2)) or (not m.group(2).strip() and is_plan_title(_next_text_line(lines, i)))):
            starts.append(line.start)
    return starts


def _pasted_title_starts(lines: list[Line]) -> list[int]:
    """Starts of plans pasted one after another: a new, different title after a plan body."""
    starts: list[int] = []
    current: str | None = None
    headings = chars = 0
    last_heading = -1
    for i, line in enumerate(lines):
        s = line.stripped
        if line.residue or not s:
            continue
        if is_plan_title(s, need_year=True):
            key = title_key(s)
            if current is None:
                current = key
                starts.append(line.start)
                continue
            if key != current and headings >= MIN_BODY_HEADINGS and chars >= MIN_BODY_CHARS:
                current = key
                starts.append(lines[_page_head(lines, last_heading, i)].start)
                headings = chars = 0
                continue
        if current is not None:
            chars += len(s)
            if NUMBERED.match(s):
                headings += 1
                last_heading = i
    return starts


def _page_head(lines: list[Line], after: int, title: int) -> int:
    """Index of the first line of a pasted plan's page: its forwarding notice and page header, if any.

    The notice names the plan (关于印发《2021年…要点》的通知); the page header is the run of navigation
    and metadata lines just before it. Searched only after the previous plan's last heading.
    """
    core = title_core(lines[title].stripped)[:12]
    head = title
    for k in range(after + 1, title):
        s = lines[k].stripped
        if core and "《" in s and core in s.replace(" ", ""):
            head = k
            break
    while head - 1 > after and (not lines[head - 1].stripped or residue_kind(lines[head - 1].text) in _HEAD_RESIDUE):
        head -= 1
    while head < title and not lines[head].stripped:
        head += 1
    return head
