"""The mediation ledger in a real browser: log in through the login page, open
the dispute ledger, filter it, open a dispute, start a mediation and accept it."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import pytest
from django.core.management import call_command

from fazhi.core.models import CalendarYear
from fazhi.mediation.categories import DEFAULT_CATEGORIES
from fazhi.mediation.models import DisputeCategory, MediationCase
from tests.factories import PASSWORD

from .conftest import Med

if TYPE_CHECKING:
    from playwright.sync_api import Page


@pytest.fixture
def seeded(transactional_db: None) -> None:
    # A transactional test starts from flushed tables: put back the rows the
    # migrations seed (the work calendar and the dispute categories).
    if not CalendarYear.objects.exists():
        call_command("seed_calendar", verbosity=0)
    for order, (code, name) in enumerate(DEFAULT_CATEGORIES):
        DisputeCategory.objects.get_or_create(code=code, defaults={"name": name, "order": order})


@pytest.mark.browser
def test_filter_open_apply_and_accept(
    browser_page: Page,
    login: Callable[[str, str], Page],
    seeded: None,
    request: pytest.FixtureRequest,
) -> None:
    med: Med = request.getfixturevalue("med")
    page = login("owner", PASSWORD)
    page.goto("/mediation/disputes/")
    assert page.locator("table").get_by_text("宅基地界址纠纷").is_visible()
    page.select_option("select[name=status]", "registered")
    page.click("form.filter-form button[type=submit]")
    page.wait_for_url("**status=registered**")
    link = page.locator("#list-table").get_by_role("link", name="宅基地界址纠纷")
    link.click()
    page.wait_for_url(f"**/mediation/disputes/{med.dispute.pk}/")
    assert page.get_by_test_id("dispute-status").inner_text() == "待调处"

    page.get_by_test_id("action-apply").click()
    page.wait_for_selector("#action-apply.collapse.show")  # the panel has finished opening
    form = page.get_by_test_id("form-apply")
    form.locator("select[name=committee]").select_option(str(med.village_committee.pk))
    form.locator("select[name=start]").select_option("application")
    form.locator("input[name=applicant]").fill("申请人甲")
    with page.expect_navigation():
        page.get_by_test_id("submit-apply").click()
    case = MediationCase.objects.get(dispute=med.dispute)
    assert page.url.endswith(f"/mediation/cases/{case.pk}/")
    assert page.get_by_test_id("case-status").inner_text() == "待受理"

    page.get_by_test_id("action-accept").click()
    page.wait_for_selector("#action-accept.collapse.show")
    with page.expect_navigation():
        page.get_by_test_id("submit-accept").click()
    assert page.get_by_test_id("case-status").inner_text() == "已受理"
    case.refresh_from_db()
    assert case.number == "荆竹村调〔2026〕1号"
    assert page.get_by_test_id("clock-due").first.inner_text()  # the one-month clock is shown
