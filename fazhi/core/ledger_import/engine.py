"""One import run: read the file, find the header, map the columns, parse
every row, then run the new rows through the kind's workflow call inside one
transaction. A preview (`dry_run=True`) does the same and rolls back, so what
it shows is what the commit will do, refusals of the workflow included.

Outcomes per row: 新建 (created), 更新 (a kind that `updates`: an existing
record found by its own key, or a row imported before whose content changed,
applied through the workflow), 重复跳过 (imported before with the same
content, or twice in this file, or already in fazhi as the row says),
已变更跳过 (imported before, content since changed in the ledger: reported,
not applied — the record may have moved on in fazhi through its own steps,
and a spreadsheet must not overwrite what the workflow recorded; the clerk
corrects it on the record's page), 拒绝 (with the reasons, each naming its
column). Each row runs in a savepoint, so a refused
row leaves nothing; an unexpected error rolls the whole file back."""

from __future__ import annotations

import hashlib
import io
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import tablib
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import DataError, transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from .. import batch, bulk, history, inputs
from ..errors import RuleViolation
from ..i18n import shown, stored
from ..models import ImportedRow, ImportMapping, OrgUnit
from ..scope import unit_in_scope
from . import values as V
from .matching import People, Units
from .reading import Header, _clean, find_header, read_rows
from .registry import Column, Context, LedgerKind

# A row's outcome and reasons are kept in the job's report in Chinese (the
# report is read later, in either language: core.i18n.shown on the page and in
# the result file).
CREATED = gettext_noop("新建")
UPDATED = gettext_noop("更新")
DUPLICATE = gettext_noop("重复跳过")
CHANGED = gettext_noop("已变更跳过")
REFUSED = gettext_noop("拒绝")
OUTCOMES = (CREATED, UPDATED, DUPLICATE, CHANGED, REFUSED)
# What a kind's `create` reports in `Context.result`.
RESULT_OUTCOMES = {"created": CREATED, "updated": UPDATED, "unchanged": DUPLICATE}
PROGRESS_EVERY = 200
COLUMN_NOTE = gettext_noop("【%(column)s】%(text)s")


@dataclass
class RowResult:
    line: int  # the row's number in the sheet (1-based, as Excel shows it)
    cells: list[str]
    values: dict[str, Any] = field(default_factory=dict)
    key: str = ""
    content_hash: str = ""
    outcome: str = ""
    reasons: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    record: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {
            "line": self.line,
            "cells": self.cells,
            "outcome": self.outcome,
            "reasons": self.reasons,
            "warnings": self.warnings,
            "record": self.record,
        }


@dataclass
class Report:
    kind: str
    filename: str
    labels: list[str]
    mapping: dict[str, str]
    rows: list[RowResult]
    dry_run: bool

    def counts(self) -> dict[str, int]:
        out = dict.fromkeys(OUTCOMES, 0)
        for r in self.rows:
            out[r.outcome] = out.get(r.outcome, 0) + 1
        return out

    def as_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "filename": self.filename,
            "labels": self.labels,
            "mapping": self.mapping,
            "dry_run": self.dry_run,
            "counts": self.counts(),
            "rows": [r.as_dict() for r in self.rows],
        }


# The result file's own columns, after the file's. Named for the import so
# that they never read as a column of the ledger itself (a 信访台账 has its own
# 处理结果/办理结果, a mediation ledger its 处理结果).
RESULT_COLUMNS = (
    gettext_noop("导入结果"),
    gettext_noop("导入说明"),
    gettext_noop("导入记录"),
)


