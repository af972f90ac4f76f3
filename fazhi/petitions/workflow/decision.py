"""The decision on a registered matter (《信访工作条例》第二十三条、第三十一条):
accept it, decline it, channel it into a statutory procedure, or object to a
wrong transfer. Each decision stops the receipt clocks."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from fazhi.core import audit, clocks, steps
from fazhi.core.errors import RuleViolation
from fazhi.core.i18n import stored

from .. import rules
from ..models import Petition, Procedure, Source, Stage
from ._common import lock, office_users, start_clock, transition

# Translated only in a refusal (the ledger's batch asks for each row, twice).
DECIDED_ON = gettext_lazy("决定日期")
RECEIVED_ON = gettext_lazy("收到日期")


def check_decision(on: dt.date | None, received_on: dt.date) -> dt.date:
    """A decision (受理 or not) is dated, not in the future, not before receipt."""
    return steps.check_date(on, "on", DECIDED_ON, not_before=received_on, before_what=RECEIVED_ON)


def _decide(petition: Petition, on: dt.date, by: Any) -> None:
    """Record the decision date; the receipt notice and objection clocks have done their work."""
    check_decision(on, petition.received_on)
    petition.decided_on = on
    steps.stop_clock(petition, rules.CLOCK_RECEIPT_NOTICE, on, by)
    if petition.source == Source.TRANSFERRED:
        # Only an item transferred in has the objection clock (registration);
        # the source is never changed afterwards. A direct one asks no query.
        steps.stop_clock(petition, rules.CLOCK_OBJECTION, on, by)


@transaction.atomic
def accept(
    petition: Petition, *, by: Any, on: dt.date, note: str = "", version: int | None = None
) -> Petition:
    """受理: the matter is within the township's remit. The written notice is
    the receipt notice (《信访工作条例》第二十三条); the 60-day handling clock
    starts on the acceptance date (第三十四条)."""
    p = lock(petition, by=by, version=version)
    before = audit.snapshot(p)
    transition(p, Stage.ACCEPTED, by=by, on=on, note=note)
    _decide(p, on, by)
    p.decision_note = note.strip()
    steps.save_audited(p, by=by, before=before, note=gettext_noop("受理"))
    start_clock(
        p,
        kind=rules.CLOCK_HANDLING,
        label=gettext_noop("办理答复（受理之日起60日）"),
        start=on,
        length=rules.HANDLING_DAYS,
        unit="calendar",
        basis=rules.ART_34,
        by=by,
        recipients=office_users(p, by),
    )
    return p


@transaction.atomic
def decline(
    petition: Petition,
    *,
    by: Any,
    on: dt.date,
    competent_body: str,
    reason: str,
    version: int | None = None,
) -> Petition:
    """不予受理: not within the remit; the petitioner is told which organ to
    approach (《信访工作条例》第二十三条第二款)."""
    p = lock(petition, by=by, version=version)
    before = audit.snapshot(p)
    transition(p, Stage.DECLINED, by=by, on=on, note=reason)
    p.competent_body = steps.require_text(
        competent_body, "competent_body", _("有权处理机关"), rules.ART_23
    )
    p.decision_note = steps.require_text(reason, "reason", _("不予受理理由"))
    _decide(p, on, by)
    p.closed_on = on
    return steps.save_audited(p, by=by, before=before, note=gettext_noop("不予受理"))


@transaction.atomic
def refer(
    petition: Petition,
    *,
    by: Any,
    on: dt.date,
    procedure: str,
    competent_body: str,
    reason: str = "",
    version: int | None = None,
) -> Petition:
    """导入法定程序: a claim belonging to litigation, arbitration,
    reconsideration etc. is channelled into it (《信访工作条例》第三十一条)."""
    p = lock(petition, by=by, version=version)
    before = audit.snapshot(p)
    if procedure not in Procedure.values:
        raise RuleViolation(_("请选择应当导入的法定程序。"), field="procedure", rule=rules.ART_31)
    transition(p, Stage.REFERRED, by=by, on=on, note=reason)
    p.procedure = procedure
    p.competent_body = steps.require_text(
        competent_body, "competent_body", _("有权处理机关"), rules.ART_31
    )
    p.decision_note = reason.strip()
    _decide(p, on, by)
    p.closed_on = on
    return steps.save_audited(
        p,
        by=by,
        before=before,
        note=stored(gettext_noop("导入%(label)s程序"), label=Procedure(procedure).label),
    )


@transaction.atomic
def object_transfer(
    petition: Petition, *, by: Any, on: dt.date, reason: str, version: int | None = None
) -> Petition:
    """转送异议: an item transferred in that is not the township's
    responsibility is objected to, with reasons, within 5 working days of
    receipt (《信访工作条例》第二十三条第三款)."""
    p = lock(petition, by=by, version=version)
    before = audit.snapshot(p)
    if p.source != Source.TRANSFERRED:
        raise RuleViolation(
            _("只有上级转送交办的事项才能提出异议。"), field="source", rule=rules.ART_23
        )
    steps.check_date(on, "on", _("异议日期"), not_before=p.received_on, before_what=_("收到日期"))
    clock = clocks.clock(p, rules.CLOCK_OBJECTION)
    if clock is not None and clock.due_date is not None and on > clock.due_date:
        counted = "；".join(clock.explanation or [])
        raise RuleViolation(
            _("异议期限已于 %(due_date)s 届满，不能再提出异议（%(counted)s）。")
            % {"due_date": clock.due_date.isoformat(), "counted": counted},
            field="on",
            rule=f"{rules.ART_23}第三款",
        )
    transition(p, Stage.OBJECTED, by=by, on=on, note=reason)
    p.decision_note = steps.require_text(reason, "reason", _("异议理由"), rules.ART_23)
    _decide(p, on, by)
    p.closed_on = on
    return steps.save_audited(p, by=by, before=before, note=gettext_noop("提出转送异议"))
