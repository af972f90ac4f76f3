"""People's list and page: ID numbers, phones and addresses masked for every
role; "显示" for a role that may see them (asks the reason, audited); the export
still full for such a role after its reason (issue 17). The shared rule is in
tests/pii_pages.py; the other modules' pages in tests/<app>/test_pii_pages.py."""

from __future__ import annotations

import pytest
from django.template import Context, Template

from fazhi.core import pii
from fazhi.core.models import AuditEvent, Person
from fazhi.core.tables import PersonTable
from fazhi.core.validators import mask_id_number, mask_phone
from tests.factories import PersonFactory, World
from tests.pii_pages import export_cells, masked_page, reveal_urls, reveal_with_reason

pytestmark = pytest.mark.django_db


@pytest.fixture
def citizen(world: World) -> Person:
    return PersonFactory(
        name="盘阿妹",
        unit=world.village,
        id_number="11010519491231002X",
        phone="13912345678",
        address="湖南省蓝山县湘江源瑶族乡荆竹村3组",
    )


def full(p: Person) -> list[str]:
    return [p.id_number, p.phone, p.address]


@pytest.mark.parametrize(("persona", "reveal"), [("owner", True), ("colleague", True)])
def test_list_and_page_masked_with_reveal_for_pii_roles(
    world: World, citizen: Person, persona: str, reveal: bool
) -> None:
    client = world.client(getattr(world, persona))
    listing = masked_page(client, "/people/?name=盘阿妹", full(citizen), reveal=reveal)
    assert mask_id_number(citizen.id_number) in listing and mask_phone(citizen.phone) in listing
    # One button per value, each naming this person's record and field.
    assert {u.rsplit("/", 2)[-2] for u in reveal_urls(listing)} == {"id_number", "phone"}
    page = masked_page(client, citizen.get_absolute_url(), full(citizen), reveal=reveal)
    assert mask_id_number(citizen.id_number) in page
    assert 'aria-label="显示完整身份证号码"' in page


def test_village_cadre_sees_masked_and_no_button(world: World, citizen: Person) -> None:
    client = world.client(world.village_cadre)
    listing = masked_page(client, "/people/?name=盘阿妹", full(citizen), reveal=False)
    assert mask_id_number(citizen.id_number) in listing
    masked_page(client, citizen.get_absolute_url(), full(citizen), reveal=False)


def test_outsider_gets_404_and_an_empty_list(world: World, citizen: Person) -> None:
    client = world.client(world.outsider)
    assert client.get(citizen.get_absolute_url()).status_code == 404
    listing = client.get("/people/?name=盘阿妹").content.decode()
    assert f'href="{citizen.get_absolute_url()}"' not in listing
    assert mask_id_number(citizen.id_number) not in listing


def test_the_list_button_reveals_with_a_reason_and_is_audited(
    world: World, citizen: Person
) -> None:
    client = world.client(world.colleague)
    listing = client.get("/people/?name=盘阿妹").content.decode()
    url = next(u for u in reveal_urls(listing) if u.endswith("/phone/"))
    asked, shown = reveal_with_reason(client, url)
    assert citizen.phone not in asked and "reason_choice" in asked
    assert citizen.phone in shown
    event = AuditEvent.objects.get(action="reveal", object_id=str(citizen.pk))
    assert event.actor == world.colleague
    assert event.changes[pii.FIELDS] == ["phone"] and event.changes[pii.REASON]


def test_export_still_full_for_a_pii_role_after_a_reason(world: World, citizen: Person) -> None:
    cells = export_cells(world.client(world.owner), "/people/?name=盘阿妹")
    assert citizen.id_number in cells and citizen.phone in cells
    event = AuditEvent.objects.get(action="export")
    assert event.changes[pii.REASON] == "办理需要" and "id_number" in event.changes[pii.FIELDS]
    cadre = export_cells(world.client(world.village_cadre), "/people/?name=盘阿妹")
    assert citizen.id_number not in cadre and mask_id_number(citizen.id_number) in cadre


def test_column_render_and_value_are_two_paths(world: World, citizen: Person, rf) -> None:  # type: ignore[no-untyped-def]
    """PiiColumn.render (the page) masks for a PII role; PiiColumn.value (the
    export) does not — the export path asks the reason before it runs."""
    request = rf.get("/people/")
    request.user = world.owner
    table = PersonTable(Person.objects.filter(pk=citizen.pk), request=request)
    row = next(iter(table.rows))
    assert citizen.id_number not in str(row.get_cell("id_number"))
    assert row.get_cell_value("id_number") == citizen.id_number
    request.user = world.village_cadre
    table = PersonTable(Person.objects.filter(pk=citizen.pk), request=request)
    assert next(iter(table.rows)).get_cell_value("phone") == mask_phone(citizen.phone)


def test_template_tag_shows_dash_for_nothing_on_record(world: World, rf) -> None:  # type: ignore[no-untyped-def]
    nobody = PersonFactory(unit=world.village, id_number="", phone="", address="")
    request = rf.get("/")
    request.user = world.owner
    out = Template('{% load pii_tags %}{% pii p "phone" %}').render(
        Context({"p": nobody, "request": request})
    )
    assert out == "—"


def test_the_button_replaces_itself_with_the_value(world: World, citizen: Person) -> None:
    """The button's target is the span that holds the value and the button, so
    the reason form and then the value take the place of both: no second 显示
    stays beside a value shown in full (found walking the demo)."""
    import re

    from fazhi.core.templatetags.pii_tags import pii_html

    html = str(pii_html(citizen, "phone", world.owner))
    outer = re.match(r'<span id="([^"]+)" class="fz-pii">', html)
    assert outer is not None
    assert f'hx-target="#{outer.group(1)}"' in html and 'hx-swap="innerHTML"' in html
