"""Log-in security: every log-in, failure and log-out is in the audit trail;
the lockout is django-axes (docs/security.md, "Lockout").

Axes is the first authentication backend, so /login/ and /admin/login/ are
locked alike: FAZHI_LOCKOUT_FAILURES failures on one account, or from one IP
address (AXES_LOCKOUT_PARAMETERS), lock it for FAZHI_LOCKOUT_MINUTES from the
last failure, before the password is even checked (a locked account cannot be
guessed). The locked-out page says, in Chinese, when to try again. The security
administrator lists the current lockouts and lifts one (views_lockout), each
lift audited.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from axes.helpers import get_client_username, get_cool_off, get_failure_limit
from axes.models import AccessAttempt
from axes.utils import reset
from django.conf import settings
from django.db import transaction
from django.db.models import Max, Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from .i18n import stored
from .middleware import client_ip, current_ip
from .models import AuditEvent

# What a lock is on: one account (its user name) or one IP address.
KIND_LABELS = {"username": _("账号"), "ip_address": _("IP地址")}


def failure_limit() -> int:
    return int(settings.AXES_FAILURE_LIMIT)


def cool_off() -> dt.timedelta:
    return get_cool_off() or dt.timedelta(minutes=15)


@dataclass(frozen=True)
class Lockout:
    kind: str  # "username" or "ip_address"
    value: str
    failures: int
    until: dt.datetime

    @property
    def kind_label(self) -> str:
        return str(KIND_LABELS[self.kind])


def current_lockouts(now: dt.datetime | None = None) -> list[Lockout]:
    """Every account and address locked now, from axes' attempts: failures
    counted within the cool-off of their last one, as axes counts them."""
    now = now or timezone.now()
    recent = AccessAttempt.objects.filter(attempt_time__gte=now - cool_off())
    found: list[Lockout] = []
    for kind in KIND_LABELS:
        rows = (
            recent.exclude(**{f"{kind}__isnull": True})
            .exclude(**{f"{kind}__exact": ""} if kind == "username" else {})
            .values(kind)
            .annotate(failures=Sum("failures_since_start"), last=Max("attempt_time"))
            .filter(failures__gte=failure_limit())
            .order_by("-last")
        )
        found += [
            Lockout(kind, row[kind], row["failures"], row["last"] + cool_off()) for row in rows
        ]
    return found


def locked_until(username: str | None, ip: str | None) -> dt.datetime:
    """When the lock that refused this log-in ends (the latest of the account's
    and the address's)."""
    ends = [
        lock.until
        for lock in current_lockouts()
        if (lock.kind == "username" and lock.value == username)
        or (lock.kind == "ip_address" and lock.value == ip)
    ]
    return max(ends) if ends else timezone.now() + cool_off()


def lockout_response(
    request: HttpRequest, original_response: Any = None, credentials: dict[str, Any] | None = None
) -> HttpResponse:
    """AXES_LOCKOUT_CALLABLE: the locked-out page, for /login/ and /admin/login/."""
    username = get_client_username(request, credentials)
    until = locked_until(username, getattr(request, "axes_ip_address", None))
    return render(
        request,
        "registration/locked_out.html",
        {
            "until": timezone.localtime(until),
            "failures": get_failure_limit(request, credentials),
            "minutes": int(cool_off().total_seconds() // 60),
        },
        status=429,
    )


LIFTED = _("已解除对%(kind)s“%(value)s”的登录锁定。")


def unlock(kind: str, value: str, *, by: Any) -> int:
    """The security administrator lifts a lock: axes forgets the attempts of
    that account (or address), and the trail keeps who did it."""
    if kind not in KIND_LABELS:
        raise ValueError(kind)
    from .twofactor import _unwrap

    by = _unwrap(by)
    with transaction.atomic():
        count = reset(username=value) if kind == "username" else reset(ip=value)
        AuditEvent.objects.create(
            actor=by,
            actor_name=getattr(by, "display_name", str(by)),
            action=AuditEvent.Action.UPDATE,
            object_repr=value[:200],
            unit=getattr(by, "home_unit", None),
            ip=current_ip.get(),
            note=stored(gettext_noop("解除登录锁定（%(kind)s）"), kind=KIND_LABELS[kind]),
        )
    return count


# --- the audit trail of log-ins --------------------------------------------------


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
    """Every failure, a refused one during a lock too (axes has flagged the
    request by then: its receiver is connected first)."""
    locked = bool(getattr(request, "axes_locked_out", False))
    AuditEvent.objects.create(
        action=AuditEvent.Action.LOGIN_FAILED,
        object_repr=str(credentials.get("username", ""))[:200],
        ip=client_ip(request) if request is not None else None,
        note=gettext_noop("登录失败次数过多，已锁定")
        if locked
        else gettext_noop("用户名或密码错误"),
    )


def connect() -> None:
    from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed

    user_logged_in.connect(on_login, dispatch_uid="fazhi.security.login")
    user_logged_out.connect(on_logout, dispatch_uid="fazhi.security.logout")
    user_login_failed.connect(on_login_failed, dispatch_uid="fazhi.security.login_failed")