def result_headers(labels: list[str], mapping: dict[str, str]) -> tuple[list[int], list[str]]:
    """Which of the file's columns the result file keeps, and its headers.
    A column of the file named like the result's and read into nothing (a
    result file corrected and imported again) was the last run's outcome: it
    gives way to this run's. A column named so that the kind reads (the
    ledger's own data) stays, and this run's are marked 本次, so no header of
    the result file is there twice."""
    ours = [_(n) for n in RESULT_COLUMNS]
    names = {_clean(n) for n in ours}
    keep = [i for i, label in enumerate(labels) if _clean(label) not in names or mapping.get(label)]
    kept = [labels[i] for i in keep]
    taken = {_clean(label) for label in kept}
    headers = []
    for name in ours:
        while _clean(name) in taken:
            name = _("%(name)s（本次）") % {"name": name}
        taken.add(_clean(name))
        headers.append(name)
    return keep, [*kept, *headers]


def result_xlsx(report: dict[str, Any]) -> bytes:
    """The file as read, every row with its 导入结果 and 导入说明 (the reasons,
    then the warnings) and the record it made, for the clerk to correct and
    import again (`result_headers`: never a header of the file's own)."""
    labels = list(report["labels"])
    keep, headers = result_headers(labels, dict(report.get("mapping") or {}))
    sheet = tablib.Dataset(headers=headers)
    for row in report["rows"]:
        cells = (list(row["cells"]) + [""] * len(labels))[: len(labels)]
        why = "；".join(
            [
                *(shown(r) for r in row["reasons"]),
                *(_("提示：%(warning)s") % {"warning": shown(w)} for w in row["warnings"]),
            ]
        )
        sheet.append([*(cells[i] for i in keep), shown(row["outcome"]), why, row["record"]])
    sheet.title = _("导入结果")
    return sheet.export("xlsx")  # type: ignore[no-any-return]


# --- the mapping -----------------------------------------------------------------


def known_headers(kind: LedgerKind) -> set[str]:
    return {_clean(n) for c in kind.columns for n in c.names()}


def auto_mapping(kind: LedgerKind, header: Header) -> dict[str, str]:
    """Header label -> column key, by the kind's names for each column; each
    column taken once (the first header naming it), unknown headers unmapped."""
    by_name = {_clean(n): c.key for c in kind.columns for n in c.names()}
    mapping: dict[str, str] = {}
    taken: set[str] = set()
    for label, cands in zip(header.labels, header.candidates, strict=True):
        key = next((by_name[c] for c in cands if c in by_name), "")
        if key in taken:
            key = ""
        if label:
            mapping.setdefault(label, key)
            if key:
                taken.add(key)
    return mapping


def remembered_mapping(kind: LedgerKind, unit: OrgUnit) -> dict[str, str]:
    stored = ImportMapping.objects.filter(unit=unit, kind=kind.name).first()
    return dict(stored.mapping) if stored else {}


def remember_mapping(kind: LedgerKind, unit: OrgUnit, mapping: dict[str, str], by: Any) -> None:
    ImportMapping.objects.update_or_create(
        unit=unit,
        kind=kind.name,
        defaults={"mapping": mapping, "updated_by": by if by.is_authenticated else None},
    )


def propose_mapping(kind: LedgerKind, unit: OrgUnit, header: Header) -> dict[str, str]:
    """The remembered mapping where it names this file's headers, the default
    recognition for the rest."""
    mapping = auto_mapping(kind, header)
    remembered = remembered_mapping(kind, unit)
    valid = {c.key for c in kind.columns}
    for label in mapping:
        if label in remembered and (remembered[label] in valid or remembered[label] == ""):
            mapping[label] = remembered[label]
    return mapping


def missing_required(kind: LedgerKind, mapping: dict[str, str]) -> list[Column]:
    mapped = set(mapping.values())
    return [c for c in kind.columns if c.required and c.key not in mapped]


# --- access ----------------------------------------------------------------------


