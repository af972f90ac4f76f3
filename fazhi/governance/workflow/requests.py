"""Open government information on request (依申请公开, 政府信息公开条例第二十七条至
第三十六条): receipt, correction, extension, and the written reply under the
20-working-day clock; the third party's consultation is `third_party`."""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from fazhi.core import audit, clocks, numbering, steps
from fazhi.core import workflow as core_workflow
from fazhi.core.errors import RuleViolation, StrOrPromise
from fazhi.core.i18n import stored
from fazhi.core.models import Clock, OrgUnit
from fazhi.core.workdays import working_days_between

from .. import rules
from ..models import DisclosureRequest
from ._common import CLOCK_REPLY, _users

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def new_code() -> str:
    """A tracking code the applicant keeps (no 0/O/1/I to misread)."""
    while True:
        code = "".join(secrets.choice(CODE_ALPHABET) for _i in range(10))
        if not DisclosureRequest.objects.filter(code=code).exists():
            return code


def _start_reply_clock(req: DisclosureRequest, start: dt.date, by: Any) -> Clock:
    return steps.start_clock(
        req,
        kind=CLOCK_REPLY,
        label=stored(gettext_noop("依申请公开答复：%(code)s"), code=req.code),
        start_date=start,
        length=rules.REPLY_WORKING_DAYS,
        unit="working",
        by=by,
        legal_basis=rules.REPLY_RULE,
        recipients=_users(by),
    )


@transaction.atomic
def register_request(req: DisclosureRequest, *, by: Any) -> DisclosureRequest:
    """Register a request received by the office (in person, mail, fax, oral):
    the receipt date by channel (条例第三十一条) starts the 20-working-day reply
    period (第三十三条)."""
    if req.received_on is None:
        raise RuleViolation(_("请填写收到申请之日。"), field="received_on", rule=rules.RECEIPT_RULE)
    # A natural person's 身份证件号码 as on the public form; other applicants'
    # numbers (credit codes of firms, institutions) as given.
    if req.applicant_kind == DisclosureRequest.ApplicantKind.NATURAL_PERSON:
        req.id_number = steps.check_party_number(req.id_number, "id_number", person=True)
    steps.check_not_before(
        req.received_on, req.submitted_on, "received_on", _("收到申请之日"), _("提交日期")
    )
    req.code = req.code or new_code()
    req.status = DisclosureRequest.Status.RECEIVED
    core_workflow.create_record(req, by=by)
    c = _start_reply_clock(req, req.received_on, by)
    DisclosureRequest.objects.filter(pk=req.pk).update(reply_due=c.due_date)
    req.reply_due = c.due_date
    return req


@transaction.atomic
def submit_public(req: DisclosureRequest) -> DisclosureRequest:
    """A request submitted on the public site. For internet applications the
    receipt date is the day the office confirms it (条例第三十一条), so no clock
    runs until `confirm_receipt`."""
    if req.unit.kind != OrgUnit.Kind.TOWNSHIP:
        raise RuleViolation(_("请选择受理申请的乡镇人民政府。"), field="unit")
    req.code = new_code()
    req.channel = DisclosureRequest.Channel.ONLINE
    req.status = DisclosureRequest.Status.SUBMITTED
    req.received_on = None
    req.full_clean()
    req.save()
    audit.record(req, by=None, action="create", note=gettext_noop("申请人网上提交"))
    return req


@transaction.atomic
def confirm_receipt(req: DisclosureRequest, *, on: dt.date, by: Any) -> DisclosureRequest:
    """The office confirms an online application: for internet applications the
    receipt date is the day of confirmation (条例第三十一条), and the
    20-working-day reply period starts (第三十三条)."""
    req = steps.lock(req, by=by)
    steps.check_not_before(
        on, req.submitted_on, "on", _("确认收到日期"), _("提交日期"), rule=rules.RECEIPT_RULE
    )
    before = audit.snapshot(req)
    steps.move(req, DisclosureRequest.Status.RECEIVED)
    req.received_on = on
    c = _start_reply_clock(req, on, by)
    req.reply_due = c.due_date
    return steps.save_audited(
        req, by=by, before=before, note=gettext_noop("确认收到网上申请"), clean=True
    )


