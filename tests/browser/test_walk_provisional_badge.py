"""What a walk of the demo on 29 December 2026 found on a phone (390×844): a
clock whose due date falls in 2027 carries the badge 暂定（2027年放假安排未公布）,
and a badge does not wrap (Bootstrap's .badge is white-space: nowrap), so the
办理时限 table ran past the screen on a normative document in legality review
(453 px) and on a mediation case once accepted (446 px). Nothing showed it
before 20 December or so, when the first clocks reach into the next year.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from tests.browser.journeys import Journey, demo_site, journeys
from tests.browser.test_year_end import year_end

__all__ = ["demo_site", "journeys", "year_end"]  # the fixtures, imported so pytest finds them

pytestmark = pytest.mark.browser


def test_provisional_due_dates_fit_a_phone(
    year_end: dt.date, journeys: Callable[[str], Journey]
) -> None:
    from django.contrib.auth import get_user_model

    from fazhi.core import workflow as core_workflow
    from fazhi.core.models import OrgUnit
    from fazhi.governance import workflow as wf
    from fazhi.governance.models import NormativeDocument

    users = get_user_model().objects
    clerk, reviewer = users.get(username="sifasuo"), users.get(username="shenhe")
    doc = core_workflow.create_record(
        NormativeDocument(
            unit=OrgUnit.objects.get(name="湘江源瑶族乡"), title="农村人居环境整治管理办法"
        ),
        by=clerk,
    )
    wf.start_consultation(doc, on=dt.date(2026, 11, 20), by=clerk)
    doc.refresh_from_db()
    wf.close_consultation(doc, on=dt.date(2026, 12, 28), summary="未收到意见。", by=clerk)
    wf.submit_for_review(doc, on=year_end, reviewer=reviewer, by=clerk)

    cadre = journeys("phone")
    cadre.login("shenhe")
    cadre.goto(doc.get_absolute_url())  # Journey.check: nothing wider than the screen
    assert "暂定" in cadre.page.inner_text("[data-testid=clocks]")

    # A village mediator accepts a dispute for mediation on the day.
    cadre = journeys("phone")
    cadre.login("cun")
    cadre.goto("/mediation/disputes/new/")
    form = cadre.page.locator("main form").first
    cadre.fill(
        form,
        {
            "unit": ("label", "荆竹村"),
            "title": "两户宅基地界址争议",
            "category": ("label", "邻里纠纷"),
            "facts": "双方因宅基地界址发生争执。",
            "source": ("label", "当事人申请"),
            "found_on": year_end,
            "risk_level": ("label", "中"),
            "party1_name": "赵大",
            "party2_name": "钱二",
        },
    )
    cadre.submit(form)
    cadre.page.get_by_role("button", name="申请/启动调解").first.click()
    apply = cadre.page.locator("form[action$='/do/apply/']")
    apply.locator("select[name=committee]").wait_for(state="visible")
    cadre.fill(
        apply,
        {
            "committee": ("label", "荆竹村人民调解委员会"),
            "start": ("label", "当事人申请"),
            "applied_on": year_end,
            "applicant": "赵大",
            "request": "请求调解",
        },
    )
    cadre.submit(apply)
    accept = cadre.page.locator("form[action$='/do/accept/']")
    if not accept.locator("[name=on]").is_visible():
        cadre.page.get_by_role("button", name="受理").first.click()
    cadre.fill(accept, {"on": year_end})
    cadre.submit(accept)  # Journey.check on the case's page
    assert "暂定" in cadre.page.inner_text("main")
