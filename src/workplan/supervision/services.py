"""Writes of supervision: status rules, follow-up orders (督办单), target shares.

Supervisors tune the rules and open, close, escalate and remind follow-up orders; reporters of the order's
unit answer them. Target shares (指标分解) are the planner's.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from workplan.core.errors import DomainError, PermissionDenied
from workplan.plans.models import Plan, Section, Target
from workplan.units.models import Unit
from workplan.units.selectors import actor_for_user

from .models import FollowUpOrder, StatusRuleSet
from .status import fmt_number

RULE_FIELDS = (
    "yellow_tolerance",
    "red_tolerance",
    "projection_method",
    "projection_yellow_below",
    "projection_red_below",
    "projection_min_points",
    "overdue_yellow",
    "overdue_red",
    "task_not_started_yellow_after",
)


def _save(obj, user) -> None:
    obj._history_user = user
    obj.full_clean()
    obj.save()


def _require_supervisor(user) -> None:
    if not actor_for_user(user).reviews:
        raise PermissionDenied(_("Only supervisors may do this."), "not_supervisor")


# ---------------------------------------------------------------- status rules


def status_rules_update(*, user, plan: Plan | None = None, **values: Any) -> StatusRuleSet:
    """Set the thresholds of ``plan`` (or the default ones when ``plan`` is None); unknown names are refused."""
    _require_supervisor(user)
    unknown = set(values) - set(RULE_FIELDS)
    if unknown:
        raise DomainError(_("Unknown rule: %(names)s") % {"names": ", ".join(sorted(unknown))}, "unknown_rule")
    row = (
        StatusRuleSet.objects.filter(plan=plan).first()
        if plan
        else StatusRuleSet.objects.filter(plan__isnull=True).first()
    )
    if row is None:
        row = StatusRuleSet(plan=plan)
    for name, value in values.items():
        setattr(row, name, value)
    row.updated_by = user
    _save(row, user)
    return row


# ---------------------------------------------------------------- follow-up orders


def _check_state(order: FollowUpOrder, allowed: tuple[str, ...]) -> None:
    if order.status not in allowed:
        raise DomainError(
            _("This follow-up order is %(status)s; that cannot be done now.") % {"status": order.get_status_display()},
            "order_wrong_status",
            {"status": order.status},
        )


@transaction.atomic
def follow_up_order_open(
    *,
    user,
    plan: Plan,
    unit: Unit,
    title: str,
    due_on: dt.date,
    request: str = "",
    targets: list[Target] | None = None,
    tasks: list[Section] | None = None,
    period=None,
) -> FollowUpOrder:
    """Open a follow-up order to ``unit`` on items of ``plan``. At least one target or task; due today or later."""
    _require_supervisor(user)
    targets, tasks = list(targets or []), list(tasks or [])
    if not targets and not tasks:
        raise DomainError(_("Name at least one lagging target or task."), "items_required")
    if any(t.plan_id != plan.pk for t in targets) or any(s.plan_id != plan.pk for s in tasks):
        raise DomainError(_("Every item must belong to the plan."), "item_other_plan")
    if period is not None and period.plan_id != plan.pk:
        raise DomainError(_("The period belongs to another plan."), "other_plan")
    if due_on < timezone.localdate():
        raise DomainError(_("The due date is in the past."), "due_in_past")
    order = FollowUpOrder(
        plan=plan,
        unit=unit,
        title=title.strip(),
        request=request.strip(),
        due_on=due_on,
        period=period,
        opened_by=user,
    )
    _save(order, user)
    order.targets.set(targets)
    order.tasks.set(tasks)
    return order


def follow_up_order_answer(*, user, order: FollowUpOrder, answer: str) -> FollowUpOrder:
    """The unit states the measures it takes (整改措施); only its reporters may."""
    if order.unit_id not in actor_for_user(user).reporter_unit_ids:
        raise PermissionDenied(_("Only reporters of the unit may answer this order."), "not_your_unit")
    _check_state(order, (FollowUpOrder.Status.OPEN, FollowUpOrder.Status.ESCALATED))
    if not answer.strip():
        raise DomainError(_("Describe the measures taken."), "answer_required")
    order.answer = answer.strip()
    order.answered_by = user
    order.answered_at = timezone.now()
    order.status = FollowUpOrder.Status.ANSWERED
    _save(order, user)
    return order


def follow_up_order_close(*, user, order: FollowUpOrder, comment: str = "") -> FollowUpOrder:
    """Close an answered order (the measures satisfy the supervisor)."""
    _require_supervisor(user)
    _check_state(order, (FollowUpOrder.Status.ANSWERED,))
    order.status = FollowUpOrder.Status.CLOSED
    order.closed_at = timezone.now()
    order.comment = comment.strip()
    _save(order, user)
    return order


def follow_up_order_escalate(
    *, user, order: FollowUpOrder, comment: str, due_on: dt.date | None = None
) -> FollowUpOrder:
    """Escalate an open or answered order (升级督办): the unit must answer again, by a new date if given."""
    _require_supervisor(user)
    _check_state(order, (FollowUpOrder.Status.OPEN, FollowUpOrder.Status.ANSWERED))
    if not comment.strip():
        raise DomainError(_("Say why the order is escalated."), "comment_required")
    if due_on is not None:
        if due_on < timezone.localdate():
            raise DomainError(_("The due date is in the past."), "due_in_past")
        order.due_on = due_on
    order.status = FollowUpOrder.Status.ESCALATED
    order.escalated_at = timezone.now()
    order.comment = comment.strip()
    _save(order, user)
    return order


def follow_up_order_remind(*, user, order: FollowUpOrder) -> FollowUpOrder:
    """Remind the unit of an order still waiting for its answer; mails its reporters and counts the reminder."""
    from .reminders import follow_up_reminder_send

    _require_supervisor(user)
    _check_state(order, (FollowUpOrder.Status.OPEN, FollowUpOrder.Status.ESCALATED))
    order.reminders += 1
    order.last_reminded_at = timezone.now()
    _save(order, user)
    follow_up_reminder_send(order=order)
    return order


def _decimal(value) -> Decimal:
    return value if isinstance(value, Decimal) else Decimal(str(value))


# ---------------------------------------------------------------- target shares (指标分解)

SUM_MEASURES = ("count", "amount")


def shares_check_total(*, target: Target, values: list[Decimal]) -> None:
    """Refuse shares of a count/amount target that do not add up to it (``shares_do_not_add_up``).

    At-least targets (≥, >) need the shares to reach the target (more is allowed: districts may commit more);
    ceilings (≤, <) need them to stay within it; = needs the exact sum; a range needs the sum inside it.
    Percent and growth targets are levels and are not summed.
    """
    if target.measure not in SUM_MEASURES or not values:
        return
    total = sum(values, Decimal(0))
    value, high = Decimal(target.value), Decimal(target.value_max) if target.value_max is not None else None
    ok = {
        ">=": total >= value,
        ">": total >= value,
        "<=": total <= value,
        "<": total <= value,
        "=": total == value,
        "range": value <= total <= (high if high is not None else value),
    }.get(target.comparator, total == value)
    if not ok:
        raise DomainError(
            _("The shares add up to %(total)s, but the target is %(comparator)s %(value)s.")
            % {
                "total": fmt_number(float(total)),
                "comparator": target.get_comparator_display(),
                "value": fmt_number(float(value)),
            },
            "shares_do_not_add_up",
            {
                "target_value": fmt_number(float(value)),
                "shares_total": fmt_number(float(total)),
                "difference": fmt_number(float(total - value)),
            },
        )


@transaction.atomic
def target_divide(*, user, target: Target, shares: list[dict[str, Any]]) -> list:
    """Split ``target`` among units (districts, parks): ``shares`` = [{unit, value, baseline?, note?}].

    Replaces the target's previous shares. Each share's unit gets a supporting assignment on the target so its
    reporters can report their part. Refused when the shares do not add up (count/amount targets) or a unit
    appears twice; nothing is written then.
    """
    from workplan.plans.models import Assignment
    from workplan.plans.services import assignment_create

    from .models import TargetShare

    if not actor_for_user(user).plans:
        raise PermissionDenied(_("Only planners may divide targets."), "not_planner")
    unit_ids = [s["unit"].pk for s in shares]
    if len(unit_ids) != len(set(unit_ids)):
        raise DomainError(_("A unit appears twice among the shares."), "duplicate_unit")
    values = [_decimal(s["value"]) for s in shares]
    if any(v < 0 for v in values):
        raise DomainError(_("A share cannot be negative."), "negative_share")
    shares_check_total(target=target, values=values)
    existing = {s.unit_id: s for s in TargetShare.objects.filter(target=target)}
    for gone in set(existing) - set(unit_ids):
        existing[gone]._history_user = user
        existing[gone].delete()
    assigned = set(Assignment.objects.filter(target=target).values_list("unit_id", flat=True))
    result = []
    for data, value in zip(shares, values, strict=True):
        unit = data["unit"]
        share = existing.get(unit.pk) or TargetShare(target=target, unit=unit)
        share.value = value
        share.baseline = data.get("baseline")
        share.note = data.get("note", "") or ""
        _save(share, user)
        result.append(share)
        if unit.pk not in assigned:
            assignment_create(user=user, plan=target.plan, unit=unit, role=Assignment.Role.SUPPORT, target=target)
    return result


# ---------------------------------------------------------------- bulletins


def bulletin_request(*, user, plan: Plan, period, issuer: str = "", number: int | None = None):
    """Queue the generation of a bulletin (background task ``build_bulletin``); supervisors and planners."""
    from .models import Bulletin
    from .tasks import build_bulletin

    actor = actor_for_user(user)
    if not (actor.reviews or actor.plans):
        raise PermissionDenied(_("Only supervisors and planners may issue bulletins."), "not_supervisor")
    if period.plan_id != plan.pk:
        raise DomainError(_("The period belongs to another plan."), "other_plan")
    bulletin = Bulletin(plan=plan, period=period, issuer=issuer.strip(), number=number, created_by=user)
    bulletin.full_clean()
    bulletin.save()
    result = build_bulletin.enqueue(bulletin.pk)
    Bulletin.objects.filter(pk=bulletin.pk, task_id="").update(task_id=str(result.id)[:64])
    bulletin.refresh_from_db()
    return bulletin


def bulletin_run(*, bulletin, today: dt.date | None = None):
    """Build the .docx (and the PDF where LibreOffice is installed) and store them on ``bulletin``."""
    from django.core.files.base import ContentFile

    from .bulletins import bulletin_build, docx_to_pdf

    bulletin.status = bulletin.Status.RUNNING
    bulletin.save(update_fields=["status", "updated_at"])
    try:
        data = bulletin_build(
            plan=bulletin.plan, period=bulletin.period, today=today, issuer=bulletin.issuer, number=bulletin.number
        )
        name = f"bulletin-{bulletin.plan_id}-{bulletin.period_id}-{bulletin.pk}"
        bulletin.docx.save(f"{name}.docx", ContentFile(data), save=False)
        pdf, message = docx_to_pdf(data)
        if pdf is not None:
            bulletin.pdf.save(f"{name}.pdf", ContentFile(pdf), save=False)
        bulletin.message = message
        bulletin.status = bulletin.Status.DONE
    except Exception as exc:  # the task records any failure on the row for the page that polls it
        bulletin.status = bulletin.Status.FAILED
        bulletin.message = str(exc)[:2000]
    bulletin.finished_at = timezone.now()
    bulletin.save()
    return bulletin
