"""Two factors (issue 17; GB/T 22239-2019 level 3, 8.1.4.1 d: administrators
log in with two kinds of proof; docs/security.md, "Two factors").

- TOTP through django-otp (otp_totp): the enrolment page draws the
  otpauth:// address as an inline SVG QR code with segno and shows the secret
  beside it; the user's first code confirms the device.
- Ten single-use recovery codes (otp_static), shown once at enrolment.
- Required for REQUIRED_ROLES (the three administrators and the county
  supervisors) and superusers; optional for everyone else (the "两步验证"
  page of the user menu). Whoever has a confirmed device must use it.
- TwoFactorRequiredMiddleware: after the password, a user who must enrol goes
  to the enrolment page, one with a device to the verification page, before
  any other page (the admin site and the session's API included).
- API tokens (DRF TokenAuthentication) are issued and revoked on the same page;
  a user who has or needs a device issues one only from a verified session.
- A deploy check (`check --deploy`) refuses a superuser with a usable password
  and no confirmed device.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any
from urllib.parse import quote

import segno
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import checks
from django.db import transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _
from django_htmx.http import HttpResponseClientRedirect
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.authtoken.models import Token

from . import audit
from .models import AuditEvent
from .roles import Role

REQUIRED_ROLES = frozenset(
    {Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN, Role.AUDIT_ADMIN, Role.COUNTY_SUPERVISOR}
)
RECOVERY_CODES = 10
# Device names are kept on rows (and looked up by), so they stay Chinese.
DEVICE_NAME = gettext_noop("身份验证器")
RECOVERY_NAME = gettext_noop("恢复码")

# The session remembers what the user still owes (read once per log-in, so a
# page of a user without a device costs no query for it).
STATE = "fazhi_2fa"
NONE, ENROL, VERIFY = "none", "enrol", "verify"

# Pages open before the second factor.
EXEMPT = {
    "core:two_factor_enrol",
    "core:two_factor_verify",
    "core:session_keepalive",
    # The offline capture's service worker script: a browser refuses a
    # redirected one (the console error on every page before the code).
    "core:service_worker",
    "login",
    "logout",
    "admin:login",
    "admin:logout",
    "set_language",
    "javascript-catalog",
}
API_PREFIX = "/api/"

API_DETAIL = _("请先在平台页面上完成两步验证。")


def required_for(user: Any) -> bool:
    return bool(user.is_superuser or getattr(user, "role", "") in REQUIRED_ROLES)


def state_for(user: Any) -> str:
    if TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        return VERIFY
    return ENROL if required_for(user) else NONE


def _url_name(request: HttpRequest) -> str | None:
    try:
        return resolve(request.path_info).view_name
    except Resolver404:
        return None


class TwoFactorRequiredMiddleware:
    """Sends a user who owes the second factor to enrolment or verification.
    After django_otp's OTPMiddleware and the session timeout."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user: Any = request.user
        if user.is_authenticated and not user.is_verified():
            state = request.session.get(STATE)
            if state is None:
                state = request.session[STATE] = state_for(user)
            if (
                state != NONE
                and not request.path_info.startswith(settings.STATIC_URL)
                and _url_name(request) not in EXEMPT
            ):
                return self._send(request, state)
        return self.get_response(request)

    def _send(self, request: HttpRequest, state: str) -> HttpResponse:
        if request.path_info.startswith(API_PREFIX):
            return JsonResponse({"detail": str(API_DETAIL)}, status=403)
        name = "core:two_factor_enrol" if state == ENROL else "core:two_factor_verify"
        url = reverse(name)
        if request.headers.get("HX-Request") == "true":
            return HttpResponseClientRedirect(url)
        if request.method == "GET":
            url += f"?next={quote(request.get_full_path())}"
        from django.http import HttpResponseRedirect

        return HttpResponseRedirect(url)


def on_login(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    """What a new log-in owes, read once (the pages after cost no query for it)."""
    if request is not None and hasattr(request, "session"):
        request.session[STATE] = state_for(user)


def connect() -> None:
    from django.contrib.auth.signals import user_logged_in

    user_logged_in.connect(on_login, dispatch_uid="fazhi.twofactor.login")


# --- devices -------------------------------------------------------------------


def confirmed_device(user: Any) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def pending_device(user: Any) -> TOTPDevice:
    """The device being enrolled: kept while the page is reloaded, so the QR
    code the user has scanned stays valid."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
    return device


def wait_seconds(device: Any) -> int:
    """Seconds before the device takes a code again (0: now). django-otp
    refuses every code for 1, 2, 4, 8… s after wrong ones, the right code too,
    so the page must say "wait", not "wrong", while this is above 0."""
    if device is None:
        return 0
    allowed, data = device.verify_is_allowed()
    until = (data or {}).get("locked_until")
    if allowed or until is None:
        return 0
    return max(1, math.ceil((until - timezone.now()).total_seconds()))


def device_for_token(user: Any, token: str) -> Any:
    """The device a typed code is for: the app's six digits, or a recovery code."""
    token = token.strip().replace(" ", "")
    if token.isdigit():
        return confirmed_device(user)
    return StaticDevice.objects.filter(user=user, name=RECOVERY_NAME).first()


def qr_svg(device: TOTPDevice) -> str:
    """The otpauth:// address as an inline SVG (no image service, no style
    attribute: the CSP stays strict)."""
    return str(segno.make(device.config_url, error="m").svg_inline(scale=4, light="#fff"))


def secret_text(device: TOTPDevice) -> str:
    """The base32 secret in groups of four, for typing into an app by hand."""
    from base64 import b32encode

    raw = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(raw[i : i + 4] for i in range(0, len(raw), 4))


def recovery_codes(user: Any) -> list[str]:
    """New recovery codes (the old ones stop working); shown once."""
    device, _created = StaticDevice.objects.get_or_create(
        user=user, name=RECOVERY_NAME, defaults={"confirmed": True}
    )
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=c) for c in codes])
    return codes


