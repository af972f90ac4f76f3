from typing import Any

from django.http import HttpRequest

from .navigation import menu_for


def shell(request: HttpRequest) -> dict[str, Any]:
    """The page shell's menu and unread count, once per request: every template
    rendered with the request (the page, its table, its includes) asks again."""
    cached = getattr(request, "_fazhi_shell", None)
    if cached is None:
        cached = _shell(request)
        request._fazhi_shell = cached  # type: ignore[attr-defined]
    return cached


def _shell(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_menu": [], "unread_reminders": 0}
    return {
        "nav_menu": menu_for(user),
        "unread_reminders": user.reminders.filter(read_at__isnull=True).count(),
    }
