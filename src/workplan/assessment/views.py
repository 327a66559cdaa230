"""Pages of assessment: the ranking of units with every point explained, the scoring method, the xlsx export,
and the decomposition (指标分解) of a target among districts and parks with the roll-up of their reports.

Views stay thin: selectors decide who may see what (``http_errors`` maps refusals to 404/403), one service
call writes, refused writes come back as form errors.
"""

from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from workplan.core.errors import DomainError, NotFound, PermissionDenied
from workplan.core.pages import add_domain_error, http_errors
from workplan.plans.exports import XLSX, content_disposition
from workplan.plans.models import Plan, Target
from workplan.plans.selectors import plan_get_for_user, plan_list_for_user, target_get_for_user
from workplan.reporting.models import TargetReport
from workplan.reporting.selectors import period_current, period_get_for_user
from workplan.supervision import services as supervision_services
from workplan.supervision.selectors import DONE_STATUSES, plan_status, target_share_list_for_user
from workplan.supervision.status import fmt_number, fmt_percent
from workplan.supervision.views import COLOUR_LABELS
from workplan.units.selectors import actor_for_user

from . import services
from .exports import assessment_xlsx
from .forms import ScoringSchemeForm, ShareFormSet
from .selectors import assessment_compute, assessment_periods, scheme_for_plan

# ---------------------------------------------------------------- ranking


def _assessed_period(request: HttpRequest, plan: Plan):
    """``?period=<id>``, or ``?kind=mid_year|year_end``, else the period whose reports are due now."""
    raw = request.GET.get("period", "")
    kind = request.GET.get("kind", "")
    if raw.isdigit() and len(raw) < 18:
        period = period_get_for_user(request.user, int(raw))
    elif kind in ("mid_year", "year_end"):
        period = assessment_periods(plan=plan)[kind]
    else:
        period = period_current(plan=plan)
    if period is None or period.plan_id != plan.pk:
        raise NotFound(_("The plan has no such reporting period."), "no_period")
    return period


@require_GET
@login_required
def assessment_home(request: HttpRequest) -> HttpResponse:
    """The ranking of the most recent published plan the user may see."""
    plan = plan_list_for_user(request.user).filter(status=Plan.Status.PUBLISHED).order_by("-year", "-pk").first()
    if plan is None:
        return render(request, "supervision/no_plan.html")
    return redirect("assessment:ranking", pk=plan.pk)


def _ranking_page(request: HttpRequest, plan: Plan, form=None, status: int = 200) -> HttpResponse:
    period = _assessed_period(request, plan)
    assessment = assessment_compute(plan=plan, period=period, user=request.user)
    actor = actor_for_user(request.user)
    scheme = scheme_for_plan(plan=plan)
    if form is None and actor.plans:
        form = ScoringSchemeForm(instance=scheme)
    marks = assessment.scheme.full_marks
    rows = [
        {"score": s, "share": round(float(s.total) / float(marks) * 100) if marks else 0} for s in assessment.scores
    ]
    return render(
        request,
        "assessment/ranking.html",
        {
            "plan": plan,
            "period": period,
            "periods": list(plan.periods.order_by("starts_on")),
            "milestones": assessment_periods(plan=plan),
            "assessment": assessment,
            "rows": rows,
            "scheme": scheme,
            "form": form,
            "can_export": actor.reads_all,
        },
        status=status,
    )


@require_GET
@login_required
@http_errors
def assessment_page(request: HttpRequest, pk: int) -> HttpResponse:
    """Units ranked by score at a period, each row expanding into the explanation of every point."""
    return _ranking_page(request, plan_get_for_user(request.user, pk))


@require_POST
@login_required
@http_errors
def scheme_update(request: HttpRequest, pk: int) -> HttpResponse:
    """The planner chooses the scoring method and its parameters."""
    plan = plan_get_for_user(request.user, pk)
    if not actor_for_user(request.user).plans:
        raise PermissionDenied(_("Only planners may choose how a plan is scored."), "not_planner")
    form = ScoringSchemeForm(request.POST, instance=scheme_for_plan(plan=plan))
    if form.is_valid():
        try:
            services.scoring_scheme_update(user=request.user, plan=plan, **form.cleaned_data)
        except DomainError as exc:
            if exc.status in (403, 404):
                raise
            add_domain_error(form, exc)
        else:
            messages.success(request, _("The scoring method was saved."))
            return redirect(reverse("assessment:ranking", args=[plan.pk]) + "?" + request.GET.urlencode())
    return _ranking_page(request, plan, form=form, status=400)


@require_GET
@login_required
@http_errors
def assessment_export(request: HttpRequest, pk: int) -> HttpResponse:
    """The ranking and every unit's breakdown as xlsx (planners, supervisors and leaders)."""
    plan = plan_get_for_user(request.user, pk)
    if not actor_for_user(request.user).reads_all:
        raise PermissionDenied(_("Only planners, supervisors and leaders may export the ranking."), "forbidden")
    period = _assessed_period(request, plan)
    response = HttpResponse(assessment_xlsx(assessment_compute(plan=plan, period=period)), content_type=XLSX)
    response["Content-Disposition"] = content_disposition(f"{plan.title} {period} 考核.xlsx")
    return response


