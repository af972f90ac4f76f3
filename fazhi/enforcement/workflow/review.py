"""After the investigation: the head's review, the prior notice, the party's
statement, and the legal review (法制审核)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from fazhi.core import steps
from fazhi.core.errors import RuleViolation
from fazhi.core.i18n import stored
from fazhi.core.roles import Role

from .. import rules
from ..models import (
    EnforcementCase,
    Hearing,
    LegalReview,
)
from ._common import (
    CLOCK_DECISION,
    CLOCK_HEARING_REQUEST,
    HEAD_ROLES,
    Case,
    Stage,
    _check_amount,
    _event,
    _lock_case,
    _start_clock,
)
from .hearings import hearing_applies, investigator_person_ids


@transaction.atomic
def review(
    case: EnforcementCase,
    *,
    outcome: str,
    on: dt.date,
    by: Any,
    deliberated_on: dt.date | None = None,
    deliberation_minutes: str = "",
) -> EnforcementCase:
    """审查 by the organ's head after the investigation (《行政处罚法》第五十七条):
    penalise, no penalty, or transfer to judicial organs. Complex circumstances
    or serious violations need collective deliberation minutes (第五十七条第二款)."""
    locked = _lock_case(case, by, "review")
    steps.check_role(by, HEAD_ROLES, _("调查终结后的审查决定应由行政机关负责人作出"), rules.ART_57)
    steps.check_date(on, "reviewed_on", _("审查日期"))
    if outcome not in Case.ReviewOutcome.values:
        raise RuleViolation(_("请选择审查结论。"), field="outcome")
    if locked.needs_collective_deliberation:
        if not (deliberation_minutes or "").strip() or deliberated_on is None:
            raise RuleViolation(
                _(
                    "情节复杂或者重大违法行为给予行政处罚，行政机关负责人应当集体讨论决定，请填写集体讨论日期和纪要。"
                ),
                field="deliberation_minutes",
                rule=rules.ART_57,
            )
        locked.deliberated_on, locked.deliberation_minutes = (
            deliberated_on,
            deliberation_minutes.strip(),
        )
    old = locked.stage
    locked.review_outcome, locked.reviewed_on = outcome, on
    if outcome == Case.ReviewOutcome.PENALISE:
        locked.stage = Stage.REVIEWED
    else:
        locked.stage = Stage.CLOSED
        locked.closed_on = on
        locked.close_note = str(Case.ReviewOutcome(outcome).label)
        steps.stop_clock(locked, CLOCK_DECISION, on, by)
    steps.touch(
        locked,
        by,
        [
            "review_outcome",
            "reviewed_on",
            "stage",
            "closed_on",
            "close_note",
            "deliberated_on",
            "deliberation_minutes",
        ],
    )
    _event(locked, "review", on, by, old=old, note=str(Case.ReviewOutcome(outcome).label))
    return locked


@transaction.atomic
def notify(
    case: EnforcementCase,
    *,
    on: dt.date,
    penalty_kind: str,
    fine_amount: Decimal | None,
    facts: str,
    legal_basis: str,
    by: Any,
    confiscated_amount: Decimal | None = None,
) -> EnforcementCase:
    """事先告知 of the intended penalty, its facts, reasons and basis, and the
    rights to state, defend and — at the hearing threshold — request a hearing
    (《行政处罚法》第四十四条、第六十三条); opens the 5-working-day request window."""
    locked = _lock_case(case, by, "notify")
    steps.check_date(
        on, "notified_on", _("告知日期"), not_before=locked.reviewed_on, before_what=_("审查日期")
    )
    if penalty_kind not in Case.PenaltyKind.values:
        raise RuleViolation(_("请选择拟处罚种类。"), field="penalty_kind")
    fine = _check_amount(fine_amount, "fine_amount", _("罚款金额"))
    conf = _check_amount(confiscated_amount, "confiscated_amount", _("没收金额")) or Decimal(0)
    if penalty_kind == Case.PenaltyKind.FINE and not fine:
        raise RuleViolation(_("拟处罚种类为罚款时，请填写大于零的罚款金额。"), field="fine_amount")
    locked.facts = steps.require_text(facts, "facts", _("违法事实"), rules.ART_44)
    locked.legal_basis = steps.require_text(legal_basis, "legal_basis", _("处罚依据"), rules.ART_44)
    old = locked.stage
    locked.notified_on = on
    locked.notice_penalty_kind, locked.notice_fine_amount = penalty_kind, fine
    locked.notice_confiscated_amount = conf
    locked.hearing_rights = hearing_applies(locked, penalty_kind, fine, conf)
    locked.stage = Stage.NOTIFIED
    steps.touch(
        locked,
        by,
        [
            "facts",
            "legal_basis",
            "notified_on",
            "notice_penalty_kind",
            "notice_fine_amount",
            "notice_confiscated_amount",
            "hearing_rights",
            "stage",
        ],
    )
    if locked.hearing_rights:
        _start_clock(
            locked,
            locked,
            kind=CLOCK_HEARING_REQUEST,
            label=gettext_noop("当事人申请听证（告知后5个工作日）"),
            start_date=on,
            length=rules.HEARING_REQUEST_WORKING_DAYS,
            unit="working",
            rule=rules.ART_64,
            by=by,
        )
    amount = gettext_noop("，罚款%(fine)s元") % {"fine": fine} if fine else ""
    rights = gettext_noop("，并告知听证权利") if locked.hearing_rights else ""
    _event(
        locked,
        "notify",
        on,
        by,
        old=old,
        note=stored(
            gettext_noop("拟%(label)s%(amount)s%(rights)s"),
            label=Case.PenaltyKind(penalty_kind).label,
            amount=amount,
            rights=rights,
        ),
    )
    return locked


@transaction.atomic
def record_statement(
    case: EnforcementCase, *, kind: str, on: dt.date, text: str, by: Any
) -> EnforcementCase:
    """陈述申辩 (《行政处罚法》第四十五条), an express waiver (第六十二条), or no
    response — which can only be recorded once the hearing-request window has
    closed when the party had hearing rights."""
    locked = _lock_case(case, by, "statement")
    steps.check_date(on, "statement_on", _("日期"))
    steps.check_not_before(on, locked.notified_on, "statement_on", _("陈述申辩日期"), _("告知日期"))
    if kind not in Case.StatementKind.values:
        raise RuleViolation(_("请选择陈述申辩情况。"), field="kind")
    if kind == Case.StatementKind.STATEMENT:
        text = steps.require_text(text, "text", _("陈述申辩内容及采纳情况"), rules.ART_45)
    if kind == Case.StatementKind.NO_RESPONSE and locked.hearing_rights:
        due = steps.running_due(locked, CLOCK_HEARING_REQUEST)
        if due is not None and on <= due:
            raise RuleViolation(
                _("听证申请期限至%(due)s届满，届满后才能记录“期限内未提出”。")
                % {"due": due.isoformat()},
                field="kind",
                rule=rules.ART_64,
            )
    locked.statement_kind, locked.statement_on, locked.statement_text = kind, on, text
    steps.touch(locked, by, ["statement_kind", "statement_on", "statement_text"])
    if kind in (Case.StatementKind.WAIVER, Case.StatementKind.NO_RESPONSE):
        steps.stop_clock(locked, CLOCK_HEARING_REQUEST, on, by)
    _event(locked, "statement", on, by, old=locked.stage, note=str(Case.StatementKind(kind).label))
    return locked


def needs_legal_review(case: EnforcementCase) -> bool:
    """《行政处罚法》第五十八条: major public interest; heard cases directly
    affecting major rights; complex cases with several legal relations; others
    required by law."""
    heard = Hearing.objects.filter(case=case, outcome=Hearing.Outcome.HELD).exists()
    return bool(
        case.major_public_interest
        or case.multiple_legal_relations
        or case.review_required_by_law
        or heard
    )


@transaction.atomic
def submit_legal_review(case: EnforcementCase, *, on: dt.date, by: Any) -> LegalReview:
    """Put the case in the legal reviewers' queue."""
    locked = _lock_case(case, by, "submit_legal_review")
    if locked.legal_reviews.filter(result=LegalReview.Result.PENDING).exists():
        raise RuleViolation(_("本案已在法制审核中。"), field="__all__")
    steps.check_not_before(on, locked.notified_on, "submitted_on", _("送审日期"), _("告知日期"))
    review_ = LegalReview.objects.create(
        case=locked,
        submitted_on=on,
        submitted_by=steps.actor(by),
    )
    _event(locked, "submit_legal_review", on, by, old=locked.stage)
    return review_