def check_access(kind: LedgerKind, unit: OrgUnit, by: Any) -> None:
    """Who may import where: a role that writes this ledger, into a unit in
    their scope (a village cadre into their village only)."""
    if not getattr(by, "can_write", False):
        raise RuleViolation(_("您的角色为只读，不能导入台账。"))
    if kind.writer_roles is not None and not (
        by.is_superuser or getattr(by, "role", None) in kind.writer_roles
    ):
        raise RuleViolation(_("您的角色不能导入%(kind)s。") % {"kind": kind.label})
    if not unit_in_scope(by, unit):
        raise RuleViolation(_("所属单位不存在或不在您的管辖范围内。"), field="unit")


# --- parsing ---------------------------------------------------------------------


_MANY_SPLIT = re.compile(r"[、，,；;／/\s]+")


def _parse_cell(col: Column, cell: Any, units: Units) -> tuple[Any, list[str]]:
    if col.many:
        if not isinstance(cell, str):  # a number cell is one value (and an ID one refused)
            value, warnings = _parse_one(col, cell, units)
            return ([value] if value not in (None, "") else None), warnings
        values: list[Any] = []
        warnings = []
        for piece in _MANY_SPLIT.split(cell.strip()):
            if piece:
                value, more = _parse_one(col, piece, units)
                values.append(value)
                warnings += more
        return (values or None), warnings
    return _parse_one(col, cell, units)


def _parse_one(col: Column, cell: Any, units: Units) -> tuple[Any, list[str]]:
    if col.type == "date":
        # The forms' rule (core.inputs), by the column's key.
        return V.parse_date(cell, ahead=inputs.may_lie_ahead(col.key)), []
    if col.type == "id_number":
        return V.parse_id_number(cell)
    if col.type == "phone":
        return V.parse_phone(cell)
    if col.type == "int":
        return V.parse_int(cell), []
    if col.type == "decimal":
        return V.parse_decimal(cell), []
    if col.type == "bool":
        return V.parse_bool(cell), []
    if col.type == "choice":
        return V.parse_choice(cell, col.choices), []
    if col.type == "unit":
        text = V.text(cell)
        if not text:
            return None, []
        unit, warning = units.match(text)
        return unit, [warning] if warning else []
    value = V.text(cell)
    # The forms' and the API's cap on a free text (core.inputs), by the column.
    limit = col.limit or inputs.text_limit(col.key)
    if len(value) > limit:
        raise ValueError(stored(CELL_TOO_LONG, limit=limit, length=len(value)))
    return value, []


CELL_TOO_LONG = gettext_noop("最多%(limit)s个字，本格有%(length)s个字，请删减后再导入")


def _hashable(value: Any) -> Any:
    if isinstance(value, list):
        return [_hashable(v) for v in value]
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if hasattr(value, "pk"):
        return f"pk:{value.pk}"
    return str(value) if value is not None else None


def parse_rows(
    kind: LedgerKind, rows: list[list[Any]], header: Header, mapping: dict[str, str], units: Units
) -> list[RowResult]:
    columns = {c.key: c for c in kind.columns}
    index = {i: mapping.get(label, "") for i, label in enumerate(header.labels)}
    out: list[RowResult] = []
    for offset, row in enumerate(rows[header.row + 1 :], start=header.row + 2):
        cells = [V.text(c) for c in row]
        if not any(cells):
            continue
        result = RowResult(line=offset, cells=cells)
        failed: set[str] = set()
        for i, key in index.items():
            if not key:
                continue
            col = columns[key]
            cell = row[i] if i < len(row) else None
            try:
                value, warnings = _parse_cell(col, cell, units)
            except ValueError as exc:
                result.reasons.append(stored(COLUMN_NOTE, column=header.labels[i], text=exc))
                failed.add(key)
                continue
            result.warnings += [
                stored(COLUMN_NOTE, column=header.labels[i], text=w) for w in warnings
            ]
            if value not in (None, "") or key not in result.values:
                result.values[key] = value
        for col in kind.columns:
            if col.required and col.key not in failed and result.values.get(col.key) in (None, ""):
                result.reasons.append(
                    stored(gettext_noop("【%(column)s】不能为空"), column=col.label)
                )
        # A ledger's 合计 / 备注 line under the table is not a record.
        if not result.values.get(kind.key_fields[0]) and len([c for c in cells if c]) <= 2:
            continue
        result.key = kind.natural_key(result.values)
        payload = json.dumps(
            {k: _hashable(v) for k, v in sorted(result.values.items())}, ensure_ascii=False
        )
        result.content_hash = hashlib.sha256(payload.encode()).hexdigest()
        if result.reasons:
            result.outcome = REFUSED
        out.append(result)
    return out


