"""Workplan: annual science-and-technology work plans, parsed, tracked, supervised and assessed."""

__version__ = "0.1.0"
