"""Pages of reporting: a unit's to-do list, report forms with evidence, review, and the Excel route.

Selectors decide who may see what (``http_errors`` maps their refusals to 404/403); services write and
refuse; refused writes are shown as form errors.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from workplan.core.errors import DomainError, PermissionDenied
from workplan.core.pages import add_domain_error, http_errors
from workplan.plans import selectors as plan_selectors
from workplan.plans.exports import content_disposition
from workplan.plans.models import Section, Target
from workplan.units.models import Unit
from workplan.units.selectors import actor_for_user

from . import excel, selectors, services
from .forms import ExcelUploadForm, ReviewForm, TargetReportForm, TaskReportForm
from .history import history_list_for_user
from .history_display import history_for_display
from .models import ReportStatus, TargetReport, TaskReport

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
KINDS = {"target": TargetReport, "task": TaskReport}


def _refused(exc: DomainError) -> bool:
    """Refusals that are not form errors: the page answers 403/404 instead."""
    return exc.status in (403, 404)


# ---------------------------------------------------------------- to-do


@require_GET
@login_required
def todo(request: HttpRequest) -> HttpResponse:
    """What is due: one row per plan and unit, the user's own units first with their counts."""
    rows = selectors.todo_rows_for_user(user=request.user)
    return render(request, "reporting/todo.html", {"rows": rows})


def _period_unit(request: HttpRequest, period_id: int, unit_id: int):
    period = selectors.period_get_for_user(request.user, period_id)
    unit = get_object_or_404(Unit, pk=unit_id)
    return period, unit


@require_GET
@login_required
@http_errors
def unit_todo(request: HttpRequest, period_id: int, unit_id: int) -> HttpResponse:
    """A unit's tasks and targets in one period, with the state of each report."""
    period, unit = _period_unit(request, period_id, unit_id)
    items = selectors.todo_list_for_unit(user=request.user, period=period, unit=unit)
    actor = actor_for_user(request.user)
    return render(
        request,
        "reporting/unit_todo.html",
        {
            "period": period,
            "plan": period.plan,
            "unit": unit,
            "items": items,
            "periods": period.plan.periods.order_by("starts_on"),
            "own": unit.pk in actor.reporter_unit_ids,
        },
    )


# ---------------------------------------------------------------- report forms


def _report_form(request: HttpRequest, period_id: int, unit_id: int, item, form_class, template_values):
    period, unit = _period_unit(request, period_id, unit_id)
    actor = actor_for_user(request.user)
    if unit.pk not in actor.reporter_unit_ids:
        raise _not_your_unit()
    model = TargetReport if isinstance(item, Target) else TaskReport
    lookup = {"target": item} if isinstance(item, Target) else {"task": item}
    report = model.objects.filter(period=period, unit=unit, **lookup).first()
    form = form_class(request.POST or None, request.FILES or None, initial=template_values(report))
    if request.method == "POST" and form.is_valid():
        values = {k: v for k, v in form.cleaned_data.items() if k != "evidence"}
        try:
            report = services.report_fill(
                user=request.user,
                period=period,
                item=item,
                unit=unit,
                values=values,
                files=form.cleaned_data["evidence"],
                submit="submit" in request.POST,
            )
        except DomainError as exc:
            if _refused(exc):
                raise
            add_domain_error(form, exc)
        else:
            kind = "target" if isinstance(item, Target) else "task"
            return redirect(f"reporting:{kind}-report", pk=report.pk)
    context = {"form": form, "period": period, "unit": unit, "item": item, "report": report, "plan": period.plan}
    return render(request, "reporting/report_form.html", context, status=400 if form.errors else 200)


def _not_your_unit() -> PermissionDenied:
    return PermissionDenied(_("You do not report for this unit."), "not_your_unit")


@require_http_methods(["GET", "POST"])
@login_required
@http_errors
def target_report_form(request: HttpRequest, period_id: int, unit_id: int, target_id: int) -> HttpResponse:
    target = plan_selectors.target_get_for_user(request.user, target_id)

    def initial(report):
        return {"actual_value": report.actual_value, "note": report.note} if report else {}

    return _report_form(request, period_id, unit_id, target, TargetReportForm, initial)


@require_http_methods(["GET", "POST"])
@login_required
@http_errors
def task_report_form(request: HttpRequest, period_id: int, unit_id: int, task_id: int) -> HttpResponse:
    task: Section = plan_selectors.section_get_for_user(request.user, task_id)

    def initial(report):
        return {"progress": report.progress, "note": report.note} if report else {}

    return _report_form(request, period_id, unit_id, task, TaskReportForm, initial)


# ---------------------------------------------------------------- a report: read, submit, review


