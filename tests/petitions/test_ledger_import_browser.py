"""Real browser (issue 18): from the petition ledger, 导入台账 → upload the
sample → preview (every row's outcome, nothing written) → 确认导入 → the
imported matters in the ledger. CSP-clean: the page's only script is static."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import pytest

from fazhi.core import passwords
from fazhi.core.models import OrgUnit, User
from fazhi.core.roles import Role
from fazhi.petitions.ledger import KIND
from fazhi.petitions.models import Petition

if TYPE_CHECKING:
    from playwright.sync_api import Page

PASSWORD = "Daoru-2024!x"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_import_sample_from_the_ledger(
    browser_page: Page, login: Callable[[str, str], Page]
) -> None:
    county = OrgUnit.objects.create(name="蓝山县", kind=OrgUnit.Kind.COUNTY)
    township = OrgUnit.objects.create(
        name="湘江源瑶族乡", kind=OrgUnit.Kind.TOWNSHIP, parent=county, abbreviation="湘源"
    )
    for name in ("荆竹村", "紫良村"):
        OrgUnit.objects.create(name=name, kind=OrgUnit.Kind.VILLAGE, parent=township)
    clerk = User.objects.create_user(
        username="daoru", password=PASSWORD, role=Role.PETITION_OFFICE, home_unit=township
    )
    passwords.mark_chosen(clerk)
    errors: list[str] = []
    page = login(clerk.username, PASSWORD)
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto("/petitions/")
    with page.expect_navigation():
        page.click("[data-testid=import-ledger]")
    page.set_input_files("input[name=file]", str(KIND.samples[0]))
    with page.expect_navigation():
        page.click("[data-testid=import-upload] button[type=submit]")
    assert page.locator("select#map-1").input_value() == "name"
    with page.expect_navigation():
        page.click("[data-testid=preview]")
    page.wait_for_selector("[data-testid=commit]")
    counts = page.locator("[data-testid=import-counts]").inner_text()
    assert "新建 6" in counts and "拒绝 2" in counts
    assert "末几位已丢失" in page.locator("[data-testid=import-rows]").inner_text()
    assert not Petition.objects.exists()
    with page.expect_navigation():
        page.click("[data-testid=commit]")
    page.wait_for_function(
        "() => document.querySelector('[data-testid=import-status]')?.innerText === '已导入'"
    )
    assert Petition.objects.count() == 6
    page.goto("/petitions/")
    number = Petition.objects.order_by("received_on").first().number  # type: ignore[union-attr]
    assert page.get_by_text(number).first.is_visible()
    assert not [e for e in errors if "Content Security Policy" in e]
