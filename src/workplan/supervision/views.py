"""Pages of supervision: the leaders' dashboard, the status of a plan's items, follow-up orders, bulletins.

Views stay thin: selectors decide who may see what (``http_errors`` turns their refusals into 404/403), one
service call writes, and refused writes come back as form errors.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from workplan.core.errors import DomainError, NotFound, PermissionDenied
from workplan.core.pages import add_domain_error, http_errors, is_htmx
from workplan.plans.exports import content_disposition
from workplan.plans.models import Plan
from workplan.plans.selectors import plan_get_for_user, plan_list_for_user
from workplan.reporting.history import history_list_for_user
from workplan.reporting.history_display import history_for_display
from workplan.reporting.models import Period
from workplan.reporting.selectors import period_current, period_get_for_user
from workplan.units.selectors import actor_for_user

from . import selectors, services
from .bulletins import bulletin_content
from .dashboard import dashboard_data
from .forms import AnswerForm, BulletinForm, CloseForm, EscalateForm, FollowUpOrderForm, OrderFilterForm
from .models import Bulletin, FollowUpOrder
from .status import fmt_percent

COLOUR_LABELS = {
    "red": pgettext_lazy("colour", "Red"),
    "yellow": pgettext_lazy("colour", "Yellow"),
    "green": pgettext_lazy("colour", "Green"),
    "none": pgettext_lazy("colour", "Not reported"),
}
COLOUR_ORDER = ["red", "yellow", "green", "none"]
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _require(allowed: bool) -> None:
    """Pages that only lead to a role's change (the services check again when writing)."""
    if not allowed:
        raise PermissionDenied(_("You may not do this."), "forbidden")


def _plan_period(request: HttpRequest, plan: Plan) -> Period:
    """``?period=<id>`` of this plan, else the period whose reports are due now."""
    raw = request.GET.get("period", "")
    period = period_get_for_user(request.user, int(raw)) if raw.isdigit() and len(raw) < 18 else None
    if period is not None and period.plan_id != plan.pk:
        raise NotFound(_("The plan has no such reporting period."), "no_period")
    period = period or period_current(plan=plan)
    if period is None:
        raise NotFound(_("The plan has no reporting periods yet; publish it first."), "no_period")
    return period


def _periods(plan: Plan) -> list[Period]:
    return list(plan.periods.order_by("starts_on"))


def _scope(request: HttpRequest) -> set[int] | None:
    """The units whose items a reporter sees; None for readers of everything."""
    actor = actor_for_user(request.user)
    return None if actor.reads_all else set(actor.reporter_unit_ids)


# ---------------------------------------------------------------- dashboard


@require_GET
@login_required
def dashboard_home(request: HttpRequest) -> HttpResponse:
    """The dashboard of the most recent published plan the user may see."""
    plan = plan_list_for_user(request.user).filter(status=Plan.Status.PUBLISHED).order_by("-year", "-pk").first()
    if plan is None:
        return render(request, "supervision/no_plan.html")
    return redirect("supervision:dashboard", pk=plan.pk)


def _percent(value: float | None) -> float | None:
    return None if value is None else round(value * 100, 1)


def _dashboard_charts(d, periods: list[Period]) -> dict:
    """The figures of ``Dashboard`` as the chart script reads them, with drill-down links."""
    status_url = reverse("supervision:status", args=[d.plan.pk])
    period = f"period={d.period.pk}"
    names = {p.number: str(p) for p in periods if p.kind == d.period.kind and p.year == d.period.year}
    return {
        "colours": {
            "type": "pie",
            "items": [
                {
                    "name": str(COLOUR_LABELS[c]),
                    "value": d.colours[c],
                    "colour": c,
                    "url": f"{status_url}?{period}&colour={c}",
                }
                for c in COLOUR_ORDER
            ],
        },
        "sections": {
            "type": "bars",
            "labels": [s.label for s in d.sections],
            "values": [_percent(s.completion) for s in d.sections],
            "urls": [reverse("plans:task", args=[s.key]) for s in d.sections],
            "marker": _percent(d.elapsed),
        },
        "units": {
            "type": "stacked",
            "labels": [u.label for u in d.units],
            "series": [
                {"name": str(COLOUR_LABELS[c]), "colour": c, "values": [u.colours[c] for u in d.units]}
                for c in COLOUR_ORDER
            ],
            "urls": [f"{status_url}?{period}&unit={u.key}" for u in d.units],
        },
        "trend": {
            "type": "lines",
            "labels": [names.get(n, str(n)) for n, _v in d.trend.points],
            "series": [
                {
                    "name": _("Time-elapsed ratio"),
                    "values": [_percent(v) for _n, v in d.trend.expected],
                    "dashed": True,
                },
                {"name": _("Mean of all targets"), "values": [_percent(v) for _n, v in d.trend.points]},
            ]
            + [
                {
                    "name": s.label,
                    "values": [_percent(v) for _n, v in s.points],
                    "url": reverse("plans:target", args=[s.key]),
                }
                for s in d.key_indicators
            ],
        },
    }


