"""Checks on a parsed part: tasks with no measurable target and no responsible unit, targets with no deadline."""

from __future__ import annotations

from .model import Finding, Part


def lint_part(part: Part) -> list[Finding]:
    return []
