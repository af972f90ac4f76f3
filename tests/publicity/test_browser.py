"""In chromium: log in, open the activity ledger, filter it, open a scheduled
activity and mark it held; then the coverage page draws its heat map."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

import pytest
from django.utils import timezone

from fazhi.publicity.models import PublicityActivity
from tests.factories import PASSWORD, World

from .helpers import activity

if TYPE_CHECKING:
    from playwright.sync_api import Page


@pytest.mark.browser
def test_hold_scheduled_activity(world: World, login: Callable[[str, str], Page]) -> None:
    today = timezone.localdate()
    lecture = activity(world, title="婚姻家庭法律讲座", kind="lecture", date=today)
    activity(world, title="社会治安宣传横幅", kind="banner", date=today)
    # The lecture was entered ahead of time and is still waiting to be held.
    PublicityActivity.objects.filter(pk=lecture.pk).update(
        status=PublicityActivity.Status.SCHEDULED
    )

    from playwright.sync_api import expect

    page = login(world.owner.username, PASSWORD)
    page.goto("/publicity/activities/")
    assert page.locator("#list-table").get_by_text("社会治安宣传横幅").is_visible()
    page.select_option("select[name=kind]", "lecture")
    # The filter form swaps the table in place (htmx) and pushes the URL.
    page.click("form.filter-form button[type=submit]")
    table = page.locator("#list-table")
    expect(table.get_by_text("社会治安宣传横幅")).to_have_count(0)
    expect(page).to_have_url(re.compile(r"kind=lecture"))
    with page.expect_navigation():
        table.get_by_role("link", name="婚姻家庭法律讲座").click()
    assert page.locator("[data-testid=status]").inner_text() == "待开展"

    page.click("[data-testid=hold-open]")
    page.fill("#hold-panel input[name=participants]", "86")
    page.fill("#hold-panel input[name=materials]", "120")
    with page.expect_navigation():
        page.click("[data-testid=hold-submit]")
    assert page.locator("[data-testid=status]").inner_text() == "已开展"
    lecture.refresh_from_db()
    assert lecture.status == PublicityActivity.Status.HELD and lecture.participants == 86

    page.goto(f"/publicity/coverage/?year={today.year}")
    page.wait_for_selector("#heatmap canvas")
    assert "学校" in page.locator("[data-testid=unreached]").inner_text()
