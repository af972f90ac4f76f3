"""Screening rounds and the live dispute ledger: register, edit, close a
dispute settled without a case; high-risk disputes go to the leaders."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from fazhi.core import audit, numbering, reminders, steps
from fazhi.core import workflow as core_workflow
from fazhi.core.errors import RuleViolation
from fazhi.core.i18n import stored

from ..models import Dispute, DisputeParty, MediationCase, Screening
from ._common import DStatus, _move_dispute, leaders_of, township_of
from .parties import PartyInput, _check_party_role, _party_person


def record_screening(screening: Screening, *, by: Any) -> Screening:
    """A screening round; the disputes it finds are registered with it."""
    with transaction.atomic():
        steps.check_date(screening.screened_on, "screened_on", _("排查日期"))
        return core_workflow.create_record(screening, by=by)


def register_dispute(dispute: Dispute, *, parties: Sequence[PartyInput] = (), by: Any) -> Dispute:
    """Register a dispute in the live ledger with its parties, all or nothing.
    A high-risk dispute needs its reason and is sent to the township leaders."""
    with transaction.atomic():
        _check_dispute(dispute)
        dispute.number = numbering.next_number(
            township_of(dispute.unit), "mediation.dispute", dispute.found_on.year, "纠"
        )
        dispute.status = DStatus.REGISTERED
        core_workflow.create_record(dispute, by=by)
        for index, party in enumerate(parties):
            _check_party_role(party.role)
            person = _party_person(dispute, party, index, by)
            if dispute.parties.filter(person=person).exists():
                raise RuleViolation(
                    _("当事人%(value)s（%(name)s）重复。")
                    % {"value": index + 1, "name": person.name},
                    field="name",
                )
            row = DisputeParty.objects.create(dispute=dispute, person=person, role=party.role)
            audit.record(
                dispute, by=by, action="update", changes={gettext_noop("当事人"): [None, str(row)]}
            )
        if dispute.risk_level == Dispute.Risk.HIGH:
            _notify_high_risk(dispute, by)
        return dispute


def _check_dispute(dispute: Dispute) -> None:
    steps.check_date(dispute.found_on, "found_on", _("发现/登记日期"))
    if dispute.risk_level == Dispute.Risk.HIGH and not (dispute.risk_reason or "").strip():
        raise RuleViolation(
            _("风险等级为“高”时，请填写风险判断理由。"),
            field="risk_reason",
            rule="《人民调解法》第二十五条",
        )
    if dispute.source == Dispute.Source.SCREENING and dispute.screening_id is None:
        raise RuleViolation(_("来源为“排查发现”时，请选择排查轮次。"), field="screening")
    if dispute.screening_id is not None:
        screening = dispute.screening
        assert screening is not None
        if not screening.unit.contains(dispute.unit) and not dispute.unit.contains(screening.unit):
            raise RuleViolation(_("所选排查轮次不属于该纠纷的单位。"), field="screening")
        steps.check_not_before(
            dispute.found_on, screening.screened_on, "found_on", _("发现日期"), _("排查日期")
        )
    if dispute.amount is not None and dispute.amount < 0:
        raise RuleViolation(_("涉及金额不能为负数。"), field="amount")


def update_dispute(
    dispute: Dispute, *, by: Any, version: int | None, before: dict[str, Any]
) -> Dispute:
    """Edit the ledger entry (not its status: that follows the cases). Raising
    the risk to high notifies the leaders."""
    with transaction.atomic():
        _check_dispute(dispute)
        was_high = before.get("risk_level") == Dispute.Risk.HIGH
        saved = core_workflow.update_record(dispute, by=by, version=version, before=before)
        if saved.risk_level == Dispute.Risk.HIGH and not was_high:
            _notify_high_risk(saved, by)
        return saved


def _notify_high_risk(dispute: Dispute, by: Any) -> None:
    """人民调解法第二十五条: a dispute that may escalate calls for preventive
    measures; the township's leaders are told at once (the one who marked it
    knows)."""
    reminders.post_many(
        leaders_of(dispute.unit),
        key=f"mediation:dispute:{dispute.pk}:high",
        title=stored(
            gettext_noop("高风险矛盾纠纷：%(title)s（%(name)s）"),
            title=dispute.title,
            name=dispute.unit.name,
        ),
        url=dispute.get_absolute_url(),
        by=by,
    )


@transaction.atomic
def close_dispute(
    dispute: Dispute, *, outcome: str, on: dt.date, note: str, by: Any, version: int | None = None
) -> Dispute:
    """Close a dispute settled (or not) without a mediation case, e.g. on the
    spot during screening. A dispute with an open case follows the case."""
    steps.check_writer(by)
    locked = steps.lock(dispute, version=version)
    if outcome not in (DStatus.RESOLVED, DStatus.UNRESOLVED):
        raise RuleViolation(_("请选择处理结果：已化解或未化解。"), field="outcome")
    if locked.cases.filter(status__in=MediationCase.OPEN_STATUSES).exists():
        raise RuleViolation(_("该纠纷有正在进行的调解案件，请在案件中办结。"), field="outcome")
    steps.check_date(on, "on", _("化解日期"), not_before=locked.found_on, before_what=_("发现日期"))
    note = steps.require_text(note, "note", _("处理结果"))
    locked.outcome_note = note
    steps.touch(locked, by, ["outcome_note"])
    _move_dispute(locked, outcome, by, on=on, note=note)
    return steps.sync(dispute, locked)
