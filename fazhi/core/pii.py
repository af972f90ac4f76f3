"""Revealing personal information: only PII roles, only in scope, always audited."""

from __future__ import annotations

from typing import Any

from django.db import models

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