@transaction.atomic
def request_correction(
    req: DisclosureRequest, *, on: dt.date, content: str, deadline: dt.date, by: Any
) -> DisclosureRequest:
    """One correction notice within 7 working days of receipt (第三十条). The
    reply period stands still and runs again from the corrected application."""
    req = steps.lock(req, by=by)
    if req.correction_requested_on is not None:
        raise RuleViolation(
            _("补正只能一次性告知，本申请已告知过补正。"), field="on", rule=rules.CORRECTION_RULE
        )
    content = steps.require_text(content, "content", _("需要补正的事项"), rules.CORRECTION_RULE)
    assert req.received_on is not None
    steps.check_not_before(on, req.received_on, "on", _("补正告知日期"), _("收到申请之日"))
    elapsed = working_days_between(req.received_on, on, clocks.load_calendar())
    if elapsed > rules.CORRECTION_WORKING_DAYS:
        raise RuleViolation(
            _("补正应在收到申请之日起7个工作日内一次性告知（本次已过%(elapsed)s个工作日）。")
            % {"elapsed": elapsed},
            field="on",
            rule=rules.CORRECTION_RULE,
        )
    if deadline <= on:
        raise RuleViolation(
            _("补正期限应晚于告知日期。"), field="deadline", rule=rules.CORRECTION_RULE
        )
    before = audit.snapshot(req)
    steps.move(req, DisclosureRequest.Status.CORRECTION)
    c = steps.running_clock(req, CLOCK_REPLY)
    if c is not None:
        clocks.pause(
            c,
            on=on,
            reason=gettext_noop("告知申请人补正"),
            by=by,
            legal_basis=rules.CORRECTION_RULE,
        )
    req.correction_requested_on = on
    req.correction_content = content
    req.correction_deadline = deadline
    req.reply_due = None
    return steps.save_audited(req, by=by, before=before, note=gettext_noop("告知补正"), clean=True)


@transaction.atomic
def receive_correction(req: DisclosureRequest, *, on: dt.date, by: Any) -> DisclosureRequest:
    """The corrected application arrived: the 20-working-day period starts
    again from that day (第三十条)."""
    req = steps.lock(req, by=by)
    steps.check_not_before(
        on, req.correction_requested_on, "on", _("收到补正日期"), _("补正告知日期")
    )
    before = audit.snapshot(req)
    steps.move(req, DisclosureRequest.Status.RECEIVED)
    steps.stop_clock(req, CLOCK_REPLY, on, by)
    c = _start_reply_clock(req, on, by)
    req.corrected_on = on
    req.reply_due = c.due_date
    return steps.save_audited(
        req, by=by, before=before, note=gettext_noop("收到补正，答复期限重新起算"), clean=True
    )


@transaction.atomic
def withdraw_request(
    req: DisclosureRequest, *, on: dt.date, reason: str, by: Any
) -> DisclosureRequest:
    """The applicant withdrew, or did not correct in time without good reason
    and the request is deemed withdrawn (第三十条)."""
    req = steps.lock(req, by=by)
    reason = steps.require_text(reason, "reason", _("撤回情形"))
    # The reply period runs from receipt (again from the corrected application);
    # a withdrawal dated earlier is refused rather than moved to that day.
    if req.corrected_on is not None:
        steps.check_not_before(on, req.corrected_on, "on", _("撤回日期"), _("收到补正之日"))
    else:
        steps.check_not_before(on, req.received_on, "on", _("撤回日期"), _("收到申请之日"))
    if (
        req.status == DisclosureRequest.Status.CORRECTION
        and req.correction_deadline
        and on <= req.correction_deadline
    ):
        raise RuleViolation(
            _("补正期限%(correction_deadline)s尚未届满，不能视为撤回。")
            % {"correction_deadline": format(req.correction_deadline, "%Y-%m-%d")},
            field="on",
            rule=rules.CORRECTION_RULE,
        )
    before = audit.snapshot(req)
    steps.move(req, DisclosureRequest.Status.WITHDRAWN)
    steps.stop_clock(req, CLOCK_REPLY, on, by)
    req.withdrawn_on = on
    req.withdrawn_reason = reason
    req.reply_due = None
    return steps.save_audited(
        req,
        by=by,
        before=before,
        note=stored(gettext_noop("撤回：%(reason)s"), reason=reason),
        clean=True,
    )


