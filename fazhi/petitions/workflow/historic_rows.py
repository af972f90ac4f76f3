"""What a batch of closed historic matters writes besides its petitions,
petitioners and stage history (historic.register_many): each matter's two
clocks, started and stopped on the ledger's dates, with their events and
recipients, and the audit rows of its four steps, in their order, as values
for `audit.append`. Apart from historic.py to keep each workflow module
under about 400 lines; historic.py imports this module, never the reverse."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, Protocol, TypeVar

from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext_noop

from fazhi.core import audit, bulk, steps
from fazhi.core.i18n import stored
from fazhi.core.models import Clock, ClockEvent
from fazhi.core.workdays import Due

from .. import rules
from ..models import Outcome, Petition, Stage
from ._common import office_users

RECEIPT_LABEL = gettext_noop("书面告知（收到之日起15日）")
HANDLING_LABEL = gettext_noop("办理答复（受理之日起60日）")


class MatterDates(Protocol):
    """What the clocks read of a checked historic.HistoricMatter: its dates
    and its clocks' due dates (counted by check_historic)."""

    @property
    def received_on(self) -> dt.date: ...
    @property
    def accepted_on(self) -> dt.date: ...
    @property
    def reply_on(self) -> dt.date: ...
    @property
    def receipt_due(self) -> Due | None: ...
    @property
    def handling_due(self) -> Due | None: ...


M = TypeVar("M", bound=MatterDates)


@dataclass
class Written(Generic[M]):
    """What one matter writes besides its petition (kept in file order)."""

    petition: Petition
    matter: M
    # Its two clocks as the values written (by attname, with their ids).
    clocks: list[dict[str, Any]] = field(default_factory=list)
    url: str = ""  # the petition's page (its clocks' and notice's link)


def write_clocks(written: Sequence[Written[M]], by: Any) -> None:
    """Both clocks of every matter, started and stopped on the ledger's
    dates, with their events and recipients; written from values, not
    `Clock` instances (20,000 for a 10^4-row ledger)."""
    actor = steps.actor(by)
    ct = ContentType.objects.get_for_model(Petition)
    clocks: list[dict[str, Any]] = []
    for row in written:
        p, m = row.petition, row.matter
        url = row.url = p.get_absolute_url()
        for kind, label, start, length, basis, due, stop in (
            (
                rules.CLOCK_RECEIPT_NOTICE,
                RECEIPT_LABEL,
                m.received_on,
                rules.RECEIPT_NOTICE_DAYS,
                rules.ART_23,
                m.receipt_due,
                m.accepted_on,
            ),
            (
                rules.CLOCK_HANDLING,
                HANDLING_LABEL,
                m.accepted_on,
                rules.HANDLING_DAYS,
                rules.ART_34,
                m.handling_due,
                m.reply_on,
            ),
        ):
            assert due is not None  # check_historic counted it
            text = gettext_noop("%(record)s %(label)s") % {"record": p.number, "label": label}
            clock = {
                "unit_id": p.unit_id,
                "kind": kind,
                "label": text,
                "legal_basis": basis,
                "start_date": start,
                "length": length,
                "day_unit": "calendar",
                "url": url,
                "content_type_id": ct.pk,
                "object_id": p.pk,
                "status": Clock.Status.STOPPED.value,
                "due_date": due.date,
                "explanation": due.steps,
                "provisional_year": due.provisional_year,
                "stopped_on": max(stop, start),
            }
            row.clocks.append(clock)
            clocks.append(clock)
    bulk.insert(Clock, clocks)
    by_id = actor.pk if actor is not None else None
    events: list[dict[str, Any]] = []
    recipients: list[dict[str, Any]] = []
    for row in written:
        office = office_users(row.petition, by)
        for clock in row.clocks:
            events += [
                {
                    "clock_id": clock["id"],
                    "kind": ClockEvent.Kind.START,
                    "on": clock["start_date"],
                    "days": clock["length"],
                    "legal_basis": clock["legal_basis"],
                    "by_id": by_id,
                },
                {
                    "clock_id": clock["id"],
                    "kind": ClockEvent.Kind.STOP,
                    "on": clock["stopped_on"],
                    "by_id": by_id,
                },
            ]
            recipients += [{"clock_id": clock["id"], "user_id": user.pk} for user in office]
    bulk.insert(ClockEvent, events)
    bulk.insert(Clock.recipients.through, recipients)


