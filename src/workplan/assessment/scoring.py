"""Scores of units from the completion of their targets: the arithmetic, with every point explained.

Each unit's targets share the full marks in proportion to their weights. A target earns its available points
times its score ratio: completion against what is expected by the assessed period (at mid-year, 40% done when
50% is due scores 0.8; at year end the expected share is 100%). The method decides what happens above 1:
``linear`` keeps it, ``capped`` stops at 1, ``bonus`` allows up to 1 + bonus cap. Each late or missing report
costs ``late_penalty`` points; a total never falls below zero.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from workplan.supervision.status import fmt_percent

CENT = Decimal("0.01")


def _q(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def _n(value: Decimal) -> str:
    """Points for text: 27.50 → '27.5', 60.00 → '60'."""
    text = f"{_q(value):f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


@dataclass
class ScoreLine:
    """One line of a unit's score: a target's points or a penalty, with the reason in words."""

    kind: str  # "target" | "penalty"
    item_id: int | None
    label: str
    weight: Decimal
    available: Decimal
    ratio: Decimal | None
    points: Decimal
    text: str


@dataclass
class UnitScore:
    unit_id: int
    unit: str
    total: Decimal = Decimal(0)
    rank: int = 0
    lines: list[ScoreLine] = field(default_factory=list)

    @property
    def penalty(self) -> Decimal:
        return -sum((line.points for line in self.lines if line.kind == "penalty"), Decimal(0))


@dataclass(frozen=True)
class TargetInput:
    item_id: int
    label: str
    weight: Decimal
    completion: float | None  # None: nothing reported
    expected: float  # share expected by now (1 at year end)


def score_ratio(method: str, completion: float, expected: float, bonus_cap: Decimal) -> Decimal:
    """Completion over what is expected, shaped by the method (4 decimals)."""
    raw = Decimal(str(completion)) / Decimal(str(expected)) if expected > 0 else Decimal(str(completion))
    raw = raw.quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)
    if method == "capped":
        return min(raw, Decimal(1))
    if method == "bonus":
        return min(raw, Decimal(1) + bonus_cap)
    return raw


def unit_score(
    *,
    unit_id: int,
    unit: str,
    targets: list[TargetInput],
    late_reports: int,
    method: str,
    full_marks: Decimal,
    bonus_cap: Decimal,
    late_penalty: Decimal,
) -> UnitScore:
    """The score of one unit with a line per target and one for late reports."""
    score = UnitScore(unit_id, unit)
    total_weight = sum((t.weight for t in targets), Decimal(0))
    for t in targets:
        available = full_marks * t.weight / total_weight if total_weight else Decimal(0)
        values = {
            "weight": _n(t.weight),
            "total": _n(total_weight),
            "available": _n(available),
            "points": "0",
            "done": fmt_percent(t.completion or 0.0),
            "elapsed": fmt_percent(t.expected),
            "cap": fmt_percent(float(Decimal(1) + bonus_cap)),
        }
        if t.completion is None:
            text = (
                _("Weight %(weight)s of %(total)s, %(available)s points available; nothing reported: 0 points") % values
            )
            score.lines.append(ScoreLine("target", t.item_id, t.label, t.weight, _q(available), None, Decimal(0), text))
            continue
        ratio = score_ratio(method, t.completion, t.expected, bonus_cap)
        points = _q(available * ratio)
        values["ratio"] = fmt_percent(float(ratio))
        values["points"] = _n(points)
        raw_over = t.completion / t.expected > 1 if t.expected else t.completion > 1
        if t.expected < 1:
            text = (
                _(
                    "Weight %(weight)s of %(total)s, %(available)s points available; completed %(done)s against "
                    "%(elapsed)s due, counted as %(ratio)s: %(points)s points"
                )
                % values
            )
        elif raw_over and method == "capped":
            text = (
                _(
                    "Weight %(weight)s of %(total)s, %(available)s points available; completed %(done)s, counted as "
                    "100%%: %(points)s points"
                )
                % values
            )
        elif raw_over and method == "bonus":
            text = (
                _(
                    "Weight %(weight)s of %(total)s, %(available)s points available; completed %(done)s, bonus up to "
                    "%(cap)s, counted as %(ratio)s: %(points)s points"
                )
                % values
            )
        else:
            text = (
                _(
                    "Weight %(weight)s of %(total)s, %(available)s points available; completed %(done)s: %(points)s points"
                )
                % values
            )
        score.lines.append(ScoreLine("target", t.item_id, t.label, t.weight, _q(available), ratio, points, text))
    subtotal = sum((line.points for line in score.lines), Decimal(0))
    if late_reports and late_penalty:
        deduction = min(_q(late_penalty * late_reports), subtotal)
        text = _("%(n)d report(s) late or missing, %(each)s points each: minus %(points)s points") % {
            "n": late_reports,
            "each": _n(late_penalty),
            "points": _n(deduction),
        }
        score.lines.append(
            ScoreLine(
                "penalty", None, pgettext("assessment", "Late reports"), Decimal(0), Decimal(0), None, -deduction, text
            )
        )
    score.total = _q(sum((line.points for line in score.lines), Decimal(0)))
    return score


def rank(scores: list[UnitScore]) -> list[UnitScore]:
    """Sort by total, highest first; equal totals share a rank (1, 2, 2, 4)."""
    ordered = sorted(scores, key=lambda s: (-s.total, s.unit))
    for i, s in enumerate(ordered):
        s.rank = ordered[i - 1].rank if i and s.total == ordered[i - 1].total else i + 1
    return ordered
