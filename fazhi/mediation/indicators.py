"""Figures for the annual report (section "disputes"), each a query with the
records behind it. Committees and mediators are counted as in office on the
last day of the period; everything else by the date the event happened in the
period."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, cast

from django.db.models import Min, Q, QuerySet
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from fazhi.core.indicators import (
    Period,
    UnitTree,
    count_indicator,
    count_per_choice,
    rate_indicator,
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


@count_indicator(
    "mediation.committees",
    label=cast(str, _("人民调解委员会")),
    unit_label=gettext_noop("个"),
    section=SECTION,
    order=10,
)
def committees(unit: OrgUnit, period: Period) -> QuerySet[MediationCommittee]:
    return _committees(unit, period)


@count_indicator(
    "mediation.committees.township",
    label=cast(str, _("乡级调委会")),
    unit_label=gettext_noop("个"),
    section=SECTION,
    order=11,
)
def committees_township(unit: OrgUnit, period: Period) -> QuerySet[MediationCommittee]:
    return _committees(unit, period).filter(level=CommitteeLevel.TOWNSHIP)


@count_indicator(
    "mediation.committees.village",
    label=cast(str, _("村级调委会")),
    unit_label=gettext_noop("个"),
    section=SECTION,
    order=12,
)
def committees_village(unit: OrgUnit, period: Period) -> QuerySet[MediationCommittee]:
    return _committees(unit, period).filter(level=CommitteeLevel.VILLAGE)


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


@count_indicator(
    "mediation.mediators",
    label=cast(str, _("人民调解员")),
    unit_label=gettext_noop("名"),
    section=SECTION,
    order=20,
    unit_field=None,
    batch=_mediators_batch(None),
)
def mediators(unit: OrgUnit, period: Period) -> QuerySet[Mediator]:
    return _mediators(unit, period)


@count_indicator(
    "mediation.mediators.full_time",
    label=cast(str, _("专职人民调解员")),
    unit_label=gettext_noop("名"),
    section=SECTION,
    order=21,
    unit_field=None,
    batch=_mediators_batch(True),
)
def mediators_full_time(unit: OrgUnit, period: Period) -> QuerySet[Mediator]:
    return _mediators(unit, period).filter(full_time=True)


@count_indicator(
    "mediation.mediators.part_time",
    label=cast(str, _("兼职人民调解员")),
    unit_label=gettext_noop("名"),
    section=SECTION,
    order=22,
    unit_field=None,
    batch=_mediators_batch(False),
)
def mediators_part_time(unit: OrgUnit, period: Period) -> QuerySet[Mediator]:
    return _mediators(unit, period).filter(full_time=False)


@count_indicator(
    "mediation.screenings",
    label=cast(str, _("矛盾纠纷排查")),
    unit_label=gettext_noop("次"),
    section=SECTION,
    order=30,
)
def screenings(unit: OrgUnit, period: Period) -> QuerySet[Screening]:
    return (
        Screening.objects.filter(unit__in=_subtree(unit))
        .filter(screened_on__gte=period.start, screened_on__lte=period.end)
        .select_related("unit")
    )


def _disputes(unit: OrgUnit, period: Period) -> QuerySet[Dispute]:
    return (
        Dispute.objects.filter(unit__in=_subtree(unit))
        .filter(found_on__gte=period.start, found_on__lte=period.end)
        .select_related("unit", "category")
    )


@count_indicator(
    "mediation.disputes",
    label=cast(str, _("排查登记矛盾纠纷")),
    unit_label=gettext_noop("件"),
    section=SECTION,
    order=31,
)
def disputes(unit: OrgUnit, period: Period) -> QuerySet[Dispute]:
    return _disputes(unit, period)


@count_indicator(
    "mediation.disputes.screened",
    label=cast(str, _("排查发现矛盾纠纷")),
    unit_label=gettext_noop("件"),
    section=SECTION,
    order=32,
)
def disputes_screened(unit: OrgUnit, period: Period) -> QuerySet[Dispute]:
    return _disputes(unit, period).filter(source=Dispute.Source.SCREENING)


count_per_choice(
    "mediation.disputes.category.{value}",
    DEFAULT_CATEGORIES,
    _disputes,
    "category__code",
    label="{label}",
    unit_label=gettext_noop("件"),
    section=SECTION,
    order=33,
)


def _resolved(unit: OrgUnit, period: Period) -> QuerySet[Dispute]:
    return (
        Dispute.objects.filter(unit__in=_subtree(unit))
        .filter(
            status=Dispute.Status.RESOLVED,
            resolved_on__gte=period.start,
            resolved_on__lte=period.end,
        )
        .select_related("unit", "category")
    )


@count_indicator(
    "mediation.disputes.resolved",
    label=cast(str, _("化解矛盾纠纷")),
    unit_label=gettext_noop("件"),
    section=SECTION,
    order=50,
)
def disputes_resolved(unit: OrgUnit, period: Period) -> QuerySet[Dispute]:
    return _resolved(unit, period)


@count_indicator(
    "mediation.disputes.high_risk",
    label=cast(str, _("高风险矛盾纠纷")),
    unit_label=gettext_noop("件"),
    section=SECTION,
    order=51,
)
def disputes_high_risk(unit: OrgUnit, period: Period) -> QuerySet[Dispute]:
    return _disputes(unit, period).filter(risk_level=Dispute.Risk.HIGH)


@count_indicator(
    "mediation.disputes.high_risk_resolved",
    label=cast(str, _("化解高风险矛盾纠纷")),
    unit_label=gettext_noop("件"),
    section=SECTION,
    order=52,
)
def disputes_high_risk_resolved(unit: OrgUnit, period: Period) -> QuerySet[Dispute]:
    return _resolved(unit, period).filter(risk_level=Dispute.Risk.HIGH)


def _cases(unit: OrgUnit) -> QuerySet[MediationCase]:
    return MediationCase.objects.filter(unit__in=_subtree(unit)).select_related(
        "committee", "dispute"
    )


@count_indicator(
    "mediation.cases.accepted",
    label=cast(str, _("受理调解案件")),
    unit_label=gettext_noop("件"),
    section=SECTION,
    order=60,
)
def cases_accepted(unit: OrgUnit, period: Period) -> QuerySet[MediationCase]:
    # A case handed up to the township continues as the township's case: the
    # chain is counted once, as its last case.
    return (
        _cases(unit)
        .filter(accepted_on__gte=period.start, accepted_on__lte=period.end)
        .exclude(status=Case.ESCALATED)
    )


def _concluded(unit: OrgUnit, period: Period) -> QuerySet[MediationCase]:
    return _cases(unit).filter(
        status__in=[Case.AGREED, Case.FAILED],
        concluded_on__gte=period.start,
        concluded_on__lte=period.end,
    )


@count_indicator(
    "mediation.cases.agreed",
    label=cast(str, _("调解成功")),
    unit_label=gettext_noop("件"),
    section=SECTION,
    order=61,
)
def cases_agreed(unit: OrgUnit, period: Period) -> QuerySet[MediationCase]:
    return _concluded(unit, period).filter(status=Case.AGREED)


@count_indicator(
    "mediation.cases.failed",
    label=cast(str, _("调解不成")),
    unit_label=gettext_noop("件"),
    section=SECTION,
    order=62,
)
def cases_failed(unit: OrgUnit, period: Period) -> QuerySet[MediationCase]:
    return _concluded(unit, period).filter(status=Case.FAILED)


rate_indicator(
    "mediation.success_rate",
    Q(status=Case.AGREED),
    label=cast(str, _("调解成功率")),
    section=SECTION,
    order=63,
    records=_concluded,
)


def _agreements(unit: OrgUnit, period: Period) -> QuerySet[Agreement]:
    return Agreement.objects.filter(
        case__unit__in=_subtree(unit), dated__gte=period.start, dated__lte=period.end
    ).select_related("case")


@count_indicator(
    "mediation.agreements.written",
    label=cast(str, _("书面调解协议")),
    unit_label=gettext_noop("份"),
    section=SECTION,
    order=64,
    unit_field="case__unit",
)
def agreements_written(unit: OrgUnit, period: Period) -> QuerySet[Agreement]:
    return _agreements(unit, period).filter(form=Agreement.Form.WRITTEN)


@count_indicator(
    "mediation.agreements.oral",
    label=cast(str, _("口头调解协议")),
    unit_label=gettext_noop("份"),
    section=SECTION,
    order=65,
    unit_field="case__unit",
)
def agreements_oral(unit: OrgUnit, period: Period) -> QuerySet[Agreement]:
    return _agreements(unit, period).filter(form=Agreement.Form.ORAL)


def _confirmations(unit: OrgUnit) -> QuerySet[JudicialConfirmation]:
    return JudicialConfirmation.objects.filter(
        agreement__case__unit__in=_subtree(unit)
    ).select_related("agreement__case")


@count_indicator(
    "mediation.judicial_confirmations",
    label=cast(str, _("经司法确认的调解协议")),
    unit_label=gettext_noop("件"),
    section=SECTION,
    order=70,
    unit_field="agreement__case__unit",
)
def judicial_confirmations(unit: OrgUnit, period: Period) -> QuerySet[JudicialConfirmation]:
    return _confirmations(unit).filter(
        result=JudicialConfirmation.Result.CONFIRMED,
        decided_on__gte=period.start,
        decided_on__lte=period.end,
    )


@count_indicator(
    "mediation.judicial_confirmations.applied",
    label=cast(str, _("申请司法确认")),
    unit_label=gettext_noop("件"),
    section=SECTION,
    order=71,
    unit_field="agreement__case__unit",
)
def judicial_confirmations_applied(unit: OrgUnit, period: Period) -> QuerySet[JudicialConfirmation]:
    return _confirmations(unit).filter(applied_on__gte=period.start, applied_on__lte=period.end)


@count_indicator(
    "mediation.judicial_confirmations.late",
    label=cast(str, _("逾期申请司法确认")),
    unit_label=gettext_noop("件"),
    section=SECTION,
    order=72,
    unit_field="agreement__case__unit",
)
def judicial_confirmations_late(unit: OrgUnit, period: Period) -> QuerySet[JudicialConfirmation]:
    return judicial_confirmations_applied(unit, period).filter(late=True)


def _followups(unit: OrgUnit, period: Period) -> QuerySet[FollowUp]:
    return FollowUp.objects.filter(
        case__unit__in=_subtree(unit), done_on__gte=period.start, done_on__lte=period.end
    ).select_related("case")


@count_indicator(
    "mediation.followups",
    label=cast(str, _("回访")),
    unit_label=gettext_noop("次"),
    section=SECTION,
    order=80,
    unit_field="case__unit",
)
def followups(unit: OrgUnit, period: Period) -> QuerySet[FollowUp]:
    return _followups(unit, period)


@count_indicator(
    "mediation.followups.honoured",
    label=cast(str, _("回访确认协议已履行")),
    unit_label=gettext_noop("件"),
    section=SECTION,
    order=81,
    unit_field="case__unit",
)
def followups_honoured(unit: OrgUnit, period: Period) -> QuerySet[FollowUp]:
    return _followups(unit, period).filter(honoured=FollowUp.Honoured.YES)


@count_indicator(
    "mediation.disputes.escalated",
    label=cast(str, _("村调委会移交乡调委会")),
    unit_label=gettext_noop("件"),
    section=SECTION,
    order=90,
)
def disputes_escalated(unit: OrgUnit, period: Period) -> QuerySet[MediationCase]:
    return _cases(unit).filter(
        status=Case.ESCALATED, concluded_on__gte=period.start, concluded_on__lte=period.end
    )
