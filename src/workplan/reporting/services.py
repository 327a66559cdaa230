"""Writes to reporting: periods, reports (save, submit, review) and evidence.

A reporter writes reports only for its own units and only on items assigned to them, while the report is a
draft or was returned; supervisors accept or return submitted reports.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import replace
from decimal import Decimal

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from workplan.core.errors import DomainError, PermissionDenied
from workplan.core.models import clean_for_save
from workplan.core.uploads import EVIDENCE_KINDS, check_upload
from workplan.plans.models import Plan, ReportingCycle, Section, Target
from workplan.plans.selectors import scope_for_actor
from workplan.units.models import Unit
from workplan.units.selectors import actor_for_user

from .models import Evidence, Period, ReportStatus, TargetReport, TaskReport

# Reports are due this many days after a period ends.
DUE_DAYS = 5

Report = TargetReport | TaskReport


def _save(obj, user) -> None:
    obj._history_user = user
    clean_for_save(obj)
    obj.save()


# ---------------------------------------------------------------- periods


def _period_bounds(kind: str, year: int, number: int) -> tuple[dt.date, dt.date]:
    if kind == ReportingCycle.QUARTERLY:
        first_month, last_month = 3 * number - 2, 3 * number
    else:
        first_month = last_month = number
    return dt.date(year, first_month, 1), dt.date(year, last_month, calendar.monthrange(year, last_month)[1])


def period_generate_for_plan(*, plan: Plan) -> list[Period]:
    """Create the plan's periods for its year and reporting cycle (idempotent)."""
    if plan.year is None:
        raise DomainError(_("Set the plan's year before publishing it."), "plan_year_missing")
    count = 4 if plan.reporting_cycle == ReportingCycle.QUARTERLY else 12
    periods = []
    for number in range(1, count + 1):
        starts, ends = _period_bounds(plan.reporting_cycle, plan.year, number)
        period, _created = Period.objects.get_or_create(
            plan=plan,
            kind=plan.reporting_cycle,
            year=plan.year,
            number=number,
            defaults={"starts_on": starts, "ends_on": ends, "due_on": ends + dt.timedelta(days=DUE_DAYS)},
        )
        periods.append(period)
    return periods


# ---------------------------------------------------------------- permission helpers


def _reporting_unit(
    user, *, plan_id: int, target_id: int | None = None, section_id: int | None = None, unit=None
) -> Unit:
    """The unit ``user`` reports for on this item: ``unit`` if given, else its only reporter unit.

    The unit must be one the user reports for and must be assigned to the item (or a section above it).
    """
    actor = actor_for_user(user)
    if not actor.reporter_unit_ids:
        raise PermissionDenied(_("Only reporters of an assigned unit may report on this item."), "not_reporter")
    if unit is None:
        if len(actor.reporter_unit_ids) != 1:
            raise DomainError(_("Choose the unit you report for."), "unit_required")
        unit_id = next(iter(actor.reporter_unit_ids))
    else:
        unit_id = unit.pk if isinstance(unit, Unit) else int(unit)
    if unit_id not in actor.reporter_unit_ids:
        raise PermissionDenied(_("You do not report for this unit."), "not_your_unit")
    # Judge the item as a reporter of this one unit, whatever other roles the user has.
    as_reporter = replace(
        actor, is_superuser=False, roles=frozenset({"reporter"}), reporter_unit_ids=frozenset({unit_id})
    )
    as_reporter.__dict__.pop("_scopes", None)
    scope = scope_for_actor(as_reporter, plan_id=plan_id)
    visible = scope.target_ids if target_id is not None else scope.section_ids
    if (target_id if target_id is not None else section_id) not in visible:
        raise PermissionDenied(_("This item is not assigned to your unit."), "not_assigned")
    return unit if isinstance(unit, Unit) else Unit.objects.get(pk=unit_id)


def _check_period(period: Period, plan_id: int) -> None:
    if period.plan_id != plan_id:
        raise DomainError(_("The period belongs to another plan."), "other_plan")
    if period.plan.status != Plan.Status.PUBLISHED:
        raise DomainError(_("Reports can only be made on a published plan."), "plan_not_published")


def _check_editable(report: Report) -> None:
    if not report.editable:
        raise DomainError(
            _("This report was %(status)s and can no longer be changed.") % {"status": report.get_status_display()},
            "report_locked",
        )


def _check_owner(user, report: Report) -> None:
    if report.unit_id not in actor_for_user(user).reporter_unit_ids:
        raise PermissionDenied(_("You do not report for this unit."), "not_your_unit")


# ---------------------------------------------------------------- reports


