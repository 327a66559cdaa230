"""Per-item change history (django-simple-history), read-only, filtered by who may see the item."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from workplan.core.errors import DomainError
from workplan.plans import selectors as plan_selectors
from workplan.plans.models import Assignment, Plan, Section, Target

from . import selectors as report_selectors
from .models import TargetReport, TaskReport

# kind → (model, selector that checks the user may see the object)
HISTORY_KINDS = {
    "plan": (Plan, plan_selectors.plan_get_for_user),
    "section": (Section, plan_selectors.section_get_for_user),
    "target": (Target, plan_selectors.target_get_for_user),
    "assignment": (Assignment, plan_selectors.assignment_get_for_user),
    "target_report": (TargetReport, report_selectors.target_report_get_for_user),
    "task_report": (TaskReport, report_selectors.task_report_get_for_user),
}
_SKIP = {"id", "created_at", "updated_at", "history_id", "history_date", "history_user", "history_type"}


@dataclass
class Change:
    field: str
    label: str
    old: Any
    new: Any


@dataclass
class HistoryEntry:
    id: int
    date: Any
    action: str  # created / changed / deleted (stable code)
    action_label: str  # the same, translated
    user: str
    changes: list[Change] = field(default_factory=list)


def history_list_for_user(user, *, kind: str, object_id: int) -> list[HistoryEntry]:
    """Every recorded version of one item, oldest first, with the fields that changed in each.

    A deleted item's history stays readable to planners, supervisors and leaders.
    """
    if kind not in HISTORY_KINDS:
        raise DomainError(
            _("Unknown kind of item: %(kind)s") % {"kind": kind}, "bad_kind", {"kinds": sorted(HISTORY_KINDS)}
        )
    model, get_for_user = HISTORY_KINDS[kind]
    if model.objects.filter(pk=object_id).exists() or not _reads_all(user):
        get_for_user(user, object_id)  # raises NotFound / PermissionDenied
    records = list(model.history.filter(id=object_id).select_related("history_user").order_by("history_date", "pk"))
    fields = [f for f in model._meta.concrete_fields if f.attname not in _SKIP and f.name not in _SKIP]
    entries, previous = [], None
    for rec in records:
        action = {"+": "created", "~": "changed", "-": "deleted"}[rec.history_type]
        action_label = {"+": _("created"), "~": _("changed"), "-": _("deleted")}[rec.history_type]
        changes = []
        for f in fields:
            new = getattr(rec, f.attname, None)
            old = getattr(previous, f.attname, None) if previous is not None else None
            if previous is None and rec.history_type == "+":
                if new in (None, ""):
                    continue
            elif new == old:
                continue
            changes.append(Change(f.name, str(f.verbose_name), _plain(old), _plain(new)))
        entries.append(
            HistoryEntry(
                rec.history_id,
                rec.history_date,
                action,
                action_label,
                rec.history_user.get_username() if rec.history_user else "",
                changes,
            )
        )
        previous = rec
    return entries


def _reads_all(user) -> bool:
    from workplan.units.selectors import actor_for_user

    return actor_for_user(user).reads_all


def _plain(value: Any) -> Any:
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    return str(value)
