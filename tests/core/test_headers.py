"""Security headers (issue 17, "Transport, headers, uploads"; docs/security.md
"CSP and security headers"): a Content-Security-Policy without 'unsafe-inline'
on every page, no framing, a same-origin referrer policy, camera, microphone
and geolocation off; and no template holds an inline script, style or event
handler the policy would block. The browser proof (no violation on the main
pages, charts and htmx working) is tests/browser/test_csp.py."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from tests.factories import World

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2] / "fazhi"
TEMPLATES = sorted([*ROOT.glob("templates/**/*.html"), *ROOT.glob("*/templates/**/*.html")])
PAGES = ["/", "/petitions/", "/mediation/disputes/", "/enforcement/cases/", "/units/"]


def directives(header: str) -> dict[str, list[str]]:
    parts = (d.strip().split() for d in header.split(";") if d.strip())
    return {p[0]: p[1:] for p in parts}


def assert_strict_policy(response) -> None:  # type: ignore[no-untyped-def]
    policy = directives(response["Content-Security-Policy"])
    for name in ("script-src", "style-src"):
        assert policy[name] == ["'self'"], (name, policy[name])
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    assert "'unsafe-eval'" not in response["Content-Security-Policy"]
    assert policy["default-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"]
    assert policy["form-action"] == ["'self'"]


@pytest.mark.parametrize("url", PAGES)
def test_every_page_carries_the_strict_policy_and_headers(world: World, url: str) -> None:
    response = world.client(world.colleague).get(url)
    assert response.status_code == 200
    assert_strict_policy(response)
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    permissions = response["Permissions-Policy"]
    for feature in ("camera", "microphone", "geolocation"):
        assert f"{feature}=()" in permissions, permissions


def test_login_page_and_api_answers_carry_the_policy_too(world: World) -> None:
    login = Client().get("/login/")
    assert login.status_code == 200
    assert_strict_policy(login)
    api = world.client(world.colleague).get("/api/v1/")
    assert_strict_policy(api)


def test_csp_report_uri_is_a_deployment_setting() -> None:
    """FAZHI_CSP_REPORT_URI is read from the environment; unset, no report-uri."""
    assert "report-uri" not in settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_template_holds_inline_script_style_or_handler(path: Path) -> None:
    text = path.read_text()
    # <script> blocks other than a src= file or JSON data (json_script).
    for tag in re.findall(r"<script\b[^>]*>", text):
        assert "src=" in tag or "application/json" in tag, f"inline script: {tag}"
    assert not re.search(r"<style\b", text), "inline <style> block"
    assert not re.search(r"\sstyle\s*=", text), "style= attribute"
    assert not re.search(r"\son[a-z]+\s*=", text), "inline event handler"
    assert "javascript:" not in text, "javascript: URL"
    assert "hx-on" not in text, "hx-on runs inline code"


def test_htmx_injects_no_indicator_style_and_the_site_css_has_it(world: World) -> None:
    html = world.client(world.colleague).get("/").content.decode()
    assert '<meta name="htmx-config" content=\'{"includeIndicatorStyles": false}\'>' in html
    css = (ROOT / "static" / "css" / "fazhi.css").read_text()
    assert ".htmx-indicator" in css and ".htmx-request .htmx-indicator" in css


def test_api_docs_render_under_the_policy_with_their_script_from_a_url(world: World) -> None:
    c = world.client(world.colleague)
    page = c.get("/api/docs/")
    assert page.status_code == 200
    assert_strict_policy(page)
    html = page.content.decode()
    assert "swagger-ui-bundle.js" in html
    for tag in re.findall(r"<script\b[^>]*>", html):
        assert "src=" in tag, f"inline script on /api/docs/: {tag}"
    assert "<style" not in html
    script_url = re.search(r'<script src="([^"]*script=[^"]*)"', html)
    assert script_url, html
    script = c.get(script_url.group(1).replace("&amp;", "&"))
    assert script.status_code == 200
    assert script["Content-Type"].startswith("application/javascript")
    assert b"SwaggerUIBundle(" in script.content and b"/api/schema/" in script.content
