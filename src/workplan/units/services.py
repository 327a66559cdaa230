"""Writes to units and memberships."""

from __future__ import annotations

from django.db import transaction

from .models import Membership, Role, Unit, UnitAlias


@transaction.atomic
def unit_create(*, name: str, kind: str = Unit.Kind.DEPARTMENT, parent: Unit | None = None, aliases=()) -> Unit:
    unit = Unit(name=name.strip(), kind=kind, parent=parent)
    unit.full_clean()
    unit.save()
    for alias in aliases:
        unit_alias_add(unit=unit, name=alias)
    return unit


def unit_alias_add(*, unit: Unit, name: str) -> UnitAlias:
    alias = UnitAlias(unit=unit, name=name.strip())
    alias.full_clean()
    alias.save()
    return alias


def membership_grant(*, user, unit: Unit, role: Role | str) -> Membership:
    membership, _ = Membership.objects.get_or_create(user=user, unit=unit, role=role)
    if hasattr(user, "_workplan_actor"):
        del user._workplan_actor
    return membership
