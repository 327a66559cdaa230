"""Numerals as plans write them: Arabic (1,200  3.5  1.2万), Chinese (三千  两  十五  百分之十) and ranges.

Every rule runs on normalised text (full-width digits and dashes are already ASCII). The regex fragments
below are shared with the target extractor so that a numeral is recognised the same way everywhere.
"""

from __future__ import annotations

import re
from functools import lru_cache

# 1,200 is a thousands separator only before exactly three digits (10,20家 is two numbers)
ARABIC = r"(?<![0-9A-Za-z.])(?:\d{1,3}(?:,\d{3})+(?!\d)|\d+)(?:\.\d+)?"
# A Chinese numeral starts with a digit or 十, never with 百/千/万 alone (百家, 千亿级, 万亩 are idioms)
CN_DIGITS = "零〇一二三四五六七八九十百千万亿两"
CHINESE = rf"[一二三四五六七八九十两][{CN_DIGITS}]*(?:点[零〇一二三四五六七八九]+)?"
NUMBER = rf"(?:{ARABIC}|{CHINESE})"
# 1-2  1~2  1—2  10至20  三到五
RANGE_SEP = r"\s?(?:-|~|—|–|至|到)\s?"

_CN_VALUE = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN_SMALL_UNIT = {"十": 10, "百": 100, "千": 1000}
_CN_BIG_UNIT = {"万": 10_000, "亿": 100_000_000}
_MULTIPLIER = {"十": 10, "百": 100, "千": 1000, "万": 10_000, "亿": 100_000_000}
_ARABIC_RE = re.compile(r"(\d[\d,]*(?:\.\d+)?)([十百千万亿]*)")
_PERCENT_WORDS = re.compile(r"百分之(.+)")
_RANGE_RE = re.compile(rf"({NUMBER}[万亿]?){RANGE_SEP}({NUMBER}[万亿]?)")


def tidy(value: float) -> int | float:
    """3.0 → 3, 2.35 stays 2.35 (floats rounded so 1.2 × 10000 is 12000, not 12000.000000000002)."""
    value = round(value, 6)
    return int(value) if float(value).is_integer() else value


def _chinese_integer(s: str) -> int:
    """三千零五 → 3005, 一万二千 → 12000, 十五 → 15, 二〇二五 → 2025 (digit by digit)."""
    if s and all(ch in _CN_VALUE for ch in s) and len(s) > 1:
        return int("".join(str(_CN_VALUE[ch]) for ch in s))
    total = section = digit = 0
    for ch in s:
        if ch in _CN_VALUE:
            digit = _CN_VALUE[ch]
        elif ch in _CN_SMALL_UNIT:
            section += (digit or 1) * _CN_SMALL_UNIT[ch]
            digit = 0
        elif ch in _CN_BIG_UNIT:
            total = (total + section + digit) * _CN_BIG_UNIT[ch]
            section = digit = 0
        else:
            raise ValueError(s)
    return total + section + digit


def _chinese(s: str) -> float:
    if "点" in s:
        whole, _, frac = s.partition("点")
        digits = "".join(str(_CN_VALUE[ch]) for ch in frac)
        return (_chinese_integer(whole) if whole else 0) + float(f"0.{digits}")
    return _chinese_integer(s)


@lru_cache(maxsize=4096)
def parse_number(text: str) -> int | float | None:
    """The value of one numeral, or None: '1,200' → 1200, '1.2万' → 12000, '三千' → 3000, '百分之十' → 10.

    cn2an is the reference for Chinese numerals; the small parser above is used first because cn2an is
    slow and refuses some forms plans use (两百, 二〇二五 with a 万 after it).
    """
    s = text.strip()
    if not s:
        return None
    pm = _PERCENT_WORDS.fullmatch(s)
    if pm:
        return parse_number(pm.group(1))
    am = _ARABIC_RE.fullmatch(s)
    if am:
        value = float(am.group(1).replace(",", ""))
        for ch in am.group(2):
            value *= _MULTIPLIER[ch]
        return tidy(value)
    try:
        return tidy(_chinese(s))
    except (ValueError, KeyError):
        pass
    try:
        import cn2an

        return tidy(float(cn2an.cn2an(s, "smart")))
    except Exception:  # cn2an raises its own ValueError subclasses and plain exceptions
        return None


def parse_range(text: str) -> tuple[int | float, int | float] | None:
    """'1-2' → (1, 2), '10至20' → (10, 20), '三到五' → (3, 5); None when it is not a rising range."""
    m = _RANGE_RE.fullmatch(text.strip())
    if not m:
        return None
    low, high = parse_number(m.group(1)), parse_number(m.group(2))
    if low is None or high is None or not low < high:
        return None
    return low, high
