"""A phone an older import stored as "8613800000000", its blind index and
search entry hashed from that text (before core.validators.normalize_phone),
was found by no search for 13800000000: `manage.py renormalise_phones`
stores it as its 11 digits and rebuilds both, once (a second run writes
nothing), and counts what it did."""

from __future__ import annotations

import io
import re
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command

from fazhi.core import crypto, phones, search
from fazhi.core.errors import RuleViolation
from fazhi.core.fields import by_blind_index
from fazhi.core.models import AuditEvent, Person
from fazhi.core.search.index import reindex
from tests.factories import PersonFactory, World

pytestmark = pytest.mark.django_db

OLD = "8613800000000"
PHONE = "13800000000"


def _as_the_old_import_left_it(world: World, monkeypatch: Any) -> Person:
    """Stored as written, index and search entry hashed from that text (the
    blind index's normaliser before b544e9f: spaces and dashes only)."""
    with monkeypatch.context() as m:
        m.setitem(crypto.NORMALISERS, "phone", lambda v: re.sub(r"[\s\-()]", "", v or ""))
        person = PersonFactory(unit=world.village, name="盘老三", phone=OLD)
        reindex(person)
    return person


def _found(world: World) -> set[tuple[str, int]]:
    return {(h.label, h.object_id) for h in search.search(world.owner, PHONE).hits}


def test_an_old_86_phone_is_stored_as_its_digits_and_found(
    world: World, monkeypatch: Any, django_capture_on_commit_callbacks: Any
) -> None:
    person = _as_the_old_import_left_it(world, monkeypatch)
    right = PersonFactory(unit=world.village, name="盘老四", phone="13900000000")
    assert not Person.objects.filter(**by_blind_index("phone", PHONE)).exists()
    assert ("core.person", person.pk) not in _found(world)

    out = io.StringIO()
    call_command("renormalise_phones", "--dry-run", stdout=out)
    assert "DRY RUN: 需处理的电话共 1 个" in out.getvalue(), out.getvalue()
    assert Person.objects.get(pk=person.pk).phone == OLD

    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("renormalise_phones", "--batch", "1", stdout=out)
    assert "core.person：电话 2 个，规范化 1 个，仅重建索引 0 个" in out.getvalue(), out.getvalue()
    assert "OK: 已处理电话 1 个" in out.getvalue()
    person.refresh_from_db()
    assert person.phone == PHONE
    assert list(Person.objects.filter(**by_blind_index("phone", "+86 138-0000-0000"))) == [person]
    assert ("core.person", person.pk) in _found(world)
    event = AuditEvent.objects.get(object_id=str(person.pk), note=phones.NOTE)
    assert OLD not in str(event.changes) and PHONE not in str(event.changes)
    assert Person.objects.get(pk=right.pk).phone == "13900000000"

    out = io.StringIO()
    call_command("renormalise_phones", stdout=out)  # again: nothing to do
    assert "无需处理" in out.getvalue(), out.getvalue()
    assert AuditEvent.objects.filter(note=phones.NOTE).count() == 1


def test_only_the_system_or_a_superuser_runs_it(world: World) -> None:
    with pytest.raises(RuleViolation):
        phones.renormalise(by=world.owner)
    assert phones.renormalise(by=AnonymousUser(), dry_run=True).normalised == {
        label: 0 for label in phones.renormalise(by=AnonymousUser(), dry_run=True).scanned
    }
