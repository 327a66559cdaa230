"""Lead and supporting units: (X牵头,Y、Z等按职责分工负责) and similar forms.

Only explicit assignments count: a parenthesis or a whole sentence that consists of unit names and role
words and nothing else (市科技局牵头; 牵头单位:……;责任单位:……), or a sentence that opens with
``X会同Y`` and a verb. A sentence that merely mentions 牵头作用 never parses, because every piece of an
assignment has to be a unit name. Names come from the normalised text (simplified script), split on
、 , ; 和 及, with 等 dropped and a shared suffix expanded. ``lead``/``support`` keep the names as written (the
gold annotations do); ``lead_units``/``support_units`` carry them through the alias table. One record per task: the
innermost heading around the assignment.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import cache

from .model import Heading, Part, Responsibility
from .rules import load_table
from .text import Line, Text

_SENTENCE_END = re.compile(r"[。;!?]")
_LIST_SEP = re.compile(r"[、,;/\s]+")
_CONJUNCTION = re.compile(r"以及|会同|联合|和|及|与")
_CLAUSE_SEP = re.compile(r",")
_BRACKET = re.compile(r"[()]")
_MAX_LEAD_CLAUSES = 4  # 市科技局牵头,市财政局配合,建立…: the assignment is a few clauses at most
_NOTE = re.compile(r"(?:〈[^〈〉]*〉|\([^()]*\)|<[^<>]*>)$")  # 市住建局〈市人防办〉: a note after the name
_NOT_IN_NAME = re.compile(r"[,;:。!?“”\"《》%\d]")
_REGION_PREFIX = re.compile(r"(自治州|省|市|区|县|州|旗|镇)(.+)")
_MAX_NAME = 30
_MAX_CONTENT = 300


@dataclass(frozen=True)
class _Vocab:
    suffixes: tuple[str, ...]  # every organ ending, shared ones included, longest first
    shared: tuple[str, ...]
    places: tuple[str, ...]
    drops: tuple[str, ...]
    role_of: dict[str, str]  # role word → lead | support | duty
    label_of: dict[str, str]  # label → lead_label | support_label | label
    role_rx: re.Pattern[str]
    label_rx: re.Pattern[str]
    trigger_rx: re.Pattern[str]  # any word an assignment needs: a text without one is skipped at once
    aliases: dict[str, str]


def _alternation(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@cache
def _vocab() -> _Vocab:
    by_role: dict[str, list[str]] = {}
    for item in load_table("unit_words"):
        by_role.setdefault(item["role"], []).append(item["text"])

    def longest_first(*roles: str) -> tuple[str, ...]:
        return tuple(sorted((w for r in roles for w in by_role.get(r, [])), key=len, reverse=True))

    role_of = {w: r for r in ("lead", "support", "duty") for w in by_role.get(r, [])}
    label_of = {w: r for r in ("lead_label", "support_label", "label") for w in by_role.get(r, [])}
    return _Vocab(
        suffixes=longest_first("suffix", "shared"),
        shared=longest_first("shared"),
        places=longest_first("place"),
        drops=longest_first("drop"),
        role_of=role_of,
        label_of=label_of,
        # a role word ends its clause: 协同创新中心 is a name, 协同 before , or the end is a role
        role_rx=re.compile(rf"(?:{_alternation(list(role_of))})(?=$|[,;。、\s])"),
        label_rx=re.compile(rf"(?:{_alternation(list(label_of))})\s*:\s*"),
        trigger_rx=re.compile(_alternation([*role_of, *label_of, "会同"])),
        aliases={i["text"]: i["name"] for i in load_table("unit_aliases")},
    )


def _bare(name: str) -> str:
    """The name without a trailing note: 市住建局〈市人防办〉 → 市住建局."""
    return _NOTE.sub("", name) if name[-1:] in "〉)>" else name


def _is_organ(name: str, v: _Vocab) -> bool:
    return _bare(name).endswith(v.suffixes)


def _is_place(name: str, v: _Vocab) -> bool:
    return not _is_organ(name, v) and _bare(name).endswith(v.places)


def _is_unit(name: str, v: _Vocab) -> bool:
    if not 2 <= len(name) <= _MAX_NAME or _NOT_IN_NAME.search(_bare(name)):
        return False
    return _is_organ(name, v) or _is_place(name, v)


def _strip_drops(name: str, v: _Vocab) -> str:
    name = name.strip().removeprefix("由")
    for word in v.drops:
        if name.endswith(word) and len(name) > len(word):
            return name[: -len(word)].strip()
    return name


def _split_conjunctions(token: str, v: _Vocab) -> list[str]:
    """市科技局和相关区县人民政府 → two units; 市住房和城乡建设局 stays one (市住房 is no unit)."""
    for m in _CONJUNCTION.finditer(token):
        left, right = token[: m.start()], token[m.end() :]
        if _is_organ(left, v) and _is_unit(_strip_drops(right, v), v):
            return [left, *_split_conjunctions(right, v)]
    return [token]


def _expand_shared(names: list[str], v: _Vocab) -> list[str]:
    """常德经开区、常德高新区管委会 → 常德经开区管委会, 常德高新区管委会."""
    out = list(names)
    for i in range(len(out) - 1, 0, -1):
        suffix = next((s for s in v.shared if _bare(out[i]).endswith(s) and len(out[i]) > len(s)), None)
        if suffix is None:
            continue
        j = i - 1
        while j >= 0 and _is_place(out[j], v) and not names[j].endswith(suffix):
            out[j] = out[j] + suffix
            j -= 1
    return out


def _alias(name: str, aliases: dict[str, str]) -> str:
    """The table's name for ``name``: exact first, then after a region prefix (市发改委 → 市 + 发展改革委)."""
    if name in aliases:
        return aliases[name]
    m = _REGION_PREFIX.match(name)
    if m and m.group(2) in aliases:
        return m.group(1) + aliases[m.group(2)]
    return name


