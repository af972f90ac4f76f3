"""The mediation work in a real browser, on a pinned day (the statutory clocks
must not depend on which year's holiday notice is entered when the suite runs):

- the ledger: log in, filter, open a dispute, start a mediation and accept it;
- a village cadre on a 390×844 phone enters a screening round and the dispute
  it found, with the ID numbers a paper ledger holds;
- the judicial office takes a dispute from application to agreement (after
  correcting a party entered without an ID number), judicial confirmation
  and the follow-up visit (回访).

Every page passes the journeys' checks (tests/browser/journeys.py: no
horizontal overflow, on every tab; no console error, failed request or
response ≥ 400; nothing internal shown); the judicial office's journey runs
at 1366×768 and at 390×844."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import pytest
from django.core.management import call_command
from django.utils import timezone

from fazhi.core.models import CalendarYear
from fazhi.core.validators import id_check_digit
from fazhi.mediation import workflow
from fazhi.mediation.categories import DEFAULT_CATEGORIES
from fazhi.mediation.models import (
    Agreement,
    Dispute,
    DisputeCategory,
    DisputeParty,
    FollowUp,
    JudicialConfirmation,
    MediationCase,
    Screening,
)
from tests.browser.journeys import VIEWPORTS, Journey
from tests.factories import PASSWORD

from .conftest import D, Med

if TYPE_CHECKING:
    from playwright.sync_api import Page

PINNED = D(2024, 9, 5)  # a Thursday; its year's calendar is seeded


@pytest.fixture
def seeded(transactional_db: None) -> None:
    # A transactional test starts from flushed tables: put back the rows the
    # migrations seed (the work calendar and the dispute categories).
    if not CalendarYear.objects.exists():
        call_command("seed_calendar", verbosity=0)
    for order, (code, name) in enumerate(DEFAULT_CATEGORIES):
        DisputeCategory.objects.get_or_create(code=code, defaults={"name": name, "order": order})


@pytest.fixture
def pinned_today(monkeypatch: pytest.MonkeyPatch) -> dt.date:
    """ "Today" is PINNED for the server (the live server runs in this process)."""
    real = timezone.localdate

    def localdate(value: Any = None, timezone: Any = None) -> dt.date:
        return PINNED if value is None else real(value, timezone)

    monkeypatch.setattr("django.utils.timezone.localdate", localdate)
    return PINNED


def _open(page: Page, step: str) -> Any:
    page.get_by_test_id(f"action-{step}").click()
    page.wait_for_selector(f"#action-{step}.collapse.show")  # the panel has finished opening
    return page.get_by_test_id(f"form-{step}")


def _submit(page: Page, step: str) -> None:
    with page.expect_navigation():
        page.get_by_test_id(f"submit-{step}").click()


def _id_number(first17: str) -> str:
    return first17 + id_check_digit(first17)


@pytest.mark.browser
def test_filter_open_apply_and_accept(
    browser_page: Page,
    login: Callable[[str, str], Page],
    seeded: None,
    pinned_today: dt.date,
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

    form = _open(page, "apply")
    form.locator("select[name=committee]").select_option(str(med.village_committee.pk))
    form.locator("select[name=start]").select_option("application")
    assert form.locator("input[name=applicant]").input_value() == "申请人甲"  # from the parties
    _submit(page, "apply")
    case = MediationCase.objects.get(dispute=med.dispute)
    assert page.url.endswith(f"/mediation/cases/{case.pk}/")
    assert page.get_by_test_id("case-status").inner_text() == "待受理"

    _open(page, "accept")
    _submit(page, "accept")
    assert page.get_by_test_id("case-status").inner_text() == "已受理"
    case.refresh_from_db()
    assert case.number == f"荆竹村调〔{PINNED.year}〕1号"
    assert page.get_by_test_id("clock-due").first.inner_text()  # the one-month clock is shown


@pytest.mark.browser
def test_village_cadre_on_a_phone_enters_a_round_and_a_dispute(
    browser_page: Page,
    login: Callable[[str, str], Page],
    seeded: None,
    pinned_today: dt.date,
    request: pytest.FixtureRequest,
) -> None:
    med: Med = request.getfixturevalue("med")
    j = Journey.on(browser_page, "phone")
    page = login(med.world.village_cadre.username, PASSWORD)

    page.goto("/mediation/screenings/new/")
    j.check()
    # What the form knows is filled in: the cadre's village, today, the cadre.
    assert page.locator("select[name=unit] option:checked").inner_text() == "荆竹村"
    assert page.locator("input[name=screened_on]").input_value() == PINNED.isoformat()
    page.fill("input[name=scope]", "荆竹村1—6组")
    page.fill("textarea[name=note]", "本周排查发现纠纷1起。")
    with page.expect_navigation():
        page.click("main form button[type=submit]")
    screening = Screening.objects.get(scope="荆竹村1—6组")
    assert screening.unit == med.world.village and screening.screened_on == PINNED
    j.check()

    with page.expect_navigation():
        page.get_by_role("link", name="登记本次发现的纠纷").click()
    j.check()
    assert (
        page.locator("select[name=screening] option:checked")
        .inner_text()
        .startswith(PINNED.isoformat())
    )
    search = page.get_by_test_id("screening-search")  # older rounds are found by date
    with page.expect_response("**/mediation/screenings/options/**"):
        search.fill(f"{PINNED:%Y.%m}")
    assert (
        page.locator("select[name=screening] option")
        .all_inner_texts()[1]
        .startswith(PINNED.isoformat())
    )
    page.select_option("select[name=screening]", str(screening.pk))
    applicant = _id_number("43112719850315104")  # ends in X, written x in the ledger
    respondent = _id_number("43112719900101123")
    wrong = respondent[:-1] + str((int(respondent[-1]) + 1) % 10)
    page.fill("input[name=title]", "盘某与赵某田埂通行纠纷")
    page.select_option("select[name=category]", label="邻里纠纷")
    page.fill("textarea[name=facts]", "田埂被挖断，影响通行。")
    page.fill("input[name=party1_name]", "盘石生")
    page.fill("input[name=party1_id_number]", applicant.lower())
    page.fill("input[name=party1_phone]", "138 0746 1234")
    page.fill("input[name=party2_name]", "赵长贵")
    page.fill("input[name=party2_id_number]", wrong)
    # 风险等级 is the cadre's to judge: the form proposes none.
    assert page.locator("select[name=risk_level] option:checked").inner_text() == "---------"
    with page.expect_navigation():
        page.click("main form button[type=submit]")
    errors = page.locator(".invalid-feedback").all_inner_texts()
    assert errors == [
        "风险等级：该字段是必填项。",
        "被申请人身份证号码：身份证号码校验位错误，请核对。",
    ]
    assert not Dispute.objects.filter(title="盘某与赵某田埂通行纠纷").exists()
    j.refused()

    page.select_option("select[name=risk_level]", label="低")
    page.fill("input[name=party2_id_number]", respondent)
    with page.expect_navigation():
        page.click("main form button[type=submit]")
    dispute = Dispute.objects.get(title="盘某与赵某田埂通行纠纷")
    assert dispute.screening == screening and dispute.risk_level == Dispute.Risk.LOW
    parties = {p.person.name: p.person for p in dispute.parties.select_related("person")}
    assert parties["盘石生"].id_number == applicant and parties["盘石生"].phone == "13807461234"
    assert parties["盘石生"].gender == "F"  # read from the ID number (17th digit even)
    assert page.get_by_test_id("dispute-status").inner_text() == "待调处"
    assert applicant not in page.content()  # the cadre sees it masked
    j.check()


@pytest.mark.browser
@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_judicial_office_from_dispute_to_followup(
    browser_page: Page,
    login: Callable[[str, str], Page],
    seeded: None,
    pinned_today: dt.date,
    request: pytest.FixtureRequest,
    viewport: str,
) -> None:
    med: Med = request.getfixturevalue("med")
    j = Journey.on(browser_page, viewport)
    dispute = workflow.register_dispute(
        Dispute(
            unit=med.world.village,
            title="耕地边界纠纷",
            category=DisputeCategory.objects.get(code="land"),
            facts="两户耕地边界争执。",
            source=Dispute.Source.APPLICATION,
            found_on=D(2024, 9, 2),
        ),
        parties=[
            workflow.PartyInput(name="盘某某", role=DisputeParty.Role.APPLICANT),
            workflow.PartyInput(person=med.respondent, role=DisputeParty.Role.RESPONDENT),
        ],
        by=med.world.owner,
    )
    page = login("owner", PASSWORD)

    def submit(step: str) -> None:
        _submit(page, step)
        j.check()

    page.goto(dispute.get_absolute_url())
    j.check()
    form = _open(page, "apply")
    assert form.locator("input[name=applicant]").input_value() == "盘某某"
    form.locator("select[name=committee]").select_option(str(med.village_committee.pk))
    form.locator("select[name=start]").select_option("application")
    submit("apply")
    _open(page, "accept")
    submit("accept")
    form = _open(page, "assign")
    form.locator("select[name=mediator]").select_option(str(med.village_mediator.pk))
    submit("assign")
    form = _open(page, "session")
    form.locator("input[name=place]").fill("荆竹村调解室")
    form.locator("input[name=attendees]").fill("盘某某、被申请人乙、村调解员")
    form.locator("textarea[name=record]").fill("听取双方陈述，现场查看界址。")
    submit("session")
    case = MediationCase.objects.get(dispute=dispute)

    def agree() -> None:
        form = _open(page, "agreement")
        assert form.locator("textarea[name=facts]").input_value() == "两户耕地边界争执。"
        form.locator("select[name=form]").select_option("written")
        form.locator("textarea[name=issues]").fill("耕地边界")
        form.locator("textarea[name=responsibilities]").fill("双方各负其责")
        form.locator("textarea[name=terms]").fill("以田埂中线为界。")
        form.locator("input[name=performance_manner]").fill("当场确认")
        form.locator("input[name=performance_place]").fill("荆竹村")
        form.locator("input[name=performance_deadline]").fill("2024-09-20")
        _submit(page, "agreement")  # checked by the caller: the first one is refused

    # The applicant was entered without an ID number: the agreement cannot
    # state the parties, and says so ...
    agree()
    # Once, beside the parties (with its 更正 link), not again on the form.
    assert page.locator("main").inner_text().count("缺少身份证号码") == 1
    assert "缺少身份证号码" not in page.get_by_test_id("form-agreement").inner_text()
    assert not Agreement.objects.exists()
    j.refused()
    # ... until the party is corrected on the dispute.
    page.goto(dispute.get_absolute_url())
    page.get_by_test_id("party-row").filter(has_text="盘某某").get_by_test_id("party-edit").click()
    page.wait_for_selector("[data-testid=form-party_edit]")
    assert page.locator("input[name=name]").input_value() == "盘某某"
    page.fill("input[name=id_number]", _id_number("43112719750809003"))
    with page.expect_navigation():
        page.get_by_test_id("submit-party_edit").click()
    assert "已办理：更正当事人" in page.locator("body").inner_text()
    j.check()
    page.goto(case.get_absolute_url())
    agree()
    j.check()
    agreement = Agreement.objects.get(case=case)
    assert page.get_by_test_id("case-status").inner_text() == "调解成功"

    form = _open(page, "sign")
    for name in ("parties_signed_on", "mediator_signed_on", "seal_recorded_on"):
        form.locator(f"input[name={name}]").fill(PINNED.isoformat())
    submit("sign")
    agreement.refresh_from_db()
    assert agreement.effective_on == PINNED
    form = _open(page, "confirm")
    form.locator("input[name=joint]").check()
    submit("confirm")
    form = _open(page, "confirm_result")
    form.locator("select[name=result]").select_option("confirmed")
    form.locator("input[name=ruling_no]").fill("（2024）湘1127民特12号")
    submit("confirm_result")
    assert JudicialConfirmation.objects.get().result == JudicialConfirmation.Result.CONFIRMED
    form = _open(page, "followup")  # the planned visit is chosen already
    form.locator("input[name=visitor]").fill("村调解员")
    form.locator("select[name=honoured]").select_option("yes")
    submit("followup")
    assert FollowUp.objects.get(case=case).honoured == FollowUp.Honoured.YES

    body = page.locator("main").inner_text()
    assert "调解中 → 调解成功" in body and "确认有效" in body and "已履行" in body
    for code in ("applied", "accepted", "mediating", "agreed", "confirmed", "[S]"):
        assert code not in body, code
    j.check()
