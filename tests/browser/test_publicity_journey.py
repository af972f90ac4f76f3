"""A publicity plan to activities and coverage in a real browser, on the demo, as
the judicial office (`sifasuo`) does it (issue 15: "a publicity plan to
activities and coverage"): draft this year's plan, add an item aimed at two
villages' villagers and schools, issue it (印发), record the lecture that
reaches them, and see the coverage matrix turn those cells from planned to
reached.

At 1366×768 and 390×844, on the day it runs; every page passes Journey.check
(tests/browser/journeys.py).
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

VILLAGES = ["坪源村", "大桥村"]
SECTORS = {"village": "村庄", "school": "学校"}
# A coverage matrix cell (unit row × sector column): its class and its text.
CELL = """([unit, sector]) => {
  const table = document.querySelector('[data-testid=coverage-matrix]');
  const col = [...table.querySelectorAll('thead th')]
    .map(th => th.textContent.trim()).indexOf(sector);
  const row = [...table.querySelectorAll('tbody tr')]
    .find(tr => tr.querySelector('th').textContent.trim() === unit);
  if (col < 0 || !row) { return null; }
  return [row.children[col].className, row.children[col].textContent.trim()];
}"""


# A matrix row's 合计: the activities that reached the unit.
TOTAL = """(unit) => {
  const table = document.querySelector('[data-testid=coverage-matrix]');
  const col = [...table.querySelectorAll('thead th')]
    .map(th => th.textContent.trim()).indexOf('合计');
  const row = [...table.querySelectorAll('tbody tr')]
    .find(tr => tr.querySelector('th').textContent.trim() === unit);
  return row ? Number(row.children[col].textContent.trim()) : null;
}"""


def unit_pk(name: str) -> str:
    from fazhi.core.models import OrgUnit

    return str(OrgUnit.objects.get(name=name).pk)


def coverage(j: Journey, year: int, *, held: bool) -> dict[tuple[str, str], tuple[str, int]]:
    """The matrix cells of the two villages × the two sectors: (class, activities),
    and each village's 合计 ("", activities).
    A year with no activity held yet says so in words instead of a heat map
    (`held`: whether any is)."""
    j.goto(f"/publicity/coverage/?year={year}")
    j.page.wait_for_selector("#heatmap canvas, [data-testid=heatmap-empty]")
    if held:
        j.page.wait_for_selector("#heatmap canvas")
    cells = {}
    for village in VILLAGES:
        cells[(village, "合计")] = ("", j.page.evaluate(TOTAL, village))
        for sector in SECTORS.values():
            found = j.page.evaluate(CELL, [village, sector])
            assert found is not None, (village, sector)
            cells[(village, sector)] = (found[0], int(found[1].rstrip("*") or 0))
    return cells


def save(j: Journey, form: Locator) -> None:
    """Save a record's form; a refusal is reported with the page's words."""
    with j.page.expect_navigation():
        form.locator("button[type=submit]").first.click()
    refused = j.page.locator("main .invalid-feedback, main .alert-danger").all_inner_texts()
    assert not refused, f"{j.page.url} refused: {refused}"
    j.check()


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_publicity_plan_to_activities_and_coverage(
    journeys: Callable[[str], Journey], viewport: str
) -> None:
    from fazhi.publicity.models import PlanItem, PublicityActivity, PublicityPlan, Topic

    on = today()
    office = journeys(viewport)
    office.login("sifasuo")
    # This year's activities the demo holds (its records are of 2024).
    held_before = PublicityActivity.objects.filter(
        date__year=on.year, status=PublicityActivity.Status.HELD
    ).exists()
    before = coverage(office, on.year, held=held_before)

    office.goto("/publicity/plans/new/")
    form = office.page.locator("main form")
    title = f"{on.year}年度普法依法治理工作计划（{viewport}）"
    office.fill(
        form,
        {
            "unit": unit_pk("湘江源瑶族乡"),
            "title": title,
            "kind": "annual",
            "start_year": str(on.year),
            "summary": "以民法典宣传为重点，覆盖各村村民和学校。",
        },
    )
    save(office, form)
    plan = PublicityPlan.objects.get(title=title)
    assert plan.status == PublicityPlan.Status.DRAFT
    plan_url = office.page.url

    with office.page.expect_navigation():
        office.page.locator(f"a[href='/publicity/items/new/?plan={plan.pk}']").click()
    office.check()
    form = office.page.locator("main form")
    office.fill(
        form,
        {
            "plan": str(plan.pk),
            "title": "民法典进村入校宣讲",
            "topic": str(Topic.objects.get(name="民法典").pk),
            # A month picker (<input type="month">): the browser takes "YYYY-MM".
            "planned_month": on.strftime("%Y-%m"),
            "lead_unit": unit_pk("司法所"),
            "budget": "500",
        },
    )
    for code in SECTORS:
        form.locator(f"input[name=target_sectors][value={code}]").check()
    form.locator("select[name=target_units]").select_option([unit_pk(v) for v in VILLAGES])
    save(office, form)
    item = PlanItem.objects.get(plan=plan)

    office.goto(plan_url)
    office.page.locator("button[data-bs-target='#adopt-panel']").click()
    office.page.wait_for_selector("#adopt-panel.show")
    adopt = office.page.locator("#adopt-panel form")
    adopt.locator("input[name=doc_no]").fill(f"湘源司〔{on.year}〕3号")
    save(office, adopt)
    assert PublicityPlan.objects.get(pk=plan.pk).status == PublicityPlan.Status.ADOPTED
    assert item.title in office.page.locator("[data-testid=plan-items]").inner_text()

    office.goto("/publicity/activities/new/")
    form = office.page.locator("main form")
    office.fill(
        form,
        {
            "unit": unit_pk("湘江源瑶族乡"),
            "title": f"民法典进村入校宣讲（{viewport}）",
            "date": on,
            "kind": "lecture",
            "venue": "坪源村村部",
            "lead_unit": unit_pk("司法所"),
            "participants": "86",
            "materials": "120",
            "plan_item": str(item.pk),
            "summary": "讲解民法典物权编、婚姻家庭编，现场答疑。",
        },
    )
    form.locator("select[name=topics]").select_option(str(Topic.objects.get(name="民法典").pk))
    for code in SECTORS:
        form.locator(f"input[name=sectors][value={code}]").check()
    form.locator("select[name=units_reached]").select_option([unit_pk(v) for v in VILLAGES])
    save(office, form)
    activity = PublicityActivity.objects.get(title=f"民法典进村入校宣讲（{viewport}）")
    assert activity.status == PublicityActivity.Status.HELD
    assert PlanItem.objects.get(pk=item.pk).status == PlanItem.Status.DONE

    after = coverage(office, on.year, held=True)
    for cell, (css, n) in after.items():
        # One more activity in each cell, and in each village's 合计 one more
        # too, though it reached two sectors there (it read two more).
        assert n == before[cell][1] + 1, (cell, before[cell], after[cell])
        assert cell[1] == "合计" or "table-success" in css, (cell, css)
