"""Numbered headings (一、 (一) 1. 1、 (1) ① …), levels inferred per part, run-in titles split from bodies."""

from __future__ import annotations

from .model import Heading, Part
from .text import Text


def build_outline(text: Text, part: Part) -> list[Heading]:
    return []
