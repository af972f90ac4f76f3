"""The user's own account: the password page (the forced change of
core.sessions lands here) and the idle timer's "keep working" answer."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.password_validation import password_validators_help_texts
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_POST

from . import audit, passwords, sessions
from .models import AuditEvent


class PasswordChange(auth_views.PasswordChangeView):
    """Django's password change (old password, new password twice, every
    validator of AUTH_PASSWORD_VALIDATORS); a success marks the password as the
    user's own choice, so the forced change ends and the 90 days start."""

    template_name = "core/password_change.html"
    success_url = reverse_lazy("core:home")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        reason = sessions.change_due(self.request)
        ctx["title"] = _("修改密码")
        ctx["reason"] = (
            sessions.CHANGE_MESSAGES[reason] % {"days": passwords.max_age_days()}
            if reason is not None
            else ""
        )
        ctx["rules"] = [text for text in password_validators_help_texts() if text]
        return ctx

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)  # saves; keeps this session signed in
        user = form.user
        passwords.mark_chosen(user)
        sessions.remember_password_ok(self.request)
        audit.record(
            user,
            by=user,
            action=AuditEvent.Action.UPDATE,
            note=gettext_noop("本人修改密码"),
            unit=getattr(user, "home_unit", None),
        )
        messages.success(self.request, _("密码已修改。"))
        return response


@login_required
@require_POST
def keepalive(request: HttpRequest) -> HttpResponse:
    """The idle warning's 继续工作: counts as activity (the middleware has
    already checked the session is alive) and tells the page how long it has."""
    t = sessions.now().timestamp()
    request.session[sessions.LAST_SEEN] = t
    remaining = min(
        t + sessions.idle_seconds(),
        request.session.get(sessions.LOGIN_AT, t) + sessions.absolute_seconds(),
    )
    return JsonResponse({"remaining": int(remaining - t)})
