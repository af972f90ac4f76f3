from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from .backends import unread_reminders
from .navigation import menu_for, menu_key


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
    # The menu is built only when no drawing of it is kept for its key
    # (core.templatetags.shell_tags); the unread count comes with the
    # session's user (core.backends) unless the user was loaded otherwise.
    return {
        "nav_menu": SimpleLazyObject(lambda: menu_for(user)),
        "nav_menu_key": menu_key(user),
        "unread_reminders": unread_reminders(user),
    }
