"""Figures for the annual report (section "disputes"), each a query with the
records behind it. Committees and mediators are counted as in office on the
last day of the period; everything else by the date the event happened in the
period."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from django.db.models import Min, Q, QuerySet
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from fazhi.core.indicators import (
    Period,
    Section,
    UnitTree,
)
from fazhi.core.models import OrgUnit

from . import queries
from .categories import DEFAULT_CATEGORIES
from .models import (
    Agreement,
    CommitteeLevel,
    Dispute,
    FollowUp,
    JudicialConfirmation,
    MediationCase,
    MediationCommittee,
    Mediator,
    Screening,
)

SECTION = "disputes"
figures = Section(SECTION, unit_label=gettext_noop("件"))


def _subtree(unit: OrgUnit) -> QuerySet[Any]:
    """The unit and those below it, as a subquery on the small unit table, so
    the big tables are reached through their (unit, date) indexes rather than
    a join filtered by LIKE on every row."""
    return OrgUnit.objects.filter(path__startswith=unit.path).values("pk")


Case = MediationCase.Status


def _committees(unit: OrgUnit, period: Period) -> QuerySet[MediationCommittee]:
    return queries.committees_in_office(
        MediationCommittee.objects.filter(unit__in=_subtree(unit)), period.end
    ).select_related("unit")


committees = figures.count(
    "mediation.committees",
    _("人民调解委员会"),
    _committees,
    order=10,
    unit_label=gettext_noop("个"),
)


committees_township = figures.count(
    "mediation.committees.township",
    _("乡级调委会"),
    _committees,
    order=11,
    unit_label=gettext_noop("个"),
    level=CommitteeLevel.TOWNSHIP,
)


committees_village = figures.count(
    "mediation.committees.village",
    _("村级调委会"),
    _committees,
    order=12,
    unit_label=gettext_noop("个"),
    level=CommitteeLevel.VILLAGE,
)


def _mediators(unit: OrgUnit, period: Period) -> QuerySet[Mediator]:
    # A person serving two committees counts once (their first appointment).
    qs = queries.mediators_in_office(
        Mediator.objects.filter(unit__in=_subtree(unit)), period.end
    ).filter(committee__in=_committees(unit, period))
    first = qs.order_by().values("person_id").annotate(first=Min("pk")).values("first")
    return Mediator.objects.filter(pk__in=first).select_related("person", "committee")


def _mediators_batch(
    full_time: bool | None,
) -> Callable[[Sequence[OrgUnit], Period, UnitTree], dict[int, Any]]:
    """Per unit, the people with a mediator post in office under it, each
    counted once by their first post there (as `_mediators` does unit by
    unit): the posts are few, so they are read once and grouped here."""

    def batch(units: Sequence[OrgUnit], period: Period, tree: UnitTree) -> dict[int, Any]:
        root = tree.root
        posts = (
            queries.mediators_in_office(
                Mediator.objects.filter(unit__in=_subtree(root)), period.end
            )
            .filter(committee__in=_committees(root, period))
            .order_by()
            .values_list("unit_id", "person_id", "pk", "full_time")
        )
        first: dict[int, dict[int, tuple[int, bool]]] = {u.pk: {} for u in units}
        for unit_id, person_id, pk, is_full_time in posts:
            for owner in tree.owners(unit_id):
                held = first[owner].get(person_id)
                if held is None or pk < held[0]:
                    first[owner][person_id] = (pk, is_full_time)
        return {
            pk: sum(1 for _p, ft in people.values() if full_time is None or ft == full_time)
            for pk, people in first.items()
        }

    return batch


mediators = figures.count(
    "mediation.mediators",
    _("人民调解员"),
    _mediators,
    order=20,
    unit_label=gettext_noop("名"),
    unit_field=None,
    batch=_mediators_batch(None),
)


mediators_full_time = figures.count(
    "mediation.mediators.full_time",
    _("专职人民调解员"),
    _mediators,
    order=21,
    unit_label=gettext_noop("名"),
    unit_field=None,
    batch=_mediators_batch(True),
    full_time=True,
)


mediators_part_time = figures.count(
    "mediation.mediators.part_time",
    _("兼职人民调解员"),
    _mediators,
    order=22,
    unit_label=gettext_noop("名"),
    unit_field=None,
    batch=_mediators_batch(False),
    full_time=False,
)


@figures.counted("mediation.screenings", _("矛盾纠纷排查"), order=30, unit_label=gettext_noop("次"))
def screenings(unit: OrgUnit, period: Period) -> QuerySet[Screening]:
    return (
        Screening.objects.filter(unit__in=_subtree(unit))
        .filter(**period.within("screened_on"))
        .select_related("unit")
    )


def _disputes(unit: OrgUnit, period: Period) -> QuerySet[Dispute]:
    return (
        Dispute.objects.filter(unit__in=_subtree(unit))
        .filter(**period.within("found_on"))
        .select_related("unit", "category")
    )


disputes = figures.count("mediation.disputes", _("排查登记矛盾纠纷"), _disputes, order=31)


disputes_screened = figures.count(
    "mediation.disputes.screened",
    _("排查发现矛盾纠纷"),
    _disputes,
    order=32,
    source=Dispute.Source.SCREENING,
)


figures.per_choice(
    "mediation.disputes.category.{value}",
    DEFAULT_CATEGORIES,
    _disputes,
    "category__code",
    label="{label}",
    order=33,
)


def _resolved(unit: OrgUnit, period: Period) -> QuerySet[Dispute]:
    return (
        Dispute.objects.filter(unit__in=_subtree(unit))
        .filter(
            status=Dispute.Status.RESOLVED,
            **period.within("resolved_on"),
        )
        .select_related("unit", "category")
    )


disputes_resolved = figures.count(
    "mediation.disputes.resolved", _("化解矛盾纠纷"), _resolved, order=50
)


disputes_high_risk = figures.count(
    "mediation.disputes.high_risk",
    _("高风险矛盾纠纷"),
    _disputes,
    order=51,
    risk_level=Dispute.Risk.HIGH,
)


disputes_high_risk_resolved = figures.count(
    "mediation.disputes.high_risk_resolved",
    _("化解高风险矛盾纠纷"),
    _resolved,
    order=52,
    risk_level=Dispute.Risk.HIGH,
)


def _cases(unit: OrgUnit) -> QuerySet[MediationCase]:
    return MediationCase.objects.filter(unit__in=_subtree(unit)).select_related(
        "committee", "dispute"
    )


@figures.counted("mediation.cases.accepted", _("受理调解案件"), order=60)
def cases_accepted(unit: OrgUnit, period: Period) -> QuerySet[MediationCase]:
    # A case handed up to the township continues as the township's case: the
    # chain is counted once, as its last case.
    return _cases(unit).filter(**period.within("accepted_on")).exclude(status=Case.ESCALATED)


def _concluded(unit: OrgUnit, period: Period) -> QuerySet[MediationCase]:
    return _cases(unit).filter(
        status__in=[Case.AGREED, Case.FAILED],
        **period.within("concluded_on"),
    )


cases_agreed = figures.count(
    "mediation.cases.agreed", _("调解成功"), _concluded, order=61, status=Case.AGREED
)


cases_failed = figures.count(
    "mediation.cases.failed", _("调解不成"), _concluded, order=62, status=Case.FAILED
)


figures.rate("mediation.success_rate", Q(status=Case.AGREED), _("调解成功率"), _concluded, order=63)


def _agreements(unit: OrgUnit, period: Period) -> QuerySet[Agreement]:
    return Agreement.objects.filter(
        case__unit__in=_subtree(unit), **period.within("dated")
    ).select_related("case")


agreements_written = figures.count(
    "mediation.agreements.written",
    _("书面调解协议"),
    _agreements,
    order=64,
    unit_label=gettext_noop("份"),
    unit_field="case__unit",
    form=Agreement.Form.WRITTEN,
)


agreements_oral = figures.count(
    "mediation.agreements.oral",
    _("口头调解协议"),
    _agreements,
    order=65,
    unit_label=gettext_noop("份"),
    unit_field="case__unit",
    form=Agreement.Form.ORAL,
)


def _confirmations(unit: OrgUnit) -> QuerySet[JudicialConfirmation]:
    return JudicialConfirmation.objects.filter(
        agreement__case__unit__in=_subtree(unit)
    ).select_related("agreement__case")


@figures.counted(
    "mediation.judicial_confirmations",
    _("经司法确认的调解协议"),
    order=70,
    unit_field="agreement__case__unit",
)
def judicial_confirmations(unit: OrgUnit, period: Period) -> QuerySet[JudicialConfirmation]:
    return _confirmations(unit).filter(
        result=JudicialConfirmation.Result.CONFIRMED,
        **period.within("decided_on"),
    )


@figures.counted(
    "mediation.judicial_confirmations.applied",
    _("申请司法确认"),
    order=71,
    unit_field="agreement__case__unit",
)
def judicial_confirmations_applied(unit: OrgUnit, period: Period) -> QuerySet[JudicialConfirmation]:
    return _confirmations(unit).filter(**period.within("applied_on"))


judicial_confirmations_late = figures.count(
    "mediation.judicial_confirmations.late",
    _("逾期申请司法确认"),
    judicial_confirmations_applied,
    order=72,
    unit_field="agreement__case__unit",
    late=True,
)


def _followups(unit: OrgUnit, period: Period) -> QuerySet[FollowUp]:
    return FollowUp.objects.filter(
        case__unit__in=_subtree(unit), **period.within("done_on")
    ).select_related("case")


followups = figures.count(
    "mediation.followups",
    _("回访"),
    _followups,
    order=80,
    unit_label=gettext_noop("次"),
    unit_field="case__unit",
)


followups_honoured = figures.count(
    "mediation.followups.honoured",
    _("回访确认协议已履行"),
    _followups,
    order=81,
    unit_field="case__unit",
    honoured=FollowUp.Honoured.YES,
)


@figures.counted("mediation.disputes.escalated", _("村调委会移交乡调委会"), order=90)
def disputes_escalated(unit: OrgUnit, period: Period) -> QuerySet[MediationCase]:
    return _cases(unit).filter(status=Case.ESCALATED, **period.within("concluded_on"))
