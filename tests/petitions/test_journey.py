"""Real browser, the petition office's whole piece of work (issue 15): a visit
registered through the intake form, accepted, handed to a village, handled,
answered with the written opinion (its letter greeting the petitioner once),
a petitioner corrected before the reply, a review requested and decided, the
matter closed. Every page read as a clerk reads it: Chinese labels, no code."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from docx import Document

from fazhi.core import passwords
from fazhi.core.models import OrgUnit, User
from fazhi.core.roles import Role
from fazhi.petitions.models import Petition, Stage
from tests.factories import valid_id_number

if TYPE_CHECKING:
    from playwright.sync_api import Page

PASSWORD = "Xinfang-2024!"
CODES = ("registered", "accepted", "replied", "review", "reviewed", "closed", "claim", "visit")

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _world() -> User:
    county = OrgUnit.objects.create(name="蓝山县", kind=OrgUnit.Kind.COUNTY)
    township = OrgUnit.objects.create(
        name="湘江源瑶族乡", kind=OrgUnit.Kind.TOWNSHIP, parent=county, abbreviation="湘源"
    )
    office = OrgUnit.objects.create(
        name="综治中心（信访办）", kind=OrgUnit.Kind.DEPARTMENT, parent=township
    )
    village = OrgUnit.objects.create(name="荆竹村", kind=OrgUnit.Kind.VILLAGE, parent=township)
    User.objects.create_user(
        username="cun", password=PASSWORD, role=Role.VILLAGE_CADRE, home_unit=village
    )
    User.objects.create_user(
        username="sysadmin", password=PASSWORD, role=Role.SYSTEM_ADMIN, home_unit=township
    )
    clerk = User.objects.create_user(
        username="xinfang",
        password=PASSWORD,
        first_name="李秀英",
        role=Role.PETITION_OFFICE,
        home_unit=office,
    )
    for user in User.objects.all():
        passwords.mark_chosen(user)  # not an administrator's: no forced change
    return clerk


def _open(page: Page, name: str) -> None:
    """Open a step's panel (collapsed but the first) and wait for Bootstrap's
    collapse to end (`.show`), as tests/browser/test_journeys.step does. The
    form counts as visible as soon as its panel starts to grow, and a submit
    clicked while it grew was at times lost: after 交办, 办理情况's button was
    clicked and the browser sent no POST (the live server's log), so the
    journey waited 30 s for a navigation, about one run in ten, before and
    after the 交办 page's fold alike."""
    if not page.locator(f"[data-testid=step-{name}]").is_visible():
        page.click(f'[data-bs-target="#step-{name}"]')
    page.locator(f"#step-{name}.collapse.show").wait_for()


def _step(page: Page, name: str, **values: str) -> None:
    form = page.locator(f"[data-testid=step-{name}]")
    _open(page, name)
    for key, value in values.items():
        field = form.locator(f'[name="{name}-{key}"]')
        if field.evaluate("e => e.tagName") == "SELECT":
            field.select_option(value)
        elif field.get_attribute("type") == "checkbox":
            field.check()
        else:
            field.fill(value)
    with page.expect_navigation():
        form.locator("button[type=submit]").click()


def _reads_chinese(page: Page) -> None:
    text = page.locator("main").inner_text()
    assert "None" not in text and "True" not in text and "False" not in text
    words = set(text.split())
    assert not words & set(CODES), words & set(CODES)


def _docx(page: Page, kind: str) -> list[str]:
    with page.expect_download() as download:
        page.click(f"[data-testid=doc-{kind}]")
    data = Path(download.value.path()).read_bytes()
    return [p.text for p in Document(io.BytesIO(data)).paragraphs]


def test_intake_to_closure_as_the_petition_office(
    browser_page: Page, login: Callable[[str, str], Page]
) -> None:
    _world()
    page = login("xinfang", PASSWORD)
    page.goto("/petitions/new/")
    page.select_option("select[name=channel]", "visit")
    page.select_option("select[name=category]", "claim")
    page.fill("input[name=received_on]", "2026-09-01")
    page.fill("input[name=title]", "承包地被占用")
    page.fill("textarea[name=content]", "反映承包地被邻组村民占用约两亩，请求协调退还。")
    page.fill("input[name=name]", "盘新花")
    page.fill("input[name=id_number]", valid_id_number(601))
    with page.expect_navigation():
        page.click("[data-testid=save]")
    assert page.locator("[data-testid=stage]").inner_text() == "已登记"
    _reads_chinese(page)

    _step(page, "accept", on="2026-09-03")
    assert page.locator("[data-testid=stage]").inner_text() == "已受理（办理中）"
    # The petitioner's name was misspelt at the desk: corrected before the reply.
    with page.expect_navigation():
        page.click("[data-testid^=edit-petitioner-]")
    assert page.locator('[name="petitioner_update-name"]').input_value() == "盘新花"
    page.fill('[name="petitioner_update-name"]', "盘新华")
    with page.expect_navigation():
        page.click("[data-testid=petitioner-update] [data-testid=save]")
    assert "盘新华" in page.locator("[data-testid=petitioners]").inner_text()

    handlers = page.locator('[name="assign-handler"] option').all_inner_texts()
    assert not any("sysadmin" in h for h in handlers) and any("cun" in h for h in handlers)
    village = page.locator('[name="assign-responsible_unit"] option', has_text="荆竹村")
    _step(page, "assign", responsible_unit=village.get_attribute("value") or "")
    _step(page, "handling", investigation="经现场核实，占用属实。")
    _step(
        page,
        "reply",
        on="2026-10-20",
        facts="经查，邻组村民占用属实。",
        outcome="support",
        basis="《中华人民共和国农村土地承包法》第五十七条",
        served_on="2026-10-21",
    )
    assert page.locator("[data-testid=stage]").inner_text() == "已答复"
    letter = _docx(page, "reply")
    assert "盘新华：" in letter and not any("：：" in line for line in letter)
    assert "承包地被占用" in letter  # the request, filled from the subject
    assert page.locator("[data-testid^=edit-petitioner-]").count() == 0  # frozen by the reply

    _step(page, "review_request", requested_on="2026-10-25")  # organ filled in: 蓝山县人民政府
    assert page.locator("[data-testid=stage]").inner_text() == "复查中"
    _step(
        page,
        "review_decision",
        on="2026-11-20",
        result="upheld",
        opinion="维持原处理意见。",
        served_on="2026-11-21",
    )
    _step(page, "close", on="2026-12-01")
    assert page.locator("[data-testid=stage]").inner_text() == "已办结"
    _reads_chinese(page)
    p = Petition.objects.get()
    assert p.stage == Stage.CLOSED and p.appeals.get().body == "蓝山县人民政府"

    page.goto("/petitions/")
    row = page.locator("[data-testid=petition-table] tbody tr").first
    assert "盘新华" in row.inner_text() and "已办结" in row.inner_text()


def test_assign_offers_the_chosen_units_handlers(
    browser_page: Page, login: Callable[[str, str], Page]
) -> None:
    """交办: choosing a village as 承办单位 narrows 承办人 to those who can
    open its matters (its own cadre, the township's offices), with no post
    to be refused first; the clerk's pick among them is saved."""
    import datetime as dt

    from playwright.sync_api import expect

    from fazhi.petitions import workflow as wf

    from .conftest import make_petition

    clerk = _world()
    township = clerk.home_unit.parent  # type: ignore[union-attr]
    ziliang = OrgUnit.objects.create(name="紫良村", kind=OrgUnit.Kind.VILLAGE, parent=township)
    User.objects.create_user(
        username="zlcun", password=PASSWORD, role=Role.VILLAGE_CADRE, home_unit=ziliang
    )
    p = make_petition(clerk, clerk.home_unit)  # type: ignore[arg-type]
    p = wf.accept(p, by=clerk, on=dt.date(2026, 9, 3))

    page = login("xinfang", PASSWORD)
    page.goto(p.get_absolute_url())
    form = page.locator("[data-testid=step-assign]")
    _open(page, "assign")
    handler = form.locator('[name="assign-handler"] option')
    offered = handler.all_inner_texts()
    assert any("cun（荆竹村）" in h for h in offered) and any("zlcun" in h for h in offered)

    form.locator('[name="assign-responsible_unit"]').select_option(label="紫良村")
    expect(handler.filter(has_text="cun（荆竹村）")).to_have_count(0)
    offered = handler.all_inner_texts()
    assert any("zlcun（紫良村）" in h for h in offered), offered
    assert any("李秀英" in h for h in offered), offered  # the petition office: the township's

    form.locator('[name="assign-responsible_unit"]').select_option(label="荆竹村")
    expect(handler.filter(has_text="zlcun")).to_have_count(0)
    assert any("cun（荆竹村）" in h for h in handler.all_inner_texts())
    form.locator('[name="assign-handler"]').select_option(label="cun（荆竹村）")
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    _reads_chinese(page)
    fresh = Petition.objects.get(pk=p.pk)
    assert (fresh.responsible_unit.name, fresh.handler.username) == ("荆竹村", "cun")  # type: ignore[union-attr]


def test_intake_form_fits_a_phone(browser_page: Page, login: Callable[[str, str], Page]) -> None:
    """A village cadre or clerk on a 390×844 phone: no sideways scrolling."""
    _world()
    page = login("xinfang", PASSWORD)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/petitions/new/")
    overflow = page.evaluate(
        """() => [...document.querySelectorAll('main *')]
            .filter(e => e.getBoundingClientRect().right
                         > document.documentElement.clientWidth + 0.5)
            .map(e => e.tagName + '.' + e.className)"""
    )
    assert overflow == [], overflow
