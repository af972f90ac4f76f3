"""Smoke tests of the page shell: the login page and the navbar of base.html.

The first tests use Django's test client (fast, run on every database); the
`browser` ones log in through the real login page in chromium.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import pytest
from django.test import Client
from django.urls import reverse

from fazhi.core import passwords
from fazhi.core.models import OrgUnit, User
from fazhi.core.roles import Role

if TYPE_CHECKING:
    from playwright.sync_api import Page

PASSWORD = "Xiangjiangyuan-2024!"


def make_user(username: str = "sifasuo") -> User:
    county = OrgUnit.objects.create(name="蓝山县", kind=OrgUnit.Kind.COUNTY)
    township = OrgUnit.objects.create(
        name="湘江源瑶族乡", kind=OrgUnit.Kind.TOWNSHIP, parent=county
    )
    user = User.objects.create_user(
        username=username,
        password=PASSWORD,
        first_name="李明",
        role=Role.JUDICIAL_OFFICE,
        home_unit=township,
    )
    passwords.mark_chosen(user)  # not an administrator's: no forced change
    return user


@pytest.mark.django_db
def test_login_page_renders(client: Client) -> None:
    response = client.get(reverse("login"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "法治工作平台" in html
    assert 'name="viewport"' in html
    assert 'name="csrfmiddlewaretoken"' in html
    for asset in ("bootstrap.min.css", "bootstrap.bundle.min.js", "htmx.min.js", "fazhi.js"):
        assert f"/static/vendor/{asset}" in html or f"/static/js/{asset}" in html
    assert "cdn" not in html.lower()


@pytest.mark.django_db
def test_home_requires_login(client: Client) -> None:
    response = client.get(reverse("core:home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.django_db
def test_navbar_shows_user_role_unit_and_post_forms(client: Client) -> None:
    user = make_user()
    client.force_login(user)
    response = client.get(reverse("core:home"))
    assert response.status_code == 200
    html = response.content.decode()
    assert user.display_name in html
    assert user.get_role_display() in html
    assert "湘江源瑶族乡" in html
    # Django 5 logs out by POST only; the language switcher posts too.
    assert f'method="post" action="{reverse("logout")}"' in html
    assert f'method="post" action="{reverse("set_language")}"' in html
    assert 'hx-headers=\'{"X-CSRFToken": "' in html


@pytest.mark.django_db
def test_wrong_password_shows_error(client: Client) -> None:
    make_user()
    response = client.post(reverse("login"), {"username": "sifasuo", "password": "wrong"})
    assert response.status_code == 200
    assert 'data-testid="login-error"' in response.content.decode()


@pytest.mark.browser
def test_login_through_the_real_page(browser_page: Page, login: Callable[[str, str], Page]) -> None:
    from playwright.sync_api import expect

    user = make_user()
    page = login("sifasuo", PASSWORD)

    navbar = page.locator("nav.navbar")
    expect(navbar).to_contain_text("法治工作平台")
    expect(page.locator("[data-testid=user-menu]")).to_contain_text(user.display_name)
    # Bootstrap's JS is loaded from the vendored bundle: the user dropdown opens.
    page.click("[data-testid=user-menu]")
    expect(page.locator("[data-testid=user-role]")).to_be_visible()
    expect(page.locator("[data-testid=user-unit]")).to_contain_text("湘江源瑶族乡")
    assert page.evaluate("typeof window.htmx") == "object"

    # Log out with the POST form and land on the login page again.
    with page.expect_navigation():
        page.click("[data-testid=logout]")
    expect(page.locator("[data-testid=login-submit]")).to_be_visible()


@pytest.mark.browser
def test_wrong_password_in_the_browser(
    browser_page: Page, login: Callable[[str, str], Page]
) -> None:
    from playwright.sync_api import expect

    make_user()
    page = login("sifasuo", "not-the-password")
    expect(page.locator("[data-testid=login-error]")).to_be_visible()
    expect(page.locator("[data-testid=user-menu]")).to_have_count(0)
