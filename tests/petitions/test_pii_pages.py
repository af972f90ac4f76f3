"""The petition ledger and a matter's page hold no petitioner's full ID number,
phone or address for any role; "显示" beside each for a role that may see it
(issue 17, tests/pii_pages.py); the ledger's export keeps them full for such a
role after its reason."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from fazhi.core import pii
from fazhi.core.models import AuditEvent
from fazhi.core.validators import mask_id_number
from fazhi.petitions import workflow as wf
from fazhi.petitions.models import Petition, Petitioner
from tests.pii_pages import export_cells, masked_page, reveal_urls, reveal_with_reason

from .conftest import Leaders

pytestmark = pytest.mark.django_db


def _full(p: Petition) -> tuple[Petitioner, list[str]]:
    pt = p.petitioners.get()
    return pt, [pt.id_number, pt.phone, pt.address]


@pytest.fixture
def matter(register: Any, leaders: Leaders, world: Any) -> Petition:
    p = wf.accept(register(), by=leaders.clerk, on=dt.date(2024, 9, 25))
    wf.assign(p, by=leaders.clerk, responsible_unit=world.village, handler=world.village_cadre)
    return p


@pytest.mark.parametrize("persona", ["clerk", "colleague"])
def test_ledger_and_page_masked_with_reveal_for_pii_roles(
    matter: Petition, leaders: Leaders, world: Any, persona: str
) -> None:
    client = world.client(leaders.clerk if persona == "clerk" else world.colleague)
    pt, full = _full(matter)
    ledger = masked_page(client, "/petitions/", full, reveal=True)
    assert mask_id_number(pt.id_number) in ledger
    assert any(u.endswith(f"/{pt.pk}/id_number/") for u in reveal_urls(ledger))
    page = masked_page(client, f"/petitions/{matter.pk}/", full, reveal=True)
    assert {u.rsplit("/", 2)[-2] for u in reveal_urls(page)} == {"id_number", "phone", "address"}


def test_village_cadre_sees_masked_and_no_button(matter: Petition, world: Any) -> None:
    client = world.client(world.village_cadre)
    _, full = _full(matter)
    masked_page(client, "/petitions/", full, reveal=False)
    masked_page(client, f"/petitions/{matter.pk}/", full, reveal=False)


def test_outsider_404(matter: Petition, world: Any) -> None:
    client = world.client(world.outsider)
    assert client.get(f"/petitions/{matter.pk}/").status_code == 404
    assert matter.number not in client.get("/petitions/").content.decode()


def test_a_ledger_reveal_asks_and_is_audited(
    matter: Petition, leaders: Leaders, world: Any
) -> None:
    client = world.client(leaders.clerk)
    pt, _ = _full(matter)
    url = next(u for u in reveal_urls(client.get("/petitions/").content.decode()))
    asked, shown = reveal_with_reason(client, url)
    assert pt.id_number not in asked and pt.id_number in shown
    event = AuditEvent.objects.get(action="reveal")
    assert event.object_id == str(pt.pk) and event.changes[pii.FIELDS] == ["id_number"]


def test_export_keeps_full_numbers_for_a_pii_role(
    matter: Petition, leaders: Leaders, world: Any
) -> None:
    pt, _ = _full(matter)
    cells = " ".join(export_cells(world.client(leaders.clerk), "/petitions/"))
    assert pt.id_number in cells
    assert AuditEvent.objects.get(action="export").changes[pii.REASON] == "办理需要"
    cadre = " ".join(export_cells(world.client(world.village_cadre), "/petitions/"))
    assert pt.id_number not in cadre and mask_id_number(pt.id_number) in cadre
