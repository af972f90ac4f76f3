"""Whole pieces of real work in a real browser, on the demo, as the people who do them.

Each journey runs at 1366×768 (the common office screen) and at 390×844 (a
phone), on the day it runs (a clock started in December crosses into a year
whose calendar may be provisional, as it would for a user). Every page it
passes asserts no horizontal overflow, no console error, no failed request, no
response ≥ 400, and nothing internal shown (see tests/browser/journeys.py).
The mediation journeys (a village cadre entering a screening round on a phone;
a dispute to agreement, judicial confirmation and 回访) are in
tests/mediation/test_browser.py.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import pytest

from tests.browser.journeys import VIEWPORTS, Journey, demo_site, journeys, today

if TYPE_CHECKING:
    from playwright.sync_api import Locator

__all__ = ["demo_site", "journeys"]  # the fixtures, imported so pytest finds them

pytestmark = pytest.mark.browser


def step(j: Journey, name: str) -> Locator:
    """Open a petition step's panel (collapsed but the first) and return its form."""
    form = j.page.locator(f"[data-testid=step-{name}]")
    if not form.is_visible():
        j.page.locator(f"button[data-bs-target='#step-{name}']").click()
        j.page.wait_for_selector(f"#step-{name}.collapse.show")
    return form


def stage(j: Journey) -> str:
    return j.page.locator("[data-testid=stage]").inner_text().strip()


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_petition_from_intake_to_review_and_closure(
    journeys: Callable[[str], Journey], viewport: str
) -> None:
    """信访办 registers a visit, accepts it, records the handling and the reply; the
    petitioner asks for a review, the township leader records the review opinion,
    and the office closes the matter."""
    on = today()
    clerk = journeys(viewport)
    clerk.login("xinfang")
    clerk.goto("/petitions/new/")
    form = clerk.page.locator("[data-testid=petition-form]")
    title = f"灌溉水渠被堵影响春耕（{clerk.viewport}）"
    clerk.fill(
        form,
        {
            "channel": "visit",
            "category": "claim",
            "received_on": on,
            "title": title,
            "content": "上游农户在水渠中筑坝，下游三户农田无法灌溉，请求乡政府协调疏通。",
            "group_size": "1",
            "name": "盘秀兰",
            "phone": "13807460123",
        },
    )
    clerk.submit(form, "[data-testid=save]")
    assert stage(clerk) == "已登记"
    detail = clerk.page.url

    accept = step(clerk, "accept")
    clerk.fill(accept, {"accept-on": on, "accept-note": "属本机关职责范围"})
    clerk.submit(accept)
    assert stage(clerk) == "已受理（办理中）"
    handling_clock = clerk.page.locator("[data-testid='clock-petitions.handling']")
    assert handling_clock.is_visible()

    handling = step(clerk, "handling")
    clerk.fill(handling, {"handling-investigation": "现场查看，上游确有临时土坝，已约谈双方。"})
    clerk.submit(handling)

    reply = step(clerk, "reply")
    clerk.fill(
        reply,
        {
            "reply-on": on,
            "reply-request": "请求疏通水渠。",
            "reply-facts": "经现场核实，上游临时土坝阻断水流。",
            "reply-outcome": "support",
            "reply-basis": "《中华人民共和国水法》第二十八条",
            "reply-served_on": on,
        },
    )
    clerk.submit(reply)
    assert stage(clerk) == "已答复"

    review = step(clerk, "review_request")
    clerk.fill(review, {"review_request-requested_on": on, "review_request-body": "蓝山县人民政府"})
    clerk.submit(review)
    assert stage(clerk) == "复查中"

    leader = journeys(viewport)
    leader.login("leader")
    leader.goto(detail)
    decision = step(leader, "review_decision")
    leader.fill(
        decision,
        {
            "review_decision-on": on,
            "review_decision-result": "upheld",
            "review_decision-opinion": "原处理意见认定事实清楚，予以维持。",
            "review_decision-served_on": on,
        },
    )
    leader.submit(decision)
    assert stage(leader) == "已复查"

    clerk.goto(detail)
    close = step(clerk, "close")
    clerk.fill(close, {"close-on": on, "close-resolved": True})
    clerk.submit(close)
    assert stage(clerk) == "已办结"
    # The ledger lists the closed matter; its reply letter downloads.
    clerk.goto("/petitions/?q=" + title[:6])
    assert clerk.page.get_by_text(title).first.is_visible()


