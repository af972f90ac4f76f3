"""Matching what a ledger names to fazhi's records: villages named loosely
(“洋峰村” for “洋峰村委会” or “洋峰村民委员会”), and people who appear in
several ledgers (same ID number; or the same name and phone) as one Person.

The person lookup goes through the Person manager's `visible_to` and
`_lookup` below only, so when the ID number becomes an encrypted column with a
blind index (the "pii" work) only `_by_id_number` changes."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_noop

from ..fields import by_blind_index, by_blind_index_in
from ..i18n import stored
from ..models import OrgUnit, Person
from ..validators import normalize_phone, validate_phone
from ..workflow import create_record

# Longest first: “村民委员会” before “委员会”, “村委会” before “村”.
_SUFFIXES = (
    "村民委员会",
    "居民委员会",
    "社区居委会",
    "村委会",
    "居委会",
    "委员会",
    "社区",
    "村",
)
_SPACE = re.compile(r"\s+")


def core_name(name: str) -> str:
    """“洋峰村委会”, “洋峰村民委员会”, “洋峰村” → “洋峰”."""
    text = _SPACE.sub("", name or "")
    for suffix in _SUFFIXES:
        if text.endswith(suffix) and len(text) > len(suffix):
            return text[: -len(suffix)]
    return text


class Units:
    """The units a row may name: the import's unit and those below it (all
    within the importer's scope, checked before)."""

    def __init__(self, unit: OrgUnit) -> None:
        self.unit = unit
        self._units = list(OrgUnit.objects.filter(path__startswith=unit.path).order_by("depth"))
        self._by_name = {u.name: u for u in self._units}
        self._by_core: dict[str, list[OrgUnit]] = {}
        for u in self._units:
            self._by_core.setdefault(core_name(u.name), []).append(u)

    def match(self, name: str) -> tuple[OrgUnit, str]:
        """The unit and, if it was matched loosely, the warning to confirm."""
        text = _SPACE.sub("", name or "")
        if not text:
            return self.unit, ""
        if text in self._by_name:
            return self._by_name[text], ""
        found = self._by_core.get(core_name(text), [])
        if len(found) == 1:
            return found[0], stored(
                gettext_noop("“%(text)s”按“%(name)s”匹配，请确认"), text=text, name=found[0].name
            )
        if len(found) > 1:
            names = "、".join(u.name for u in found)
            raise ValueError(
                stored(gettext_noop("“%(text)s”可能是%(names)s，请写全称"), text=text, names=names)
            )
        raise ValueError(
            stored(
                gettext_noop("在%(unit)s及其下属单位中没有“%(text)s”"),
                unit=self.unit.name,
                text=text,
            )
        )


class People:
    """Find-or-create of persons for one import run (cached by ID number and
    by name + phone, so two rows of one file name one person)."""

    def __init__(self, by: Any) -> None:
        self.by = by
        self._cache: dict[tuple[str, str], Person] = {}
        self._known_new: set[str] = set()  # looked up by `prime`: no one has it
        self._created: list[tuple[str, str]] = []  # cache keys of persons created, in order

    def prime(self, id_numbers: Iterable[Any]) -> None:
        """Look up every ID number of the file at once (one query per 500,
        through the blind index): a row then asks only its cache, and a
        number known to be new asks nothing."""
        wanted = sorted({v for v in id_numbers if isinstance(v, str) and v} - self._known_new)
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            found = Person.objects.visible_to(self.by).filter(  # type: ignore[attr-defined]
                **by_blind_index_in("id_number", chunk)
            )
            for person in found.order_by("pk"):
                self._cache.setdefault(("id", person.id_number), person)
            self._known_new |= {v for v in chunk if ("id", v) not in self._cache}

    def _by_id_number(self, id_number: str) -> Person | None:
        if id_number in self._known_new:
            return None
        # ID numbers and phones are encrypted: found through the blind index.
        return (
            Person.objects.visible_to(self.by)
            .filter(**by_blind_index("id_number", id_number))
            .first()
        )  # type: ignore[attr-defined]

    def _by_name_phone(self, name: str, phone: str) -> Person | None:
        return (
            Person.objects.visible_to(self.by)
            .filter(name=name, **by_blind_index("phone", phone))
            .first()
        )  # type: ignore[attr-defined]

    def find(self, *, name: str, id_number: str = "", phone: str = "") -> Person | None:
        if id_number:
            key = ("id", id_number)
            if key not in self._cache:
                found = self._by_id_number(id_number)
                if found is None:
                    return None
                self._cache[key] = found
            return self._cache[key]
        if name and phone:
            key = ("np", f"{name}\x00{phone}")
            if key not in self._cache:
                found = self._by_name_phone(name, phone)
                if found is None:
                    return None
                self._cache[key] = found
            return self._cache[key]
        return None

    def get_or_create(
        self, *, name: str, id_number: str = "", phone: str = "", unit: OrgUnit, gender: str = ""
    ) -> Person:
        phone = normalize_phone(phone)
        try:
            validate_phone(phone)
        except ValidationError:
            phone = ""  # kept on the record the row becomes, not on the person
        found = self.find(name=name, id_number=id_number, phone=phone)
        if found is not None:
            if found.name != name:
                raise ValueError(
                    stored(
                        gettext_noop(
                            "身份证号码已登记为“%(found)s”，与本行姓名“%(name)s”不符，请核对"
                        ),
                        found=found.name,
                        name=name,
                    )
                )
            return found
        person = create_record(
            Person(unit=unit, name=name, id_number=id_number, phone=phone, gender=gender),
            by=self.by,
            note=gettext_noop("台账导入"),
        )
        self.remember(person, name=name, id_number=id_number, phone=phone)
        return person

    def remember(self, person: Person, *, name: str, id_number: str, phone: str) -> None:
        """A person just created for this run (by `get_or_create`, or in bulk
        by a kind's batch) under the name and numbers a row gave: later rows
        naming them find them here."""
        created = [("id", id_number)] if id_number else []
        if phone:
            created.append(("np", f"{name}\x00{phone}"))
        for key in created:
            self._cache[key] = person
        self._known_new.discard(id_number)
        self._created += created

    def mark(self) -> int:
        """Where a row starts; `rollback_to` forgets the persons it created
        when its savepoint is rolled back (they are no longer there)."""
        return len(self._created)

    def rollback_to(self, mark: int) -> None:
        for kind, value in self._created[mark:]:
            self._cache.pop((kind, value), None)
            if kind == "id":
                self._known_new.add(value)
        del self._created[mark:]
