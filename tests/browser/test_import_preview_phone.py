"""The ledger import's preview on a phone (390×844), found walking /import/:
the rows' table squeezed its short columns to one character a line — 新建,
重复跳过, 拒绝 read downwards, and so did the record's number — while the
reasons took the width. The short columns keep to one line; the table scrolls
sideways inside its .table-responsive as the page's other tables do. Then the
reason and hint columns were squeezed to a character or two a line: they keep
a width a sentence can be read in (fz-text-cell, at least 12em)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from fazhi.petitions.ledger import KIND
from tests.browser.journeys import Journey, demo_site, journeys

__all__ = ["demo_site", "journeys"]  # the fixtures, imported so pytest finds them

pytestmark = pytest.mark.browser

# A cell's width in its own font's em.
EMS = "cell => cell.getBoundingClientRect().width / parseFloat(getComputedStyle(cell).fontSize)"
# The number of line boxes a cell's text takes.
LINES = """cell => {
  const range = document.createRange();
  range.selectNodeContents(cell);
  return new Set([...range.getClientRects()].map(r => Math.round(r.top))).size;
}"""


def test_preview_rows_keep_their_short_columns_on_one_line(
    journeys: Callable[[str], Journey],
) -> None:
    clerk = journeys("phone")
    clerk.login("xinfang")
    clerk.goto("/import/petitions/")
    clerk.page.set_input_files("input[name=file]", str(KIND.samples[0]))
    clerk.submit(clerk.page.locator("[data-testid=import-upload]"))
    clerk.submit(clerk.page.locator("[data-testid=import-mapping]"), "[data-testid=preview]")
    table = clerk.page.locator("[data-testid=import-rows]")
    table.wait_for()
    for column in (1, 2, 5):  # 行号, 处理结果, 记录
        cells = table.locator(f"tr > :nth-child({column})")
        for i in range(cells.count()):
            cell = cells.nth(i)
            if cell.inner_text().strip():
                assert cell.evaluate(LINES) == 1, (column, cell.inner_text())
    for column in (3, 4):  # 原因, 提示: read as sentences, not a character a line
        cells = table.locator(f"tbody tr > :nth-child({column})")
        for i in range(cells.count()):
            cell = cells.nth(i)
            if len(cell.inner_text().strip()) > 12:
                assert cell.evaluate(EMS) >= 11.5, (column, cell.inner_text())
