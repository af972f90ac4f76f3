"""Writing the audit trail. Workflow functions call `record`; nothing else writes it."""

from __future__ import annotations

import copy
import datetime as dt
import decimal
import functools
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db import DEFAULT_DB_ALIAS, models, transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from . import batch, bulk
from .fields import BlindIndexField
from .i18n import shown
from .middleware import current_ip
from .models import AuditEvent, OrgUnit
from .models.audit import chain_head, changes_text, event_digest, remember_head
from .validators import MASKERS

# The key of an audit row's changes that keeps when a step recorded afterwards
# (补录) was done (`record(done_at=)`): the row's own `at` is when it was
# recorded. Not a change of a field (unless the model has a field of that name).
DONE_AT = "done_at"

# Fields never copied into the audit trail in clear.
SENSITIVE_FIELDS = frozenset({"id_number", "phone", "address", "password"})


_AS_IS = frozenset({str, int, bool, float, type(None)})


def _plain(value: Any) -> Any:
    if type(value) in _AS_IS:  # most values: no isinstance chain (70,000 rows an import)
        return value
    if isinstance(value, list | tuple):  # a change's [old, new]
        return [_plain(v) for v in value]
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, models.Model):
        return str(value)
    return value


def snapshot(obj: models.Model, fields: Iterable[str] | None = None) -> dict[str, Any]:
    """The concrete field values of a record, for a before/after diff."""
    if fields is None:
        fields_of = _snapshot_fields(type(obj))
        return {name: _plain(getattr(obj, attname)) for name, attname in fields_of}
    names = list(fields)
    out: dict[str, Any] = {}
    for name in names:
        field = obj._meta.get_field(name)
        if isinstance(field, BlindIndexField):
            # A keyed hash of the ID number or phone: meaningless to a reader,
            # yet it links one number across records; the trail keeps “***”.
            continue
        value = getattr(obj, getattr(field, "attname", name))
        out[name] = _plain(value)
    return out


@functools.cache
def _snapshot_fields(model: type[models.Model]) -> tuple[tuple[str, str], ...]:
    """What `snapshot` reads of every record of `model` by default: each
    concrete field's name and attribute, but the bookkeeping and the blind
    indexes (see `snapshot`)."""
    return tuple(
        (f.name, f.attname)
        for f in model._meta.concrete_fields
        if f.name not in {"updated_at", "version"} and not isinstance(f, BlindIndexField)
    )


def changes_anything(
    instance: Any, before: dict[str, Any], data: dict[str, Any], m2m: dict[str, Any]
) -> bool:
    """Whether writing `data` and `m2m` onto `instance` changes it: any value
    of its audit snapshot (`before`, the fields an update's event records)
    differs, or the ids of a many-to-many field. A value the model has no
    attribute for counts as a change (the module's `persist` decides what
    it means). The API's PATCH (core.api.WorkflowViewSet) and the pages'
    edit forms (core.listing.RecordUpdateView) ask it before they save: an
    update that changes nothing writes nothing."""
    after = copy.copy(instance)  # Django copies the relation caches too
    for key, value in data.items():
        if not hasattr(after, key):
            return True
        setattr(after, key, value)
    if snapshot(after) != before:
        return True
    return bool(list_changes(instance, m2m))


def list_changes(instance: Any, m2m: Mapping[str, Iterable[Any]]) -> dict[str, list[list[Any]]]:
    """The linked lists (many-to-many fields) that writing `m2m` onto the
    saved `instance` changes, by name: [ids before, ids after], each sorted.
    An update's event records them beside its fields, so an edit that only
    changes a list names it; the history tab shows the list by its label and
    the items by their names (`history_rows`, as a foreign key's id)."""
    changes: dict[str, list[list[Any]]] = {}
    for name, values in m2m.items():
        old = sorted(getattr(instance, name).values_list("pk", flat=True))
        new = sorted({getattr(v, "pk", v) for v in values})
        if old != new:
            changes[name] = [old, new]
    return changes


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    changes: dict[str, list[Any]] = {}
    for key in after.keys() | before.keys():
        old, new = before.get(key), after.get(key)
        if old != new and (old or new):
            if key in SENSITIVE_FIELDS:
                # Never in clear; a first entry reads “— → ***”, not “已修改”.
                changes[key] = ["***", gettext_noop("***（已修改）")] if old else [None, "***"]
            else:
                changes[key] = [old, new]
    return changes


