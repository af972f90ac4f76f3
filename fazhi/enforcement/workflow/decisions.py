"""The penalty decision (ordinary procedure, with every check the law puts
before it) and the summary procedure's decision on the spot."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from fazhi.core import steps
from fazhi.core import workflow as core_workflow
from fazhi.core.attachments import attach
from fazhi.core.documents import DOCX_MIME
from fazhi.core.errors import RuleViolation
from fazhi.core.i18n import chinese, stored

from .. import rules
from ..models import (
    CaseEvent,
    EnforcementCase,
    Hearing,
    LegalReview,
)
from ._common import (
    CLOCK_DECISION,
    CLOCK_HEARING_REQUEST,
    CLOCK_PAYMENT,
    CLOCK_SERVICE,
    HEAD_ROLES,
    SEVERITY,
    Case,
    Stage,
    _check_amount,
    _event,
    _lock_case,
    _number,
    _officers,
    _start_clock,
)
from .cases import _check_case_dates, _check_limitation, check_case_unit
from .disclosure import _open_disclosure
from .officers import check_officers
from .review import needs_legal_review


@transaction.atomic
def decide(
    case: EnforcementCase,
    *,
    on: dt.date,
    penalty_kind: str,
    fine_amount: Decimal | None,
    performance: str,
    by: Any,
    confiscated_amount: Decimal | None = None,
) -> EnforcementCase:
    """处罚决定. Refused without prior notice (《行政处罚法》第六十二条), before the
    statement or hearing is settled, with a heavier penalty than notified
    (第四十五条), without the legal review Art 58 requires, without collective
    deliberation where Art 57 requires it, after the 90-day clock (第六十条), or
    missing an element of Art 59. Starts the service and disclosure clocks."""
    # A case still at review passes the lock, so that the prior-notice check
    # below refuses it naming 第六十二条 rather than the stage.
    locked = _lock_case(case, by, "decide", also={Stage.REVIEWED})
    steps.check_role(by, HEAD_ROLES, _("行政处罚决定应由行政机关负责人作出"), rules.ART_57)
    steps.check_date(on, "decided_on", _("决定日期"))
    fine = _check_amount(fine_amount, "fine_amount", _("罚款金额"))
    conf = _check_amount(confiscated_amount, "confiscated_amount", _("没收金额")) or Decimal(0)
    if not locked.notified_on:
        raise RuleViolation(
            _(
                "作出行政处罚决定前未向当事人告知拟作出的处罚内容及事实、理由、依据和陈述申辩、听证权利，不得作出决定。"
            ),
            field="decided_on",
            rule=f"{rules.ART_44}、{rules.ART_62}",
        )
    steps.check_not_before(on, locked.notified_on, "decided_on", _("决定日期"), _("告知日期"))
    if penalty_kind not in Case.PenaltyKind.values:
        raise RuleViolation(_("请选择处罚种类。"), field="penalty_kind")
    if penalty_kind == Case.PenaltyKind.FINE and not fine:
        raise RuleViolation(_("处罚种类为罚款时，请填写大于零的罚款金额。"), field="fine_amount")
    _check_not_heavier(locked, penalty_kind, fine, conf)
    _check_party_heard(locked, on)
    if locked.needs_collective_deliberation and not locked.deliberation_minutes:
        raise RuleViolation(
            _("本案须经负责人集体讨论决定，尚无集体讨论纪要。"),
            field="decided_on",
            rule=rules.ART_57,
        )
    if (
        needs_legal_review(locked)
        and not locked.legal_reviews.filter(result=LegalReview.Result.PASSED).exists()
    ):
        raise RuleViolation(
            _("本案属于应当进行法制审核的情形，未经法制审核或者审核未通过的，不得作出决定。"),
            field="decided_on",
            rule=rules.ART_58,
        )
    due = steps.running_due(locked, CLOCK_DECISION)
    if due is not None and on > due:
        raise RuleViolation(
            _("应自立案之日（%(filed_on)s）起九十日内（至%(due)s）作出行政处罚决定，已超期。")
            % {"filed_on": locked.filed_on, "due": due.isoformat()},
            field="decided_on",
            rule=rules.ART_60,
        )
    locked.performance = steps.require_text(
        performance, "performance", _("履行方式和期限"), rules.ART_59
    )
    for name, what in (
        ("party_name", gettext_lazy("当事人姓名或者名称")),
        ("address", gettext_lazy("当事人地址")),
        ("facts", gettext_lazy("违法事实和证据")),
        ("legal_basis", gettext_lazy("处罚依据")),
    ):
        if not (getattr(locked, name) or "").strip():
            raise RuleViolation(
                _("决定书缺少法定内容：%(what)s。") % {"what": what}, field=name, rule=rules.ART_59
            )
    old = locked.stage
    locked.penalty_kind, locked.fine_amount, locked.confiscated_amount = penalty_kind, fine, conf
    locked.decided_on = on
    locked.decision_number = _number(locked, "enforcement_decision", "综执罚决", on)
    locked.stage = Stage.DECIDED
    steps.touch(
        locked,
        by,
        [
            "penalty_kind",
            "fine_amount",
            "confiscated_amount",
            "decided_on",
            "decision_number",
            "stage",
            "performance",
        ],
    )
    steps.stop_clock(locked, CLOCK_DECISION, on, by)
    _start_clock(
        locked,
        locked,
        kind=CLOCK_SERVICE,
        label=gettext_noop("送达处罚决定书（7个工作日）"),
        start_date=on,
        length=rules.SERVICE_WORKING_DAYS,
        unit="working",
        rule=rules.ART_61,
        by=by,
    )
    if locked.publish_decision:
        _open_disclosure(locked, on, by)
    _attach_decision(locked, by)
    _event(locked, "decide", on, by, old=old, note=locked.decision_number)
    return locked


def _check_not_heavier(
    case: EnforcementCase, kind: str, fine: Decimal | None, conf: Decimal
) -> None:
    notified_kind = case.notice_penalty_kind
    if (
        notified_kind
        and SEVERITY[Case.PenaltyKind(kind)] > SEVERITY[Case.PenaltyKind(notified_kind)]
    ):
        raise RuleViolation(
            _(
                "决定的处罚种类（%(label)s）重于告知的（%(label2)s），不得因当事人陈述申辩而加重处罚。"
            )
            % {
                "label": Case.PenaltyKind(kind).label,
                "label2": Case.PenaltyKind(notified_kind).label,
            },
            field="penalty_kind",
            rule=rules.ART_45,
        )
    if fine is not None and fine > (case.notice_fine_amount or Decimal(0)):
        raise RuleViolation(
            _(
                "罚款金额（%(fine)s元）高于告知的金额（%(value)s元），不得因当事人陈述申辩而加重处罚。"
            )
            % {"fine": fine, "value": case.notice_fine_amount or 0},
            field="fine_amount",
            rule=rules.ART_45,
        )
    if conf > (case.notice_confiscated_amount or Decimal(0)):
        raise RuleViolation(
            _("没收金额高于告知的金额。"), field="confiscated_amount", rule=rules.ART_45
        )


def _check_party_heard(case: EnforcementCase, on: dt.date) -> None:
    if case.stage == Stage.HEARING:
        hearing = Hearing.objects.filter(case=case).first()
        if hearing is None or hearing.outcome == Hearing.Outcome.PENDING:
            raise RuleViolation(
                _("当事人已申请听证，听证结束前不得作出决定。"),
                field="decided_on",
                rule=rules.ART_64,
            )
        return
    if not case.statement_kind:
        raise RuleViolation(
            _("尚未记录当事人的陈述申辩（或放弃、期限内未提出），不得作出决定。"),
            field="decided_on",
            rule=rules.ART_62,
        )
    if case.hearing_rights and case.statement_kind != Case.StatementKind.WAIVER:
        due = steps.running_due(case, CLOCK_HEARING_REQUEST)
        if due is not None and on <= due:
            raise RuleViolation(
                _("听证申请期限至%(due)s届满，期限届满前不得作出决定。") % {"due": due.isoformat()},
                field="decided_on",
                rule=rules.ART_64,
            )


def _attach_decision(case: EnforcementCase, by: Any) -> None:
    from ..documents import decision_docx

    content = decision_docx(case)
    upload = SimpleUploadedFile(
        f"{case.decision_number}行政处罚决定书.docx", content, content_type=DOCX_MIME
    )
    attach(case, upload, unit=case.unit, by=by, description=gettext_noop("行政处罚决定书"))


@transaction.atomic
def summary_penalty(
    case: EnforcementCase,
    *,
    on: dt.date,
    penalty_kind: str,
    fine_amount: Decimal | None,
    officers: Iterable[Any],
    by: Any,
) -> EnforcementCase:
    """简易程序 (当场处罚): only a warning, or a fine of at most 200 yuan for a
    citizen / 3,000 yuan for an organisation (《行政处罚法》第五十一条); two
    certified officers, the numbered decision handed over on the spot (第五十二条)."""
    steps.check_writer(by)
    check_case_unit(case)
    fine = _check_amount(fine_amount, "fine_amount", _("罚款金额"))
    if penalty_kind not in (Case.PenaltyKind.WARNING, Case.PenaltyKind.FINE):
        raise RuleViolation(
            _("简易程序只适用于警告或者小额罚款。"), field="penalty_kind", rule=rules.ART_51
        )
    if penalty_kind == Case.PenaltyKind.FINE:
        limit = (
            rules.SUMMARY_MAX_FINE_ORGANISATION
            if case.party_type == Case.PartyType.ORGANISATION
            else rules.SUMMARY_MAX_FINE_CITIZEN
        )
        if not fine:
            raise RuleViolation(_("请填写罚款金额。"), field="fine_amount")
        if fine > limit:
            who = Case.PartyType(case.party_type).label
            raise RuleViolation(
                _("对%(who)s罚款%(fine)s元超过简易程序上限%(limit)s元，应适用普通程序。")
                % {"who": who, "fine": fine, "limit": limit},
                field="fine_amount",
                rule=rules.ART_51,
            )
    case.case_type, case.procedure = Case.CaseType.PENALTY, Case.Procedure.SUMMARY
    case.act_date = case.act_date or on
    case.discovered_on = case.discovered_on or on
    _check_case_dates(case)
    steps.check_date(on, "decided_on", _("决定日期"))
    _check_limitation(case)
    people = check_officers(case, _officers(officers), on)
    case.filed_on = case.decided_on = case.served_on = on
    case.penalty_kind, case.fine_amount = penalty_kind, fine
    case.service_method = Case.ServiceMethod.ON_THE_SPOT
    case.stage = Stage.SERVED if fine else Stage.EXECUTED
    case.number = case.decision_number = _number(case, "enforcement_summary", "综执简", on)
    case.performance = case.performance or gettext_noop(
        "当场交付决定书；罚款自收到决定书之日起十五日内到指定银行或者通过电子支付系统缴纳。"
    )
    case.publish_decision = False
    case = core_workflow.create_record(case, by=by, note=gettext_noop("简易程序当场处罚"))
    case.officers.set(people)
    if fine:
        payment = _start_clock(
            case,
            case,
            kind=CLOCK_PAYMENT,
            label=gettext_noop("缴纳罚款（收到决定书之日起15日）"),
            start_date=on,
            length=rules.PAYMENT_DAYS,
            unit="calendar",
            rule=rules.ART_67,
            by=by,
        )
        case.payment_due_on = payment.due_date
        case.save(update_fields=["payment_due_on"])
    kind = Case.PenaltyKind(penalty_kind).label
    note = (
        stored(gettext_noop("%(kind)s %(fine)s元"), kind=kind, fine=fine) if fine else chinese(kind)
    )
    CaseEvent.write(
        "",
        case.stage,
        by=by,
        note=note,
        case=case,
        action="summary",
        label=gettext_noop("简易程序当场处罚"),
        on=on,
    )
    return case
