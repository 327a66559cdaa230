"""Spreadsheet helpers shared by exports and templates."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

# A cell starting with one of these is a formula (or DDE payload) in Excel, WPS and LibreOffice.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠")


def safe_cell(value: Any) -> Any:
    """A value safe to write into an exported cell: text that would run as a formula gets a leading '.

    Numbers stay numbers (a negative number is not a formula).
    """
    if value is None or isinstance(value, (int, float, Decimal)):
        return value
    text = str(value)
    if text.startswith(_FORMULA_START):
        return "'" + text
    return text
