"""One real-browser walk through the enforcement pages: log in, open the case
list, filter, open a case and record an investigation step."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import pytest

from tests.factories import PASSWORD

from .conftest import Enf

if TYPE_CHECKING:
    from playwright.sync_api import Page


@pytest.mark.browser
def test_officer_records_an_investigation(
    login: Callable[[str, str], Page], enf: Enf, transactional_db: Any
) -> None:
    officers = enf.pair()
    case = enf.to_stage("filed")
    enf.clue(title="另一条线索")
    page = login("officer", PASSWORD)
    page.goto("/enforcement/")
    assert page.locator("text=另一条线索").count() == 1
    page.select_option("select[name=stage]", "filed")
    page.click("form.filter-form button[type=submit]")
    page.wait_for_url("**stage=filed**")
    page.wait_for_function("() => !document.body.innerText.includes('另一条线索')")
    page.click(f"a[href='{case.get_absolute_url()}'] >> nth=0")
    page.wait_for_url(f"**{case.get_absolute_url()}")
    page.click("[data-testid=step-investigate]")
    page.select_option("#id_investigate-kind", "inspection")
    page.fill("#id_investigate-on", "2024-03-06")
    page.fill("#id_investigate-place", "荆竹村林地")
    page.fill("#id_investigate-summary", "现场勘验")
    page.select_option("#id_investigate-officers", [str(o.pk) for o in officers])
    with page.expect_navigation():
        page.click("[data-testid=submit-investigate]")
    assert "荆竹村林地" in page.inner_text("body")
    assert "调查取证" in page.inner_text("[data-testid=timeline]")
    assert enf.reload(case).stage == "investigating"
