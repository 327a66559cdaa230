"""Writes to plans: import from an uploaded document, corrections by the planner, publication.

Every function takes the acting ``user`` and refuses (``DomainError``) when the user may not plan.
History rows record ``user`` as the author of each change.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import re
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from workplan.core.errors import DomainError, PermissionDenied
from workplan.core.models import clean_for_save
from workplan.core.uploads import PLAN_KINDS, check_upload
from workplan.parsing import ParsedDocument, ParseError, parse_bytes
from workplan.parsing.model import Part
from workplan.units.models import Unit, UnitAlias
from workplan.units.selectors import actor_for_user, unit_resolve_names

from .models import Assignment, Comparator, ImportJob, Measure, Plan, Section, Target

logger = logging.getLogger(__name__)


def _require_planner(user) -> None:
    if not actor_for_user(user).plans:
        raise PermissionDenied(_("Only planners may change plans."), "not_planner")


def _save(obj, user, *, clean: bool = True) -> None:
    obj._history_user = user
    if clean:
        clean_for_save(obj)
    obj.save()


def _delete(obj, user) -> None:
    obj._history_user = user
    obj.delete()


def content_hash(source: str) -> str:
    """Hash of the text with all white space removed: the same plan re-saved or re-converted hashes the same."""
    return hashlib.sha256(re.sub(r"\s+", "", source).encode("utf-8")).hexdigest()


# ---------------------------------------------------------------- import


def plan_create_from_upload(*, user, file, allow_duplicate: bool = False) -> ImportJob:
    """Check and store an uploaded plan document and import it.

    Small files are parsed now (errors raise ``DomainError``, and the job is kept as failed); larger ones
    (over ``WORKPLAN_SYNC_IMPORT_MB``) in the background task ``import_plan``; poll the returned job.
    Refused uploads (type, size, damage) raise before anything is stored.
    """
    _require_planner(user)
    checked = check_upload(file, allowed=PLAN_KINDS)
    job = ImportJob(created_by=user, source_name=checked.name, size=checked.size, allow_duplicate=allow_duplicate)
    job.file.save(checked.name, ContentFile(checked.data), save=False)
    job.full_clean()
    job.save()
    if checked.size <= settings.WORKPLAN_SYNC_IMPORT_MB * 1024 * 1024:
        plan_import_run(job=job, raise_errors=True)
        return job
    from .tasks import import_plan

    result = import_plan.enqueue(job.pk)
    ImportJob.objects.filter(pk=job.pk, task_id="").update(task_id=str(result.id)[:64])
    job.refresh_from_db()
    return job


def _job_progress(job: ImportJob, progress: int, status: str | None = None, message: str = "") -> None:
    job.progress = progress
    if status:
        job.status = status
    if message:
        job.message = message
    job.save(update_fields=["progress", "status", "message", "updated_at"])


def plan_import_run(*, job: ImportJob, raise_errors: bool = False) -> ImportJob:
    """Parse the job's file and create its plans, recording progress and the outcome on the job."""
    _job_progress(job, 5, ImportJob.Status.RUNNING)
    try:
        with job.file.open("rb") as fh:
            data = fh.read()
        _job_progress(job, 20)
        parsed = parse_bytes(data, job.source_name, aliases=_parser_aliases())
        _job_progress(job, 60)
        plans, report = plan_create_from_parsed(
            user=job.created_by,
            parsed=parsed,
            source_name=job.source_name,
            allow_duplicate=job.allow_duplicate,
        )
    except (ParseError, DomainError) as exc:
        job.status, job.error_code, job.message = ImportJob.Status.FAILED, exc.code, exc.message
        job.result = getattr(exc, "extra", {}) or {}
        job.finished_at = timezone.now()
        job.save()
        job.file.delete(save=True)
        if raise_errors:
            raise
        return job
    except Exception:
        logger.exception("plan import %s failed", job.pk)
        job.status, job.error_code = ImportJob.Status.FAILED, "internal_error"
        job.message = _("The file could not be imported because of an internal error.")
        job.finished_at = timezone.now()
        job.save()
        raise
    job.status, job.progress, job.plan = ImportJob.Status.DONE, 100, plans[0]
    job.message = _("Imported %(n)d plan(s).") % {"n": len(plans)}
    job.result = report
    job.finished_at = timezone.now()
    job.save()
    return job


def _parser_aliases() -> dict[str, str]:
    return dict(UnitAlias.objects.values_list("name", "unit__name"))