def _get_report(request: HttpRequest, kind: str, pk: int):
    getter = selectors.target_report_get_for_user if kind == "target" else selectors.task_report_get_for_user
    return getter(request.user, pk)


def _report_page(request: HttpRequest, kind: str, report, *, review_form=None, error: str = "", status=200):
    actor = actor_for_user(request.user)
    item = report.target if kind == "target" else report.task
    context = {
        "kind": kind,
        "report": report,
        "item": item,
        "plan": report.period.plan,
        "can_write": report.editable and report.unit_id in actor.reporter_unit_ids,
        "can_review": actor.reviews and report.status == ReportStatus.SUBMITTED,
        "review_form": review_form or ReviewForm(),
        "error": error,
        "history": history_for_display(
            history_list_for_user(request.user, kind=f"{kind}_report", object_id=report.pk), kind=f"{kind}_report"
        ),
    }
    return render(request, "reporting/report_detail.html", context, status=status)


@require_GET
@login_required
@http_errors
def report_detail(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    return _report_page(request, kind, _get_report(request, kind, pk))


@require_POST
@login_required
@http_errors
def report_submit(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    report = _get_report(request, kind, pk)
    try:
        services.report_submit(user=request.user, report=report)
    except DomainError as exc:
        if _refused(exc):
            raise
        return _report_page(request, kind, _get_report(request, kind, pk), error=exc.message, status=400)
    return redirect(f"reporting:{kind}-report", pk=report.pk)


@require_POST
@login_required
@http_errors
def report_review(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    """Accept or return (``action``) a submitted report with a comment."""
    report = _get_report(request, kind, pk)
    form = ReviewForm(request.POST)
    action = request.POST.get("action")
    if form.is_valid() and action in ("accept", "return"):
        review = services.report_accept if action == "accept" else services.report_return
        try:
            review(user=request.user, report=report, comment=form.cleaned_data["comment"])
        except DomainError as exc:
            if _refused(exc):
                raise
            add_domain_error(form, exc)
        else:
            next_url = request.POST.get("next", "")
            if next_url == "review":
                return redirect("reporting:review")
            return redirect(f"reporting:{kind}-report", pk=report.pk)
    elif action not in ("accept", "return"):
        form.add_error(None, _("Choose to accept or to return the report."))
    return _report_page(request, kind, _get_report(request, kind, pk), review_form=form, status=400)


@require_GET
@login_required
@http_errors
def review_list(request: HttpRequest) -> HttpResponse:
    target_reports, task_reports = selectors.report_review_list_for_user(request.user)
    return render(
        request,
        "reporting/review.html",
        {
            "target_reports": target_reports,
            "task_reports": task_reports,
            "can_review": actor_for_user(request.user).reviews,
        },
    )


# ---------------------------------------------------------------- Excel


@require_GET
@login_required
@http_errors
def excel_template(request: HttpRequest, period_id: int, unit_id: int) -> HttpResponse:
    period, unit = _period_unit(request, period_id, unit_id)
    data = excel.report_template_build(user=request.user, period=period, unit=unit)
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = content_disposition(f"{unit.name}-{period}.xlsx")
    return response


@require_http_methods(["GET", "POST"])
@login_required
@http_errors
def excel_upload(request: HttpRequest, period_id: int, unit_id: int) -> HttpResponse:
    """Upload a filled-in template: all rows are imported, or none and the bad rows are listed."""
    period, unit = _period_unit(request, period_id, unit_id)
    if unit.pk not in actor_for_user(request.user).reporter_unit_ids:
        raise _not_your_unit()
    form = ExcelUploadForm(request.POST or None, request.FILES or None)
    row_errors: list[dict] = []
    if request.method == "POST" and form.is_valid():
        try:
            summary = excel.report_import_excel(
                user=request.user,
                period=period,
                unit=unit,
                file=form.cleaned_data["file"],
                submit=form.cleaned_data["submit"],
            )
        except DomainError as exc:
            if _refused(exc):
                raise
            add_domain_error(form, exc)
            row_errors = exc.extra.get("errors", []) if isinstance(exc.extra, dict) else []
        else:
            messages.success(
                request,
                _("Imported %(targets)d target report(s) and %(tasks)d task report(s); %(submitted)d submitted.")
                % {"targets": summary.targets, "tasks": summary.tasks, "submitted": summary.submitted},
            )
            return redirect(reverse("reporting:unit-todo", args=[period.pk, unit.pk]))
    return render(
        request,
        "reporting/excel_upload.html",
        {"form": form, "period": period, "unit": unit, "plan": period.plan, "row_errors": row_errors},
        status=400 if form.errors else 200,
    )
