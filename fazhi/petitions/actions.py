"""The workflow steps a cadre performs on a petition, shared by the detail
page and the API: which form carries the input, which workflow function
runs, and in which stage the step is offered."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from fazhi.core.actions import Action, table

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
STEPS: dict[str, Action] = table(
    Action(
        "accept",
        _("受理"),
        forms.AcceptForm,
        lambda p, d, by, v: wf.accept(p, by=by, on=d["on"], note=d["note"], version=v),
        lambda p: p.stage == Stage.REGISTERED,
    ),
    Action(
        "decline",
        _("不予受理"),
        forms.DeclineForm,
        lambda p, d, by, v: wf.decline(
            p, by=by, on=d["on"], competent_body=d["competent_body"], reason=d["reason"], version=v
        ),
        lambda p: p.stage == Stage.REGISTERED,
        "outline-secondary",
    ),
    Action(
        "refer",
        _("导入法定程序"),
        forms.ReferForm,
        lambda p, d, by, v: wf.refer(
            p,
            by=by,
            on=d["on"],
            procedure=d["procedure"],
            competent_body=d["competent_body"],
            reason=d["reason"],
            version=v,
        ),
        lambda p: p.stage == Stage.REGISTERED,
        "outline-secondary",
    ),
    Action(
        "object",
        _("转送异议"),
        forms.ObjectForm,
        lambda p, d, by, v: wf.object_transfer(p, by=by, on=d["on"], reason=d["reason"], version=v),
        lambda p: p.stage == Stage.REGISTERED and p.source == Source.TRANSFERRED,
        "outline-danger",
    ),
    Action(
        "assign",
        _("交办（分级负责）"),
        forms.AssignForm,
        lambda p, d, by, v: wf.assign(
            p,
            by=by,
            responsible_unit=d["responsible_unit"],
            handler=d["handler"],
            is_key_case=d["is_key_case"],
            owner_leader=d["owner_leader"],
            version=v,
        ),
        lambda p: p.stage == Stage.ACCEPTED,
    ),
    Action(
        "handling",
        _("办理情况"),
        forms.HandlingForm,
        lambda p, d, by, v: wf.record_handling(
            p,
            by=by,
            investigation=d["investigation"],
            hearing_on=d["hearing_on"],
            hearing_note=d["hearing_note"],
            settlement=d["settlement"],
            version=v,
        ),
        lambda p: p.stage == Stage.ACCEPTED,
        "outline-primary",
    ),
    Action(
        "extend",
        _("延期"),
        forms.ExtendForm,
        lambda p, d, by, v: wf.extend(
            p,
            by=by,
            days=d["days"],
            reason=d["reason"],
            approver=d["approver"],
            on=d["on"],
            notice_on=d["notice_on"],
            version=v,
        ),
        lambda p: p.stage == Stage.ACCEPTED and not p.extension_days,
        "outline-warning",
    ),
    Action(
        "reply",
        _("答复（处理意见书）"),
        forms.ReplyForm,
        lambda p, d, by, v: wf.reply(
            p,
            by=by,
            on=d["on"],
            request=d["request"],
            facts=d["facts"],
            outcome=d["outcome"],
            basis=d["basis"],
            served_on=d["served_on"],
            version=v,
        ),
        lambda p: p.stage == Stage.ACCEPTED,
    ),
    Action(
        "serve",
        _("答复送达"),
        forms.ServeForm,
        lambda p, d, by, v: wf.serve_reply(p, by=by, on=d["served_on"], version=v),
        lambda p: p.reply_on is not None and p.reply_served_on is None,
    ),
    Action(
        "close",
        _("办结"),
        forms.CloseForm,
        lambda p, d, by, v: wf.close(p, by=by, on=d["on"], resolved=d["resolved"], version=v),
        lambda p: p.stage in {Stage.REPLIED, Stage.REVIEWED},
        "success",
    ),
    Action(
        "review_request",
        _("复查请求"),
        forms.ReviewRequestForm,
        lambda p, d, by, v: wf.request_review(
            p, by=by, requested_on=d["requested_on"], body=d["body"], version=v
        ),
        lambda p: (
            p.stage in {Stage.REPLIED, Stage.CLOSED} and _appeal(p, AppealLevel.REVIEW) is None
        ),
        "outline-secondary",
    ),
    Action(
        "review_decision",
        _("复查意见"),
        forms.ReviewDecisionForm,
        lambda p, d, by, v: wf.decide_review(
            p,
            by=by,
            on=d["on"],
            result=d["result"],
            opinion=d["opinion"],
            served_on=d["served_on"],
            version=v,
        ),
        lambda p: p.stage == Stage.REVIEW,
    ),
    Action(
        "re_review_request",
        _("复核请求"),
        forms.ReReviewRequestForm,
        lambda p, d, by, v: wf.request_re_review(
            p, by=by, requested_on=d["requested_on"], body=d["body"], version=v
        ),
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
        lambda p, d, by, v: wf.serve_appeal(
            p, by=by, level=d["level"], on=d["served_on"], version=v
        ),
        lambda p: any(a.decided_on and not a.served_on for a in p.appeals.all()),
        "outline-primary",
    ),
    Action(
        "hearing_start",
        _("复核听证开始（中止计时）"),
        forms.HearingStartForm,
        lambda p, d, by, v: wf.start_hearing(p, by=by, on=d["on"], reason=d["reason"], version=v),
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
        lambda p, d, by, v: wf.end_hearing(p, by=by, on=d["on"], version=v),
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
        lambda p, d, by, v: wf.decide_re_review(
            p,
            by=by,
            on=d["on"],
            result=d["result"],
            opinion=d["opinion"],
            served_on=d["served_on"],
            version=v,
        ),
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
        lambda p, d, by, v: wf.rate(p, by=by, rating=d["rating"], on=d["on"], version=v),
        lambda p: p.reply_on is not None and not p.satisfaction,
        "outline-success",
    ),
)
