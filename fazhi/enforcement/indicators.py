"""Figures of administrative enforcement for the annual report (section
"enforcement"). Each is a query over the records; `records` returns the rows
behind the figure. Definitions of "certified officer" and "training hours":
see queries.py."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any

from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from fazhi.core import rulesettings
from fazhi.core.indicators import (
    Period,
    Section,
    UnitTree,
    aggregate_by_unit,
    count_of,
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
figures = Section(SECTION, unit_label=gettext_noop("件"))
Case = EnforcementCase


certified = figures.count(
    "enforcement.officers.certified",
    _("持有行政执法证的执法人员"),
    queries.certified_officers,
    order=10,
    unit_label=gettext_noop("人"),
)


@figures.counted(
    "enforcement.certificates.renewed", _("换发行政执法证"), order=11, unit_label=gettext_noop("张")
)
def renewed(unit: OrgUnit, period: Period) -> QuerySet[Certificate]:
    """Certificates issued by renewal (换发) whose renewal was recorded in the period."""
    event = CertificateEvent.objects.filter(
        certificate=OuterRef("pk"),
        kind=CertificateEvent.Kind.RENEWAL,
        **period.within("on"),
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


figures.count(
    "enforcement.certificates.expiring",
    _("到期或进入换证期未换发的执法证"),
    expiring_records,
    order=12,
    unit_label=gettext_noop("张"),
    unit_field=None,  # the renewal window is the unit's own setting
    batch=by_setting(rules.RENEWAL_WINDOW_MONTHS, _expiring),
)


@figures.counted(
    "enforcement.training.sessions", _("执法培训"), order=20, unit_label=gettext_noop("期")
)
def training_sessions(unit: OrgUnit, period: Period) -> QuerySet[Training]:
    return Training.objects.in_unit(unit).filter(**period.within("held_on"))


def attendance_records(unit: OrgUnit, period: Period) -> QuerySet[TrainingAttendance]:
    return TrainingAttendance.objects.filter(
        training__unit__path__startswith=unit.path,
        **period.within("training__held_on"),
    ).select_related("training", "officer__person")


figures.total(
    "enforcement.training.hours",
    "hours",
    _("执法人员参训学时合计"),
    attendance_records,
    order=21,
    unit_label=gettext_noop("学时"),
    cast=Decimal,
    unit_field="training__unit",
)


def _below(unit: OrgUnit, period: Period, target: Any) -> QuerySet[Officer]:
    officers = queries.certified_officers(unit, period)
    annotated = queries.with_training_hours(officers, period.start, period.end)
    return annotated.filter(hours__lt=Decimal(str(target)))  # type: ignore[misc]


below_target = figures.count(
    "enforcement.officers.below_training_target",
    _("培训学时未达年度目标的执法人员"),
    queries.officers_below_training_target,
    order=22,
    unit_label=gettext_noop("人"),
    unit_field=None,  # the target is the unit's own setting
    batch=by_setting(rules.TRAINING_TARGET_HOURS, _below),
)


@figures.counted(
    "enforcement.exam.registrations",
    _("执法资格考试报名"),
    order=30,
    unit_label=gettext_noop("人次"),
)
def exam_registrations(unit: OrgUnit, period: Period) -> QuerySet[ExamRegistration]:
    return (
        ExamRegistration.objects.in_unit(unit)
        .filter(**period.within("exam__sitting_on"))
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
figures.rate(
    "enforcement.exam.pass_rate",
    Q(result=ExamRegistration.Result.PASSED),
    _("执法资格考试合格率"),
    _sat,
    order=31,
)


def cases_in(unit: OrgUnit, period: Period) -> QuerySet[EnforcementCase]:
    """Cases opened (filed, inspection registered, or summary decision made) in the period."""
    return Case.objects.in_unit(unit).filter(**period.within("filed_on")).select_related("field")


cases = figures.count("enforcement.cases", _("行政执法案件"), cases_in, order=40)


for kind, label, order in (
    (Case.CaseType.PENALTY, _("行政处罚案件"), 41),
    (Case.CaseType.INSPECTION, _("行政检查"), 42),
    (Case.CaseType.COERCION, _("行政强制案件"), 43),
):
    figures.count(f"enforcement.cases.{kind.value}", label, cases_in, order=order, case_type=kind)


summary_cases = figures.count(
    "enforcement.cases.summary",
    _("其中简易程序当场处罚"),
    cases_in,
    order=44,
    procedure=Case.Procedure.SUMMARY,
)


@figures.counted("enforcement.penalties", _("作出行政处罚决定"), order=45)
def penalties(unit: OrgUnit, period: Period) -> QuerySet[EnforcementCase]:
    return Case.objects.in_unit(unit).filter(
        case_type=Case.CaseType.PENALTY, **period.within("decided_on")
    )


figures.total(
    "enforcement.penalties.amount",
    "fine_amount",
    _("罚款金额"),
    penalties,
    order=46,
    unit_label=gettext_noop("元"),
    cast=Decimal,
)


def hearings_held(unit: OrgUnit, period: Period) -> QuerySet[Hearing]:
    return (
        Hearing.objects.in_unit(unit)
        .filter(outcome=Hearing.Outcome.HELD, **period.within("held_on"))
        .select_related("case")
    )


figures.count(
    "enforcement.hearings", _("举行听证"), hearings_held, order=47, unit_label=gettext_noop("场")
)


@figures.counted("enforcement.legal_reviews", _("重大执法决定法制审核"), order=48)
def legal_reviews(unit: OrgUnit, period: Period) -> QuerySet[LegalReview]:
    return (
        LegalReview.objects.in_unit(unit)
        .exclude(result=LegalReview.Result.PENDING)
        .filter(**period.within("reviewed_on"))
        .select_related("case")
    )


def disclosures_due(unit: OrgUnit, period: Period) -> QuerySet[Disclosure]:
    """Decisions to publish whose decision date is in the period."""
    return (
        Disclosure.objects.in_unit(unit)
        .filter(**period.within("decision_on"))
        .select_related("case")
    )


# Published on or before the disclosure due date, over all decisions due for
# publication in the period (unpublished ones count as late).
figures.rate(
    "enforcement.disclosures.on_time_rate",
    Q(published_on__isnull=False, due_on__isnull=False, published_on__lte=F("due_on")),
    _("执法决定按时公示率"),
    disclosures_due,
    order=50,
)


def complaints_in(unit: OrgUnit, period: Period) -> QuerySet[EnforcementComplaint]:
    return EnforcementComplaint.objects.in_unit(unit).filter(**period.within("received_on"))


figures.count("enforcement.complaints", _("执法投诉"), complaints_in, order=60)


complaints_answered = figures.count(
    "enforcement.complaints.answered",
    _("执法投诉已答复"),
    complaints_in,
    order=61,
    status=EnforcementComplaint.Status.ANSWERED,
)


@figures.counted(
    "enforcement.complaints.substantiated", _("执法投诉经核查属实或部分属实"), order=62
)
def complaints_substantiated(unit: OrgUnit, period: Period) -> QuerySet[EnforcementComplaint]:
    return complaints_in(unit, period).filter(
        Q(finding=EnforcementComplaint.Finding.SUBSTANTIATED)
        | Q(finding=EnforcementComplaint.Finding.PARTLY)
    )