def plan_create_from_parsed(
    *, user, parsed: ParsedDocument, source_name: str, allow_duplicate: bool = False
) -> tuple[list[Plan], dict[str, Any]]:
    """One draft plan per part of the parsed document, with sections, targets and assignments.

    Refuses a text already imported (``duplicate_plan``, ``extra.plan_id``) unless ``allow_duplicate``.
    Returns the plans and a report: counts and the unit names no unit or alias matched.
    """
    _require_planner(user)
    digest = content_hash(parsed.source)
    if not allow_duplicate:
        existing = Plan.objects.filter(content_hash=digest).exclude(status=Plan.Status.ARCHIVED).first()
        if existing is not None:
            raise DomainError(
                _("This document was already imported as “%(title)s”.") % {"title": existing.title},
                "duplicate_plan",
                {"plan_id": existing.pk},
            )
    parts = [p for p in parsed.parts if p.outline or p.targets or p.responsibilities] or parsed.parts[:1]
    names = [
        n
        for p in parts
        for r in p.responsibilities
        for n in (*(r.lead_units or r.lead), *(r.support_units or r.support))
    ]
    units = unit_resolve_names(names)
    plans, unresolved, counts = [], set(), {"sections": 0, "targets": 0, "assignments": 0}
    with transaction.atomic():
        for part in parts:
            plan = _plan_from_part(user=user, parsed=parsed, part=part, source_name=source_name, digest=digest)
            sections = _sections_from_part(user=user, plan=plan, part=part)
            counts["sections"] += len(sections)
            counts["targets"] += _targets_from_part(user=user, plan=plan, part=part, sections=sections)
            made, missing = _assignments_from_part(user=user, plan=plan, part=part, sections=sections, units=units)
            counts["assignments"] += made
            unresolved |= missing
            plans.append(plan)
    report = {"plans": [p.pk for p in plans], "counts": counts, "unresolved_units": sorted(unresolved)}
    return plans, report


