"""One real-browser pass: log in, open the report list, filter, open the
report, follow a figure to its records, and submit the report to the county."""

from __future__ import annotations

import pytest

from fazhi.reports import workflow
from tests.factories import PASSWORD, World

from .conftest import add_people

pytestmark = pytest.mark.browser


def test_draft_review_in_the_browser(browser_page, login, world: World, leadership, fake) -> None:
    fake.count("mediation.committees", "committee")
    add_people(world.township, "committee", 6)
    report = workflow.generate_draft(world.township, 2024, by=world.owner)
    workflow.generate_draft(world.township, 2023, by=world.owner)

    page = login("owner", PASSWORD)
    page.goto("/reports/")
    page.fill("input[name=year]", "2024")
    page.click("form.filter-form button[type=submit]")
    page.wait_for_url("**year=2024**")
    assert page.locator("#list-table").get_by_text("2023年").count() == 0
    page.click(f"text={report.title}")
    page.wait_for_url(f"**/reports/{report.pk}/")
    assert "由党委书记担任组长" in page.inner_text("[data-testid=report-text]")

    page.click("a[data-figure='leadership.group.members']")
    assert page.inner_text("[data-testid=figure-value]").startswith("4")
    page.go_back()

    page.fill("#id_missing_reason", "存在的问题待县级会议后补充")
    page.click("[data-testid=submit]")
    page.wait_for_selector("[data-testid=report-status]")
    assert page.inner_text("[data-testid=report-status]") == "已报送"
    report.refresh_from_db()
    assert report.status == "submitted"
