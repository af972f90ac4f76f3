"""A clerk in a real browser: log in, open the disclosure-request ledger,
filter it, open a request and reply to it."""

from __future__ import annotations

from typing import Any

import pytest

from fazhi.core import passwords
from fazhi.core.models import OrgUnit, User
from fazhi.core.roles import Role
from fazhi.governance import workflow as wf
from fazhi.governance.models import DisclosureRequest

from .conftest import D

PASSWORD = "Xiangjiangyuan-2024!"


@pytest.mark.browser
def test_reply_to_a_disclosure_request(browser_page: Any, login: Any) -> None:
    county = OrgUnit.objects.create(name="蓝山县", kind=OrgUnit.Kind.COUNTY)
    township = OrgUnit.objects.create(
        name="湘江源瑶族乡", kind=OrgUnit.Kind.TOWNSHIP, parent=county, abbreviation="湘源"
    )
    clerk = User.objects.create_user(
        username="gongkai",
        password=PASSWORD,
        first_name="赵文清",
        role=Role.JUDICIAL_OFFICE,
        home_unit=township,
    )
    passwords.mark_chosen(clerk)  # not an administrator's: no forced change
    for name, day in [("张明华", D(2024, 9, 25)), ("李建军", D(2024, 10, 8))]:
        wf.register_request(
            DisclosureRequest(
                unit=township,
                applicant_name=name,
                phone="13874661234",
                channel="in_person",
                submitted_on=day,
                received_on=day,
                description="低保评议会议记录",
            ),
            by=clerk,
        )
    page = login("gongkai", PASSWORD)
    page.goto("/governance/requests/")
    assert page.locator("table").inner_text().count("办理中") == 2
    page.fill("input[name=applicant_name]", "张明华")
    page.click("form.filter-form button[type=submit]")
    page.wait_for_function("() => document.querySelectorAll('#list-table tbody tr').length === 1")
    page.click("#list-table tbody tr a")
    page.wait_for_selector("[data-testid=actions]")
    assert "2024-10-28" in page.inner_text("main")  # 20 working days over National Day
    page.click("[data-testid=action-reply]")
    form = page.locator("[data-testid=form-reply]")
    form.locator("input[name=reply-on]").fill("2024-10-09")
    form.locator("select[name=reply-reply_type]").select_option("provided")
    form.locator("textarea[name=reply-reply_text]").fill("现向您提供会议记录复印件。")
    with page.expect_navigation():
        form.locator("[data-testid=submit-reply]").click()
    assert "已办理：答复。" in page.inner_text("main")  # core.actions.step_done
    assert page.locator("[data-testid=docx]").count() == 1
    req = DisclosureRequest.objects.get(applicant_name="张明华")
    assert req.status == "replied" and req.on_time and req.reply_no == "湘源依申〔2024〕1号"