def _parse_date(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _plan_from_part(*, user, parsed: ParsedDocument, part: Part, source_name: str, digest: str) -> Plan:
    meta = part.meta
    title = (meta.title or parsed.doc or _("Untitled plan")).strip()[:300]
    plan = Plan(
        title=title,
        year=meta.plan_year,
        end_year=meta.end_year,
        issuer=(meta.issuer or "")[:200],
        region=(meta.region or "")[:100],
        doc_number=(meta.doc_number or "")[:100],
        issued_on=_parse_date(meta.published),
        source_name=source_name[:200],
        source_format=parsed.format[:10],
        source_text=parsed.source,
        part=part.part,
        content_hash=digest,
        created_by=user,
    )
    _save(plan, user)
    return plan


def _sections_from_part(*, user, plan: Plan, part: Part) -> list[Section]:
    """Sections in outline order; a heading's parent is the nearest earlier heading of a lower level."""
    sections: list[Section] = []
    stack: list[Section] = []
    for order, h in enumerate(part.outline):
        while stack and stack[-1].level >= h.level:
            stack.pop()
        section = Section(
            plan=plan,
            parent=stack[-1] if stack else None,
            order=order,
            level=max(1, h.level),
            label=h.label[:20],
            title=(h.title or h.label or "—")[:500],
            scheme=h.scheme[:20],
            start=h.start,
            end=h.end,
            body_start=h.body_start,
            body_end=h.body_end,
        )
        _save(section, user, clean=False)
        sections.append(section)
        stack.append(section)
    return sections


def _decimal(value: Any) -> Decimal | None:
    if value is None:
        return None
    try:
        return Decimal(str(value)).quantize(Decimal("0.0001"))
    except (InvalidOperation, ValueError):
        return None


def _targets_from_part(*, user, plan: Plan, part: Part, sections: list[Section]) -> int:
    made = 0
    for order, t in enumerate(part.targets):
        value = _decimal(t.value)
        if value is None:
            continue
        value_max = _decimal(t.value_max)
        comparator = t.comparator if t.comparator in Comparator.values else Comparator.EQ
        if comparator == Comparator.RANGE and (value_max is None or value_max < value):
            value_max = value
        section = sections[t.heading] if t.heading is not None and 0 <= t.heading < len(sections) else None
        target = Target(
            plan=plan,
            section=section,
            order=order,
            quote=t.quote,
            subject=(t.subject or t.quote or "—")[:300],
            value=value,
            value_max=value_max,
            unit=(t.unit or "")[:30],
            comparator=comparator,
            measure=t.measure if t.measure in Measure.values else Measure.COUNT,
            deadline=t.deadline if t.deadline and 1900 < t.deadline < 2200 else None,
            per_year=bool(t.per_year),
            aspirational=bool(t.aspirational),
            start=t.start,
            end=t.end,
        )
        _save(target, user, clean=False)
        made += 1
    return made


def _section_for_responsibility(r, sections: list[Section]) -> Section | None:
    if r.heading is not None and 0 <= r.heading < len(sections):
        return sections[r.heading]
    if r.task_label:
        for s in sections:
            if s.label == r.task_label and (not r.task_title or r.task_title.startswith(s.title[:10])):
                return s
    return None


def _assignments_from_part(
    *, user, plan: Plan, part: Part, sections: list[Section], units: dict[str, Unit]
) -> tuple[int, set[str]]:
    made, unresolved, seen = 0, set(), set()
    for r in part.responsibilities:
        section = _section_for_responsibility(r, sections)
        if section is None:
            continue
        # names through the parser's alias table (市发改委 → 市发展改革委), so one unit matches all spellings
        # names through the parser's alias table (市发改委 → 市发展改革委) where it gave them
        lead, support = r.lead_units or r.lead, r.support_units or r.support
        for role, names in ((Assignment.Role.LEAD, lead), (Assignment.Role.SUPPORT, support)):
            for raw in names:
                name = raw.strip()[:100]
                if not name or (section.pk, name, role) in seen:
                    continue
                seen.add((section.pk, name, role))
                unit = units.get(name)
                if unit is None:
                    unresolved.add(name)
                assignment = Assignment(
                    plan=plan,
                    section=section,
                    unit=unit,
                    role=role,
                    name=name,
                    text=r.text,
                    start=r.start,
                    end=r.end,
                )
                _save(assignment, user, clean=False)
                made += 1
    return made, unresolved


# ---------------------------------------------------------------- plan


_PLAN_FIELDS = {"title", "year", "end_year", "issuer", "region", "doc_number", "issued_on", "reporting_cycle"}


def plan_update(*, user, plan: Plan, **fields: Any) -> Plan:
    _require_planner(user)
    _set_fields(plan, fields, _PLAN_FIELDS)
    _save(plan, user)
    return plan


def _set_fields(obj, fields: dict[str, Any], allowed: set[str]) -> None:
    unknown = set(fields) - allowed
    if unknown:
        raise DomainError(
            _("These fields cannot be changed: %(fields)s") % {"fields": ", ".join(sorted(unknown))}, "bad_fields"
        )
    for name, value in fields.items():
        setattr(obj, name, value)


@transaction.atomic
def plan_publish(*, user, plan: Plan) -> Plan:
    """Publish a draft: reporting periods are created for its year and reporters start to see it.

    Refused while the plan has no year or has assignments whose unit name matched no unit.
    """
    from workplan.reporting.services import period_generate_for_plan

    _require_planner(user)
    if plan.status != Plan.Status.DRAFT:
        raise DomainError(_("Only a draft plan can be published."), "plan_not_draft")
    if plan.year is None:
        raise DomainError(_("Set the plan's year before publishing it."), "plan_year_missing")
    unresolved = sorted(set(plan.assignments.filter(unit__isnull=True).values_list("name", flat=True)))
    if unresolved:
        raise DomainError(
            _("Assign a unit to these names before publishing: %(names)s") % {"names": "、".join(unresolved)},
            "unresolved_units",
            {"names": unresolved},
        )
    plan.status = Plan.Status.PUBLISHED
    plan.published_at = timezone.now()
    _save(plan, user)
    period_generate_for_plan(plan=plan)
    return plan


def plan_archive(*, user, plan: Plan) -> Plan:
    _require_planner(user)
    plan.status = Plan.Status.ARCHIVED
    _save(plan, user)
    return plan


def plan_delete(*, user, plan: Plan) -> None:
    """Delete a draft plan (a published plan has reports: archive it instead)."""
    _require_planner(user)
    if plan.status != Plan.Status.DRAFT:
        raise DomainError(_("Only a draft plan can be deleted; archive a published one."), "plan_not_draft")
    _delete(plan, user)


# ---------------------------------------------------------------- sections


_SECTION_FIELDS = {"title", "label", "parent", "order", "level"}


def _check_same_plan(plan: Plan, *objs) -> None:
    for obj in objs:
        if obj is not None and obj.plan_id != plan.pk:
            raise DomainError(_("Items of different plans cannot be combined."), "other_plan")


def section_create(
    *, user, plan: Plan, title: str, label: str = "", parent: Section | None = None, order: int | None = None
) -> Section:
    _require_planner(user)
    _check_same_plan(plan, parent)
    if order is None:
        order = (plan.sections.aggregate(m=Max("order"))["m"] or 0) + 1
    section = Section(
        plan=plan,
        parent=parent,
        title=title,
        label=label,
        order=order,
        level=(parent.level + 1) if parent else 1,
    )
    _save(section, user)
    return section


def section_update(*, user, section: Section, **fields: Any) -> Section:
    _require_planner(user)
    _set_fields(section, fields, _SECTION_FIELDS)
    parent = section.parent
    _check_same_plan(section.plan, parent)
    while parent is not None:
        if parent.pk == section.pk:
            raise DomainError(_("A section cannot be placed inside itself."), "section_cycle")
        parent = parent.parent
    _save(section, user)
    return section


def section_delete(*, user, section: Section) -> None:
    """Delete a section and its subsections; its targets stay in the plan without a section."""
    _require_planner(user)
    _delete(section, user)


# ---------------------------------------------------------------- targets


_TARGET_FIELDS = {
    "section",
    "order",
    "quote",
    "subject",
    "value",
    "value_max",
    "unit",
    "comparator",
    "measure",
    "deadline",
    "per_year",
    "aspirational",
    "accumulation",
    "baseline",
    "weight",
}


def target_create(*, user, plan: Plan, subject: str, value: Decimal, **fields: Any) -> Target:
    _require_planner(user)
    target = Target(plan=plan, subject=subject, value=value)
    _set_fields(target, fields, _TARGET_FIELDS)
    _check_same_plan(plan, target.section)
    if "order" not in fields:
        target.order = (plan.targets.aggregate(m=Max("order"))["m"] or 0) + 1
    _save(target, user)
    return target


def target_update(*, user, target: Target, **fields: Any) -> Target:
    _require_planner(user)
    _set_fields(target, fields, _TARGET_FIELDS)
    _check_same_plan(target.plan, target.section)
    _save(target, user)
    return target


def target_delete(*, user, target: Target) -> None:
    _require_planner(user)
    if target.reports.exists():
        raise DomainError(_("This target already has reports and cannot be deleted."), "target_has_reports")
    _delete(target, user)


@transaction.atomic
def target_merge(*, user, target: Target, others: list[Target]) -> Target:
    """Merge duplicate targets into ``target``: their quotes are appended, their assignments moved."""
    _require_planner(user)
    for other in others:
        _check_same_plan(target.plan, other)
        if other.pk == target.pk:
            continue
        if other.reports.exists():
            raise DomainError(_("A target with reports cannot be merged away."), "target_has_reports")
        if other.quote and other.quote not in target.quote:
            target.quote = f"{target.quote}\n{other.quote}".strip()
        for a in other.assignments.all():
            a.target = target
            _save(a, user)
        _delete(other, user)
    _save(target, user)
    return target


# ---------------------------------------------------------------- assignments


def assignment_create(
    *,
    user,
    plan: Plan,
    unit: Unit,
    role: str = Assignment.Role.LEAD,
    section: Section | None = None,
    target: Target | None = None,
) -> Assignment:
    _require_planner(user)
    _check_same_plan(plan, section, target)
    if (section is None) == (target is None):
        raise DomainError(_("Assign a unit to either a section or a target."), "assignment_item")
    exists = Assignment.objects.filter(plan=plan, section=section, target=target, unit=unit, role=role).exists()
    if exists:
        raise DomainError(_("This unit is already assigned here."), "assignment_exists")
    assignment = Assignment(plan=plan, section=section, target=target, unit=unit, role=role, name=unit.name)
    _save(assignment, user)
    return assignment


def assignment_update(*, user, assignment: Assignment, unit: Unit | None = None, role: str | None = None) -> Assignment:
    """Change the unit (resolving a name that matched no unit) or the role of an assignment."""
    _require_planner(user)
    if unit is not None:
        assignment.unit = unit
    if role is not None:
        assignment.role = role
    _save(assignment, user)
    return assignment


def assignment_delete(*, user, assignment: Assignment) -> None:
    _require_planner(user)
    _delete(assignment, user)


def plan_create(*, user, title: str, **fields: Any) -> Plan:
    """An empty draft plan, to be filled by hand."""
    _require_planner(user)
    plan = Plan(title=title, created_by=user)
    _set_fields(plan, fields, _PLAN_FIELDS)
    _save(plan, user)
    return plan
