"""DRF plumbing shared by every app: pagination, the error handler, base permissions."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions as drf_exceptions
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from workplan.parsing.errors import ParseError

from .errors import DomainError


class Pagination(PageNumberPagination):
    page_size_query_param = "page_size"
    max_page_size = 500


def _validation_extra(exc: DjangoValidationError) -> dict[str, Any]:
    if hasattr(exc, "error_dict"):
        return {"fields": {k: [str(m) for e in v for m in e.messages] for k, v in exc.error_dict.items()}}
    return {"errors": [str(m) for m in exc.messages]}


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """Every error as ``{code, message, extra}``; unknown exceptions propagate (500, logged)."""
    if isinstance(exc, DomainError):
        return Response({"code": exc.code, "message": exc.message, "extra": exc.extra}, status=exc.status)
    if isinstance(exc, ParseError):
        return Response({"code": exc.code, "message": exc.message, "extra": {}}, status=400)
    if isinstance(exc, DjangoValidationError):
        code = getattr(exc, "code", None) or "invalid"
        if hasattr(exc, "error_dict"):
            codes = [e.code for v in exc.error_dict.values() for e in v if e.code]
            code = codes[0] if codes else "invalid"
        return Response(
            {"code": code, "message": _("The data is not valid."), "extra": _validation_extra(exc)}, status=400
        )
    if isinstance(exc, Http404):
        exc = drf_exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = drf_exceptions.PermissionDenied()
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, drf_exceptions.ValidationError):
        body = {"code": "invalid", "message": _("The data is not valid."), "extra": {"fields": response.data}}
    else:
        detail = response.data.get("detail", "") if isinstance(response.data, dict) else response.data
        code = getattr(detail, "code", None) or getattr(exc, "default_code", "error")
        body = {"code": code, "message": str(detail), "extra": {}}
    response.data = body
    return response


class ServiceViewSetMixin:
    """Thin viewsets: the queryset and ``get_object`` come from selectors, writes from services.

    ``list_selector(user)`` gives the visible queryset; ``get_selector(user, pk)`` raises 404/403.
    """

    list_selector = None
    get_selector = None

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return self.queryset
        return type(self).list_selector(self.request.user)

    def get_object(self):
        obj = type(self).get_selector(self.request.user, self.kwargs[self.lookup_field])
        self.check_object_permissions(self.request, obj)
        return obj
