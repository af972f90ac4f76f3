"""After the decision: service, deferral of payment, payments with the
surcharge, and closing the case."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from fazhi.core import clocks, steps
from fazhi.core.errors import RuleViolation
from fazhi.core.i18n import stored
from fazhi.core.models import Clock

from .. import dates, rules
from ..models import (
    EnforcementCase,
    Payment,
)
from ._common import (
    CLOCK_PAYMENT,
    CLOCK_SERVICE,
    Case,
    Stage,
    _event,
    _lock_case,
    _officers,
    _start_clock,
)
from .officers import check_officers


@transaction.atomic
def serve(
    case: EnforcementCase,
    *,
    on: dt.date,
    method: str,
    officers: Iterable[Any] = (),
    by: Any,
    late_reason: str = "",
) -> EnforcementCase:
    """送达: on the spot after the decision is announced, or within 7 working
    days (《行政处罚法》第六十一条、第八十五条); in person by two certified officers.
    A fine falls due 15 days after receipt (第六十七条)."""
    locked = _lock_case(case, by, "serve")
    if method not in Case.ServiceMethod.values:
        raise RuleViolation(_("请选择送达方式。"), field="method")
    steps.check_date(
        on, "served_on", _("送达日期"), not_before=locked.decided_on, before_what=_("决定日期")
    )
    if method == Case.ServiceMethod.ON_THE_SPOT and on != locked.decided_on:
        raise RuleViolation(_("当场交付只能在作出决定的当日。"), field="method", rule=rules.ART_61)
    if method in (
        Case.ServiceMethod.ON_THE_SPOT,
        Case.ServiceMethod.DIRECT,
        Case.ServiceMethod.LEFT,
    ):
        check_officers(locked, _officers(officers), on)
    due = steps.running_due(locked, CLOCK_SERVICE)
    if due is not None and on > due:
        locked.service_late_reason = steps.require_text(
            late_reason,
            "late_reason",
            _("逾期送达的原因（应于%(due)s前送达）") % {"due": due.isoformat()},
            rules.ART_61,
        )
    old = locked.stage
    locked.served_on, locked.service_method = on, method
    owes = (locked.fine_amount or Decimal(0)) > 0
    locked.stage = Stage.SERVED if owes else Stage.EXECUTED
    if owes:
        payment = _start_clock(
            locked,
            locked,
            kind=CLOCK_PAYMENT,
            label=gettext_noop("缴纳罚款（收到决定书之日起15日）"),
            start_date=on,
            length=rules.PAYMENT_DAYS,
            unit="calendar",
            rule=rules.ART_67,
            by=by,
        )
        locked.payment_due_on = payment.due_date
    steps.touch(
        locked,
        by,
        ["served_on", "service_method", "service_late_reason", "stage", "payment_due_on"],
    )
    steps.stop_clock(locked, CLOCK_SERVICE, on, by)
    _event(locked, "serve", on, by, old=old, note=str(Case.ServiceMethod(method).label))
    return locked


@transaction.atomic
def defer_payment(
    case: EnforcementCase,
    *,
    until: dt.date,
    reason: str,
    approver: str,
    on: dt.date,
    by: Any,
    instalments: int = 1,
) -> EnforcementCase:
    """暂缓或者分期缴纳 on the party's application and the organ's approval
    (《行政处罚法》第六十六条): the payment clock runs to the approved date."""
    locked = _lock_case(case, by, "defer_payment")
    clock = clocks.clock(locked, CLOCK_PAYMENT)
    if clock is None or clock.due_date is None:
        raise RuleViolation(_("本案没有待缴的罚款。"), field="until")
    if until <= clock.due_date:
        raise RuleViolation(
            _("延期后的期限应晚于原缴款期限（%(due_date)s）。")
            % {"due_date": clock.due_date.isoformat()},
            field="until",
        )
    reason = steps.require_text(reason, "reason", _("延期/分期理由"), rules.ART_66)
    approver = steps.require_text(approver, "approver", _("批准人"), rules.ART_66)
    clocks.extend(
        clock,
        days=(until - clock.due_date).days,
        reason=reason,
        approver=approver,
        legal_basis=rules.ART_66,
        by=by,
        on=on,
    )
    clock.refresh_from_db()
    word = (
        gettext_noop("分%(count)s期缴纳") % {"count": instalments}
        if instalments > 1
        else gettext_noop("延期缴纳")
    )
    locked.payment_due_on = clock.due_date
    locked.deferral_note = gettext_noop("%(word)s至%(due)s（%(approver)s批准）") % {
        "word": word,
        "due": clock.due_date,
        "approver": approver,
    }
    steps.touch(locked, by, ["payment_due_on", "deferral_note"])
    _event(locked, "defer_payment", on, by, old=locked.stage, note=locked.deferral_note)
    return locked


@transaction.atomic
def record_payment(
    case: EnforcementCase, *, paid_on: dt.date, amount: Decimal, by: Any, receipt_no: str = ""
) -> Payment:
    """A payment. Paid after the due date, the fine carries 3% a day, capped
    at the fine (《行政处罚法》第七十二条); the case is executed when fine and
    surcharge are paid in full."""
    locked = _lock_case(case, by, "pay")
    if amount is None or amount <= 0:
        raise RuleViolation(_("缴款金额应大于零。"), field="amount")
    steps.check_date(
        paid_on, "paid_on", _("缴款日期"), not_before=locked.served_on, before_what=_("送达日期")
    )
    payment = Payment.objects.create(
        case=locked, paid_on=paid_on, amount=amount, receipt_no=receipt_no
    )
    fine = locked.fine_amount or Decimal(0)
    paid = locked.payments.aggregate(total=Sum("amount"))["total"] or Decimal(0)
    if locked.paid_amount < fine <= paid:
        # The day the fine itself is paid in full fixes the surcharge.
        locked.surcharge_amount = dates.surcharge(fine, locked.payment_due_on, paid_on)
        steps.stop_clock(locked, CLOCK_PAYMENT, paid_on, by)
    locked.paid_amount = paid
    old = locked.stage
    if paid >= fine + locked.surcharge_amount and paid >= fine:
        locked.stage = Stage.EXECUTED
    steps.touch(locked, by, ["paid_amount", "surcharge_amount", "stage"])
    extra = (
        gettext_noop("，加处罚款%(amount)s元") % {"amount": locked.surcharge_amount}
        if locked.surcharge_amount
        else ""
    )
    _event(
        locked,
        "pay",
        paid_on,
        by,
        old=old,
        note=stored(gettext_noop("缴款%(amount)s元%(extra)s"), amount=amount, extra=extra),
    )
    return payment


@transaction.atomic
def close(case: EnforcementCase, *, on: dt.date, by: Any, note: str = "") -> EnforcementCase:
    """结案归档 (《行政处罚法》第四十七条): a penalty once executed (or, still
    unpaid, with a note on the application for compulsory execution); an
    inspection after at least one inspection record; a compulsory measure once
    every measure is lifted."""
    locked = _lock_case(case, by, "close")
    steps.check_date(on, "closed_on", _("结案日期"))
    if locked.case_type == Case.CaseType.PENALTY:
        if locked.stage == Stage.SERVED:
            note = steps.require_text(
                note, "note", _("未执行完毕的结案说明（如已申请人民法院强制执行）"), rules.ART_72
            )
        elif locked.stage != Stage.EXECUTED:
            raise RuleViolation(_("行政处罚案件应在执行完毕后结案。"), field="stage")
        steps.check_not_before(on, locked.served_on, "closed_on", _("结案日期"), _("送达日期"))
    elif locked.case_type == Case.CaseType.INSPECTION:
        if not locked.steps.exists():
            raise RuleViolation(_("尚无检查笔录，不能结案。"), field="stage")
    elif locked.measures.filter(lifted_on__isnull=True).exists():
        raise RuleViolation(
            _("尚有未解除的行政强制措施，不能结案。"), field="stage", rule=rules.ART_COMPULSION_25
        )
    old = locked.stage
    locked.stage, locked.closed_on, locked.close_note = Stage.CLOSED, on, note
    steps.touch(locked, by, ["stage", "closed_on", "close_note"])
    for clock in clocks.clocks_for(locked).exclude(status=Clock.Status.STOPPED):
        clocks.stop(clock, on=max(on, clock.start_date), by=by)
    _event(locked, "close", on, by, old=old, note=note)
    return locked
