"""The structured plan the parser produces.

Offsets (``start``/``end``) are character offsets into ``ParsedDocument.source``, the text as loaded
(for .txt the decoded file; for docx/pdf/html the extracted text). ``source[start:end] == quote``.
``to_dict`` gives the JSON structure of the gold annotations (``../shared/gold/SCHEMA.md``) with extra
fields (offsets, heading path, lint) that the scorer ignores.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

Comparator = Literal[">=", ">", "<=", "<", "=", "range"]
Measure = Literal["count", "amount", "percent", "growth"]


@dataclass
class Meta:
    title: str | None = None
    issuer: str | None = None
    region: str | None = None
    plan_year: int | None = None
    end_year: int | None = None
    doc_number: str | None = None
    published: str | None = None  # ISO date


@dataclass
class Heading:
    level: int  # 1 = outermost numbering scheme used in this part
    label: str  # number as written without punctuation: 一, (一), 1, (1), ①
    title: str  # run-in title up to the first 。, or the whole line
    start: int  # offset of the label
    end: int  # end of the title
    body_start: int = 0  # the heading's own text, up to the next heading
    body_end: int = 0
    scheme: str = ""  # numbering scheme key, e.g. "cn_dun" for 一、


@dataclass
class Target:
    quote: str
    subject: str
    value: float | int
    unit: str
    comparator: Comparator = "="
    measure: Measure = "count"
    value_max: float | int | None = None
    deadline: int | None = None
    per_year: bool = False
    aspirational: bool = False
    start: int = 0
    end: int = 0
    heading: int | None = None  # index into the part's outline, the innermost heading above the quote


@dataclass
class Responsibility:
    task_label: str | None
    task_title: str | None
    lead: list[str]  # unit names as written (simplified script, shared suffix expanded)
    support: list[str]
    text: str
    start: int = 0
    end: int = 0
    heading: int | None = None
    lead_units: list[str] = field(default_factory=list)  # ``lead`` through the alias table (市发改委 → 市发展改革委)
    support_units: list[str] = field(default_factory=list)


@dataclass
class Finding:
    code: str  # W001 …
    message: str
    heading: int | None = None
    target: int | None = None


@dataclass
class Part:
    part: int  # numbered from 1 in order of appearance
    start: int
    end: int
    meta: Meta = field(default_factory=Meta)
    outline: list[Heading] = field(default_factory=list)
    targets: list[Target] = field(default_factory=list)
    responsibilities: list[Responsibility] = field(default_factory=list)
    lint: list[Finding] = field(default_factory=list)


@dataclass
class ParsedDocument:
    doc: str  # file stem
    source: str  # the text as loaded; every offset points into it
    parts: list[Part] = field(default_factory=list)
    format: str = "txt"

    def to_dict(self, *, include_source: bool = False) -> dict[str, Any]:
        out: dict[str, Any] = {"doc": self.doc, "format": self.format, "parts": [asdict(p) for p in self.parts]}
        if include_source:
            out["source"] = self.source
        return out