# --- the run ---------------------------------------------------------------------


def prepare(
    kind: LedgerKind, filename: str, data: bytes, unit: OrgUnit
) -> tuple[list[list[Any]], Header, dict[str, str]]:
    rows = read_rows(filename, data)
    header = find_header(rows, known_headers(kind))
    return rows, header, propose_mapping(kind, unit, header)


def run(
    kind: LedgerKind,
    filename: str,
    data: bytes,
    *,
    unit: OrgUnit,
    by: Any,
    mapping: dict[str, str] | None = None,
    dry_run: bool = True,
    progress: Callable[[int, int], None] | None = None,
) -> Report:
    """Preview (`dry_run`) or commit one file. Refusals of the file itself
    (no header, a required column unmapped, out of scope) raise
    `RuleViolation`; a row's refusal is its outcome."""
    check_access(kind, unit, by)
    rows, header, proposed = prepare(kind, filename, data, unit)
    mapping = {**proposed, **(mapping or {})}
    missing = missing_required(kind, mapping)
    if missing:
        names = "、".join(c.label for c in missing)
        raise RuleViolation(
            _("请为以下必填项选择对应的列：%(names)s。") % {"names": names}, field="mapping"
        )
    # A row's outcome and reasons are kept in the report: in Chinese whoever
    # imports (the workflow's refusals too), shown translated (core.i18n.shown).
    with translation.override(settings.LANGUAGE_CODE):
        units = Units(unit)
        results = parse_rows(kind, rows, header, mapping, units)
        id_keys = [c.key for c in kind.columns if c.type == "id_number"]
        total = len(results)
        people = People(by)
        record_type: ContentType | None = None
        seen: dict[str, RowResult] = {}
        # One transaction for the file; inside it what every row's workflow steps
        # would read again (calendar, settings, scope, the audit chain's head) is
        # read once (core.batch), and the file's ID numbers are looked up at once.
        with batch.run(), transaction.atomic():
            history.settle_trigger_settings()  # 10^4 tracked rows in one transaction
            people.prime([r.values.get(k) for r in results if not r.outcome for k in id_keys])
            keys = [r.key for r in results if not r.outcome]
            done_before = (
                {
                    row.key: row.content_hash
                    for row in ImportedRow.objects.filter(kind=kind.name, unit=unit, key__in=keys)
                }
                if len(keys) <= 5000
                else {
                    row.key: row.content_hash
                    for row in ImportedRow.objects.filter(kind=kind.name, unit=unit)
                }
            )
            # The rows the kind takes in bulk wait in `pending` (file order)
            # and are written before the next row taken one by one, so
            # numbers and repeats run in file order as row by row.
            batcher = (
                kind.batch(
                    by, unit, people, [r.values for r in results if not r.outcome], dry_run=dry_run
                )
                if kind.batch is not None
                else None
            )
            pending: list[tuple[RowResult, Any, Context]] = []

            def flush(*, last: bool = False) -> None:
                nonlocal record_type
                if batcher is None or not pending:
                    return
                plans, ctxs = [p[1] for p in pending], [p[2] for p in pending]
                records = (
                    batcher.create_many(plans, ctxs, last=True)
                    if last
                    else batcher.create_many(plans, ctxs)
                )
                if record_type is None:
                    record_type = ContentType.objects.get_for_model(records[0])
                importer = by.pk if by.is_authenticated else None
                # A preview's batch writes only what a later row reads (RowBatch):
                # no row reads another's ImportedRow (`done_before` was read
                # first, and `seen` holds the file's keys).
                if not dry_run:
                    bulk.insert(
                        ImportedRow,
                        [
                            {
                                "kind": kind.name,
                                "unit_id": unit.pk,
                                "key": result.key,
                                "content_hash": result.content_hash,
                                "record_type_id": record_type.pk,
                                "record_id": record.pk,
                                "imported_by_id": importer,
                            }
                            for (result, _plan, _ctx), record in zip(pending, records, strict=True)
                        ],
                    )
                for (result, _plan, ctx), record in zip(pending, records, strict=True):
                    result.outcome = CREATED
                    result.record = kind.describe(record)
                    result.warnings += ctx.warnings
                pending.clear()

            for n, result in enumerate(results, start=1):
                if n % PROGRESS_EVERY == 0:
                    # The rows taken so far are done when the page says so.
                    # A preview's wait until a row goes row by row, or the
                    # end: if none does, nothing reads them and the batch
                    # need not write them (RowBatch.create_many's `last`).
                    if not dry_run:
                        flush()
                    if progress is not None:
                        progress(n, total)
                if result.outcome:
                    continue
                first = seen.get(result.key)
                if first is not None:
                    if first.content_hash == result.content_hash:
                        result.outcome = DUPLICATE
                        result.reasons.append(stored(gettext_noop("与第%(n)s行相同"), n=first.line))
                    else:
                        result.outcome = REFUSED
                        result.reasons.append(
                            stored(
                                gettext_noop("与第%(n)s行是同一条记录，但内容不同，请核对"),
                                n=first.line,
                            )
                        )
                    continue
                seen[result.key] = result
                if result.key in done_before:
                    if done_before[result.key] == result.content_hash:
                        result.outcome = DUPLICATE
                        result.reasons.append(gettext_noop("此前已导入"))
                        continue
                    if not kind.updates:
                        result.outcome = CHANGED
                        result.reasons.append(
                            gettext_noop("此前已导入，台账中的内容已变更；请在系统中更正该记录")
                        )
                        continue
                ctx = Context(by=by, unit=unit, line=result.line, people=people)
                if batcher is not None and result.key not in done_before:
                    plan = batcher.takes(dict(result.values), ctx)
                    if plan is not None:
                        pending.append((result, plan, ctx))
                        continue
                    ctx = Context(by=by, unit=unit, line=result.line, people=people)
                flush()
                mark = people.mark()
                try:
                    with transaction.atomic():
                        with batch.one_savepoint():
                            record = kind.create(dict(result.values), ctx)
                        if record_type is None:
                            record_type = ContentType.objects.get_for_model(record)
                        imported = {
                            "content_hash": result.content_hash,
                            "record_type": record_type,
                            "record_id": record.pk,
                            "imported_by": by if by.is_authenticated else None,
                        }
                        if result.key in done_before:
                            ImportedRow.objects.update_or_create(
                                kind=kind.name, unit=unit, key=result.key, defaults=imported
                            )
                        else:
                            # done_before holds every key of this kind and
                            # unit, and `seen` every earlier row of the file:
                            # no row to find, so no lookup and no
                            # update_or_create savepoints (5 statements a row).
                            ImportedRow.objects.create(
                                kind=kind.name, unit=unit, key=result.key, **imported
                            )
                except ValidationError as exc:  # RuleViolation, or a model's full_clean
                    people.rollback_to(mark)
                    result.outcome = REFUSED
                    result.reasons.append(_violation_text(kind, exc, mapping))
                    continue
                except ValueError as exc:
                    people.rollback_to(mark)
                    result.outcome = REFUSED
                    result.reasons.append(str(exc))
                    continue
                except DataError as exc:
                    # A workflow that saves without full_clean: PostgreSQL
                    # refuses a value longer than its column. The row's
                    # savepoint is rolled back; anything else stays fatal.
                    reasons = _too_long_in_database(kind, result, exc, mapping)
                    if not reasons:
                        raise
                    people.rollback_to(mark)
                    result.outcome = REFUSED
                    result.reasons += reasons
                    continue
                if batcher is not None:
                    batcher.forget()
                result.outcome = RESULT_OUTCOMES.get(ctx.result, CREATED)
                if result.outcome == DUPLICATE:
                    result.reasons.append(gettext_noop("系统中已有该记录，内容与台账相同"))
                elif result.outcome == UPDATED and result.key in done_before:
                    result.reasons.append(gettext_noop("此前已导入，按台账变更的内容更新"))
                elif result.outcome == UPDATED:
                    result.reasons.append(gettext_noop("系统中已有该记录，按台账更新"))
                result.record = kind.describe(record)
                result.warnings += ctx.warnings
            flush(last=dry_run)
            if dry_run:
                transaction.set_rollback(True)
        if progress is not None:
            progress(total, total)
        return Report(kind.name, filename, header.labels, mapping, results, dry_run)


