"""`{% nav_menu_items %}`: the page shell's module menu (base.html), drawn in
Python. Every page draws it: 65 entries for a township clerk, each an
`{% if %}` twice, three variables and a lazy label, 1.07 ms of the template
engine's time a page against 0.57 ms here, most of it translating the labels
(docs/performance.md, "The ledger's fixed cost again"). The same HTML as
the loop it replaces:

    {% for group in nav_menu %}
      <li class="nav-item dropdown">
        <a … >{{ group.label }}</a>
        <ul class="dropdown-menu">
          {% for item in group.items %}
            <li><a class="dropdown-item{% if request.path == item.url %} active{% endif %}"
                   href="{{ item.url }}"
                   {% if request.path == item.url %} aria-current="page"{% endif %}>
                   {{ item.label }}</a></li>
          {% endfor %}
        </ul>
      </li>
    {% endfor %}

(on one line each, with base.html's indentation, kept byte for byte:
tests/core/test_shell_tags.py).

A menu depends on the role, the language and the URLconf only
(core.navigation.menu_key), so each is drawn once a process and kept: a page
then joins the kept parts with its own entry marked current, without
building the menu or translating and escaping its 65 labels again.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

_GROUP_OPEN = (
    '\n          <li class="nav-item dropdown">'
    '\n            <a class="nav-link dropdown-toggle" href="#" role="button"'
    ' data-bs-toggle="dropdown" aria-expanded="false">{label}</a>'
    '\n            <ul class="dropdown-menu">'
    "\n              "
)
_ITEM = (
    '\n                <li><a class="dropdown-item{active}" href="{url}"{current}>{label}</a></li>'
    "\n              "
)
_GROUP_CLOSE = "\n            </ul>\n          </li>\n        "


def menu_html(menu: list[dict[str, Any]], path: str | None) -> SafeString:
    """`menu` (core.navigation.menu_for) as base.html's loop draws it, the
    entry at `path` marked as the current page."""
    parts = []
    for group in menu:
        parts.append(_GROUP_OPEN.format(label=conditional_escape(group["label"])))
        for item in group["items"]:
            url = item["url"]
            here = path is not None and path == url
            parts.append(
                _ITEM.format(
                    active=" active" if here else "",
                    url=conditional_escape(url),
                    current=' aria-current="page"' if here else "",
                    label=conditional_escape(item["label"]),
                )
            )
        parts.append(_GROUP_CLOSE)
    return mark_safe("".join(parts))  # noqa: S308 - every value escaped above


class _Drawn:
    """A menu drawn once: its parts with no entry current, and for each URL
    the parts (index, HTML) that mark it current."""

    def __init__(self, menu: list[dict[str, Any]]) -> None:
        self.parts: list[str] = []
        self.current: dict[str, list[tuple[int, str]]] = {}
        for group in menu:
            self.parts.append(_GROUP_OPEN.format(label=conditional_escape(group["label"])))
            for item in group["items"]:
                url, label = item["url"], conditional_escape(item["label"])
                escaped = conditional_escape(url)
                self.current.setdefault(url, []).append(
                    (
                        len(self.parts),
                        _ITEM.format(
                            active=" active",
                            url=escaped,
                            current=' aria-current="page"',
                            label=label,
                        ),
                    )
                )
                self.parts.append(_ITEM.format(active="", url=escaped, current="", label=label))
            self.parts.append(_GROUP_CLOSE)
        self.plain = "".join(self.parts)

    def html(self, path: str | None) -> SafeString:
        marked = self.current.get(path) if path is not None else None
        if not marked:
            return mark_safe(self.plain)  # noqa: S308 - escaped in __init__
        parts = list(self.parts)
        for index, html in marked:
            parts[index] = html
        return mark_safe("".join(parts))  # noqa: S308 - escaped in __init__


# Menus drawn, by core.navigation.menu_key: a few roles × languages.
_drawn: dict[tuple[Any, ...], _Drawn] = {}


@register.simple_tag(takes_context=True)
def nav_menu_items(context: template.Context) -> SafeString:
    request = context.get("request")
    path = getattr(request, "path", None)
    key = context.get("nav_menu_key")
    if key is None:
        return menu_html(context.get("nav_menu") or [], path)
    drawn = _drawn.get(key)
    if drawn is None:
        if len(_drawn) >= 256:
            _drawn.clear()
        drawn = _drawn[key] = _Drawn(list(context.get("nav_menu") or []))
    return drawn.html(path)
