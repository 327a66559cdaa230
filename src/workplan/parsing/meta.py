"""Meta data of a part: title, issuer, region, plan and end year, document number, publication date."""

from __future__ import annotations

from .model import Meta, Part
from .text import Text


def extract_meta(text: Text, part: Part) -> Meta:
    return Meta()
