"""Log-in audit: Django's auth signals are the only hook for log-ins from every entry point."""

from __future__ import annotations

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from .models import LoginEvent


def _client(request) -> tuple[str | None, str]:
    if request is None:
        return None, ""
    ip = request.META.get("REMOTE_ADDR") or None
    return ip, request.META.get("HTTP_USER_AGENT", "")[:300]


@receiver(user_logged_in, dispatch_uid="workplan_login_success")
def _on_login(sender, request, user, **kwargs) -> None:
    ip, agent = _client(request)
    LoginEvent.objects.create(
        user=user, username=user.get_username(), kind=LoginEvent.Kind.SUCCESS, ip_address=ip, user_agent=agent
    )


@receiver(user_login_failed, dispatch_uid="workplan_login_failure")
def _on_login_failed(sender, credentials, request=None, **kwargs) -> None:
    ip, agent = _client(request)
    LoginEvent.objects.create(
        username=str(credentials.get("username", ""))[:150],
        kind=LoginEvent.Kind.FAILURE,
        ip_address=ip,
        user_agent=agent,
    )


@receiver(user_logged_out, dispatch_uid="workplan_logout")
def _on_logout(sender, request, user, **kwargs) -> None:
    ip, agent = _client(request)
    LoginEvent.objects.create(
        user=user,
        username=user.get_username() if user else "",
        kind=LoginEvent.Kind.LOGOUT,
        ip_address=ip,
        user_agent=agent,
    )
