"""Matters sent to a legal adviser (法律顾问): the request (a contract review
runs on a clock), the opinion and whether it was adopted."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from fazhi.core import audit, rulesettings, steps
from fazhi.core import workflow as core_workflow
from fazhi.core.errors import RuleViolation
from fazhi.core.i18n import stored

from .. import rules
from ..models import Consultation
from ._common import CLOCK_CONTRACT, _users


@transaction.atomic
def request_consultation(c: Consultation, *, by: Any) -> Consultation:
    """Record a matter sent to a legal adviser; a contract review runs on a
    clock (a setting: no national period)."""
    core_workflow.create_record(c, by=by)
    if c.kind == Consultation.Kind.CONTRACT_REVIEW:
        days = int(rulesettings.get(c.unit, rules.CONTRACT_REVIEW_WORKING_DAYS.key))
        clock = steps.start_clock(
            c,
            kind=CLOCK_CONTRACT,
            label=stored(gettext_noop("合同审查：%(matter)s"), matter=c.matter[:60]),
            start_date=c.requested_on,
            length=days,
            unit="working",
            by=by,
            legal_basis=rules.CONTRACT_REVIEW_WORKING_DAYS.source,
            recipients=_users(by),
        )
        Consultation.objects.filter(pk=c.pk).update(due_date=clock.due_date)
        c.due_date = clock.due_date
    return c


@transaction.atomic
def answer_consultation(
    c: Consultation, *, on: dt.date, conclusion: str, opinion: str, by: Any
) -> Consultation:
    """The adviser's written opinion with its conclusion, dated on or after the
    request; it stops the contract-review clock if one runs."""
    c = steps.lock(c, by=by)
    if c.status != Consultation.Status.PENDING:
        raise RuleViolation(_("该事项已出具意见。"))
    if conclusion not in Consultation.Conclusion.values:
        raise RuleViolation(_("请选择结论。"), field="conclusion")
    opinion = steps.require_text(opinion, "opinion", _("法律意见"))
    steps.check_not_before(on, c.requested_on, "on", _("出具意见日期"), _("提交日期"))
    before = audit.snapshot(c)
    c.status = Consultation.Status.ANSWERED
    c.answered_on = on
    c.conclusion = conclusion
    c.opinion = opinion
    steps.stop_clock(c, CLOCK_CONTRACT, on, by)
    return steps.save_audited(
        c, by=by, before=before, note=gettext_noop("出具法律意见"), clean=True
    )


@transaction.atomic
def mark_adopted(c: Consultation, *, adopted: bool, by: Any) -> Consultation:
    """Whether the opinion was adopted (a figure of the annual report); only an
    answered matter has one."""
    c = steps.lock(c, by=by)
    if c.status != Consultation.Status.ANSWERED:
        raise RuleViolation(_("出具意见后才能记录是否采纳。"), field="adopted")
    before = audit.snapshot(c)
    c.adopted = adopted
    return steps.save_audited(
        c,
        by=by,
        before=before,
        note=gettext_noop("采纳") if adopted else gettext_noop("未采纳"),
        action="update",
        clean=True,
    )
