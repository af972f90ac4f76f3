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


@register.simple_tag(takes_context=True)
def nav_menu_items(context: template.Context) -> SafeString:
    request = context.get("request")
    return menu_html(context.get("nav_menu") or [], getattr(request, "path", None))
