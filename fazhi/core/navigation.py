"""The module menu. A domain app adds its entries in its AppConfig.ready() via
`register`, so core never imports a domain app. Labels stay lazy so the menu
follows the user's language.

An entry without `roles` is for every role with a data scope: the three
administrators (三员分立, core.roles.ADMIN_ROLES) have none (every business
list is empty for them), so they see only entries that name their role.
"""

import functools
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse
from django.utils import translation

from .roles import ADMIN_ROLES


@dataclass(frozen=True)
class MenuItem:
    label: Any
    url_name: str
    roles: frozenset[str] | None = None  # None: every role with a data scope


@dataclass
class MenuGroup:
    label: Any
    order: int
    items: list[MenuItem] = field(default_factory=list)


_groups: dict[str, MenuGroup] = {}
# Bumped by every registration: a menu drawn before it is drawn again
# (core.templatetags.shell_tags keeps drawn menus by `menu_key`).
_version = 0


def register(
    group: str, group_label: Any, label: Any, url_name: str, *, order: int = 50, roles: Any = None
) -> None:
    global _version
    _version += 1
    g = _groups.setdefault(group, MenuGroup(label=group_label, order=order))
    if any(item.url_name == url_name for item in g.items):
        return
    g.items.append(
        MenuItem(label=label, url_name=url_name, roles=frozenset(roles) if roles else None)
    )


def register_group(
    group: str, group_label: Any, entries: Iterable[tuple[Any, ...]], *, order: int = 50
) -> None:
    """A module's menu in one declaration: `entries` are `(label, url_name)`,
    or `(label, url_name, roles)` for an entry only some roles see, in the
    order they are shown (each app wrote its own loop, or one call an entry)."""
    for label, url_name, *roles in entries:
        register(
            group, group_label, label, url_name, order=order, roles=roles[0] if roles else None
        )


def menu_for(user: Any) -> list[dict[str, Any]]:
    menu = []
    for g in sorted(_groups.values(), key=lambda g: g.order):
        entries = []
        for item in g.items:
            if not _shown(item, user):
                continue
            url = _url(item.url_name, get_urlconf(), get_script_prefix())
            if url is not None:
                entries.append({"label": item.label, "url": url})
        if entries:
            menu.append({"label": g.label, "items": entries})
    return menu


def menu_key(user: Any) -> tuple[Any, ...]:
    """Everything `menu_for(user)` and its drawing depend on: the user's
    superuser flag and role, the language of the labels, the URLconf and
    script prefix of the URLs, and the registrations so far."""
    return (
        bool(user.is_superuser),
        getattr(user, "role", ""),
        translation.get_language(),
        get_urlconf(),
        get_script_prefix(),
        _version,
    )


def _shown(item: MenuItem, user: Any) -> bool:
    if user.is_superuser:
        return True
    role = getattr(user, "role", "")
    if item.roles is None:
        return role not in ADMIN_ROLES
    return role in item.roles


@functools.lru_cache(maxsize=1024)
def _url(url_name: str, urlconf: Any, prefix: str) -> str | None:
    """Menu URLs never change within a URLconf and script prefix: reverse once."""
    try:
        return reverse(url_name, urlconf=urlconf)
    except NoReverseMatch:
        return None