@require_GET
@login_required
@http_errors
def dashboard(request: HttpRequest, pk: int) -> HttpResponse:
    """One page for leaders: completion, colours, sections, units, trends and the most lagging items."""
    plan = plan_get_for_user(request.user, pk)
    period = _plan_period(request, plan)
    d = dashboard_data(user=request.user, plan=plan, period=period)
    periods = _periods(plan)
    colours = [{"key": c, "label": COLOUR_LABELS[c], "count": d.colours[c]} for c in COLOUR_ORDER]
    return render(
        request,
        "supervision/dashboard.html",
        {
            "plan": plan,
            "period": period,
            "periods": periods,
            "d": d,
            "colours": colours,
            "completion": fmt_percent(d.completion) if d.completion is not None else "—",
            "elapsed": fmt_percent(d.elapsed),
            "charts": _dashboard_charts(d, periods),
            "colour_labels": COLOUR_LABELS,
            "lagging": [{"item": i, "label": COLOUR_LABELS[i.colour]} for i in d.lagging],
        },
    )


# ---------------------------------------------------------------- status of the plan's items


@require_GET
@login_required
@http_errors
def plan_status_page(request: HttpRequest, pk: int) -> HttpResponse:
    """Every target and task with its colour and the reason in words; filters by colour, kind and unit."""
    plan = plan_get_for_user(request.user, pk)
    period = _plan_period(request, plan)
    status = selectors.plan_status(plan=plan, period=period, unit_ids=_scope(request))
    colour = request.GET.get("colour", "")
    kind = request.GET.get("kind", "")
    unit = request.GET.get("unit", "")
    items = status.items
    counts = selectors.colour_counts(items)
    if kind in ("target", "task"):
        items = [i for i in items if i.kind == kind]
    if unit.isdigit():
        items = [i for i in items if int(unit) in i.unit_ids]
    if colour in COLOUR_ORDER:
        items = [i for i in items if i.colour.value == colour]
    groups = []
    for c in COLOUR_ORDER:
        rows = [
            {"item": i, "units": [(u, status.unit_names.get(u, "")) for u in i.unit_ids]}
            for i in items
            if i.colour.value == c
        ]
        if rows:
            groups.append({"key": c, "label": COLOUR_LABELS[c], "rows": rows})
    return render(
        request,
        "supervision/status.html",
        {
            "plan": plan,
            "period": period,
            "periods": _periods(plan),
            "groups": groups,
            "shown": len(items),
            "counts": [{"key": c, "label": COLOUR_LABELS[c], "count": counts[c]} for c in COLOUR_ORDER],
            "units": sorted(status.unit_names.items(), key=lambda kv: kv[1]),
            "filters": {"colour": colour, "kind": kind, "unit": unit},
            "elapsed": fmt_percent(status.elapsed),
            "can_open_order": actor_for_user(request.user).reviews,
        },
    )


# ---------------------------------------------------------------- follow-up orders


@require_GET
@login_required
def order_list(request: HttpRequest) -> HttpResponse:
    """Follow-up orders by status; a reporter sees its own units' orders."""
    form = OrderFilterForm(request.GET or None)
    orders = selectors.follow_up_order_list_for_user(request.user).order_by("status", "due_on", "-pk")
    counts = {s: 0 for s in FollowUpOrder.Status.values}
    for s in orders.values_list("status", flat=True):
        counts[s] += 1
    chosen = form.cleaned_data["status"] if form.is_valid() else ""
    if chosen:
        orders = orders.filter(status=chosen)
    actor = actor_for_user(request.user)
    plans = plan_list_for_user(request.user).filter(status=Plan.Status.PUBLISHED).order_by("-year", "-pk")
    return render(
        request,
        "supervision/order_list.html",
        {
            "orders": orders,
            "form": form,
            "chosen": chosen,
            "statuses": [(v, label, counts[v]) for v, label in FollowUpOrder.Status.choices],
            "today": timezone.localdate(),
            "plans": plans if actor.reviews else [],
        },
    )


