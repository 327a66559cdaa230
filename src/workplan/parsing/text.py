"""Normalised working text with a 1:1 offset map back to the source.

Every stage reads ``Text.norm``: full-width ASCII folded to ASCII, the ideographic space to a space and
traditional characters to simplified ones, one character for one character, so an offset into ``norm``
is the same offset into ``source`` and quotes are cut from the source as the user wrote it.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import cache

_FULLWIDTH = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}
_FULLWIDTH[0x3000] = 0x20  # ideographic space
_FULLWIDTH[0x00A0] = 0x20  # no-break space from web pages
# en/em/thin/hair spaces (U+2000–U+200A), narrow no-break and math spaces: typesetting from Word and PDFs
_FULLWIDTH.update(dict.fromkeys([*range(0x2000, 0x200B), 0x202F, 0x205F], 0x20))
# zero-width space, non-joiner, joiner, word joiner: keep the length, drop the meaning
_FULLWIDTH.update(dict.fromkeys([0x200B, 0x200C, 0x200D, 0x2060], 0x20))
_FULLWIDTH[0xFEFF] = 0x20  # BOM
_FULLWIDTH[0x2014] = 0x2014  # em dash stays (ranges like 2022—2025 are handled by rules)


@cache
def _t2s():
    from opencc import OpenCC

    return OpenCC("t2s")


_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+")
_SURROGATE = re.compile(r"[\ud800-\udfff]")


def to_simplified(s: str) -> str:
    """Traditional → simplified, keeping the length (a phrase that changes length is converted per character)."""
    conv = _t2s().convert
    s = _SURROGATE.sub("\ufffd", s)  # a lone surrogate (from surrogateescape) cannot reach opencc as UTF-8
    out = conv(s)
    if len(out) == len(s):
        return out
    chars = []
    for ch in s:
        c = conv(ch) if _HAN.match(ch) else ch
        chars.append(c if len(c) == 1 else ch)
    return "".join(chars)


# str.translate with a dict is slow on non-ASCII text; a regex touches only the characters to fold.
_FOLD = re.compile("[" + "".join(re.escape(chr(c)) for c, to in sorted(_FULLWIDTH.items()) if c != to) + "\r]")


def _fold(m: re.Match[str]) -> str:
    ch = m.group()
    return "\n" if ch == "\r" else chr(_FULLWIDTH[ord(ch)])


def normalize(source: str) -> str:
    """Return text of exactly ``len(source)`` characters that the rules can match."""
    s = _FOLD.sub(_fold, source)
    if _HAN.search(s):
        s = to_simplified(s)
    assert len(s) == len(source)
    return s


@dataclass
class Line:
    start: int  # offset of the first character of the line
    end: int  # offset just past the last character (newline excluded)
    text: str  # normalised text, norm[start:end]
    residue: bool = False  # web-page residue (navigation, footers …): kept for offsets, ignored by rules

    @property
    def stripped(self) -> str:
        return self.text.strip()


@dataclass
class Text:
    source: str
    norm: str
    lines: list[Line] = field(default_factory=list)
    _line_starts: list[int] | None = field(default=None, repr=False, compare=False)

    @classmethod
    def from_source(cls, source: str) -> Text:
        norm = normalize(source)
        lines = []
        pos = 0
        for raw in norm.split("\n"):
            lines.append(Line(pos, pos + len(raw), raw))
            pos += len(raw) + 1
        return cls(source, norm, lines)

    def quote(self, start: int, end: int) -> str:
        return self.source[start:end]

    def lines_between(self, start: int, end: int) -> list[Line]:
        """The lines that start in ``[start, end)``: a bisect, so per-part scans stay linear in a compilation."""
        starts = self._line_starts
        if starts is None or len(starts) != len(self.lines):
            starts = self._line_starts = [ln.start for ln in self.lines]
        return self.lines[bisect.bisect_left(starts, start) : bisect.bisect_left(starts, end)]
