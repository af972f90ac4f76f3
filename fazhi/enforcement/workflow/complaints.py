"""Complaints about enforcement conduct: registered, investigated, answered."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction

from fazhi.core import audit
from fazhi.core import workflow as core_workflow
from fazhi.core.errors import RuleViolation

from ..models import (
    EnforcementCase,
    EnforcementComplaint,
)
from ._common import (
    _check_scope,
    _not_before,
    _not_future,
    _require_text,
)


@transaction.atomic
def register_complaint(complaint: EnforcementComplaint, *, by: Any) -> EnforcementComplaint:
    """Record a complaint about enforcement conduct; the linked case and
    officer must be in the complaint's unit scope."""
    _not_future(complaint.received_on, "received_on", "收到日期")
    if (
        complaint.case_id
        and not EnforcementCase.objects.visible_to(by).filter(pk=complaint.case_id).exists()
    ):
        raise RuleViolation("涉及案件不存在或不在您的管辖范围内。", field="case")
    complaint.status = EnforcementComplaint.Status.RECEIVED
    return core_workflow.create_record(complaint, by=by, note="登记执法投诉")


def _lock_complaint(
    c: EnforcementComplaint, by: Any, action: str, what: str
) -> EnforcementComplaint:
    _check_scope(c, by)
    locked = EnforcementComplaint.objects.select_for_update().get(pk=c.pk)
    if locked.status not in EnforcementComplaint.TRANSITIONS[action]:
        raise RuleViolation(
            f"投诉当前状态为“{locked.get_status_display()}”，不能{what}。", field="status"
        )
    return locked


@transaction.atomic
def investigate_complaint(c: EnforcementComplaint, *, note: str, by: Any) -> EnforcementComplaint:
    locked = _lock_complaint(c, by, "investigate", "开始调查")
    old = locked.status
    locked.status = EnforcementComplaint.Status.INVESTIGATING
    locked.investigation = (note or "").strip()
    locked.version += 1
    locked.save(update_fields=["status", "investigation", "version", "updated_at"])
    audit.record(
        locked, by=by, action="transition", changes={"status": [old, locked.status]}, note=note
    )
    return locked


@transaction.atomic
def answer_complaint(
    c: EnforcementComplaint, *, finding: str, investigation: str, reply: str, on: dt.date, by: Any
) -> EnforcementComplaint:
    """The finding (属实 / 部分属实 / 不属实) and the written reply."""
    locked = _lock_complaint(c, by, "answer", "答复")
    if finding not in EnforcementComplaint.Finding.values:
        raise RuleViolation("请选择核查结论。", field="finding")
    _not_future(on, "replied_on", "答复日期")
    _not_before(on, locked.received_on, "replied_on", "答复日期", "收到日期")
    old = locked.status
    locked.finding = finding
    locked.investigation = _require_text(
        investigation or locked.investigation, "investigation", "调查核实情况"
    )
    locked.reply = _require_text(reply, "reply", "答复意见")
    locked.replied_on, locked.status = on, EnforcementComplaint.Status.ANSWERED
    locked.version += 1
    locked.save(
        update_fields=[
            "finding",
            "investigation",
            "reply",
            "replied_on",
            "status",
            "version",
            "updated_at",
        ]
    )
    audit.record(
        locked,
        by=by,
        action="transition",
        changes={"status": [old, locked.status], "finding": [None, finding]},
    )
    return locked
