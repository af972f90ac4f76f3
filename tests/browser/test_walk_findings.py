"""What a walk of the new pages in chromium found at 390×844, a phone's screen
(the API token, the search page, the reveal reason form), each page passing
Journey.check: no horizontal overflow, no console error, nothing internal shown.

- The API token (40 characters in one monospace word) ran 100 px past the
  screen's edge.
- A search for a long word found nothing, and the sentence saying so, holding
  the word, ran off the screen.
- The reveal reason form inside a petition's petitioner table widened the table
  past the screen; a reason left out was refused with 该字段是必填项。 naming no
  field.
- A petition's 信访人 table scrolled sideways inside its box (596 px in 374):
  five columns kept on one line, 更正 a sixth while the petitioners may change.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.contrib.contenttypes.models import ContentType

from fazhi.petitions.models import Petitioner
from fazhi.petitions.workflow import PETITIONERS_EDITABLE
from tests.browser.journeys import Journey, demo_site, journeys

__all__ = ["demo_site", "journeys"]  # the fixtures, imported so pytest finds them

pytestmark = pytest.mark.browser


def test_token_search_and_reveal_fit_a_phone(journeys: Callable[[str], Journey]) -> None:
    county = journeys("phone")
    county.login("county")  # enrols the second factor on the way
    county.goto("/account/2fa/")
    county.submit(county.page.locator("form:has([data-testid=api-token-issue])"))
    assert len(county.page.inner_text("[data-testid=api-token]").strip()) == 40

    clerk = journeys("phone")
    clerk.login("xinfang")
    clerk.goto("/search/?q=" + "a" * 100)
    clerk.page.wait_for_selector("[data-testid=search-empty]")
    clerk.check()

    petitioner = Petitioner.objects.exclude(phone="").select_related("petition").first()
    assert petitioner is not None
    clerk.goto(f"/petitions/{petitioner.petition_id}/")
    # The value's span: pii-<content type>-<pk>-<field> (core.templatetags.pii_tags).
    value = f"#pii-{ContentType.objects.get_for_model(Petitioner).pk}-{petitioner.pk}-phone"
    clerk.page.locator(f"{value} [data-testid=reveal]").click()
    form = clerk.page.locator(f"{value} form.fz-reason")
    form.locator("button[type=submit]").click()
    clerk.page.wait_for_selector(f"{value} .invalid-feedback")
    assert "查看理由：" in clerk.page.inner_text(f"{value} .invalid-feedback")
    clerk.check()
    # With a reason the value shows in full, and no second 显示 stays beside it.
    form = clerk.page.locator(f"{value} form.fz-reason")
    form.locator("select[name=reason_choice]").select_option(index=1)
    form.locator("button[type=submit]").click()
    clerk.page.wait_for_selector(f"{value} .pii-revealed")
    assert clerk.page.inner_text(f"{value} .pii-revealed").strip() == petitioner.phone
    assert clerk.page.locator(f"{value} [data-testid=reveal]").count() == 0
    clerk.check()
    # The same button in a list's cell: the ledger's petitioner column.
    clerk.goto("/petitions/")
    cell = clerk.page.locator("[data-testid=petition-table] [data-testid=reveal]").first
    cell.click()
    clerk.page.wait_for_selector("[data-testid=petition-table] form.fz-reason")
    clerk.check()


# The petitioner table and the box it would scroll in: [scrollWidth, clientWidth].
TABLE_WIDTHS = """() => {
  const t = document.querySelector('[data-testid=petitioners]');
  const box = t.closest('.table-responsive');
  return {table: [t.scrollWidth, t.clientWidth], box: [box.scrollWidth, box.clientWidth]};
}"""


def test_a_petitions_petitioner_table_fits_a_phone(journeys: Callable[[str], Journey]) -> None:
    """At 390×844 the 信访人 table shows whole, the 更正 column too (a matter
    whose petitioners may still change); the masked ID number is left to the
    wider screen, 代表人 said under the name. At 1366×768 every column shows."""
    petitioner = (
        Petitioner.objects.filter(petition__stage__in=PETITIONERS_EDITABLE)
        .exclude(phone="")
        .exclude(address="")
        .first()
    )
    assert petitioner is not None
    Petitioner.objects.filter(pk=petitioner.pk).update(is_representative=True)
    url = f"/petitions/{petitioner.petition_id}/"
    phone, desktop = journeys("phone"), journeys("desktop")
    for clerk in (phone, desktop):
        clerk.login("xinfang")
        clerk.goto(url)
        assert clerk.page.locator("[data-testid^=edit-petitioner-]").first.is_visible()
        widths = clerk.page.evaluate(TABLE_WIDTHS)
        assert widths["table"][0] <= widths["table"][1], widths
        assert widths["box"][0] <= widths["box"][1], widths
    table = "[data-testid=petitioners]"
    assert phone.page.locator(f"{table} th", has_text="身份证号码").is_hidden()
    assert phone.page.locator(f"{table} [data-testid=representative]").is_visible()
    assert desktop.page.locator(f"{table} th", has_text="身份证号码").is_visible()
    assert desktop.page.locator(f"{table} th", has_text="代表人").is_visible()
    assert desktop.page.locator(f"{table} [data-testid=representative]").is_hidden()


def test_a_page_not_kept_offline_says_so(journeys: Callable[[str], Journey]) -> None:
    """Offline, a page the phone has not kept opens the queue page in its place
    (sw.js); it did so without a word, so a cadre who tapped 信访 saw a list of
    uploads and did not know why."""
    cadre = journeys("phone")
    cadre.login("cun")
    cadre.goto("/offline/")
    assert cadre.page.locator("[data-testid=offline-elsewhere]").is_hidden()
    cadre.page.evaluate(
        """async () => {
            await navigator.serviceWorker.ready;
            for (let i = 0; i < 200; i++) {
                if (navigator.serviceWorker.controller && await caches.match('/offline/')) return;
                await new Promise((r) => setTimeout(r, 100));
            }
            throw new Error("the queue page was not kept");
        }"""
    )
    cadre.context.set_offline(True)  # type: ignore[union-attr]
    cadre.page.goto("/petitions/")
    notice = cadre.page.locator("[data-testid=offline-elsewhere]")
    notice.wait_for(state="visible")
    assert "没有保存在本机" in notice.inner_text()
