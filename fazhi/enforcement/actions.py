"""The steps on a case, a certificate and a complaint as data (core.actions):
for each, its label, input form, the workflow call, and when it is offered.
Pages and the API both dispatch through `ACTIONS`, so a case step has one
definition of its input and one of its rules.

`API_ACTIONS` holds the steps only the API offers (an officer's certificate
issued, a legal review's result recorded, a complaint answered in one call).

A case step's call gets (case, cleaned data, user, uploaded files)
(core.actions.with_files); any other step's (record, cleaned data, user). The
steps built with core.actions.call leave the files aside (evidence takes its
upload from the form's `file`)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from fazhi.core.actions import Action, call, optional, table
from fazhi.core.errors import RuleViolation

from . import forms, workflow
from .models import Certificate, Disclosure, EnforcementCase, EnforcementComplaint, Hearing

__all__ = ["ACTIONS", "API_ACTIONS", "CERTIFICATE_ACTIONS", "COMPLAINT_ACTIONS", "Action"]

Case = EnforcementCase
Stage = EnforcementCase.Stage


def _stage(action: str) -> Callable[[EnforcementCase], bool]:
    return lambda case: case.stage in Case.TRANSITIONS[action]


def _closable(case: EnforcementCase) -> bool:
    """结案归档 where workflow.close can take it: a penalty once served (with a
    note if unpaid) or executed, not at every stage the transition table allows
    (the officer filled it in at 调查取证 and was refused 行政处罚案件应在执行完毕后结案)."""
    if case.stage not in Case.TRANSITIONS["close"]:
        return False
    return case.case_type != Case.CaseType.PENALTY or case.stage in (Stage.SERVED, Stage.EXECUTED)


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
        raise RuleViolation(
            gettext("该案件尚无待公示的处罚决定，不能进行公示相关操作。"), field="stage"
        )
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
        raise RuleViolation(gettext("没有未解除的强制措施。"), field="on")
    return workflow.lift_measure(measure, on=d["on"], by=by)


ACTIONS: dict[str, Action[forms.StepForm]] = table(
    Action(
        "file",
        _("立案"),
        forms.FileForm,
        call(workflow.file_case, "on"),
        _stage("file"),
    ),
    Action(
        "investigate",
        _("调查取证（笔录）"),
        forms.InvestigateForm,
        call(workflow.record_investigation, "kind", "on", "place", "summary", "officers"),
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
        call(workflow.preserve_evidence, "started_on", "items", "approved_by"),
        _penalty("preserve"),
    ),
    Action(
        "review",
        _("负责人审查"),
        forms.ReviewForm,
        call(
            workflow.review,
            "outcome",
            "on",
            deliberated_on=optional("deliberated_on"),
            deliberation_minutes=optional("deliberation_minutes", ""),
        ),
        _penalty("review"),
        roles=frozenset(workflow.HEAD_ROLES),
        who=_("由乡镇领导（行政机关负责人）作出审查决定（《行政处罚法》第五十七条）。"),
    ),
    Action(
        "notify",
        _("事先告知"),
        forms.NotifyForm,
        call(
            workflow.notify,
            "on",
            "penalty_kind",
            "facts",
            "legal_basis",
            fine_amount=optional("fine_amount"),
            confiscated_amount=optional("confiscated_amount"),
        ),
        _stage("notify"),
    ),
    Action(
        "statement",
        _("陈述申辩"),
        forms.StatementForm,
        call(workflow.record_statement, "kind", "on", text=optional("text", "")),
        _stage("statement"),
    ),
    Action(
        "request_hearing",
        _("申请听证"),
        forms.HearingRequestForm,
        call(workflow.request_hearing, "on"),
        lambda c: c.stage == Stage.NOTIFIED and c.hearing_rights,
    ),
    Action(
        "schedule_hearing",
        _("安排听证"),
        forms.ScheduleHearingForm,
        call(
            workflow.schedule_hearing,
            "notice_on",
            "scheduled_on",
            "place",
            "chair",
            "officers",
            public=optional("public", True),
        ),
        _hearing(Hearing.Outcome.PENDING),
    ),
    Action(
        "hold_hearing",
        _("听证结果"),
        forms.HoldHearingForm,
        call(workflow.hold_hearing, "held_on", "outcome", transcript=optional("transcript", "")),
        _hearing(Hearing.Outcome.PENDING, scheduled=True),
    ),
    Action(
        "submit_legal_review",
        _("提交法制审核"),
        forms.SubmitReviewForm,
        call(workflow.submit_legal_review, "on"),
        _stage("submit_legal_review"),
    ),
    Action(
        "decide",
        _("作出处罚决定"),
        forms.DecideForm,
        call(
            workflow.decide,
            "on",
            "penalty_kind",
            "performance",
            fine_amount=optional("fine_amount"),
            confiscated_amount=optional("confiscated_amount"),
        ),
        lambda c: (
            c.case_type == Case.CaseType.PENALTY
            and c.stage in {Stage.REVIEWED, Stage.NOTIFIED, Stage.HEARING}
        ),
        roles=frozenset(workflow.HEAD_ROLES),
        who=_("由乡镇领导（行政机关负责人）作出处罚决定（《行政处罚法》第五十七条）。"),
    ),
    Action(
        "serve",
        _("送达决定书"),
        forms.ServeForm,
        call(
            workflow.serve,
            "on",
            "method",
            officers=optional("officers", []),
            late_reason=optional("late_reason", ""),
        ),
        _stage("serve"),
    ),
    Action(
        "defer_payment",
        _("延期/分期缴纳"),
        forms.DeferForm,
        call(
            workflow.defer_payment,
            "until",
            "reason",
            "approver",
            "on",
            instalments=optional("instalments", 1),
        ),
        _stage("defer_payment"),
    ),
    Action(
        "pay",
        _("缴纳罚款"),
        forms.PaymentForm,
        call(workflow.record_payment, "paid_on", "amount", receipt_no=optional("receipt_no", "")),
        _stage("pay"),
    ),
    Action(
        "apply_measure",
        _("实施强制措施"),
        forms.MeasureForm,
        call(workflow.apply_measure, "kind", "started_on", "items", "approved_by", "officers"),
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
        call(workflow.publish, "on", summary=optional("summary", ""), record=_disclosure_of),
        _disclosure(Disclosure.Status.PENDING),
    ),
    Action(
        "mark_changed",
        _("登记决定变更/撤销"),
        forms.ChangedForm,
        call(workflow.mark_decision_changed, "changed_on", "reason", record=_disclosure_of),
        _disclosure(Disclosure.Status.PUBLISHED, changed=False),
    ),
    Action(
        "withdraw",
        _("撤回公示"),
        forms.WithdrawForm,
        call(workflow.withdraw, "on", record=_disclosure_of),
        _disclosure(Disclosure.Status.PUBLISHED, changed=True),
    ),
    Action(
        "close",
        _("结案归档"),
        forms.CloseForm,
        call(workflow.close, "on", note=optional("note", "")),
        _closable,
    ),
)


def _cert_offered(name: str) -> Callable[[Certificate], bool]:
    return lambda cert: cert.status in Certificate.TRANSITIONS[name]


CERTIFICATE_ACTIONS: dict[str, Action] = table(
    Action(
        "renew",
        _("换发"),
        forms.RenewForm,
        call(workflow.renew_certificate, "on", "number", issued_on=optional("issued_on")),
        _cert_offered("renew"),
    ),
    Action(
        "suspend",
        _("暂扣"),
        forms.CertReasonForm,
        call(workflow.suspend_certificate, "on", "reason"),
        _cert_offered("suspend"),
    ),
    Action(
        "restore",
        _("发还"),
        forms.CertReasonForm,
        call(workflow.restore_certificate, "on", "reason"),
        _cert_offered("restore"),
    ),
    Action(
        "revoke",
        _("注销"),
        forms.CertReasonForm,
        call(workflow.revoke_certificate, "on", "reason"),
        _cert_offered("revoke"),
    ),
    Action(
        "annual_review",
        _("年审"),
        forms.CertReasonForm,
        call(workflow.annual_review, "on", note="reason"),
        _cert_offered("annual_review"),
    ),
)

_answer = call(workflow.answer_complaint, "finding", "investigation", "reply", "on")

COMPLAINT_ACTIONS: dict[str, Action] = table(
    Action(
        "investigate",
        _("开始调查核实"),
        forms.ComplaintInvestigateForm,
        call(workflow.investigate_complaint, note=optional("note", "")),
        lambda c: c.status in EnforcementComplaint.TRANSITIONS["investigate"],
    ),
    Action(
        "answer",
        _("答复"),
        forms.ComplaintAnswerForm,
        _answer,
        lambda c: c.status in EnforcementComplaint.TRANSITIONS["answer"],
    ),
)


def _answer_complaint(c: EnforcementComplaint, d: dict[str, Any], by: Any) -> Any:
    # The API answers a complaint in one call: one still only received is
    # first put under investigation, as the page would take both steps.
    if c.status == EnforcementComplaint.Status.RECEIVED:
        workflow.investigate_complaint(c, note="", by=by)
    return _answer(c, d, by)


# Steps only the API offers beside the tables above (the pages run these
# with their own forms): issuing a certificate to an officer, recording a
# legal review's result, answering a complaint in one call.
API_ACTIONS: dict[str, Action[forms.StepForm]] = table(
    Action(
        "issue",
        _("发证"),
        forms.IssueForm,
        call(
            workflow.issue_certificate,
            "number",
            "issuing_authority",
            "issued_on",
            fields="categories",
        ),
    ),
    Action(
        "record",
        _("登记审核结果"),
        forms.LegalReviewForm,
        call(workflow.record_legal_review, "result", "opinion", "on"),
    ),
    Action("answer", _("答复"), forms.ComplaintAnswerForm, _answer_complaint),
)
