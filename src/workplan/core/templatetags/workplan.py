"""Template tags of the page layout: the navigation by role."""

from __future__ import annotations

from django import template
from django.urls import reverse
from django.utils.translation import gettext as _

from workplan.units.models import Role
from workplan.units.selectors import actor_for_user

register = template.Library()


@register.inclusion_tag("workplan/nav.html", takes_context=True)
def workplan_nav(context) -> dict:
    """Links of the top navigation for the signed-in user's roles; the current one is marked."""
    request = context["request"]
    actor = actor_for_user(request.user)
    links: list[tuple[str, str, str]] = []  # (url, label, accesskey)
    if request.user.is_authenticated:
        links.append((reverse("plans:list"), _("Plans"), "p"))
        if actor.plans:
            links.append((reverse("plans:import"), _("Import a plan"), "i"))
        if actor.reports or actor.reads_all:
            links.append((reverse("reporting:todo"), _("To-do"), "t"))
        if actor.reads_all:
            links.append((reverse("reporting:review"), _("Review"), "v"))
            links.append((reverse("supervision:dashboard-home"), _("Dashboard"), "d"))
        if actor.reports or actor.reads_all:
            links.append((reverse("supervision:orders"), _("Follow-up orders"), "f"))
        if actor.reads_all:
            links.append((reverse("supervision:bulletins"), _("Bulletins"), "b"))
            links.append((reverse("assessment:home"), _("Assessment"), "k"))
    path = request.path
    items = [
        {"url": url, "label": label, "accesskey": key, "current": path == url or (url != "/" and path.startswith(url))}
        for url, label, key in links
    ]
    roles = [str(Role(r).label) for r in sorted(actor.roles)]
    return {"items": items, "user": request.user, "roles": roles, "request": request}
