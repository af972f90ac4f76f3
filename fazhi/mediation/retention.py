"""What a dispute holds past its retention period (core.retention): its
parties are shared `core.Person` rows, anonymised when no record still within
retention names them; a mediation case's applicant when a party applied.
A dispute is past when it is closed (化解 or 未化解), none of its mediation
cases is still open, and every date on it and its cases is before the cutoff."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import models
from django.utils.translation import gettext_lazy, gettext_noop

from fazhi.core import retention

from .models import Dispute, DisputeParty, MediationCase

DATES = ("found_on", "resolved_on")
CASE_DATES = ("cases__applied_on", "cases__accepted_on", "cases__concluded_on")


def past(cutoff: dt.date) -> models.QuerySet[Dispute]:
    qs = Dispute.objects.filter(
        status__in=[Dispute.Status.RESOLVED, Dispute.Status.UNRESOLVED]
    ).exclude(cases__status__in=MediationCase.OPEN_STATUSES)
    return retention.dated_before(qs, cutoff, DATES + CASE_DATES)


def _cases(dispute: Dispute) -> Iterable[MediationCase]:
    # A case's search entry lists its dispute's parties (search.case_document).
    return MediationCase.objects.filter(dispute=dispute)


def register() -> None:
    retention.register(
        retention.Holding(
            key="mediation",
            label=gettext_lazy("矛盾纠纷"),
            model=Dispute,
            past=past,
            parts=(
                retention.Part(
                    MediationCase,
                    "dispute",
                    {"applicant": gettext_noop("申请人（已匿名）")},
                    only={"start": MediationCase.Start.APPLICATION},
                ),
            ),
            people=(retention.PersonLink(DisputeParty, "dispute"),),
            shown_in=_cases,
            order=20,
        )
    )
