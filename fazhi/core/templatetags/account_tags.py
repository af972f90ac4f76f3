"""The signed-in user's own account on the pages: the previous log-in line of
the home page (core.sessions reads it from the audit trail at log-in)."""

from __future__ import annotations

from typing import Any

from django import template

from .. import sessions

register = template.Library()


@register.simple_tag(takes_context=True)
def previous_login(context: template.Context) -> dict[str, Any] | None:
    """{"at": datetime | None, "ip": str, "failures": int}, or None."""
    request = context.get("request")
    if request is None or not getattr(request, "user", None) or not request.user.is_authenticated:
        return None
    return sessions.previous_login(request)
