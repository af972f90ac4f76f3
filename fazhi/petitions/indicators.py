"""Figures petitions give the annual report (section "petitions"); each figure
is a query and lists the records behind it."""

from __future__ import annotations

from typing import Any, cast

from django.db.models import F, Q, QuerySet
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from fazhi.core.indicators import (
    Period,
    count_indicator,
    count_per_choice,
    distinct_batch,
    indicator,
    rate_indicator,
    sum_indicator,
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


@count_indicator(
    "petitions.received",
    label=cast(str, _("受理登记信访事项")),
    unit_label=gettext_noop("件"),
    section=SECTION,
    order=10,
)
def _received(unit: OrgUnit, period: Period) -> QuerySet[Petition]:
    return received(unit, period)


count_per_choice(
    "petitions.received.by_channel.{value}",
    Channel.choices,
    received,
    "channel",
    label=gettext_noop("其中{label}"),
    unit_label=gettext_noop("件"),
    section=SECTION,
    order=11,
)


@count_indicator(
    "petitions.accepted",
    label=cast(str, _("依法受理")),
    unit_label=gettext_noop("件"),
    section=SECTION,
    order=20,
)
def _accepted(unit: OrgUnit, period: Period) -> QuerySet[Petition]:
    return received(unit, period).filter(stage__in=ACCEPTED_STAGES)


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
rate_indicator(
    "petitions.replied_on_time_rate",
    Q(clocks__stopped_on__lte=F("clocks__due_date")),
    label=cast(str, _("按期答复率")),
    section=SECTION,
    order=30,
    records=_replied_records,
)


@count_indicator(
    "petitions.extended",
    label=cast(str, _("延期办理")),
    unit_label=gettext_noop("件"),
    section=SECTION,
    order=40,
)
def _extended(unit: OrgUnit, period: Period) -> QuerySet[Petition]:
    return received(unit, period).filter(extension_days__gt=0)


def _appeals(level: str) -> Any:
    def records(unit: OrgUnit, period: Period) -> QuerySet[Appeal]:
        return Appeal.objects.filter(
            petition__unit__path__startswith=unit.path,
            level=level,
            requested_on__range=(period.start, period.end),
        ).select_related("petition")

    return records


count_indicator(
    "petitions.reviews",
    label=cast(str, _("申请复查")),
    unit_label=gettext_noop("件"),
    section=SECTION,
    order=50,
)(_appeals(AppealLevel.REVIEW))
count_indicator(
    "petitions.re_reviews",
    label=cast(str, _("申请复核")),
    unit_label=gettext_noop("件"),
    section=SECTION,
    order=51,
)(_appeals(AppealLevel.RE_REVIEW))


def _appeal_upheld(level: str) -> Any:
    def records(unit: OrgUnit, period: Period) -> QuerySet[Appeal]:
        return _appeals(level)(unit, period).filter(result="upheld")

    return records


count_indicator(
    "petitions.reviews.upheld",
    label=cast(str, _("复查维持原处理意见")),
    unit_label=gettext_noop("件"),
    section=SECTION,
    order=52,
)(_appeal_upheld(AppealLevel.REVIEW))
count_indicator(
    "petitions.re_reviews.upheld",
    label=cast(str, _("复核维持原处理意见")),
    unit_label=gettext_noop("件"),
    section=SECTION,
    order=53,
)(_appeal_upheld(AppealLevel.RE_REVIEW))


@count_indicator(
    "petitions.repeat",
    label=cast(str, _("重复信访")),
    unit_label=gettext_noop("件"),
    section=SECTION,
    order=60,
)
def _repeat(unit: OrgUnit, period: Period) -> QuerySet[Petition]:
    return received(unit, period).filter(is_repeat=True)


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


sum_indicator(
    "petitions.visitors_received",
    "visitor_count",
    label=cast(str, _("接待来访群众")),
    unit_label=gettext_noop("人次"),
    section=SECTION,
    order=71,
    records=_receptions,
    cast=int,
)


@count_indicator(
    "petitions.outreach_visits",
    label=cast(str, _("干部下访")),
    unit_label=gettext_noop("次"),
    section=SECTION,
    order=80,
)
def _outreach(unit: OrgUnit, period: Period) -> QuerySet[OutreachVisit]:
    return OutreachVisit.objects.in_unit(unit).filter(visited_on__range=(period.start, period.end))


@count_indicator(
    "petitions.key_cases",
    label=cast(str, _("领导包案重点案件")),
    unit_label=gettext_noop("件"),
    section=SECTION,
    order=90,
)
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


count_indicator(
    "petitions.resolved.village",
    label=cast(str, _("化解在村（小事不出村）")),
    unit_label=gettext_noop("件"),
    section=SECTION,
    order=100,
)(_resolved(ResponsibleLevel.VILLAGE))
count_indicator(
    "petitions.resolved.township",
    label=cast(str, _("化解在乡（大事不出镇）")),
    unit_label=gettext_noop("件"),
    section=SECTION,
    order=101,
)(_resolved(ResponsibleLevel.TOWNSHIP))


def _rated(unit: OrgUnit, period: Period) -> QuerySet[Petition]:
    return (
        Petition.objects.in_unit(unit)
        .filter(satisfaction_on__range=(period.start, period.end))
        .exclude(satisfaction="")
    )


rate_indicator(
    "petitions.satisfaction_rate",
    Q(satisfaction=Satisfaction.SATISFIED) | Q(satisfaction=Satisfaction.BASICALLY),
    label=cast(str, _("群众满意率")),
    section=SECTION,
    order=110,
    records=_rated,
)
