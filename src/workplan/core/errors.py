"""Errors that services raise on refused business operations; one API handler turns them into JSON."""

from __future__ import annotations

from typing import Any


class DomainError(Exception):
    """A refused operation with a stable ``code``, a translated ``message`` and ``extra`` details.

    ``status`` is the HTTP status the API answers with (400 unless a subclass says otherwise).
    """

    status = 400

    def __init__(self, message: str, code: str, extra: dict[str, Any] | None = None) -> None:
        super().__init__(message)
        self.message = str(message)
        self.code = code
        self.extra = extra or {}

    def __str__(self) -> str:
        return self.message


class PermissionDenied(DomainError):
    status = 403


class NotFound(DomainError):
    status = 404


class Conflict(DomainError):
    status = 409
