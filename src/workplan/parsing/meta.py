"""Meta data of a part: title, issuer, region, plan and end year, document number, publication date.

Every value is cut from ``Text.norm`` (simplified script, ASCII brackets), as the gold annotations are.
Evidence is ranked: a page's own fields (发布机构:…, 公开日期:…) beat a signature (organ line over a date
line), which beats weaker hints (来源:…, an organ name prefixed to the title). Vocabularies live in
``rules/meta_labels.toml``, ``rules/organs.toml``, ``rules/regions.toml`` and ``rules/titles.toml``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache

from .model import Meta, Part
from .residue import residue_kind
from .rules import load_table
from .text import Line, Text
from .titles import NUMBERED, YEAR, is_plan_title, strip_decoration

HAN = "\u4e00-\u9fff"
_CN_DIGIT = {"〇": 0, "零": 0, "○": 0, "O": 0, "o": 0, "0": 0}
_CN_DIGIT.update({c: i for i, c in enumerate("一二三四五六七八九", start=1)})
_DATE_NUM = re.compile(r"(?<!\d)((?:19|20)\d\d)\s*(?:[-./]|年)\s*(\d{1,2})\s*(?:[-./]|月)\s*(\d{1,2})(?!\d)\s*日?")
_DATE_CN = re.compile(
    r"([〇零○O一二三四五六七八九]{4})\s*年\s*([一二三四五六七八九十]{1,3})\s*月\s*([一二三四五六七八九十]{1,3})\s*日"
)
_DOC_NUMBER = re.compile(rf"[{HAN}]{{1,10}}\s*[〔\[(【]\s*(?:19|20)\d\d\s*[〕\])】]\s*第?\s*\d{{1,5}}\s*号")
# 2022—2025年, 2022-2025, 2022年至2025年
_YEAR_RANGE = re.compile(r"((?:19|20)\d\d)\s*年?\s*(?:[—–\-~～]+|至|到)\s*((?:19|20)\d\d)")
# “十四五”规划: the five-year plan period
_FIVE_YEAR = re.compile(r"十([一二三四五六])五")
_MARKER = re.compile(r"\s*第[一二三四五六七八九十百零〇两\d]{1,4}篇\s*[:.、]?\s*(.+)$")
_NOTICE_TITLE = re.compile(r"《([^《》]{4,80})》")
_HAN_SPACE = re.compile(rf"(?<=[{HAN}])\s+(?=[{HAN}])")


@dataclass
class _Vocab:
    labels: dict[str, list[tuple[str, int]]] = field(default_factory=dict)  # field → [(label, rank)]
    organ_suffixes: tuple[str, ...] = ()
    short_forms: dict[str, str] = field(default_factory=dict)
    place_suffixes: dict[str, str] = field(default_factory=dict)  # suffix → level
    generic_places: tuple[str, ...] = ()
    collective: frozenset[str] = frozenset()
    not_in_name: frozenset[str] = frozenset()
    verbs: tuple[str, ...] = ()
    not_after: frozenset[str] = frozenset()


@cache
def _vocab() -> _Vocab:
    v = _Vocab()
    for item in load_table("meta_labels"):
        v.labels.setdefault(item["field"], []).append((item["text"], item["rank"]))
    organs = load_table("organs")
    endings = {o["text"] for o in organs} | {o["full"] for o in organs if o.get("full")}
    v.organ_suffixes = tuple(sorted(endings, key=len, reverse=True))
    v.short_forms = {o["text"]: o["full"] for o in organs if o["role"] == "short"}
    regions = load_table("regions")
    v.place_suffixes = {
        r["text"]: r["level"] for r in sorted(regions, key=lambda r: -len(r["text"])) if r["role"] == "suffix"
    }
    v.generic_places = tuple(r["text"] for r in regions if r["role"] == "generic")
    v.collective = frozenset(r["text"] for r in regions if r["role"] == "collective")
    v.not_in_name = frozenset(r["text"] for r in regions if r["role"] == "not_in_name")
    v.verbs = tuple(r["text"] for r in regions if r["role"] == "verb")
    v.not_after = frozenset("".join(r["text"] for r in regions if r["role"] == "not_after"))
    return v


# ---------------------------------------------------------------- dates


def _cn_number(s: str) -> int:
    """一 … 三十一 (month and day numerals)."""
    if "十" not in s:
        return _CN_DIGIT[s]
    tens, _, ones = s.partition("十")
    return (_CN_DIGIT[tens] if tens else 1) * 10 + (_CN_DIGIT[ones] if ones else 0)


def _iso(year: int, month: int, day: int) -> str | None:
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def find_date(s: str) -> tuple[str, int, int] | None:
    """The first date in ``s`` as (ISO date, start, end): 2021-03-30, 2021年3月30日, 二〇二一年三月三十日."""
    found = []
    m = _DATE_NUM.search(s)
    if m:
        iso = _iso(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        if iso:
            found.append((iso, m.start(), m.end()))
    m = _DATE_CN.search(s)
    if m:
        year = int("".join(str(_CN_DIGIT[c]) for c in m.group(1)))
        iso = _iso(year, _cn_number(m.group(2)), _cn_number(m.group(3)))
        if iso:
            found.append((iso, m.start(), m.end()))
    return min(found, key=lambda f: f[1]) if found else None


def _is_date_line(s: str) -> bool:
    d = find_date(s)
    return d is not None and d[1] == 0 and not s[d[2] :].strip()


# ---------------------------------------------------------------- names


def is_organ(name: str) -> bool:
    """A single issuing body's name: ends like one (局, 委员会 …) and is no sentence."""
    v = _vocab()
    return 2 <= len(name) <= 40 and _HAN_ORGAN_RUN.fullmatch(name) is not None and name.endswith(v.organ_suffixes)


