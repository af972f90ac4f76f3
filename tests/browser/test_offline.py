"""Capture without a signal, in chromium (issue 18; core.offline, static/js/offline.js, sw.js).

A village cadre opens the new-dispute form while online (the service worker
caches the forms), loses the network, enters three records across the forms
and a fourth with a date in the future, reloads (the page still opens from the
cache, the badge says 4), gets the network back: the three arrive exactly once
in the cadre's village with their audit events, the fourth is kept as 需要修改
with the server's message, is corrected from the queue, and the badge goes to 0.
At 390×844, a phone's screen."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from fazhi.core import passwords
from fazhi.core.models import Attachment, AuditEvent, OfflineSubmission, OrgUnit, User
from fazhi.core.roles import Role
from fazhi.mediation.models import Dispute, Screening
from fazhi.petitions.models import OutreachVisit

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = pytest.mark.browser

PASSWORD = "Jingzhu-village-2024!"
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f"
    b"\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00"
    b"\x00IEND\xaeB`\x82"
)
FORMS = ("/mediation/disputes/new/", "/mediation/screenings/new/", "/petitions/outreach/new/")


def cadre() -> User:
    county = OrgUnit.objects.create(name="蓝山县", kind=OrgUnit.Kind.COUNTY)
    township = OrgUnit.objects.create(
        name="湘江源瑶族乡", kind=OrgUnit.Kind.TOWNSHIP, parent=county
    )
    village = OrgUnit.objects.create(name="荆竹村", kind=OrgUnit.Kind.VILLAGE, parent=township)
    OrgUnit.objects.create(name="紫良村", kind=OrgUnit.Kind.VILLAGE, parent=township)
    user = User.objects.create_user(
        username="cunganbu",
        password=PASSWORD,
        first_name="赵村",
        role=Role.VILLAGE_CADRE,
        home_unit=village,
    )
    passwords.mark_chosen(user)
    return user


def count(page: Page) -> str:
    return page.locator("[data-testid=offline-count]").inner_text()


def saved(page: Page) -> None:
    page.click("form[data-offline-kind] button[type=submit]")
    page.wait_for_selector("[data-testid=offline-saved]")


def test_three_records_entered_offline_arrive_once(
    browser_page: Page, login: Callable[[str, str], Page]
) -> None:
    user = cadre()
    page = browser_page
    page.set_viewport_size({"width": 390, "height": 844})
    login("cunganbu", PASSWORD)
    page.goto(FORMS[0])
    # The worker took control and cached the shell and the forms.
    page.evaluate(
        """async (forms) => {
            await navigator.serviceWorker.ready;
            for (let i = 0; i < 200; i++) {
                const hits = await Promise.all(forms.map((f) => caches.match(f)));
                if (hits.every(Boolean) && navigator.serviceWorker.controller) return;
                await new Promise((r) => setTimeout(r, 100));
            }
            throw new Error("the forms were not cached");
        }""",
        list(FORMS),
    )
    context = page.context
    context.set_offline(True)

    # 1. The dispute form, open before the network went.
    page.fill("#id_title", "荆竹村山林边界纠纷")
    page.select_option("#id_category", index=1)
    page.fill("#id_facts", "两户因山林边界发生争执。")
    page.select_option("#id_source", "application")
    page.select_option("#id_risk_level", label="中")  # stated: the form proposes none
    page.fill("#id_party1_name", "王大山")
    page.set_input_files(
        "#id_photos", files=[{"name": "现场.png", "mimeType": "image/png", "buffer": PNG}]
    )
    saved(page)
    assert "已保存在本机，联网后自动上传" in page.inner_text("[data-testid=offline-saved]")
    assert count(page) == "1"

    # 2. A screening round, from the cache; 3. an outreach visit.
    page.goto(FORMS[1])
    page.fill("#id_screeners", "赵村、钱组长")
    page.fill("#id_scope", "一组至五组")
    saved(page)
    page.goto(FORMS[2])
    page.select_option("#id_unit", str(user.home_unit_id))
    page.fill("#id_visited_on", timezone.localdate().isoformat())
    page.fill("#id_visited_party", "李老汉")
    page.fill("#id_findings", "反映宅基地问题，已解释政策。")
    saved(page)
    # 4. A screening round dated tomorrow: the server will refuse it.
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    page.goto(FORMS[1])
    page.fill("#id_screened_on", tomorrow.isoformat())
    page.fill("#id_screeners", "赵村")
    page.fill("#id_scope", "六组")
    saved(page)

    page.reload()
    page.wait_for_function(
        "() => document.querySelector('[data-testid=offline-count]').textContent === '4'"
    )
    assert not Screening.objects.exists() and not Dispute.objects.exists()

    context.set_offline(False)
    page.evaluate("() => window.dispatchEvent(new Event('online'))")
    page.wait_for_function(
        "() => document.querySelector('[data-testid=offline-count]').textContent === '1'"
    )
    village = user.home_unit
    dispute = Dispute.objects.get()
    screening = Screening.objects.get()
    visit = OutreachVisit.objects.get()
    for record in (dispute, screening, visit):
        assert record.unit == village
        assert record.created_by == user
        assert (
            AuditEvent.objects.filter(
                content_type=ContentType.objects.get_for_model(record),
                object_id=str(record.pk),
                action="create",
                actor=user,
            ).count()
            == 1
        )
    assert dispute.parties.get().person.name == "王大山" and dispute.risk_level == "medium"
    assert Attachment.objects.get().object_id == dispute.pk
    assert OfflineSubmission.objects.count() == 3

    # The refused one waits as 需要修改 with the server's words; corrected, it goes.
    page.goto("/offline/")
    entry = page.locator("[data-testid=offline-entry]")
    assert entry.locator("[data-testid=offline-status]").inner_text() == "需要修改"
    assert "不能晚于今天" in entry.locator("[data-testid=offline-message]").inner_text()
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 390
    entry.locator("[data-testid=offline-edit]").click()
    page.wait_for_selector("[data-testid=offline-entry-message]")
    assert page.input_value("#id_scope") == "六组"
    page.fill("#id_screened_on", timezone.localdate().isoformat())
    with page.expect_navigation():
        page.click("form[data-offline-kind] button[type=submit]")
    page.wait_for_selector("[data-testid=offline-empty]")
    assert count(page) == "0"
    assert Screening.objects.count() == 2
    assert OfflineSubmission.objects.count() == 4
