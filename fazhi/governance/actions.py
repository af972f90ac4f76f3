"""Workflow steps as data: for each record kind, the steps a user can take,
the form that collects their inputs, when they are offered, and the workflow
function they call. Pages (POST forms on the detail page) and the API
(POST …/actions/<name>/) both go through this table, so the rules stay in
workflow.py and nowhere else."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from fazhi.core import actions as core_actions
from fazhi.core import attachments, steps
from fazhi.core.actions import call, optional, table
from fazhi.core.i18n import stored

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
# (core.actions.with_files on a page, core.api.with_files in the API); the
# steps built with core.actions.call take their inputs from the cleaned data
# (evidence arrives as a form field) and leave the files aside.
Action = core_actions.Action[f.ActionForm]


def _complete_task(obj: WorkTask, d: dict[str, Any], by: Any, files: Any) -> Any:
    task = wf.complete_task(obj, on=d["on"], result=d["result"], by=by)
    if d.get("evidence"):
        description = stored(gettext_noop("任务佐证材料"))
        attachments.attach(task, d["evidence"], unit=task.unit, by=by, description=description)
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
            call(wf.start_task),
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
            call(wf.cancel_task, "on", "reason"),
            lambda o: o.status in (WorkTask.Status.OPEN, WorkTask.Status.IN_PROGRESS),
            "outline-danger",
        ),
    ),
    "document": table(
        Action(
            "start_consultation",
            _("公开征求意见"),
            f.OnForm,
            call(wf.start_consultation, "on"),
            lambda o: o.status == S.DRAFT,
        ),
        Action(
            "close_consultation",
            _("结束征求意见"),
            f.CloseConsultationForm,
            call(wf.close_consultation, "on", "summary"),
            lambda o: o.status == S.CONSULTATION and not o.consultation_end,
        ),
        Action(
            "submit_review",
            _("送合法性审核"),
            f.SubmitReviewForm,
            call(wf.submit_for_review, "on", "reviewer"),
            lambda o: o.status == S.CONSULTATION,
        ),
        Action(
            "review",
            _("出具审核意见"),
            f.ReviewOpinionForm,
            call(
                wf.give_review_opinion,
                "on",
                "conclusion",
                "opinion",
                flags=optional("flags", []),
                flag_reason=optional("flag_reason", ""),
            ),
            lambda o: o.status == S.LEGALITY_REVIEW,
        ),
        Action(
            "deliberate",
            _("集体审议"),
            f.DeliberateForm,
            call(wf.deliberate, "on", "minutes", "adopted", meeting=optional("meeting")),
            lambda o: o.status == S.DELIBERATION,
        ),
        Action(
            "register",
            _("统一登记编号"),
            f.OnForm,
            call(wf.register_number, "on"),
            lambda o: o.status == S.APPROVED and not o.doc_no,
        ),
        Action(
            "publish",
            _("公布"),
            f.PublishDocumentForm,
            call(
                wf.publish_document,
                "on",
                "effective_on",
                immediate_effect_reason=optional("immediate_effect_reason", ""),
                valid_until=optional("valid_until"),
            ),
            lambda o: o.status == S.APPROVED,
        ),
        Action(
            "file",
            _("报送备案"),
            f.FileDocumentForm,
            call(wf.file_document, "on", filing_no=optional("filing_no", "")),
            lambda o: o.status == S.PUBLISHED and not o.filed_on,
        ),
    ),
    "cleanup": table(
        Action(
            "decide",
            _("确定清理结果"),
            f.CleanupDecisionForm,
            call(wf.add_cleanup_decision, "document", "outcome", reason=optional("reason", "")),
            lambda o: o.status == CleanupRound.Status.OPEN,
        ),
        Action(
            "publish",
            _("公布清理结果"),
            f.OnForm,
            call(wf.publish_cleanup, "on"),
            lambda o: o.status == CleanupRound.Status.OPEN,
        ),
    ),
    "consultation": table(
        Action(
            "answer",
            _("出具意见"),
            f.AnswerConsultationForm,
            call(wf.answer_consultation, "on", "conclusion", "opinion"),
            lambda o: o.status == Consultation.Status.PENDING,
        ),
        Action(
            "adopted",
            _("记录采纳情况"),
            f.AdoptedForm,
            call(wf.mark_adopted, "adopted"),
            lambda o: o.status == Consultation.Status.ANSWERED,
            "outline-primary",
        ),
    ),
    "decision": table(
        Action(
            "participation",
            _("记录公众参与"),
            f.ParticipationForm,
            call(
                wf.record_participation,
                "summary",
                consultation_start=optional("consultation_start"),
                consultation_end=optional("consultation_end"),
                urgency_reason=optional("urgency_reason", ""),
                hearing_on=optional("hearing_on"),
                materials_sent_on=optional("materials_sent_on"),
            ),
            lambda o: o.status == DS.DRAFTING,
            "outline-primary",
        ),
        Action(
            "expert",
            _("记录专家论证"),
            f.SummaryForm,
            call(wf.record_expert_review, "on", "summary"),
            lambda o: o.status == DS.DRAFTING,
            "outline-primary",
        ),
        Action(
            "risk",
            _("记录风险评估"),
            f.RiskForm,
            call(wf.record_risk_assessment, "on", "level", "report"),
            lambda o: o.status == DS.DRAFTING,
            "outline-primary",
        ),
        Action(
            "fair_competition",
            _("记录公平竞争审查"),
            f.OnForm,
            call(wf.record_fair_competition, "on"),
            lambda o: o.status == DS.DRAFTING and o.market_related,
            "outline-primary",
        ),
        Action(
            "submit_review",
            _("送交合法性审查"),
            f.OnForm,
            call(wf.submit_decision_review, "on"),
            lambda o: o.status == DS.DRAFTING,
        ),
        Action(
            "review",
            _("出具合法性审查意见"),
            f.OpinionForm,
            call(wf.give_decision_review, "on", "opinion"),
            lambda o: o.status == DS.LEGALITY_REVIEW,
        ),
        Action(
            "decide",
            _("集体讨论决定"),
            f.DecideForm,
            call(
                wf.decide,
                "on",
                "minutes",
                "adopted",
                "head_spoke_last",
                dissent=optional("dissent", ""),
                meeting=optional("meeting"),
            ),
            lambda o: o.status == DS.READY,
        ),
        Action(
            "publish",
            _("公布"),
            f.PublishDecisionForm,
            call(wf.publish_decision, "on", "party_reported_on"),
            lambda o: o.status == DS.DECIDED,
        ),
        Action(
            "archive",
            _("归档"),
            f.OnForm,
            call(wf.archive_decision, "on"),
            lambda o: o.status == DS.PUBLISHED,
        ),
    ),
    "proactive": table(
        Action(
            "publish",
            _("公开"),
            f.OnForm,
            call(wf.publish_proactive, "on"),
            lambda o: o.status == ProactiveDisclosure.Status.PENDING,
        ),
        Action(
            "withdraw",
            _("撤回"),
            f.ReasonForm,
            call(wf.withdraw_proactive, "on", "reason"),
            lambda o: o.status == ProactiveDisclosure.Status.PENDING,
            "outline-danger",
        ),
    ),
    "request": table(
        Action(
            "confirm",
            _("确认收到"),
            f.OnForm,
            call(wf.confirm_receipt, "on"),
            lambda o: o.status == RS.SUBMITTED,
        ),
        Action(
            "correction",
            _("告知补正"),
            f.CorrectionForm,
            call(wf.request_correction, "on", "content", "deadline"),
            lambda o: o.status == RS.RECEIVED and not o.correction_requested_on,
            "outline-primary",
        ),
        Action(
            "corrected",
            _("收到补正"),
            f.OnForm,
            call(wf.receive_correction, "on"),
            lambda o: o.status == RS.CORRECTION,
        ),
        Action(
            "third_party",
            _("征求第三方意见"),
            f.ThirdPartyForm,
            call(wf.consult_third_party, "on", "third_party"),
            lambda o: o.status == RS.RECEIVED,
            "outline-primary",
        ),
        Action(
            "third_party_replied",
            _("第三方答复"),
            f.ThirdPartyReplyForm,
            call(wf.third_party_replied, "on", "opinion"),
            lambda o: o.status == RS.THIRD_PARTY,
        ),
        Action(
            "extend",
            _("延长答复期限"),
            f.ExtendForm,
            call(wf.extend_request, "on", "days", "approver", "reason"),
            lambda o: o.status == RS.RECEIVED and not o.extension_days,
            "outline-primary",
        ),
        Action(
            "reply",
            _("答复"),
            f.ReplyForm,
            call(
                wf.reply_request,
                "on",
                "reply_type",
                "reply_text",
                withheld_reason=optional("withheld_reason", ""),
                where_public=optional("where_public", ""),
                right_organ=optional("right_organ", ""),
            ),
            lambda o: o.status == RS.RECEIVED,
        ),
        Action(
            "withdraw",
            _("撤回/视为撤回"),
            f.ReasonForm,
            call(wf.withdraw_request, "on", "reason"),
            lambda o: o.status in (RS.RECEIVED, RS.CORRECTION),
            "outline-danger",
        ),
    ),
    "rectification": table(
        Action(
            "close",
            _("整改销号"),
            f.CloseRectificationForm,
            call(wf.close_rectification, "on", "note"),
            lambda o: o.status == Rectification.Status.OPEN,
        ),
    ),
    "assessment": table(
        Action(
            "add_item", _("添加考核指标"), f.AssessmentItemForm, _add_item, style="outline-primary"
        ),
        Action(
            "compute", _("系统计算得分"), f.ComputeScoresForm, call(wf.compute_scores, "targets")
        ),
        Action(
            "score",
            _("录入得分"),
            f.EnterScoreForm,
            call(wf.enter_score, "item", "target", "score", "evidence"),
            style="outline-primary",
        ),
    ),
    "reconsideration": table(
        Action(
            "answer",
            _("提交书面答复"),
            f.OnForm,
            call(wf.answer_reconsideration, "on"),
            lambda o: not o.answered_on,
        ),
        Action(
            "conclude",
            _("登记复议结果"),
            f.ConcludeForm,
            call(wf.conclude_case, "on", "result"),
            lambda o: o.result == "pending",
        ),
    ),
    "litigation": table(
        Action(
            "conclude",
            _("登记判决结果"),
            f.ConcludeForm,
            call(wf.conclude_case, "on", "result"),
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
