"""Closed historic matters registered in bulk (issue 18: a 信访台账 of 10^4
rows): each matter registered, accepted, answered with its service date and
closed on the dates the ledger records, as `register`, `accept`, `reply` and
`close` would record them one by one — the same rules (the pure checks those
steps ask too), numbers, repeats, stage history, clocks met or missed, audit
rows one per step with the step's changes and reminders (search entries:
the caller's, see `register_many`) —
written set by set: one numbering block per township and year, one insert
per table for the batch, one `audit.append` (sealed in order under the
chain lock); the clocks and the audit rows are built in historic_rows.py.
Anything else (a decision other than 受理, 交办,
延期, 复查, 满意度, 转送) is the per-row steps' work."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from fazhi.core import audit, batch, bulk, numbering, steps
from fazhi.core.errors import RuleViolation
from fazhi.core.i18n import stored
from fazhi.core.models import OrgUnit, Reminder
from fazhi.core.scope import unit_in_scope
from fazhi.core.workdays import Due, WorkCalendar, due_date

from .. import rules
from ..models import Petition, Petitioner, Source, Stage, StageChange
from ._common import WRITE, check_transition, office_users, told_of_registration, township_of
from .decision import check_decision
from .historic_rows import HANDLING_LABEL, RECEIPT_LABEL, Written, audit_rows, write_clocks
from .petitioners import PetitionerData
from .registration import check_registration, new_query_codes
from .repeats import RepeatPool, repeat_fields
from .reply import Opinion, check_close, check_reply

__all__ = ["HANDLING_LABEL", "RECEIPT_LABEL", "HistoricMatter", "check_historic", "register_many"]


@dataclass
class HistoricMatter:
    """A closed matter as a ledger records it. `check_historic` returns it
    with its text as stored, its petitioner checked and its two clocks'
    due dates computed."""

    unit: OrgUnit
    channel: str
    category: str
    title: str
    content: str
    received_on: dt.date
    petitioner: PetitionerData
    group_size: int
    accepted_on: dt.date
    reply_on: dt.date
    served_on: dt.date
    opinion: Opinion
    closed_on: dt.date
    resolved: bool
    receipt_due: Due | None = field(default=None, repr=False)
    handling_due: Due | None = field(default=None, repr=False)


def check_historic(matter: HistoricMatter, *, by: Any, calendar: WorkCalendar) -> HistoricMatter:
    """Every rule the four steps would apply to this matter, in their order,
    reading nothing but the (memoised) scope: a `RuleViolation` names the
    field as the step's would. The clocks' due dates are counted here too
    (a date the calendar cannot count is refused here, not half-way)."""
    steps.check_writer(by, WRITE)
    if not unit_in_scope(by, matter.unit):
        raise RuleViolation(_("所属单位不存在或不在您的管辖范围内。"), field="unit")
    title, content, people = check_registration(
        unit=matter.unit,
        channel=matter.channel,
        category=matter.category,
        title=matter.title,
        content=matter.content,
        received_on=matter.received_on,
        petitioners=[matter.petitioner],
        group_size=matter.group_size,
    )
    receipt_due = _due(matter.received_on, rules.RECEIPT_NOTICE_DAYS, calendar)
    check_transition(Stage.REGISTERED, Stage.ACCEPTED, matter.accepted_on)
    check_decision(matter.accepted_on, matter.received_on)
    handling_due = _due(matter.accepted_on, rules.HANDLING_DAYS, calendar)
    check_transition(Stage.ACCEPTED, Stage.REPLIED, matter.reply_on)
    opinion = Opinion(
        matter.category,
        matter.opinion.reply_request.strip(),
        matter.opinion.reply_facts.strip(),
        matter.opinion.reply_outcome,
        matter.opinion.reply_basis.strip(),
    )
    check_reply(matter.reply_on, matter.accepted_on, opinion, matter.served_on)
    check_transition(Stage.REPLIED, Stage.CLOSED, matter.closed_on)
    check_close(matter.closed_on, matter.served_on)
    return replace(
        matter,
        title=title,
        content=content,
        petitioner=people[0],
        opinion=opinion,
        receipt_due=receipt_due,
        handling_due=handling_due,
    )


def _due(start: dt.date, days: int, calendar: WorkCalendar) -> Due:
    """A clock's due date, counted once per start date and length in a run
    (core.batch: a ledger's matters share their dates; the calendar is the
    run's one, kept alive by the key)."""
    return batch.memo(
        ("historic-due", start, days, calendar),
        lambda: due_date(start, days, "calendar", calendar),
    )


@transaction.atomic
def register_many(
    matters: Sequence[HistoricMatter],
    *,
    by: Any,
    pools: dict[int, RepeatPool],
    dry_run: bool = False,
    unread: bool = False,
) -> list[Petition]:
    """登记、受理、答复、送达、办结 of closed historic matters, each checked
    by `check_historic` before (the caller keeps any other matter for the
    per-row steps). 《信访工作条例》第二十一、二十三、三十二、三十四条 as the
    steps apply them: numbered in order, repeats found among the township's
    earlier matters and the batch's own earlier ones (`pools`, by township
    id, read once), the receipt-notice clock (15 days) stopped by the
    acceptance, the handling clock (60 days) by the reply, each met or
    missed by its stop date. The rows are written from their values
    (core.bulk), the petitions' ids given first, so a matter repeating one
    of the batch names it before either is written. The search entries are
    the caller's: the ledger's batch writes them from the petitions it is
    given back and the petitioners it holds (core.search.index.index_new),
    rather than reading both back after the commit.

    `dry_run` (a ledger's preview, rolled back after): numbered, repeats
    found, and written only as far as a later step of the same transaction
    reads — the petitions and their petitioners (a per-row `register` looks
    for repeats among them); the stage history, clocks, audit rows, search
    entries and notices are left out. They are made from the matter
    `check_historic` passed and refuse nothing, so the preview's outcomes
    are the commit's. `unread` (a preview's last matters: no step after
    them reads anything): numbered and repeats found, written nowhere."""
    actor = steps.actor(by)
    written = [Written(_petition(m, actor), m) for m in matters]
    _number(written)
    for row, code in zip(written, new_query_codes(len(written)), strict=True):
        row.petition.query_code = code
    bulk.give_ids([row.petition for row in written])
    for row in written:
        pool = pools[township_of(row.matter.unit).pk]
        person = row.matter.petitioner
        found = pool.match(row.petition, [(person.name, person.id_number)])
        if found:
            for name, value in repeat_fields(found).items():
                setattr(row.petition, name, value)
        pool.add(row.petition, [(person.name, person.id_number)])
    if unread:
        return [row.petition for row in written]
    bulk.save_new([row.petition for row in written])
    bulk.insert(
        Petitioner,
        [
            {
                "petition_id": row.petition.pk,
                "name": row.matter.petitioner.name,
                "id_number": row.matter.petitioner.id_number,
                "phone": row.matter.petitioner.phone,
                "address": row.matter.petitioner.address,
                "is_representative": row.matter.petitioner.is_representative,
            }
            for row in written
        ],
    )
    if dry_run:
        return [row.petition for row in written]
    bulk.insert(StageChange, [change for row in written for change in _stage_changes(row, actor)])
    write_clocks(written, by)
    events: list[dict[str, Any]] = []
    for row in written:
        events += audit_rows(row, by)
    audit.append(events)
    _remind(written, by)
    return [row.petition for row in written]


def _petition(m: HistoricMatter, actor: Any) -> Petition:
    """The petition in its final state (closed)."""
    return Petition(
        unit=m.unit,
        channel=m.channel,
        source=Source.DIRECT,
        category=m.category,
        title=m.title,
        content=m.content,
        received_on=m.received_on,
        group_size=m.group_size,
        stage=Stage.CLOSED,
        decided_on=m.accepted_on,
        reply_on=m.reply_on,
        reply_request=m.opinion.reply_request,
        reply_facts=m.opinion.reply_facts,
        reply_outcome=m.opinion.reply_outcome,
        reply_basis=m.opinion.reply_basis,
        reply_served_on=m.served_on,
        closed_on=m.closed_on,
        resolved=bool(m.resolved),
        created_by=actor,
        updated_by=actor,
        version=4,  # registered, then three steps each bumping it
    )


def _number(written: list[Written[HistoricMatter]]) -> None:
    """One block per issuer and year, given in file order."""
    wanted: dict[tuple[int, int], list[Written[HistoricMatter]]] = {}
    issuers: dict[int, OrgUnit] = {}
    for row in written:
        issuer = numbering.issuer(township_of(row.matter.unit))
        issuers[issuer.pk] = issuer
        wanted.setdefault((issuer.pk, row.matter.received_on.year), []).append(row)
    for (issuer_pk, year), rows in wanted.items():
        issuer = issuers[issuer_pk]
        first = numbering.next_block(issuer, rules.NUMBER_KIND, year, len(rows))
        for n, row in enumerate(rows, start=first):
            row.petition.number = numbering.format_number(issuer, rules.NUMBER_WORD, year, n)


def _stage_changes(row: Written[HistoricMatter], actor: Any) -> list[dict[str, Any]]:
    p, m = row.petition, row.matter
    moves = (
        ("", Stage.REGISTERED, m.received_on),
        (Stage.REGISTERED, Stage.ACCEPTED, m.accepted_on),
        (Stage.ACCEPTED, Stage.REPLIED, m.reply_on),
        (Stage.REPLIED, Stage.CLOSED, m.closed_on),
    )
    by_id = actor.pk if actor is not None else None
    return [
        {"from_stage": a, "to_stage": b, "on": on, "by_id": by_id, "note": "", "petition_id": p.pk}
        for a, b, on in moves
    ]


def _remind(written: list[Written[HistoricMatter]], by: Any) -> None:
    """The registration's notice to the petition office but the importer
    (`told_of_registration`, as `register`), after the commit (as
    `reminders.post`, once per key), in one insert from values."""
    # Who is told of what, now (the office's users are memoised); the rows
    # are made only if the import commits (a preview rolls back).
    notices: list[dict[str, Any]] = []
    for row in written:
        p = row.petition
        common = {
            "key": f"petition:{p.pk}:registered"[:120],
            "title": stored(gettext_noop("新登记信访事项 %(number)s"), number=p.number)[:200],
            "url": row.url or p.get_absolute_url(),
            "kind": Reminder.Kind.NOTICE.value,
        }
        told = told_of_registration(office_users(p, by), by)
        notices += [{**common, "user_id": user.pk} for user in told]

    def write() -> None:
        with transaction.atomic():  # core.bulk takes its ids inside one
            bulk.insert(Reminder, notices, ignore_conflicts=True)

    if notices:
        transaction.on_commit(write)
