"""Personal data in API answers (PIPL 第六条; GB/T 22239-2019 8.1.4.3): an ID
number, phone or address comes back masked, for every role, unless the call
asks for it in full with a reason — `?reason=…` on a read (GET) by a role
that may see personal data (`can_reveal_pii`). Then each record shown in full
is audited with the reason and the fields (action 查看个人信息, as a reveal
on a page: core.pii.reveal), once per record and call. A reason too short is
refused, 400 naming `reason`, before anything is shown. A role without the
right, or a write's echo of the record, gets the masked answer whatever it
sends: the masked answer is free."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_noop

from . import audit, pii, reasons
from .i18n import stored

_REASON = "_fazhi_api_pii_reason"
_AUDITED = "_fazhi_api_pii_audited"
SAFE = ("GET", "HEAD")


def full_reason(request: Any) -> str | None:
    """The reason this API call gives for full personal data, or None (the
    answer is masked); RuleViolation naming `reason` when it is too short."""
    if request is None or not getattr(request.user, "can_reveal_pii", False):
        return None
    if request.method not in SAFE:
        return None
    if not hasattr(request, _REASON):
        params = getattr(request, "query_params", request.GET)
        reason = reasons.require(params.get(reasons.FIELD)) if reasons.FIELD in params else None
        setattr(request, _REASON, reason)
    return getattr(request, _REASON)  # type: ignore[no-any-return]


def values(obj: models.Model, fields: tuple[str, ...] | list[str], request: Any) -> dict[str, str]:
    """The personal fields of `obj` as the API answers `request`: masked, or in
    full with the reason given (the record's read audited once per call)."""
    reason = full_reason(request)
    if reason is None:
        return {f: pii.masked(obj, f) for f in fields}
    out = {f: getattr(obj, f) or "" for f in fields}
    shown = [f for f in fields if out[f]]
    key = (obj._meta.label_lower, obj.pk)
    done: set[tuple[str, Any]] = getattr(request, _AUDITED, set())
    if shown and key not in done:
        done.add(key)
        setattr(request, _AUDITED, done)
        audit.record(
            obj,
            by=request.user,
            action="reveal",
            changes={pii.FIELDS: shown, pii.REASON: reason},
            note=stored(
                gettext_noop("API 查看完整%(field)s；理由：%(reason)s"),
                field="、".join(pii.LABELS[f] for f in shown),
                reason=reason,
            ),
        )
    return out
