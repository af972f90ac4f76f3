"""The workflow steps a cadre performs on a petition, shared by the detail
page and the API: which form carries the input, which workflow function
runs, and in which stage the step is offered."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.utils.translation import gettext_lazy as _

from fazhi.core.actions import Action, call, table

from . import forms
from . import workflow as wf
from .models import AppealLevel, Petition, Source, Stage


def _appeal(p: Petition, level: str) -> Any:
    return next((a for a in p.appeals.all() if a.level == level), None)


def never(p: Petition) -> bool:
    return False


def _person(d: dict[str, Any]) -> wf.PetitionerData:
    return wf.PetitionerData(
        d["name"], d["id_number"], d["phone"], d["address"], d["is_representative"]
    )


# A step's call gets (petition, cleaned data, user, version): the version the
# page was loaded with (core.actions.with_version), so a stale page is refused.
def _call(step: Callable[..., Any], *fields: str, **named: Any) -> Callable[..., Any]:
    """core.actions.call with the page's version passed on as `version=`."""
    return call(step, *fields, extra=("version",), **named)


STEPS: dict[str, Action] = table(
    Action(
        "accept",
        _("受理"),
        forms.AcceptForm,
        _call(wf.accept, "on", "note"),
        lambda p: p.stage == Stage.REGISTERED,
    ),
    Action(
        "decline",
        _("不予受理"),
        forms.DeclineForm,
        _call(wf.decline, "on", "competent_body", "reason"),
        lambda p: p.stage == Stage.REGISTERED,
        "outline-secondary",
    ),
    Action(
        "refer",
        _("导入法定程序"),
        forms.ReferForm,
        _call(wf.refer, "on", "procedure", "competent_body", "reason"),
        lambda p: p.stage == Stage.REGISTERED,
        "outline-secondary",
    ),
    Action(
        "object",
        _("转送异议"),
        forms.ObjectForm,
        _call(wf.object_transfer, "on", "reason"),
        lambda p: p.stage == Stage.REGISTERED and p.source == Source.TRANSFERRED,
        "outline-danger",
    ),
    Action(
        "assign",
        _("交办（分级负责）"),
        forms.AssignForm,
        _call(wf.assign, "responsible_unit", "handler", "is_key_case", "owner_leader"),
        lambda p: p.stage == Stage.ACCEPTED,
    ),
    Action(
        "handling",
        _("办理情况"),
        forms.HandlingForm,
        _call(wf.record_handling, "investigation", "hearing_on", "hearing_note", "settlement"),
        lambda p: p.stage == Stage.ACCEPTED,
        "outline-primary",
    ),
    Action(
        "extend",
        _("延期"),
        forms.ExtendForm,
        _call(wf.extend, "days", "reason", "approver", "on", "notice_on"),
        lambda p: p.stage == Stage.ACCEPTED and not p.extension_days,
        "outline-warning",
    ),
    Action(
        "reply",
        _("答复（处理意见书）"),
        forms.ReplyForm,
        _call(wf.reply, "on", "request", "facts", "outcome", "basis", "served_on"),
        lambda p: p.stage == Stage.ACCEPTED,
    ),
    Action(
        "serve",
        _("答复送达"),
        forms.ServeForm,
        _call(wf.serve_reply, on="served_on"),
        lambda p: p.reply_on is not None and p.reply_served_on is None,
    ),
    Action(
        "close",
        _("办结"),
        forms.CloseForm,
        _call(wf.close, "on", "resolved"),
        lambda p: p.stage in {Stage.REPLIED, Stage.REVIEWED},
        "success",
    ),
    Action(
        "review_request",
        _("复查请求"),
        forms.ReviewRequestForm,
        _call(wf.request_review, "requested_on", "body"),
        lambda p: (
            p.stage in {Stage.REPLIED, Stage.CLOSED} and _appeal(p, AppealLevel.REVIEW) is None
        ),
        "outline-secondary",
    ),
    Action(
        "review_decision",
        _("复查意见"),
        forms.ReviewDecisionForm,
        _call(wf.decide_review, "on", "result", "opinion", "served_on"),
        lambda p: p.stage == Stage.REVIEW,
    ),
    Action(
        "re_review_request",
        _("复核请求"),
        forms.ReReviewRequestForm,
        _call(wf.request_re_review, "requested_on", "body"),
        lambda p: (
            p.stage in {Stage.REVIEWED, Stage.CLOSED}
            and _appeal(p, AppealLevel.REVIEW) is not None
            and _appeal(p, AppealLevel.RE_REVIEW) is None
        ),
        "outline-secondary",
    ),
    Action(
        "appeal_serve",
        _("复查/复核意见送达"),
        forms.AppealServeForm,
        _call(wf.serve_appeal, "level", on="served_on"),
        lambda p: any(a.decided_on and not a.served_on for a in p.appeals.all()),
        "outline-primary",
    ),
    Action(
        "hearing_start",
        _("复核听证开始（中止计时）"),
        forms.HearingStartForm,
        _call(wf.start_hearing, "on", "reason"),
        lambda p: (
            p.stage == Stage.RE_REVIEW
            and not getattr(_appeal(p, AppealLevel.RE_REVIEW), "hearing_from", None)
        ),
        "outline-secondary",
    ),
    Action(
        "hearing_end",
        _("复核听证结束（恢复计时）"),
        forms.HearingEndForm,
        _call(wf.end_hearing, "on"),
        lambda p: (
            p.stage == Stage.RE_REVIEW
            and bool(getattr(_appeal(p, AppealLevel.RE_REVIEW), "hearing_from", None))
            and not getattr(_appeal(p, AppealLevel.RE_REVIEW), "hearing_to", None)
        ),
        "outline-secondary",
    ),
    Action(
        "re_review_decision",
        _("复核意见（终结）"),
        forms.ReReviewDecisionForm,
        _call(wf.decide_re_review, "on", "result", "opinion", "served_on"),
        lambda p: p.stage == Stage.RE_REVIEW,
    ),
    Action(
        "petitioner_add",
        _("添加信访人"),
        forms.PetitionerAddForm,
        lambda p, d, by, v: wf.add_petitioner(p, by=by, person=_person(d), version=v),
        wf.petitioners_editable,
        "outline-secondary",
    ),
    # Reached from each petitioner's row (its own page), not offered as a card.
    Action(
        "petitioner_update",
        _("更正信访人"),
        forms.PetitionerEditForm,
        lambda p, d, by, v: wf.update_petitioner(
            p, by=by, petitioner=d["petitioner"], person=_person(d), version=v
        ),
        never,
    ),
    Action(
        "petitioner_remove",
        _("移除信访人"),
        forms.PetitionerRemoveForm,
        lambda p, d, by, v: wf.remove_petitioner(
            p, by=by, petitioner=d["petitioner"], reason=d["reason"], version=v
        ),
        never,
        "outline-danger",
    ),
    Action(
        "rate",
        _("满意度评价"),
        forms.RateForm,
        _call(wf.rate, "rating", "on"),
        lambda p: p.reply_on is not None and not p.satisfaction,
        "outline-success",
    ),
)
