"""Every module's ledger on a 390×844 phone, as the township's 司法所 clerk,
who keeps them all (found walking the demo: the people list's ID-number box
ran 17 px off the screen, and each table squeezed its columns to one Chinese
character a line — 冯/大/山 — instead of scrolling sideways).

`Journey.goto` checks the page fits the window, shows nothing internal and
logs no error; here also: every filter box inside the screen, and no column
heading broken over lines."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tests.browser.journeys import Journey, demo_site, journeys

__all__ = ["demo_site", "journeys"]  # the fixtures, imported so pytest finds them

pytestmark = pytest.mark.browser

LISTS = [
    "/people/",
    "/petitions/",
    "/mediation/disputes/",
    "/mediation/cases/",
    "/enforcement/cases/",
    "/enforcement/officers/",
    "/publicity/activities/",
    "/governance/requests/",
    "/governance/documents/",
    "/governance/rectifications/",
]
OFF_SCREEN = """() => [...document.querySelectorAll('.filter-form input, .filter-form select')]
    .filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 0.5)
    .map(e => e.name)"""
# A heading broken over lines is taller than its own line height allows.
BROKEN_HEADINGS = """() => [...document.querySelectorAll('#list-table thead th')]
    .filter(th => {
        const style = getComputedStyle(th);
        const oneLine = parseFloat(style.lineHeight) + parseFloat(style.paddingTop)
            + parseFloat(style.paddingBottom);
        return th.innerText.trim() && th.getBoundingClientRect().height > 1.5 * oneLine;
    })
    .map(th => th.innerText.trim())"""


def test_every_ledger_fits_a_phone(journeys: Callable[[str], Journey]) -> None:
    clerk = journeys("phone")
    clerk.login("sifasuo")
    for path in LISTS:
        clerk.goto(path)
        rows = clerk.page.locator("#list-table tbody tr:not(.fz-empty)").count()
        assert rows, f"{path}: the demo township's ledger is empty"
        assert clerk.page.evaluate(OFF_SCREEN) == [], path
        assert clerk.page.evaluate(BROKEN_HEADINGS) == [], path


EMPTY_WORDS = """() => {
    const words = document.querySelector('#list-table .fz-empty td > div');
    return words && {text: words.innerText, right: words.getBoundingClientRect().right,
                     width: document.documentElement.clientWidth};
}"""


def test_a_refused_filter_is_read_on_a_phone_inside_the_screen(
    journeys: Callable[[str], Journey],
) -> None:
    """The filter form's htmx swaps in only the table; a refused date is said
    in the table's empty row, which must wrap on the screen, not run along the
    wide table that scrolls sideways (found walking the demo at 390 px)."""
    clerk = journeys("phone")
    clerk.login("xinfang")
    clerk.goto("/petitions/")
    page = clerk.page
    # A typed date the browser's own date box would not let through.
    page.evaluate(
        "() => { document.querySelector('.filter-form [name=received_from]').type = 'text'; }"
    )
    page.fill(".filter-form [name=received_from]", "2024-02-30")
    page.click(".filter-form button[type=submit]")
    page.wait_for_selector("#list-table .fz-empty")
    words = page.evaluate(EMPTY_WORDS)
    assert "收到日期起：请按 2024-03-05 的样式填写日历上有的日期。" in words["text"], words
    assert words["right"] <= words["width"] + 0.5, words
    assert page.evaluate("() => document.querySelectorAll('#list-table').length") == 1