def _unit_id_of(obj: models.Model) -> int | None:
    """The id of the unit a record is filed under, read from the foreign key's
    column: the unit row itself is not fetched for the audit row."""
    if isinstance(obj, OrgUnit):
        return obj.pk  # type: ignore[no-any-return]
    field = getattr(type(obj), "scope_field", "unit")
    *path, last = field.split("__")
    target: Any = obj
    for part in path:
        target = getattr(target, part, None)
        if target is None:
            return None
    if not isinstance(target, models.Model):
        return None
    try:
        fk = target._meta.get_field(last)
    except FieldDoesNotExist:
        return None
    attname = getattr(fk, "attname", "")
    if not attname or getattr(fk, "related_model", None) is not OrgUnit:
        return None
    return getattr(target, attname, None)  # type: ignore[no-any-return]


def record(
    obj: models.Model,
    *,
    by: Any,
    action: str,
    changes: dict[str, Any] | None = None,
    note: str = "",
    unit: OrgUnit | None = None,
    done_at: dt.datetime | None = None,
) -> AuditEvent:
    """Write one audit row for `obj`; the client IP comes from the request context.
    `unit` files it under a unit where the record has none of its own (an
    account: its home unit). `done_at`: when a step recorded afterwards (补录)
    was done — the row keeps it among its changes (DONE_AT, sealed with the
    row like any change) and its own time stays when it was recorded."""
    # Every audited change re-indexes its record for search after the commit
    # (core.search.index.schedule): one place for all modules' workflow steps.
    from .search.index import schedule

    schedule(obj)
    row = event(obj, by=by, action=action, changes=changes, note=note, unit=unit, done_at=done_at)
    row.save()
    return row


def event(
    obj: models.Model,
    *,
    by: Any,
    action: str,
    changes: dict[str, Any] | None = None,
    note: str = "",
    unit: OrgUnit | None = None,
    done_at: dt.datetime | None = None,
) -> AuditEvent:
    """The audit row `record` writes, not yet written."""
    row = AuditEvent(
        **event_values(
            obj, by=by, action=action, changes=changes, note=note, unit=unit, done_at=done_at
        )
    )
    if row.actor_id is not None:
        row.actor = by
    return row


def event_values(
    obj: models.Model,
    *,
    by: Any,
    action: str,
    changes: dict[str, Any] | None = None,
    note: str = "",
    unit: OrgUnit | None = None,
    done_at: dt.datetime | None = None,
) -> dict[str, Any]:
    """The values of the audit row `record` writes (by attname), for a batch
    of steps (a ledger import's `register_many`) that writes its rows with
    one `append`, sealed in order, and schedules the records' search entries
    itself (core.search.index.schedule)."""
    actor = by if getattr(by, "is_authenticated", False) else None
    plain = {k: _plain(v) for k, v in (changes or {}).items()}
    if done_at is not None:
        plain[DONE_AT] = done_at.isoformat()
    return {
        "actor_id": actor.pk if actor else None,
        "actor_name": _actor_name(actor),
        "ip": current_ip.get(),
        "action": action,
        "content_type_id": ContentType.objects.get_for_model(obj, for_concrete_model=False).pk,
        "object_id": str(obj.pk),
        "object_repr": str(obj)[:200],
        "unit_id": unit.pk if unit is not None else _unit_id_of(obj),
        "changes": plain,
        "note": note,
    }


# What `event_values` sets besides the step's own action, changes and note.
_RECORD_KEYS = ("actor_id", "actor_name", "ip", "content_type_id", "object_id", "object_repr")


