"""core.bulk writes from plain values what `bulk_create` writes from
instances (issue 18: the ledger import's set-based path), on SQLite and
PostgreSQL: encrypted personal data that decrypts and is found by its blind
index, defaults, `auto_now` stamps, JSON, dates and addresses; ids that never
repeat one given before; audit rows that keep the chain whole."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection

from fazhi.core import audit, auditchain, bulk
from fazhi.core.fields import by_blind_index
from fazhi.core.models import AuditEvent, Clock, Person
from fazhi.core.validators import id_check_digit
from tests.factories import World

pytestmark = pytest.mark.django_db


def _id(i: int) -> str:
    first17 = f"43112719{80 + i % 20}0{1 + i % 9}1{i % 10}{i:03d}"
    return first17 + id_check_digit(first17)


def _people(world: World, n: int) -> list[dict[str, Any]]:
    return [
        {
            "unit_id": world.village.pk,
            "name": f"唐{i}",
            "id_number": _id(i) if i % 3 else "",
            "phone": f"1390000{i:04d}",
            "address": f"荆竹村{i}组" if i % 2 else "",
            "is_cadre": bool(i % 2),
            "created_by_id": world.owner.pk,
        }
        for i in range(n)
    ]


FIELDS = ("unit_id", "name", "gender", "ethnicity", "id_number", "phone", "address", "is_cadre")


def test_people_read_back_as_bulk_create_wrote_them(world: World) -> None:
    rows = _people(world, 6)
    made = Person.objects.bulk_create([Person(**row) for row in _people(world, 6)])
    assert bulk.insert(Person, rows) == 6
    ids = [row["id"] for row in rows]
    assert len(set(ids)) == 6 and not set(ids) & {p.pk for p in made}
    mine = list(Person.objects.filter(pk__in=ids).order_by("pk").values(*FIELDS))
    theirs = list(Person.objects.filter(pk__in=[p.pk for p in made]).order_by("pk").values(*FIELDS))
    assert mine == theirs
    assert mine[1]["ethnicity"] == "汉族"  # the field's default, left out of the row
    # Stored encrypted, found by the blind index as the forms find a person.
    with connection.cursor() as cursor:
        cursor.execute("SELECT id_number FROM core_person WHERE id = %s", [ids[1]])
        assert cursor.fetchone()[0] not in ("", _id(1))
    assert Person.objects.get(pk__in=ids, **by_blind_index("id_number", _id(1))).name == "唐1"
    # pre_save's values are in the rows, as on a saved instance.
    assert rows[1]["created_at"] is not None and rows[1]["id_number_index"]
    assert rows[0]["id_number_index"] == ""  # a blank number is no one's


def test_clocks_dates_and_json(world: World) -> None:
    ct = ContentType.objects.get_for_model(Person)
    values = {
        "unit_id": world.township.pk,
        "kind": "test",
        "label": "办理答复",
        "content_type_id": ct.pk,
        "object_id": 7,
        "start_date": dt.date(2024, 2, 29),
        "length": 60,
        "day_unit": "calendar",
        "due_date": dt.date(2024, 4, 29),
        "explanation": [{"step": "起算", "on": "2024-02-29"}],
        "provisional_year": 2025,
    }
    row = dict(values)
    bulk.insert(Clock, [row])
    clock = Clock.objects.get(pk=row["id"])
    for name, value in values.items():
        assert getattr(clock, name) == value, name
    assert clock.status == Clock._meta.get_field("status").get_default()


def test_json_a_list_several_rows_share_is_stored_for_each(world: World) -> None:
    """A ledger's clocks of one start date share one explanation (prepared
    once, by identity); a list equal but not the same, and one changed
    between two inserts, are stored as they are."""
    ct = ContentType.objects.get_for_model(Person)
    shared = ["起算 2024-02-29", "截止 2024-04-29"]

    def clock(n: int, explanation: list[str]) -> dict[str, Any]:
        return {
            "unit_id": world.township.pk,
            "kind": "test",
            "label": f"时限{n}",
            "content_type_id": ct.pk,
            "object_id": n,
            "start_date": dt.date(2024, 2, 29),
            "length": 60,
            "day_unit": "calendar",
            "explanation": explanation,
        }

    rows = [clock(1, shared), clock(2, list(shared)), clock(3, shared), clock(4, [])]
    bulk.insert(Clock, rows)
    shared.append("延长 30 日")
    bulk.insert(Clock, [clock(5, shared)])
    got = dict(Clock.objects.filter(kind="test").values_list("object_id", "explanation"))
    before = shared[:2]
    assert got == {1: before, 2: before, 3: before, 4: [], 5: shared}


def test_objects_saved_are_marked_saved(world: World) -> None:
    people = [Person(**row) for row in _people(world, 3)]
    bulk.give_ids(people[:1])
    with pytest.raises(ValueError, match="every row its id or none"):
        bulk.save_new(people)
    bulk.save_new(people[:1])
    bulk.save_new(people[1:])
    assert all(p.pk and not p._state.adding and p.created_at for p in people)
    assert Person.objects.filter(pk__in=[p.pk for p in people]).count() == 3


def test_unknown_field_is_refused(world: World) -> None:
    with pytest.raises(TypeError, match="no field"):
        bulk.insert(Person, [{"unit": world.village, "name": "唐"}])


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's AUTOINCREMENT")
def test_sqlite_never_gives_a_deleted_rows_id_again(world: World) -> None:
    people = Person.objects.bulk_create([Person(**row) for row in _people(world, 3)])
    top = people[-1].pk
    Person.objects.filter(pk=top).delete()
    rows = _people(world, 2)
    bulk.insert(Person, rows)
    assert [row["id"] for row in rows] == [top + 1, top + 2]


def test_audit_rows_appended_keep_the_chain(world: World) -> None:
    person = Person.objects.create(unit=world.village, name="唐大", created_by=world.owner)
    audit.record(person, by=world.owner, action="create")
    rows = [
        audit.event_values(
            person, by=world.owner, action="update", changes={"name": ["唐大", f"唐{i}"]}
        )
        for i in range(3)
    ]
    audit.append(rows)
    audit.record(person, by=world.owner, action="update", note="之后")
    assert auditchain.verify().ok
    written = list(AuditEvent.objects.filter(object_id=str(person.pk)).order_by("pk"))
    assert [e.action for e in written] == ["create", "update", "update", "update", "update"]
    assert written[1].changes == {"name": ["唐大", "唐0"]}
    assert written[1].actor_id == world.owner.pk and written[1].unit_id == world.village.pk
    assert [e.prev_hash for e in written[1:]] == [e.hash for e in written[:-1]]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's sequences")
def test_postgresql_ids_not_in_one_block_are_read_one_by_one(world: World) -> None:
    """A block of ids is read as its ends when it is contiguous; when it is
    not (another writer took ids between ours; here the sequence steps by
    two), the ids themselves."""
    with connection.cursor() as cursor:
        cursor.execute("ALTER SEQUENCE core_person_id_seq INCREMENT BY 2")
    rows = _people(world, 4)
    bulk.insert(Person, rows)
    ids = [row["id"] for row in rows]
    assert [b - a for a, b in itertools.pairwise(ids)] == [2, 2, 2]
    assert list(
        Person.objects.filter(pk__in=ids).order_by("pk").values_list("name", flat=True)
    ) == [
        "唐0",
        "唐1",
        "唐2",
        "唐3",
    ]


def test_ignore_conflicts_skips_what_a_unique_constraint_refuses(world: World) -> None:
    """As `bulk_create(ignore_conflicts=True)`: a reminder posted once per
    user and key (the ledger import's registration notices), one already
    there left as it was, the others written with their dates and stamps."""
    from django.db import transaction

    from fazhi.core.models import Reminder

    Reminder.objects.create(user=world.owner, key="petition:1:registered", title="旧", url="/a/")
    rows = [
        {"user_id": user.pk, "key": f"petition:{n}:registered", "title": f"新{n}", "url": "/p/"}
        for n in (1, 2)
        for user in (world.owner, world.colleague)
    ]
    with transaction.atomic():
        assert bulk.insert(Reminder, rows, ignore_conflicts=True) == 4
    got = {(r.user_id, r.key): r for r in Reminder.objects.all()}
    assert len(got) == 4
    assert got[(world.owner.pk, "petition:1:registered")].title == "旧"
    kept = got[(world.colleague.pk, "petition:2:registered")]
    assert (kept.title, kept.url, kept.read_at, kept.clock_id) == ("新2", "/p/", None, None)
    assert kept.created_at is not None


def test_ignore_conflicts_inside_a_request_s_history_context(world: World) -> None:
    """A page's import (pghistory's middleware holds a context): pghistory
    prepends its two parameters to each statement's, which broke the
    notices' executemany on PostgreSQL (the import page's commit failed:
    "query parameters should be a sequence or a mapping, got str")."""
    if connection.vendor != "postgresql":
        pytest.skip("pghistory's context is PostgreSQL's")
    import pghistory
    from django.db import transaction

    from fazhi.core.models import Reminder

    rows = [
        {"user_id": world.owner.pk, "key": f"petition:{n}:registered", "title": "新", "url": "/p/"}
        for n in range(3)
    ]
    with pghistory.context(user=world.owner.pk, url="/import/"), transaction.atomic():
        assert bulk.insert(Reminder, rows, ignore_conflicts=True) == 3
        assert bulk.insert(Reminder, rows[:1], ignore_conflicts=True) == 1
    assert Reminder.objects.filter(user=world.owner).count() == 3
