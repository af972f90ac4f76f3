"""Two factors in a real browser (docs/security.md "Two factors"): a county
supervisor logs in, enrols by reading the secret shown beside the QR code
(as a person typing it into an authenticator app), enters the code, keeps
the recovery codes and lands on the home page; the CSP allows the inline SVG."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from tests.factories import PASSWORD, World
from tests.twofactor import code_from_secret

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_county_supervisor_enrols_at_first_log_in(world: World, browser_page: Page) -> None:
    from playwright.sync_api import expect

    page = browser_page
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto("/login/")
    page.fill("input[name=username]", "county")
    page.fill("input[name=password]", PASSWORD)
    with page.expect_navigation():
        page.click("[data-testid=login-submit]")
    assert "/account/2fa/enrol/" in page.url
    expect(page.locator("[data-testid=two-factor-required]")).to_be_visible()
    qr = page.locator("[data-testid=two-factor-qr] svg")
    expect(qr).to_be_visible()
    assert qr.bounding_box()["width"] >= 100  # type: ignore[index]
    # Any other page sends the user back here.
    page.goto("/petitions/")
    assert "/account/2fa/enrol/" in page.url
    secret = page.inner_text("[data-testid=two-factor-secret]")
    page.fill("input[name=otp_token]", code_from_secret(secret))
    with page.expect_navigation():
        page.click("[data-testid=two-factor-submit]")
    expect(page.locator("[data-testid=recovery-codes] li")).to_have_count(10)
    with page.expect_navigation():
        page.click("[data-testid=two-factor-continue]")
    assert page.url.rstrip("/").endswith("/petitions")  # where the user was going
    page.goto("/")
    expect(page.locator("[data-testid=user-menu]")).to_be_visible()
    assert not errors, errors
