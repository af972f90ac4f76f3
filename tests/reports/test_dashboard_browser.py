"""The leaders' dashboard in a real browser over the demo township: the four
charts draw with the vendored ECharts at 1366×768 and 390×844 with no console
error, no failed request and no horizontal overflow, and a click on a heat-map
cell or a bar opens the records behind it."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest

from fazhi.core import demo

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = pytest.mark.browser
PROJECT_URLS = True

CHARTS = ("open-by-month", "clocks-due", "screening", "heatmap")


def watch(page: Page) -> list[str]:
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.on("requestfailed", lambda r: problems.append(f"failed: {r.url}"))
    page.on(
        "response", lambda r: problems.append(f"{r.status}: {r.url}") if r.status >= 400 else None
    )
    return problems


def click_data(page: Page, chart: str, series: int, index: int, point: list[Any]) -> None:
    """A real mouse click on a data item of a chart (its pixel from ECharts)."""
    box = page.locator(f"[data-chart={chart}]")
    box.scroll_into_view_if_needed()
    page.wait_for_selector(f"[data-chart={chart}][data-drawn]")  # bars done growing
    x, y = box.evaluate(
        """(el, a) => {
          const chart = echarts.getInstanceByDom(el);
          const item = chart.getModel().getSeriesByIndex(a[0]).getData().getItemLayout(a[1]);
          if (item && item.width !== undefined) {  // a bar: the middle of its rectangle
            return [item.x + item.width / 2, item.y + item.height / 2];
          }
          return chart.convertToPixel({seriesIndex: a[0]}, a[2]);
        }""",
        [series, index, point],
    )
    origin = box.bounding_box()
    assert origin is not None
    # As a person does: the pointer rests on the item (its tooltip shows), then
    # clicks. Clicking at once raced the tooltip, which covered the pointer and
    # took the click when it was drawn first (the run's rerun); with the
    # tooltip beside the pointer the click always reaches the item.
    box.evaluate(
        """(el, i) => {
          el.removeAttribute("data-hovered");
          echarts.getInstanceByDom(el).on("mouseover", p => {
            if (p.dataIndex === i) el.setAttribute("data-hovered", "1");
          });
        }""",
        index,
    )
    page.mouse.move(origin["x"] + x, origin["y"] + y)
    page.wait_for_selector(f"[data-chart={chart}][data-hovered]")
    page.wait_for_function(  # the tooltip drawn: the chart has rendered since
        "() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() => r(true))))"
    )
    with page.expect_navigation():
        page.mouse.click(origin["x"] + x, origin["y"] + y)


def test_dashboard_charts_draw_and_open_their_records(
    browser_page: Page, login: Any, live_server: Any
) -> None:
    demo.build()
    page = login("leader", demo.DEMO_PASSWORD)
    problems = watch(page)
    for size in ({"width": 1366, "height": 768}, {"width": 390, "height": 844}):
        page.set_viewport_size(size)
        page.goto("/reports/dashboard/?year=2024")
        for name in CHARTS:
            page.wait_for_selector(f"[data-chart={name}] canvas")
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), size
        assert problems == [], (size, problems)

    page.set_viewport_size({"width": 1366, "height": 768})
    page.goto("/reports/dashboard/?year=2024")
    heat = page.evaluate("JSON.parse(document.getElementById('heatmap-data').textContent)")
    x, y, n = next(cell for cell in heat["data"] if cell[2])
    click_data(page, "heatmap", 0, heat["data"].index([x, y, n]), [x, y])
    assert "/publicity/activities/" in page.url and "reached=" in page.url
    assert page.locator("#list-table tbody tr").count() == n or n > 25

    page.goto("/reports/dashboard/?year=2024")
    due = page.evaluate("JSON.parse(document.getElementById('clocks-due-data').textContent)")
    rows = list(reversed(due["rows"]))  # drawn with the worst module on top
    index = next(i for i, r in enumerate(rows) if r["overdue"])
    click_data(page, "clocks-due", 0, index, [rows[index]["overdue"], index])
    assert "/reports/dashboard/clocks/" in page.url and "state=overdue" in page.url
    assert page.locator("[data-testid=clocks-table] tbody tr").count() == rows[index]["overdue"]
    assert problems == [], problems