def _initial_items(request: HttpRequest) -> dict:
    """Pre-filled choices from a link of the status page: ``?unit=&target=&task=&period=``."""
    initial = {}
    for name in ("unit", "period"):
        if request.GET.get(name, "").isdigit():
            initial[name] = request.GET[name]
    for name, field in (("target", "targets"), ("task", "tasks")):
        values = [v for v in request.GET.getlist(name) if v.isdigit()]
        if values:
            initial[field] = values
    return initial


@require_http_methods(["GET", "POST"])
@login_required
@http_errors
def order_open(request: HttpRequest, pk: int) -> HttpResponse:
    """A supervisor opens a follow-up order on lagging items of the plan, to one unit, with a due date."""
    plan = plan_get_for_user(request.user, pk)
    _require(actor_for_user(request.user).reviews)
    form = FollowUpOrderForm(request.POST or None, plan=plan, initial=_initial_items(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            order = services.follow_up_order_open(
                user=request.user,
                plan=plan,
                unit=data["unit"],
                title=data["title"],
                due_on=data["due_on"],
                request=data["request"],
                targets=list(data["targets"]),
                tasks=list(data["tasks"]),
                period=data["period"],
            )
        except DomainError as exc:
            if exc.status in (403, 404):
                raise
            add_domain_error(form, exc)
        else:
            messages.success(request, _("The follow-up order was sent to %(unit)s.") % {"unit": order.unit.name})
            return redirect("supervision:order", pk=order.pk)
    status = 400 if form.errors else 200
    return render(request, "supervision/order_form.html", {"plan": plan, "form": form}, status=status)


def _order_page(request: HttpRequest, order: FollowUpOrder, status: int = 200, **forms) -> HttpResponse:
    actor = actor_for_user(request.user)
    waiting = order.status in (FollowUpOrder.Status.OPEN, FollowUpOrder.Status.ESCALATED)
    can_answer = waiting and order.unit_id in actor.reporter_unit_ids
    context = {
        "order": order,
        "plan": order.plan,
        "targets": order.targets.order_by("order", "pk"),
        "tasks": order.tasks.order_by("order", "pk"),
        "can_answer": can_answer,
        "can_supervise": actor.reviews,
        "can_remind": actor.reviews and waiting,
        "can_close": actor.reviews and order.status == FollowUpOrder.Status.ANSWERED,
        "can_escalate": actor.reviews and order.status in (FollowUpOrder.Status.OPEN, FollowUpOrder.Status.ANSWERED),
        "answer_form": forms.get("answer_form") or AnswerForm(),
        "close_form": forms.get("close_form") or CloseForm(),
        "escalate_form": forms.get("escalate_form") or EscalateForm(),
        "error": forms.get("error", ""),
        "overdue": waiting and order.due_on < timezone.localdate(),
        "history": history_for_display(
            history_list_for_user(request.user, kind="follow_up_order", object_id=order.pk), kind="follow_up_order"
        ),
    }
    return render(request, "supervision/order_detail.html", context, status=status)


@require_GET
@login_required
@http_errors
def order_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The order, its items, the unit's answer, the supervisor's actions and the whole history."""
    return _order_page(request, selectors.follow_up_order_get_for_user(request.user, pk))


def _order_action(request: HttpRequest, pk: int, form_class, form_key: str, call) -> HttpResponse:
    """Validate ``form_class``, call the service through ``call(order, data)``; refusals show on the page."""
    order = selectors.follow_up_order_get_for_user(request.user, pk)
    form = form_class(request.POST) if form_class else None
    if form is None or form.is_valid():
        try:
            call(order, form.cleaned_data if form else {})
        except DomainError as exc:
            if exc.status in (403, 404):
                raise
            # The form of a refused action may not be shown in the order's new state: the error goes on top.
            return _order_page(request, order, status=400, error=exc.message)
        else:
            return redirect("supervision:order", pk=order.pk)
    return _order_page(request, order, status=400, **{form_key: form})


@require_POST
@login_required
@http_errors
def order_answer(request: HttpRequest, pk: int) -> HttpResponse:
    return _order_action(
        request,
        pk,
        AnswerForm,
        "answer_form",
        lambda order, data: services.follow_up_order_answer(user=request.user, order=order, answer=data["answer"]),
    )


@require_POST
@login_required
@http_errors
def order_close(request: HttpRequest, pk: int) -> HttpResponse:
    return _order_action(
        request,
        pk,
        CloseForm,
        "close_form",
        lambda order, data: services.follow_up_order_close(user=request.user, order=order, comment=data["comment"]),
    )


@require_POST
@login_required
@http_errors
def order_escalate(request: HttpRequest, pk: int) -> HttpResponse:
    return _order_action(
        request,
        pk,
        EscalateForm,
        "escalate_form",
        lambda order, data: services.follow_up_order_escalate(
            user=request.user, order=order, comment=data["comment"], due_on=data["due_on"]
        ),
    )


@require_POST
@login_required
@http_errors
def order_remind(request: HttpRequest, pk: int) -> HttpResponse:
    def remind(order, _data) -> None:
        services.follow_up_order_remind(user=request.user, order=order)
        messages.success(request, _("A reminder was sent to %(unit)s.") % {"unit": order.unit.name})

    return _order_action(request, pk, None, "", remind)


# ---------------------------------------------------------------- bulletins


@require_http_methods(["GET", "POST"])
@login_required
@http_errors
def bulletin_list(request: HttpRequest) -> HttpResponse:
    """The bulletins issued so far, and (supervisors, planners) the form that generates a new one."""
    actor = actor_for_user(request.user)
    _require(actor.reads_all)
    can_issue = actor.reviews or actor.plans
    plans = plan_list_for_user(request.user).filter(status=Plan.Status.PUBLISHED).order_by("-year", "-pk")
    initial = {}
    first = plans.first()
    if first is not None:
        current = period_current(plan=first)
        initial = {"plan": first.pk, "period": current.pk if current else None, "issuer": first.issuer}
    form = BulletinForm(request.POST or None, plans=plans, initial=initial) if can_issue else None
    if request.method == "POST":
        _require(can_issue)
        if form.is_valid():
            data = form.cleaned_data
            try:
                bulletin = services.bulletin_request(
                    user=request.user,
                    plan=data["plan"],
                    period=data["period"],
                    issuer=data["issuer"],
                    number=data["number"],
                )
            except DomainError as exc:
                if exc.status in (403, 404):
                    raise
                add_domain_error(form, exc)
            else:
                return redirect("supervision:bulletin", pk=bulletin.pk)
    bulletins = selectors.bulletin_list_for_user(request.user)[:50]
    status = 400 if form is not None and form.errors else 200
    return render(request, "supervision/bulletin_list.html", {"bulletins": bulletins, "form": form}, status=status)


_FINISHED = (Bulletin.Status.DONE, Bulletin.Status.FAILED)


@require_GET
@login_required
@http_errors
def bulletin_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The bulletin's generation progress (htmx polls the ``progress`` partial), then its files."""
    bulletin = selectors.bulletin_get_for_user(request.user, pk)
    template = "supervision/bulletin_detail.html#progress" if is_htmx(request) else "supervision/bulletin_detail.html"
    return render(request, template, {"bulletin": bulletin, "finished": bulletin.status in _FINISHED})


@require_GET
@login_required
@http_errors
def bulletin_file(request: HttpRequest, pk: int, file_format: str) -> HttpResponse:
    bulletin = selectors.bulletin_get_for_user(request.user, pk)
    stored = bulletin.docx if file_format == "docx" else bulletin.pdf
    if not stored:
        raise NotFound(bulletin.message or _("The file is not ready."), "file_not_ready")
    response = FileResponse(stored.open("rb"), content_type=DOCX if file_format == "docx" else "application/pdf")
    response["Content-Disposition"] = content_disposition(f"{bulletin.plan.title} {bulletin.period}.{file_format}")
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
@login_required
@http_errors
def bulletin_print(request: HttpRequest, pk: int) -> HttpResponse:
    """The bulletin as a print-ready A4 page (GB/T 9704 margins and fonts, as far as a browser prints)."""
    bulletin = selectors.bulletin_get_for_user(request.user, pk)
    return render(
        request,
        "supervision/bulletin_print.html",
        {
            "bulletin": bulletin,
            "plan": bulletin.plan,
            # as of the day the bulletin was generated, like its .docx
            **bulletin_content(
                plan=bulletin.plan,
                period=bulletin.period,
                today=timezone.localdate(bulletin.created_at),
                issuer=bulletin.issuer,
                number=bulletin.number,
            ),
        },
    )
