"""Workflow steps as data: for each record kind, the steps a user can take,
the form that collects their inputs, when they are offered, and the workflow
function they call. Pages (POST forms on the detail page) and the API
(POST …/actions/<name>/) both go through this table, so the rules stay in
workflow.py and nowhere else."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from fazhi.core import actions as core_actions
from fazhi.core import attachments, steps
from fazhi.core.actions import table

from . import forms as f
from . import workflow as wf
from .models import (
    Assessment,
    AssessmentItem,
    CleanupRound,
    Consultation,
    DisclosureRequest,
    LitigationCase,
    MajorDecision,
    NormativeDocument,
    ProactiveDisclosure,
    ReconsiderationCase,
    Rectification,
    WorkTask,
)

# A step's call gets (record, cleaned data, user, uploaded files)
# (core.actions.with_files on a page, core.api.with_files in the API).
Action = core_actions.Action[f.ActionForm]


def _complete_task(obj: WorkTask, d: dict[str, Any], by: Any, files: Any) -> Any:
    task = wf.complete_task(obj, on=d["on"], result=d["result"], by=by)
    if d.get("evidence"):
        attachments.attach(task, d["evidence"], unit=task.unit, by=by, description="任务佐证材料")
    return task


def _add_item(obj: Assessment, d: dict[str, Any], by: Any, files: Any) -> Any:
    # Only a writer with the assessment in scope adds an item (the row is
    # locked so a concurrent score computation sees the item or waits).
    steps.lock(obj, by=by)
    return AssessmentItem.objects.create(
        assessment=obj,
        name=d["name"],
        max_score=d["max_score"],
        source_key=d.get("source_key") or "",
        order=d.get("order") or 0,
    )


S = NormativeDocument.Status
DS = MajorDecision.Status
RS = DisclosureRequest.Status

ACTIONS: dict[str, dict[str, Action]] = {
    "task": table(
        Action(
            "start",
            _("开始推进"),
            f.ActionForm,
            lambda o, d, by, _f: wf.start_task(o, by=by),
            lambda o: o.status == WorkTask.Status.OPEN,
            "outline-primary",
        ),
        Action(
            "complete",
            _("完成"),
            f.CompleteTaskForm,
            _complete_task,
            lambda o: o.status in (WorkTask.Status.OPEN, WorkTask.Status.IN_PROGRESS),
        ),
        Action(
            "cancel",
            _("取消"),
            f.ReasonForm,
            lambda o, d, by, _f: wf.cancel_task(o, on=d["on"], reason=d["reason"], by=by),
            lambda o: o.status in (WorkTask.Status.OPEN, WorkTask.Status.IN_PROGRESS),
            "outline-danger",
        ),
    ),
    "document": table(
        Action(
            "start_consultation",
            _("公开征求意见"),
            f.OnForm,
            lambda o, d, by, _f: wf.start_consultation(o, on=d["on"], by=by),
            lambda o: o.status == S.DRAFT,
        ),
        Action(
            "close_consultation",
            _("结束征求意见"),
            f.CloseConsultationForm,
            lambda o, d, by, _f: wf.close_consultation(o, on=d["on"], summary=d["summary"], by=by),
            lambda o: o.status == S.CONSULTATION and not o.consultation_end,
        ),
        Action(
            "submit_review",
            _("送合法性审核"),
            f.SubmitReviewForm,
            lambda o, d, by, _f: wf.submit_for_review(o, on=d["on"], reviewer=d["reviewer"], by=by),
            lambda o: o.status == S.CONSULTATION,
        ),
        Action(
            "review",
            _("出具审核意见"),
            f.ReviewOpinionForm,
            lambda o, d, by, _f: wf.give_review_opinion(
                o,
                on=d["on"],
                conclusion=d["conclusion"],
                opinion=d["opinion"],
                by=by,
                flags=d.get("flags") or [],
                flag_reason=d.get("flag_reason") or "",
            ),
            lambda o: o.status == S.LEGALITY_REVIEW,
        ),
        Action(
            "deliberate",
            _("集体审议"),
            f.DeliberateForm,
            lambda o, d, by, _f: wf.deliberate(
                o,
                on=d["on"],
                minutes=d["minutes"],
                adopted=d["adopted"],
                meeting=d.get("meeting"),
                by=by,
            ),
            lambda o: o.status == S.DELIBERATION,
        ),
        Action(
            "register",
            _("统一登记编号"),
            f.OnForm,
            lambda o, d, by, _f: wf.register_number(o, on=d["on"], by=by),
            lambda o: o.status == S.APPROVED and not o.doc_no,
        ),
        Action(
            "publish",
            _("公布"),
            f.PublishDocumentForm,
            lambda o, d, by, _f: wf.publish_document(
                o,
                on=d["on"],
                effective_on=d["effective_on"],
                by=by,
                immediate_effect_reason=d.get("immediate_effect_reason") or "",
                valid_until=d.get("valid_until"),
            ),
            lambda o: o.status == S.APPROVED,
        ),
        Action(
            "file",
            _("报送备案"),
            f.FileDocumentForm,
            lambda o, d, by, _f: wf.file_document(
                o, on=d["on"], filing_no=d.get("filing_no") or "", by=by
            ),
            lambda o: o.status == S.PUBLISHED and not o.filed_on,
        ),
    ),
    "cleanup": table(
        Action(
            "decide",
            _("确定清理结果"),
            f.CleanupDecisionForm,
            lambda o, d, by, _f: wf.add_cleanup_decision(
                o, document=d["document"], outcome=d["outcome"], reason=d.get("reason") or "", by=by
            ),
            lambda o: o.status == CleanupRound.Status.OPEN,
        ),
        Action(
            "publish",
            _("公布清理结果"),
            f.OnForm,
            lambda o, d, by, _f: wf.publish_cleanup(o, on=d["on"], by=by),
            lambda o: o.status == CleanupRound.Status.OPEN,
        ),
    ),
    "consultation": table(
        Action(
            "answer",
            _("出具意见"),
            f.AnswerConsultationForm,
            lambda o, d, by, _f: wf.answer_consultation(
                o, on=d["on"], conclusion=d["conclusion"], opinion=d["opinion"], by=by
            ),
            lambda o: o.status == Consultation.Status.PENDING,
        ),
        Action(
            "adopted",
            _("记录采纳情况"),
            f.AdoptedForm,
            lambda o, d, by, _f: wf.mark_adopted(o, adopted=d["adopted"], by=by),
            lambda o: o.status == Consultation.Status.ANSWERED,
            "outline-primary",
        ),
    ),
    "decision": table(
        Action(
            "participation",
            _("记录公众参与"),
            f.ParticipationForm,
            lambda o, d, by, _f: wf.record_participation(
                o,
                summary=d["summary"],
                by=by,
                consultation_start=d.get("consultation_start"),
                consultation_end=d.get("consultation_end"),
                urgency_reason=d.get("urgency_reason") or "",
                hearing_on=d.get("hearing_on"),
                materials_sent_on=d.get("materials_sent_on"),
            ),
            lambda o: o.status == DS.DRAFTING,
            "outline-primary",
        ),
        Action(
            "expert",
            _("记录专家论证"),
            f.SummaryForm,
            lambda o, d, by, _f: wf.record_expert_review(
                o, on=d["on"], summary=d["summary"], by=by
            ),
            lambda o: o.status == DS.DRAFTING,
            "outline-primary",
        ),
        Action(
            "risk",
            _("记录风险评估"),
            f.RiskForm,
            lambda o, d, by, _f: wf.record_risk_assessment(
                o, on=d["on"], level=d["level"], report=d["report"], by=by
            ),
            lambda o: o.status == DS.DRAFTING,
            "outline-primary",
        ),
        Action(
            "fair_competition",
            _("记录公平竞争审查"),
            f.OnForm,
            lambda o, d, by, _f: wf.record_fair_competition(o, on=d["on"], by=by),
            lambda o: o.status == DS.DRAFTING and o.market_related,
            "outline-primary",
        ),
        Action(
            "submit_review",
            _("送交合法性审查"),
            f.OnForm,
            lambda o, d, by, _f: wf.submit_decision_review(o, on=d["on"], by=by),
            lambda o: o.status == DS.DRAFTING,
        ),
        Action(
            "review",
            _("出具合法性审查意见"),
            f.OpinionForm,
            lambda o, d, by, _f: wf.give_decision_review(
                o, on=d["on"], opinion=d["opinion"], by=by
            ),
            lambda o: o.status == DS.LEGALITY_REVIEW,
        ),
        Action(
            "decide",
            _("集体讨论决定"),
            f.DecideForm,
            lambda o, d, by, _f: wf.decide(
                o,
                on=d["on"],
                minutes=d["minutes"],
                adopted=d["adopted"],
                head_spoke_last=d["head_spoke_last"],
                dissent=d.get("dissent") or "",
                meeting=d.get("meeting"),
                by=by,
            ),
            lambda o: o.status == DS.READY,
        ),
        Action(
            "publish",
            _("公布"),
            f.PublishDecisionForm,
            lambda o, d, by, _f: wf.publish_decision(
                o, on=d["on"], party_reported_on=d["party_reported_on"], by=by
            ),
            lambda o: o.status == DS.DECIDED,
        ),
        Action(
            "archive",
            _("归档"),
            f.OnForm,
            lambda o, d, by, _f: wf.archive_decision(o, on=d["on"], by=by),
            lambda o: o.status == DS.PUBLISHED,
        ),
    ),
    "proactive": table(
        Action(
            "publish",
            _("公开"),
            f.OnForm,
            lambda o, d, by, _f: wf.publish_proactive(o, on=d["on"], by=by),
            lambda o: o.status == ProactiveDisclosure.Status.PENDING,
        ),
        Action(
            "withdraw",
            _("撤回"),
            f.ReasonForm,
            lambda o, d, by, _f: wf.withdraw_proactive(o, on=d["on"], reason=d["reason"], by=by),
            lambda o: o.status == ProactiveDisclosure.Status.PENDING,
            "outline-danger",
        ),
    ),
    "request": table(
        Action(
            "confirm",
            _("确认收到"),
            f.OnForm,
            lambda o, d, by, _f: wf.confirm_receipt(o, on=d["on"], by=by),
            lambda o: o.status == RS.SUBMITTED,
        ),
        Action(
            "correction",
            _("告知补正"),
            f.CorrectionForm,
            lambda o, d, by, _f: wf.request_correction(
                o, on=d["on"], content=d["content"], deadline=d["deadline"], by=by
            ),
            lambda o: o.status == RS.RECEIVED and not o.correction_requested_on,
            "outline-primary",
        ),
        Action(
            "corrected",
            _("收到补正"),
            f.OnForm,
            lambda o, d, by, _f: wf.receive_correction(o, on=d["on"], by=by),
            lambda o: o.status == RS.CORRECTION,
        ),
        Action(
            "third_party",
            _("征求第三方意见"),
            f.ThirdPartyForm,
            lambda o, d, by, _f: wf.consult_third_party(
                o, on=d["on"], third_party=d["third_party"], by=by
            ),
            lambda o: o.status == RS.RECEIVED,
            "outline-primary",
        ),
        Action(
            "third_party_replied",
            _("第三方答复"),
            f.ThirdPartyReplyForm,
            lambda o, d, by, _f: wf.third_party_replied(o, on=d["on"], opinion=d["opinion"], by=by),
            lambda o: o.status == RS.THIRD_PARTY,
        ),
        Action(
            "extend",
            _("延长答复期限"),
            f.ExtendForm,
            lambda o, d, by, _f: wf.extend_request(
                o, on=d["on"], days=d["days"], approver=d["approver"], reason=d["reason"], by=by
            ),
            lambda o: o.status == RS.RECEIVED and not o.extension_days,
            "outline-primary",
        ),
        Action(
            "reply",
            _("答复"),
            f.ReplyForm,
            lambda o, d, by, _f: wf.reply_request(
                o,
                on=d["on"],
                reply_type=d["reply_type"],
                reply_text=d["reply_text"],
                by=by,
                withheld_reason=d.get("withheld_reason") or "",
                where_public=d.get("where_public") or "",
                right_organ=d.get("right_organ") or "",
            ),
            lambda o: o.status == RS.RECEIVED,
        ),
        Action(
            "withdraw",
            _("撤回/视为撤回"),
            f.ReasonForm,
            lambda o, d, by, _f: wf.withdraw_request(o, on=d["on"], reason=d["reason"], by=by),
            lambda o: o.status in (RS.RECEIVED, RS.CORRECTION),
            "outline-danger",
        ),
    ),
    "rectification": table(
        Action(
            "close",
            _("整改销号"),
            f.CloseRectificationForm,
            lambda o, d, by, _f: wf.close_rectification(o, on=d["on"], note=d["note"], by=by),
            lambda o: o.status == Rectification.Status.OPEN,
        ),
    ),
    "assessment": table(
        Action(
            "add_item", _("添加考核指标"), f.AssessmentItemForm, _add_item, style="outline-primary"
        ),
        Action(
            "compute",
            _("系统计算得分"),
            f.ComputeScoresForm,
            lambda o, d, by, _f: wf.compute_scores(o, targets=d["targets"], by=by),
        ),
        Action(
            "score",
            _("录入得分"),
            f.EnterScoreForm,
            lambda o, d, by, _f: wf.enter_score(
                o,
                item=d["item"],
                target=d["target"],
                score=d["score"],
                evidence=d["evidence"],
                by=by,
            ),
            style="outline-primary",
        ),
    ),
    "reconsideration": table(
        Action(
            "answer",
            _("提交书面答复"),
            f.OnForm,
            lambda o, d, by, _f: wf.answer_reconsideration(o, on=d["on"], by=by),
            lambda o: not o.answered_on,
        ),
        Action(
            "conclude",
            _("登记复议结果"),
            f.ConcludeForm,
            lambda o, d, by, _f: wf.conclude_case(o, on=d["on"], result=d["result"], by=by),
            lambda o: o.result == "pending",
        ),
    ),
    "litigation": table(
        Action(
            "conclude",
            _("登记判决结果"),
            f.ConcludeForm,
            lambda o, d, by, _f: wf.conclude_case(o, on=d["on"], result=d["result"], by=by),
            lambda o: o.result == "pending",
        ),
    ),
}

MODELS: dict[str, type[Any]] = {
    "task": WorkTask,
    "document": NormativeDocument,
    "cleanup": CleanupRound,
    "consultation": Consultation,
    "decision": MajorDecision,
    "proactive": ProactiveDisclosure,
    "request": DisclosureRequest,
    "rectification": Rectification,
    "assessment": Assessment,
    "reconsideration": ReconsiderationCase,
    "litigation": LitigationCase,
}
