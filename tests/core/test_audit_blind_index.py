"""A blind index (core.fields.BlindIndexField: the keyed hash that finds a
person by ID number or phone) is no part of the audit trail: found walking
/audit/ after a ledger import, where each new person read
“phone index：— → ee5790…” — a field name in English and a hash that links the
same phone number across records, under an entry that masks the phone itself."""

import pytest

from fazhi.core import audit
from fazhi.core.models import AuditEvent, Person
from tests.factories import PersonFactory, World

pytestmark = pytest.mark.django_db


def test_a_new_persons_changes_hold_no_index(world: World) -> None:
    person = PersonFactory(
        name="盘阿妹", unit=world.village, id_number="11010519491231002X", phone="13912345678"
    )
    assert person.phone_index and person.id_number_index  # the hashes exist on the row
    changes = audit.diff({}, audit.snapshot(person))
    assert "phone_index" not in changes and "id_number_index" not in changes
    assert changes["phone"] == [None, "***"] and changes["name"] == [None, "盘阿妹"]


def test_an_older_event_shows_no_index(world: World) -> None:
    person = PersonFactory(name="盘阿妹", unit=world.village, phone="13912345678")
    event = audit.record(
        person,
        by=world.owner,
        action=AuditEvent.Action.CREATE,
        changes={"name": [None, "盘阿妹"], "phone": [None, "***"], "phone_index": [None, "ee57"]},
    )
    (row,) = audit.history_rows([event])
    labels = [c.label for c in row.changes]
    assert "联系电话" in labels and "姓名" in labels
    assert not any("index" in label for label in labels)
    assert not any("ee57" in c.new for c in row.changes)


def test_person_model_still_has_the_index_fields() -> None:
    names = {f.name for f in Person._meta.concrete_fields}
    assert {"phone_index", "id_number_index"} <= names
