"""Helpers shared by the server-rendered pages: domain errors as HTTP errors, htmx detection, form errors."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404, HttpRequest, HttpResponse

from .errors import DomainError, NotFound, PermissionDenied


def http_errors(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Let a page view call selectors freely: ``NotFound`` becomes 404 and ``PermissionDenied`` 403.

    Other ``DomainError``s are refusals the view shows as form errors; they are not caught here.
    """

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except NotFound as exc:
            raise Http404(exc.message) from exc
        except PermissionDenied as exc:
            raise DjangoPermissionDenied(exc.message) from exc

    return wrapper


def is_htmx(request: HttpRequest) -> bool:
    """True for requests made by htmx, which get a template partial instead of a whole page."""
    return request.headers.get("HX-Request") == "true"


def add_domain_error(form, exc: DomainError) -> None:
    """Show a refused service call on the form: on a field when the error names one, else on the form."""
    fields = exc.extra.get("fields") if isinstance(exc.extra, dict) else None
    if isinstance(fields, dict):
        for name, messages in fields.items():
            for message in messages if isinstance(messages, list) else [messages]:
                form.add_error(name if name in form.fields else None, str(message))
        return
    form.add_error(None, exc.message)
