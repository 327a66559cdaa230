"""Score parser output against gold annotations, by the rules of ``../shared/gold/SCHEMA.md`` "Scoring".

Inputs are JSON-like dicts in the gold structure (``{"doc", "parts": [{"part", "targets", "outline",
"responsibilities"}]}``), keyed by document stem. Only documents that have a gold annotation are scored;
a prediction that is missing counts as a document with no parts.

- targets: greedy one-to-one matching per part. A pair needs equal ``value``, ``value_max`` and ``unit``
  (个百分点 = 百分点) and a subject overlap (character-bigram Dice) of at least 0.5; the quote's overlap,
  discounted by 0.9, stands in when it is higher. Each gold target takes the best such prediction
  still free; on a tie the later prediction wins.
- fields: comparator, measure, deadline, per_year, aspirational compared over matched pairs
  (a missing flag counts as false).
- outline: a gold heading matches the first free prediction of the same level, the same label
  (brackets ignored) and a title Dice of at least 0.6.
- responsibilities: sets of (first 8 characters of the task title, role, unit) compared exactly.

Text is compared after NFKC, with whitespace removed and traditional characters simplified.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

TARGET_MIN_DICE = 0.5
OUTLINE_MIN_DICE = 0.6
QUOTE_WEIGHT = 0.9  # a matching quote is weaker evidence than a matching subject
TASK_KEY_CHARS = 8
FIELDS = ("comparator", "measure", "deadline", "per_year", "aspirational")
FLAG_FIELDS = frozenset({"per_year", "aspirational"})

Record = Mapping[str, Any]


@cache
def _simplify():
    try:
        from opencc import OpenCC
    except ImportError:  # pragma: no cover - opencc is a dependency; scoring still runs, a little stricter
        return lambda s: s
    return OpenCC("t2s").convert


def canonical(text: str | None) -> str:
    """NFKC, no whitespace, simplified script: the form in which texts are compared."""
    folded = unicodedata.normalize("NFKC", text or "")
    return _simplify()("".join(ch for ch in folded if not ch.isspace()))


def _bigrams(text: str | None) -> set[str]:
    s = canonical(text)
    pairs = {s[i : i + 2] for i in range(len(s) - 1)}
    return pairs or {s}  # a one-character (or empty) text is its own single "bigram"


def dice(a: str | None, b: str | None) -> float:
    """Character-bigram Dice coefficient of two texts (1.0 for equal texts, 0.0 for disjoint ones)."""
    left, right = _bigrams(a), _bigrams(b)
    return 2 * len(left & right) / (len(left) + len(right))


def _number(value: Any) -> float | None:
    return None if value is None else round(float(value), 6)


def _unit(unit: str | None) -> str:
    return canonical(unit).replace("个百分点", "百分点")


def _same_quantity(gold: Record, pred: Record) -> bool:
    return (
        _number(pred.get("value")) == _number(gold.get("value"))
        and _number(pred.get("value_max")) == _number(gold.get("value_max"))
        and _unit(pred.get("unit")) == _unit(gold.get("unit"))
    )


def match_targets(gold: list[Record], pred: list[Record]) -> list[tuple[Record, Record]]:
    """Pairs (gold, prediction), each prediction used at most once, gold taken in order."""
    pairs: list[tuple[Record, Record]] = []
    taken: set[int] = set()
    for g in gold:
        best_score, best_index = TARGET_MIN_DICE, None
        for j, p in enumerate(pred):
            if j in taken or not _same_quantity(g, p):
                continue
            overlap = max(dice(g.get("subject"), p.get("subject")), QUOTE_WEIGHT * dice(g.get("quote"), p.get("quote")))
            if overlap >= best_score:
                best_score, best_index = overlap, j
        if best_index is not None:
            taken.add(best_index)
            pairs.append((g, pred[best_index]))
    return pairs


def field_agrees(name: str, gold: Record, pred: Record) -> bool:
    if name in FLAG_FIELDS:
        return bool(gold.get(name) or False) == bool(pred.get(name) or False)
    return gold.get(name) == pred.get(name)


def _label(label: str | None) -> str:
    return canonical(label).strip("()（）")


def match_outline(gold: list[Record], pred: list[Record]) -> int:
    """Number of gold headings matched one-to-one by a prediction."""
    matched = 0
    taken: set[int] = set()
    for g in gold:
        for j, p in enumerate(pred):
            if j in taken:
                continue
            if (
                p.get("level") == g.get("level")
                and _label(p.get("label")) == _label(g.get("label"))
                and dice(g.get("title"), p.get("title")) >= OUTLINE_MIN_DICE
            ):
                taken.add(j)
                matched += 1
                break
    return matched


def responsibility_keys(records: Iterable[Record]) -> set[tuple[str, str, str]]:
    keys = set()
    for r in records:
        task = canonical(r.get("task_title"))[:TASK_KEY_CHARS]
        for role in ("lead", "support"):
            for unit in r.get(role) or []:
                keys.add((task, role, canonical(unit)))
    return keys


def prf(matched: int, n_gold: int, n_pred: int) -> tuple[float, float, float]:
    """Precision, recall, F1; nothing predicted against nothing expected is perfect."""
    precision = matched / n_pred if n_pred else (1.0 if not n_gold else 0.0)
    recall = matched / n_gold if n_gold else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


@dataclass
class Tally:
    gold: int = 0
    pred: int = 0
    matched: int = 0

    def add(self, gold: int, pred: int, matched: int) -> None:
        self.gold += gold
        self.pred += pred
        self.matched += matched

    def prf(self) -> tuple[float, float, float]:
        return prf(self.matched, self.gold, self.pred)


@dataclass
class Score:
    per_doc: dict[str, tuple[float, float, float]] = field(default_factory=dict)
    targets: Tally = field(default_factory=Tally)
    outline: Tally = field(default_factory=Tally)
    responsibilities: Tally = field(default_factory=Tally)
    fields_right: int = 0
    fields_total: int = 0
    docs: int = 0
    docs_parts_right: int = 0
    diff_lines: list[str] = field(default_factory=list)  # MISSED/EXTRA targets, in scoring order

    @property
    def fields(self) -> float:
        return self.fields_right / self.fields_total if self.fields_total else 0.0

    def as_dict(self) -> dict[str, Any]:
        """The figures as the gold ``score.py --json`` prints them."""
        precision, recall, f1 = self.targets.prf()
        return {
            "per_doc": dict(self.per_doc),
            "targets_f1": f1,
            "targets_p": precision,
            "targets_r": recall,
            "fields": self.fields,
            "outline_f1": self.outline.prf()[2],
            "resp_f1": self.responsibilities.prf()[2],
            "parts": f"{self.docs_parts_right}/{self.docs}",
            "n_gold_targets": self.targets.gold,
            "n_pred_targets": self.targets.pred,
        }


def _parts_by_number(doc: Record) -> dict[Any, Record]:
    return {p.get("part", i + 1): p for i, p in enumerate(doc.get("parts", []))}


def _describe(kind: str, doc: str, part: Any, t: Record) -> str:
    return f"  {kind:<6} {doc} p{part}: {t.get('quote')} -> {t.get('value')}{t.get('unit')}"


def _score_part(score: Score, doc: str, number: Any, gold: Record, pred: Record, per_doc: Tally) -> None:
    gold_targets, pred_targets = gold.get("targets", []), pred.get("targets", [])
    pairs = match_targets(gold_targets, pred_targets)
    per_doc.add(len(gold_targets), len(pred_targets), len(pairs))
    for g, p in pairs:
        for name in FIELDS:
            score.fields_total += 1
            score.fields_right += field_agrees(name, g, p)
    matched_gold = {id(g) for g, _ in pairs}
    matched_pred = {id(p) for _, p in pairs}
    score.diff_lines += [_describe("MISSED", doc, number, g) for g in gold_targets if id(g) not in matched_gold]
    score.diff_lines += [_describe("EXTRA", doc, number, p) for p in pred_targets if id(p) not in matched_pred]

    gold_outline, pred_outline = gold.get("outline", []), pred.get("outline", [])
    score.outline.add(len(gold_outline), len(pred_outline), match_outline(gold_outline, pred_outline))
    gold_resp = responsibility_keys(gold.get("responsibilities", []))
    pred_resp = responsibility_keys(pred.get("responsibilities", []))
    score.responsibilities.add(len(gold_resp), len(pred_resp), len(gold_resp & pred_resp))


def score_documents(gold: Mapping[str, Record], pred: Mapping[str, Record]) -> Score:
    """Score predictions against gold annotations, both keyed by document stem.

    Documents are taken in the order of their gold file names; parts are paired by part number, and
    predicted parts without a gold counterpart only count against the part-count check.
    """
    score = Score()
    for doc in sorted(gold, key=lambda stem: f"{stem}.json"):
        gold_parts = _parts_by_number(gold[doc])
        pred_parts = _parts_by_number(pred.get(doc) or {"parts": []})
        score.docs += 1
        score.docs_parts_right += len(gold_parts) == len(pred_parts)
        per_doc = Tally()
        for number, gold_part in gold_parts.items():
            _score_part(score, doc, number, gold_part, pred_parts.get(number, {}), per_doc)
        score.targets.add(per_doc.gold, per_doc.pred, per_doc.matched)
        score.per_doc[doc] = per_doc.prf()
    return score


def load_gold(gold_dir: str | Path) -> dict[str, dict[str, Any]]:
    """``GOLD_DIR/<doc>.json`` annotations keyed by stem."""
    return {f.stem: json.loads(f.read_text("utf-8")) for f in sorted(Path(gold_dir).glob("*.json"))}


def report_lines(score: Score, *, verbose: bool = False) -> list[str]:
    """The report as text lines; the last is the one-line summary."""
    s = score.as_dict()
    lines = list(score.diff_lines) if verbose else []
    lines += [f"{doc}: targets P={p:.3f} R={r:.3f} F1={f:.3f}" for doc, (p, r, f) in s["per_doc"].items()]
    lines.append(f"gold targets {s['n_gold_targets']}, predicted {s['n_pred_targets']}, part counts right {s['parts']}")
    lines.append(
        f"targets F1={s['targets_f1']:.3f} P={s['targets_p']:.3f} R={s['targets_r']:.3f} "
        f"fields={s['fields']:.3f} outline F1={s['outline_f1']:.3f} resp F1={s['resp_f1']:.3f}"
    )
    return lines


def report_json(score: Score) -> str:
    return json.dumps(score.as_dict(), ensure_ascii=False, indent=1)
