"""Checks on a parsed part: tasks with no measurable target and no responsible unit, targets with no deadline.

Findings carry stable ids (like Django's system checks) and a Chinese message:

- W001 a task (a leaf heading outside 指导思想/主要目标/保障措施 … sections) with no target and no unit
- W002 a target with no deadline
- W003 a hedged target (力争 …) in a task with no responsible unit
- W004 numbering that skips a number (3. after 1.)
- W005 a target whose deadline lies outside the plan's years

W003 only fires in a part that assigns units somewhere: in a plan that names no unit at all every hedged
target would be flagged, which says nothing.

One pass over the outline and one over the targets; lookups by offset are binary searches.
"""

from __future__ import annotations

import bisect
from functools import cache

from .model import Finding, Heading, Part, Target
from .outline import label_number
from .rules import load_table
from .text import to_simplified

MESSAGES = {
    "W001": "任务“{task}”既没有可量化的目标，也没有明确的责任单位",
    "W002": "目标“{quote}”没有完成时限",
    "W003": "目标“{quote}”以“力争”等措辞表述，所在任务没有明确的责任单位",
    "W004": "编号不连续：“{previous}”之后是“{label}”",
    "W005": "目标“{quote}”的完成时限（{deadline}年）不在计划期（{first}—{last}年）内",
}


@cache
def _not_task_words() -> tuple[str, ...]:
    return tuple(i["text"] for i in load_table("lint") if i["role"] == "not_task_section")


def _finding(code: str, *, heading: int | None = None, target: int | None = None, **params: object) -> Finding:
    return Finding(code=code, message=MESSAGES[code].format(**params), heading=heading, target=target)


def _task_name(h: Heading) -> str:
    return f"{h.label} {h.title}".strip()


def _task_flags(outline: list[Heading]) -> list[bool]:
    """For each heading: is it a task, i.e. a leaf with no 指导思想/主要目标/保障措施 … heading above it."""
    words = _not_task_words()
    flags = []
    stack: list[tuple[int, bool]] = []  # (level, inside a non-task section)
    for i, h in enumerate(outline):
        while stack and stack[-1][0] >= h.level:
            stack.pop()
        title = to_simplified(h.title)  # a traditional-script title keeps its script
        excluded = (stack and stack[-1][1]) or any(w in title for w in words)
        stack.append((h.level, bool(excluded)))
        is_leaf = i + 1 == len(outline) or outline[i + 1].level <= h.level
        flags.append(is_leaf and not excluded)
    return flags


def _heading_of(starts: list[int], pos: int) -> int | None:
    i = bisect.bisect_right(starts, pos) - 1
    return i if i >= 0 else None


def _numbering_gaps(outline: list[Heading]) -> list[Finding]:
    out = []
    last: dict[str, tuple[int, str]] = {}
    for i, h in enumerate(outline):
        n = label_number(h)
        key = h.scheme or str(h.level)
        if n is None:
            continue
        prev = last.get(key)
        if prev and n not in (1, prev[0] + 1):
            out.append(_finding("W004", heading=i, previous=prev[1], label=h.label))
        last[key] = (n, h.label)
    return out


def _target_heading(t: Target, starts: list[int]) -> int | None:
    return t.heading if t.heading is not None else _heading_of(starts, t.start)


def lint_part(part: Part) -> list[Finding]:
    """Findings for ``part``, in the order W001/W003 by task, W002/W005 by target, W004 by heading."""
    outline = part.outline
    starts = [h.start for h in outline]
    targets_by_heading: dict[int | None, list[int]] = {}
    for k, t in enumerate(part.targets):
        targets_by_heading.setdefault(_target_heading(t, starts), []).append(k)
    with_unit = {
        r.heading if r.heading is not None else _heading_of(starts, r.start)
        for r in part.responsibilities
        if r.lead or r.support
    }
    findings: list[Finding] = []
    for i, is_task in enumerate(_task_flags(outline)):
        if is_task and i not in with_unit and not targets_by_heading.get(i):
            findings.append(_finding("W001", heading=i, task=_task_name(outline[i])))
    for k, t in enumerate(part.targets):
        h = _target_heading(t, starts)
        if t.deadline is None:
            findings.append(_finding("W002", heading=h, target=k, quote=t.quote))
        elif _outside_plan(t.deadline, part):
            first, last = part.meta.plan_year, part.meta.end_year or part.meta.plan_year
            findings.append(
                _finding("W005", heading=h, target=k, quote=t.quote, deadline=t.deadline, first=first, last=last)
            )
        if t.aspirational and h is not None and h not in with_unit and part.responsibilities:
            findings.append(_finding("W003", heading=h, target=k, quote=t.quote))
    findings.extend(_numbering_gaps(outline))
    return findings


def _outside_plan(deadline: int, part: Part) -> bool:
    first = part.meta.plan_year
    if first is None:
        return False
    last = part.meta.end_year or first
    return not first <= deadline <= last