def target_report_save(
    *,
    user,
    period: Period,
    target: Target,
    actual_value: Decimal | None,
    note: str = "",
    unit: Unit | None = None,
) -> TargetReport:
    """Create or update the draft report of ``unit`` on ``target`` for ``period``."""
    _check_period(period, target.plan_id)
    unit = _reporting_unit(user, plan_id=target.plan_id, target_id=target.pk, unit=unit)
    report = TargetReport.objects.filter(period=period, target=target, unit=unit).first()
    if report is None:
        report = TargetReport(period=period, target=target, unit=unit)
    _check_editable(report)
    report.actual_value = actual_value
    report.note = note
    _save(report, user)
    return report


def task_report_save(
    *, user, period: Period, task: Section, progress: str, note: str = "", unit: Unit | None = None
) -> TaskReport:
    """Create or update the draft progress report of ``unit`` on the task ``task`` for ``period``."""
    _check_period(period, task.plan_id)
    unit = _reporting_unit(user, plan_id=task.plan_id, section_id=task.pk, unit=unit)
    report = TaskReport.objects.filter(period=period, task=task, unit=unit).first()
    if report is None:
        report = TaskReport(period=period, task=task, unit=unit)
    _check_editable(report)
    report.progress = progress
    report.note = note
    _save(report, user)
    return report


def report_submit(*, user, report: Report) -> Report:
    _check_owner(user, report)
    _check_editable(report)
    if isinstance(report, TargetReport) and report.actual_value is None:
        raise DomainError(_("Enter the actual value before submitting."), "actual_value_missing")
    report.status = ReportStatus.SUBMITTED
    report.submitted_by = user
    report.submitted_at = timezone.now()
    _save(report, user)
    return report


def _review(user, report: Report, status: str, comment: str) -> Report:
    if not actor_for_user(user).reviews:
        raise PermissionDenied(_("Only supervisors may review reports."), "not_supervisor")
    if report.status != ReportStatus.SUBMITTED:
        raise DomainError(_("Only a submitted report can be reviewed."), "report_not_submitted")
    report.status = status
    report.reviewed_by = user
    report.reviewed_at = timezone.now()
    report.review_comment = comment
    _save(report, user)
    return report


def report_accept(*, user, report: Report, comment: str = "") -> Report:
    return _review(user, report, ReportStatus.ACCEPTED, comment)


def report_return(*, user, report: Report, comment: str) -> Report:
    """Send a report back to its unit; the comment says what to fix and is required."""
    if not comment.strip():
        raise DomainError(_("Say why the report is returned."), "comment_required")
    return _review(user, report, ReportStatus.RETURNED, comment.strip())


# ---------------------------------------------------------------- evidence


@transaction.atomic
def evidence_add(*, user, report: Report, file) -> Evidence:
    """Attach a checked file (pdf/docx/xlsx/png/jpg, size-limited) to an editable report of the user's unit."""
    _check_owner(user, report)
    _check_editable(report)
    checked = check_upload(file, allowed=EVIDENCE_KINDS)
    evidence = Evidence(
        target_report=report if isinstance(report, TargetReport) else None,
        task_report=report if isinstance(report, TaskReport) else None,
        name=checked.name,
        kind=checked.kind,
        content_type=checked.content_type,
        size=checked.size,
        sha256=checked.sha256,
        uploaded_by=user,
    )
    # Stored under a random-ish generated name; the user's name is only shown and sent as filename.
    evidence.file.save(f"{checked.sha256[:16]}.{checked.kind}", ContentFile(checked.data), save=False)
    try:
        evidence.full_clean()
        evidence.save()
    except Exception:
        evidence.file.delete(save=False)
        raise
    return evidence


def evidence_delete(*, user, evidence: Evidence) -> None:
    report = evidence.report
    _check_owner(user, report)
    _check_editable(report)
    name, storage = evidence.file.name, evidence.file.storage
    evidence.delete()
    # The file goes only once the row is gone for good (a rolled-back delete keeps both).
    transaction.on_commit(lambda: storage.delete(name))


@transaction.atomic
def report_fill(
    *,
    user,
    period: Period,
    item: Target | Section,
    unit: Unit | None = None,
    values: dict,
    files=(),
    submit: bool = False,
) -> Report:
    """The report form in one step: save the draft, attach ``files`` as evidence, and submit if asked.

    ``values`` holds ``actual_value`` and ``note`` for a target, ``progress`` and ``note`` for a task.
    All or nothing: a refused file or a refused submission leaves the report as it was.
    """
    if isinstance(item, Target):
        report = target_report_save(user=user, period=period, target=item, unit=unit, **values)
    else:
        report = task_report_save(user=user, period=period, task=item, unit=unit, **values)
    for file in files:
        evidence_add(user=user, report=report, file=file)
    if submit:
        report_submit(user=user, report=report)
    return report
