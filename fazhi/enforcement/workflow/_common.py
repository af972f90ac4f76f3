"""What every enforcement step shares: the clock kinds, the penalty order, the
case lock with its stage check, the timeline row with its audit entry, the
clock start with the case's officers as recipients."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from collections.abc import Set as AbstractSet
from decimal import Decimal
from typing import Any, TypeVar

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from fazhi.core import audit, numbering, steps
from fazhi.core.errors import RuleViolation
from fazhi.core.models import Clock, User
from fazhi.core.roles import Role

from ..models import (
    CaseEvent,
    EnforcementCase,
    Officer,
)

Case = EnforcementCase
Stage = EnforcementCase.Stage

# Clock kinds (core.Clock.kind) this app starts.
CLOCK_DECISION = "enforcement.decision"
CLOCK_PRESERVATION = "enforcement.preservation"
CLOCK_HEARING_REQUEST = "enforcement.hearing_request"
CLOCK_SERVICE = "enforcement.service"
CLOCK_PAYMENT = "enforcement.payment"
CLOCK_DISCLOSURE = "enforcement.disclosure"
CLOCK_WITHDRAWAL = "enforcement.withdrawal"
CLOCK_MEASURE = "enforcement.measure"

# Penalties ordered by severity, for 《行政处罚法》第四十五条 (no heavier penalty
# because of the defence).
SEVERITY = {
    Case.PenaltyKind.WARNING: 0,
    Case.PenaltyKind.FINE: 1,
    Case.PenaltyKind.CONFISCATION: 2,
    Case.PenaltyKind.LICENCE: 3,
    Case.PenaltyKind.CLOSURE: 4,
}
HEARING_KINDS = {Case.PenaltyKind.LICENCE, Case.PenaltyKind.CLOSURE}
# Stored on the timeline (Chinese), translated where shown.
ACTION_LABELS = {
    "file": gettext_noop("立案"),
    "investigate": gettext_noop("调查取证"),
    "preserve": gettext_noop("先行登记保存"),
    "review": gettext_noop("审查"),
    "notify": gettext_noop("事先告知"),
    "statement": gettext_noop("记录陈述申辩"),
    "request_hearing": gettext_noop("申请听证"),
    "schedule_hearing": gettext_noop("安排听证"),
    "hold_hearing": gettext_noop("举行听证"),
    "submit_legal_review": gettext_noop("提交法制审核"),
    "decide": gettext_noop("作出处罚决定"),
    "serve": gettext_noop("送达"),
    "defer_payment": gettext_noop("批准延期/分期缴纳"),
    "pay": gettext_noop("缴纳罚款"),
    "apply_measure": gettext_noop("实施行政强制措施"),
    "close": gettext_noop("结案"),
}

# Only the township's leaders take the head's decisions (审查, 处罚决定;
# 《行政处罚法》第五十七条).
HEAD_ROLES = {Role.TOWNSHIP_LEADER}

S = TypeVar("S", bound=models.Model)


def _lock_case(
    case: EnforcementCase, by: Any, action: str, *, also: AbstractSet[str] = frozenset()
) -> EnforcementCase:
    """The case row locked in `by`'s scope (core.steps.lock), at a stage from
    which `action` may be taken. This app's TRANSITIONS table is keyed by
    action (the stages each step may start from), so the refusal names the
    step: “案件当前处于“已立案”阶段，不能事先告知”. `also` admits further stages
    for a step whose own checks give the clearer refusal."""
    locked = steps.lock(case, by=by)
    if locked.stage not in EnforcementCase.TRANSITIONS[action] | also:
        raise RuleViolation(
            _("案件当前处于“%(stage)s”阶段，不能%(action)s。")
            % {"stage": locked.get_stage_display(), "action": _(ACTION_LABELS[action])},
            field="stage",
        )
    return locked


def _lock_status(obj: S, by: Any, action: str, what: str, noun: str = "") -> S:
    """A certificate, disclosure or complaint locked in `by`'s scope, in a
    status from which `action` may be taken (its TRANSITIONS, keyed by action)."""
    locked = steps.lock(obj, by=by)
    status = locked.status  # type: ignore[attr-defined]
    if status not in type(locked).TRANSITIONS[action]:  # type: ignore[attr-defined]
        shown = locked.get_status_display()  # type: ignore[attr-defined]
        raise RuleViolation(
            _("%(noun)s当前状态为“%(shown)s”，不能%(what)s。")
            % {"noun": noun, "shown": shown, "what": what},
            field="status",
        )
    return locked


def _event(
    case: EnforcementCase,
    action: str,
    on: dt.date,
    by: Any,
    *,
    old: str,
    note: str = "",
    label: str = "",
) -> None:
    """The case's timeline row (CaseEvent, the case file's 流程记录) and its
    audit entry, whose note dates the act as the case page's timeline shows
    it (2024-03-05, fazhi/formats; the case file's documents write it in
    words)."""
    label = label or ACTION_LABELS.get(action, action)
    CaseEvent.write(old, case.stage, by=by, note=note, case=case, action=action, label=label, on=on)
    changes: dict[str, Any] = {"stage": [old, case.stage]} if old != case.stage else {}
    audit.record(
        case,
        by=by,
        action="transition" if changes else "update",
        changes=changes,
        note=f"{label} {on:%Y-%m-%d} {note}".strip(),
    )


def _case_users(case: EnforcementCase, by: Any) -> list[Any]:
    """Who is reminded of a case's clocks: its officers, and whoever started it."""
    users = list(User.objects.filter(person__enforcement_officer__cases=case).distinct())
    actor = steps.actor(by)
    if actor is not None and actor not in users:
        users.append(actor)
    return users


def _start_clock(
    target: models.Model,
    case: EnforcementCase,
    *,
    kind: str,
    label: str,
    start_date: dt.date,
    length: int,
    unit: str,
    rule: str,
    by: Any,
) -> Clock:
    """core.clocks.start, labelled with the case number and addressed to the
    case's officers (a clock of a preservation or measure reminds them too)."""
    return steps.start_clock(
        target,
        kind=kind,
        label=gettext_noop("%(record)s：%(label)s")
        % {"record": case.number or case.title, "label": label},
        start_date=start_date,
        length=length,
        unit=unit,
        by=by,
        legal_basis=rule,
        recipients=_case_users(case, by),
        holder=case,
    )


def _officers(ids_or_objs: Iterable[Any]) -> list[Officer]:
    """The officers named by a form or the API (ids or objects), read with what
    `check_officers` needs."""
    items = list(ids_or_objs)
    pks = [o.pk if isinstance(o, Officer) else int(o) for o in items]
    return list(
        Officer.objects.filter(pk__in=pks)
        .select_related("person", "area", "unit")
        .prefetch_related("certificates")
    )


def _check_amount(value: Decimal | None, field: str, what: str) -> Decimal | None:
    if value is None:
        return None
    if value < 0:
        raise RuleViolation(_("%(what)s不能为负数。") % {"what": what}, field=field)
    return value


def _number(case: EnforcementCase, kind: str, word: str, on: dt.date) -> str:
    return numbering.next_number(case.unit, kind, on.year, word)
