"""Pages of plans: the list, importing a document, the draft with its source text, corrections, the overview.

Views stay thin: a selector decides who may see what (``http_errors`` turns its refusals into 404/403),
one service call writes, and refused writes come back as form errors.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from workplan.core.errors import DomainError, PermissionDenied
from workplan.core.pages import add_domain_error, http_errors, is_htmx
from workplan.parsing import ParseError
from workplan.reporting.history import history_list_for_user
from workplan.reporting.history_display import history_for_display
from workplan.reporting.selectors import target_report_list_for_user, task_report_list_for_user
from workplan.units.selectors import actor_for_user

from . import exports, selectors, services
from .forms import (
    AssignmentForm,
    AssignmentResolveForm,
    PlanSettingsForm,
    PlanUploadForm,
    TargetForm,
    TargetMergeForm,
)
from .models import ImportJob, Plan, Target


def _require_planner(request: HttpRequest) -> None:
    """Pages that only lead to a planner's change (the services check again when writing)."""
    if not actor_for_user(request.user).plans:
        raise PermissionDenied("", "not_planner")


def _can_edit(request: HttpRequest, plan: Plan) -> bool:
    return actor_for_user(request.user).plans and plan.status != Plan.Status.ARCHIVED


# ---------------------------------------------------------------- start page and list


