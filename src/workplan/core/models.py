"""Shared model bases and the log-in audit log."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True


class LoginEvent(models.Model):
    """One log-in attempt, successful or not, and log-outs (等保 requires an audit of access)."""

    class Kind(models.TextChoices):
        SUCCESS = "success", _("log-in")
        FAILURE = "failure", _("failed log-in")
        LOGOUT = "logout", _("log-out")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="login_events"
    )
    username = models.CharField(_("user name"), max_length=150, blank=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    user_agent = models.CharField(_("browser"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("log-in event")
        verbose_name_plural = _("log-in events")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.username} {self.kind}"


def clean_for_save(obj: models.Model) -> None:
    """``full_clean`` without re-reading related rows that are already loaded on ``obj``.

    Django checks each foreign key with a query; a service that was handed the related objects knows they
    exist. Constraints on those fields are still enforced by the database.
    """
    exclude = [f.name for f in obj._meta.concrete_fields if f.is_relation and f.many_to_one and f.is_cached(obj)]
    obj.full_clean(exclude=exclude)
