"""Reads of plans that decide visibility, and the plan overview.

Planners, supervisors and leaders read every plan; a reporter reads published plans in which its units are
assigned, and inside them only the sections assigned to its units (with their subsections) and the targets
in those sections or assigned to its units directly.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import OuterRef, QuerySet, Subquery
from django.utils.translation import gettext as _

from workplan.core.errors import NotFound, PermissionDenied
from workplan.units.selectors import Actor, actor_for_user

from .models import Assignment, ImportJob, Plan, Section, Target
from .progress import target_completion


@dataclass(frozen=True)
class Scope:
    """What a reporter may see: whole plans (``None`` = everything) or these sections and targets."""

    plan_ids: frozenset[int] | None
    section_ids: frozenset[int] = frozenset()
    target_ids: frozenset[int] = frozenset()


def _descendants(plan_ids: set[int], roots: set[int]) -> set[int]:
    children: dict[int, list[int]] = defaultdict(list)
    for pk, parent in Section.objects.filter(plan_id__in=plan_ids).values_list("pk", "parent_id"):
        if parent is not None:
            children[parent].append(pk)
    seen, todo = set(roots), list(roots)
    while todo:
        for child in children.get(todo.pop(), ()):
            if child not in seen:
                seen.add(child)
                todo.append(child)
    return seen


def scope_for_actor(actor: Actor, *, plan_id: int | None = None) -> Scope:
    """Visibility of plan items for ``actor``; three queries at most, cached per actor and plan."""
    if actor.reads_all:
        return Scope(plan_ids=None)
    if not actor.reporter_unit_ids:
        return Scope(plan_ids=frozenset())
    cache = actor.__dict__.setdefault("_scopes", {})  # frozen dataclass: cache in its __dict__
    if plan_id in cache:
        return cache[plan_id]
    rows = Assignment.objects.filter(
        unit_id__in=actor.reporter_unit_ids, plan__status=Plan.Status.PUBLISHED
    ).values_list("plan_id", "section_id", "target_id")
    if plan_id is not None:
        rows = rows.filter(plan_id=plan_id)
    rows = list(rows)
    plan_ids = {p for p, _s, _t in rows}
    roots = {s for _p, s, _t in rows if s is not None}
    direct_targets = {t for _p, _s, t in rows if t is not None}
    sections = _descendants(plan_ids, roots) if roots else set()
    targets = set(Target.objects.filter(section_id__in=sections).values_list("pk", flat=True)) if sections else set()
    scope = Scope(
        plan_ids=frozenset(plan_ids),
        section_ids=frozenset(sections),
        target_ids=frozenset(targets | direct_targets),
    )
    cache[plan_id] = scope
    return scope


# ---------------------------------------------------------------- plans


def plan_list_for_user(user) -> QuerySet[Plan]:
    actor = actor_for_user(user)
    qs = Plan.objects.select_related("created_by").defer("source_text")
    scope = scope_for_actor(actor)
    if scope.plan_ids is None:
        return qs
    return qs.filter(pk__in=scope.plan_ids)


def _get(qs: QuerySet, pk, visible: bool, what: str):
    obj = qs.filter(pk=pk).first() if str(pk).isdigit() else None
    if obj is None:
        raise NotFound(_("Not found."), "not_found")
    if not visible:
        raise PermissionDenied(_("You may not see this %(what)s.") % {"what": what}, "forbidden")
    return obj


def plan_get_for_user(user, pk: int) -> Plan:
    """The plan if ``user`` may see it; ``NotFound`` if absent, ``PermissionDenied`` if not allowed."""
    scope = scope_for_actor(actor_for_user(user), plan_id=int(pk) if str(pk).isdigit() else None)
    visible = scope.plan_ids is None or int(pk) in scope.plan_ids if str(pk).isdigit() else False
    return _get(Plan.objects.all(), pk, visible, _("plan"))


# ---------------------------------------------------------------- sections and targets


def section_list_for_user(user) -> QuerySet[Section]:
    scope = scope_for_actor(actor_for_user(user))
    qs = Section.objects.all()
    if scope.plan_ids is None:
        return qs
    return qs.filter(pk__in=scope.section_ids)


def section_get_for_user(user, pk: int) -> Section:
    scope = scope_for_actor(actor_for_user(user))
    visible = scope.plan_ids is None or (str(pk).isdigit() and int(pk) in scope.section_ids)
    return _get(Section.objects.select_related("plan", "parent"), pk, visible, _("section"))


def target_list_for_user(user) -> QuerySet[Target]:
    scope = scope_for_actor(actor_for_user(user))
    qs = Target.objects.select_related("section")
    if scope.plan_ids is None:
        return qs
    return qs.filter(pk__in=scope.target_ids)


def target_get_for_user(user, pk: int) -> Target:
    scope = scope_for_actor(actor_for_user(user))
    visible = scope.plan_ids is None or (str(pk).isdigit() and int(pk) in scope.target_ids)
    return _get(Target.objects.select_related("plan", "section"), pk, visible, _("target"))


def assignment_list_for_user(user) -> QuerySet[Assignment]:
    """Planners, supervisors and leaders see all; a reporter sees its own units' assignments."""
    actor = actor_for_user(user)
    qs = Assignment.objects.select_related("unit")
    if actor.reads_all:
        return qs
    return qs.filter(unit_id__in=actor.reporter_unit_ids, plan__status=Plan.Status.PUBLISHED)


