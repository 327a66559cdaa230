"""Numbered headings (一、 (一) 1. 1、 (1) ① …), levels inferred per part, run-in titles split from bodies.

A heading is a line that starts with a label of one numbering scheme. Candidates are filtered so that
each scheme counts up (1, 2, 3 … or restarts at 1), lines before the plan's own title and lists before
its first top-level heading (a forwarding notice's 1. 电子邮箱 …) are dropped. The level of a scheme is
its rank among the schemes the part uses, in the customary order 第一章 → 一、 → (一) → 1. → (1) → ①,
so a part whose first numbered line is 1. still puts 1. below a (一) that comes later.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import cache

from .model import Heading, Part
from .rules import load_table
from .text import Line, Text
from .titles import is_plan_title

_CN_DIGITS = "一二三四五六七八九十百零〇两"
_CN = f"[{_CN_DIGITS}]+"

# (scheme key, regex); the list order is the customary nesting order, outermost first.
# Every regex runs on a normalised line: full-width brackets, dots and colons are already ASCII.
_SCHEMES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("part", re.compile(rf"(?P<label>第(?P<num>{_CN}|\d{{1,3}})(?:部分|编))(?P<punct>[\s:、.]*)")),
    ("chapter", re.compile(rf"(?P<label>第(?P<num>{_CN}|\d{{1,3}})章)(?P<punct>[\s:、.]*)")),
    ("section", re.compile(rf"(?P<label>第(?P<num>{_CN}|\d{{1,3}})节)(?P<punct>[\s:、.]*)")),
    # 第一条 only with a separator after it: 第一条规定 … is prose
    ("article", re.compile(rf"(?P<label>第(?P<num>{_CN}|\d{{1,3}})条)(?P<punct>[\s:、.]+)")),
    ("cn_dun", re.compile(rf"(?P<label>(?P<num>{_CN}))(?P<punct>\s*[、.]\s*)")),
    # (一)、 is a common double punctuation
    ("cn_paren", re.compile(rf"(?P<label>\(\s*(?P<num>{_CN})\s*\))(?P<punct>\s*[、.,:]?\s*)")),
    # 1.5亿元 and 1、2月 are numbers, not labels
    ("arabic_dot", re.compile(r"(?P<label>(?P<num>\d{1,3}))(?P<punct>\s*(?:、|\.(?!\d))\s*)(?![\d%])")),
    ("arabic_paren", re.compile(r"(?P<label>\(\s*(?P<num>\d{1,3})\s*\)|(?P<enc>[⑴-⒇]))(?P<punct>\s*[、.]?\s*)")),
    ("arabic_half", re.compile(r"(?P<label>(?P<num>\d{1,2})\))(?P<punct>\s*)")),
    ("circled", re.compile(r"(?P<label>(?P<enc>[①-⑳]))(?P<punct>\s*[、.]?\s*)")),
)
RANK = {key: i for i, (key, _) in enumerate(_SCHEMES)}
_LEAD = re.compile(r"\s*")
_SPACE = re.compile(r"\s+")
_PUNCT = re.compile(r"[,;:!?、，；：。()\[\]]")
_TRAIL = " \t,;:、，；：.。"
_MAX_NUMBER = 200
# A first sentence longer than this may hold the body too (1. 建设创新平台围绕我市……)
_RUN_ON = 24
_TITLE_MIN, _TITLE_MAX = 4, 20


@dataclass
class _Candidate:
    line: Line
    scheme: str
    number: int
    label: str
    start: int  # offset of the label
    text_start: int  # offset of the text after label and punctuation


def cn_to_int(s: str) -> int | None:
    """一 → 1, 十二 → 12, 二十 → 20, 一百零三 → 103; None for anything else."""
    digits = {c: i for i, c in enumerate("零一二三四五六七八九")}
    digits.update({"〇": 0, "两": 2})
    if s.isdigit():
        return int(s)
    total, current = 0, 0
    for ch in s:
        if ch in digits:
            current = digits[ch]
        elif ch == "十":
            total += (current or 1) * 10
            current = 0
        elif ch == "百":
            total += (current or 1) * 100
            current = 0
        else:
            return None
    return total + current


def _enclosed_number(ch: str) -> int:
    """⑴ → 1, ⑤ → 5."""
    return ord(ch) - (0x2474 if "⑴" <= ch <= "⒇" else 0x2460) + 1


@cache
def _words() -> tuple[tuple[str, ...], tuple[str, ...]]:
    items = load_table("headings")
    openers = tuple(sorted((i["text"] for i in items if i["role"] == "body_opener"), key=len, reverse=True))
    not_heading = tuple(i["text"] for i in items if i["role"] == "not_heading")
    return openers, not_heading


def _format_label(scheme: str, label: str, number: int) -> str:
    if scheme == "cn_dun":
        return label
    if scheme == "cn_paren":
        return f"({label.strip('() ')})"
    if scheme == "arabic_dot":
        return str(number)
    if scheme in ("arabic_paren", "arabic_half"):
        return f"({number})"
    return label


def _match_line(line: Line) -> _Candidate | None:
    text = line.text
    lead = _LEAD.match(text).end()
    for scheme, rx in _SCHEMES:
        m = rx.match(text, lead)
        if not m:
            continue
        enc = m.groupdict().get("enc")
        number = _enclosed_number(enc) if enc else cn_to_int(m["num"])
        if not number or number > _MAX_NUMBER:
            return None
        if scheme == "cn_dun" and len(m["num"]) > 3:
            return None
        rest = text[m.end() :]
        if not rest.strip():
            return None  # a bare label: a page number or a stray character
        return _Candidate(
            line,
            scheme,
            number,
            _format_label(scheme, m["label"], number),
            line.start + m.start(),
            line.start + m.end(),
        )
    return None


def _is_contact(c: _Candidate, text: Text) -> bool:
    _, not_heading = _words()
    rest = text.norm[c.text_start : c.line.end].strip()
    return rest.startswith(not_heading) or "@" in rest


def _keep_sequences(cands: list[_Candidate]) -> list[_Candidate]:
    """Keep candidates whose number continues their scheme (n = last + 1) or restarts it (n = 1).

    A list that skips one number (1. 2. 4.) is a typo and kept (lint reports it). A list that starts
    late (3. with no 1. or 2. before it) is kept only when the next label of the scheme continues from it:
    a lost first heading then does not drop the rest of the list.
    """
    nxt: list[int | None] = [None] * len(cands)
    seen: dict[str, int] = {}
    for i in range(len(cands) - 1, -1, -1):
        nxt[i] = seen.get(cands[i].scheme)
        seen[cands[i].scheme] = cands[i].number
    last: dict[str, int] = {}
    kept = []
    for c, n_next in zip(cands, nxt, strict=True):
        prev = last.get(c.scheme, 0)
        skipped_one = prev and c.number == prev + 2
        if c.number == 1 or c.number == prev + 1 or skipped_one or (n_next == c.number + 1 and c.number > prev):
            kept.append(c)
            last[c.scheme] = c.number
    return kept


def _after_title(cands: list[_Candidate], lines: list[Line]) -> list[_Candidate]:
    """Drop numbered lines before the plan's own title line (a forwarding notice's lists)."""
    title_at = next((ln.start for ln in lines if not ln.residue and is_plan_title(ln.text)), None)
    if title_at is None:
        return cands
    before = sum(1 for c in cands if c.start < title_at)
    return [c for c in cands if c.start > title_at] if 0 < before < len(cands) - before else cands


def _from_first_top(cands: list[_Candidate]) -> list[_Candidate]:
    """Drop numbered lines before the first heading of the outermost scheme: a list that precedes the plan."""
    if not cands:
        return cands
    top = min(RANK[c.scheme] for c in cands)
    first_top = next(i for i, c in enumerate(cands) if RANK[c.scheme] == top)
    return cands[first_top:]


def _has_punct(s: str) -> bool:
    return bool(_PUNCT.search(s))


def _title_span(norm: str, start: int, end: int) -> tuple[int, int]:
    """Offsets of the title in ``norm[start:end]`` (the text of a heading line after its label)."""
    rest = norm[start:end]
    stop = rest.find("。")
    sentence = rest[:stop] if stop >= 0 else rest
    cut = len(sentence)
    if len(sentence.strip()) > _RUN_ON:
        body_follows = stop < 0 or bool(rest[stop + 1 :].strip())
        cut = _run_on_cut(sentence, body_follows=body_follows) or cut
    title = sentence[:cut]
    stripped = title.rstrip(_TRAIL)
    lead = len(stripped) - len(stripped.lstrip(_TRAIL))
    return start + lead, start + len(stripped)


def _run_on_cut(sentence: str, *, body_follows: bool) -> int | None:
    """Where a run-in title with no full stop ends: at a space, a body-opening verb, or a colon.

    The colon only where a body follows the sentence: an item that is one sentence (1、重点领域:加工、
    养殖等。) is its own title.
    """
    m = _SPACE.search(sentence, _TITLE_MIN)
    if m and m.start() <= _TITLE_MAX and not _has_punct(sentence[: m.start()]):
        return m.start()
    openers, _ = _words()
    for i in range(_TITLE_MIN, min(len(sentence), _TITLE_MAX + 1)):
        if sentence.startswith(openers, i):
            if not _has_punct(sentence[:i]):
                return i
            break
    if body_follows:
        colon = sentence.find(":")
        if _TITLE_MIN <= colon <= _TITLE_MAX and not _has_punct(sentence[:colon]):
            return colon
    return None


def _lines_in(text: Text, part: Part) -> list[Line]:
    return text.lines_between(part.start, part.end)


def _content_end(text: Text, lines: list[Line], line_starts: list[int], limit: int) -> int:
    """End of the last non-residue, non-blank text before ``limit``."""
    i = bisect.bisect_left(line_starts, limit) - 1
    while i >= 0:
        ln = lines[i]
        if not ln.residue and ln.text.strip():
            end = min(ln.end, limit)
            while end > ln.start and text.norm[end - 1].isspace():
                end -= 1
            if end > ln.start:
                return end
        i -= 1
    return limit


def build_outline(text: Text, part: Part) -> list[Heading]:
    """Numbered headings of ``part`` in order, each with its title and body offsets."""
    lines = _lines_in(text, part)
    cands = [c for ln in lines if not ln.residue and (c := _match_line(ln)) is not None]
    cands = [c for c in cands if not _is_contact(c, text)]
    cands = _from_first_top(_keep_sequences(_after_title(cands, lines)))
    used = sorted({RANK[c.scheme] for c in cands})
    level = {rank: i + 1 for i, rank in enumerate(used)}
    starts = [c.start for c in cands]
    line_starts = [ln.start for ln in lines]
    outline = []
    for i, c in enumerate(cands):
        t_start, t_end = _title_span(text.norm, c.text_start, c.line.end)
        body_start = t_end + 1 if t_end < c.line.end and text.norm[t_end] == "。" else t_end
        limit = starts[i + 1] if i + 1 < len(cands) else part.end
        body_end = max(body_start, _content_end(text, lines, line_starts, limit))
        outline.append(
            Heading(
                level=level[RANK[c.scheme]],
                label=c.label,
                title=text.source[t_start:t_end],
                start=c.start,
                end=t_end,
                body_start=body_start,
                body_end=body_end,
                scheme=c.scheme,
            )
        )
    return outline


def label_number(heading: Heading) -> int | None:
    """The number a heading's label stands for: (三) → 3, ⑤ → 5, 第二章 → 2."""
    label = heading.label.strip("()")
    if label and ("①" <= label[0] <= "⑳" or "⑴" <= label[0] <= "⒇"):
        return _enclosed_number(label[0])
    if label.startswith("第"):
        label = label[1:-1] if not label.endswith("部分") else label[1:-2]
    return cn_to_int(label)
