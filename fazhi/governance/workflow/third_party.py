"""Open government information on request: the third party's consultation
(政府信息公开条例第三十二条、第三十四条). Asking pauses the 20-working-day
reply clock and starts the third party's 15 working days; the answer (or
their end) resumes it."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from fazhi.core import audit, clocks, steps
from fazhi.core.errors import RuleViolation
from fazhi.core.i18n import stored
from fazhi.core.models import Clock
from fazhi.core.workdays import next_working_day

from .. import rules
from ..models import DisclosureRequest
from ._common import CLOCK_REPLY, CLOCK_THIRD_PARTY, _users


@transaction.atomic
def consult_third_party(
    req: DisclosureRequest, *, on: dt.date, third_party: str, by: Any
) -> DisclosureRequest:
    """Ask a third party (15 working days); the time is excluded from the
    reply period (第三十二条、第三十四条)."""
    req = steps.lock(req, by=by)
    third_party = steps.require_text(
        third_party, "third_party", _("第三方名称"), rules.THIRD_PARTY_RULE
    )
    assert req.received_on is not None
    steps.check_not_before(
        on, req.corrected_on or req.received_on, "on", _("征求意见日期"), _("收到申请之日")
    )
    before = audit.snapshot(req)
    steps.move(req, DisclosureRequest.Status.THIRD_PARTY)
    c = steps.running_clock(req, CLOCK_REPLY)
    if c is not None:
        clocks.pause(
            c,
            on=on,
            reason=stored(
                gettext_noop("征求第三方（%(third_party)s）意见"), third_party=third_party
            ),
            by=by,
            legal_basis=rules.THIRD_PARTY_RULE,
        )
    tp = steps.start_clock(
        req,
        kind=CLOCK_THIRD_PARTY,
        label=stored(gettext_noop("第三方答复：%(code)s"), code=req.code),
        start_date=on,
        length=rules.THIRD_PARTY_WORKING_DAYS,
        unit="working",
        by=by,
        legal_basis=rules.THIRD_PARTY_RULE,
        recipients=_users(by),
    )
    req.third_party = third_party
    req.third_party_sent_on = on
    req.third_party_due = tp.due_date
    req.third_party_replied_on = None
    req.reply_due = None
    return steps.save_audited(
        req,
        by=by,
        before=before,
        note=stored(gettext_noop("征求第三方意见：%(third_party)s"), third_party=third_party),
        clean=True,
    )


@transaction.atomic
def third_party_replied(
    req: DisclosureRequest, *, on: dt.date, opinion: str, by: Any
) -> DisclosureRequest:
    """The third party answered (or its 15 working days ran out: `opinion`
    records silence). The reply period runs again, from the reply day at the
    latest from the day after the 15 working days (excluded time is capped)."""
    req = steps.lock(req, by=by)
    if req.status != DisclosureRequest.Status.THIRD_PARTY:
        raise RuleViolation(_("本申请未在征求第三方意见。"))
    opinion = steps.require_text(opinion, "opinion", _("第三方意见（逾期未答复的写明）"))
    steps.check_not_before(on, req.third_party_sent_on, "on", _("答复日期"), _("征求意见日期"))
    before = audit.snapshot(req)
    steps.stop_clock(req, CLOCK_THIRD_PARTY, on, by)
    resume_on = on
    if req.third_party_due is not None and on > req.third_party_due:
        resume_on = next_working_day(
            req.third_party_due + dt.timedelta(days=1), clocks.load_calendar()
        )
    c = clocks.clock(req, CLOCK_REPLY)
    if c is not None and c.status == Clock.Status.PAUSED:
        clocks.resume(c, on=resume_on, by=by)
    steps.move(req, DisclosureRequest.Status.RECEIVED)
    req.third_party_replied_on = on
    req.third_party_opinion = opinion
    req.reply_due = steps.running_due(req, CLOCK_REPLY)
    return steps.save_audited(
        req, by=by, before=before, note=gettext_noop("第三方答复，恢复计算答复期限"), clean=True
    )