def assignment_get_for_user(user, pk: int) -> Assignment:
    actor = actor_for_user(user)
    obj = _get(Assignment.objects.select_related("plan", "unit"), pk, True, _("assignment"))
    if not actor.reads_all and not (
        obj.unit_id in actor.reporter_unit_ids and obj.plan.status == Plan.Status.PUBLISHED
    ):
        raise PermissionDenied(_("You may not see this %(what)s.") % {"what": _("assignment")}, "forbidden")
    return obj


def assignment_unresolved_list(*, plan: Plan) -> QuerySet[Assignment]:
    """Assignments whose name from the document matched no unit or alias (the planner resolves them)."""
    return plan.assignments.filter(unit__isnull=True).select_related("section").order_by("name")


def import_job_list_for_user(user) -> QuerySet[ImportJob]:
    actor = actor_for_user(user)
    if actor.is_superuser:
        return ImportJob.objects.all()
    if actor.plans:
        return ImportJob.objects.filter(created_by_id=actor.user_id)
    return ImportJob.objects.none()


def import_job_get_for_user(user, pk: int) -> ImportJob:
    actor = actor_for_user(user)
    obj = _get(ImportJob.objects.all(), pk, True, _("import"))
    if not (actor.is_superuser or (actor.plans and obj.created_by_id == actor.user_id)):
        raise PermissionDenied(_("You may not see this %(what)s.") % {"what": _("import")}, "forbidden")
    return obj


def units_for_items(*, plan: Plan) -> tuple[dict[int, list[Assignment]], dict[int, list[Assignment]]]:
    """Assignments of a plan keyed by section id and by target id (one query), for tables and exports."""
    by_section: dict[int, list[Assignment]] = defaultdict(list)
    by_target: dict[int, list[Assignment]] = defaultdict(list)
    for a in plan.assignments.select_related("unit").order_by("role", "pk"):
        if a.section_id:
            by_section[a.section_id].append(a)
        if a.target_id:
            by_target[a.target_id].append(a)
    return by_section, by_target


# ---------------------------------------------------------------- overview


@dataclass
class ProgressRow:
    """Progress of a group of targets (a top-level section or a unit)."""

    key: int | None
    label: str
    targets: int = 0
    reported: int = 0
    completion: float | None = None  # mean over reported targets, 0–1
    _sum: float = field(default=0.0, repr=False)

    def add(self, completion: float | None) -> None:
        self.targets += 1
        if completion is not None:
            self.reported += 1
            self._sum += completion
            self.completion = self._sum / self.reported


@dataclass
class TargetProgress:
    id: int
    subject: str
    section_id: int | None
    value: Decimal
    unit: str
    comparator: str
    actual: Decimal | None
    completion: float | None


