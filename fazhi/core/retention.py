"""Retention of personal information (《个人信息保护法》第十九条、第四十七条;
GB/T 22239-2019 8.1.4.10/8.1.4.11): a closed matter whose retention period
(`FAZHI_RETENTION_YEARS` after it was closed) has run out keeps its facts,
dates, states and figures, and loses the names, ID numbers, phones and
addresses of the citizens in it.

Each domain app says what it holds from its registry.py (core imports no app):

    retention.register(retention.Holding(
        key="petitions",
        label="信访事项",
        model=Petition,
        past=lambda cutoff: Petition.objects.filter(... closed before cutoff ...),
        parts=(retention.Part(Petitioner, "petition", {"name": "信访人（已匿名）",
                                                       **retention.CONTACT}),),
    ))

`past(cutoff)` is every record closed (archived, answered, withdrawn) on a
date before the cutoff that may hold personal data — already anonymised ones
too, so a second run finds them and changes nothing. `fields` are the
record's own personal fields, `parts` its child rows' (petitioners), `people`
the links to shared `core.Person` rows (a dispute's parties). Each field maps
to what it becomes: a placeholder naming the role ("信访人（已匿名）") or ""
(numbers, addresses: `CONTACT`). A blank value stays blank, so a record
with no phone does not count as changed.

A shared Person is anonymised only when nothing else needs them: no record
still within its retention period names them through a declared link, and
no other relation names them at all (an account, a mediator, an officer, a
relative declared for recusal, a leadership group …; walked through the
model's relations, so a relation added later keeps the person by default).

`anonymise(by=…)` is the one step that does it: batches of records, one
transaction each, an audit event per record and per person with the fields
changed but never their old values, the records' change-capture snapshots
dropped (`core.history.forget`: they hold the old values), the search index
re-written on commit (the audit hook, plus the records that show a person's
name). Counts and indicators do not change: no row is deleted and no state,
date or category is touched.

What it does not reach: free text (a petition's content, an agreement's
terms) may name people; the audit trail is append-only and keeps what it
recorded then (names in clear, numbers masked); backups keep the old rows
until they are rotated (docs/security.md, "Retention").
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.conf import settings
from django.db import models, transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy, gettext_noop

from . import audit, history
from .errors import RuleViolation, StrOrPromise
from .fields import with_blind_indexes
from .i18n import stored
from .models import AuditEvent, OrgUnit, Person

BATCH = 200
PEOPLE = "people"
PEOPLE_LABEL = gettext_lazy("人员（当事人）")
# A citizen's contact details as a record holds them: blanked, not replaced by
# a placeholder (a number or an address has no role to name). Every holding's
# fields take them as they are, so none forgets one.
CONTACT: Mapping[str, str] = {"id_number": "", "phone": "", "address": ""}
# What a shared person's row becomes (core.Person): the role they had in the
# matters that named them, and nothing that identifies them.
PERSON_FIELDS: Mapping[str, str] = {
    "name": gettext_noop("当事人（已匿名）"),
    **CONTACT,
    "note": "",
}
# Kept on the audit row in Chinese (core.i18n.stored).
NOTE = gettext_noop("个人信息保存期限届满，已匿名化（保存至%(cutoff)s前办结的事项）")
OLD = "***"  # the audit row's "before": the old value is never written


@dataclass(frozen=True)
class Part:
    """Child rows of a record holding personal data (a petition's petitioners):
    `link` is the child's foreign key to the record; `only` narrows the rows
    (a mediation case's applicant only when a party applied)."""

    model: type[models.Model]
    link: str
    fields: Mapping[str, str]
    only: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class PersonLink:
    """A row naming a shared `core.Person` for a record: `model.<person>`
    is the person, `model.<record>` the record (DisputeParty: dispute, person)."""

    model: type[models.Model]
    record: str
    person: str = "person"


@dataclass(frozen=True)
class Holding:
    key: str
    label: StrOrPromise  # a lazy label: read in the reader's language
    model: type[models.Model]
    past: Callable[[dt.date], models.QuerySet[Any]]
    fields: Mapping[str, str] = field(default_factory=dict)
    parts: tuple[Part, ...] = ()
    people: tuple[PersonLink, ...] = ()
    # Other records whose search entry shows this record's people (a dispute's
    # mediation cases list its parties): re-indexed with it.
    shown_in: Callable[[Any], Iterable[models.Model]] | None = None
    order: int = 100


_HOLDINGS: dict[str, Holding] = {}


M = TypeVar("M", bound=models.Model)


def dated_before(
    qs: models.QuerySet[M], cutoff: dt.date, dates: Iterable[str]
) -> models.QuerySet[M]:
    """`qs` without the records that have any of `dates` (lookups, through
    relations too: "appeals__decided_on") on or after the cutoff. A record is
    past only when every date on it is: a matter closed long ago but appealed,
    reviewed or filed again within retention still holds what it needs. One
    exclude a date, as each module wrote them, so a related row's dates are
    judged one by one."""
    for name in dates:
        qs = qs.exclude(**{f"{name}__gte": cutoff})
    return qs


def register(holding: Holding) -> Holding:
    """Declare a module's closed records. Registering again replaces the entry."""
    _HOLDINGS[holding.key] = holding
    return holding


def holdings() -> list[Holding]:
    return sorted(_HOLDINGS.values(), key=lambda h: (h.order, h.key))


# --- the cutoff -----------------------------------------------------------------


def retention_years() -> int:
    return int(getattr(settings, "FAZHI_RETENTION_YEARS", 10))


def cutoff_for(today: dt.date, years: int | None = None) -> dt.date:
    """The first closing date still within retention: `years` before today
    (29 February falls back to the 28th). Records closed before it are past."""
    years = retention_years() if years is None else years
    try:
        return today.replace(year=today.year - years)
    except ValueError:
        return today.replace(year=today.year - years, day=28)


# --- planning -------------------------------------------------------------------


def _edits(obj: models.Model, fields: Mapping[str, str]) -> dict[str, str]:
    """The fields of `obj` still holding something other than their
    anonymised form (a blank stays blank)."""
    out: dict[str, str] = {}
    for name, new in fields.items():
        current = getattr(obj, name) or ""
        if current and current != new:
            out[name] = new
    return out


def _label(model: type[models.Model], name: str) -> str:
    return str(getattr(model._meta.get_field(name), "verbose_name", name))


def _event_model(model: type[models.Model]) -> bool:
    import pghistory.models

    return issubclass(model, pghistory.models.Event)


def _person_relations() -> Iterator[tuple[type[models.Model], str, str]]:
    """(referencing model, lookup to the person, value to read) for every
    relation that names a Person, change-capture snapshots left out."""
    for rel in Person._meta.get_fields(include_hidden=True):
        if not (rel.is_relation and rel.auto_created and not rel.concrete):
            continue
        model = rel.related_model
        if not (isinstance(model, type) and issubclass(model, models.Model)):
            continue
        if _event_model(model) or model._meta.auto_created:
            continue
        field = getattr(rel, "field")  # noqa: B009  (the reverse relation's forward field)
        value = field.name if rel.many_to_many else field.attname
        yield model, field.name, value


def people_held(ids: Iterable[int], cutoff: dt.date) -> set[int]:
    """Of the persons `ids`, those something still needs: a cadre, a record
    within retention named through a declared link, or any other relation."""
    wanted = set(ids)
    if not wanted:
        return set()
    held = set(Person.objects.filter(pk__in=wanted, is_cadre=True).values_list("pk", flat=True))
    declared = {(link.model, link.person): (h, link) for h in holdings() for link in h.people}
    for model, name, value in _person_relations():
        rows: models.QuerySet[Any] = model._base_manager.filter(**{f"{name}__in": wanted})
        found = declared.get((model, name))
        if found is not None:
            holding, link = found
            rows = rows.exclude(**{f"{link.record}__in": holding.past(cutoff).values("pk")})
        held.update(rows.values_list(value, flat=True))
    return held & wanted


# --- the step -------------------------------------------------------------------


@dataclass
class Result:
    """Per module: how many records (and persons) changed, or would change."""

    cutoff: dt.date
    dry_run: bool
    changed: dict[str, int] = field(default_factory=dict)
    labels: dict[str, StrOrPromise] = field(default_factory=dict)
    past: dict[str, int] = field(default_factory=dict)
    scanned: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.changed.values())


def check_by(by: Any) -> None:
    """The system (the daily job and the command, as AnonymousUser) or a
    superuser from the command line; no role on the pages anonymises."""
    if getattr(by, "is_authenticated", False) and not getattr(by, "is_superuser", False):
        raise RuleViolation(gettext("只有系统每日任务或命令行可以对到期个人信息进行匿名化。"))


def _in_unit(qs: models.QuerySet[Any], unit: OrgUnit | None) -> models.QuerySet[Any]:
    if unit is None:
        return qs
    scope_field = getattr(qs.model, "scope_field", "unit")
    return qs.filter(**{f"{scope_field}__in_subtree": unit.path})


def _holding_data(fields: Mapping[str, str], prefix: str = "") -> Q:
    """Rows where some field is neither blank nor already its anonymised form."""
    found = Q(pk__in=[])
    for name, new in fields.items():
        left = ~Q(**{f"{prefix}{name}": ""})
        if new:
            left &= ~Q(**{f"{prefix}{name}": new})
        found |= left
    return found


def _pending(holding: Holding) -> Q:
    """Past records with something left to anonymise: their own fields, a
    part's, or a linked person's (a person kept because something else needs
    them keeps the record in the scan: their state may change)."""
    found = _holding_data(holding.fields)
    for part in holding.parts:
        rows = part.model._base_manager.filter(**{part.link: OuterRef("pk")}, **part.only)
        found |= Q(Exists(rows.filter(_holding_data(part.fields))))
    for link in holding.people:
        rows = link.model._base_manager.filter(**{link.record: OuterRef("pk")})
        found |= Q(Exists(rows.filter(_holding_data(PERSON_FIELDS, f"{link.person}__"))))
    return found


def _chunks(ids: list[Any], size: int) -> Iterator[list[Any]]:
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


class _Run:
    def __init__(self, *, by: Any, cutoff: dt.date, dry_run: bool) -> None:
        self.by = by
        self.cutoff = cutoff
        self.dry_run = dry_run
        self.note = stored(NOTE, cutoff=cutoff.isoformat())
        self.people_done: set[int] = set()
        self.people_changed = 0

    def batch(self, holding: Holding, ids: list[Any]) -> int:
        """One transaction: the records `ids`, their parts and their people."""
        changed = 0
        with transaction.atomic():
            qs = holding.model._base_manager.filter(pk__in=ids).order_by("pk")
            records = list(qs if self.dry_run else qs.select_for_update())
            people = self._people_of(holding, ids)
            named = set().union(*people.values()) - self.people_done
            free = named - people_held(named, self.cutoff)
            persons = {p.pk: p for p in Person.objects.filter(pk__in=free).order_by("pk")}
            touched: dict[type[models.Model], list[Any]] = {}
            for record in records:
                changes = self._record(holding, record, touched)
                for pid in sorted(people.get(record.pk, set()) & persons.keys()):
                    if pid not in self.people_done:
                        changes.update(self._person(persons[pid], touched))
                if not changes:
                    continue
                changed += 1
                if self.dry_run:
                    continue
                # After the writes: the event names the record as it is now, and
                # the audit hook re-indexes it for search on commit.
                audit.record(
                    record,
                    by=self.by,
                    action=AuditEvent.Action.UPDATE,
                    changes=changes,
                    note=self.note,
                )
                if holding.shown_in is not None:
                    from .search.index import schedule

                    for other in holding.shown_in(record):
                        schedule(other)
            for model, pks in touched.items():
                history.forget(model, pks)
        return changed

    def _record(
        self, holding: Holding, record: models.Model, touched: dict[type[models.Model], list[Any]]
    ) -> dict[str, list[str]]:
        changes: dict[str, list[str]] = {}
        edits = _edits(record, holding.fields)
        if edits:
            changes.update({_label(holding.model, n): [OLD, v] for n, v in edits.items()})
            self._write(record, edits, touched)
        for part in holding.parts:
            rows = part.model._base_manager.filter(**{part.link: record.pk}, **part.only)
            what = str(part.model._meta.verbose_name)
            for row in rows.order_by("pk"):
                edits = _edits(row, part.fields)
                if edits:
                    changes.update(
                        {f"{what}.{_label(part.model, n)}": [OLD, v] for n, v in edits.items()}
                    )
                    self._write(row, edits, touched)
        return changes

    def _person(
        self, person: Person, touched: dict[type[models.Model], list[Any]]
    ) -> dict[str, list[str]]:
        """A shared person no one still needs: anonymised once per run, with
        their own audit event (and their search entry re-written)."""
        self.people_done.add(person.pk)
        edits = _edits(person, PERSON_FIELDS)
        if not edits:
            return {}
        self.people_changed += 1
        if not self.dry_run:
            self._write(person, edits, touched)
            audit.record(
                person,
                by=self.by,
                action=AuditEvent.Action.UPDATE,
                changes={_label(Person, n): [OLD, v] for n, v in edits.items()},
                note=self.note,
            )
        return {
            stored(gettext_noop("当事人.%(field)s"), field=_label(Person, n)): [OLD, v]
            for n, v in edits.items()
        }

    def _write(
        self, obj: models.Model, edits: dict[str, str], touched: dict[type[models.Model], list[Any]]
    ) -> None:
        if self.dry_run:
            return
        for name, value in edits.items():
            setattr(obj, name, value)
        # The blind index of a blanked number is blanked with it (core.fields).
        obj.save(update_fields=with_blind_indexes(type(obj), edits))
        touched.setdefault(type(obj), []).append(obj.pk)

    def _people_of(self, holding: Holding, ids: list[Any]) -> dict[Any, set[int]]:
        """Person ids each record of the batch names through its links."""
        found: dict[Any, set[int]] = {}
        for link in holding.people:
            rows = link.model._base_manager.filter(**{f"{link.record}__in": ids})
            for record_id, person_id in rows.values_list(link.record, link.person):
                found.setdefault(record_id, set()).add(person_id)
        return found


def anonymise(
    *,
    by: Any,
    before: dt.date | None = None,
    unit: OrgUnit | None = None,
    dry_run: bool = False,
    modules: Iterable[str] | None = None,
    batch: int = BATCH,
) -> Result:
    """Anonymise the personal data of every registered record closed before
    `before` (default: `FAZHI_RETENTION_YEARS` before today), in `unit`'s
    subtree if given. PIPL 第四十七条: personal information is deleted (or, as
    here, anonymised, 第七十三条) once the retention period has run out.
    With `dry_run` nothing is written and the counts say what would change.
    Idempotent: a second run finds nothing to change."""
    check_by(by)
    cutoff = before or cutoff_for(timezone.localdate())
    run = _Run(by=by, cutoff=cutoff, dry_run=dry_run)
    result = Result(cutoff=cutoff, dry_run=dry_run)
    wanted = set(modules) if modules else None
    for holding in holdings():
        if wanted is not None and holding.key not in wanted:
            continue
        past = _in_unit(holding.past(cutoff), unit)
        # Only the records that still hold something are read (the daily run
        # does not walk every anonymised record again), in the database: a
        # blank encrypted value can be compared, and names are plain text.
        ids = list(past.filter(_pending(holding)).order_by("pk").values_list("pk", flat=True))
        result.labels[holding.key] = holding.label
        result.past[holding.key] = past.count()
        result.scanned[holding.key] = len(ids)
        result.changed[holding.key] = sum(
            run.batch(holding, chunk) for chunk in _chunks(ids, batch)
        )
    result.labels[PEOPLE] = str(PEOPLE_LABEL)
    result.changed[PEOPLE] = run.people_changed
    return result


def daily_job(today: dt.date) -> dict[str, int]:
    """The daily run (core.daily): everything past retention, as the system."""
    from django.contrib.auth.models import AnonymousUser

    result = anonymise(by=AnonymousUser(), before=cutoff_for(today))
    return {key: n for key, n in result.changed.items() if n}


def connect() -> None:
    """Called from CoreConfig.ready: the anonymiser runs with the daily job."""
    from . import daily

    daily.register("retention", daily_job)
