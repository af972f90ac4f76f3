"""Mediation's lists and pages hold no party's or mediator's full ID number,
phone or address for any role; "显示" beside each on the dispute's page and the
mediators' list for a role that may see it (issue 17, tests/pii_pages.py); the
mediators' export keeps phones full for such a role after its reason."""

from __future__ import annotations

import pytest

from fazhi.core import pii
from fazhi.core.models import AuditEvent
from fazhi.core.validators import mask_id_number, mask_phone
from tests.pii_pages import export_cells, masked_page, reveal_urls, reveal_with_reason

from .conftest import Med

pytestmark = pytest.mark.django_db


def _full(med: Med) -> list[str]:
    people = [med.applicant, med.respondent, med.village_mediator.person]
    return [v for p in people for v in (p.id_number, p.phone, p.address)]


def _pages(med: Med) -> dict[str, bool]:
    """Each page, and whether it shows personal values (so a button) at all."""
    case = med.case()
    return {
        "/mediation/disputes/": False,  # names only
        f"/mediation/disputes/{med.dispute.pk}/": True,
        "/mediation/cases/": False,
        f"/mediation/cases/{case.pk}/": False,
        "/mediation/mediators/": True,
    }


@pytest.mark.parametrize("persona", ["owner", "colleague"])
def test_pages_masked_with_reveal_for_pii_roles(med: Med, persona: str) -> None:
    client = med.world.client(getattr(med.world, persona))
    for url, shows in _pages(med).items():
        masked_page(client, url, _full(med), reveal=shows)
    page = client.get(f"/mediation/disputes/{med.dispute.pk}/").content.decode()
    assert mask_id_number(med.applicant.id_number) in page
    assert mask_phone(med.respondent.phone) in page
    assert len(reveal_urls(page)) == 4  # two parties × ID number and phone


def test_village_cadre_sees_masked_and_no_button(med: Med) -> None:
    client = med.world.client(med.world.village_cadre)
    for url in _pages(med):
        masked_page(client, url, _full(med), reveal=False)
    page = client.get(f"/mediation/disputes/{med.dispute.pk}/").content.decode()
    assert mask_id_number(med.applicant.id_number) in page


def test_outsider_404(med: Med) -> None:
    client = med.world.client(med.world.outsider)
    case = med.case()
    assert client.get(f"/mediation/disputes/{med.dispute.pk}/").status_code == 404
    assert client.get(f"/mediation/cases/{case.pk}/").status_code == 404
    assert "村调解员" not in client.get("/mediation/mediators/").content.decode()


def test_a_party_reveal_asks_and_is_audited(med: Med) -> None:
    client = med.world.client(med.world.owner)
    page = client.get(f"/mediation/disputes/{med.dispute.pk}/").content.decode()
    url = next(u for u in reveal_urls(page) if u.endswith(f"/{med.applicant.pk}/id_number/"))
    asked, shown = reveal_with_reason(client, url)
    assert med.applicant.id_number not in asked and med.applicant.id_number in shown
    event = AuditEvent.objects.get(action="reveal")
    assert event.object_id == str(med.applicant.pk) and event.changes[pii.REASON]


def test_mediators_export_keeps_full_phones_for_a_pii_role(med: Med) -> None:
    phone = med.village_mediator.person.phone
    assert phone in export_cells(med.world.client(med.world.owner), "/mediation/mediators/")
    assert AuditEvent.objects.get(action="export").changes[pii.FIELDS] == ["phone"]
    cadre = export_cells(med.world.client(med.world.village_cadre), "/mediation/mediators/")
    assert phone not in cadre and mask_phone(phone) in cadre