def next_event(
    values: dict[str, Any],
    *,
    action: str,
    changes: dict[str, Any] | None = None,
    note: str = "",
) -> dict[str, Any]:
    """The audit row of another step of the record, by the same actor, that
    `values` (an `event_values` row) is of: its record, actor, address and
    unit taken from it, not worked out again (a batch of steps: a ledger
    import's seven rows a matter)."""
    row = {key: values[key] for key in _RECORD_KEYS}
    row["unit_id"] = values["unit_id"]
    row["action"] = action
    row["changes"] = {k: _plain(v) for k, v in (changes or {}).items()}
    row["note"] = note
    return row


def _actor_name(actor: Any) -> str:
    """The name an audit row gives its actor (once per run inside
    core.batch: a 10^4-row import writes 70,000 rows by one user)."""
    if actor is None:
        return gettext_noop("系统")
    return batch.memo(
        ("audit-actor-name", actor.pk), lambda: str(getattr(actor, "display_name", ""))
    )


def append(rows: list[dict[str, Any]], *, using: str = DEFAULT_DB_ALIAS) -> None:
    """Write audit rows given as `event_values`, in order, chained as
    `AuditEvent.objects.bulk_create` chains them (the chain's lock and head,
    each row sealed over the one before), without a model instance or the
    SQL compiler per row (core.bulk): a 10^4-row ledger writes 70,000."""
    if not rows:
        return
    with transaction.atomic(using=using):
        prev = chain_head(using)
        # Each row's changes serialised once, for the seal and the column
        # (by the row's own hash: every row's is different).
        texts: dict[str, str] = {}
        now = timezone.now()  # the rows of one append are written at one moment
        for row in rows:
            if row.get("at") is None:
                row["at"] = now
            row["prev_hash"] = prev
            text = changes_text(row.get("changes", {}))
            row["hash"] = prev = event_digest(row, prev, text)
            texts[prev] = text
        bulk.insert(
            AuditEvent, rows, using=using, columns={"changes": lambda row: texts[row["hash"]]}
        )
        remember_head(using, prev)


def history(obj: models.Model) -> models.QuerySet[AuditEvent]:
    ct = ContentType.objects.get_for_model(obj, for_concrete_model=False)
    return AuditEvent.objects.filter(content_type=ct, object_id=str(obj.pk)).select_related("actor")


# ---------------------------------------------------------------------------
# Reading the trail: what a history tab shows a person
# ---------------------------------------------------------------------------

# Bookkeeping every record has; the row's own time and 操作人 already say it.
HIDDEN_IN_HISTORY = frozenset(
    {"id", "created_at", "updated_at", "created_by", "updated_by", "version", "password"}
)
EMPTY = "—"
# core.attachments.attach writes an attachment as “{name} sha256:{first 12 hex}”:
# the trail keeps the file's fingerprint, a person reads the file's name.
ATTACHMENT_KEY = gettext_noop("附件")
ATTACHMENT_DIGEST = re.compile(r"\s*sha256:[0-9a-f]+$")


def _file_name(value: Any) -> Any:
    return ATTACHMENT_DIGEST.sub("", value) if isinstance(value, str) else value


@dataclass(frozen=True)
class Change:
    """One changed field in words: its label, and the value before and after."""

    label: str
    old: str
    new: str


@dataclass(frozen=True)
class HistoryRow:
    """An audit event as a history tab shows it (labels, names, local time)."""

    event: AuditEvent
    at: str
    actor: str
    action: str
    note: str
    ip: str
    changes: list[Change]
    # A step recorded afterwards (补录): `at` is when it was done, this is
    # when it was recorded; "" for a step recorded as it was done.
    recorded_at: str = ""


def _field(model: type[models.Model] | None, name: str) -> models.Field[Any, Any] | None:
    if model is None:
        return None
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return None
    return field if isinstance(field, models.Field) else None


def _related(field: models.Field[Any, Any] | None) -> type[models.Model] | None:
    if field is None or not (field.many_to_one or field.one_to_one or field.many_to_many):
        return None
    model = field.related_model
    return model if isinstance(model, type) else None


def _ids(value: Any) -> list[Any]:
    values = value if isinstance(value, list) else [value]
    return [v for v in values if isinstance(v, int) and not isinstance(v, bool)]


