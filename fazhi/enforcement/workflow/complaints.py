"""Complaints about enforcement conduct: registered, investigated, answered."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from fazhi.core import audit, steps
from fazhi.core import workflow as core_workflow
from fazhi.core.errors import RuleViolation

from ..models import (
    EnforcementCase,
    EnforcementComplaint,
)
from ._common import (
    _lock_status,
)


@transaction.atomic
def register_complaint(complaint: EnforcementComplaint, *, by: Any) -> EnforcementComplaint:
    """Record a complaint about enforcement conduct; the linked case and
    officer must be in the complaint's unit scope."""
    steps.check_date(complaint.received_on, "received_on", _("收到日期"))
    if (
        complaint.case_id
        and not EnforcementCase.objects.visible_to(by).filter(pk=complaint.case_id).exists()
    ):
        raise RuleViolation(_("涉及案件不存在或不在您的管辖范围内。"), field="case")
    complaint.status = EnforcementComplaint.Status.RECEIVED
    return core_workflow.create_record(complaint, by=by, note=gettext_noop("登记执法投诉"))


@transaction.atomic
def investigate_complaint(c: EnforcementComplaint, *, note: str, by: Any) -> EnforcementComplaint:
    locked = _lock_status(c, by, "investigate", _("开始调查"), _("投诉"))
    old = locked.status
    locked.status = EnforcementComplaint.Status.INVESTIGATING
    locked.investigation = (note or "").strip()
    steps.touch(locked, by, ["status", "investigation"])
    audit.record(
        locked, by=by, action="transition", changes={"status": [old, locked.status]}, note=note
    )
    return locked


@transaction.atomic
def answer_complaint(
    c: EnforcementComplaint, *, finding: str, investigation: str, reply: str, on: dt.date, by: Any
) -> EnforcementComplaint:
    """The finding (属实 / 部分属实 / 不属实) and the written reply."""
    locked = _lock_status(c, by, "answer", _("答复"), _("投诉"))
    if finding not in EnforcementComplaint.Finding.values:
        raise RuleViolation(_("请选择核查结论。"), field="finding")
    steps.check_date(
        on, "replied_on", _("答复日期"), not_before=locked.received_on, before_what=_("收到日期")
    )
    old = locked.status
    locked.finding = finding
    locked.investigation = steps.require_text(
        investigation or locked.investigation, "investigation", _("调查核实情况")
    )
    locked.reply = steps.require_text(reply, "reply", _("答复意见"))
    locked.replied_on, locked.status = on, EnforcementComplaint.Status.ANSWERED
    steps.touch(locked, by, ["finding", "investigation", "reply", "replied_on", "status"])
    audit.record(
        locked,
        by=by,
        action="transition",
        changes={"status": [old, locked.status], "finding": [None, finding]},
    )
    return locked
