"""Writes of assessment: the planner chooses how a plan is scored."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from workplan.core.errors import DomainError, PermissionDenied
from workplan.plans.models import Plan
from workplan.units.selectors import actor_for_user

from .models import ScoringScheme

SCHEME_FIELDS = ("method", "full_marks", "bonus_cap", "late_penalty")


def scoring_scheme_update(*, user, plan: Plan, **values: Any) -> ScoringScheme:
    """Set the scoring method and its parameters for ``plan``; planners only."""
    if not actor_for_user(user).plans:
        raise PermissionDenied(_("Only planners may choose how a plan is scored."), "not_planner")
    unknown = set(values) - set(SCHEME_FIELDS)
    if unknown:
        raise DomainError(_("Unknown setting: %(names)s") % {"names": ", ".join(sorted(unknown))}, "unknown_setting")
    scheme = ScoringScheme.objects.filter(plan=plan).first() or ScoringScheme(plan=plan)
    for name, value in values.items():
        setattr(scheme, name, value)
    scheme.updated_by = user
    scheme._history_user = user
    scheme.full_clean()
    scheme.save()
    return scheme
