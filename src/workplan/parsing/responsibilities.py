"""Lead and supporting units: (X牵头,Y、Z等按职责分工负责) and similar forms."""

from __future__ import annotations

from .model import Part, Responsibility
from .text import Text


def extract_responsibilities(text: Text, part: Part, aliases: dict[str, str] | None = None) -> list[Responsibility]:
    return []
