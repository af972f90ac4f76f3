"""The steps on a case, a certificate and a complaint as data (core.actions):
for each, its label, input form, the workflow call, and when it is offered.
Pages and the API both dispatch through `ACTIONS`, so a case step has one
definition of its input and one of its rules.

`API_ACTIONS` holds the steps only the API offers (an officer's certificate
issued, a legal review's result recorded, a complaint answered in one call).

A case step's call gets (case, cleaned data, user, uploaded files)
(core.actions.with_files); any other step's (record, cleaned data, user)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.utils.translation import gettext_lazy as _

from fazhi.core.actions import Action, table
from fazhi.core.errors import RuleViolation

from . import forms, workflow
from .models import Certificate, Disclosure, EnforcementCase, EnforcementComplaint, Hearing

__all__ = ["ACTIONS", "API_ACTIONS", "CERTIFICATE_ACTIONS", "COMPLAINT_ACTIONS", "Action"]

Case = EnforcementCase
Stage = EnforcementCase.Stage


def _stage(action: str) -> Callable[[EnforcementCase], bool]:
    return lambda case: case.stage in Case.TRANSITIONS[action]


def _penalty(action: str) -> Callable[[EnforcementCase], bool]:
    return lambda case: (
        case.case_type == Case.CaseType.PENALTY and case.stage in Case.TRANSITIONS[action]
    )


def _hearing(*outcomes: str, scheduled: bool | None = None) -> Callable[[EnforcementCase], bool]:
    def check(case: EnforcementCase) -> bool:
        if case.stage != Stage.HEARING:
            return False
        hearing = Hearing.objects.filter(case=case).first()
        if hearing is None or hearing.outcome not in outcomes:
            return False
        return scheduled is None or (hearing.scheduled_on is not None) == scheduled

    return check


def _disclosure_of(case: EnforcementCase) -> Disclosure:
    """The case's disclosure record; a case with none (no decision to publish
    yet) is refused in words, as the page would not offer the step."""
    found = Disclosure.objects.filter(case=case).first()
    if found is None:
        raise RuleViolation("该案件尚无待公示的处罚决定，不能进行公示相关操作。", field="stage")
    return found


def _disclosure(status: str, changed: bool | None = None) -> Callable[[EnforcementCase], bool]:
    def check(case: EnforcementCase) -> bool:
        d = Disclosure.objects.filter(case=case).first()
        if d is None or d.status != status:
            return False
        return changed is None or bool(d.changed_on) == changed

    return check


def _evidence(case: EnforcementCase, d: dict[str, Any], by: Any, files: Any) -> Any:
    upload = d.get("file")
    return workflow.add_evidence(
        case,
        kind=d["kind"],
        description=d["description"],
        collected_on=d["collected_on"],
        place=d["place"],
        collected_by=d["collected_by"],
        by=by,
        files=[upload] if upload else [],
    )


def _lift(case: EnforcementCase, d: dict[str, Any], by: Any, files: Any) -> Any:
    measure = case.measures.filter(lifted_on__isnull=True).order_by("started_on").first()
    if measure is None:
        from fazhi.core.errors import RuleViolation

        raise RuleViolation("没有未解除的强制措施。", field="on")
    return workflow.lift_measure(measure, on=d["on"], by=by)


ACTIONS: dict[str, Action[forms.StepForm]] = table(
    Action(
        "file",
        _("立案"),
        forms.FileForm,
        lambda c, d, by, f: workflow.file_case(c, on=d["on"], by=by),
        _stage("file"),
    ),
    Action(
        "investigate",
        _("调查取证（笔录）"),
        forms.InvestigateForm,
        lambda c, d, by, f: workflow.record_investigation(
            c,
            kind=d["kind"],
            on=d["on"],
            place=d["place"],
            summary=d["summary"],
            officers=d["officers"],
            by=by,
        ),
        _stage("investigate"),
    ),
    Action(
        "evidence",
        _("登记证据"),
        forms.EvidenceForm,
        _evidence,
        lambda c: (
            c.stage
            in {Stage.FILED, Stage.INVESTIGATING, Stage.REVIEWED, Stage.NOTIFIED, Stage.HEARING}
        ),
        multipart=True,
    ),
    Action(
        "preserve",
        _("先行登记保存"),
        forms.PreserveForm,
        lambda c, d, by, f: workflow.preserve_evidence(
            c, started_on=d["started_on"], items=d["items"], approved_by=d["approved_by"], by=by
        ),
        _penalty("preserve"),
    ),
    Action(
        "review",
        _("负责人审查"),
        forms.ReviewForm,
        lambda c, d, by, f: workflow.review(
            c,
            outcome=d["outcome"],
            on=d["on"],
            by=by,
            deliberated_on=d.get("deliberated_on"),
            deliberation_minutes=d.get("deliberation_minutes", ""),
        ),
        _penalty("review"),
    ),
    Action(
        "notify",
        _("事先告知"),
        forms.NotifyForm,
        lambda c, d, by, f: workflow.notify(
            c,
            on=d["on"],
            penalty_kind=d["penalty_kind"],
            fine_amount=d.get("fine_amount"),
            confiscated_amount=d.get("confiscated_amount"),
            facts=d["facts"],
            legal_basis=d["legal_basis"],
            by=by,
        ),
        _stage("notify"),
    ),
    Action(
        "statement",
        _("陈述申辩"),
        forms.StatementForm,
        lambda c, d, by, f: workflow.record_statement(
            c, kind=d["kind"], on=d["on"], text=d.get("text", ""), by=by
        ),
        _stage("statement"),
    ),
    Action(
        "request_hearing",
        _("申请听证"),
        forms.HearingRequestForm,
        lambda c, d, by, f: workflow.request_hearing(c, on=d["on"], by=by),
        lambda c: c.stage == Stage.NOTIFIED and c.hearing_rights,
    ),
    Action(
        "schedule_hearing",
        _("安排听证"),
        forms.ScheduleHearingForm,
        lambda c, d, by, f: workflow.schedule_hearing(
            c,
            notice_on=d["notice_on"],
            scheduled_on=d["scheduled_on"],
            place=d["place"],
            chair=d["chair"],
            officers=d["officers"],
            public=d.get("public", True),
            by=by,
        ),
        _hearing(Hearing.Outcome.PENDING),
    ),
    Action(
        "hold_hearing",
        _("听证结果"),
        forms.HoldHearingForm,
        lambda c, d, by, f: workflow.hold_hearing(
            c,
            held_on=d["held_on"],
            outcome=d["outcome"],
            transcript=d.get("transcript", ""),
            by=by,
        ),
        _hearing(Hearing.Outcome.PENDING, scheduled=True),
    ),
    Action(
        "submit_legal_review",
        _("提交法制审核"),
        forms.SubmitReviewForm,
        lambda c, d, by, f: workflow.submit_legal_review(c, on=d["on"], by=by),
        _stage("submit_legal_review"),
    ),
    Action(
        "decide",
        _("作出处罚决定"),
        forms.DecideForm,
        lambda c, d, by, f: workflow.decide(
            c,
            on=d["on"],
            penalty_kind=d["penalty_kind"],
            fine_amount=d.get("fine_amount"),
            confiscated_amount=d.get("confiscated_amount"),
            performance=d["performance"],
            by=by,
        ),
        lambda c: (
            c.case_type == Case.CaseType.PENALTY
            and c.stage in {Stage.REVIEWED, Stage.NOTIFIED, Stage.HEARING}
        ),
    ),
    Action(
        "serve",
        _("送达决定书"),
        forms.ServeForm,
        lambda c, d, by, f: workflow.serve(
            c,
            on=d["on"],
            method=d["method"],
            officers=d.get("officers") or [],
            late_reason=d.get("late_reason", ""),
            by=by,
        ),
        _stage("serve"),
    ),
    Action(
        "defer_payment",
        _("延期/分期缴纳"),
        forms.DeferForm,
        lambda c, d, by, f: workflow.defer_payment(
            c,
            until=d["until"],
            reason=d["reason"],
            approver=d["approver"],
            on=d["on"],
            instalments=d.get("instalments") or 1,
            by=by,
        ),
        _stage("defer_payment"),
    ),
    Action(
        "pay",
        _("缴纳罚款"),
        forms.PaymentForm,
        lambda c, d, by, f: workflow.record_payment(
            c,
            paid_on=d["paid_on"],
            amount=d["amount"],
            receipt_no=d.get("receipt_no", ""),
            by=by,
        ),
        _stage("pay"),
    ),
    Action(
        "apply_measure",
        _("实施强制措施"),
        forms.MeasureForm,
        lambda c, d, by, f: workflow.apply_measure(
            c,
            kind=d["kind"],
            started_on=d["started_on"],
            items=d["items"],
            approved_by=d["approved_by"],
            officers=d["officers"],
            by=by,
        ),
        lambda c: (
            c.case_type == Case.CaseType.COERCION and c.stage in Case.TRANSITIONS["apply_measure"]
        ),
    ),
    Action(
        "lift_measure",
        _("解除强制措施"),
        forms.LiftForm,
        _lift,
        lambda c: (
            c.case_type == Case.CaseType.COERCION
            and c.measures.filter(lifted_on__isnull=True).exists()
        ),
    ),
    Action(
        "publish",
        _("公示决定"),
        forms.PublishForm,
        lambda c, d, by, f: workflow.publish(
            _disclosure_of(c), on=d["on"], summary=d.get("summary", ""), by=by
        ),
        _disclosure(Disclosure.Status.PENDING),
    ),
    Action(
        "mark_changed",
        _("登记决定变更/撤销"),
        forms.ChangedForm,
        lambda c, d, by, f: workflow.mark_decision_changed(
            _disclosure_of(c), changed_on=d["changed_on"], reason=d["reason"], by=by
        ),
        _disclosure(Disclosure.Status.PUBLISHED, changed=False),
    ),
    Action(
        "withdraw",
        _("撤回公示"),
        forms.WithdrawForm,
        lambda c, d, by, f: workflow.withdraw(_disclosure_of(c), on=d["on"], by=by),
        _disclosure(Disclosure.Status.PUBLISHED, changed=True),
    ),
    Action(
        "close",
        _("结案归档"),
        forms.CloseForm,
        lambda c, d, by, f: workflow.close(c, on=d["on"], note=d.get("note", ""), by=by),
        _stage("close"),
    ),
)


def _cert_offered(name: str) -> Callable[[Certificate], bool]:
    return lambda cert: cert.status in Certificate.TRANSITIONS[name]


CERTIFICATE_ACTIONS: dict[str, Action] = table(
    Action(
        "renew",
        _("换发"),
        forms.RenewForm,
        lambda c, d, by: workflow.renew_certificate(
            c, on=d["on"], number=d["number"], issued_on=d.get("issued_on"), by=by
        ),
        _cert_offered("renew"),
    ),
    Action(
        "suspend",
        _("暂扣"),
        forms.CertReasonForm,
        lambda c, d, by: workflow.suspend_certificate(c, on=d["on"], reason=d["reason"], by=by),
        _cert_offered("suspend"),
    ),
    Action(
        "restore",
        _("发还"),
        forms.CertReasonForm,
        lambda c, d, by: workflow.restore_certificate(c, on=d["on"], reason=d["reason"], by=by),
        _cert_offered("restore"),
    ),
    Action(
        "revoke",
        _("注销"),
        forms.CertReasonForm,
        lambda c, d, by: workflow.revoke_certificate(c, on=d["on"], reason=d["reason"], by=by),
        _cert_offered("revoke"),
    ),
    Action(
        "annual_review",
        _("年审"),
        forms.CertReasonForm,
        lambda c, d, by: workflow.annual_review(c, on=d["on"], note=d["reason"], by=by),
        _cert_offered("annual_review"),
    ),
)

COMPLAINT_ACTIONS: dict[str, Action] = table(
    Action(
        "investigate",
        _("开始调查核实"),
        forms.ComplaintInvestigateForm,
        lambda c, d, by: workflow.investigate_complaint(c, note=d.get("note", ""), by=by),
        lambda c: c.status in EnforcementComplaint.TRANSITIONS["investigate"],
    ),
    Action(
        "answer",
        _("答复"),
        forms.ComplaintAnswerForm,
        lambda c, d, by: workflow.answer_complaint(
            c,
            finding=d["finding"],
            investigation=d["investigation"],
            reply=d["reply"],
            on=d["on"],
            by=by,
        ),
        lambda c: c.status in EnforcementComplaint.TRANSITIONS["answer"],
    ),
)


def _answer_complaint(c: EnforcementComplaint, d: dict[str, Any], by: Any) -> Any:
    # The API answers a complaint in one call: one still only received is
    # first put under investigation, as the page would take both steps.
    if c.status == EnforcementComplaint.Status.RECEIVED:
        workflow.investigate_complaint(c, note="", by=by)
    return workflow.answer_complaint(
        c,
        finding=d["finding"],
        investigation=d["investigation"],
        reply=d["reply"],
        on=d["on"],
        by=by,
    )


# Steps only the API offers beside the tables above (the pages run these
# with their own forms): issuing a certificate to an officer, recording a
# legal review's result, answering a complaint in one call.
API_ACTIONS: dict[str, Action[forms.StepForm]] = table(
    Action(
        "issue",
        _("发证"),
        forms.IssueForm,
        lambda o, d, by: workflow.issue_certificate(
            o,
            number=d["number"],
            issuing_authority=d["issuing_authority"],
            issued_on=d["issued_on"],
            fields=d["categories"],
            by=by,
        ),
    ),
    Action(
        "record",
        _("登记审核结果"),
        forms.LegalReviewForm,
        lambda r, d, by: workflow.record_legal_review(
            r, result=d["result"], opinion=d["opinion"], on=d["on"], by=by
        ),
    ),
    Action("answer", _("答复"), forms.ComplaintAnswerForm, _answer_complaint),
)