def _names(wanted: dict[type[models.Model], set[Any]]) -> dict[tuple[Any, Any], str]:
    """Display names of the records the changes point at: one query per model,
    however many events and rows name them."""
    names: dict[tuple[Any, Any], str] = {}
    for model, pks in wanted.items():
        # In the model's own order, as a record's page lists a linked list
        # (`.all()`); `_value` keeps a list's names in this order.
        ordering = [*(model._meta.ordering or []), "pk"]
        qs = model._base_manager.filter(pk__in=pks).order_by(*ordering)
        # __str__ of a record often reads one relation (an officer's person).
        direct = [
            f.name
            for f in model._meta.concrete_fields
            if f.many_to_one or f.one_to_one  # type: ignore[attr-defined]
        ]
        qs = qs.select_related(*direct) if direct else qs
        for obj in qs:
            names[(model, obj.pk)] = display_name(obj)
    return names


def display_name(obj: Any) -> str:
    """How a record is named on a page: a user by their person's name (else the
    full name or log-in), anything else by its own str()."""
    name = getattr(obj, "display_name", None)
    return str(name) if name is not None else str(obj)


ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?([+-]\d{2}:\d{2}|Z)?)?$")


def _moment(value: str, *, date_only: bool) -> str | None:
    try:
        parsed = dt.datetime.fromisoformat(value)
    except (TypeError, ValueError):
        return None
    if date_only or (len(value) <= 10 and "T" not in value):
        return formats.date_format(parsed.date(), "DATE_FORMAT")
    if timezone.is_aware(parsed):
        parsed = timezone.localtime(parsed)
    return formats.date_format(parsed, "DATETIME_FORMAT")


def _loose(value: Any) -> str:
    """A value whose field is gone (or was never a field, e.g. “附件”)."""
    if value is None or value == "" or value == []:
        return EMPTY
    if isinstance(value, bool):
        return str(_("是") if value else _("否"))
    if isinstance(value, list):
        return "、".join(_loose(v) for v in value)
    if isinstance(value, str) and ISO_DATE.match(value):
        return _moment(value, date_only=False) or value
    return str(value)


def _value(
    field: models.Field[Any, Any] | None,
    value: Any,
    names: dict[tuple[Any, Any], str],
    codes: dict[str, Any] | None = None,
) -> str:
    if value is None or value == "" or value == []:
        return EMPTY
    if isinstance(value, str) and value.startswith("***"):
        return value  # a sensitive field, never stored in clear
    if field is None:
        if isinstance(value, str) and codes and value in codes:
            return str(codes[value])  # a state written under a label key (“司法确认结果”)
        return _loose(value)
    if field.name in MASKERS:
        return MASKERS[field.name](str(value)) or EMPTY
    related = _related(field)
    if related is not None:
        if isinstance(value, list):
            # A linked list is stored by id; shown in the order the record's
            # page lists it (the names' order, `_names`), unknown ids last.
            rank = {key: i for i, key in enumerate(names)}
            value = sorted(value, key=lambda v: rank.get((related, v), len(rank)))
            return "、".join(_value(field, v, names) for v in value) or EMPTY
        if isinstance(value, int) and not isinstance(value, bool):
            return names.get((related, value), _("（已删除：%(n)s）") % {"n": value})
        # Stored as the record's name already (a many-to-many set: publicity's
        # sectors and topics); a seeded name is shown in the reader's language.
        return shown(str(value))
    if field.choices:
        labels = {str(k): str(v) for k, v in field.flatchoices}
        if isinstance(value, list):
            return "、".join(labels.get(str(v), str(v)) for v in value) or EMPTY
        if "/" in str(value) and str(value) not in labels:
            # A bulk step's “valid/suspended”: the states it moved from.
            return "/".join(labels.get(part, part) for part in str(value).split("/"))
        return labels.get(str(value), str(value))
    if isinstance(field, models.BooleanField):
        return str(_("是") if value else _("否"))
    if isinstance(field, models.DateTimeField):
        return _moment(str(value), date_only=False) or str(value)
    if isinstance(field, models.DateField):
        return _moment(str(value), date_only=True) or str(value)
    return _loose(value)


