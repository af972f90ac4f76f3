"""Reception records (接访记录): what happened at a leader's reception day,
tied to the rota entry of that day."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from fazhi.core import steps
from fazhi.core import workflow as core_workflow
from fazhi.core.errors import RuleViolation
from fazhi.core.models import OrgUnit

from ..models import Reception, ReceptionDuty
from ._common import township_of


def check_reception(
    *, held_on: dt.date | None, duty: ReceptionDuty | None, unit: OrgUnit | None, by: Any
) -> None:
    """A reception record says what happened at a reception, so it is held on
    or before today; the rota entry it belongs to (领导接访日安排) is one the
    user may see, of the same township, on the same day. A reception on
    2026-12-04 cannot count as the duty of 2026-12-09."""
    if held_on is not None:
        steps.check_date(held_on, "held_on", _("接访日期"))
    if duty is None:
        return
    if not ReceptionDuty.objects.visible_to(by).filter(pk=duty.pk).exists():
        raise RuleViolation(_("所选接访日安排不存在或不在您的管辖范围内。"), field="duty")
    if unit is not None and township_of(duty.unit).pk != township_of(unit).pk:
        raise RuleViolation(
            _("所选接访日安排属于%(name)s，与本接访记录的单位不是同一乡镇。")
            % {"name": township_of(duty.unit).name},
            field="duty",
        )
    if held_on is not None and duty.date != held_on:
        raise RuleViolation(
            _(
                "所选接访日安排是 %(date)s（%(name)s），与接访日期 %(held_on)s 不是同一天；"
                "请选择当天的接访日安排，或不关联。"
            )
            % {
                "date": duty.date.isoformat(),
                "name": duty.leader.name,
                "held_on": held_on.isoformat(),
            },
            field="duty",
        )


@transaction.atomic
def save_reception(
    reception: Reception,
    *,
    by: Any,
    version: int | None = None,
    before: dict[str, Any] | None = None,
) -> Reception:
    """登记或修改接访记录 (scope, version and audit through core.workflow),
    after `check_reception`."""
    check_reception(held_on=reception.held_on, duty=reception.duty, unit=reception.unit, by=by)
    if reception.pk is None:
        return core_workflow.create_record(reception, by=by)
    return core_workflow.update_record(reception, by=by, version=version, before=before or {})