@transaction.atomic
def extend_request(
    req: DisclosureRequest, *, on: dt.date, days: int, approver: str, reason: str, by: Any
) -> DisclosureRequest:
    """One extension of at most 20 working days, approved by the head of the
    OGI office, decided before the period runs out (第三十三条)."""
    req = steps.lock(req, by=by)
    if req.status != DisclosureRequest.Status.RECEIVED:
        raise RuleViolation(_("只有办理中的申请可以延长答复期限。"))
    if req.extension_days:
        raise RuleViolation(_("答复期限只能延长一次。"), field="days", rule=rules.REPLY_RULE)
    if days > rules.MAX_EXTENSION_WORKING_DAYS:
        raise RuleViolation(
            _("延长的期限最长不得超过20个工作日（申请延长%(days)s个工作日）。") % {"days": days},
            field="days",
            rule=rules.REPLY_RULE,
        )
    c = steps.running_clock(req, CLOCK_REPLY)
    if c is None or c.due_date is None:
        raise RuleViolation(_("答复期限未在计算中。"))
    if on > c.due_date:
        raise RuleViolation(
            _("答复期限已于%(due_date)s届满，不能再延长。")
            % {"due_date": format(c.due_date, "%Y-%m-%d")},
            field="on",
            rule=rules.REPLY_RULE,
        )
    before = audit.snapshot(req)
    c = clocks.extend(
        c,
        days=days,
        reason=reason,
        approver=approver,
        legal_basis=rules.REPLY_RULE,
        by=by,
        max_days=rules.MAX_EXTENSION_WORKING_DAYS,
        on=on,
    )
    req.extended_on = on
    req.extension_days = days
    req.extension_approver = approver.strip()
    req.extension_reason = reason.strip()
    req.reply_due = c.due_date
    return steps.save_audited(
        req,
        by=by,
        before=before,
        note=stored(gettext_noop("延长答复期限%(days)s个工作日"), days=days),
        clean=True,
    )


REPLY_REQUIREMENTS: dict[str, tuple[str, StrOrPromise]] = {
    DisclosureRequest.ReplyType.ALREADY_PUBLIC: (
        "where_public",
        gettext_lazy("请写明获取该政府信息的方式、途径。"),
    ),
    DisclosureRequest.ReplyType.WITHHELD: ("withheld_reason", gettext_lazy("不予公开应说明理由。")),
    DisclosureRequest.ReplyType.PARTIAL: (
        "withheld_reason",
        gettext_lazy("部分公开应说明不予公开部分的理由。"),
    ),
}


@transaction.atomic
def reply_request(
    req: DisclosureRequest,
    *,
    on: dt.date,
    reply_type: str,
    reply_text: str,
    by: Any,
    withheld_reason: str = "",
    where_public: str = "",
    right_organ: str = "",
) -> DisclosureRequest:
    """The written reply of one of the Art 36 types; dated on or after receipt;
    numbered; on time if within the (restarted, paused, extended) clock."""
    req = steps.lock(req, by=by)
    if req.status != DisclosureRequest.Status.RECEIVED:
        raise RuleViolation(_("当前状态不能答复。"))
    if reply_type not in DisclosureRequest.ReplyType.values:
        raise RuleViolation(_("请选择答复类型。"), field="reply_type", rule=rules.REPLY_TYPES_RULE)
    reply_text = steps.require_text(reply_text, "reply_text", _("答复内容"))
    start = req.corrected_on or req.received_on
    assert start is not None
    if on < start:
        raise RuleViolation(
            _("答复日期不能早于收到申请之日（%(start)s）。") % {"start": format(start, "%Y-%m-%d")},
            field="on",
            rule=rules.RECEIPT_RULE,
        )
    values = {"withheld_reason": withheld_reason, "where_public": where_public.strip()}
    need = REPLY_REQUIREMENTS.get(reply_type)
    if need and not values[need[0]]:
        rule = (
            rules.PARTIAL_RULE
            if reply_type == DisclosureRequest.ReplyType.PARTIAL
            else rules.REPLY_TYPES_RULE
        )
        raise RuleViolation(need[1], field=need[0], rule=rule)
    if withheld_reason and withheld_reason not in DisclosureRequest.WithheldReason.values:
        raise RuleViolation(_("不予公开理由无效。"), field="withheld_reason")
    before = audit.snapshot(req)
    steps.move(req, DisclosureRequest.Status.REPLIED)
    c = steps.stop_clock(req, CLOCK_REPLY, on, by)
    req.replied_on = on
    req.reply_type = reply_type
    req.reply_text = reply_text
    req.withheld_reason = withheld_reason if reply_type in REPLY_REQUIREMENTS else ""
    req.where_public = where_public.strip()
    req.right_organ = right_organ.strip()
    req.reply_no = numbering.next_number(req.unit, "ogi_reply", on.year, "依申")
    due = c.due_date if c is not None else req.reply_due
    req.reply_due = due
    req.on_time = due is None or on <= due
    return steps.save_audited(
        req,
        by=by,
        before=before,
        note=stored(
            gettext_noop("答复：%(reply_type)s"),
            reply_type=req.get_reply_type_display,
        ),
        clean=True,
    )
