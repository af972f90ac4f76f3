"""What enforcement holds past its retention period (core.retention): a
closed case's party when a citizen (a company's name and credit code are not
personal information), and an answered complaint's complainant."""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.utils.translation import gettext_lazy, gettext_noop

from fazhi.core import retention

from .models import EnforcementCase, EnforcementComplaint


def closed_cases(cutoff: dt.date) -> models.QuerySet[EnforcementCase]:
    qs = EnforcementCase.objects.filter(
        stage=EnforcementCase.Stage.CLOSED,
        party_type=EnforcementCase.PartyType.CITIZEN,
        closed_on__lt=cutoff,
    )
    return retention.dated_before(qs, cutoff, ("discovered_on", "filed_on"))


def answered_complaints(cutoff: dt.date) -> models.QuerySet[EnforcementComplaint]:
    qs = EnforcementComplaint.objects.filter(
        status=EnforcementComplaint.Status.ANSWERED, replied_on__lt=cutoff
    )
    return retention.dated_before(qs, cutoff, ("received_on",))


def register() -> None:
    retention.register(
        retention.Holding(
            key="enforcement.cases",
            label=gettext_lazy("执法案件"),
            model=EnforcementCase,
            past=closed_cases,
            fields={"party_name": gettext_noop("当事人（已匿名）"), **retention.CONTACT},
            order=30,
        )
    )
    retention.register(
        retention.Holding(
            key="enforcement.complaints",
            label=gettext_lazy("执法投诉"),
            model=EnforcementComplaint,
            past=answered_complaints,
            fields={"complainant": gettext_noop("投诉人（已匿名）"), "phone": ""},
            order=31,
        )
    )