def _units(segment: str, v: _Vocab, aliases: dict[str, str]) -> list[str] | None:
    """The unit names of a list (市科技局、市财政局等), or None when any piece is not a unit."""
    names: list[str] = []
    for token in _LIST_SEP.split(segment):
        token = _strip_drops(token, v)
        if not token:
            continue
        for name in _split_conjunctions(token, v):
            name = _strip_drops(name, v)
            if not _is_unit(name, v):
                return None
            names.append(name)
    if not names:
        return None
    out: list[str] = []
    for name in _expand_shared(names, v):
        name = _alias(name, aliases)
        if name not in out:
            out.append(name)
    return out


def _parse_roles(content: str, v: _Vocab, aliases: dict[str, str]) -> tuple[list[str], list[str]] | None:
    """X、Y牵头,Z等按职责分工负责 → ([X, Y], [Z]); None unless the content is units and role words only."""
    segments: list[tuple[list[str], str]] = []
    pos = 0
    for m in v.role_rx.finditer(content):
        units = _units(content[pos : m.start()].strip(" ,;、"), v, aliases)
        if units is None:
            return None
        segments.append((units, v.role_of[m.group()]))
        pos = m.end()
    if not segments or content[pos:].strip(" ,;、。"):
        return None
    has_lead = any(role == "lead" for _, role in segments)
    lead: list[str] = []
    support: list[str] = []
    for units, role in segments:
        target = lead if role == "lead" or (role == "duty" and not has_lead) else support
        target.extend(u for u in units if u not in target)
    return lead, support


def _parse_labels(content: str, v: _Vocab, aliases: dict[str, str]) -> tuple[list[str], list[str]] | None:
    """牵头单位:X;责任单位:Y、Z → ([X], [Y, Z]); None unless the content opens with such a label."""
    marks = list(v.label_rx.finditer(content))
    if not marks or content[: marks[0].start()].strip():
        return None
    kinds = [v.label_of[m.group().rstrip(": ")] for m in marks]
    has_lead_label = "lead_label" in kinds
    lead: list[str] = []
    support: list[str] = []
    for k, (m, kind) in enumerate(zip(marks, kinds, strict=True)):
        end = marks[k + 1].start() if k + 1 < len(marks) else len(content)
        segment = content[m.end() : end].strip(" ,;、。")
        parsed = _parse_roles(segment, v, aliases)
        if parsed is None:
            units = _units(segment, v, aliases)
            if units is None:
                return None
            to_lead = kind == "lead_label" or (kind == "label" and not has_lead_label)
            parsed = (units, []) if to_lead else ([], units)
        lead.extend(u for u in parsed[0] if u not in lead)
        support.extend(u for u in parsed[1] if u not in support)
    return lead, support


def _parse_together(sentence: str, v: _Vocab, aliases: dict[str, str]) -> tuple[list[str], int] | None:
    """X会同Y、Z<verb> … → ([X, Y, Z], end of the last name); X opens the sentence."""
    at = sentence.find("会同")
    if at <= 0:
        return None
    first = sentence[:at]
    if not _is_organ(first, v) or not _is_unit(first, v):
        return None
    names = [first]
    pos = at + 2
    while True:
        name_end = _longest_organ(sentence, pos, v)
        if name_end is None:
            return None
        names.append(sentence[pos:name_end])
        if name_end < len(sentence) and sentence[name_end] == "、":
            pos = name_end + 1
            continue
        units = _units("、".join(names), v, aliases)
        return (units, name_end) if units else None


def _longest_organ(s: str, pos: int, v: _Vocab) -> int | None:
    """End of the longest organ name starting at ``pos`` (市政府督查室定期… → after 室)."""
    best = None
    for end in range(pos + 2, min(len(s), pos + _MAX_NAME) + 1):
        if s[end - 1] in "、,;。":
            break
        if s[pos:end].endswith(v.suffixes):
            best = end
    return best


def _balanced(line: str) -> list[tuple[int, int]]:
    """(start, end) of the contents of outermost bracket pairs in ``line``."""
    spans, depth, start = [], 0, 0
    for m in _BRACKET.finditer(line):
        i, ch = m.start(), m.group()
        if ch == "(":
            if depth == 0:
                start = i + 1
            depth += 1
        elif ch == ")" and depth:
            depth -= 1
            if depth == 0:
                spans.append((start, i))
    return spans


