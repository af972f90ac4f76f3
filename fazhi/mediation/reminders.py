"""The daily reminders of this app that are not clocks: committees whose
three-year term is ending (人民调解法第九条) and units that missed a screening
round. Keyed, so running twice a day posts each reminder once."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_noop

from fazhi.core import reminders
from fazhi.core.i18n import stored
from fazhi.core.models import OrgUnit, User
from fazhi.core.roles import Role

from . import queries
from .models import MediationCommittee


def _judicial_office(unit: OrgUnit) -> list[User]:
    township = unit.township() or unit
    return list(
        User.objects.filter(
            is_active=True, role=Role.JUDICIAL_OFFICE, home_unit__path__startswith=township.path
        )
    )


def scan(today: dt.date) -> dict[str, int]:
    posted = {"term": 0, "screening": 0}
    committees = queries.committees_with_term_ending(MediationCommittee.objects.all(), today)
    for committee in committees.select_related("unit"):
        users = _judicial_office(committee.unit)
        reminders.post_many(
            users,
            key=f"mediation:term:{committee.pk}:{committee.term_end:%Y%m%d}",
            title=stored(
                gettext_noop("%(name)s本届任期于%(date)s届满，请组织换届"),
                name=committee.name,
                date=f"{committee.term_end:%Y-%m-%d}",
            ),
            url=committee.get_absolute_url(),
        )
        posted["term"] += len(users)
    # The last complete week (and month) only: older gaps stay on the page.
    start = today - dt.timedelta(days=40)
    townships = OrgUnit.objects.filter(kind=OrgUnit.Kind.TOWNSHIP)
    for township in townships:
        units = queries.screening_units(township)
        missed = [
            m
            for m in queries.missed_rounds(units, start, today)
            if m.period_end >= today - dt.timedelta(days=31)
        ]
        if not missed:
            continue
        office = _judicial_office(township)
        for row in missed:
            cadres = list(
                User.objects.filter(
                    Q(role=Role.VILLAGE_CADRE, home_unit=row.unit)
                    | Q(pk__in=[u.pk for u in office]),
                    is_active=True,
                )
            )
            reminders.post_many(
                cadres,
                key=f"mediation:screening:{row.unit.pk}:{row.period_start:%Y%m%d}",
                title=stored(
                    gettext_noop("%(unit)s%(from_day)s至%(to_day)s未开展矛盾纠纷排查"),
                    unit=row.unit.name,
                    from_day=f"{row.period_start:%m-%d}",
                    to_day=f"{row.period_end:%m-%d}",
                ),
                url=reverse("mediation:screening_missed"),
            )
            posted["screening"] += len(cadres)
    return posted