@require_GET
@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Reporters start on their to-do list, everyone else on the plans."""
    actor = actor_for_user(request.user)
    if actor.reports and not actor.reads_all:
        return redirect("reporting:todo")
    return redirect("plans:list")


@require_GET
@login_required
def plan_list(request: HttpRequest) -> HttpResponse:
    plans = selectors.plan_list_for_user(request.user).order_by("status", "-year", "-created_at")
    return render(request, "plans/list.html", {"plans": plans, "can_import": actor_for_user(request.user).plans})


# ---------------------------------------------------------------- import


@require_http_methods(["GET", "POST"])
@login_required
@http_errors
def plan_import(request: HttpRequest) -> HttpResponse:
    _require_planner(request)
    form = PlanUploadForm(request.POST or None, request.FILES or None)
    duplicate = None
    if request.method == "POST" and form.is_valid():
        try:
            job = services.plan_create_from_upload(
                user=request.user,
                file=form.cleaned_data["file"],
                allow_duplicate=form.cleaned_data["allow_duplicate"],
            )
        except DomainError as exc:
            if exc.status in (403, 404):
                raise
            add_domain_error(form, exc)
            if exc.code == "duplicate_plan":
                duplicate = Plan.objects.filter(pk=exc.extra.get("plan_id")).first()
        except ParseError as exc:
            form.add_error("file", exc.message)
        else:
            return redirect("plans:import-job", pk=job.pk)
    jobs = selectors.import_job_list_for_user(request.user).select_related("plan")[:10]
    status = 400 if form.errors else 200
    return render(request, "plans/import.html", {"form": form, "duplicate": duplicate, "jobs": jobs}, status=status)


@require_GET
@login_required
@http_errors
def import_job(request: HttpRequest, pk: int) -> HttpResponse:
    """The progress of an import; htmx polls the ``progress`` partial until the job is finished."""
    job = selectors.import_job_get_for_user(request.user, pk)
    if job.status == ImportJob.Status.DONE and job.plan_id and not is_htmx(request):
        return redirect("plans:document", pk=job.plan_id)
    template = "plans/import_job.html#progress" if is_htmx(request) else "plans/import_job.html"
    response = render(request, template, {"job": job, "finished": job.status in _FINISHED})
    if is_htmx(request) and job.status == ImportJob.Status.DONE and job.plan_id:
        response["HX-Redirect"] = reverse("plans:document", args=[job.plan_id])
    return response


_FINISHED = (ImportJob.Status.DONE, ImportJob.Status.FAILED)


# ---------------------------------------------------------------- the plan with its source text


@dataclass
class Segment:
    """A run of source text, highlighted (``anchor``) when it is the quote of a target, clause or heading."""

    text: str
    anchor: str = ""
    kind: str = ""


def source_segments(text: str, spans: list[tuple[int | None, int | None, str, str]]) -> list[Segment]:
    """Cut ``text`` into plain and highlighted runs. ``spans`` = (start, end, anchor, kind), earlier wins.

    Spans that overlap one already taken are left out (a target inside a heading keeps the target).
    """
    taken: list[tuple[int, int, str, str]] = []
    for start, end, anchor, kind in spans:
        if start is None or end is None or not 0 <= start < end <= len(text):
            continue
        if any(start < e and s < end for s, e, _a, _k in taken):
            continue
        taken.append((start, end, anchor, kind))
    taken.sort()
    segments, pos = [], 0
    for start, end, anchor, kind in taken:
        if start > pos:
            segments.append(Segment(text[pos:start]))
        segments.append(Segment(text[start:end], anchor, kind))
        pos = end
    if pos < len(text):
        segments.append(Segment(text[pos:]))
    return segments


def _document_context(request: HttpRequest, plan: Plan) -> dict:
    sections = list(plan.sections.order_by("order", "pk"))
    targets = list(plan.targets.order_by("order", "pk"))
    by_section, by_target = selectors.units_for_items(plan=plan)
    for t in targets:
        t.assigned = by_target.get(t.pk, [])
    targets_of: dict[int | None, list[Target]] = {}
    for t in targets:
        targets_of.setdefault(t.section_id, []).append(t)
    for s in sections:
        s.assigned = by_section.get(s.pk, [])
        s.target_list = targets_of.get(s.pk, [])
    clause_anchor: dict[tuple, str] = {}
    for assignments in by_section.values():
        for a in assignments:
            a.anchor = clause_anchor.setdefault((a.start, a.end), f"src-a-{a.pk}")
    unresolved = list(selectors.assignment_unresolved_list(plan=plan))
    for a in unresolved:
        a.anchor = clause_anchor.get((a.start, a.end), "source")
    spans = [(t.start, t.end, f"src-t-{t.pk}", "src-target") for t in targets]
    spans += [(s, e, anchor, "src-clause") for (s, e), anchor in clause_anchor.items()]
    spans += [(s.start, s.end, f"src-s-{s.pk}", "src-heading") for s in sections]
    edit = _can_edit(request, plan)
    return {
        "plan": plan,
        "sections": sections,
        "loose_targets": targets_of.get(None, []),
        "targets": targets,
        "segments": source_segments(plan.source_text, spans),
        "unresolved": unresolved,
        "can_edit": edit,
        "can_publish": edit and plan.status == Plan.Status.DRAFT,
        "settings_form": PlanSettingsForm(instance=plan) if edit else None,
        "merge_form": TargetMergeForm(plan=plan) if edit else None,
    }


@require_GET
@login_required
@http_errors
def plan_document(request: HttpRequest, pk: int) -> HttpResponse:
    """Every section, target and responsibility next to the source text; the planner corrects it here."""
    plan = selectors.plan_document_get_for_user(request.user, pk)
    return render(request, "plans/document.html", _document_context(request, plan))


def _document_with_errors(request: HttpRequest, plan: Plan, **extra) -> HttpResponse:
    context = _document_context(request, plan)
    context.update(extra)
    return render(request, "plans/document.html", context, status=400)


@require_POST
@login_required
@http_errors
def plan_settings(request: HttpRequest, pk: int) -> HttpResponse:
    plan = selectors.plan_document_get_for_user(request.user, pk)
    _require_planner(request)
    form = PlanSettingsForm(request.POST, instance=Plan.objects.get(pk=plan.pk))
    if form.is_valid():
        try:
            services.plan_update(user=request.user, plan=plan, **form.cleaned_data)
        except DomainError as exc:
            if exc.status == 403:
                raise
            add_domain_error(form, exc)
        else:
            return redirect(reverse("plans:document", args=[plan.pk]) + "#plan-settings")
    return _document_with_errors(request, plan, settings_form=form)


@require_POST
@login_required
@http_errors
def plan_publish(request: HttpRequest, pk: int) -> HttpResponse:
    plan = selectors.plan_document_get_for_user(request.user, pk)
    try:
        services.plan_publish(user=request.user, plan=plan)
    except DomainError as exc:
        if exc.status == 403:
            raise
        return _document_with_errors(request, plan, publish_error=exc.message)
    return redirect("plans:detail", pk=plan.pk)


@require_GET
@login_required
@http_errors
def plan_export(request: HttpRequest, pk: int, file_format: str) -> HttpResponse:
    plan = selectors.plan_get_for_user(request.user, pk)
    data, content_type, name = exports.task_breakdown(user=request.user, plan=plan, file_format=file_format)
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = exports.content_disposition(name)
    return response


# ---------------------------------------------------------------- overview


@require_GET
@login_required
@http_errors
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The plan overview: progress by section and by unit, and every visible target against its value."""
    plan = selectors.plan_get_for_user(request.user, pk)
    overview = selectors.plan_overview(user=request.user, plan=plan)

    def chart(rows) -> dict:
        return {
            "labels": [r.label for r in rows],
            "values": [None if r.completion is None else round(r.completion * 100, 1) for r in rows],
        }

    charts = {"sections": chart(overview.sections), "units": chart(overview.units)}
    actor = actor_for_user(request.user)
    return render(
        request,
        "plans/detail.html",
        {"plan": plan, "overview": overview, "charts": charts, "reads_all": actor.reads_all},
    )