def _organ_line(s: str) -> list[str] | None:
    """The organs named on a signature line (several are separated by spaces), or None."""
    names = s.split()
    if names and len(s) <= 80 and all(is_organ(n) for n in names):
        return names
    return None


def _place_at_start(name: str) -> str | None:
    """The place a name starts with: 常德市动力… → 常德市, 湘西自治州科学技术局 → 湘西自治州."""
    v = _vocab()
    for end in range(2, min(len(name), 12)):
        stem_end = end
        for suffix in v.place_suffixes:
            if name.startswith(suffix, stem_end):
                place = name[: stem_end + len(suffix)]
                if _plausible_place(place, name[:stem_end]):
                    return place
    return None


_HAN_RUN = re.compile(rf"[{HAN}]+")
_HAN_ORGAN_RUN = re.compile(rf"[{HAN}()]+")


def _plausible_place(place: str, stem: str) -> bool:
    v = _vocab()
    if len(stem) < 2 or not _HAN_RUN.fullmatch(stem):
        return False
    if stem[0] in v.collective or stem[-1] in v.collective or stem[0] in v.place_suffixes:
        return False
    if any(c in v.not_in_name for c in stem) or stem.endswith(v.verbs):
        return False
    return not place.endswith(v.generic_places)


def _region_of_name(name: str, known_stems: Callable[[], set[str]]) -> str | None:
    """The region a title or an organ names: the place it starts with (常德市动力… → 常德市), else, for
    a title headed by an organ, what is left once the organ words are cut, when it starts with a place the
    part names elsewhere (常州科教城党工委管委会2020年… → 常州科教城, as the part names 常州市)."""
    name = re.sub(r"^(?:19|20)\d\d\s*年?", "", name)
    place = _place_at_start(name)
    if place:
        return place
    m = YEAR.search(name)
    if not m:
        return None
    v = _vocab()
    stem = name[: m.start()].removeprefix("中共")
    cut = False
    while suffix := next((x for x in v.organ_suffixes if stem.endswith(x) and len(stem) > len(x)), None):
        stem = stem[: -len(suffix)]
        cut = True
    if cut and any(stem.startswith(k) and len(stem) > len(k) for k in known_stems()):
        return stem
    return None


def _place_stems(body: str) -> set[str]:
    """Stems of the places a text names (常州 for 常州市)."""
    v = _vocab()
    pattern = re.compile("|".join(map(re.escape, v.place_suffixes)))
    stems = set()
    seen: dict[str, bool] = {}  # the same few names recur on every line: judge each once
    for m in pattern.finditer(body):
        for n in range(2, 5):
            stem = body[max(0, m.start() - n) : m.start()]
            if len(stem) != n:
                continue
            place = stem + m.group(0)
            ok = seen.get(place)
            if ok is None:
                ok = seen[place] = _plausible_place(place, stem)
            if ok:
                stems.add(stem)
    return stems


def _complete_issuer(issuer: str, region: str | None) -> str:
    """市科技局 names the issuer relative to its region: → 常州市科学技术局."""
    v = _vocab()
    if not region or issuer[0] not in v.place_suffixes or not region.endswith(issuer[0]):
        return issuer
    rest = issuer[1:]
    for short, full in v.short_forms.items():
        if rest.endswith(short):
            rest = rest[: -len(short)] + full
            break
    return region + rest


# ---------------------------------------------------------------- evidence