@dataclass
class PlanOverview:
    plan: Plan
    total: ProgressRow
    sections: list[ProgressRow]
    units: list[ProgressRow]
    targets: list[TargetProgress]
    unresolved_names: list[str]


def plan_overview(*, user, plan: Plan) -> PlanOverview:
    """Progress by top-level section and by unit, from each target's latest submitted or accepted value.

    Four queries whatever the plan's size (sections, targets with their latest value, assignments, and the
    reporter scope when the user is a reporter).
    """
    from workplan.reporting.models import ReportStatus, TargetReport

    scope = scope_for_actor(actor_for_user(user), plan_id=plan.pk)
    latest = (
        TargetReport.objects.filter(target=OuterRef("pk"), status__in=[ReportStatus.SUBMITTED, ReportStatus.ACCEPTED])
        .order_by("-period__ends_on", "-pk")
        .values("actual_value")[:1]
    )
    target_rows = (
        plan.targets.annotate(latest_actual=Subquery(latest))
        .order_by("order", "pk")
        .values("pk", "subject", "section_id", "value", "unit", "comparator", "baseline", "latest_actual")
    )
    if scope.plan_ids is not None:
        target_rows = target_rows.filter(pk__in=scope.target_ids)
    sections = list(plan.sections.values_list("pk", "parent_id", "label", "title").order_by("order", "pk"))
    parent_of = {pk: parent for pk, parent, _l, _t in sections}
    top_of: dict[int, int] = {}

    def top(pk: int) -> int:
        if pk not in top_of:
            parent = parent_of.get(pk)
            top_of[pk] = pk if parent is None else top(parent)
        return top_of[pk]

    rows = {pk: ProgressRow(pk, f"{label} {title}".strip()) for pk, parent, label, title in sections if parent is None}
    other = ProgressRow(None, _("Targets outside any section"))
    total = ProgressRow(None, _("Whole plan"))
    section_units: dict[int, set[tuple[int, str]]] = defaultdict(set)
    target_units: dict[int, set[tuple[int, str]]] = defaultdict(set)
    unresolved: set[str] = set()
    for section_id, target_id, unit_id, unit_name, name in plan.assignments.values_list(
        "section_id", "target_id", "unit_id", "unit__name", "name"
    ):
        if unit_id is None:
            unresolved.add(name)
        elif section_id:
            section_units[section_id].add((unit_id, unit_name))
        elif target_id:
            target_units[target_id].add((unit_id, unit_name))
    units: dict[int, ProgressRow] = {}
    targets: list[TargetProgress] = []
    for t in target_rows:
        completion = target_completion(
            comparator=t["comparator"], value=t["value"], actual=t["latest_actual"], baseline=t["baseline"]
        )
        targets.append(
            TargetProgress(
                t["pk"],
                t["subject"],
                t["section_id"],
                t["value"],
                t["unit"],
                t["comparator"],
                t["latest_actual"],
                completion,
            )
        )
        total.add(completion)
        sid = t["section_id"]
        (rows.get(top(sid)) if sid in parent_of else other).add(completion)
        owners = set(target_units.get(t["pk"], ()))
        node = sid if sid in parent_of else None
        while node is not None:
            owners |= section_units.get(node, set())
            node = parent_of.get(node)
        for unit_id, unit_name in owners:
            units.setdefault(unit_id, ProgressRow(unit_id, unit_name)).add(completion)
    section_rows = list(rows.values()) + ([other] if other.targets else [])
    return PlanOverview(
        plan=plan,
        total=total,
        sections=section_rows,
        units=sorted(units.values(), key=lambda r: r.label),
        targets=targets,
        unresolved_names=sorted(unresolved),
    )


def plan_document_get_for_user(user, pk: int) -> Plan:
    """The whole plan with its source text: for planners, supervisors and leaders only.

    A reporter sees only its assigned items, so the full document page is refused (403) even when the
    plan itself is visible to it.
    """
    plan = plan_get_for_user(user, pk)
    if not actor_for_user(user).reads_all:
        raise PermissionDenied(_("You may not see this %(what)s.") % {"what": _("plan")}, "forbidden")
    return plan
