"""Disclosure requests (依申请公开): the list and the request's page hold no
applicant's full ID number, phone or address for any role; "显示" beside each
for a role that may see it (issue 17, tests/pii_pages.py); the export keeps
them full for such a role after its reason."""

from __future__ import annotations

import pytest
from django.urls import reverse

from fazhi.core import pii
from fazhi.core.models import AuditEvent
from fazhi.core.validators import mask_phone
from fazhi.governance.models import DisclosureRequest
from tests.factories import World, valid_id_number
from tests.pii_pages import export_cells, masked_page, reveal_urls, reveal_with_reason

from .conftest import make_request

pytestmark = pytest.mark.django_db


@pytest.fixture
def req(world: World) -> DisclosureRequest:
    return make_request(
        world, id_number=valid_id_number(77), address="湖南省蓝山县湘江源瑶族乡荆竹村5组"
    )


def _full(r: DisclosureRequest) -> list[str]:
    return [r.id_number, r.phone, r.address]


@pytest.mark.parametrize("persona", ["owner", "colleague"])
def test_list_and_page_masked_with_reveal_for_pii_roles(
    world: World, req: DisclosureRequest, persona: str
) -> None:
    client = world.client(getattr(world, persona))
    listing = masked_page(client, reverse("governance:request_list"), _full(req), reveal=True)
    assert mask_phone(req.phone) in listing
    page = masked_page(client, req.get_absolute_url(), _full(req), reveal=True)
    assert mask_phone(req.phone) in page
    assert {u.rsplit("/", 2)[-2] for u in reveal_urls(page)} == {"id_number", "phone", "address"}


def test_role_without_pii_sees_masked_and_no_button(world: World, req: DisclosureRequest) -> None:
    """The county supervisor: the township's requests in scope, no PII right."""
    client = world.client(world.county_user)
    listing = masked_page(client, reverse("governance:request_list"), _full(req), reveal=False)
    assert mask_phone(req.phone) in listing
    page = masked_page(client, req.get_absolute_url(), _full(req), reveal=False)
    assert mask_phone(req.phone) in page


def test_outsider_and_village_cadre_404(world: World, req: DisclosureRequest) -> None:
    for user in (world.outsider, world.village_cadre):
        assert world.client(user).get(req.get_absolute_url()).status_code == 404


def test_a_reveal_asks_and_is_audited(world: World, req: DisclosureRequest) -> None:
    client = world.client(world.owner)
    page = client.get(req.get_absolute_url()).content.decode()
    url = next(u for u in reveal_urls(page) if u.endswith("/phone/"))
    asked, shown = reveal_with_reason(client, url)
    assert req.phone not in asked and req.phone in shown
    event = AuditEvent.objects.get(action="reveal")
    assert event.object_id == str(req.pk) and event.changes[pii.FIELDS] == ["phone"]


def test_export_full_for_a_pii_role(world: World, req: DisclosureRequest) -> None:
    assert req.phone in export_cells(world.client(world.owner), reverse("governance:request_list"))
    assert AuditEvent.objects.get(action="export").changes[pii.REASON] == "办理需要"


def test_the_export_reason_page_names_the_ledger(world: World, req: DisclosureRequest) -> None:
    """The reason page of the full export read 导出含完整个人信息的“”需要说明理由 with
    no heading: the list's title was set only when the list was drawn."""
    page = world.client(world.owner).get(reverse("governance:request_list") + "?export=xlsx")
    html = page.content.decode()
    assert page.status_code == 200 and "“”" not in html
    assert "导出含完整个人信息的“依申请公开登记”" in html
    assert '<h1 class="h4 mb-3">依申请公开</h1>' in html
