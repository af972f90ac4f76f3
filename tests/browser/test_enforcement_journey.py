"""An enforcement case from clue to closure in a real browser, on the demo, as the
people who take each step (issue 15: "an enforcement case from clue to decision,
disclosure and closure"):

- the officer `zhifa` (综合行政执法队) registers a clue, files it, records the
  investigation and the evidence (with a file), notifies the party, records the
  party's waiver and sends the case to legal review;
- the township leader takes the head's steps the law gives the organ's head
  (审查 after the investigation, the decision: 《行政处罚法》第五十七条); the
  officer's page names who takes them instead of offering their forms;
- the legal reviewer `shenhe` passes it from the review queue (第五十八条);
- the officer serves the decision, records the payment, publishes the decision
  and closes the case; anyone then finds the disclosure on the public page.

At 1366×768 and 390×844, on the day it runs; every page passes Journey.check
(tests/browser/journeys.py).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import pytest

from tests.browser.journeys import VIEWPORTS, Journey, demo_site, journeys, today

if TYPE_CHECKING:
    from playwright.sync_api import Locator

__all__ = ["demo_site", "journeys"]  # the fixtures, imported so pytest finds them

pytestmark = pytest.mark.browser

# Two officers whose cards cover 农业农村 well past today (issued 2025 and 2024).
OFFICERS = ["胡思远", "盘晓燕"]


def open_step(j: Journey, name: str) -> Locator:
    """Open a case step's accordion panel and return its form."""
    panel = j.page.locator(f"#step-{name}")
    if "show" not in (panel.get_attribute("class") or ""):
        j.page.locator(f"[data-testid=step-{name}]").click()
        j.page.wait_for_selector(f"#step-{name}.collapse.show")
    return panel.locator("form")


def take(j: Journey, name: str, values: dict[str, Any], officers: str = "") -> None:
    """A case step through its form; a refusal is reported with the page's words."""
    form = open_step(j, name)
    j.fill(form, {f"{name}-{k}": v for k, v in values.items()})
    if officers:
        form.locator(f"[name='{name}-{officers}']").select_option(label=OFFICERS)
    with j.page.expect_navigation():
        form.locator(f"[data-testid=submit-{name}]").click()
    refused = j.page.locator("main .invalid-feedback, main .alert-danger").all_inner_texts()
    assert not refused, f"{name} refused: {refused}"
    j.check()


def stage(title: str) -> str:
    from fazhi.enforcement.models import EnforcementCase

    return str(EnforcementCase.objects.get(title=title).stage)


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_enforcement_case_from_clue_to_closure(
    journeys: Callable[[str], Journey], viewport: str
) -> None:
    from fazhi.enforcement.models import EnforcementCase

    Stage = EnforcementCase.Stage
    on = today()
    title = f"擅自在基本农田挖塘养鱼（{viewport}）"

    officer = journeys(viewport)
    officer.login("zhifa")
    officer.goto("/enforcement/cases/new/")
    form = officer.page.locator("main form")
    officer.fill(
        form,
        {
            "unit": ("label", "湘江源瑶族乡"),
            "case_type": "penalty",
            "title": title,
            "field": ("label", "农业农村"),
            "source": "report",
            "party_type": "citizen",
            "party_name": "盘石生",
            "phone": "13807461234",
            "address": "湘江源瑶族乡荆竹村3组",
            "act_date": on,
            "discovered_on": on,
            "review_required_by_law": True,
            "publish_decision": True,
        },
    )
    officer.submit(form)
    assert stage(title) == Stage.CLUE
    case_url = officer.page.url
    assert case_url.rstrip("/").split("/")[-1].isdigit(), case_url

    take(officer, "file", {"on": on})
    assert stage(title) == Stage.FILED
    take(
        officer,
        "investigate",
        {
            "kind": "inspection",
            "on": on,
            "place": "荆竹村3组基本农田",
            "summary": "现场勘验，鱼塘约0.3亩。",
        },
        officers="officers",
    )
    assert stage(title) == Stage.INVESTIGATING
    form = open_step(officer, "evidence")
    form.locator("[name='evidence-file']").set_input_files(
        {"name": "现场勘验笔录.txt", "mimeType": "text/plain", "buffer": "鱼塘约0.3亩。".encode()}
    )
    take(
        officer,
        "evidence",
        {
            "kind": "record",
            "description": "现场勘验笔录及照片",
            "collected_on": on,
            "place": "荆竹村",
        },
        officers="collected_by",
    )
    assert "现场勘验笔录" in officer.page.locator("main").inner_text()
    # The head's review is no form for the officer: the page says who takes it.
    officer.page.locator("[data-testid=step-review]").click()
    officer.page.wait_for_selector("#step-review.collapse.show")
    reserved = officer.page.locator("[data-testid=reserved-review]").inner_text()
    assert "乡镇领导" in reserved and "第五十七条" in reserved, reserved
    assert officer.page.locator("[data-testid=submit-review]").count() == 0
    officer.check()

    leader = journeys(viewport)
    leader.login("leader")
    leader.goto(case_url)
    take(leader, "review", {"outcome": "penalise", "on": on})
    assert stage(title) == Stage.REVIEWED

    officer.goto(case_url)
    take(
        officer,
        "notify",
        {
            "on": on,
            "penalty_kind": "fine",
            "fine_amount": "200",
            "facts": "当事人未经批准在基本农田挖塘养鱼约0.3亩。",
            "legal_basis": "《基本农田保护条例》第三十三条",
        },
    )
    assert stage(title) == Stage.NOTIFIED
    take(officer, "statement", {"kind": "waiver", "on": on})
    take(officer, "submit_legal_review", {"on": on})

    reviewer = journeys(viewport)
    reviewer.login("shenhe")
    reviewer.goto("/enforcement/reviews/")
    card = reviewer.page.locator("main .card").filter(has_text=title)
    reviewer.fill(
        card, {"lr-result": "passed", "lr-opinion": "事实清楚，依据正确，程序合法。", "lr-on": on}
    )
    reviewer.submit(card)
    assert reviewer.page.locator("main .card").filter(has_text=title).count() == 0

    leader.goto(case_url)
    take(leader, "decide", {"on": on, "penalty_kind": "fine", "fine_amount": "200"})
    assert stage(title) == Stage.DECIDED
    # The decision's .docx is on the case; the history names the file.
    leader.page.locator("[data-testid=history-tab]").click()
    history = leader.page.locator("[data-testid=history]")
    assert ".docx" in history.inner_text() and "sha256" not in history.inner_text()

    officer.goto(case_url)
    take(officer, "serve", {"on": on, "method": "direct"}, officers="officers")
    assert stage(title) == Stage.SERVED
    take(officer, "pay", {"paid_on": on, "amount": "200", "receipt_no": "湘非税2026001"})
    assert stage(title) == Stage.EXECUTED
    take(officer, "publish", {"on": on})
    take(officer, "close", {"on": on, "note": "罚款已缴清，结案归档。"})
    assert stage(title) == Stage.CLOSED
    timeline = officer.page.locator("[data-testid=timeline]").inner_text()
    for step in ("立案", "法制审核", "结案"):
        assert step in timeline, (step, timeline)

    case = EnforcementCase.objects.get(title=title)
    public = journeys(viewport)
    public.goto(f"/enforcement/public/?q={case.decision_number}")
    assert case.decision_number in public.page.locator("main").inner_text()
    assert "盘石生" not in public.page.content()  # the citizen's name is masked
