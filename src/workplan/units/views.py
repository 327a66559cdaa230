"""Pages of units: the alias-aware autocomplete used when assigning units."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from .selectors import unit_search


@require_GET
@login_required
def unit_options(request: HttpRequest) -> HttpResponse:
    """``<option>``s for a ``<datalist>``: units whose name or alias contains the typed text.

    htmx sends the text input's own value, named ``unit``; ``q`` is accepted too.
    """
    query = request.GET.get("q") or request.GET.get("unit") or ""
    units = unit_search(query=query[:100], limit=15)
    return render(request, "units/options.html", {"units": units})