def status(j: Journey) -> str:
    return j.page.locator("[data-testid=report-status]").inner_text().strip()


def zh(label: object) -> str:
    """A choice label as the (Chinese) pages show it."""
    from django.utils import translation

    with translation.override("zh-hans"):
        return str(label)


def press(j: Journey, testid: str) -> None:
    """Submit the form whose button carries this test id."""
    button = j.page.locator(f"[data-testid={testid}]")
    with j.page.expect_navigation():
        button.click()
    j.check()


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_annual_report_from_draft_to_publication(
    journeys: Callable[[str], Journey], viewport: str
) -> None:
    """司法所 freezes the demo's draft report, takes up a problem the data shows
    (or writes one, if the data shows none) and submits it; the county accepts
    it; the township leader publishes it after the confidentiality check, and
    anyone can read it on the public page."""
    from fazhi.reports.models import AnnualReport
    from fazhi.reports.render import PENDING_PROBLEMS

    # The demo drafts one report (the year's; its 2024 report is published).
    report = AnnualReport.objects.get(status=AnnualReport.Status.DRAFT)
    Status = AnnualReport.Status
    office = journeys(viewport)
    office.login("sifasuo")
    office.goto("/reports/")
    with office.page.expect_navigation():
        office.page.locator(f"a[href='/reports/{report.pk}/']").first.click()
    office.check()
    assert status(office) == zh(Status.DRAFT.label)
    press(office, "freeze")
    press(office, "propose")
    # Section 二 confirmed before submission: the county accepts no report that
    # still states 〔存在的问题尚未确认〕 (a proposed problem carries its cause).
    proposed = office.page.locator("form[action$='/shortcomings/accept/']")
    if proposed.count():
        with office.page.expect_navigation():
            proposed.first.locator("button[type=submit]").click()
    else:
        add = office.page.locator("form[action$='/shortcomings/add/']")
        add.locator("[name=text]").fill("法治宣传覆盖面不够广")
        add.locator("[name=cause]").fill("普法活动统筹不够")
        with office.page.expect_navigation():
            add.locator("button[type=submit]").click()
    office.check()
    assert PENDING_PROBLEMS not in office.page.locator("main").inner_text()
    reason = office.page.locator("#id_missing_reason")
    if reason.count():
        reason.fill("个别数据年内未单独统计，已在正文中说明。")
    press(office, "submit")
    assert status(office) == zh(Status.SUBMITTED.label)

    county = journeys(viewport)
    county.login("county")
    county.goto(f"/reports/{report.pk}/")
    assert not county.page.locator("[data-testid=unfinished]").count()
    county.page.locator("input[name=note]").fill("内容完整，同意公开。")
    press(county, "accept")
    assert status(county) == zh(Status.ACCEPTED.label)

    leader = journeys(viewport)
    leader.login("leader")
    leader.goto(f"/reports/{report.pk}/")
    leader.page.locator("#id_secrecy_reviewed").check()
    press(leader, "publish")
    assert status(leader) == zh(Status.PUBLISHED.label)

    public = journeys(viewport)
    public.goto("/reports/public/")
    with public.page.expect_navigation():
        public.page.locator(f"a[href='/reports/public/{report.pk}/']").first.click()
    public.check()
    assert report.title in public.page.content()


# One record's page per kind a person opens from a ledger (issue 15, real use: each
# was 394 px wide in a 390 px phone, a Bootstrap .row past <main>'s padding).
DETAIL_PAGES = [
    "petitions.Petition",
    "petitions.ReceptionDuty",
    "mediation.Dispute",
    "mediation.MediationCase",
    "enforcement.EnforcementCase",
    "governance.WorkTask",
    "governance.DisclosureRequest",
    "publicity.PublicityPlan",
    "publicity.PublicityActivity",
]


@pytest.mark.parametrize("viewport", ["phone"])
def test_detail_pages_fit_a_phone(journeys: Callable[[str], Journey], viewport: str) -> None:
    """The township leader opens a record of every module on a phone, and the
    deadline calculator: each page, every tab of it, fits the window."""
    from django.apps import apps

    leader = journeys(viewport)
    leader.login("leader")
    for label in DETAIL_PAGES:
        record = apps.get_model(label).objects.order_by("pk").first()
        assert record is not None, f"the demo has no {label}"
        leader.goto(record.get_absolute_url())
    leader.goto("/calendar/calculator/")
