"""The page shell's module menu is drawn in Python ({% nav_menu_items %},
core.templatetags.shell_tags); the HTML must be what base.html's template
loop gave, byte for byte: every role's menu, in Chinese and in English, on
a page of the menu (marked current) and off it, and labels that need
escaping."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from fazhi.core import navigation
from fazhi.core.roles import Role
from fazhi.core.templatetags.shell_tags import menu_html

# base.html's loop as it was, with its indentation.
REFERENCE = Template(
    "        {% for group in nav_menu %}\n"
    '          <li class="nav-item dropdown">\n'
    '            <a class="nav-link dropdown-toggle" href="#" role="button"'
    ' data-bs-toggle="dropdown" aria-expanded="false">{{ group.label }}</a>\n'
    '            <ul class="dropdown-menu">\n'
    "              {% for item in group.items %}\n"
    '                <li><a class="dropdown-item'
    '{% if request.path == item.url %} active{% endif %}"'
    ' href="{{ item.url }}"{% if request.path == item.url %} aria-current="page"{% endif %}>'
    "{{ item.label }}</a></li>\n"
    "              {% endfor %}\n"
    "            </ul>\n"
    "          </li>\n"
    "        {% endfor %}\n"
)
DRAWN = Template("{% load shell_tags %}        {% nav_menu_items %}\n")


def _both(menu: list[dict[str, object]], path: str | None) -> tuple[str, str]:
    context: dict[str, object] = {"nav_menu": menu}
    if path is not None:
        context["request"] = RequestFactory().get(path)
    return REFERENCE.render(Context(context)), DRAWN.render(Context(context))


@pytest.mark.parametrize("language", ["zh-hans", "en"])
@pytest.mark.parametrize("role", [*Role, "superuser"])
def test_every_role_s_menu_is_drawn_as_the_template_drew_it(role: str, language: str) -> None:
    user = SimpleNamespace(is_superuser=role == "superuser", role=role)
    with translation.override(language):
        menu = navigation.menu_for(user)
        urls = [item["url"] for group in menu for item in group["items"]]
        for path in [*urls[:3], urls[-1] if urls else "/", "/nowhere/", None]:
            reference, drawn = _both(menu, path)
            assert drawn == reference, (role, language, path)


def test_labels_and_urls_are_escaped_as_the_template_escaped_them() -> None:
    menu = [
        {
            "label": _("信访"),
            "items": [
                {"label": "<b>A & B</b>", "url": "/a/?x=1&y=2"},
                {"label": _("信访台账"), "url": '/b/"q"/'},
            ],
        },
        {"label": "<i>'x'</i>", "items": [{"label": "C", "url": "/c/"}]},
    ]
    for path in ["/a/?x=1&y=2", "/c/", '/b/"q"/', "/"]:
        reference, drawn = _both(menu, path)
        assert drawn == reference
    assert "&lt;b&gt;A &amp; B&lt;/b&gt;" in drawn


def test_an_empty_menu_draws_nothing() -> None:
    reference, drawn = _both([], "/")
    assert drawn == reference == "        \n"
    assert menu_html([], None) == ""
