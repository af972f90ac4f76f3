"""Session limits and the forced password change (issue 17; GB/T 22239-2019
level 3, 8.1.4.1 b: a session ends when the connection has been idle too long;
the user is told of earlier log-ins and failures, so misuse is noticed).

- Idle timeout: a request more than FAZHI_SESSION_IDLE_MINUTES after the
  user's previous one logs the user out and sends them to the log-in page with
  a message (HTMX requests get HX-Redirect; API calls are answered as
  anonymous). The page's own timer (static/js/session.js) warns a minute
  before and keeps half-typed forms in the browser.
- Absolute timeout: FAZHI_SESSION_ABSOLUTE_HOURS after the log-in, whatever the
  activity.
- Forced password change: while core.passwords.change_reason says so, every
  page sends the user to the password page, which says why (once: the
  refused pages queue no message of their own).
- At log-in the previous successful log-in and the failures since are read
  from the audit trail once, for the home page.

Why not a library: django-session-security needs jQuery and an inline script
and lets mouse movement in the page extend the server's session;
django-auto-logout (last release 2022) has no HTMX answer. Both would need
overriding in every part that matters here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any
from urllib.parse import quote, urlsplit

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import resolve_url
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_htmx.http import HttpResponseClientRedirect

from . import passwords
from .models import AuditEvent

# Session keys (no leading underscore: the home page template reads none of
# them, but the names stay readable in a session dump).
LOGIN_AT = "fazhi_login_at"  # epoch seconds of the log-in
LAST_SEEN = "fazhi_last_seen"  # epoch seconds of the last request counted
PASSWORD_OK_UNTIL = "fazhi_password_ok_until"  # noqa: S105 - a session key; epoch seconds
PREVIOUS_LOGIN = "fazhi_previous_login"  # {"at": iso, "ip": str, "failures": int}

# The session is written at most this often for activity alone: a write per
# request would cost every page a query. The page's timer is told the server's
# own deadline (`idle_remaining`), so it never warns late.
TOUCH_EVERY_SECONDS = 60
# Paths answered as an API (no redirect to a page).
API_PREFIX = "/api/"
# Pages a user who must change the password may still open.
PASSWORD_EXEMPT = {
    "core:password_change",
    "core:session_keepalive",
    # The offline capture's service worker script: a browser refuses a
    # redirected one (a console error on the password page itself).
    "core:service_worker",
    "login",
    "logout",
    "set_language",
    "javascript-catalog",
}


def now() -> dt.datetime:
    """The clock of the session rules; tests pin it here."""
    return timezone.now()


def idle_seconds() -> int:
    return int(getattr(settings, "FAZHI_SESSION_IDLE_MINUTES", 15)) * 60


def absolute_seconds() -> int:
    return int(getattr(settings, "FAZHI_SESSION_ABSOLUTE_HOURS", 12)) * 3600


IDLE_MESSAGE = _("您已%(minutes)s分钟没有操作，为保护数据已自动退出登录，请重新登录。")
ABSOLUTE_MESSAGE = _("本次登录已满%(hours)s小时，为保护数据已自动退出登录，请重新登录。")
CHANGE_MESSAGES = {
    passwords.ChangeReason.SET_BY_ADMIN: _("您的密码由管理员设置，请先修改密码再使用平台。"),
    passwords.ChangeReason.EXPIRED: _("您的密码已使用超过%(days)s天，请先修改密码再使用平台。"),
}
API_CHANGE_DETAIL = _("请先在平台页面上修改密码。")


def _url_name(request: HttpRequest) -> str | None:
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return None
    return match.view_name


def _is_api(request: HttpRequest) -> bool:
    return request.path_info.startswith(API_PREFIX)


def _is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def _return_path(request: HttpRequest) -> str:
    """Where the user comes back to after logging in again: the page they were
    on (an HTMX request's page, not its fragment URL), so session.js can put a
    half-typed form back."""
    if _is_htmx(request):
        current = urlsplit(request.headers.get("HX-Current-URL", ""))
        if current.path:
            return current.path + (f"?{current.query}" if current.query else "")
    if request.method == "GET":
        return request.get_full_path()
    return request.path


def _send_to(request: HttpRequest, url: str) -> HttpResponse:
    if _is_htmx(request):
        return HttpResponseClientRedirect(url)
    return HttpResponseRedirect(url)


def _login_url(next_path: str) -> str:
    return f"{resolve_url(settings.LOGIN_URL)}?next={quote(next_path)}"


class SessionTimeoutMiddleware:
    """Ends a session idle for FAZHI_SESSION_IDLE_MINUTES or older than
    FAZHI_SESSION_ABSOLUTE_HOURS. Place after the authentication and message
    middleware."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            answer = self._check(request)
            if answer is not None:
                return answer
        response = self.get_response(request)
        remaining = getattr(request, "session_idle_remaining", None)
        if remaining is not None:
            # htmx answers move the page's timer on (session.js).
            response["X-Fazhi-Session-Remaining"] = str(remaining)
        return response

    def _check(self, request: HttpRequest) -> HttpResponse | None:
        session = request.session
        t = now().timestamp()
        login_at = session.get(LOGIN_AT)
        last_seen = session.get(LAST_SEEN)
        if login_at is None or last_seen is None:
            # A session from before these rules (or a log-in not through
            # django.contrib.auth.login): its limits start now.
            session[LOGIN_AT] = login_at = login_at or t
            session[LAST_SEEN] = last_seen = t
        if t - last_seen >= idle_seconds():
            message = IDLE_MESSAGE % {"minutes": idle_seconds() // 60}
        elif t - login_at >= absolute_seconds():
            message = ABSOLUTE_MESSAGE % {"hours": absolute_seconds() // 3600}
        else:
            if t - last_seen >= TOUCH_EVERY_SECONDS:
                session[LAST_SEEN] = last_seen = t
            # What the page's timer counts down from (session.js).
            request.session_idle_remaining = int(  # type: ignore[attr-defined]
                min(last_seen + idle_seconds(), login_at + absolute_seconds()) - t
            )
            request.session_login_age = int(t - login_at)  # type: ignore[attr-defined]
            return None
        next_path = _return_path(request)
        logout(request)
        if _is_api(request):
            return None  # answered as anonymous by the API's own permission check
        messages.warning(request, message)
        return _send_to(request, _login_url(next_path))


class PasswordChangeRequiredMiddleware:
    """While the password must be changed (set by an administrator, or older
    than FAZHI_PASSWORD_MAX_AGE_DAYS), every page but the password page, log-out
    and the language switch sends the user to the password page."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            reason = change_due(request)
            if reason is not None and _url_name(request) not in PASSWORD_EXEMPT:
                if _is_api(request):
                    return JsonResponse({"detail": str(API_CHANGE_DETAIL)}, status=403)
                # No message: the password page states the reason itself
                # (views_account.PasswordChange), and a message queued by each
                # refused page piled up until a page showed them — the page
                # said it four times after three refused pages.
                return _send_to(request, reverse("core:password_change"))
        return self.get_response(request)


def change_due(request: HttpRequest) -> passwords.ChangeReason | None:
    """core.passwords.change_reason, remembered in the session while the
    password is known good, so a page costs no query for it."""
    t = passwords.now()
    ok_until = request.session.get(PASSWORD_OK_UNTIL)
    if ok_until is not None and t.timestamp() < ok_until:
        return None
    reason = passwords.change_reason(request.user, at=t)
    if reason is None:
        remember_password_ok(request)
    else:
        request.session.pop(PASSWORD_OK_UNTIL, None)
    return reason


def remember_password_ok(request: HttpRequest, user: Any = None) -> None:
    status = passwords.status_of(user or request.user)
    if status is not None and not status.must_change:
        request.session[PASSWORD_OK_UNTIL] = passwords.valid_until(status).timestamp()
    else:
        # No status row: a user without a usable password; look again next time.
        request.session.pop(PASSWORD_OK_UNTIL, None)


# --- at log-in --------------------------------------------------------------------

# The log-in's own audit row (core.security.on_login) is written by another
# receiver of the same signal, before or after this one; rows younger than this
# are taken to be it.
SAME_LOGIN_SECONDS = 1


def previous_login_summary(user: Any, at: dt.datetime) -> dict[str, Any] | None:
    """The user's last successful log-in before `at` (time, address) and the
    failed attempts on the user name since then, from the audit trail."""
    before = at - dt.timedelta(seconds=SAME_LOGIN_SECONDS)
    previous = (
        AuditEvent.objects.filter(action=AuditEvent.Action.LOGIN, actor=user, at__lt=before)
        .order_by("-at", "-pk")
        .values("at", "ip")
        .first()
    )
    failures = AuditEvent.objects.filter(
        action=AuditEvent.Action.LOGIN_FAILED, object_repr=user.get_username()[:200], at__lt=at
    )
    if previous is not None:
        failures = failures.filter(at__gt=previous["at"])
    return {
        "at": previous["at"].isoformat() if previous else None,
        "ip": (previous["ip"] or "") if previous else "",
        "failures": failures.count(),
    }


def on_login(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    """Starts the session's clocks and reads the previous log-in once."""
    if request is None or not hasattr(request, "session"):
        return
    at = now()
    request.session[LOGIN_AT] = at.timestamp()
    request.session[LAST_SEEN] = at.timestamp()
    request.session[PREVIOUS_LOGIN] = previous_login_summary(user, at)
    if passwords.change_reason(user) is None:
        remember_password_ok(request, user)


def previous_login(request: HttpRequest) -> dict[str, Any] | None:
    """For the home page: {"at": datetime | None, "ip": str, "failures": int}."""
    data = request.session.get(PREVIOUS_LOGIN)
    if not data:
        return None
    at = dt.datetime.fromisoformat(data["at"]) if data.get("at") else None
    return {"at": at, "ip": data.get("ip", ""), "failures": int(data.get("failures", 0))}


def connect() -> None:
    from django.contrib.auth.signals import user_logged_in

    user_logged_in.connect(on_login, dispatch_uid="fazhi.sessions.login")
