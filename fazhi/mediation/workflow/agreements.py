"""调解协议: record the agreement, its signatures and seal, and what starts
when it takes effect (人民调解法第二十八条至第三十三条)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from fazhi.core import audit, numbering, rulesettings, steps
from fazhi.core.errors import RuleViolation
from fazhi.core.i18n import stored

from .. import rules
from ..models import Agreement, FollowUp, MediationCase
from ._common import DStatus, Status, _move_case, _move_dispute, case_recipients


def missing_id_number(name: str) -> str:
    """Why a written agreement is refused for the party `name` with no ID
    number (人民调解法第二十九条): the case page says it beside that party."""
    return _("当事人%(name)s缺少身份证号码，协议书无法载明当事人基本情况。") % {"name": name}


@dataclass
class AgreementInput:
    form: str
    dated: dt.date
    terms: str
    facts: str = ""
    issues: str = ""
    responsibilities: str = ""
    performance_manner: str = ""
    performance_place: str = ""
    performance_deadline: dt.date | None = None


# The contents a written agreement must state (人民调解法第二十九条; place of
# performance: 人民调解工作若干规定第三十五条 [S]).
WRITTEN_REQUIRED: tuple[tuple[str, str], ...] = (
    ("facts", gettext_noop("纠纷的主要事实")),
    ("issues", gettext_noop("争议事项")),
    ("responsibilities", gettext_noop("各方当事人的责任")),
    ("terms", gettext_noop("协议内容")),
    ("performance_manner", gettext_noop("履行方式")),
    ("performance_place", gettext_noop("履行地点")),
    ("performance_deadline", gettext_noop("履行期限")),
)


@transaction.atomic
def record_agreement(
    case: MediationCase,
    data: AgreementInput,
    *,
    by: Any,
    version: int | None = None,
    archived: bool = False,
) -> Agreement:
    """调解成功: record the agreement (人民调解法第二十八条). A written agreement must
    state the contents of 第二十九条; an oral one takes effect when reached
    (第三十条). The case is concluded, the one-month clock stopped.

    `archived`: a historic agreement entered from the committee's case
    register (人民调解案件登记台账). The signed agreement is on paper in the
    committee's file and states what 第二十九条 asks; the register holds only
    its terms, so those contents are not asked for again here (the agreement
    is recorded, never generated, from the register). Everything else —
    the case's state, the agreement date after acceptance, the terms — is
    checked as for an agreement reached today."""
    steps.check_writer(by)
    locked = steps.lock(case, version=version)
    if locked.status != Status.MEDIATING:
        raise RuleViolation(_("只有调解中的案件才能登记调解协议（请先指定调解员）。"), field="form")
    if data.form not in Agreement.Form.values:
        raise RuleViolation(_("请选择协议形式：书面或口头。"), field="form", rule=rules.ART_28)
    start = locked.accepted_on or locked.applied_on
    steps.check_date(
        data.dated, "dated", _("协议日期"), not_before=start, before_what=_("案件受理日期")
    )
    steps.require_text(data.terms, "terms", _("协议内容"), rules.ART_28)
    parties = list(locked.dispute.parties.select_related("person"))
    if data.form == Agreement.Form.WRITTEN and not archived:
        for field, label in WRITTEN_REQUIRED:
            value = getattr(data, field)
            if value is None or (isinstance(value, str) and not value.strip()):
                raise RuleViolation(
                    _("书面调解协议书应当载明%(what)s。") % {"what": _(label)},
                    field=field,
                    rule=rules.ART_29,
                )
        if len(parties) < 2:
            raise RuleViolation(
                _("书面调解协议书应当载明双方当事人的基本情况，请先登记当事人。"),
                field="parties",
                rule=rules.ART_29,
            )
        for party in parties:
            if not party.person.id_number:
                raise RuleViolation(
                    missing_id_number(party.person.name),
                    field="id_number",
                    rule=rules.ART_29,
                )
    if data.performance_deadline is not None:
        steps.check_not_before(
            data.performance_deadline,
            data.dated,
            "performance_deadline",
            _("履行期限"),
            _("协议日期"),
        )
    agreement = Agreement(case=locked, **data.__dict__)
    if data.form == Agreement.Form.WRITTEN:
        agreement.number = numbering.next_number(
            locked.committee.unit, "mediation.agreement", data.dated.year, "调协"
        )
    agreement.save()
    # The history's note is kept in Chinese (core.i18n.stored), shown translated.
    note = stored(
        gettext_noop("达成%(form)s（台账导入，协议书原件存档）")
        if archived
        else gettext_noop("达成%(form)s"),
        form=agreement.get_form_display,
    )
    _move_case(locked, Status.AGREED, data.dated, by, note)
    locked.concluded_on = data.dated
    steps.touch(locked, by, ["status", "concluded_on"])
    steps.stop_clock(locked, rules.CLOCK_CONCLUSION, data.dated, by)
    _move_dispute(
        locked.dispute,
        DStatus.RESOLVED,
        by,
        on=data.dated,
        note=stored(gettext_noop("调解成功 %(number)s"), number=locked.number),
    )
    if data.form == Agreement.Form.ORAL:
        _make_effective(agreement, data.dated, by)
    steps.sync(case, locked)
    return agreement


@transaction.atomic
def sign_agreement(
    agreement: Agreement,
    *,
    parties_signed_on: dt.date | None = None,
    mediator_signed_on: dt.date | None = None,
    seal_recorded_on: dt.date | None = None,
    by: Any,
) -> Agreement:
    """Record signatures and the seal of a written agreement. It takes effect
    on the day the last of the three is done (人民调解法第二十九条)."""
    steps.check_writer(by)
    locked = steps.lock(agreement)
    if locked.form != Agreement.Form.WRITTEN:
        raise RuleViolation(_("口头协议无需签名盖章。"), field="form", rule=rules.ART_30)
    changes: dict[str, Any] = {}
    fields: list[str] = []
    for field, value, label in (
        ("parties_signed_on", parties_signed_on, gettext_noop("当事人签名日期")),
        ("mediator_signed_on", mediator_signed_on, gettext_noop("调解员签名日期")),
        ("seal_recorded_on", seal_recorded_on, gettext_noop("加盖印章日期")),
    ):
        if value is None:
            continue
        steps.check_date(value, field, _(label), not_before=locked.dated, before_what=_("协议日期"))
        if getattr(locked, field) is not None and locked.effective_on is not None:
            raise RuleViolation(_("协议已生效，签章日期不能再修改。"), field=field)
        # The history is the case's: its keys are the agreement's fields in words.
        changes[label] = [getattr(locked, field), value]
        setattr(locked, field, value)
        fields.append(field)
    if not fields:
        raise RuleViolation(_("请填写至少一项签名或盖章日期。"), field="parties_signed_on")
    locked.save(update_fields=fields)
    audit.record(
        locked.case, by=by, action="update", changes=changes, note=gettext_noop("协议签章")
    )
    if locked.effective_on is None and all(
        (locked.parties_signed_on, locked.mediator_signed_on, locked.seal_recorded_on)
    ):
        signed = [locked.parties_signed_on, locked.mediator_signed_on, locked.seal_recorded_on]
        _make_effective(locked, max(d for d in signed if d is not None), by)
    return steps.sync(agreement, locked)


def _make_effective(agreement: Agreement, on: dt.date, by: Any) -> None:
    """The agreement takes effect: the parties' 30-day window to apply jointly
    for judicial confirmation starts (人民调解法第三十三条), and the follow-up
    visit is scheduled after the performance deadline (第三十一条)."""
    agreement.effective_on = on
    agreement.save(update_fields=["effective_on"])
    case = agreement.case
    audit.record(
        case,
        by=by,
        action="transition",
        changes={gettext_noop("协议生效"): [None, on.isoformat()]},
    )
    steps.start_clock(
        agreement.case,
        kind=rules.CLOCK_CONFIRMATION,
        label=stored(gettext_noop("司法确认申请期限（%(number)s）"), number=case.number),
        start_date=on,
        length=rules.JUDICIAL_CONFIRMATION_DAYS,
        unit="calendar",
        by=by,
        legal_basis=rules.ART_33,
        recipients=case_recipients(case),
        holder=case,
    )
    days = int(rulesettings.get(case.committee.unit, rules.FOLLOWUP_DAYS_AFTER_DEADLINE.key))
    base = agreement.performance_deadline or on
    FollowUp.objects.create(case=case, scheduled_on=base + dt.timedelta(days=days))
