"""History entries made readable on pages: choice labels, names instead of ids, local times, plain numbers.

``history_list_for_user`` returns raw stored values (``submitted``, ``6``, an ISO time); the pages show
``已提交``, the user or unit name, and ``2026-11-23 19:09``.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import models
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from .history import HISTORY_KINDS, HistoryEntry


def history_for_display(entries: list[HistoryEntry], *, kind: str) -> list[HistoryEntry]:
    """The same entries with each change's ``old``/``new`` replaced by text for people (two queries at most
    per related model)."""
    model = HISTORY_KINDS[kind][0]
    fields = {f.name: f for f in model._meta.concrete_fields}
    wanted: dict[type[models.Model], set] = defaultdict(set)
    for entry in entries:
        for change in entry.changes:
            field = fields.get(change.field)
            if field is not None and field.is_relation:
                wanted[field.related_model] |= {v for v in (change.old, change.new) if v is not None}
    names = {
        related: {obj.pk: _name(obj) for obj in related._default_manager.filter(pk__in=ids)}
        for related, ids in wanted.items()
    }
    for entry in entries:
        for change in entry.changes:
            field = fields.get(change.field)
            if field is not None:
                change.old = _show(field, change.old, names)
                change.new = _show(field, change.new, names)
    return entries


def _name(obj: models.Model) -> str:
    get_username = getattr(obj, "get_username", None)
    return get_username() if callable(get_username) else str(obj)


def _show(field: models.Field, value: Any, names: dict) -> Any:
    if value is None or value == "":
        return None
    if field.is_relation:
        return names.get(field.related_model, {}).get(value, f"#{value}")
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(field, models.BooleanField):
        return _("yes") if value else _("no")
    if isinstance(field, models.DateTimeField):
        moment = value if isinstance(value, dt.datetime) else dt.datetime.fromisoformat(str(value))
        if timezone.is_aware(moment):
            moment = timezone.localtime(moment)
        return formats.date_format(moment, "Y-m-d H:i")
    if isinstance(field, models.DecimalField):
        try:
            return f"{Decimal(str(value)).normalize():f}"
        except InvalidOperation:
            return value
    return value
