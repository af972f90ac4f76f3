"""Personal information masked by default, revealed to allowed roles only,
every reveal audited; every change recorded with who, when, IP and diff."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.test import Client

from fazhi.core.models import AuditEvent, Person
from tests.factories import PersonFactory, World

pytestmark = pytest.mark.django_db


@pytest.fixture
def citizen(world: World) -> Person:
    return PersonFactory(
        name="盘阿妹", unit=world.village, id_number="11010519491231002X", phone="13912345678"
    )


def reveal_url(p: Person, field: str) -> str:
    ct = ContentType.objects.get_for_model(Person).pk
    return f"/pii/{ct}/{p.pk}/{field}/"


def test_detail_and_api_mask_by_default(world: World, citizen: Person) -> None:
    page = world.client(world.owner).get(citizen.get_absolute_url()).content.decode()
    assert "11010519491231002X" not in page and "1101**********002X" in page
    api = world.client(world.village_cadre).get(f"/api/v1/people/{citizen.pk}/").json()
    assert api["id_number"] == "1101**********002X"
    assert api["phone"] == "139****5678"


def test_allowed_role_reveals_and_is_audited(world: World, citizen: Person) -> None:
    response = world.client(world.owner).post(
        reveal_url(citizen, "id_number"), {"reason_choice": "verify"}, REMOTE_ADDR="10.1.2.3"
    )
    assert response.status_code == 200
    assert "11010519491231002X" in response.content.decode()
    event = AuditEvent.objects.get(action="reveal")
    assert (
        event.actor == world.owner and event.ip == "10.1.2.3" and event.object_id == str(citizen.pk)
    )


def test_village_cadre_may_not_reveal(world: World, citizen: Person) -> None:
    response = world.client(world.village_cadre).post(
        reveal_url(citizen, "id_number"), {"reason_choice": "verify"}
    )
    assert response.status_code == 403
    assert not AuditEvent.objects.filter(action="reveal").exists()


def test_outsider_reveal_is_404(world: World, citizen: Person) -> None:
    data = {"reason_choice": "verify"}
    assert world.client(world.outsider).post(reveal_url(citizen, "phone"), data).status_code == 404


def test_export_masks_for_roles_without_pii(world: World, citizen: Person) -> None:
    import io

    from openpyxl import load_workbook

    def cells(user) -> set:  # type: ignore[no-untyped-def]
        # A PII role gives a reason first (core.reasons; tests/core/test_audit_reasons.py).
        data = world.client(user).get("/people/?export=xlsx&reason=办理需要").content
        return {
            c
            for r in load_workbook(io.BytesIO(data)).active.iter_rows(values_only=True)
            for c in r
            if c
        }

    assert "11010519491231002X" not in cells(world.village_cadre)
    assert "11010519491231002X" in cells(world.owner)
    assert AuditEvent.objects.filter(action="export").count() == 2


def test_edit_is_audited_with_diff_and_shown_in_history(world: World, citizen: Person) -> None:
    client = world.client(world.owner)
    data = {
        "unit": world.village.pk,
        "name": "盘阿妹",
        "gender": "F",
        "ethnicity": "瑶族",
        "id_number": citizen.id_number,
        "phone": citizen.phone,
        "address": citizen.address,
        "title": "村民",
        "note": "",
        "version": citizen.version,
    }
    response = client.post(f"/people/{citizen.pk}/edit/", data, REMOTE_ADDR="10.9.9.9")
    assert response.status_code == 302, response.content.decode()[:2000]
    event = AuditEvent.objects.get(action="update", object_id=str(citizen.pk))
    assert event.changes["ethnicity"] == ["汉族", "瑶族"]
    assert event.ip == "10.9.9.9"
    page = client.get(citizen.get_absolute_url()).content.decode()
    assert "民族</span>：汉族 → 瑶族" in page and "ethnicity" not in page


def test_second_editor_with_stale_version_is_refused(world: World, citizen: Person) -> None:
    base = {
        "unit": world.village.pk,
        "name": "盘阿妹",
        "gender": "F",
        "ethnicity": "汉族",
        "id_number": citizen.id_number,
        "phone": citizen.phone,
        "address": "",
        "title": "",
        "note": "",
    }
    first = world.client(world.owner).post(
        f"/people/{citizen.pk}/edit/", {**base, "note": "甲", "version": 1}
    )
    assert first.status_code == 302
    second = world.client(world.colleague).post(
        f"/people/{citizen.pk}/edit/", {**base, "note": "乙", "version": 1}
    )
    assert second.status_code == 200
    assert "已被" in second.content.decode()
    citizen.refresh_from_db()
    assert citizen.note == "甲" and citizen.version == 2


def test_bad_id_number_refused_on_form_naming_field(world: World) -> None:
    response = world.client(world.owner).post(
        "/people/new/",
        {"unit": world.township.pk, "name": "错号", "id_number": "431127198005170012"},
    )
    assert response.status_code == 200
    assert "身份证号码" in response.content.decode() and "校验位" in response.content.decode()
    assert not Person.objects.filter(name="错号").exists()


def test_unknown_unit_refused_on_api(world: World) -> None:
    response = world.client(world.owner).post(
        "/api/v1/people/",
        {"name": "某人", "unit": world.other_township.pk},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "unit" in response.json() and "管辖范围" in response.json()["unit"][0]


def test_bad_id_number_refused_on_api(world: World) -> None:
    response = world.client(world.owner).post(
        "/api/v1/people/",
        {"name": "某人", "unit": world.township.pk, "id_number": "123"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "身份证号码" in response.json()["id_number"][0]
    assert not Person.objects.filter(name="某人").exists()


def test_api_create_and_stale_update(world: World) -> None:
    client = world.client(world.owner)
    created = client.post(
        "/api/v1/people/",
        {"name": "新村民", "unit": world.village.pk},
        content_type="application/json",
    )
    assert created.status_code == 201
    pk = created.json()["id"]
    ok = client.patch(
        f"/api/v1/people/{pk}/", {"note": "一", "version": 1}, content_type="application/json"
    )
    assert ok.status_code == 200 and ok.json()["version"] == 2
    stale = client.patch(
        f"/api/v1/people/{pk}/", {"note": "二", "version": 1}, content_type="application/json"
    )
    # Someone else's edit came first: a conflict (409), not bad input.
    assert stale.status_code == 409 and stale.json()["field"] == "version"
    assert (
        AuditEvent.objects.filter(object_id=str(pk), action__in=["create", "update"]).count() == 2
    )


def test_logins_and_failures_are_logged_and_lock_after_five(world: World, client) -> None:  # type: ignore[no-untyped-def]
    from tests.factories import PASSWORD

    assert client.post("/login/", {"username": "owner", "password": PASSWORD}).status_code == 302
    assert AuditEvent.objects.filter(action="login", actor=world.owner).exists()
    client.logout()
    for _ in range(4):
        assert client.post("/login/", {"username": "owner", "password": "wrong"}).status_code == 200
    # The fifth failure locks (django-axes; tests/core/test_lockout.py for the rest).
    assert client.post("/login/", {"username": "owner", "password": "wrong"}).status_code == 429
    assert AuditEvent.objects.filter(action="login_failed", object_repr="owner").count() == 5
    locked = client.post("/login/", {"username": "owner", "password": PASSWORD})
    assert locked.status_code == 429 and "锁定" in locked.content.decode()
    other = Client(REMOTE_ADDR="10.0.0.9")  # the address is locked too: another one
    assert other.post("/login/", {"username": "colleague", "password": PASSWORD}).status_code == 302


def test_security_admin_sees_login_events_only(world: World) -> None:
    from fazhi.core.roles import Role
    from tests.factories import UserFactory

    PersonFactory(unit=world.township)
    sec = UserFactory(role=Role.SECURITY_ADMIN, home_unit=world.township)
    world.client(world.owner)  # force_login does not send the signal; log one in for real
    c = Client()
    from tests.factories import PASSWORD

    c.post("/login/", {"username": "owner", "password": PASSWORD})
    page = world.client(sec).get("/security/log/").content.decode()
    assert "登录" in page
    assert world.client(sec).get("/audit/").status_code == 403  # the audit admin's alone
    assert world.client(world.owner).get("/security/log/").status_code == 403