def _unwrap(user: Any) -> Any:
    """request.user without its lazy wrappers (auth's and django-otp's): the
    audit trail files the record by its model."""
    from django.utils.functional import SimpleLazyObject, empty

    while isinstance(user, SimpleLazyObject):
        lazy: Any = user
        if lazy._wrapped is empty:
            lazy._setup()
        user = lazy._wrapped
    return user


def _record(user: Any, note: str) -> None:
    user = _unwrap(user)
    audit.record(
        user,
        by=user,
        action=AuditEvent.Action.UPDATE,
        note=note,
        unit=getattr(user, "home_unit", None),
    )


def confirm(request: HttpRequest, device: TOTPDevice, token: str) -> list[str] | None:
    """The first code from the app confirms the device and verifies this
    session; the recovery codes come back to be shown once. None: wrong code."""
    user: Any = request.user
    if device.user_id != user.pk or not device.verify_token(token.strip()):
        return None
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user, confirmed=True).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        codes = recovery_codes(user)
        _record(user, gettext_noop("启用两步验证"))
    otp_login(request, device)
    request.session[STATE] = VERIFY
    return codes


def verify(request: HttpRequest, token: str) -> bool:
    """A code from the app, or one recovery code (used up by this), verifies
    the session. A wrong code is a failed log-in in the trail."""
    from django_otp import match_token

    user: Any = request.user
    device = match_token(user, token.strip().replace(" ", ""))
    if device is None:
        AuditEvent.objects.create(
            action=AuditEvent.Action.LOGIN_FAILED,
            object_repr=user.get_username()[:200],
            ip=audit.current_ip.get(),
            note=gettext_noop("两步验证码错误"),
        )
        return False
    otp_login(request, device)
    if isinstance(device, StaticDevice):
        _record(user, gettext_noop("使用恢复码登录"))
    return True


def disable(request: HttpRequest) -> None:
    """Removes the user's devices (optional users only; views check)."""
    user: Any = request.user
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()
        _record(user, gettext_noop("停用两步验证"))
    request.session.pop(DEVICE_ID_SESSION_KEY, None)
    request.session[STATE] = NONE


# --- API tokens ------------------------------------------------------------------


def may_issue_token(request: HttpRequest) -> bool:
    """Only from a verified session when the user has or needs a device."""
    user: Any = request.user
    if user.is_verified():
        return True
    return not required_for(user) and confirmed_device(user) is None


def issue_token(request: HttpRequest) -> Token:
    user: Any = request.user
    with transaction.atomic():
        Token.objects.filter(user=user).delete()
        token = Token.objects.create(user=user)
        _record(user, gettext_noop("生成API令牌"))
    return token


def revoke_token(user: Any, *, by: Any) -> bool:
    user, by = _unwrap(user), _unwrap(by)
    with transaction.atomic():
        deleted, _rows = Token.objects.filter(user=user).delete()
        if deleted:
            audit.record(
                user,
                by=by,
                action=AuditEvent.Action.UPDATE,
                note=gettext_noop("撤销API令牌"),
                unit=getattr(user, "home_unit", None),
            )
    return bool(deleted)


# --- deploy check -----------------------------------------------------------------


@checks.register(checks.Tags.security, deploy=True)
def check_superusers_have_second_factor(**kwargs: Any) -> list[checks.CheckMessage]:
    """Production refuses a superuser who logs in with a password alone and
    never enrolled a second factor."""
    from django.db import DatabaseError

    try:
        users = [
            u
            for u in get_user_model().objects.filter(is_superuser=True, is_active=True)
            if u.has_usable_password() and confirmed_device(u) is None
        ]
    except DatabaseError:  # no tables yet (a fresh database before migrate)
        return []
    return [
        checks.Error(
            gettext("超级用户“%(username)s”设有密码但从未启用两步验证。")
            % {"username": u.get_username()},
            hint=gettext(
                "以该账号登录并在“两步验证”页面完成绑定，或删除其密码"
                "（manage.py changepassword 之外：set_unusable_password）。"
            ),
            id="fazhi.accounts.E001",
        )
        for u in users
    ]