@dataclass
class _Evidence:
    values: dict[str, list[tuple[int, int, str]]] = field(default_factory=dict)  # field → [(rank, order, value)]

    def add(self, name: str, rank: int, value: str | None) -> None:
        if value:
            found = self.values.setdefault(name, [])
            found.append((rank, len(found), value))

    def best(self, name: str) -> str | None:
        found = self.values.get(name)
        return min(found)[2] if found else None

    def all(self, name: str) -> list[str]:
        return [v for _, _, v in sorted(self.values.get(name, []))]


@cache
def _label_pattern() -> re.Pattern[str]:
    labels = sorted((lbl for lst in _vocab().labels.values() for lbl, _ in lst), key=len, reverse=True)
    # a label starts the line or follows a space or bracket, never a character of a longer label (生成日期)
    return re.compile(rf"(?<![{HAN}])({'|'.join(map(re.escape, labels))})\s*:\s*")


def _label_rank(label: str) -> tuple[str, int]:
    for name, labels in _vocab().labels.items():
        for text, rank in labels:
            if text == label:
                return name, rank
    raise KeyError(label)


def _read_labels(s: str, ev: _Evidence) -> None:
    for m in _label_pattern().finditer(s):
        name, rank = _label_rank(m.group(1))
        value = s[m.end() :]
        if name == "published":
            d = find_date(value)
            if d and d[1] == 0:
                ev.add("published", rank, d[0])
        elif name == "issuer":
            token = value.split()[0] if value.split() else ""
            token = re.split(r"[,;。]", token)[0]
            if is_organ(token):
                ev.add("issuer", rank, token)
        elif name == "doc_number":
            dn = _DOC_NUMBER.match(value)
            if dn:
                ev.add("doc_number", rank, re.sub(r"\s+", "", dn.group(0)))


def _part_lines(text: Text, part: Part) -> list[Line]:
    return [ln for ln in text.lines_between(part.start, part.end) if ln.end <= part.end]


def _title_line(lines: list[Line]) -> int | None:
    """The title line: before the body, a title line of its own beats a piece marker's title
    (第二篇:2008年… above 2009年…要点: the page's own title wins); else the first title anywhere."""
    first_heading = next((i for i, ln in enumerate(lines) if not ln.residue and NUMBERED.match(ln.text)), len(lines))
    head = [(i, ln) for i, ln in enumerate(lines[:first_heading]) if not ln.residue]
    for i, line in head:
        if not _MARKER.match(line.text) and is_plan_title(line.stripped):
            return i
    for i, line in head:
        if _MARKER.match(line.text) and is_plan_title(_unmarked(line.stripped)):
            return i
    for i, line in enumerate(lines):
        if not line.residue and is_plan_title(_unmarked(line.stripped)):
            return i
    return None


def _unmarked(s: str) -> str:
    """A compilation's piece marker is no part of the title: 第一篇  2026年全市科技工作要点."""
    m = _MARKER.match(s)
    return m.group(1).strip() if m else s


def _clean_title(s: str) -> str:
    return _HAN_SPACE.sub("", strip_decoration(_unmarked(s.strip())))


def _gather(lines: list[Line], title_at: int | None, ev: _Evidence) -> None:
    first_heading = next((i for i, ln in enumerate(lines) if NUMBERED.match(ln.text) and not ln.residue), len(lines))
    texts = [ln.stripped for ln in lines]
    for i, s in enumerate(texts):
        if not s:
            continue
        _read_labels(s, ev)
        kind = residue_kind(s) if lines[i].residue else None
        if kind == "meta":
            d = find_date(s)
            if d and d[1] == 0:  # 2024-01-31 来源:科技局
                ev.add("published", 2, d[0])
        if i < first_heading and _DOC_NUMBER.fullmatch(s):
            ev.add("doc_number", 2, re.sub(r"\s+", "", s))
        if _is_date_line(s):
            _signature(texts, i, ev)
        m = _MARKER.match(s)
        if m:
            ev.add("marker_title", 1, m.group(1).strip())
        if "《" in s and ("关于" in s or "印发" in s):
            nt = _NOTICE_TITLE.search(s)
            if nt:
                ev.add("notice_title", 1, nt.group(1))
        organs = _organ_line(s)
        if organs:
            ev.add("organ", 1, organs[0])
    if title_at is not None:
        after = next((s for s in texts[title_at + 1 : title_at + 4] if s), "")
        organs = _organ_line(after)
        if organs:
            ev.add("issuer", 2, "、".join(organs))


def _signature(texts: list[str], i: int, ev: _Evidence) -> None:
    """A date line under one or more organ names: the signature of the document (or of its notice)."""
    for s in reversed(texts[max(0, i - 4) : i]):
        if not s:
            continue
        organs = _organ_line(s)
        if organs:
            ev.add("issuer", 2, "、".join(organs))
            d = find_date(texts[i])
            ev.add("published", 3, d[0] if d else None)
        return