@transaction.atomic
def record_legal_review(
    review_: LegalReview, *, result: str, opinion: str, on: dt.date, by: Any
) -> LegalReview:
    """法制审核意见 by a legal reviewer who did not investigate the case."""
    steps.check_scope(review_.case, by)
    locked = steps.lock(review_)
    if locked.result != LegalReview.Result.PENDING:
        raise RuleViolation(_("该法制审核已有结论。"), field="result")
    steps.check_role(by, {Role.LEGAL_REVIEWER}, _("法制审核应由法制审核人员作出"), rules.ART_58)
    if getattr(by, "person_id", None) and by.person_id in investigator_person_ids(locked.case):
        raise RuleViolation(
            _("本案调查人员不能担任本案的法制审核人员。"), field="__all__", rule=rules.ART_58
        )
    if result not in (LegalReview.Result.PASSED, LegalReview.Result.RETURNED):
        raise RuleViolation(_("请选择审核结果。"), field="result")
    steps.check_not_before(on, locked.submitted_on, "reviewed_on", _("审核日期"), _("送审日期"))
    locked.result, locked.opinion, locked.reviewed_on = (
        result,
        steps.require_text(opinion, "opinion", _("审核意见")),
        on,
    )
    locked.reviewer = steps.actor(by)
    locked.save(update_fields=["result", "opinion", "reviewed_on", "reviewer"])
    _event(
        locked.case,
        "legal_review",
        on,
        by,
        old=locked.case.stage,
        label=gettext_noop("法制审核"),
        note=locked.get_result_display(),
    )
    return locked
