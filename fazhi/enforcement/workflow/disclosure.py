"""Publication of penalty decisions: the disclosure opened by the decision,
its publication without personal details, and its withdrawal when the
decision changes."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from fazhi.core import audit, rulesettings, steps
from fazhi.core.errors import RuleViolation
from fazhi.core.i18n import stored

from .. import rules
from ..models import (
    Disclosure,
    EnforcementCase,
)
from ._common import (
    CLOCK_DISCLOSURE,
    CLOCK_WITHDRAWAL,
    Case,
    _event,
    _lock_status,
    _start_clock,
)


def _open_disclosure(case: EnforcementCase, on: dt.date, by: Any) -> Disclosure:
    kind = (
        Disclosure.Kind.PENALTY
        if case.case_type == Case.CaseType.PENALTY
        else Disclosure.Kind.OTHER
    )
    key = (
        rules.DISCLOSURE_PENALTY_WORKING_DAYS
        if kind == Disclosure.Kind.PENALTY
        else rules.DISCLOSURE_OTHER_WORKING_DAYS
    )
    days = int(rulesettings.get(case.unit, key))
    disclosure = Disclosure.objects.create(
        unit=case.unit,
        case=case,
        kind=kind,
        decision_on=on,
        created_by=steps.actor(by),
    )
    clock = _start_clock(
        disclosure,
        case,
        kind=CLOCK_DISCLOSURE,
        label=stored(gettext_noop("公示处罚决定（%(days)s个工作日）"), days=days),
        start_date=on,
        length=days,
        unit="working",
        rule=rulesettings.setting_source(key),
        by=by,
    )
    disclosure.due_on = clock.due_date
    disclosure.save(update_fields=["due_on"])
    return disclosure


def default_public_summary(case: EnforcementCase) -> str:
    """A summary without personal details: the party masked, no ID, phone or address."""
    # The public disclosure is published in Chinese, whoever prepares it.
    penalty = case.get_penalty_kind_display if case.penalty_kind else ""
    fine = gettext_noop("，罚款%(fine)s元") % {"fine": case.fine_amount} if case.fine_amount else ""
    return stored(
        gettext_noop("当事人%(party)s因%(title)s，被依法给予%(penalty)s%(fine)s。"),
        party=case.party_name_public,
        title=case.title,
        penalty=penalty,
        fine=fine,
    )


@transaction.atomic
def publish(disclosure: Disclosure, *, on: dt.date, by: Any, summary: str = "") -> Disclosure:
    """公示 on the public page; on time when within the disclosure clock
    (7 working days for penalty decisions, 20 for others: settings, 国办发〔2018〕118号 [S])."""
    locked = _lock_status(disclosure, by, "publish", _("公示"))
    steps.check_date(
        on, "published_on", _("公示日期"), not_before=locked.decision_on, before_what=_("决定日期")
    )
    text = (summary or "").strip() or default_public_summary(locked.case)
    for secret in filter(None, [locked.case.id_number, locked.case.phone, locked.case.address]):
        if secret in text:
            raise RuleViolation(
                _("公示内容不得包含当事人的身份证号码、电话或住址。"), field="summary"
            )
    if (
        locked.case.party_type == Case.PartyType.CITIZEN
        and locked.case.party_name
        and locked.case.party_name in text
    ):
        raise RuleViolation(_("公示内容中公民姓名应隐去（如“张**”）。"), field="summary")
    locked.status, locked.published_on, locked.public_summary = (
        Disclosure.Status.PUBLISHED,
        on,
        text,
    )
    steps.touch(locked, by, ["status", "published_on", "public_summary"])
    steps.stop_clock(locked, CLOCK_DISCLOSURE, on, by)
    audit.record(locked, by=by, action="transition", changes={"status": ["pending", "published"]})
    _event(
        locked.case, "publish", on, by, old=locked.case.stage, label=gettext_noop("公示处罚决定")
    )
    return locked


@transaction.atomic
def mark_decision_changed(
    disclosure: Disclosure, *, changed_on: dt.date, reason: str, by: Any
) -> Disclosure:
    """The published decision was changed, revoked or declared void: withdraw
    within 3 working days and explain (《行政处罚法》第四十八条、第八十五条)."""
    locked = steps.lock(disclosure, by=by)
    if locked.status not in Disclosure.TRANSITIONS["withdraw"] or locked.changed_on:
        raise RuleViolation(_("只有已公示且未登记变更的决定才能登记变更。"), field="status")
    steps.check_date(changed_on, "changed_on", _("变更/撤销日期"))
    locked.changed_on, locked.withdraw_reason = (
        changed_on,
        steps.require_text(reason, "reason", _("变更/撤销说明"), rules.ART_48),
    )
    clock = _start_clock(
        locked,
        locked.case,
        kind=CLOCK_WITHDRAWAL,
        label=gettext_noop("撤回已公示的处罚决定（3个工作日）"),
        start_date=changed_on,
        length=rules.WITHDRAWAL_WORKING_DAYS,
        unit="working",
        rule=rules.ART_48,
        by=by,
    )
    locked.withdraw_due_on = clock.due_date
    locked.save(update_fields=["changed_on", "withdraw_reason", "withdraw_due_on", "updated_at"])
    audit.record(
        locked,
        by=by,
        action="update",
        note=stored(
            gettext_noop("决定变更/撤销：%(withdraw_reason)s"),
            withdraw_reason=locked.withdraw_reason,
        ),
    )
    return locked


@transaction.atomic
def withdraw(disclosure: Disclosure, *, on: dt.date, by: Any) -> Disclosure:
    locked = _lock_status(disclosure, by, "withdraw", _("撤回"))
    if not locked.changed_on:
        raise RuleViolation(
            _("请先登记决定变更或撤销的日期和说明。"), field="changed_on", rule=rules.ART_48
        )
    steps.check_date(
        on, "withdrawn_on", _("撤回日期"), not_before=locked.changed_on, before_what=_("变更日期")
    )
    locked.status, locked.withdrawn_on = Disclosure.Status.WITHDRAWN, on
    steps.touch(locked, by, ["status", "withdrawn_on"])
    steps.stop_clock(locked, CLOCK_WITHDRAWAL, on, by)
    audit.record(locked, by=by, action="transition", changes={"status": ["published", "withdrawn"]})
    _event(
        locked.case,
        "withdraw",
        on,
        by,
        old=locked.case.stage,
        label=gettext_noop("撤回公示"),
        note=locked.withdraw_reason,
    )
    return locked
