"""Who a user is: roles and units. Every other app's visibility rules start here."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Q, QuerySet

from .models import Membership, Role, Unit, UnitAlias


@dataclass(frozen=True)
class Actor:
    """A user's roles and the units it reports for, loaded once per request."""

    user_id: int | None
    is_superuser: bool = False
    roles: frozenset[str] = frozenset()
    reporter_unit_ids: frozenset[int] = field(default_factory=frozenset)

    @property
    def reads_all(self) -> bool:
        return self.is_superuser or bool(self.roles & {Role.PLANNER, Role.SUPERVISOR, Role.LEADER})

    @property
    def plans(self) -> bool:
        return self.is_superuser or Role.PLANNER in self.roles

    @property
    def reviews(self) -> bool:
        return self.is_superuser or Role.SUPERVISOR in self.roles

    @property
    def reports(self) -> bool:
        return bool(self.reporter_unit_ids)


def actor_for_user(user) -> Actor:
    """Roles of ``user``; cached on the user object so a request asks the database once."""
    if user is None or not user.is_authenticated:
        return Actor(user_id=None)
    cached = getattr(user, "_workplan_actor", None)
    if cached is not None:
        return cached
    rows = list(Membership.objects.filter(user_id=user.pk, unit__is_active=True).values_list("role", "unit_id"))
    actor = Actor(
        user_id=user.pk,
        is_superuser=user.is_superuser,
        roles=frozenset(r for r, _ in rows),
        reporter_unit_ids=frozenset(u for r, u in rows if r == Role.REPORTER),
    )
    user._workplan_actor = actor
    return actor


def unit_list_for_user(user) -> QuerySet[Unit]:
    """Unit names are not secret: every signed-in user may list them (for assignment and autocomplete)."""
    return Unit.objects.select_related("parent").prefetch_related("aliases")


def unit_search(*, query: str, limit: int = 20) -> list[Unit]:
    """Units whose name or alias contains ``query``, exact matches first (the assignment autocomplete)."""
    query = query.strip()
    if not query:
        return []
    qs = (
        Unit.objects.filter(is_active=True)
        .filter(Q(name__icontains=query) | Q(aliases__name__icontains=query))
        .distinct()
        .prefetch_related("aliases")
    )
    units = list(qs[: limit * 2])
    units.sort(key=lambda u: (u.name != query and query not in {a.name for a in u.aliases.all()}, len(u.name)))
    return units[:limit]


def unit_resolve_names(names: list[str]) -> dict[str, Unit]:
    """Map each document name to a unit by exact name or alias; unknown names are absent from the result."""
    wanted = {n.strip() for n in names if n and n.strip()}
    if not wanted:
        return {}
    found: dict[str, Unit] = {u.name: u for u in Unit.objects.filter(name__in=wanted)}
    for alias in UnitAlias.objects.filter(name__in=wanted - set(found)).select_related("unit"):
        found[alias.name] = alias.unit
    return found
