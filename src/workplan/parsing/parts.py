"""Split a compilation (第一篇…第五篇, or plans pasted one after another) into parts."""

from __future__ import annotations

from .model import Part
from .text import Text


def split_parts(text: Text) -> list[Part]:
    return [Part(part=1, start=0, end=len(text.source))]
