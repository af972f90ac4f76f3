"""回访: the follow-up visit that checks the agreement is honoured
(人民调解法第三十一条)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from fazhi.core import audit, steps
from fazhi.core.errors import RuleViolation

from .. import rules
from ..models import FollowUp, MediationCase
from ._common import Status


@transaction.atomic
def record_followup(
    followup: FollowUp, *, done_on: dt.date, visitor: str, honoured: str, note: str = "", by: Any
) -> FollowUp:
    """回访: whether the agreement is honoured (人民调解法第三十一条)."""
    steps.check_writer(by)
    locked = FollowUp.objects.select_for_update().select_related("case").get(pk=followup.pk)
    if locked.done_on is not None:
        raise RuleViolation(_("该回访已记录。"), field="done_on")
    if honoured not in FollowUp.Honoured.values:
        raise RuleViolation(_("请选择履行情况。"), field="honoured", rule=rules.ART_31)
    agreement = getattr(locked.case, "agreement", None)
    steps.check_date(
        done_on,
        "done_on",
        _("回访日期"),
        not_before=agreement.dated if agreement is not None else None,
        before_what=_("协议日期"),
    )
    locked.done_on = done_on
    locked.visitor = steps.require_text(visitor, "visitor", _("回访人"))
    locked.honoured = honoured
    locked.note = note
    locked.save(update_fields=["done_on", "visitor", "honoured", "note"])
    audit.record(
        locked.case,
        by=by,
        action="update",
        changes={gettext_noop("回访"): [None, f"{done_on} {locked.get_honoured_display()}"]},
    )
    return steps.sync(followup, locked)


@transaction.atomic
def schedule_followup(case: MediationCase, *, scheduled_on: dt.date, by: Any) -> FollowUp:
    steps.check_writer(by)
    if case.status != Status.AGREED:
        raise RuleViolation(_("只有调解成功的案件需要回访。"), field="scheduled_on")
    row = FollowUp.objects.create(case=case, scheduled_on=scheduled_on)
    audit.record(
        case,
        by=by,
        action="update",
        changes={gettext_noop("计划回访"): [None, scheduled_on.isoformat()]},
    )
    return row
