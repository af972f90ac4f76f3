"""Figures petitions give the annual report (section "petitions"); each figure
is a query and lists the records behind it."""

from __future__ import annotations

from typing import Any, cast

from django.db.models import F, Q, QuerySet
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from fazhi.core.indicators import (
    Period,
    Section,
    distinct_batch,
    indicator,
)
from fazhi.core.models import Clock, OrgUnit

from . import rules
from .models import (
    Appeal,
    AppealLevel,
    Channel,
    OutreachVisit,
    Petition,
    Reception,
    ResponsibleLevel,
    Satisfaction,
    Stage,
)

SECTION = "petitions"
figures = Section(SECTION, unit_label=gettext_noop("件"))
ACCEPTED_STAGES = (
    Stage.ACCEPTED,
    Stage.REPLIED,
    Stage.REVIEW,
    Stage.REVIEWED,
    Stage.RE_REVIEW,
    Stage.FINAL,
    Stage.CLOSED,
)


def received(unit: OrgUnit, period: Period) -> QuerySet[Petition]:
    return Petition.objects.in_unit(unit).filter(received_on__range=(period.start, period.end))


_received = figures.count("petitions.received", _("受理登记信访事项"), received, order=10)


figures.per_choice(
    "petitions.received.by_channel.{value}",
    Channel.choices,
    received,
    "channel",
    label=gettext_noop("其中{label}"),
    order=11,
)


_accepted = figures.count(
    "petitions.accepted", _("依法受理"), received, order=20, stage__in=ACCEPTED_STAGES
)


def _replied(unit: OrgUnit, period: Period, **extra: Any) -> QuerySet[Petition]:
    """Petitions replied within the period whose 60-day handling clock stopped
    (one filter() call, so every condition is on the same clock row)."""
    return Petition.objects.in_unit(unit).filter(
        reply_on__range=(period.start, period.end),
        clocks__kind=rules.CLOCK_HANDLING,
        clocks__status=Clock.Status.STOPPED,
        **extra,
    )


def _replied_records(unit: OrgUnit, period: Period) -> QuerySet[Petition]:
    return _replied(unit, period)


# 《信访工作条例》第三十四条: on time = replied by the (possibly extended) due
# date, read on the same stopped handling clock the records join.
figures.rate(
    "petitions.replied_on_time_rate",
    Q(clocks__stopped_on__lte=F("clocks__due_date")),
    _("按期答复率"),
    _replied_records,
    order=30,
)


_extended = figures.count(
    "petitions.extended", _("延期办理"), received, order=40, extension_days__gt=0
)


def _appeals(level: str) -> Any:
    def records(unit: OrgUnit, period: Period) -> QuerySet[Appeal]:
        return Appeal.objects.filter(
            petition__unit__path__startswith=unit.path,
            level=level,
            requested_on__range=(period.start, period.end),
        ).select_related("petition")

    return records


figures.count("petitions.reviews", _("申请复查"), _appeals(AppealLevel.REVIEW), order=50)
figures.count("petitions.re_reviews", _("申请复核"), _appeals(AppealLevel.RE_REVIEW), order=51)


def _appeal_upheld(level: str) -> Any:
    def records(unit: OrgUnit, period: Period) -> QuerySet[Appeal]:
        return _appeals(level)(unit, period).filter(result="upheld")

    return records


figures.count(
    "petitions.reviews.upheld",
    _("复查维持原处理意见"),
    _appeal_upheld(AppealLevel.REVIEW),
    order=52,
)
figures.count(
    "petitions.re_reviews.upheld",
    _("复核维持原处理意见"),
    _appeal_upheld(AppealLevel.RE_REVIEW),
    order=53,
)


_repeat = figures.count("petitions.repeat", _("重复信访"), received, order=60, is_repeat=True)


def _receptions(unit: OrgUnit, period: Period) -> QuerySet[Reception]:
    return (
        Reception.objects.in_unit(unit)
        .filter(held_on__range=(period.start, period.end))
        .select_related("leader")
    )


@indicator(
    "petitions.reception_days",
    label=cast(str, _("领导接访日")),
    unit_label=gettext_noop("天"),
    section=SECTION,
    order=70,
    records=_receptions,
    unit_field="",
    is_count=True,
    batch=distinct_batch(_receptions, "held_on"),
)
def _reception_days(unit: OrgUnit, period: Period) -> int:
    # A day on which two leaders received visitors is one reception day.
    return _receptions(unit, period).values("held_on").distinct().count()


figures.total(
    "petitions.visitors_received",
    "visitor_count",
    _("接待来访群众"),
    _receptions,
    order=71,
    unit_label=gettext_noop("人次"),
    cast=int,
)


@figures.counted(
    "petitions.outreach_visits", _("干部下访"), order=80, unit_label=gettext_noop("次")
)
def _outreach(unit: OrgUnit, period: Period) -> QuerySet[OutreachVisit]:
    return OutreachVisit.objects.in_unit(unit).filter(visited_on__range=(period.start, period.end))


@figures.counted("petitions.key_cases", _("领导包案重点案件"), order=90)
def _key_cases(unit: OrgUnit, period: Period) -> QuerySet[Petition]:
    return received(unit, period).filter(is_key_case=True).select_related("owner_leader")


@indicator(
    "petitions.key_case_leaders",
    label=cast(str, _("包案领导")),
    unit_label=gettext_noop("人"),
    section=SECTION,
    order=91,
    records=_key_cases,
    unit_field="",
    is_count=True,
    batch=distinct_batch(_key_cases, "owner_leader"),
)
def _key_case_leaders(unit: OrgUnit, period: Period) -> int:
    return _key_cases(unit, period).values("owner_leader").distinct().count()


def _resolved(level: str) -> Any:
    def records(unit: OrgUnit, period: Period) -> QuerySet[Petition]:
        return Petition.objects.in_unit(unit).filter(
            resolved=True, responsible_level=level, closed_on__range=(period.start, period.end)
        )

    return records


figures.count(
    "petitions.resolved.village",
    _("化解在村（小事不出村）"),
    _resolved(ResponsibleLevel.VILLAGE),
    order=100,
)
figures.count(
    "petitions.resolved.township",
    _("化解在乡（大事不出镇）"),
    _resolved(ResponsibleLevel.TOWNSHIP),
    order=101,
)


def _rated(unit: OrgUnit, period: Period) -> QuerySet[Petition]:
    return (
        Petition.objects.in_unit(unit)
        .filter(satisfaction_on__range=(period.start, period.end))
        .exclude(satisfaction="")
    )


figures.rate(
    "petitions.satisfaction_rate",
    Q(satisfaction=Satisfaction.SATISFIED) | Q(satisfaction=Satisfaction.BASICALLY),
    _("群众满意率"),
    _rated,
    order=110,
)
