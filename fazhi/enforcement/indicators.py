"""Figures of administrative enforcement for the annual report (section
"enforcement"). Each is a query over the records; `records` returns the rows
behind the figure. Definitions of "certified officer" and "training hours":
see queries.py."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any, cast

from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from fazhi.core import rulesettings
from fazhi.core.indicators import (
    Period,
    UnitTree,
    aggregate_by_unit,
    count_indicator,
    count_of,
    rate_indicator,
    sum_indicator,
)
from fazhi.core.models import OrgUnit

from . import dates, queries, rules
from .models import (
    Certificate,
    CertificateEvent,
    Disclosure,
    EnforcementCase,
    EnforcementComplaint,
    ExamRegistration,
    Hearing,
    LegalReview,
    Officer,
    Training,
    TrainingAttendance,
)

SECTION = "enforcement"
Case = EnforcementCase


@count_indicator(
    "enforcement.officers.certified",
    label=cast(str, _("持有行政执法证的执法人员")),
    unit_label=gettext_noop("人"),
    section=SECTION,
    order=10,
)
def certified(unit: OrgUnit, period: Period) -> QuerySet[Officer]:
    return queries.certified_officers(unit, period)


@count_indicator(
    "enforcement.certificates.renewed",
    label=cast(str, _("换发行政执法证")),
    unit_label=gettext_noop("张"),
    section=SECTION,
    order=11,
)
def renewed(unit: OrgUnit, period: Period) -> QuerySet[Certificate]:
    """Certificates issued by renewal (换发) whose renewal was recorded in the period."""
    event = CertificateEvent.objects.filter(
        certificate=OuterRef("pk"),
        kind=CertificateEvent.Kind.RENEWAL,
        on__gte=period.start,
        on__lte=period.end,
    )
    return (
        Certificate.objects.in_unit(unit)
        .filter(previous__isnull=False)
        .filter(Exists(event))
        .select_related("officer__person")
    )


def by_setting(
    key: str, count: Callable[[OrgUnit, Period, Any], QuerySet[Any]]
) -> Callable[[Sequence[OrgUnit], Period, UnitTree], dict[int, Any]]:
    """A batched count for records that depend on a unit's setting: one
    grouped query per distinct value of the setting among the units (usually
    one), each counted for the units holding that value."""

    def batch(units: Sequence[OrgUnit], period: Period, tree: UnitTree) -> dict[int, Any]:
        settings = rulesettings.get_many(units, key)
        groups: dict[Any, list[OrgUnit]] = defaultdict(list)
        for unit in units:
            groups[settings[unit.pk]].append(unit)
        out: dict[int, Any] = {}
        for value, members in groups.items():
            qs = count(tree.root, period, value)
            totals = tree.spread(aggregate_by_unit(qs, "unit", n=count_of(qs)), "n")
            out.update({u.pk: totals[u.pk] for u in members})
        return out

    return batch


def _expiring(unit: OrgUnit, period: Period, months: Any) -> QuerySet[Certificate]:
    horizon = dates.add_months(period.end, int(months))
    return (
        Certificate.objects.in_unit(unit)
        .filter(
            expires_on__gte=period.start,
            expires_on__lte=horizon,
            revoked_on__isnull=True,
            renewal__isnull=True,
        )
        .select_related("officer__person")
    )


def expiring_records(unit: OrgUnit, period: Period) -> QuerySet[Certificate]:
    """Certificates expiring in the period or within the renewal window after
    it, not revoked and not renewed: the renewals the township must arrange."""
    return _expiring(unit, period, rulesettings.get(unit, rules.RENEWAL_WINDOW_MONTHS))


count_indicator(
    "enforcement.certificates.expiring",
    label=cast(str, _("到期或进入换证期未换发的执法证")),
    unit_label=gettext_noop("张"),
    section=SECTION,
    order=12,
    unit_field=None,  # the renewal window is the unit's own setting
    batch=by_setting(rules.RENEWAL_WINDOW_MONTHS, _expiring),
)(expiring_records)


@count_indicator(
    "enforcement.training.sessions",
    label=cast(str, _("执法培训")),
    unit_label=gettext_noop("期"),
    section=SECTION,
    order=20,
)
def training_sessions(unit: OrgUnit, period: Period) -> QuerySet[Training]:
    return Training.objects.in_unit(unit).filter(held_on__gte=period.start, held_on__lte=period.end)


def attendance_records(unit: OrgUnit, period: Period) -> QuerySet[TrainingAttendance]:
    return TrainingAttendance.objects.filter(
        training__unit__path__startswith=unit.path,
        training__held_on__gte=period.start,
        training__held_on__lte=period.end,
    ).select_related("training", "officer__person")


sum_indicator(
    "enforcement.training.hours",
    "hours",
    label=cast(str, _("执法人员参训学时合计")),
    unit_label=gettext_noop("学时"),
    section=SECTION,
    records=attendance_records,
    order=21,
    cast=Decimal,
    unit_field="training__unit",
)


def _below(unit: OrgUnit, period: Period, target: Any) -> QuerySet[Officer]:
    officers = queries.certified_officers(unit, period)
    annotated = queries.with_training_hours(officers, period.start, period.end)
    return annotated.filter(hours__lt=Decimal(str(target)))  # type: ignore[misc]


@count_indicator(
    "enforcement.officers.below_training_target",
    label=cast(str, _("培训学时未达年度目标的执法人员")),
    unit_label=gettext_noop("人"),
    section=SECTION,
    order=22,
    unit_field=None,  # the target is the unit's own setting
    batch=by_setting(rules.TRAINING_TARGET_HOURS, _below),
)
def below_target(unit: OrgUnit, period: Period) -> QuerySet[Officer]:
    return queries.officers_below_training_target(unit, period)


@count_indicator(
    "enforcement.exam.registrations",
    label=cast(str, _("执法资格考试报名")),
    unit_label=gettext_noop("人次"),
    section=SECTION,
    order=30,
)
def exam_registrations(unit: OrgUnit, period: Period) -> QuerySet[ExamRegistration]:
    return (
        ExamRegistration.objects.in_unit(unit)
        .filter(exam__sitting_on__gte=period.start, exam__sitting_on__lte=period.end)
        .select_related("exam", "person")
    )


def _sat(unit: OrgUnit, period: Period) -> QuerySet[ExamRegistration]:
    return exam_registrations(unit, period).filter(
        result__in=[
            ExamRegistration.Result.PASSED,
            ExamRegistration.Result.FAILED,
            ExamRegistration.Result.ABSENT,
        ]
    )


# Passed over registrations with a result (absence counts as not passed).
rate_indicator(
    "enforcement.exam.pass_rate",
    Q(result=ExamRegistration.Result.PASSED),
    label=cast(str, _("执法资格考试合格率")),
    section=SECTION,
    records=_sat,
    order=31,
)


def cases_in(unit: OrgUnit, period: Period) -> QuerySet[EnforcementCase]:
    """Cases opened (filed, inspection registered, or summary decision made) in the period."""
    return (
        Case.objects.in_unit(unit)
        .filter(filed_on__gte=period.start, filed_on__lte=period.end)
        .select_related("field")
    )


@count_indicator(
    "enforcement.cases",
    label=cast(str, _("行政执法案件")),
    unit_label=gettext_noop("件"),
    section=SECTION,
    order=40,
)
def cases(unit: OrgUnit, period: Period) -> QuerySet[EnforcementCase]:
    return cases_in(unit, period)


def _by_kind(kind: str) -> Any:
    def records(unit: OrgUnit, period: Period) -> QuerySet[EnforcementCase]:
        return cases_in(unit, period).filter(case_type=kind)

    return records


count_indicator(
    "enforcement.cases.penalty",
    label=cast(str, _("行政处罚案件")),
    unit_label=gettext_noop("件"),
    section=SECTION,
    order=41,
)(_by_kind(Case.CaseType.PENALTY))
count_indicator(
    "enforcement.cases.inspection",
    label=cast(str, _("行政检查")),
    unit_label=gettext_noop("件"),
    section=SECTION,
    order=42,
)(_by_kind(Case.CaseType.INSPECTION))
count_indicator(
    "enforcement.cases.coercion",
    label=cast(str, _("行政强制案件")),
    unit_label=gettext_noop("件"),
    section=SECTION,
    order=43,
)(_by_kind(Case.CaseType.COERCION))


@count_indicator(
    "enforcement.cases.summary",
    label=cast(str, _("其中简易程序当场处罚")),
    unit_label=gettext_noop("件"),
    section=SECTION,
    order=44,
)
def summary_cases(unit: OrgUnit, period: Period) -> QuerySet[EnforcementCase]:
    return cases_in(unit, period).filter(procedure=Case.Procedure.SUMMARY)


@count_indicator(
    "enforcement.penalties",
    label=cast(str, _("作出行政处罚决定")),
    unit_label=gettext_noop("件"),
    section=SECTION,
    order=45,
)
def penalties(unit: OrgUnit, period: Period) -> QuerySet[EnforcementCase]:
    return Case.objects.in_unit(unit).filter(
        case_type=Case.CaseType.PENALTY, decided_on__gte=period.start, decided_on__lte=period.end
    )


sum_indicator(
    "enforcement.penalties.amount",
    "fine_amount",
    label=cast(str, _("罚款金额")),
    unit_label=gettext_noop("元"),
    section=SECTION,
    records=penalties,
    order=46,
    cast=Decimal,
)


def hearings_held(unit: OrgUnit, period: Period) -> QuerySet[Hearing]:
    return (
        Hearing.objects.in_unit(unit)
        .filter(outcome=Hearing.Outcome.HELD, held_on__gte=period.start, held_on__lte=period.end)
        .select_related("case")
    )


count_indicator(
    "enforcement.hearings",
    label=cast(str, _("举行听证")),
    unit_label=gettext_noop("场"),
    section=SECTION,
    order=47,
)(hearings_held)


@count_indicator(
    "enforcement.legal_reviews",
    label=cast(str, _("重大执法决定法制审核")),
    unit_label=gettext_noop("件"),
    section=SECTION,
    order=48,
)
def legal_reviews(unit: OrgUnit, period: Period) -> QuerySet[LegalReview]:
    return (
        LegalReview.objects.in_unit(unit)
        .exclude(result=LegalReview.Result.PENDING)
        .filter(reviewed_on__gte=period.start, reviewed_on__lte=period.end)
        .select_related("case")
    )


def disclosures_due(unit: OrgUnit, period: Period) -> QuerySet[Disclosure]:
    """Decisions to publish whose decision date is in the period."""
    return (
        Disclosure.objects.in_unit(unit)
        .filter(decision_on__gte=period.start, decision_on__lte=period.end)
        .select_related("case")
    )


# Published on or before the disclosure due date, over all decisions due for
# publication in the period (unpublished ones count as late).
rate_indicator(
    "enforcement.disclosures.on_time_rate",
    Q(published_on__isnull=False, due_on__isnull=False, published_on__lte=F("due_on")),
    label=cast(str, _("执法决定按时公示率")),
    section=SECTION,
    records=disclosures_due,
    order=50,
)


def complaints_in(unit: OrgUnit, period: Period) -> QuerySet[EnforcementComplaint]:
    return EnforcementComplaint.objects.in_unit(unit).filter(
        received_on__gte=period.start, received_on__lte=period.end
    )


count_indicator(
    "enforcement.complaints",
    label=cast(str, _("执法投诉")),
    unit_label=gettext_noop("件"),
    section=SECTION,
    order=60,
)(complaints_in)


@count_indicator(
    "enforcement.complaints.answered",
    label=cast(str, _("执法投诉已答复")),
    unit_label=gettext_noop("件"),
    section=SECTION,
    order=61,
)
def complaints_answered(unit: OrgUnit, period: Period) -> QuerySet[EnforcementComplaint]:
    return complaints_in(unit, period).filter(status=EnforcementComplaint.Status.ANSWERED)


@count_indicator(
    "enforcement.complaints.substantiated",
    label=cast(str, _("执法投诉经核查属实或部分属实")),
    unit_label=gettext_noop("件"),
    section=SECTION,
    order=62,
)
def complaints_substantiated(unit: OrgUnit, period: Period) -> QuerySet[EnforcementComplaint]:
    return complaints_in(unit, period).filter(
        Q(finding=EnforcementComplaint.Finding.SUBSTANTIATED)
        | Q(finding=EnforcementComplaint.Finding.PARTLY)
    )
