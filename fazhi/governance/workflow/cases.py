"""Administrative reconsideration and litigation against the township
(行政复议、行政诉讼): registration, the written answer, and the result."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from fazhi.core import audit, steps
from fazhi.core import workflow as core_workflow
from fazhi.core.errors import RuleViolation
from fazhi.core.i18n import stored

from .. import rules
from ..models import CaseResult, LitigationCase, ReconsiderationCase
from ._common import CLOCK_RECONSIDERATION, _users


@transaction.atomic
def register_reconsideration(case: ReconsiderationCase, *, by: Any) -> ReconsiderationCase:
    """Register a reconsideration against the township; its written answer is
    due within 10 working days of receiving the application copy (复议法第四十八条)."""
    core_workflow.create_record(case, by=by)
    c = steps.start_clock(
        case,
        kind=CLOCK_RECONSIDERATION,
        label=stored(gettext_noop("行政复议答复：%(case_no)s"), case_no=case.case_no),
        start_date=case.copy_received_on,
        length=rules.RECONSIDERATION_ANSWER_WORKING_DAYS,
        unit="working",
        by=by,
        legal_basis=rules.RECONSIDERATION_ANSWER_RULE,
        recipients=_users(by),
    )
    ReconsiderationCase.objects.filter(pk=case.pk).update(answer_due=c.due_date)
    case.answer_due = c.due_date
    return case


@transaction.atomic
def answer_reconsideration(
    case: ReconsiderationCase, *, on: dt.date, by: Any
) -> ReconsiderationCase:
    """The township's written answer, once, dated on or after receipt of the
    application copy; it stops the 10-working-day clock (复议法第四十八条)."""
    case = steps.lock(case, by=by)
    if case.answered_on:
        raise RuleViolation(_("已提交答复。"))
    steps.check_not_before(on, case.copy_received_on, "on", _("答复日期"), _("收到申请书副本日期"))
    before = audit.snapshot(case)
    steps.stop_clock(case, CLOCK_RECONSIDERATION, on, by)
    case.answered_on = on
    return steps.save_audited(
        case, by=by, before=before, note=gettext_noop("提交书面答复"), action="update", clean=True
    )


@transaction.atomic
def conclude_case(case: Any, *, on: dt.date, result: str, by: Any) -> Any:
    """Record the result of a reconsideration or litigation case."""
    case = steps.lock(case, by=by)
    if case.result != CaseResult.PENDING:
        raise RuleViolation(_("案件已审结。"))
    if result not in CaseResult.values or result == CaseResult.PENDING:
        raise RuleViolation(_("请选择审结结果。"), field="result")
    start = case.copy_received_on if isinstance(case, ReconsiderationCase) else case.filed_on
    steps.check_not_before(on, start, "on", _("审结日期"), _("立案/收到日期"))
    if isinstance(case, LitigationCase) and case.head_appeared and case.appeared_person_id is None:
        raise RuleViolation(_("负责人出庭应诉的，请填写出庭负责人。"), field="appeared_person")
    before = audit.snapshot(case)
    case.result = result
    case.concluded_on = on
    if isinstance(case, ReconsiderationCase):
        steps.stop_clock(case, CLOCK_RECONSIDERATION, on, by)
    return steps.save_audited(
        case,
        by=by,
        before=before,
        note=stored(gettext_noop("审结：%(label)s"), label=CaseResult(result).label),
        clean=True,
    )