def _violation_text(kind: LedgerKind, exc: ValidationError, mapping: dict[str, str]) -> str:
    """A workflow refusal, with the column it concerns when the field is one
    (named as the file names it). A model's own length check (full_clean's
    max_length, Django's “确保该值不超过…（它已有…）”) is said as the ledger
    would: the column, its limit and the cell's length."""
    if not hasattr(exc, "error_dict"):
        return "；".join(exc.messages)
    parts = []
    for field_name, errors in exc.error_dict.items():
        name = getattr(exc, "field", "") or field_name
        key = kind.field_columns.get(name, name)
        label = _column_label(kind, key, mapping)
        for error in errors:
            params = error.params or {}
            if error.code == "max_length" and label and "limit_value" in params:
                parts.append(
                    stored(
                        TOO_LONG,
                        column=label,
                        limit=params["limit_value"],
                        length=params.get("show_value", ""),
                    )
                )
                continue
            text = "；".join(error.messages)
            parts.append(stored(COLUMN_NOTE, column=label, text=text) if label else text)
    return "；".join(parts)


TOO_LONG = gettext_noop("【%(column)s】最多%(limit)s个字，本格有%(length)s个字，请删减后再导入")


_VARCHAR = re.compile(r"character varying\((\d+)\)")


def _too_long_in_database(
    kind: LedgerKind, result: RowResult, exc: DataError, mapping: dict[str, str]
) -> list[str]:
    """PostgreSQL's “value too long for type character varying(N)” names
    neither the column nor the value: the row's text cells longer than N are
    named, as full_clean's refusal would be (TOO_LONG). Nothing when the
    error is another (the file then rolls back as for any unexpected error)."""
    match = _VARCHAR.search(str(exc))
    if match is None:
        return []
    limit = int(match.group(1))
    reasons = [
        stored(TOO_LONG, column=_column_label(kind, key, mapping), limit=limit, length=len(value))
        for key, value in result.values.items()
        if isinstance(value, str) and len(value) > limit
    ]
    return reasons or [stored(TOO_LONG_SOMEWHERE, limit=limit)]


TOO_LONG_SOMEWHERE = gettext_noop("有一项超过系统允许的%(limit)s个字，请核对各列后再导入")


def _column_label(kind: LedgerKind, key: str, mapping: dict[str, str]) -> str:
    """The header of the file's column holding `key`, else the kind's label for it."""
    in_file = next((label for label, k in mapping.items() if k == key and label), "")
    return in_file or next((c.label for c in kind.columns if c.key == key), "")


def export_report(report: Report) -> bytes:
    return result_xlsx(report.as_dict())


def read_back(data: bytes) -> list[list[Any]]:
    """The result file's rows (tests and the page's download check)."""
    sheet = tablib.Dataset().load(io.BytesIO(data), format="xlsx", headers=False)
    return [list(r) for r in sheet]