def _years(title: str | None, fallbacks: list[str]) -> tuple[int | None, int | None]:
    for s in [title, *fallbacks]:
        if not s:
            continue
        m = _YEAR_RANGE.search(s)
        if m and int(m.group(1)) <= int(m.group(2)):
            return int(m.group(1)), int(m.group(2))
        m = YEAR.search(s)
        if m:
            return int(m.group(1)), int(m.group(1))
        m = _FIVE_YEAR.search(s)
        if m:
            first = 1956 + 5 * "一二三四五六".index(m.group(1)) + 50  # 十一五 → 2006
            return first, first + 4
    return None, None


def _level(title: str | None, body: str) -> str | None:
    """The level of the plan's own region: 全市/我市 → 市."""
    v = _vocab()
    levels = {s for s in v.place_suffixes.values() if len(s) == 1}
    pattern = re.compile(rf"[{''.join(sorted(v.collective))}]({'|'.join(sorted(levels))})")
    if title:
        m = pattern.search(title)
        if m:
            return m.group(1)
    counts = Counter(m.group(1) for m in pattern.finditer(body))
    return counts.most_common(1)[0][0] if counts else None


_OWNED = re.compile(r"(?:人民政府|政府|党委|委员会|科技局|科学技术局)")
MIN_BODY_REGION_SCORE = 6
REGION_SCAN_CHARS = 30_000


def _region_from_body(body: str, level: str | None) -> str | None:
    """The place the plan keeps naming (常熟 … 常熟市), or that owns a government named in it (淮阴区政府).

    A place counts where its name is not the start of a word of its own (市级, 市场 …); of the stems
    before the suffix the longest that is as frequent as the two-character one is taken (多拉特乡, not 拉特乡).
    """
    v = _vocab()
    suffixes = [s for s, lv in v.place_suffixes.items() if level is None or lv == level]
    if not suffixes:
        return None
    scores: Counter[str] = Counter()
    counts: dict[str, int] = {}

    def count(stem: str) -> int:
        if stem not in counts:
            counts[stem] = body.count(stem)
        return counts[stem]

    pattern = re.compile("|".join(map(re.escape, suffixes)))
    for m in pattern.finditer(body):
        owned = _OWNED.match(body, m.end()) is not None
        if not owned and body[m.end() : m.end() + 1] in v.not_after:
            continue
        stems = [body[m.start() - n : m.start()] for n in range(2, 5) if m.start() - n >= 0]
        stems = [s for s in stems if _plausible_place(s + m.group(0), s)]
        if not stems:
            continue
        stem = [s for s in stems if count(s) == count(stems[0])][-1]
        place = stem + m.group(0)
        if place not in scores:
            scores[place] = min(count(stem), 10)
        scores[place] += 2 + (5 if owned else 0)
    if not scores:
        return None
    place, score = max(scores.items(), key=lambda kv: (kv[1], len(kv[0])))
    return place if score >= MIN_BODY_REGION_SCORE else None


def extract_meta(text: Text, part: Part) -> Meta:
    lines = _part_lines(text, part)
    title_at = _title_line(lines)
    ev = _Evidence()
    _gather(lines, title_at, ev)

    title = _clean_title(lines[title_at].stripped) if title_at is not None else None
    marker = ev.best("marker_title")
    notice = ev.best("notice_title")
    if title is None:
        title = _clean_title(marker or notice or "") or None
    issuer = ev.best("issuer")
    if title and issuer is None:
        # 科学技术局2021年全市科技工作要点: an organ named before the year is the issuer
        m = YEAR.search(title)
        if m and is_organ(title[: m.start()]):
            issuer, title = title[: m.start()], title[m.start() :]

    # a plan names its region early; the cap keeps a huge part linear (counts below scan the whole body)
    body = text.norm[part.start : min(part.end, part.start + REGION_SCAN_CHARS)]
    region = None
    known = cache(lambda: _place_stems(body))  # only titles headed by an organ need it
    for name in [title, marker, *ev.all("issuer"), *ev.all("organ")]:
        region = _region_of_name(name, known) if name else None
        if region:
            break
    if region is None:
        region = _region_from_body(body, _level(title, body))
    if issuer:
        issuer = _complete_issuer(issuer, region)

    plan_year, end_year = _years(title, [marker, notice])
    return Meta(
        title=title,
        issuer=issuer,
        region=region,
        plan_year=plan_year,
        end_year=end_year,
        doc_number=ev.best("doc_number"),
        published=ev.best("published"),
    )
