"""The 信访台账 rows the import takes set by set (issue 18): a closed
historic matter — registered, accepted (受理), answered, served and closed on
the ledger's dates, nothing else — goes to `workflow.register_many`; every
other row, and every row a rule refuses, to `ledger.create` row by row (which
refuses it naming its column, as before). The rules are the steps' own pure
checks (`workflow.check_historic`), asked before a row is taken."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_noop

from fazhi.core import audit, bulk, clocks, steps
from fazhi.core.ledger_import import Context
from fazhi.core.ledger_import.values import id_number_valid
from fazhi.core.models import OrgUnit, Person, RecordLink
from fazhi.core.search.index import index_new
from fazhi.core.validators import validate_phone

from .ledger_outcome import reply_outcome
from .models import Category, Channel, Petition
from .search import SEARCH_PEOPLE
from .workflow import PetitionerData, township_of
from .workflow.historic import HistoricMatter, check_historic, register_many
from .workflow.repeats import RepeatPool
from .workflow.reply import Opinion

# Columns whose step the batch does not take (转送, 交办/包案, 延期, 复查, 满意度).
NOT_TAKEN = (
    "sending_body",
    "sending_ref",
    "responsible_unit",
    "owner_leader",
    "extension_days",
    "review_requested_on",
    "rating",
)
# 受理情况 meaning 受理 (ledger._decision gives "" for these and for an empty cell).
ACCEPTED_WORDS = ("", "受理", "已受理", "予以受理", "是")
NOTE = gettext_noop("台账导入")
LINK_KIND = "petitioner_person"
# A name longer than its column is refused by the row's steps (Person.full_clean)
# or, on PostgreSQL, by the database: left to them.
TITLE_MAX = Petition._meta.get_field("title").max_length or 200


@dataclass
class Plan:
    matter: HistoricMatter
    person: Person  # found, or new (no id yet: written with the batch)
    new_person: bool


class ClosedMatters:
    """`LedgerKind.batch` for petitions: one per import run."""

    def __init__(
        self,
        by: Any,
        unit: OrgUnit,
        people: Any,
        rows: list[dict[str, Any]],
        *,
        dry_run: bool = False,
    ) -> None:
        self.by, self.unit, self.people = by, unit, people
        # A preview: only what a later row of the run reads is written (the
        # people, petitions and petitioners; register_many's `dry_run`).
        self.dry_run = dry_run
        dates = [v["received_on"] for v in rows if isinstance(v.get("received_on"), dt.date)]
        self.first = min(dates, default=dt.date.today())
        self.last = max(dates, default=self.first)
        self.id_numbers = [v.get("id_number") or "" for v in rows]
        self.pools: dict[int, RepeatPool] = {}
        # Persons of taken rows, not yet written: by the keys `People` caches
        # them under, and the name and numbers their row gave.
        self._new: dict[tuple[str, str], Person] = {}
        self._keys: dict[int, tuple[str, str, str]] = {}

    def takes(self, values: dict[str, Any], ctx: Context) -> Plan | None:
        if any(values.get(key) for key in NOT_TAKEN):
            return None
        if (values.get("decision") or "") not in ACCEPTED_WORDS or not values.get("closed_on"):
            return None
        content = values["content"]
        category = values.get("category") or ""
        if len(values.get("title") or content[:30]) > TITLE_MAX:
            return None
        unit = values.get("unit") or ctx.unit
        id_number = values.get("id_number") or ""
        if id_number and not id_number_valid(id_number):
            id_number = ""
        closed_on = values["closed_on"]
        reply_on = values.get("reply_on") or closed_on
        try:
            outcome = reply_outcome(values)
        except ValidationError:
            return None  # the row's steps refuse it, naming the column
        matter = HistoricMatter(
            unit=unit,
            channel=values.get("channel") or Channel.VISIT,
            category=category or Category.SUGGESTION,
            title=values.get("title") or content[:30],
            content=content,
            received_on=values["received_on"],
            petitioner=PetitionerData(
                name=values["name"],
                id_number=id_number,
                phone=values.get("phone") or "",
                address=values.get("address") or "",
                is_representative=(values.get("group_size") or 1) > 5,
            ),
            group_size=values.get("group_size") or 1,
            accepted_on=values.get("accepted_on") or values["received_on"],
            reply_on=reply_on,
            served_on=values.get("served_on") or reply_on,
            opinion=Opinion(
                category or Category.SUGGESTION,
                content if category == Category.CLAIM else "",
                values.get("reply_facts") or "",
                outcome,
                values.get("reply_basis") or "",
            ),
            closed_on=closed_on,
            resolved=True if values.get("resolved") is None else bool(values["resolved"]),
        )
        try:
            matter = check_historic(matter, by=ctx.by, calendar=clocks.load_calendar())
        except (ValidationError, ValueError):
            return None  # the row's steps refuse it, naming the column
        found = self._person(values["name"], id_number, values.get("phone") or "", unit)
        if found is None:
            return None
        if not category:
            ctx.warn(gettext_noop("信访类别未填，按“建议意见类”导入"))
        person, new = found
        return Plan(matter, person, new)

    def _person(
        self, name: str, id_number: str, phone: str, unit: OrgUnit
    ) -> tuple[Person, bool] | None:
        """`People.get_or_create` without the write: the run's person, one
        of the batch's new ones, or a new one (checked as `create_record`
        checks it). None where the row's steps would refuse (a name that is
        not the ID number's)."""
        try:
            validate_phone(phone)
        except ValidationError:
            phone = ""
        key = ("id", id_number) if id_number else ("np", f"{name}\x00{phone}") if phone else None
        found = self._new.get(key) if key is not None else None
        new = found is not None
        if found is None:
            found = self.people.find(name=name, id_number=id_number, phone=phone)
        if found is not None:
            return (found, new) if found.name == name else None
        person = Person(
            unit=unit,
            name=name,
            id_number=id_number,
            phone=phone,
            gender="",
            created_by=self.by,
            updated_by=self.by,
        )
        try:
            # The unit and the importer are rows that exist: not looked up
            # again for each person (create_record's full_clean does).
            person.full_clean(
                exclude=["unit", "created_by", "updated_by"],
                validate_unique=False,
                validate_constraints=False,
            )
        except ValidationError:
            return None
        self._keys[id(person)] = (name, id_number, phone)
        if key is not None:
            self._new[key] = person
        if id_number and phone:
            self._new[("np", f"{name}\x00{phone}")] = person
        return person, True

    def create_many(
        self, plans: list[Plan], ctxs: list[Context], *, last: bool = False
    ) -> list[models.Model]:
        # A preview's last plans: nothing after them reads the people,
        # petitions or petitioners, so they are numbered, checked for
        # repeats and written nowhere (the new people keep no id).
        unread = self.dry_run and last
        for plan in plans:
            township = township_of(plan.matter.unit)
            if township.pk not in self.pools:
                self.pools[township.pk] = RepeatPool(
                    township, self.first, self.last, self.id_numbers
                )
        persons = list({id(p.person): p.person for p in plans if p.person.pk is None}.values())
        if unread:
            self._new.clear()
            self._keys.clear()
            return list(
                register_many([p.matter for p in plans], by=self.by, pools=self.pools, unread=True)
            )
        bulk.save_new(persons)
        if not self.dry_run:
            audit.append(
                [
                    audit.event_values(
                        person,
                        by=self.by,
                        action="create",
                        changes=audit.diff({}, audit.snapshot(person)),
                        note=NOTE,
                    )
                    for person in persons
                ]
            )
            index_new(persons)  # from the instances: not read back after the commit
        for person in persons:
            name, id_number, phone = self._keys[id(person)]
            self.people.remember(person, name=name, id_number=id_number, phone=phone)
        self._new.clear()
        self._keys.clear()
        petitions = register_many(
            [p.matter for p in plans], by=self.by, pools=self.pools, dry_run=self.dry_run
        )
        if self.dry_run:
            # The links to the people and the search entries: no later row
            # reads another's.
            return list(petitions)
        # The search entries from the records in hand, as the index's
        # queryset would read them back after the commit (the petitioners
        # as a list: petitions.search.document).
        for petition, plan in zip(petitions, plans, strict=True):
            setattr(petition, SEARCH_PEOPLE, [plan.matter.petitioner])
        index_new(petitions)
        petition_type = ContentType.objects.get_for_model(Petition)
        person_type = ContentType.objects.get_for_model(Person)
        actor = steps.actor(self.by)
        bulk.insert(
            RecordLink,
            [
                {
                    "from_type_id": petition_type.pk,
                    "from_id": petition.pk,
                    "to_type_id": person_type.pk,
                    "to_id": plan.person.pk,
                    "kind": LINK_KIND,
                    "note": NOTE,
                    "created_by_id": actor.pk if actor is not None else None,
                }
                for petition, plan in zip(petitions, plans, strict=True)
            ],
        )
        return list(petitions)

    def forget(self) -> None:
        """A row written by its own steps since: the repeats are read again."""
        self.pools.clear()