# ---------------------------------------------------------------- decomposition of a target


def _rollup(target: Target, shares: list, periods: list) -> list[dict]:
    """Per period: each share unit's reported value (submitted or accepted) and their total for sum targets."""
    values: dict[tuple[int, int], Decimal] = {}
    for unit_id, period_id, value in TargetReport.objects.filter(
        target=target, unit_id__in=[s.unit_id for s in shares], status__in=DONE_STATUSES, actual_value__isnull=False
    ).values_list("unit_id", "period_id", "actual_value"):
        values[(unit_id, period_id)] = value
    sums = target.measure in supervision_services.SUM_MEASURES
    rows = []
    for period in periods:
        cells = [values.get((s.unit_id, period.pk)) for s in shares]
        if not any(c is not None for c in cells):
            continue
        known = [c for c in cells if c is not None]
        rows.append(
            {
                "period": period,
                "cells": [fmt_number(float(c)) if c is not None else "" for c in cells],
                "total": fmt_number(float(sum(known, Decimal(0)))) if sums else "",
                "complete": len(known) == len(cells),
            }
        )
    return rows


def _plain(value: Decimal | None) -> str:
    """800.0000 → '800' for the form (not '8E+2')."""
    return "" if value is None else f"{value.normalize():f}"


def _sum_check(target: Target, shares: list) -> str:
    """The refusal ``shares_check_total`` would give the stored shares ('' when they add up)."""
    try:
        supervision_services.shares_check_total(target=target, values=[s.value for s in shares])
    except DomainError as exc:
        return exc.message
    return ""


def _shares_page(request: HttpRequest, target: Target, formset=None, error: str = "", status: int = 200):
    plan = target.plan
    shares = list(target_share_list_for_user(request.user).filter(target=target).order_by("unit__name"))
    actor = actor_for_user(request.user)
    can_edit = actor.plans and plan.status != Plan.Status.ARCHIVED
    if formset is None and can_edit:
        formset = ShareFormSet(
            initial=[
                {"unit": s.unit, "value": _plain(s.value), "baseline": _plain(s.baseline), "note": s.note}
                for s in shares
            ]
        )
    period = period_current(plan=plan) if plan.status == Plan.Status.PUBLISHED else None
    standing, parent = {}, None
    if period is not None:
        status_ = plan_status(plan=plan, period=period)
        standing = {u.unit_id: u.evaluation for u in status_.units if u.kind == "target" and u.item_id == target.pk}
        parent = next((i.evaluation for i in status_.targets if i.id == target.pk), None)
    total = sum((s.value for s in shares), Decimal(0))
    return render(
        request,
        "assessment/shares.html",
        {
            "target": target,
            "plan": plan,
            "shares": [
                {
                    "share": s,
                    "evaluation": standing.get(s.unit_id),
                    "colour_label": COLOUR_LABELS[standing[s.unit_id].colour] if s.unit_id in standing else "",
                }
                for s in shares
            ],
            "total": fmt_number(float(total)),
            "sums": target.measure in supervision_services.SUM_MEASURES,
            "check_error": _sum_check(target, shares) if actor.reads_all else "",
            "rollup": _rollup(target, shares, list(plan.periods.order_by("starts_on"))),
            "parent": parent,
            "parent_label": COLOUR_LABELS[parent.colour] if parent else "",
            "parent_completion": fmt_percent(parent.completion) if parent and parent.completion is not None else "",
            "period": period,
            "formset": formset,
            "error": error,
            "can_edit": can_edit,
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
@login_required
@http_errors
def target_shares(request: HttpRequest, pk: int) -> HttpResponse:
    """A target split among districts and parks: their values, the sum check, and their reports rolled up."""
    target = target_get_for_user(request.user, pk)
    if request.method == "GET":
        return _shares_page(request, target)
    if not actor_for_user(request.user).plans:
        raise PermissionDenied(_("Only planners may divide targets."), "not_planner")
    formset = ShareFormSet(request.POST)
    if not formset.is_valid():
        return _shares_page(request, target, formset=formset, status=400)
    rows = [
        {"unit": f["unit"], "value": f["value"], "baseline": f.get("baseline"), "note": f.get("note", "")}
        for f in formset.cleaned_data
        if f.get("unit")
    ]
    try:
        supervision_services.target_divide(user=request.user, target=target, shares=rows)
    except DomainError as exc:
        if exc.status in (403, 404):
            raise
        return _shares_page(request, target, formset=formset, error=exc.message, status=400)
    messages.success(request, _("The shares were saved."))
    return redirect("assessment:shares", pk=target.pk)
