"""What a petition holds past its retention period (core.retention): the
petitioners' names, ID numbers, phones and addresses, once the matter is
closed (办结, 复核终结, 不予受理, 导入法定程序, 转送异议) and every date on it,
its appeals' included, is before the cutoff."""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.utils.translation import gettext_lazy, gettext_noop

from fazhi.core import retention

from .models import Petition, Petitioner, Stage

# The stages a matter ends in (models.TRANSITIONS: a closed matter can still
# be appealed, which is why every appeal date must be past the cutoff too).
DONE_STAGES = (Stage.CLOSED, Stage.FINAL, Stage.DECLINED, Stage.REFERRED, Stage.OBJECTED)
DATES = ("received_on", "decided_on", "reply_on", "reply_served_on", "closed_on", "satisfaction_on")
APPEAL_DATES = ("appeals__requested_on", "appeals__decided_on", "appeals__served_on")


def past(cutoff: dt.date) -> models.QuerySet[Petition]:
    return retention.dated_before(
        Petition.objects.filter(stage__in=DONE_STAGES), cutoff, DATES + APPEAL_DATES
    )


def register() -> None:
    retention.register(
        retention.Holding(
            key="petitions",
            label=gettext_lazy("信访事项"),
            model=Petition,
            past=past,
            parts=(
                retention.Part(
                    Petitioner,
                    "petition",
                    {"name": gettext_noop("信访人（已匿名）"), **retention.CONTACT},
                ),
            ),
            order=10,
        )
    )
