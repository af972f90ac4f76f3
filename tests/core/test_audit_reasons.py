"""Audited reasons (core.reasons): a reveal of personal data, an export that
holds it unmasked and a read of an accusation matter (检举控告类) happen only
with a reason, written into the audit event with the record and the fields;
the API answers 400 naming `reason` without one. A masked export needs none.
Personas: owner (judicial office / petition clerk), colleague in scope
(township leader), outsider (another township): 404."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from openpyxl import load_workbook

from fazhi.core.models import AuditEvent, Person
from fazhi.petitions.models import Petition
from tests.factories import PersonFactory, World
from tests.petitions.conftest import Leaders, leaders, make_petition  # noqa: F401

pytestmark = pytest.mark.django_db

ID = "11010519491231002X"


@pytest.fixture
def citizen(world: World) -> Person:
    return PersonFactory(name="盘阿妹", unit=world.village, id_number=ID, phone="13912345678")


def reveal_url(p: Person, field: str) -> str:
    return f"/pii/{ContentType.objects.get_for_model(Person).pk}/{p.pk}/{field}/"


def cells(data: bytes) -> set[Any]:
    sheet = load_workbook(io.BytesIO(data)).active
    return {c for row in sheet.iter_rows(values_only=True) for c in row if c}


# --- reveal ---------------------------------------------------------------------


def test_reveal_asks_for_a_reason_first(world: World, citizen: Person) -> None:
    response = world.client(world.owner).post(reveal_url(citizen, "id_number"))
    page = response.content.decode()
    assert response.status_code == 200
    assert ID not in page and 'name="reason_choice"' in page and "<script" not in page
    assert not AuditEvent.objects.filter(action="reveal").exists()


@pytest.mark.parametrize("persona", ["owner", "colleague"])
def test_reveal_with_a_reason_is_audited_with_it(
    world: World, citizen: Person, persona: str
) -> None:
    user = getattr(world, persona)
    response = world.client(user).post(
        reveal_url(citizen, "id_number"),
        {"reason_choice": "verify", "reason_detail": "来访核对"},
    )
    assert response.status_code == 200 and ID in response.content.decode()
    event = AuditEvent.objects.get(action="reveal")
    assert event.actor == user and event.object_id == str(citizen.pk)
    assert event.changes == {"字段": ["id_number"], "理由": "核实身份：来访核对"}
    assert "核实身份：来访核对" in event.note and ID not in event.note


@pytest.mark.parametrize("data", [{"reason_choice": "other", "reason_detail": "看"}, {}])
def test_reveal_refuses_a_missing_or_short_reason(
    world: World, citizen: Person, data: dict[str, str]
) -> None:
    response = world.client(world.owner).post(reveal_url(citizen, "phone"), data)
    assert "13912345678" not in response.content.decode()
    assert not AuditEvent.objects.filter(action="reveal").exists()


def test_reveal_outsider_404_and_village_cadre_403(world: World, citizen: Person) -> None:
    data = {"reason_choice": "handling"}
    assert world.client(world.outsider).post(reveal_url(citizen, "phone"), data).status_code == 404
    cadre = world.client(world.village_cadre).post(reveal_url(citizen, "phone"), data)
    assert cadre.status_code == 403
    assert not AuditEvent.objects.filter(action="reveal").exists()


# --- export ---------------------------------------------------------------------


def test_unmasked_export_asks_for_a_reason(world: World, citizen: Person) -> None:
    response = world.client(world.owner).get("/people/?export=xlsx")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/html")
    assert 'name="reason_choice"' in response.content.decode()
    assert not AuditEvent.objects.filter(action="export").exists()


@pytest.mark.parametrize("persona", ["owner", "colleague"])
def test_unmasked_export_with_a_reason_is_audited(
    world: World, citizen: Person, persona: str
) -> None:
    user = getattr(world, persona)
    response = world.client(user).post("/people/?export=xlsx", {"reason_choice": "contact"})
    assert ID in cells(response.content)
    event = AuditEvent.objects.get(action="export")
    assert event.changes == {"字段": ["id_number", "phone"], "理由": "联系当事人"}
    assert "联系当事人" in event.note


def test_export_reason_on_the_query_string_and_refused_when_short(
    world: World, citizen: Person
) -> None:
    client = world.client(world.owner)
    assert ID in cells(client.get("/people/?export=xlsx&reason=上级督办核查").content)
    short = client.get("/people/?export=xlsx&reason=查")
    assert short.status_code == 400 and "至少2个字" in short.content.decode()
    assert AuditEvent.objects.filter(action="export").count() == 1


def test_masked_export_needs_no_reason(world: World, citizen: Person) -> None:
    response = world.client(world.village_cadre).get("/people/?export=xlsx")
    found = cells(response.content)
    assert ID not in found and "1101**********002X" in found
    assert AuditEvent.objects.get(action="export").changes == {}


def test_export_outsider_sees_none_of_the_townships_people(world: World, citizen: Person) -> None:
    response = world.client(world.outsider).post(
        "/people/?export=xlsx", {"reason_choice": "handling"}
    )
    assert ID not in cells(response.content) and "盘阿妹" not in cells(response.content)


# --- accusation matters ---------------------------------------------------------------


@pytest.fixture
def accusation(world: World, leaders: Leaders) -> Petition:  # noqa: F811
    return make_petition(
        leaders.clerk,
        leaders.office,
        category="accusation",
        title="举报某站所乱收费",
        content="举报人反映某站所违规收取办证费用。",
        accused_unit=world.village2,
    )


def test_accusation_page_asks_for_a_reason_then_audits_every_read(
    world: World,
    leaders: Leaders,  # noqa: F811
    accusation: Petition,
) -> None:
    client = world.client(leaders.clerk)
    url = accusation.get_absolute_url()
    first = client.get(url).content.decode()
    assert "违规收取" not in first and 'name="reason_choice"' in first
    assert not AuditEvent.objects.filter(action="view").exists()
    refused = client.post(url, {"reason_choice": "other", "reason_detail": ""})
    assert refused.status_code == 400 and "违规收取" not in refused.content.decode()
    assert client.post(url, {"reason_choice": "handling"}).status_code == 302
    assert "违规收取" in client.get(url).content.decode()
    client.get(url)
    reads = AuditEvent.objects.filter(action="view", object_id=str(accusation.pk))
    assert reads.count() == 2 and {e.changes["理由"] for e in reads} == {"办理需要"}


def test_colleague_gives_their_own_reason(
    world: World,
    leaders: Leaders,  # noqa: F811
    accusation: Petition,
) -> None:
    client = world.client(world.colleague)
    assert "违规收取" not in client.get(accusation.get_absolute_url()).content.decode()
    client.post(accusation.get_absolute_url(), {"reason_choice": "supervision"})
    assert "违规收取" in client.get(accusation.get_absolute_url()).content.decode()
    assert AuditEvent.objects.get(action="view").actor == world.colleague


def test_accusation_outsider_404(world: World, accusation: Petition) -> None:
    client = world.client(world.outsider)
    assert client.get(accusation.get_absolute_url()).status_code == 404
    assert client.get(f"/api/v1/petitions/{accusation.pk}/?reason=办理需要").status_code == 404


def test_other_matters_open_without_a_reason(world: World, leaders: Leaders) -> None:  # noqa: F811
    claim = make_petition(leaders.clerk, leaders.office)
    page = world.client(leaders.clerk).get(claim.get_absolute_url()).content.decode()
    assert claim.content in page
    assert not AuditEvent.objects.filter(action="view").exists()


def test_api_detail_of_an_accusation_needs_reason(
    world: World,
    leaders: Leaders,  # noqa: F811
    accusation: Petition,
) -> None:
    client = world.client(leaders.clerk)
    refused = client.get(f"/api/v1/petitions/{accusation.pk}/")
    assert refused.status_code == 400
    assert "查看理由" in refused.json()["reason"][0]
    answered = client.get(f"/api/v1/petitions/{accusation.pk}/", {"reason": "核实举报内容"})
    assert answered.status_code == 200 and answered.json()["content"] == accusation.content
    assert AuditEvent.objects.get(action="view").changes == {"理由": "核实举报内容"}


# --- the audit trail as the audit administrator reads it --------------------------


def test_the_audit_log_words_reasons_fields_and_conditions(world: World, citizen: Person) -> None:
    """Found walking /audit/ in chromium: a reveal read “字段：— → phone；理由：— →
    办理需要” (a raw field name, and the reason as if it had been changed from
    nothing; an export of two fields read “id_number → phone”), and an export's
    conditions were its raw query string (export=xlsx&pii=full), with a searched
    ID number in full."""
    from fazhi.core.roles import Role
    from tests.factories import UserFactory

    client = world.client(world.owner)
    client.post(reveal_url(citizen, "phone"), {"reason_choice": "handling"})
    client.post(f"/people/?name=盘&number={ID}&export=xlsx", {"reason_choice": "contact"})
    export = AuditEvent.objects.get(action="export")
    assert ID not in export.note and "export=xlsx" not in export.note
    assert "姓名：盘" in export.note and "1101**********002X" in export.note

    auditor = UserFactory(role=Role.AUDIT_ADMIN, home_unit=world.township, is_staff=True)
    page = world.client(auditor).get("/audit/").content.decode()
    assert "查看完整联系电话；理由：办理需要" in page
    assert "联系当事人" in page and "身份证号码、联系电话" in page
    for raw in ("phone", "id_number", "→ 办理需要", "→ 联系当事人", "export=xlsx", ID):
        assert raw not in page.split("<tbody>", 1)[1], raw
    # The person's history tab, likewise.
    ct = ContentType.objects.get_for_model(Person).pk
    tab = client.get(f"/history/{ct}/{citizen.pk}/").content.decode()
    assert "查看完整联系电话；理由：办理需要" in tab
    assert "phone" not in tab and "→ 办理需要" not in tab
