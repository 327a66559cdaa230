"""Completion of a target from a reported value: the ratio shown on overviews (0–1, capped).

The supervision issue replaces this with tunable status rules; this is the plain ratio they start from.
"""

from __future__ import annotations

from decimal import Decimal

from .models import Comparator


def target_completion(
    *, comparator: str, value: Decimal | None, actual: Decimal | None, baseline: Decimal | None = None
) -> float | None:
    """Share of the target reached, 0–1; ``None`` when nothing was reported or the target is zero-sized.

    Upper limits (≤, <) count as met while the actual stays within them; with a baseline, the ratio is the
    distance covered from the baseline towards the target.
    """
    if actual is None or value is None:
        return None
    actual, value = Decimal(actual), Decimal(value)
    if comparator in (Comparator.LE, Comparator.LT):
        if actual <= value:
            return 1.0
        return float(value / actual) if actual > 0 else 0.0
    if baseline is not None and value != baseline:
        ratio = (actual - Decimal(baseline)) / (value - Decimal(baseline))
    elif value == 0:
        return None
    else:
        ratio = actual / value
    return float(min(Decimal(1), max(Decimal(0), ratio)))