def _sentences(line: str) -> list[tuple[int, int]]:
    spans, pos = [], 0
    for m in _SENTENCE_END.finditer(line):
        spans.append((pos, m.start()))
        pos = m.end()
    spans.append((pos, len(line)))
    return spans


@dataclass
class _Found:
    start: int
    end: int
    lead: list[str]
    support: list[str]


def _find_in_line(line: Line, v: _Vocab, aliases: dict[str, str]) -> list[_Found]:
    found: list[_Found] = []
    s = line.text
    for a, b in _balanced(s):
        content = s[a:b].strip()
        if not content or len(content) > _MAX_CONTENT:
            continue
        triggered = v.trigger_rx.search(content) is not None
        parsed = triggered and (_parse_labels(content, v, aliases) or _parse_roles(content, v, aliases))
        if not parsed and _closes_sentence(s, a - 1, b + 1):
            units = _units(content, v, aliases)
            parsed = (units, []) if units else None
        if parsed and (parsed[0] or parsed[1]):
            found.append(_Found(line.start + a, line.start + b, *parsed))
    for a, b in _sentences(s):
        while a < b and s[a].isspace():
            a += 1
        sentence = s[a:b].rstrip()
        if not sentence or sentence.startswith("(") or not v.trigger_rx.search(sentence):
            continue
        parsed = len(sentence) <= _MAX_CONTENT and (
            _parse_labels(sentence, v, aliases) or _parse_roles(sentence, v, aliases)
        )
        if parsed and (parsed[0] or parsed[1]):
            found.append(_Found(line.start + a, line.start + a + len(sentence), *parsed))
            continue
        opening = _opening_clauses(sentence, v, aliases)
        if opening:
            found.append(_Found(line.start + a, line.start + a + opening[0], *opening[1]))
            continue
        together = _parse_together(sentence, v, aliases)
        if together:
            found.append(_Found(line.start + a, line.start + a + len(sentence), together[0], []))
    return found


def _closes_sentence(line: str, before: int, after: int) -> bool:
    """A bracket right after a full stop that ends its line or sentence: ……。(市科技局、市财政局)"""
    return before > 0 and line[before - 1] in "。;" and (after >= len(line) or line[after:].strip()[:1] in ("", "。"))


def _opening_clauses(
    sentence: str, v: _Vocab, aliases: dict[str, str]
) -> tuple[int, tuple[list[str], list[str]]] | None:
    """由市科技局牵头,市财政局配合,建立联席会议制度 → end of the assignment and its units."""
    ends = [m.start() for m in _CLAUSE_SEP.finditer(sentence)][:_MAX_LEAD_CLAUSES]
    for end in reversed(ends):
        parsed = _parse_roles(sentence[:end], v, aliases)
        if parsed and (parsed[0] or parsed[1]):
            return end, parsed
    return None


def _innermost(outline: list[Heading], starts: list[int], pos: int) -> int | None:
    """Index of the last heading that starts before ``pos``: bodies end at the next heading of any level."""
    i = bisect.bisect_right(starts, pos) - 1
    return i if i >= 0 else None


def extract_responsibilities(text: Text, part: Part, aliases: dict[str, str] | None = None) -> list[Responsibility]:
    """Explicit unit assignments of ``part``, one record per task; ``aliases`` extends the alias table."""
    v = _vocab()
    extra = {**v.aliases, **aliases} if aliases else v.aliases
    starts = [h.start for h in part.outline]
    by_task: dict[int | None, Responsibility] = {}
    for line in text.lines_between(part.start, part.end):
        if line.residue or not line.text.strip():
            continue
        for f in sorted(_find_in_line(line, v, _AS_WRITTEN), key=lambda f: f.start):
            task = _innermost(part.outline, starts, f.start)
            rec = by_task.get(task)
            if rec is None:
                heading = part.outline[task] if task is not None else None
                by_task[task] = Responsibility(
                    task_label=heading.label if heading else None,
                    task_title=heading.title if heading else None,
                    lead=list(f.lead),
                    support=list(f.support),
                    text=text.source[f.start : f.end],
                    start=f.start,
                    end=f.end,
                    heading=task,
                )
                continue
            rec.lead.extend(u for u in f.lead if u not in rec.lead)
            rec.support.extend(u for u in f.support if u not in rec.support and u not in rec.lead)
            rec.text = f"{rec.text}；{text.source[f.start : f.end]}"
            rec.end = max(rec.end, f.end)  # a finding nested in an earlier one must not shrink the span
    for rec in by_task.values():
        rec.lead_units = _aliased(rec.lead, extra)
        rec.support_units = [u for u in _aliased(rec.support, extra) if u not in rec.lead_units]
    return list(by_task.values())


_AS_WRITTEN: dict[str, str] = {}


def _aliased(names: list[str], aliases: dict[str, str]) -> list[str]:
    out: list[str] = []
    for name in names:
        name = _alias(name, aliases)
        if name not in out:
            out.append(name)
    return out
