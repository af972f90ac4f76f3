"""What a disclosure request holds past its retention period (core.retention):
a natural person's name, ID number, phone, address and e-mail once the
request is answered or withdrawn before the cutoff (an organisation's name is
not personal information; its applicant kind stays for the annual table)."""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy, gettext_noop

from fazhi.core import retention

from .models import DisclosureRequest

Status = DisclosureRequest.Status


def past(cutoff: dt.date) -> models.QuerySet[DisclosureRequest]:
    qs = DisclosureRequest.objects.filter(
        applicant_kind=DisclosureRequest.ApplicantKind.NATURAL_PERSON
    ).filter(
        Q(status=Status.REPLIED, replied_on__lt=cutoff)
        | Q(status=Status.WITHDRAWN, withdrawn_on__lt=cutoff)
    )
    return retention.dated_before(qs, cutoff, ("submitted_on", "received_on"))


def register() -> None:
    retention.register(
        retention.Holding(
            key="governance.disclosure",
            label=gettext_lazy("依申请公开"),
            model=DisclosureRequest,
            past=past,
            fields={
                "applicant_name": gettext_noop("申请人（已匿名）"),
                **retention.CONTACT,
                "email": "",
            },
            order=50,
        )
    )
