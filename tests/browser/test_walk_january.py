"""What a walk of the demo in chromium found in January 2027, at 1366×768 and
390×844.

- A petition accepted with a long unbroken note (a pasted link, a ledger's
  run of codes; 5,000 characters when fed hostile input) ran the petition's
  page out to 47,556 px: the note is shown beside 决定日期 in the detail's
  field list, whose value did not wrap (fazhi.css: main dd). Since 50f3791 a
  note holds at most `core.inputs.NOTE` characters, so the walk types the
  longest one allowed, still unbroken.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from fazhi.core import inputs
from fazhi.petitions.models import Petition
from tests.browser.journeys import VIEWPORTS, Journey, demo_site, journeys, today
from tests.browser.test_journeys import step

__all__ = ["demo_site", "journeys"]  # the fixtures, imported so pytest finds them

pytestmark = pytest.mark.browser

LINK = "https://xf.example.gov.cn/"
NOTE = LINK + "x" * (inputs.NOTE - len(LINK))


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_a_long_unbroken_note_wraps_on_the_petition_page(
    journeys: Callable[[str], Journey], viewport: str
) -> None:
    waiting = Petition.objects.get(title__endswith="危房改造补助发放（待受理）")
    clerk = journeys(viewport)
    clerk.login("xinfang")
    clerk.goto(waiting.get_absolute_url())
    accept = step(clerk, "accept")
    clerk.fill(accept, {"accept-on": today(), "accept-note": NOTE})
    clerk.submit(accept)  # Journey.check: nothing wider than the window
    shown = clerk.page.locator("[data-testid=petition-fields]").inner_text()
    assert NOTE[:40] in shown.replace("\n", "")
