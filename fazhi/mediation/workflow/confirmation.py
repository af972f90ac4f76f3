"""司法确认: the parties' joint application within thirty days of the agreement
taking effect, the court's result, or the parties waiving it (人民调解法第三十三条)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from fazhi.core import audit, clocks, steps
from fazhi.core.errors import RuleViolation
from fazhi.core.i18n import stored

from .. import rules
from ..models import Agreement, JudicialConfirmation


def confirmation_window_end(agreement: Agreement) -> dt.date | None:
    """The last day to apply: the stored clock's due date (holiday roll-over
    included); None before the agreement takes effect."""
    if agreement.effective_on is None:
        return None
    found = clocks.clock(agreement.case, rules.CLOCK_CONFIRMATION)
    if found is not None and found.due_date is not None:
        return found.due_date
    return agreement.effective_on + dt.timedelta(days=rules.JUDICIAL_CONFIRMATION_DAYS)


@transaction.atomic
def apply_confirmation(
    agreement: Agreement, *, applied_on: dt.date, court: str, joint: bool, by: Any
) -> JudicialConfirmation:
    """司法确认申请: both parties jointly, within 30 days of the agreement taking
    effect (人民调解法第三十三条). A late application is recorded and flagged."""
    steps.check_writer(by)
    locked = steps.lock(agreement)
    if locked.effective_on is None:
        raise RuleViolation(
            _("调解协议尚未生效，不能申请司法确认。"), field="applied_on", rule=rules.ART_33
        )
    if hasattr(locked, "confirmation"):
        raise RuleViolation(_("该协议已登记司法确认申请。"), field="applied_on")
    if not joint:
        raise RuleViolation(_("司法确认须由双方当事人共同申请。"), field="joint", rule=rules.ART_33)
    court = steps.require_text(court, "court", _("受理法院"), rules.ART_33)
    steps.check_date(
        applied_on,
        "applied_on",
        _("申请日期"),
        not_before=locked.effective_on,
        before_what=_("协议生效日期"),
    )
    end = confirmation_window_end(locked)
    late = end is not None and applied_on > end
    confirmation = JudicialConfirmation.objects.create(
        agreement=locked, applied_on=applied_on, court=court, late=late
    )
    steps.stop_clock(locked.case, rules.CLOCK_CONFIRMATION, applied_on, by)
    note = (
        stored(
            gettext_noop("申请司法确认（%(court)s），已超过三十日申请期限（截止 %(end)s）"),
            court=court,
            end=end,
        )
        if late
        else stored(gettext_noop("申请司法确认（%(court)s）"), court=court)
    )
    audit.record(
        locked.case,
        by=by,
        action="update",
        changes={gettext_noop("司法确认"): [None, str(confirmation)]},
        note=note,
    )
    return confirmation


@transaction.atomic
def record_confirmation_result(
    confirmation: JudicialConfirmation,
    *,
    result: str,
    decided_on: dt.date,
    ruling_no: str = "",
    note: str = "",
    by: Any,
) -> JudicialConfirmation:
    steps.check_writer(by)
    locked = steps.lock(confirmation)
    if result not in (
        JudicialConfirmation.Result.CONFIRMED,
        JudicialConfirmation.Result.REJECTED,
        JudicialConfirmation.Result.WITHDRAWN,
    ):
        raise RuleViolation(_("请选择法院审查结果。"), field="result")
    if locked.result != JudicialConfirmation.Result.PENDING:
        raise RuleViolation(_("法院审查结果已登记。"), field="result")
    steps.check_date(
        decided_on,
        "decided_on",
        _("裁定日期"),
        not_before=locked.applied_on,
        before_what=_("申请日期"),
    )
    before = locked.result
    locked.result, locked.decided_on, locked.ruling_no, locked.note = (
        result,
        decided_on,
        ruling_no,
        note,
    )
    locked.save(update_fields=["result", "decided_on", "ruling_no", "note"])
    audit.record(
        locked.agreement.case,
        by=by,
        action="update",
        changes={
            gettext_noop("司法确认结果"): [
                str(locked.Result(before).label),
                locked.get_result_display(),
            ]
        },
    )
    return steps.sync(confirmation, locked)


@transaction.atomic
def waive_confirmation(agreement: Agreement, *, on: dt.date, by: Any) -> Agreement:
    """The parties do not apply for judicial confirmation: the window's clock
    stops so it does not stand overdue on the dashboards."""
    steps.check_writer(by)
    locked = steps.lock(agreement)
    if locked.effective_on is None:
        raise RuleViolation(_("调解协议尚未生效。"), field="on")
    if hasattr(locked, "confirmation"):
        raise RuleViolation(_("已申请司法确认。"), field="on")
    if locked.confirmation_waived_on is not None:
        raise RuleViolation(_("已登记当事人不申请司法确认。"), field="on")
    steps.check_not_before(on, locked.effective_on, "on", _("登记日期"), _("协议生效日期"))
    locked.confirmation_waived_on = on
    locked.save(update_fields=["confirmation_waived_on"])
    steps.stop_clock(locked.case, rules.CLOCK_CONFIRMATION, on, by)
    audit.record(
        locked.case,
        by=by,
        action="update",
        note=gettext_noop("当事人不申请司法确认"),
        changes={gettext_noop("当事人不申请司法确认（登记日期）"): [None, on.isoformat()]},
    )
    return steps.sync(agreement, locked)
