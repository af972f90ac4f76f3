"""The workflow steps a page or the API can take on a record: the input form,
the workflow call, and when the step is offered. Pages and the API share this
table so both accept and refuse exactly the same input."""

from __future__ import annotations

import dataclasses
from typing import Any

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from fazhi.core.actions import Action, call, optional, table

from . import forms, workflow
from .models import (
    Agreement,
    Dispute,
    JudicialConfirmation,
    MediationCase,
    MediationCommittee,
    Mediator,
)

__all__ = ["ACTIONS_FOR", "Action"]

Status = MediationCase.Status

# The page stresses the main step of a state (style "primary"); the others are
# "secondary". A step's call gets (record, cleaned data, user): the version the
# page was loaded with travels in the form's hidden `version`.
SECONDARY = "secondary"
VERSION = optional("version")


def _v(data: dict[str, Any]) -> int | None:
    return data.get("version")


def _agreement(case: MediationCase) -> Agreement | None:
    return getattr(case, "agreement", None)


def _confirmation(case: MediationCase) -> JudicialConfirmation | None:
    agreement = _agreement(case)
    return getattr(agreement, "confirmation", None) if agreement is not None else None


def _agreement_input(data: dict[str, Any]) -> workflow.AgreementInput:
    """The agreement's contents: each of AgreementInput's fields from the form
    field of the same name (the form declares them all)."""
    names = [f.name for f in dataclasses.fields(workflow.AgreementInput)]
    return workflow.AgreementInput(**{name: data[name] for name in names})


def _agreement_or_fail(case: MediationCase) -> Agreement:
    agreement = _agreement(case)
    if agreement is None:
        raise workflow.RuleViolation(gettext("该案件尚无调解协议。"), field="form")
    return agreement


def _confirmation_or_fail(case: MediationCase) -> JudicialConfirmation:
    confirmation = _confirmation(case)
    if confirmation is None:
        raise workflow.RuleViolation(gettext("该协议尚未申请司法确认。"), field="result")
    return confirmation


CASE_ACTIONS: dict[str, Action] = table(
    Action(
        "accept",
        _("受理登记"),
        forms.AcceptForm,
        call(workflow.accept, "on", version=VERSION),
        lambda c: c.status == Status.APPLIED,
    ),
    Action(
        "decline",
        _("不予受理"),
        forms.DeclineForm,
        call(workflow.decline, "on", "reason", version=VERSION),
        lambda c: c.status == Status.APPLIED,
        style=SECONDARY,
    ),
    Action(
        "assign",
        _("指定调解员"),
        forms.AssignForm,
        call(
            workflow.assign_mediator,
            "mediator",
            "on",
            "chosen_by_parties",
            "declared_related",
            version=VERSION,
        ),
        lambda c: c.status in (Status.ACCEPTED, Status.MEDIATING),
    ),
    Action(
        "session",
        _("记录调解过程"),
        forms.SessionForm,
        call(workflow.record_session, "held_on", "place", "attendees", "record", "public"),
        lambda c: c.status == Status.MEDIATING,
        style=SECONDARY,
    ),
    Action(
        "agreement",
        _("登记调解协议"),
        forms.AgreementForm,
        lambda c, d, u: workflow.record_agreement(c, _agreement_input(d), by=u, version=_v(d)),
        lambda c: c.status == Status.MEDIATING,
    ),
    Action(
        "fail",
        _("调解不成，终止调解"),
        forms.FailForm,
        call(workflow.fail, "on", reason="failure_reason", routes="routes_given", version=VERSION),
        lambda c: c.status in (Status.ACCEPTED, Status.MEDIATING),
        style=SECONDARY,
    ),
    Action(
        "extend",
        _("延长调解期限"),
        forms.ExtendForm,
        call(workflow.extend_conclusion, "days", "reason", "parties_consent", "on"),
        lambda c: c.status in (Status.ACCEPTED, Status.MEDIATING),
        style=SECONDARY,
    ),
    Action(
        "escalate",
        _("移交乡调委会"),
        forms.EscalateForm,
        call(workflow.escalate, "to_committee", "on", "reason", version=VERSION),
        lambda c: (
            c.status in (Status.ACCEPTED, Status.MEDIATING)
            and c.committee.level == MediationCommittee.Level.VILLAGE
        ),
        style=SECONDARY,
    ),
    Action(
        "sign",
        _("登记签名盖章"),
        forms.SignForm,
        call(
            workflow.sign_agreement,
            "parties_signed_on",
            "mediator_signed_on",
            "seal_recorded_on",
            record=_agreement_or_fail,
        ),
        lambda c: (
            (a := _agreement(c)) is not None
            and a.form == Agreement.Form.WRITTEN
            and a.effective_on is None
        ),
    ),
    Action(
        "confirm",
        _("申请司法确认"),
        forms.ConfirmForm,
        call(
            workflow.apply_confirmation, "applied_on", "court", "joint", record=_agreement_or_fail
        ),
        lambda c: (
            (a := _agreement(c)) is not None
            and a.effective_on is not None
            and _confirmation(c) is None
            and a.confirmation_waived_on is None
        ),
        style=SECONDARY,
    ),
    Action(
        "waive",
        _("当事人不申请司法确认"),
        forms.WaiveForm,
        call(workflow.waive_confirmation, "on", record=_agreement_or_fail),
        lambda c: (
            (a := _agreement(c)) is not None
            and a.effective_on is not None
            and _confirmation(c) is None
            and a.confirmation_waived_on is None
        ),
        style=SECONDARY,
    ),
    Action(
        "confirm_result",
        _("登记司法确认结果"),
        forms.ConfirmResultForm,
        call(
            workflow.record_confirmation_result,
            "result",
            "decided_on",
            "ruling_no",
            "note",
            record=_confirmation_or_fail,
        ),
        lambda c: (
            (j := _confirmation(c)) is not None and j.result == JudicialConfirmation.Result.PENDING
        ),
        style=SECONDARY,
    ),
    Action(
        "followup",
        _("记录回访"),
        forms.FollowUpForm,
        lambda c, d, u: workflow.record_followup(
            d["followup"],
            done_on=d["done_on"],
            visitor=d["visitor"],
            honoured=d["honoured"],
            note=d["note"],
            by=u,
        ),
        lambda c: c.status == Status.AGREED and c.followups.filter(done_on__isnull=True).exists(),
    ),
    Action(
        "schedule_followup",
        _("增加回访计划"),
        forms.ScheduleFollowUpForm,
        call(workflow.schedule_followup, "scheduled_on"),
        lambda c: c.status == Status.AGREED,
        style=SECONDARY,
    ),
)


