"""What every enforcement step shares: the clock kinds, the penalty order, the
case lock with its stage check, the timeline row with its audit entry, the
clock start with the case's officers as recipients."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from collections.abc import Set as AbstractSet
from decimal import Decimal
from typing import Any

from django.db import models
from django.utils import timezone

from fazhi.core import audit, clocks, numbering
from fazhi.core import workflow as core_workflow
from fazhi.core.documents import chinese_date
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
ACTION_LABELS = {
    "file": "立案",
    "investigate": "调查取证",
    "preserve": "先行登记保存",
    "review": "审查",
    "notify": "事先告知",
    "statement": "记录陈述申辩",
    "request_hearing": "申请听证",
    "schedule_hearing": "安排听证",
    "hold_hearing": "举行听证",
    "submit_legal_review": "提交法制审核",
    "decide": "作出处罚决定",
    "serve": "送达",
    "defer_payment": "批准延期/分期缴纳",
    "pay": "缴纳罚款",
    "apply_measure": "实施行政强制措施",
    "close": "结案",
}


def _today() -> dt.date:
    return timezone.localdate()


def _not_future(day: dt.date | None, field: str, what: str) -> dt.date:
    if day is None:
        raise RuleViolation(f"请填写{what}。", field=field)
    if day > _today():
        raise RuleViolation(f"{what}不能晚于今天（{_today().isoformat()}）。", field=field)
    return day


def _not_before(
    day: dt.date, earlier: dt.date | None, field: str, what: str, earlier_what: str
) -> None:
    if earlier is not None and day < earlier:
        raise RuleViolation(
            f"{what}（{day.isoformat()}）不能早于{earlier_what}（{earlier.isoformat()}）。",
            field=field,
        )


def _require_text(value: str, field: str, what: str, rule: str = "") -> str:
    text = (value or "").strip()
    if not text:
        raise RuleViolation(f"请填写{what}。", field=field, rule=rule)
    return text


def _check_scope(obj: models.Model, by: Any) -> None:
    core_workflow.check_can_write(by)
    model = type(obj)
    if not model.objects.visible_to(by).filter(pk=obj.pk).exists():  # type: ignore[attr-defined]
        raise RuleViolation("该记录不存在或不在您的管辖范围内。")


def _check_role(by: Any, roles: AbstractSet[str], what: str, rule: str) -> None:
    if not (getattr(by, "is_superuser", False) or getattr(by, "role", None) in roles):
        raise RuleViolation(f"{what}。", field="__all__", rule=rule)


def _lock_case(case: EnforcementCase, by: Any, action: str) -> EnforcementCase:
    _check_scope(case, by)
    locked = (
        EnforcementCase.objects.select_for_update().select_related("unit", "field").get(pk=case.pk)
    )
    allowed = EnforcementCase.TRANSITIONS[action]
    if locked.stage not in allowed:
        raise RuleViolation(
            f"案件当前处于“{locked.get_stage_display()}”阶段，不能{ACTION_LABELS[action]}。",
            field="stage",
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
    label = label or ACTION_LABELS.get(action, action)
    CaseEvent.write(old, case.stage, by=by, note=note, case=case, action=action, label=label, on=on)
    changes: dict[str, Any] = {"stage": [old, case.stage]} if old != case.stage else {}
    audit.record(
        case,
        by=by,
        action="transition" if changes else "update",
        changes=changes,
        note=f"{label or ACTION_LABELS.get(action, action)} {chinese_date(on)} {note}".strip(),
    )


def _save(case: EnforcementCase, by: Any, fields: Iterable[str]) -> None:
    case.version += 1
    case.updated_by = by if getattr(by, "is_authenticated", False) else None
    case.save(update_fields=[*set(fields), "version", "updated_by", "updated_at"])


def _case_users(case: EnforcementCase, by: Any) -> list[Any]:
    users = list(User.objects.filter(person__enforcement_officer__cases=case).distinct())
    if getattr(by, "is_authenticated", False) and by not in users:
        users.append(by)
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
    return clocks.start(
        target,
        kind=kind,
        label=f"{case.number or case.title}：{label}",
        start_date=start_date,
        length=length,
        unit=unit,
        unit_org=case.unit,
        by=by,
        legal_basis=rule,
        recipients=_case_users(case, by),
        url=case.get_absolute_url(),
    )


def _stop_clock(target: models.Model, kind: str, on: dt.date, by: Any) -> Clock | None:
    clock = clocks.clock(target, kind)
    if clock is not None and clock.status != Clock.Status.STOPPED:
        return clocks.stop(clock, on=max(on, clock.start_date), by=by)
    return clock


def _running_due(target: models.Model, kind: str) -> dt.date | None:
    clock = clocks.clock(target, kind)
    return clock.due_date if clock is not None else None


def _officers(ids_or_objs: Iterable[Any]) -> list[Officer]:
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
        raise RuleViolation(f"{what}不能为负数。", field=field)
    return value


def _number(case: EnforcementCase, kind: str, word: str, on: dt.date) -> str:
    return numbering.next_number(case.unit, kind, on.year, word)


HEAD_ROLES = {Role.TOWNSHIP_LEADER}
