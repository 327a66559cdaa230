"""Quantitative commitments: subject, value, unit, comparator, measure, deadline, hedges.

A target sentence has the grammar *subject … verb … number unit comparator* (高新技术企业达到900家以上)
or *verb number unit noun* (新建3至4个产业技术创新战略联盟). The extractor reads one line at a time:

1. every number followed by a unit (rules/units.toml), 百分之N, N大+noun and 零的突破 is a candidate;
2. candidates that are not commitments are dropped: numbers inside quotes and titles, ordinals, policy
   parameters, descriptions of the present or past, definite sets, frames and counts of the plan's own
   items (rules/non_targets.toml), and figures in sections that review the past;
3. a kept candidate gets its subject (the clause before the number, or the verb and noun around it), its
   comparator (rules/comparators.toml), measure, deadline, per-year flag and hedge (rules/hedges.toml).

Only lines of the part that are not web-page residue are read. Each candidate looks back at most
``LOOKBACK`` characters within its sentence, so the cost is linear in the length of the text.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import cache

from .model import Part, Target
from .numbers import ARABIC, CHINESE, CN_DIGITS, RANGE_SEP, parse_number, tidy
from .rules import load_table
from .text import Line, Text

LOOKBACK = 300  # characters a candidate looks back for its subject, hedge, deadline and cues
LOOKAHEAD = 80  # characters a noun after a figure may run (新建3个…联盟)
TAIL_WINDOW = 24  # link words and comparison bases closing a subject fit in this many characters
LONG_SUBJECT = 24  # a longer subject is a modifier chain around the thing counted
SHORT_SUBJECT = 2  # a subject this short is a bare verb (放贷, 新增)

# A comma between digits (1,200) is a thousands separator, not a clause boundary
_CLAUSE_BOUNDARY = re.compile(r"[:。;!?]|(?<!\d),|,(?!\d{3}(?!\d))")
_SENTENCE_BOUNDARY = re.compile(r"[。;!?]")
# Quoted names and titles: figures inside them are names (“十四五”, “6+1”平台, 《…30条》, 〔2023〕)
_QUOTED = re.compile(
    r"(?=[“\"《「〔])(?:“[^“”\n]{0,24}”|\"[^\"\n]{0,24}\"|《[^《》\n]{0,80}》|「[^「」\n]{0,24}」|〔[^〔〕\n]{0,8}〕)"
)
# Heading labels opening a line: 一、 (一) 1. 1、 (1) ①
_LABEL = re.compile(
    r"\s*(?:\(?[一二三四五六七八九十]{1,3}\)、?|[一二三四五六七八九十]{1,3}、|\d{1,3}(?:\.(?!\d)|、|\))|\(\d{1,3}\)|[①-⑳])\s*"
)
_YEAR = re.compile(
    r"(?P<pre>到|至|于|在|截至|截止)?(?P<year>(?:19|20)\d{2})\s*(?:[-—–~至到]\s*(?P<year2>(?:19|20)\d{2}))?\s*年"
    r"(?P<post>前|底前|底|末|内|以前|之前|以来|的?基础上|水平|同期|相比)?"
)
_NOT_A_DEADLINE = ("以来", "基础上", "的基础上", "水平", "同期", "相比")
_WITHIN_YEARS = re.compile(r"(?<!\d)(?P<n>[一二三四五六七八九十两]|\d{1,2})年内")
_COMPARISON_BASE = re.compile(r"(?:较|比|与|同|相对|相比)\s*$")
# 到2025年 / 2025年底前 opening a subject; 较2022年 / 比上年 closing it (a comparison base)
_YEAR_PHRASE = r"(?:到|至|在|于)?(?:19|20)\d{2}\s*年(?:底前|底|末|前|内)?"
_BASE_PHRASE = r"(?:较|比|同比|与)(?:上年|去年|上一年|(?:19|20)\d{2}\s*年(?:底|末)?)(?:相比)?"
_BASE_SHARE = re.compile(r"(?P<word>不低于|不少于|不高于|不超过|超过|达到|占)[^,:。;的]{1,12}的$")
_SEPARATORS = "、和及与以并,"
_SEPARATOR_RE = re.compile(r"[、和及与]")
_CN_ADJACENT_DIGITS = re.compile(r"[一二三四五六七八九两]{2}")  # 一一, 三五: not a numeral
_ENUMERATION_END = re.compile(r"[,:和及与\d]")
_SUFFIX_AFTER_BARE = ("", ",", ":", "、", ")", "。", ";", "!", "?")


@dataclass(frozen=True)
class _Rules:
    candidates: re.Pattern[str]
    units: dict[str, dict]
    prefix_comparators: tuple[tuple[str, str], ...]
    suffix_comparators: dict[str, str]
    hedge: re.Pattern[str]
    hedge_scope: dict[str, str]
    policy: re.Pattern[str]
    fund: re.Pattern[str]
    past: re.Pattern[str]
    determiners: tuple[str, ...]
    context: tuple[str, ...]
    names: tuple[str, ...]
    structure: tuple[str, ...]
    after_unit: tuple[str, ...]
    review_headings: tuple[str, ...]
    lead: re.Pattern[str]
    tail: re.Pattern[str]
    growth: re.Pattern[str]
    per_year: re.Pattern[str]
    this_year: re.Pattern[str]
    periods: dict[str, int]
    period_end: re.Pattern[str]
    verbs: re.Pattern[str]
    weak_verb: re.Pattern[str]
    adverb: re.Pattern[str]
    classifiers: tuple[tuple[str, str], ...]
    measure_nouns: frozenset[str]


def _alternation(words) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


@cache
def _rules() -> _Rules:
    """Compile the rule tables once (per process, or after ``load_table.cache_clear()`` and this one's)."""
    units = {u["text"]: u for u in load_table("units")}
    full = [u for u in units if not units[u].get("bare")]
    bare = [u for u in units if units[u].get("bare")]
    comparators = load_table("comparators")
    suffixes = {c["text"]: c["comparator"] for c in comparators if c["position"] == "suffix"}
    prefixes = tuple(
        sorted(
            ((c["text"], c["comparator"]) for c in comparators if c["position"] == "prefix"), key=lambda c: -len(c[0])
        )
    )
    # A Chinese numeral inside a word (统一, 之一, 届十一次) or after an ordinal 第 is not a figure
    number = rf"(?:{ARABIC}|(?<![第统唯之专同逐单划届周星礼万一二三四五六七八九十两]){CHINESE})"
    suffix = _alternation(suffixes)
    # The lookahead lets the regex engine skip to the next possible first character: 5× faster
    candidates = re.compile(
        rf"(?=[0-9{CN_DIGITS}百“\"])"
        rf"(?:(?P<num>{number})(?:(?P<sep>{RANGE_SEP})(?P<num2>{number}))?(?P<approx>多|余)?"
        rf"(?P<mult>千万|百万|十万|万|亿)?(?P<unit>{_alternation(full)}|{_alternation(bare)})(?P<suffix>{suffix})?"
        rf"|百分之(?P<pct>{ARABIC}|{CHINESE})(?P<pct_suffix>{suffix})?"
        rf"|(?P<zero>[“\"]?零[”\"]?的?突破)"
        rf"|(?<![0-9A-Za-z.])(?P<big>\d{{1,3}})大(?=[\u4e00-\u9fff]))"
    )
    hedges = load_table("hedges")
    non = load_table("non_targets")
    words = load_table("target_words")

    def of(table, kind):
        return [w["text"] for w in table if w["kind"] == kind]

    periods = [w for w in words if w["kind"] == "period"]
    period_end = (
        rf"(?:到|至)?“?(?:{_alternation(w['text'] for w in periods)})”?(?:规划)?期?末" if periods else _YEAR_PHRASE
    )
    lead_words = of(words, "lead") + of(words, "this_year") + of(words, "per_year") + of(words, "both")
    lead_words += [h["text"] for h in hedges]
    tail_words = of(words, "link") + of(words, "growth") + of(words, "per_year") + of(words, "both")
    tail_words += [c[0] for c in prefixes]
    tail_words += [h["text"] for h in hedges]  # 研发投入强度力争达到3%: the hedge is no part of the subject
    return _Rules(
        candidates=candidates,
        units=units,
        prefix_comparators=prefixes,
        suffix_comparators=suffixes,
        hedge=re.compile(_alternation(h["text"] for h in hedges)),
        hedge_scope={h["text"]: h["scope"] for h in hedges},
        policy=re.compile(_alternation(of(non, "policy"))),
        fund=re.compile(_alternation(of(non, "fund")) or "(?!)"),
        past=re.compile(_alternation(of(non, "past"))),
        determiners=tuple(of(non, "determiner")),
        context=tuple(of(non, "context")),
        names=tuple(of(non, "name")),
        structure=tuple(of(non, "structure")),
        after_unit=tuple(of(non, "after_unit")),
        review_headings=tuple(of(non, "review_heading")),
        lead=re.compile(rf"^(?:{_alternation(lead_words)}|{_YEAR_PHRASE}|{period_end}|[{_SEPARATORS}\s])+"),
        tail=re.compile(rf"(?:{_alternation(tail_words)}|{_BASE_PHRASE}|\s)+$"),
        growth=re.compile(rf"(?:{_alternation(of(words, 'growth') + of(words, 'growth_noun'))})(?![到至值])"),
        per_year=re.compile(_alternation(of(words, "per_year"))),
        this_year=re.compile(_alternation(of(words, "this_year"))),
        periods={w["text"]: w["year"] for w in periods},
        period_end=re.compile(rf"(?P<period>{_alternation(w['text'] for w in periods) or '(?!)'})[”\"]?(?:规划)?期?末"),
        verbs=re.compile(_alternation(of(words, "verb"))),
        weak_verb=re.compile(rf"^(?:{_alternation(of(words, 'weak_verb'))})"),
        adverb=re.compile(rf"(?:{_alternation(of(words, 'adverb') + of(words, 'lead') + of(words, 'link'))})$"),
        measure_nouns=frozenset(of(words, "measure_noun") + of(words, "growth_noun")),
        classifiers=tuple(
            sorted(((c["suffix"], c["unit"]) for c in load_table("classifiers")), key=lambda c: -len(c[0]))
        ),
    )


# --- the part: its lines, years and sections ---------------------------------------------------------


@dataclass
class _Years:
    plan: int | None
    end: int | None

    @property
    def default(self) -> int | None:
        """A figure with no year of its own is due at the end of the plan (2025 for 2022—2025)."""
        return self.end or self.plan


_TITLE_YEAR = re.compile(r"((?:19|20)\d{2})\s*(?:[-—–~至到]\s*((?:19|20)\d{2}))?\s*年")
_TITLE_WORDS = re.compile(r"要点|方案|计划|规划|安排|意见|打算|任务")
_PART_MARKER = re.compile(r"\s*第[一二三四五六七八九十\d]+篇")


def _infer_years(lines: list[Line], part: Part) -> _Years:
    """Plan and end year from the part's meta, else from the first title-like line that names a year."""
    plan, end = part.meta.plan_year, part.meta.end_year
    if plan:
        return _Years(plan, end if end and end >= plan else plan)
    for line in lines[:40]:
        s = line.text
        if _PART_MARKER.match(s) or not _TITLE_WORDS.search(s):
            continue
        m = _TITLE_YEAR.search(s)
        if m:
            first = int(m.group(1))
            return _Years(first, max(first, int(m.group(2) or first)))
    return _Years(None, None)


def _part_lines(text: Text, part: Part) -> list[Line]:
    """The part's lines that are plan text (not residue, not blank)."""
    lines = text.lines
    lo = bisect.bisect_right(lines, part.start, key=lambda line: line.start) - 1
    first = [lines[lo]] if lo >= 0 and lines[lo].start < part.start else []  # a part may start mid-line
    return [
        line
        for line in first + text.lines_between(part.start, part.end)
        if not line.residue and line.end > part.start and line.text.strip()
    ]


def _review_sections(part: Part, rules: _Rules) -> list[bool]:
    """For each heading: does it, or a heading above it, open a review of the past (2022年工作回顾)?"""
    out: list[bool] = []
    stack: list[tuple[int, bool]] = []
    for h in part.outline:
        while stack and stack[-1][0] >= h.level:
            stack.pop()
        own = h.title.strip().rstrip("。:").endswith(rules.review_headings)
        flag = own or (stack[-1][1] if stack else False)
        stack.append((h.level, flag))
        out.append(flag)
    return out


def extract_targets(text: Text, part: Part) -> list[Target]:
    """Every quantitative commitment of ``part``, in order of appearance.

    Reads ``part.meta`` (plan and end year) and ``part.outline`` (for ``Target.heading``) when present.
    """
    rules = _rules()
    lines = _part_lines(text, part)
    years = _infer_years(lines, part)
    heading_starts = [h.start for h in part.outline]
    review = _review_sections(part, rules)
    targets: list[Target] = []
    for line in lines:
        for target in _line_targets(text, line, rules, years):
            i = bisect.bisect_right(heading_starts, target.start) - 1
            if i >= 0 and review[i]:
                continue
            target.heading = i if i >= 0 else None
            targets.append(target)
    return targets


# --- one line -----------------------------------------------------------------------------------------


@dataclass
class _Cand:
    """A figure found in a line: its match and the clause and sentence around it (line offsets)."""

    m: re.Match[str]
    start: int
    end: int  # extended to the end of the noun when the figure precedes its noun
    clause_start: int
    clause_end: int
    sentence: int  # start of the sentence
    sentence_start: int  # start of the sentence, or LOOKBACK characters before the figure in a long one
    accepted: bool = False


@dataclass
class _Context:
    t: str  # the normalised line
    rules: _Rules
    years: _Years
    quoted: list[tuple[int, int]]
    starts: list[int]  # starts of all candidates of the line


def _line_targets(text: Text, line: Line, rules: _Rules, years: _Years) -> list[Target]:
    t = line.text
    label = _LABEL.match(t)
    body = label.end() if label else 0
    matches = list(rules.candidates.finditer(t, body))
    if not matches:
        return []
    boundaries = [m.start() for m in _CLAUSE_BOUNDARY.finditer(t)]
    sentence_ends = [m.start() for m in _SENTENCE_BOUNDARY.finditer(t)]
    cands = []
    for m in matches:
        i = bisect.bisect_left(boundaries, m.start())
        j = bisect.bisect_left(sentence_ends, m.start())
        cands.append(
            _Cand(
                m,
                m.start(),
                m.end(),
                clause_start=max(boundaries[i - 1] + 1 if i else body, body),
                clause_end=min(boundaries[i] if i < len(boundaries) else len(t), m.end() + LOOKAHEAD),
                sentence=max(sentence_ends[j - 1] + 1 if j else body, body),
                sentence_start=max(sentence_ends[j - 1] + 1 if j else body, body, m.start() - LOOKBACK),
            )
        )
    if not cands:
        return []
    ctx = _Context(t, rules, years, [(m.start(), m.end()) for m in _QUOTED.finditer(t)], [c.start for c in cands])
    out: list[Target] = []
    prev: _Cand | None = None
    prev_target: tuple[Target, int] | None = None  # with the start of its sentence
    for k, c in enumerate(cands):
        nxt = cands[k + 1] if k + 1 < len(cands) else None
        same_clause = prev if prev and prev.clause_start == c.clause_start else None
        carry = prev_target[0] if prev_target and prev_target[1] == c.sentence else None
        target = _candidate(ctx, c, same_clause, nxt, carry)
        if target is not None:
            c.end = max(c.end, target.end)  # a noun after the figure belongs to it, not to the next one
            c.accepted = True
            target.aspirational = _hedged(ctx, c)
            target.start += line.start
            target.end += line.start
            target.quote = text.quote(target.start, target.end)
            out.append(target)
            prev_target = (target, c.sentence)
        prev = c
    return out


# --- one candidate ------------------------------------------------------------------------------------


@dataclass
class _Figure:
    value: int | float
    value_max: int | float | None
    unit: str
    measure: str
    suffix: str | None
    chinese: bool
    approx: bool


def _candidate(ctx: _Context, c: _Cand, prev: _Cand | None, nxt: _Cand | None, carry: Target | None) -> Target | None:
    """The target a candidate stands for, or None when it is not a commitment.

    ``prev`` is the candidate before in the same clause, ``carry`` the target before in the same sentence.
    """
    t, rules, m = ctx.t, ctx.rules, c.m
    if _inside_quote(ctx, c.start) or t[c.start - 1 : c.start] == "第":
        return None
    p_start = max(prev.end if prev and prev.accepted else c.clause_start, c.start - LOOKBACK)
    before = t[p_start : c.start]  # the clause before the figure, after the figure before
    clause_before = t[max(c.clause_start, c.start - LOOKBACK) : c.start]
    if _described_as_past(ctx, c):
        return None
    deadline = _deadline(ctx, c)
    if deadline is False:
        return None
    if _strip_lead(rules, clause_before)[0].startswith(rules.context):
        return None
    if m.group("zero"):
        return _zero_target(ctx, c, before, p_start, deadline)
    if m.group("big"):
        return _big_target(ctx, c, before, p_start, nxt, deadline)
    fig = _figure(ctx, c)
    if fig is None:
        return None
    if fig.approx and not rules.verbs.search(clause_before):
        return None  # 40多家新型研发机构: a round count of what exists
    if fig.measure in ("amount", "percent") and _policy_parameter(rules, clause_before):
        return None  # 给予20万元奖励, 最高补助50万元
    if fig.unit in ("条", "款") and before.rstrip().endswith(rules.names):
        return None  # 创新意见30条
    after = t[c.end : c.clause_end].strip()
    if _is_post(after):
        found = _post_subject(ctx, c, before, p_start, prev, carry)
    else:
        found = _pre_subject(ctx, c, fig, before, p_start, nxt, carry is not None and prev is not None)
    if found is None:
        return None
    subject, q_start, q_end, tail, carried = found
    comparator = _comparator(rules, tail or before, fig)
    if carried is not None and comparator == "=" and not tail.strip():
        comparator = carried.comparator  # 分别突破50家、220家
    measure = fig.measure
    if measure == "percent" and rules.growth.search(before[-8:]):
        measure = "growth"
    return Target(
        quote="",
        subject=subject,
        value=fig.value,
        value_max=fig.value_max,
        unit=fig.unit,
        comparator=comparator,
        measure=measure,
        deadline=deadline,
        per_year=bool(rules.per_year.search(clause_before)),
        start=q_start,
        end=q_end,
    )


def _figure(ctx: _Context, c: _Cand) -> _Figure | None:
    """Value, range and unit of a number + unit candidate; None when the unit is part of another word."""
    m, rules, t = c.m, ctx.rules, ctx.t
    if m.group("pct") is not None:
        value = parse_number(m.group("pct"))
        info = rules.units.get("%", {"measure": "percent"})
        chinese = not m.group("pct")[0].isdigit()
        if value is None:
            return None
        return _Figure(value, None, "%", info["measure"], m.group("pct_suffix"), chinese, False)
    num, unit, mult = m.group("num"), m.group("unit"), m.group("mult") or ""
    info = rules.units[unit]
    chinese = not num[0].isdigit()
    if chinese:
        if info.get("arabic_only") or num == "一" or _CN_ADJACENT_DIGITS.search(num):
            return None
        if num[-1] in "万亿" and len(num) > 1 and not mult:
            num, mult = num[:-1], num[-1]  # 三千万元 is written as 3000 万元, like 3000万元
    after_unit = t[m.end("unit") : m.end("unit") + 8]
    if after_unit.startswith(tuple(info.get("not_before", ()))) or after_unit.startswith(rules.after_unit):
        return None  # 3个月, 5部门, 200万元/人, 百亿元级
    if info.get("bare") and not m.group("suffix") and after_unit[:1] not in _SUFFIX_AFTER_BARE:
        return None  # 300亿 alone is an amount; 亿元企业 is not
    value = parse_number(num)
    value_max = parse_number(m.group("num2")) if m.group("num2") else None
    if value is None or (value_max is not None and not value < value_max):
        return None
    return _Figure(value, value_max, mult + unit, info["measure"], m.group("suffix"), chinese, bool(m.group("approx")))


def _is_post(after: str) -> bool:
    """True when no noun follows the figure in its clause: the subject stands before the number."""
    return not after or after[0] in "、和及与" or not (after[0].isalnum() or after[0] in '“"《')


def _post_subject(ctx: _Context, c: _Cand, before: str, p_start: int, prev: _Cand | None, carry: Target | None):
    """Subject, quote span and link words of *subject … verb … number unit* (科技服务机构达600家)."""
    rules, _t = ctx.rules, ctx.t
    raw, off = _strip_lead(rules, before)
    subject, tail = _strip_tail(rules, raw)
    base = _BASE_SHARE.search(subject, max(len(subject) - TAIL_WINDOW, 0))
    if base and not tail.strip():
        # 科技经费不低于财政支出的2%: the comparator stands before the base of the share
        subject, tail = subject[: base.start()], subject[base.start() :]
    q_start = p_start + off + len(subject) - len(subject.lstrip())
    subject = subject.strip()
    carried = None
    if not subject:
        # 分别突破50家、220家 / 营业收入突破100亿元,年均增长12%: the subject of the figure before;
        # 技术合同成交额实现翻一番,达到200亿元: else the clause before names it
        extended = _previous_clause(ctx, c) if carry is None else None
        if extended is not None:
            subject, q_start = extended
        elif carry is None:
            return None
        else:
            subject, carried = carry.subject, carry
    elif len(subject) > LONG_SUBJECT and "的" in subject[:-4]:
        # 建成具有A化、B化…的省级重大创新平台11家: the thing counted follows the last 的
        cut = subject.rindex("的", 0, len(subject) - 4) + 1
        subject, q_start = subject[cut:], q_start + cut
    elif subject in rules.measure_nouns:
        # 新增高企10家,总数达到60家: a bare measure names the thing measured before
        if carry is not None:
            subject = _strip_verbs(rules, carry.subject) + subject
    elif (
        len(subject) <= SHORT_SUBJECT and (prev is None or prev.clause_start != c.clause_start) and "其中" not in before
    ):
        # 扩大“科技贷”业务,全年放贷5亿元: a bare verb takes its object from the clause before;
        # 企业达到800家,年均新增100家: or the subject of the figure before
        extended = _previous_clause(ctx, c)
        if extended is not None:
            subject, q_start = extended[0] + subject, extended[1]
        elif carry is not None:
            subject += carry.subject
    return subject, q_start, c.end, tail, carried


def _pre_subject(ctx: _Context, c: _Cand, fig: _Figure, before: str, p_start: int, nxt: _Cand | None, continued: bool):
    """Subject and quote span of *verb number unit noun* (新建3个联盟), or None for a definite set.

    ``continued``: the figure continues an enumeration of targets (10大项目、20项研发项目).
    """
    rules, t = ctx.rules, ctx.t
    after = t[c.end : c.clause_end]
    if fig.measure == "percent" and not after.startswith("的"):
        return None  # 150%加计扣除: a rate that qualifies a noun
    np_end = c.clause_end if nxt is None or nxt.start >= c.clause_end else _np_cut(t, c.end, nxt.start)
    noun = t[c.end : np_end].removeprefix("的")
    if noun.startswith(rules.structure):
        return None  # 以下七项重点任务, 10个方面
    tail_raw = before.rstrip()
    if tail_raw.endswith(rules.determiners):
        return None  # 全市5个重点县, 园区五所高职院校
    strong = bool(fig.suffix) or fig.value_max is not None
    if continued and not before.strip(_SEPARATORS + " "):
        lead, lead_off = "", len(before) - len(before.lstrip(_SEPARATORS + " "))
    else:
        lead, lead_off = _pre_lead(rules, before)
        verb_before = _ends_with_verb(rules, before)
        if not verb_before and (tail_raw.endswith("等") or "、" in tail_raw):
            # 常州、武进两个高新区 / A、B、C等3种模式: the figure counts the items just named
            items = _enumeration_count(tail_raw.removesuffix("等"))
            if items == fig.value or not (strong or rules.verbs.search(before)):
                return None
        if fig.chinese and not verb_before:
            return None  # 中央八项规定, 三个省级高新区: Chinese numerals count named sets
        if nxt is not None and nxt.start < c.clause_end and not _SEPARATOR_RE.search(t[c.end : nxt.start]):
            return None  # 5个县建成1个平台, 引进1亿元以上的项目5个: the first figure qualifies the second
    subject = (lead + noun).strip()
    if not subject:
        return None
    return subject, p_start + lead_off, np_end, _strip_tail(rules, before)[1], None


def _zero_target(ctx: _Context, c: _Cand, before: str, p_start: int, deadline) -> Target | None:
    """实现X零的突破 / X实现“零”的突破: at least one, in the unit X is counted in."""
    raw, off = _strip_lead(ctx.rules, before)
    subject = _strip_tail(ctx.rules, raw)[0].strip()
    if not subject:
        return None
    return Target(
        quote="",
        subject=subject,
        value=1,
        unit=_classifier(ctx.rules, subject) or "个",
        comparator=">=",
        measure="count",
        deadline=deadline,
        start=p_start + off,
        end=c.end,
    )


def _big_target(ctx: _Context, c: _Cand, before: str, p_start: int, nxt: _Cand | None, deadline) -> Target | None:
    """筛选10大技术攻关项目: counted in the unit of its noun, only as the object of a commitment verb."""
    rules, t = ctx.rules, ctx.t
    if not _ends_with_verb(rules, before):
        return None
    np_end = c.clause_end if nxt is None or nxt.start >= c.clause_end else _np_cut(t, c.end, nxt.start)
    noun = t[c.end : np_end]
    unit = _classifier(rules, noun)
    if unit is None:
        return None
    lead, off = _pre_lead(rules, before)
    return Target(
        quote="",
        subject=(lead + noun).strip(),
        value=tidy(float(c.m.group("big"))),
        unit=unit,
        comparator="=",
        measure="count",
        deadline=deadline,
        per_year=bool(rules.per_year.search(t, max(c.clause_start, c.start - LOOKBACK), c.start)),
        start=p_start + off,
        end=np_end,
    )


# --- helpers ------------------------------------------------------------------------------------------


def _inside_quote(ctx: _Context, pos: int) -> bool:
    i = bisect.bisect_right(ctx.quoted, (pos, pos)) - 1
    return i >= 0 and ctx.quoted[i][0] < pos < ctx.quoted[i][1]


def _strip_lead(rules: _Rules, s: str) -> tuple[str, int]:
    m = rules.lead.match(s)
    return (s[m.end() :], m.end()) if m else (s, 0)


def _strip_tail(rules: _Rules, s: str) -> tuple[str, str]:
    """Split the link words off the end of a subject (…比重达到 → …比重, 达到); searched in a short window."""
    window = max(len(s) - TAIL_WINDOW, 0)
    m = rules.tail.search(s, window)
    return (s[: m.start()], s[m.start() :]) if m else (s, "")


def _described_as_past(ctx: _Context, c: _Cand) -> bool:
    """已建成载体42家,其中国家级4家: a past or present cue covers its sentence until a new commitment."""
    t, rules = ctx.t, ctx.rules
    cue = None
    for cue in rules.past.finditer(t, c.sentence_start, c.start):  # noqa: B007 - the last one is wanted
        pass
    if cue is None:
        return False
    if cue.start() >= c.clause_start:
        return True
    end = _CLAUSE_BOUNDARY.search(t, cue.end(), c.start)
    between = t[end.end() if end else c.clause_start : c.start]
    fresh = rules.hedge.search(between) or rules.verbs.search(between) or rules.this_year.search(between)
    return not (fresh or _YEAR.search(between))


def _policy_parameter(rules: _Rules, clause: str) -> bool:
    """A subsidy or tax word in the clause marks the figure as a policy parameter (给予20万元奖励).

    A policy word that names a fund whose total the figure states is no parameter: 奖补资金不低于3亿元
    (the fund noun, then only link words and comparators up to the figure).
    """
    for m in rules.policy.finditer(clause):
        fund = rules.fund.match(clause, m.end())
        if fund is None or _strip_tail(rules, clause[fund.end() :])[0].strip():
            return True
    return False


def _strip_verbs(rules: _Rules, s: str) -> str:
    """The thing a subject names, without the verb that opens or closes it (新增高企 / 高企新增 → 高企)."""
    first = rules.verbs.match(s)
    if first and first.end() < len(s):
        s = s[first.end() :]
    found = None
    for found in rules.verbs.finditer(s):  # noqa: B007 - the last one is wanted
        pass
    return s[: found.start()] if found is not None and found.end() == len(s) and found.start() else s


def _previous_clause(ctx: _Context, c: _Cand) -> tuple[str, int] | None:
    """The object named by the clause before ``c`` in its sentence, and where it starts; None if it has a figure."""
    t, rules = ctx.t, ctx.rules
    end = c.clause_start - 1
    if end <= c.sentence_start:
        return None
    start = max(t.rfind(",", c.sentence_start, end) + 1, t.rfind(":", c.sentence_start, end) + 1, c.sentence_start)
    clause = t[start:end]
    if rules.candidates.search(clause):
        return None
    core, off = _strip_lead(rules, clause)
    verb = rules.verbs.match(core) or rules.weak_verb.match(core)
    if verb:
        core, off = core[verb.end() :], off + verb.end()
    return (core, start + off) if core else None


def _np_cut(t: str, start: int, next_start: int) -> int:
    """End of a noun phrase that runs into the next figure of its clause: back to the last 、/和 before it."""
    seg = t[start:next_start]
    cut = max(seg.rfind("、"), seg.rfind("和"), seg.rfind("及"))
    return start + cut if cut > 0 else next_start


def _pre_lead(rules: _Rules, before: str) -> tuple[str, int]:
    """The verb phrase before a figure that precedes its noun: from the last commitment verb, else all."""
    found = None
    for found in rules.verbs.finditer(before):  # noqa: B007 - the last one is wanted
        pass
    if found is not None:
        return before[found.start() :], found.start()
    return _strip_lead(rules, before)


def _ends_with_verb(rules: _Rules, before: str) -> bool:
    s = rules.adverb.sub("", before.rstrip())
    found = None
    for found in rules.verbs.finditer(s):  # noqa: B007 - the last one is wanted
        pass
    return found is not None and found.end() == len(s)


def _enumeration_count(s: str) -> int:
    """Items of the enumeration that ends ``s`` (常州、武进 → 2); 1 when there is none."""
    return _ENUMERATION_END.split(s)[-1].count("、") + 1


def _comparator(rules: _Rules, tail: str, fig: _Figure) -> str:
    if fig.value_max is not None:
        return "range"
    if fig.suffix:
        return rules.suffix_comparators[fig.suffix]
    s = tail.rstrip()
    base = _BASE_SHARE.search(s)
    if base:
        s = base.group("word")
    for word, comparator in rules.prefix_comparators:
        if s.endswith(word):
            return comparator
    return "="


def _deadline(ctx: _Context, c: _Cand) -> int | bool | None:
    """The year the figure is due; False when its sentence opens with a year before the plan's."""
    t, rules, years = ctx.t, ctx.rules, ctx.years
    s0 = c.sentence_start
    seg = t[s0 : c.start]
    best_pos, best = -1, None
    for m in _YEAR.finditer(seg):
        if (
            _COMPARISON_BASE.search(seg[max(m.start() - 4, 0) : m.start()])
            or (m.group("post") or "") in _NOT_A_DEADLINE
        ):
            continue
        year = int(m.group("year2") or m.group("year"))
        if years.plan and year < years.plan:
            if m.start() <= 2 and m.group("pre") in (None, "截至", "截止"):
                return False  # 2022年,全市新增高企312家: a report on the year before
            continue
        if years.plan and year > years.plan + 30:
            continue
        best_pos, best = m.start(), year
    for m in rules.period_end.finditer(seg):
        if m.start() > best_pos:
            best_pos, best = m.start(), rules.periods[m.group("period")]
    for m in rules.this_year.finditer(t, max(c.clause_start, s0), c.start):
        if m.start() - s0 <= best_pos or t[m.start() - 1 : m.start()].isdigit():  # 2024年底前 is a year
            continue
        span = _WITHIN_YEARS.search(t, max(m.start() - 3, 0), m.end())
        if span and years.plan:
            # 三年内 / 两年内: the span counts the plan year as its first
            n = parse_number(span.group("n"))
            best_pos, best = m.start() - s0, years.plan + int(n or 1) - 1
        else:
            best_pos, best = m.start() - s0, years.plan
    return best if best is not None else years.default


def _hedged(ctx: _Context, c: _Cand) -> bool:
    """A hedge before the figure in its sentence; 争取/争创/努力 only when their own clause holds a figure."""
    t, rules = ctx.t, ctx.rules
    for m in rules.hedge.finditer(t, c.sentence_start, c.start):
        if rules.hedge_scope[m.group()] == "sentence":
            return True
        end = _CLAUSE_BOUNDARY.search(t, m.end(), m.end() + LOOKBACK)
        clause_end = end.start() if end else m.end() + LOOKBACK
        if c.start < clause_end:
            return True
        i = bisect.bisect_right(ctx.starts, m.start())
        if i < len(ctx.starts) and ctx.starts[i] < clause_end:
            return True
    return False


def _classifier(rules: _Rules, noun: str) -> str | None:
    for suffix, unit in rules.classifiers:
        if noun.endswith(suffix):
            return unit
    return None