def _field_order(model: type[models.Model] | None) -> dict[str, int]:
    """Changes listed in the order the model declares its fields (the form's order)."""
    if model is None:
        return {}
    return {f.name: i for i, f in enumerate(model._meta.get_fields())}


@functools.cache
def _model_codes(model: type[models.Model] | None) -> dict[str, Any]:
    """The model's choice codes that name one label only, for changes written
    under a label instead of a field name (older events): code → label."""
    if model is None:
        return {}
    # Labels kept lazy: the cache outlives a request's language.
    seen: dict[str, dict[str, Any]] = {}
    for field in model._meta.get_fields():
        for value, label in getattr(field, "flatchoices", None) or ():
            seen.setdefault(str(value), {})[str(label)] = label
    return {code: next(iter(labels.values())) for code, labels in seen.items() if len(labels) == 1}


def _model_of(event: AuditEvent) -> type[models.Model] | None:
    if event.content_type_id is None:
        return None
    return ContentType.objects.get_for_id(event.content_type_id).model_class()


def _when(at: dt.datetime) -> str:
    at = timezone.localtime(at) if timezone.is_aware(at) else at
    return formats.date_format(at, "DATETIME_FORMAT")


def _done_at(event: AuditEvent, model: type[models.Model] | None) -> dt.datetime | None:
    """When the step of a row recorded afterwards was done (`record(done_at=)`),
    or None: a step recorded as it was done, or a value that is no time."""
    changes = event.changes if isinstance(event.changes, dict) else {}
    value = changes.get(DONE_AT)
    if not isinstance(value, str) or _field(model, DONE_AT) is not None:
        return None
    try:
        return dt.datetime.fromisoformat(value)
    except ValueError:
        return None


def history_rows(events: Iterable[AuditEvent]) -> list[HistoryRow]:
    """The events as a person reads them: field labels (verbose names), choice
    labels, the names of the people, units and users a change points at
    (resolved in bulk, a fixed number of queries), 是/否, and dates and times
    in the active language's format (2026年12月4日 14:05). Fields a model no
    longer has show their stored name and value as they are; personal data
    stays masked."""
    events = list(events)
    wanted: dict[type[models.Model], set[Any]] = {}
    for event in events:
        model = _model_of(event)
        for key, pair in event.change_pairs:
            related = _related(_field(model, key))
            if related is not None and isinstance(pair, list):
                for side in pair:
                    wanted.setdefault(related, set()).update(_ids(side))
    names = _names(wanted)
    rows = []
    for event in events:
        model = _model_of(event)
        order = _field_order(model)
        codes = _model_codes(model)
        changes = []
        # Fields in the model's order; keys it does not know by name (older events)
        # by name, so the order is the same on every database (jsonb keeps none).
        pairs = sorted(
            event.change_pairs, key=lambda kv: (order.get(kv[0], len(order)), str(kv[0]))
        )
        done = _done_at(event, model)
        for key, pair in pairs:
            if key in HIDDEN_IN_HISTORY:
                continue
            field = _field(model, key)
            if key == DONE_AT and field is None:
                continue  # shown as the row's time (`_done_at`)
            if isinstance(field, BlindIndexField):
                continue  # written by older events (snapshot no longer keeps it)
            old, new = pair if isinstance(pair, list) and len(pair) == 2 else (None, pair)
            if field is None and key == ATTACHMENT_KEY:
                old, new = _file_name(old), _file_name(new)
            shown_old = _value(field, old, names, codes)
            shown_new = _value(field, new, names, codes)
            if shown_old == shown_new:
                continue  # None → "" and the like: nothing a person would call a change
            label = str(field.verbose_name) if field is not None else shown(str(key))
            changes.append(Change(label, shown_old, shown_new))
        rows.append(
            HistoryRow(
                event=event,
                at=_when(done or event.at),
                recorded_at=_when(event.at) if done is not None else "",
                actor=shown(event.actor_name) or (display_name(event.actor) if event.actor else ""),
                action=str(event.get_action_display()),
                note=shown(event.note),
                ip=event.ip or "",
                changes=changes,
            )
        )
    return rows
