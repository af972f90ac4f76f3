"""The second factor's pages (core.twofactor): enrolment with the QR code,
the verification step after the password, the user's own "两步验证" page
(recovery codes, disabling, API token), and the security administrator's
lockout list (core.security)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_POST

from . import security, twofactor
from .roles import Role

WRONG_CODE = _("验证码不正确或已使用，请重新输入。")
TOO_FAST = _("验证码连续输错，请%(n)s秒后再输入（期间输入的验证码不予核对）。")


def _next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("core:home")


@login_required
def enrol(request: HttpRequest) -> HttpResponse:
    """Scan the QR code (or type the secret), enter the app's code; the
    recovery codes are shown once on success."""
    user: Any = request.user
    if twofactor.confirmed_device(user) is not None:
        return redirect("core:two_factor")
    device = twofactor.pending_device(user)
    error = ""
    if request.method == "POST":
        wait = twofactor.wait_seconds(device)
        codes = (
            None if wait else twofactor.confirm(request, device, request.POST.get("otp_token", ""))
        )
        if codes is not None:
            messages.success(request, _("两步验证已启用。"))
            return render(
                request,
                "core/two_factor_codes.html",
                {"title": _("恢复码"), "codes": codes, "next": _next(request)},
            )
        error = str(TOO_FAST % {"n": wait}) if wait else str(WRONG_CODE)
    return render(
        request,
        "core/two_factor_enrol.html",
        {
            "title": _("绑定身份验证器"),
            "qr": twofactor.qr_svg(device),
            "secret": twofactor.secret_text(device),
            "required": twofactor.required_for(user),
            "error": error,
            "next": request.POST.get("next") or request.GET.get("next", ""),
        },
    )


@login_required
def verify(request: HttpRequest) -> HttpResponse:
    """The step after the password for a user with a device."""
    user: Any = request.user
    if user.is_verified():
        return redirect(_next(request))
    if twofactor.confirmed_device(user) is None and not twofactor.required_for(user):
        return redirect(_next(request))
    error = ""
    if request.method == "POST":
        token = request.POST.get("otp_token", "")
        wait = twofactor.wait_seconds(twofactor.device_for_token(user, token))
        if not wait and twofactor.verify(request, token):
            return redirect(_next(request))
        error = str(TOO_FAST % {"n": wait}) if wait else str(WRONG_CODE)
    return render(
        request,
        "core/two_factor_verify.html",
        {
            "title": _("两步验证"),
            "error": error,
            "next": request.POST.get("next") or request.GET.get("next", ""),
        },
        status=400 if error else 200,
    )


@login_required
def manage(request: HttpRequest) -> HttpResponse:
    """The user's own page: state, new recovery codes, disable (optional
    users), the API token."""
    from rest_framework.authtoken.models import Token

    user: Any = request.user
    token = Token.objects.filter(user=user).only("created").first()
    return render(
        request,
        "core/two_factor.html",
        {
            "title": _("两步验证"),
            "device": twofactor.confirmed_device(user),
            "required": twofactor.required_for(user),
            "token": token,
            "may_issue": twofactor.may_issue_token(request),
        },
    )


@login_required
@require_POST
def new_codes(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    if not user.is_verified():
        raise Http404
    codes = twofactor.recovery_codes(user)
    twofactor._record(user, gettext_noop("重新生成恢复码"))
    return render(
        request,
        "core/two_factor_codes.html",
        {"title": _("恢复码"), "codes": codes, "next": reverse("core:two_factor")},
    )


@login_required
@require_POST
def disable(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    if twofactor.required_for(user):
        messages.error(request, _("您的角色必须使用两步验证，不能停用。"))
    else:
        twofactor.disable(request)
        messages.success(request, _("两步验证已停用。"))
    return redirect("core:two_factor")


@login_required
@require_POST
def token_issue(request: HttpRequest) -> HttpResponse:
    if not twofactor.may_issue_token(request):
        messages.error(request, _("请先完成两步验证，再生成API令牌。"))
        return redirect("core:two_factor")
    token = twofactor.issue_token(request)
    return render(request, "core/two_factor_token.html", {"title": _("API令牌"), "key": token.key})


@login_required
@require_POST
def token_revoke(request: HttpRequest) -> HttpResponse:
    if twofactor.revoke_token(request.user, by=request.user):
        messages.success(request, _("API令牌已撤销。"))
    return redirect("core:two_factor")


# --- the security administrator's lockout list -------------------------------------


def _security_admin(request: HttpRequest) -> None:
    user: Any = request.user
    if not (user.is_superuser or getattr(user, "role", "") == Role.SECURITY_ADMIN):
        raise Http404


@login_required
def lockouts(request: HttpRequest) -> HttpResponse:
    _security_admin(request)
    return render(
        request,
        "core/lockouts.html",
        {
            "title": _("登录锁定"),
            "lockouts": security.current_lockouts(),
            "limit": security.failure_limit(),
            "minutes": int(security.cool_off().total_seconds() // 60),
        },
    )


@login_required
@require_POST
def unlock(request: HttpRequest) -> HttpResponse:
    _security_admin(request)
    kind, value = request.POST.get("kind", ""), request.POST.get("value", "").strip()
    if kind not in security.KIND_LABELS or not value:
        raise Http404
    security.unlock(kind, value, by=request.user)
    messages.success(
        request, security.LIFTED % {"kind": security.KIND_LABELS[kind], "value": value}
    )
    return redirect("core:lockouts")
