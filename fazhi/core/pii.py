"""Revealing personal information: only PII roles, only in scope, always audited."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from . import audit, reasons
from .i18n import stored
from .validators import MASKERS

REFUSAL = gettext_lazy("您的角色无权查看完整个人信息。")
# Field names as an audit note keeps them (Chinese, core.i18n.stored).
LABELS = {
    "id_number": gettext_noop("身份证号码"),
    "phone": gettext_noop("联系电话"),
    "address": gettext_noop("住址"),
}
REASON, FIELDS = gettext_noop("理由"), gettext_noop("字段")


def masked(obj: models.Model, field: str) -> str:
    """The value as every page shows it, whatever the role (PIPL 第六条: no
    more than the work needs). A role that may see it in full asks for one
    value at a time by "显示" (`reveal`, audited with the reason); the page's
    HTML for that is core.templatetags.pii_tags."""
    return MASKERS[field](getattr(obj, field) or "")


def for_export(obj: models.Model, field: str, user: Any) -> str:
    """The value as it goes out in an export or a written document (台账
    .xlsx, 调解协议书): in full for a role that may see personal data, masked
    for the others. Never for a page. Not audited here: the export is, as a
    whole, after the reason page (core.listing.ScopedListView.export_with_reason,
    core.reasons.ask), with 字段 and 理由."""
    value = getattr(obj, field) or ""
    return value if getattr(user, "can_reveal_pii", False) else MASKERS[field](value)


def reveal(obj: models.Model, field: str, *, by: Any, reason: str) -> str:
    """The full value, for a PII role, audited with the reason given (the
    record, the field and why: core.reasons; a missing reason is refused
    naming the field `reason`)."""
    if field not in MASKERS:
        raise KeyError(field)
    if not getattr(by, "can_reveal_pii", False):
        raise PermissionError(str(REFUSAL))
    reason = reasons.require(reason)
    audit.record(
        obj,
        by=by,
        action="reveal",
        changes={FIELDS: [field], REASON: reason},
        note=stored(
            gettext_noop("查看完整%(field)s；理由：%(reason)s"), field=LABELS[field], reason=reason
        ),
    )
    return getattr(obj, field) or ""


@dataclass(frozen=True)
class Fact:
    """A line of an audit event that states a fact, not a change (no “before → after”)."""

    label: str
    new: str
    old: None = None


def readable(rows: Iterable[audit.HistoryRow]) -> list[audit.HistoryRow]:
    """Audit rows as a person reads them, for events with a reason (core.reasons):
    a reveal, an export or a read keeps the reason and the fields in `changes`
    for machines (理由, 字段), which history_rows would show as changes from
    nothing (“字段：— → phone”, two fields as “id_number → phone”). The note
    already says the reason; the fields are named by their labels."""
    out = []
    for row in rows:
        changes = row.event.changes if isinstance(row.event.changes, dict) else {}
        if REASON not in changes:
            out.append(row)
            continue
        fields = changes.get(FIELDS) or []
        labels = [
            _(LABELS[f]) if f in LABELS else f
            for f in ([fields] if isinstance(fields, str) else fields)
        ]
        facts = []
        if labels and not all(label in row.note for label in labels):
            facts.append(Fact(_("完整个人信息"), "、".join(labels)))
        out.append(replace(row, changes=facts))  # type: ignore[arg-type]
    return out
