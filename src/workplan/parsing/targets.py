"""Quantitative commitments: subject, value, unit, comparator, measure, deadline, hedges."""

from __future__ import annotations

from .model import Part, Target
from .text import Text


def extract_targets(text: Text, part: Part) -> list[Target]:
    return []
