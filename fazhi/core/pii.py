"""Revealing personal information: only PII roles, only in scope, always audited."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any

from django.db import models
from django.utils.translation import gettext as _

from . import audit, reasons
from .validators import MASKERS

REFUSAL = "您的角色无权查看完整个人信息。"
LABELS = {"id_number": "身份证号码", "phone": "联系电话", "address": "住址"}


def masked(obj: models.Model, field: str) -> str:
    return MASKERS[field](getattr(obj, field) or "")


def display(obj: models.Model, field: str, user: Any) -> str:
    """The value as `user` may see it in a list or an export (never audited:
    exports are audited as a whole)."""
    value = getattr(obj, field) or ""
    return value if getattr(user, "can_reveal_pii", False) else MASKERS[field](value)


def reveal(obj: models.Model, field: str, *, by: Any, reason: str) -> str:
    """The full value, for a PII role, audited with the reason given (the
    record, the field and why: core.reasons; a missing reason is refused
    naming the field `reason`)."""
    if field not in MASKERS:
        raise KeyError(field)
    if not getattr(by, "can_reveal_pii", False):
        raise PermissionError(REFUSAL)
    reason = reasons.require(reason)
    audit.record(
        obj,
        by=by,
        action="reveal",
        changes={"字段": [field], "理由": reason},
        note=f"查看完整{LABELS[field]}；理由：{reason}",
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
        if "理由" not in changes:
            out.append(row)
            continue
        fields = changes.get("字段") or []
        labels = [LABELS.get(f, f) for f in ([fields] if isinstance(fields, str) else fields)]
        facts = []
        if labels and not all(label in row.note for label in labels):
            facts.append(Fact(_("完整个人信息"), "、".join(labels)))
        out.append(replace(row, changes=facts))  # type: ignore[arg-type]
    return out