# What each step changed, undone from the final state backwards.
_CLOSE_UNDONE: dict[str, Any] = {"stage": Stage.REPLIED.value, "closed_on": None, "resolved": False}
_REPLY_UNDONE: dict[str, Any] = {
    "stage": Stage.ACCEPTED.value,
    "reply_on": None,
    "reply_request": "",
    "reply_facts": "",
    "reply_outcome": "",
    "reply_basis": "",
    "reply_served_on": None,
}
_ACCEPT_UNDONE: dict[str, Any] = {"stage": Stage.REGISTERED.value, "decided_on": None}


def audit_rows(row: Written[M], by: Any) -> list[dict[str, Any]]:
    """The audit rows the steps write, in their order: the petition's
    create, the receipt clock's stop, 受理, the handling clock's stop, 答复,
    办结 — each with the step's changes (`audit.diff` of the snapshots)."""
    p = row.petition
    closed = audit.snapshot(p)
    replied = {**closed, **_CLOSE_UNDONE}
    accepted = {**replied, **_REPLY_UNDONE}
    registered = {**accepted, **_ACCEPT_UNDONE}
    outcome = p.reply_outcome
    receipt, handling = row.clocks
    created = audit.event_values(p, by=by, action="create", changes=audit.diff({}, registered))
    return [
        created,
        _clock_stop(receipt, created),
        audit.next_event(
            created,
            action="transition",
            changes=_changed(registered, accepted, _ACCEPT_UNDONE),
            note=gettext_noop("受理"),
        ),
        _clock_stop(handling, created),
        audit.next_event(
            created,
            action="transition",
            changes=_changed(accepted, replied, _REPLY_UNDONE),
            note=stored(
                gettext_noop("答复：%(value)s"), value=Outcome(outcome).label if outcome else ""
            ),
        ),
        audit.next_event(
            created,
            action="transition",
            changes=_changed(replied, closed, _CLOSE_UNDONE),
            note=gettext_noop("办结"),
        ),
    ]


def _changed(before: dict[str, Any], after: dict[str, Any], step: dict[str, Any]) -> dict[str, Any]:
    """`audit.diff(before, after)` where the two differ in the fields one
    step sets at most: only those are compared."""
    return audit.diff({k: before[k] for k in step}, {k: after[k] for k in step})


def _clock_stop(clock: dict[str, Any], created: dict[str, Any]) -> dict[str, Any]:
    """The row `core.clocks.stop` writes: running → stopped on its date (the
    due date stays: a stop that ends no pause does not move it). By the
    petition's actor, filed under its unit (the clock's), as
    `audit.event_values(clock, ...)` makes it from a `Clock`."""
    stopped_on, due_date = clock["stopped_on"], clock["due_date"]
    met = due_date is not None and stopped_on <= due_date
    row = audit.next_event(
        created,
        action="transition",
        changes={
            "status": [Clock.Status.RUNNING, Clock.Status.STOPPED],
            "stopped_on": [None, stopped_on],
        },
        note=gettext_noop("按期办结") if met else gettext_noop("超期办结"),
    )
    row["content_type_id"] = _clock_type_id()
    row["object_id"] = str(clock["id"])
    row["object_repr"] = Clock.text(clock["label"], due_date)[:200]
    row["unit_id"] = clock["unit_id"]
    return row


def _clock_type_id() -> int:
    return ContentType.objects.get_for_model(Clock, for_concrete_model=False).pk  # type: ignore[no-any-return]