# ---------------------------------------------------------------- targets


def _target_row(request: HttpRequest, target: Target, status: int = 200) -> HttpResponse:
    target.assigned = list(target.assignments.select_related("unit").order_by("role", "pk"))
    context = {"target": target, "plan": target.plan, "can_edit": _can_edit(request, target.plan)}
    return render(request, "plans/document.html#target-row", context, status=status)


def _target_form_page(request: HttpRequest, form, plan: Plan, target: Target | None, status: int = 200):
    template = "plans/target_form.html#form" if is_htmx(request) else "plans/target_form.html"
    return render(request, template, {"form": form, "plan": plan, "target": target}, status=status)


@require_http_methods(["GET", "POST"])
@login_required
@http_errors
def target_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """The inline correction form of a target (htmx swaps it for the row), or a page without JavaScript."""
    target = selectors.target_get_for_user(request.user, pk)
    _require_planner(request)
    if request.method == "GET" and request.GET.get("cancel") and is_htmx(request):
        return _target_row(request, target)
    form = TargetForm(request.POST or None, instance=target, plan=target.plan)
    if request.method == "POST" and form.is_valid():
        try:
            target = services.target_update(user=request.user, target=target, **form.cleaned_data)
        except DomainError as exc:
            if exc.status == 403:
                raise
            add_domain_error(form, exc)
        else:
            if is_htmx(request):
                return _target_row(request, target)
            return redirect(reverse("plans:document", args=[target.plan_id]) + f"#target-{target.pk}")
    return _target_form_page(request, form, target.plan, target, status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
@login_required
@http_errors
def target_create(request: HttpRequest, pk: int) -> HttpResponse:
    plan = selectors.plan_document_get_for_user(request.user, pk)
    _require_planner(request)
    form = TargetForm(request.POST or None, instance=Target(plan=plan), plan=plan)
    if request.method == "POST" and form.is_valid():
        fields = dict(form.cleaned_data)
        try:
            target = services.target_create(
                user=request.user, plan=plan, subject=fields.pop("subject"), value=fields.pop("value"), **fields
            )
        except DomainError as exc:
            if exc.status == 403:
                raise
            add_domain_error(form, exc)
        else:
            response = HttpResponseRedirect(reverse("plans:document", args=[plan.pk]) + f"#target-{target.pk}")
            if is_htmx(request):
                response = HttpResponse(status=204)
                response["HX-Redirect"] = reverse("plans:document", args=[plan.pk]) + f"#target-{target.pk}"
            return response
    return _target_form_page(request, form, plan, None, status=400 if form.errors else 200)


@require_POST
@login_required
@http_errors
def target_delete(request: HttpRequest, pk: int) -> HttpResponse:
    target = selectors.target_get_for_user(request.user, pk)
    plan = target.plan
    try:
        services.target_delete(user=request.user, target=target)
    except DomainError as exc:
        if exc.status == 403:
            raise
        return _document_with_errors(request, plan, action_error=exc.message)
    if is_htmx(request):
        return HttpResponse("")
    return redirect("plans:document", pk=plan.pk)


@require_POST
@login_required
@http_errors
def target_merge(request: HttpRequest, pk: int) -> HttpResponse:
    """Merge the chosen targets into the first of them (in plan order)."""
    plan = selectors.plan_document_get_for_user(request.user, pk)
    _require_planner(request)
    form = TargetMergeForm(request.POST, plan=plan)
    if form.is_valid():
        first, *others = form.cleaned_data["targets"]
        try:
            services.target_merge(user=request.user, target=first, others=others)
        except DomainError as exc:
            if exc.status == 403:
                raise
            add_domain_error(form, exc)
        else:
            return redirect(reverse("plans:document", args=[plan.pk]) + f"#target-{first.pk}")
    return _document_with_errors(request, plan, merge_form=form)


@require_GET
@login_required
@http_errors
def target_detail(request: HttpRequest, pk: int) -> HttpResponse:
    target = selectors.target_get_for_user(request.user, pk)
    reports = (
        target_report_list_for_user(request.user).filter(target=target).order_by("-period__starts_on", "unit__name")
    )
    return render(
        request,
        "plans/target_detail.html",
        {
            "target": target,
            "plan": target.plan,
            "assignments": target.assignments.select_related("unit"),
            "reports": reports,
            "history": history_for_display(
                history_list_for_user(request.user, kind="target", object_id=target.pk), kind="target"
            ),
        },
    )


# ---------------------------------------------------------------- tasks (sections)


@require_GET
@login_required
@http_errors
def task_detail(request: HttpRequest, pk: int) -> HttpResponse:
    section = selectors.section_get_for_user(request.user, pk)
    plan = section.plan
    visible_targets = selectors.target_list_for_user(request.user).filter(section=section).order_by("order", "pk")
    reports = task_report_list_for_user(request.user).filter(task=section).order_by("-period__starts_on", "unit__name")
    return render(
        request,
        "plans/task_detail.html",
        {
            "section": section,
            "plan": plan,
            "source": plan.source_text[section.start : section.body_end or section.end]
            if section.start is not None
            else "",
            "assignments": section.assignments.select_related("unit"),
            "targets": visible_targets,
            "reports": reports,
            "history": history_for_display(
                history_list_for_user(request.user, kind="section", object_id=section.pk), kind="section"
            ),
        },
    )


# ---------------------------------------------------------------- assignments


@require_POST
@login_required
@http_errors
def assignment_create(request: HttpRequest, pk: int) -> HttpResponse:
    plan = selectors.plan_document_get_for_user(request.user, pk)
    _require_planner(request)
    form = AssignmentForm(request.POST, plan=plan)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.assignment_create(
                user=request.user,
                plan=plan,
                unit=data["unit"],
                role=data["role"],
                section=data["section"],
                target=data["target"],
            )
        except DomainError as exc:
            if exc.status == 403:
                raise
            add_domain_error(form, exc)
        else:
            anchor = f"#section-{data['section'].pk}" if data["section"] else f"#target-{data['target'].pk}"
            return redirect(reverse("plans:document", args=[plan.pk]) + anchor)
    return _document_with_errors(request, plan, assignment_form=form)


@require_POST
@login_required
@http_errors
def assignment_resolve(request: HttpRequest, pk: int) -> HttpResponse:
    """Give an assignment its unit (a name from the document that matched no unit or alias)."""
    assignment = selectors.assignment_get_for_user(request.user, pk)
    _require_planner(request)
    form = AssignmentResolveForm(request.POST)
    if form.is_valid():
        try:
            services.assignment_update(user=request.user, assignment=assignment, unit=form.cleaned_data["unit"])
        except DomainError as exc:
            if exc.status == 403:
                raise
            add_domain_error(form, exc)
        else:
            return redirect(reverse("plans:document", args=[assignment.plan_id]) + "#unresolved")
    return _document_with_errors(request, assignment.plan, resolve_form=form, resolve_id=assignment.pk)


@require_POST
@login_required
@http_errors
def assignment_delete(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = selectors.assignment_get_for_user(request.user, pk)
    plan_id = assignment.plan_id
    services.assignment_delete(user=request.user, assignment=assignment)
    return redirect("plans:document", pk=plan_id)
