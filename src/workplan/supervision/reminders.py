"""E-mail reminders: reports due soon or overdue, and follow-up orders waiting for an answer."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from workplan.plans.models import Plan
from workplan.reporting.models import Period, TargetReport, TaskReport
from workplan.units.models import Role

from .models import FollowUpOrder, ReminderLog
from .selectors import DONE_STATUSES


def reporter_addresses(unit_id: int) -> list[str]:
    """E-mail addresses of the active reporters of a unit, sorted."""
    users = (
        get_user_model()
        .objects.filter(memberships__unit_id=unit_id, memberships__role=Role.REPORTER, is_active=True)
        .exclude(email="")
    )
    return sorted(set(users.values_list("email", flat=True)))


def follow_up_reminder_send(*, order: FollowUpOrder) -> int:
    """Mail the unit's reporters about ``order``; returns the number of messages sent (0 without addresses)."""
    to = reporter_addresses(order.unit_id)
    if not to:
        return 0
    subject = _("Reminder: follow-up order “%(title)s” due %(due)s") % {"title": order.title, "due": order.due_on}
    body = _(
        "Your unit %(unit)s has not yet answered the follow-up order “%(title)s” of plan “%(plan)s”. "
        "Please state the measures taken by %(due)s. This is reminder %(n)d."
    ) % {
        "unit": order.unit.name,
        "title": order.title,
        "plan": order.plan.title,
        "due": order.due_on,
        "n": order.reminders,
    }
    return send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, to)


@dataclass
class ReminderSummary:
    sent: int = 0  # messages sent
    skipped: int = 0  # already sent before
    no_address: int = 0  # units whose reporters have no e-mail address (tried again next run)
    lines: list[str] = field(default_factory=list)


def _missing_by_unit(plan: Plan, period: Period) -> dict[int, list[str]]:
    """Items each responsible unit has not yet submitted for ``period``: {unit id: [labels]}."""
    from .selectors import plan_status

    status = plan_status(plan=plan, period=period)
    labels = {("target", i.id): i.label for i in status.targets} | {("task", i.id): i.label for i in status.tasks}
    done = {
        ("target", u, t)
        for u, t in TargetReport.objects.filter(period=period, status__in=DONE_STATUSES).values_list(
            "unit_id", "target_id"
        )
    } | {
        ("task", u, t)
        for u, t in TaskReport.objects.filter(period=period, status__in=DONE_STATUSES).values_list("unit_id", "task_id")
    }
    missing: dict[int, list[str]] = {}
    for u in status.units:
        if (u.kind, u.unit_id, u.item_id) not in done:
            missing.setdefault(u.unit_id, []).append(labels[(u.kind, u.item_id)])
    return missing


def reminders_send(*, today: dt.date | None = None, dry_run: bool = False) -> ReminderSummary:
    """Mail each unit that still owes reports: once when the due date is near, once when it has passed.

    "Near" is ``WORKPLAN_REMINDER_DAYS_BEFORE`` days (3) or fewer; overdue reminders cover periods whose due
    date passed within ``WORKPLAN_REMINDER_OVERDUE_DAYS`` (30). A ``ReminderLog`` row per (kind, period, unit)
    keeps each reminder from being sent twice, however often the command runs.
    """
    today = today or timezone.localdate()
    before = getattr(settings, "WORKPLAN_REMINDER_DAYS_BEFORE", 3)
    window = getattr(settings, "WORKPLAN_REMINDER_OVERDUE_DAYS", 30)
    summary = ReminderSummary()
    periods = Period.objects.filter(
        plan__status=Plan.Status.PUBLISHED,
        due_on__gte=today - dt.timedelta(days=window),
        due_on__lte=today + dt.timedelta(days=before),
        ends_on__lte=today + dt.timedelta(days=before),
    ).select_related("plan")
    sent_before = set(ReminderLog.objects.filter(period__in=periods).values_list("kind", "period_id", "unit_id"))
    for period in periods.order_by("due_on", "pk"):
        kind = ReminderLog.Kind.OVERDUE if period.due_on < today else ReminderLog.Kind.DUE_SOON
        for unit_id, labels in sorted(_missing_by_unit(period.plan, period).items()):
            if (kind, period.pk, unit_id) in sent_before:
                summary.skipped += 1
                continue
            to = reporter_addresses(unit_id)
            if not to:
                summary.no_address += 1
                continue
            summary.lines.append(f"{kind} {period.plan.title} {period} unit={unit_id} items={len(labels)}")
            if dry_run:
                continue
            with transaction.atomic():
                _log, created = ReminderLog.objects.get_or_create(
                    kind=kind,
                    period=period,
                    unit_id=unit_id,
                    defaults={"recipients": ",".join(to), "items": len(labels)},
                )
                if not created:  # another run got there first
                    summary.skipped += 1
                    continue
                _send_period_reminder(kind, period, labels, to)
            summary.sent += 1
    return summary


def _send_period_reminder(kind: str, period: Period, labels: list[str], to: list[str]) -> None:
    values = {"plan": period.plan.title, "period": str(period), "due": _date_text(period.due_on), "n": len(labels)}
    if kind == ReminderLog.Kind.OVERDUE:
        subject = _("Overdue: reports of %(plan)s for %(period)s were due %(due)s") % values
        intro = _("The following %(n)d item(s) were due on %(due)s and are still missing:") % values
    else:
        subject = _("Reminder: reports of %(plan)s for %(period)s are due %(due)s") % values
        intro = _("Please submit the following %(n)d item(s) by %(due)s:") % values
    body = "\n".join([intro, *(f"{i}. {label}" for i, label in enumerate(labels, start=1))])
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, to)


def _date_text(day: dt.date) -> str:
    return _("%(y)d-%(m)d-%(d)d") % {"y": day.year, "m": day.month, "d": day.day}