DISPUTE_ACTIONS: dict[str, Action] = table(
    Action(
        "apply",
        _("申请/启动调解"),
        forms.ApplyForm,
        call(workflow.apply, "committee", "start", "applied_on", "applicant", "request"),
        lambda r: (
            r.status in (Dispute.Status.REGISTERED, Dispute.Status.UNRESOLVED)
            and not r.cases.filter(status__in=MediationCase.OPEN_STATUSES).exists()
        ),
    ),
    Action(
        "party",
        _("添加当事人"),
        forms.PartyForm,
        lambda r, d, u: workflow.add_party(r, forms.PartyForm.party_from(d), by=u, version=_v(d)),
        lambda r: not workflow.parties_frozen(r),
        style=SECONDARY,
    ),
    # Correcting and removing a party start from the party's row (its own
    # page, filled from the record), not from the list of steps.
    Action(
        "party_edit",
        _("更正当事人"),
        forms.PartyEditForm,
        lambda r, d, u: workflow.update_party(
            d["party"], forms.PartyForm.party_from(d), by=u, version=_v(d)
        ),
        lambda r: False,
        style=SECONDARY,
    ),
    Action(
        "party_remove",
        _("移除当事人"),
        forms.PartyRemoveForm,
        lambda r, d, u: workflow.remove_party(d["party"], reason=d["reason"], by=u, version=_v(d)),
        lambda r: False,
        style=SECONDARY,
    ),
    Action(
        "close",
        _("直接办结（当场调处）"),
        forms.CloseDisputeForm,
        call(workflow.close_dispute, "outcome", "on", "note", version=VERSION),
        lambda r: r.is_open and not r.cases.filter(status__in=MediationCase.OPEN_STATUSES).exists(),
        style=SECONDARY,
    ),
)

COMMITTEE_ACTIONS: dict[str, Action] = table(
    Action(
        "member",
        _("增加委员"),
        forms.MemberForm,
        call(workflow.add_member, "person", "position", "elected_on"),
        lambda r: True,
    ),
    Action(
        "end_member",
        _("委员离任"),
        forms.EndMemberForm,
        lambda r, d, u: workflow.end_member(d["member"], left_on=d["left_on"], by=u),
        lambda r: r.members.filter(left_on__isnull=True).exists(),
        style=SECONDARY,
    ),
    Action(
        "renew",
        _("换届"),
        forms.RenewForm,
        call(workflow.renew_term, "term_start", version=VERSION),
        lambda r: True,
        style=SECONDARY,
    ),
)

MEDIATOR_ACTIONS: dict[str, Action] = table(
    Action(
        "training",
        _("增加培训记录"),
        forms.TrainingForm,
        call(workflow.add_training, "held_on", "title", "organiser", "hours"),
        lambda r: True,
    ),
)

ACTIONS_FOR: dict[type, dict[str, Action]] = {
    MediationCase: CASE_ACTIONS,
    Dispute: DISPUTE_ACTIONS,
    MediationCommittee: COMMITTEE_ACTIONS,
    Mediator: MEDIATOR_ACTIONS,
}
