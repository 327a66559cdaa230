"""Web-page residue: navigation, view counters, font-size switches, footers and contact lines.

Residue lines are flagged, never removed, so offsets into the source stay valid.
"""

from __future__ import annotations

from .text import Text


def mark_residue(text: Text) -> None:
    """Flag the lines of ``text`` that are page furniture rather than plan text."""
