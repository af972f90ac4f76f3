"""Log-in security: every log-in, failure and log-out is in the audit trail,
and a user name with too many recent failures is locked for a while."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .middleware import client_ip
from .models import AuditEvent

MAX_FAILURES = 5
LOCK_MINUTES = 15


def recent_failures(username: str, now: dt.datetime | None = None) -> int:
    since = (now or timezone.now()) - dt.timedelta(minutes=LOCK_MINUTES)
    return AuditEvent.objects.filter(
        action=AuditEvent.Action.LOGIN_FAILED, object_repr=username[:200], at__gte=since
    ).count()


class LockingMixin:
    """Refuses a user name with MAX_FAILURES failures in the last LOCK_MINUTES,
    before the password is even checked (a locked account cannot be guessed)."""

    error_messages: dict[str, Any]
    cleaned_data: dict[str, Any]

    def clean(self) -> dict[str, Any]:
        username = self.cleaned_data.get("username") or ""
        if username and recent_failures(username) >= MAX_FAILURES:
            raise forms.ValidationError(
                self.error_messages["locked"], code="locked", params={"minutes": LOCK_MINUTES}
            )
        return super().clean()  # type: ignore[misc]


LOCKED = _("该账号连续登录失败次数过多，已临时锁定%(minutes)s分钟，请稍后再试或联系安全管理员。")


class LockingAuthenticationForm(LockingMixin, AuthenticationForm):
    error_messages = {**AuthenticationForm.error_messages, "locked": LOCKED}


class LockingAdminAuthenticationForm(LockingMixin, AdminAuthenticationForm):
    """The admin site's log-in (/admin/login/), locked the same way."""

    error_messages = {**AdminAuthenticationForm.error_messages, "locked": LOCKED}


def on_login(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    AuditEvent.objects.create(
        actor=user,
        actor_name=getattr(user, "display_name", str(user)),
        action=AuditEvent.Action.LOGIN,
        object_repr=user.get_username(),
        unit=getattr(user, "home_unit", None),
        ip=client_ip(request) if request is not None else None,
    )


def on_logout(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if user is None:
        return
    AuditEvent.objects.create(
        actor=user,
        actor_name=getattr(user, "display_name", str(user)),
        action=AuditEvent.Action.LOGOUT,
        object_repr=user.get_username(),
        unit=getattr(user, "home_unit", None),
        ip=client_ip(request) if request is not None else None,
    )


def on_login_failed(
    sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any
) -> None:
    AuditEvent.objects.create(
        action=AuditEvent.Action.LOGIN_FAILED,
        object_repr=str(credentials.get("username", ""))[:200],
        ip=client_ip(request) if request is not None else None,
        note="用户名或密码错误",
    )


def connect() -> None:
    from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed

    user_logged_in.connect(on_login, dispatch_uid="fazhi.security.login")
    user_logged_out.connect(on_logout, dispatch_uid="fazhi.security.logout")
    user_login_failed.connect(on_login_failed, dispatch_uid="fazhi.security.login_failed")
