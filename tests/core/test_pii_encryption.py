"""Citizens' ID numbers, phones and addresses are encrypted at rest (issue 17,
PIPL art. 51): the columns hold SM4-GCM tokens, equality search goes through
the blind index, key versions rotate (docs/security.md, Encryption of
personal information)."""

from __future__ import annotations

import base64
import io
import os

import pytest
from django.core.exceptions import FieldError
from django.core.management import call_command
from django.db import connection
from django.test import override_settings
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fazhi.core import crypto, pii_rows
from fazhi.core.fields import by_blind_index
from fazhi.core.models import AuditEvent, Person
from tests.factories import PersonFactory, World, valid_id_number

pytestmark = pytest.mark.django_db

ID = "11010519491231002X"
PHONE = "13912345678"
ADDRESS = "湘江源瑶族乡荆竹村3组12号"


def k(n: int) -> str:
    return base64.b64encode(os.urandom(n)).decode()


K1, K2, IDX = k(16), k(16), k(32)


@pytest.fixture(autouse=True)
def _fresh_keys():
    crypto.reset_cache()
    yield
    crypto.reset_cache()


@pytest.fixture
def citizen(world: World) -> Person:
    return PersonFactory(
        name="盘阿妹", unit=world.village, id_number=ID, phone=PHONE, address=ADDRESS
    )


def raw_row(table: str, pk: int, *columns: str) -> tuple:
    qn = connection.ops.quote_name
    with connection.cursor() as cur:
        cur.execute(
            f"SELECT {', '.join(qn(c) for c in columns)} FROM {qn(table)} WHERE id = %s", [pk]
        )
        return cur.fetchone()


def all_stored_values() -> list[str]:
    """Every non-blank value of every encrypted column in the database."""
    values = []
    for target in pii_rows.targets():
        for rows in pii_rows._batches(target, connection):
            values += [v for _pk, *stored in rows for v in stored if v]
    return values


def test_columns_hold_no_plaintext(citizen: Person) -> None:
    stored = raw_row("core_person", citizen.pk, "id_number", "phone", "address", "id_number_index")
    text = " ".join(stored)
    assert ID not in text and PHONE not in text and "荆竹村" not in text
    assert all(crypto.is_token(v) for v in stored[:3])
    assert stored[3] == crypto.blind_index("id_number", ID)
    # …and no encrypted column anywhere holds a plaintext value
    values = all_stored_values()
    assert values and all(crypto.is_token(v) for v in values)


def test_round_trip_through_the_orm(citizen: Person) -> None:
    again = Person.objects.get(pk=citizen.pk)
    assert (again.id_number, again.phone, again.address) == (ID, PHONE, ADDRESS)
    assert list(Person.objects.filter(pk=citizen.pk).values_list("phone", flat=True)) == [PHONE]
    again.phone = "13800138000"
    again.save(update_fields=["phone"])  # the index follows a partial save
    assert Person.objects.filter(**by_blind_index("phone", "13800138000")).get() == citizen
    assert not Person.objects.filter(**by_blind_index("phone", PHONE)).exists()


def test_blind_index_finds_exactly(world: World, citizen: Person) -> None:
    PersonFactory(name="盘阿妹", unit=world.village, id_number=valid_id_number(77))
    found = Person.objects.filter(**by_blind_index("id_number", ID.lower()))
    assert list(found) == [citizen]
    assert not Person.objects.filter(**by_blind_index("id_number", ID[:-1])).exists()
    assert not Person.objects.filter(**by_blind_index("id_number", "")).exists()
    assert list(Person.objects.filter(**by_blind_index("phone", "139 1234 5678"))) == [citizen]


def test_bulk_create_fills_the_index(world: World) -> None:
    made = Person.objects.bulk_create(
        [Person(unit=world.village, name=f"村民{i}", phone=f"1370000000{i}") for i in range(3)]
    )
    assert Person.objects.filter(**by_blind_index("phone", "13700000001")).get().pk == made[1].pk
    stored = raw_row("core_person", made[1].pk, "phone")[0]
    assert crypto.is_token(stored)


def test_value_lookups_refuse_loudly(citizen: Person) -> None:
    with pytest.raises(FieldError, match="by_blind_index"):
        Person.objects.filter(id_number=ID).exists()
    with pytest.raises(FieldError, match="by_blind_index"):
        Person.objects.filter(phone__in=[PHONE]).exists()
    with pytest.raises(FieldError):
        Person.objects.filter(address__icontains="荆竹").exists()
    assert Person.objects.filter(pk=citizen.pk, address="").count() == 0  # blank still compares


