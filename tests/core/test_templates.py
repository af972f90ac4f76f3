"""Template syntax that Django would print as text instead of reading as a tag.

Django's `{# … #}` comment, like `{{ … }}` and `{% … %}`, must open and close
on one line: spread over lines, the lexer leaves it as text and every page
shows it (issue 15, item 3). Multi-line comments use
`{% comment %}…{% endcomment %}`. The test reads every template of the
project with Django's own lexer, so it fails the day one comes back.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from django.template import engines
from django.template.base import Lexer, TokenType
from django.template.utils import get_app_template_dirs
from django.test import Client
from django.urls import reverse

import fazhi

PROJECT = Path(fazhi.__file__).resolve().parent
OPENERS = ("{#", "{%", "{{")


def project_templates() -> list[Path]:
    dirs = list(engines["django"].engine.dirs) + list(get_app_template_dirs("templates"))
    found: set[Path] = set()
    for d in dirs:
        root = Path(d).resolve()
        if PROJECT not in (root, *root.parents):
            continue  # Django's own and third-party templates are not ours to fix
        found.update(p for p in root.rglob("*") if p.is_file())
    return sorted(found)


def stray_syntax(source: str) -> list[tuple[int, str]]:
    """(line, text) of every template opener the lexer left as plain text."""
    out = []
    for token in Lexer(source).tokenize():
        if token.token_type != TokenType.TEXT:
            continue
        for opener in OPENERS:
            start = token.contents.find(opener)
            if start >= 0:
                line = (token.lineno or 0) + token.contents.count("\n", 0, start)
                out.append((line, token.contents[start : start + 60].split("\n")[0]))
    return out


def test_the_check_sees_a_multiline_comment() -> None:
    assert stray_syntax("<p>\n{# one\n two #}\n</p>") == [(2, "{# one")]
    assert stray_syntax("{# one line #}{% comment %}\nmany\n{% endcomment %}") == []


def test_templates_are_found() -> None:
    names = {p.relative_to(PROJECT).as_posix() for p in project_templates()}
    assert "templates/base.html" in names
    assert "reports/templates/reports/dashboard.html" in names


@pytest.mark.parametrize(
    "path", project_templates(), ids=lambda p: p.relative_to(PROJECT).as_posix()
)
def test_no_template_syntax_left_as_text(path: Path) -> None:
    stray = stray_syntax(path.read_text(encoding="utf-8"))
    assert not stray, (
        f"{path.relative_to(PROJECT)}: template syntax spread over lines is shown as text "
        f"(use {{% comment %}}…{{% endcomment %}} for long comments): {stray}"
    )


@pytest.mark.django_db
def test_login_page_shows_no_template_syntax(client: Client) -> None:
    html = client.get(reverse("login")).content.decode()
    for opener in OPENERS:
        assert opener not in html
