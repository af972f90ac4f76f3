"""The ledger kinds the apps register: their columns (the Chinese headers a
ledger uses for each), how a parsed row becomes a record (the app's workflow
call), and what identifies a row across imports (its natural key)."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from django.db import models

from ..errors import StrOrPromise

if TYPE_CHECKING:
    from ..models import OrgUnit, Person

# What a column's cells hold: text, date, id_number, phone, int, decimal,
# bool, unit (a village named loosely), choice (a label among `choices`).
COLUMN_TYPES = ("text", "date", "id_number", "phone", "int", "decimal", "bool", "unit", "choice")


@dataclass(frozen=True)
class Column:
    key: str
    label: str  # the header fazhi writes in the sample and the result file
    aliases: tuple[str, ...] = ()  # other headers ledgers use for it
    type: str = "text"
    required: bool = False
    choices: dict[str, str] = field(default_factory=dict)  # label -> stored value
    # Several values in one cell (“张三、李四”): the value is a list, each
    # piece parsed as `type` (a number cell is one value, so an ID number
    # Excel stored as a number is still refused).
    many: bool = False
    # A text cell's cap where the column's key does not give the one the
    # forms apply to the field it fills (core.inputs.text_limit by the key).
    limit: int | None = None

    def names(self) -> tuple[str, ...]:
        return (self.label, *self.aliases)


@dataclass
class Context:
    """What a kind's `create` gets besides the row: who imports, into which
    unit, and the shared helpers (people, warnings) of this run."""

    by: Any
    unit: OrgUnit
    line: int = 0
    warnings: list[str] = field(default_factory=list)
    people: Any = None  # matching.People for this run
    # What `create` did, for a kind that `updates`: CREATED (the default),
    # UPDATED (an existing record, found by the kind's own key, changed) or
    # UNCHANGED (it exists and already says what the row says).
    result: str = "created"

    def person(
        self, name: str, id_number: str = "", phone: str = "", unit: Any = None, gender: str = ""
    ) -> Person:
        """The one Person for this name/ID number/phone in the importer's
        scope, created (in `unit`, the row's village) when none exists yet."""
        return self.people.get_or_create(
            name=name, id_number=id_number, phone=phone, unit=unit or self.unit, gender=gender
        )

    def warn(self, message: str) -> None:
        self.warnings.append(message)


class RowBatch(Protocol):
    """A kind's set-based path for the rows it can take in bulk (issue 18:
    10^4 closed matters). Made once per run (`LedgerKind.batch`) with every
    parsed row's values; `takes` checks a row with the same rules the
    row's `create` would apply and returns its plan, or None when the row
    is for `create` (which then refuses it, naming its column, or handles
    what the batch does not); `create_many` writes the plans, in file order,
    inside the run's transaction; `forget` is called after `create` made a
    record, so what the batch read once is read again. A preview's batch
    (`dry_run`: the run is rolled back) writes only what a later row of the
    run reads; the rest it checks and leaves out. A preview's last
    `create_many` is told so (`last=True`: no row of the run comes after
    these plans, so nothing reads what they would write): its records are
    made, numbered and checked, and written nowhere."""

    def takes(self, values: dict[str, Any], ctx: Context) -> Any: ...

    def create_many(
        self, plans: list[Any], ctxs: list[Context], *, last: bool = False
    ) -> list[models.Model]: ...

    def forget(self) -> None: ...


@dataclass
class LedgerKind:
    name: str  # the identifier in URLs and the command: "petitions"
    label: StrOrPromise  # 信访台账, a lazy label: read in the reader's language
    columns: tuple[Column, ...]
    create: Callable[[dict[str, Any], Context], models.Model]
    key_fields: tuple[str, ...]  # the natural key: these values joined
    list_url: str  # the ledger list page (its URL name)
    samples: tuple[Path, ...] = ()
    # The demo township's records of this kind as a ledger (written from the
    # demo by scripts/export_demo_ledgers.py): `manage.py load_demo
    # --from-ledgers` imports them into the set-up township.
    demo: tuple[Path, ...] = ()
    writer_roles: frozenset[str] | None = None  # None: any role that may write
    describe: Callable[[models.Model], str] = str  # the record as the result file names it
    order: int = 50
    # A kind whose records have their own identity outside the ledger (a
    # certificate number): `create` finds and updates an existing record
    # (setting `Context.result`), and a row imported before whose content
    # changed is applied again through the workflow instead of skipped.
    updates: bool = False
    # A workflow refusal's field -> the column it concerns, where the names
    # differ (the agreement's "dated" is the ledger's 调解日期).
    field_columns: dict[str, str] = field(default_factory=dict)
    # The set-based path (RowBatch), made once per run from the importer,
    # the unit, the run's people, every row's values and whether the run is
    # a preview (keyword `dry_run`); None: row by row.
    batch: Callable[..., RowBatch] | None = None

    def column(self, key: str) -> Column:
        return next(c for c in self.columns if c.key == key)

    def natural_key(self, values: dict[str, Any]) -> str:
        parts = []
        for f in self.key_fields:
            v = values.get(f)
            if isinstance(v, dt.date):
                v = v.isoformat()
            elif isinstance(v, models.Model):
                v = v.pk
            parts.append("" if v is None else str(v))
        joined = "|".join(parts)
        # Readable when short; a digest when long (a facts column in the key).
        return joined if len(joined) <= 120 else hashlib.sha256(joined.encode()).hexdigest()


def named_by(field_name: str) -> Callable[[models.Model], str]:
    """A kind's `describe`: the record as the result file names it, by the
    number a clerk looks it up by (a case's 编号, a document's 文号), or the
    record itself where it has none yet."""

    def describe(record: models.Model) -> str:
        return getattr(record, field_name, "") or str(record)

    return describe


_kinds: dict[str, LedgerKind] = {}


def register(kind: LedgerKind) -> LedgerKind:
    _kinds[kind.name] = kind
    return kind


def get(name: str) -> LedgerKind | None:
    return _kinds.get(name)


def all_kinds() -> list[LedgerKind]:
    return sorted(_kinds.values(), key=lambda k: (k.order, k.name))