def test_person_list_searches_the_whole_number(world: World, citizen: Person) -> None:
    client = world.client(world.owner)
    page = client.get("/people/", {"number": ID}).content.decode()
    assert "盘阿妹" in page
    page = client.get("/people/", {"number": PHONE}).content.decode()
    assert "盘阿妹" in page
    page = client.get("/people/", {"number": ID[:6]}).content.decode()
    assert "盘阿妹" not in page
    # the outsider's scope still applies: the same number finds nothing
    page = world.client(world.outsider).get("/people/", {"number": ID}).content.decode()
    assert "盘阿妹" not in page


def test_masking_reveal_and_audit_unchanged(world: World, citizen: Person) -> None:
    from django.contrib.contenttypes.models import ContentType

    page = world.client(world.owner).get(citizen.get_absolute_url()).content.decode()
    assert ID not in page and "1101**********002X" in page
    ct = ContentType.objects.get_for_model(Person).pk
    # A reveal asks for a reason first (core.reasons).
    response = world.client(world.owner).post(
        f"/pii/{ct}/{citizen.pk}/id_number/", {"reason_choice": "verify"}
    )
    assert response.status_code == 200 and ID in response.content.decode()
    assert AuditEvent.objects.filter(action="reveal", object_id=str(citizen.pk)).count() == 1
    assert world.client(world.outsider).post(f"/pii/{ct}/{citizen.pk}/phone/").status_code == 404


def test_wrong_key_fails_loudly_on_read(citizen: Person) -> None:
    with override_settings(FAZHI_PII_KEYS=f"1:{K2}"), pytest.raises(crypto.DecryptionError):
        Person.objects.get(pk=citizen.pk)


def test_rotation_moves_old_versions_and_is_idempotent(world: World) -> None:
    with override_settings(FAZHI_PII_KEYS=f"1:{K1}", FAZHI_PII_INDEX_KEY=IDX):
        person = PersonFactory(unit=world.village, id_number=ID, phone=PHONE, address=ADDRESS)
        assert raw_row("core_person", person.pk, "phone")[0].startswith("v1:")
    with override_settings(FAZHI_PII_KEYS=f"1:{K1},2:{K2}", FAZHI_PII_INDEX_KEY=IDX):
        # v1 values stay readable once v2 is added
        assert Person.objects.get(pk=person.pk).phone == PHONE
        out = io.StringIO()
        call_command("rotate_pii_key", "--dry-run", stdout=out)
        assert "DRY RUN" in out.getvalue()
        assert raw_row("core_person", person.pk, "phone")[0].startswith("v1:")
        before = pii_rows.values_to_rotate()["core_person"]
        assert before >= 3
        out = io.StringIO()
        call_command("rotate_pii_key", "--batch", "2", stdout=out)
        assert "OK" in out.getvalue()
        stored = raw_row("core_person", person.pk, "id_number", "phone", "address")
        assert all(v.startswith("v2:") for v in stored)
        assert pii_rows.values_to_rotate()["core_person"] == 0
        assert Person.objects.filter(**by_blind_index("id_number", ID)).get() == person
        out = io.StringIO()
        call_command("rotate_pii_key", stdout=out)  # nothing left: writes nothing
        assert "无需处理" in out.getvalue()
    with override_settings(FAZHI_PII_KEYS=f"2:{K2}", FAZHI_PII_INDEX_KEY=IDX):
        # v1 can be retired after the rotation
        assert Person.objects.get(pk=person.pk).address == ADDRESS


def test_migration_helper_encrypts_plaintext_rows_and_reverses(citizen: Person) -> None:
    """What the data migrations do to rows written before them."""
    qn = connection.ops.quote_name
    with connection.cursor() as cur:
        cur.execute(
            f"UPDATE {qn('core_person')} SET {qn('phone')} = %s, {qn('phone_index')} = '' "
            "WHERE id = %s",
            [PHONE, citizen.pk],
        )
    target = pii_rows.Target("core_person", "id", {"id_number": "id_number", "phone": "phone"})
    pii_rows._rewrite(target, connection, pii_rows._encrypt_value, batch=1)
    phone, index = raw_row("core_person", citizen.pk, "phone", "phone_index")
    assert crypto.decrypt(phone) == PHONE and index == crypto.blind_index("phone", PHONE)
    pii_rows._rewrite(target, connection, pii_rows._decrypt_value)
    assert raw_row("core_person", citizen.pk, "id_number", "phone") == (ID, PHONE)
    pii_rows._rewrite(target, connection, pii_rows._encrypt_value)
    assert Person.objects.get(pk=citizen.pk).id_number == ID


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(min_size=1, max_size=200))
def test_round_trip_property(text: str) -> None:
    token = crypto.encrypt(text)
    assert crypto.is_token(token)
    assert crypto.decrypt(token) == text
