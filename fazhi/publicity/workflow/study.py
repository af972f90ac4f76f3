"""Cadres' law study (学法) and the yearly law exam (学法考试): sessions with
their attendees, one exam row per cadre and year, and the exam roll."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from fazhi.core import audit, rulesettings, steps
from fazhi.core.errors import RuleViolation
from fazhi.core.i18n import stored
from fazhi.core.models import OrgUnit, Person
from fazhi.core.workflow import check_unit_in_scope

from .. import rules
from ..models import LawExam, LawStudy, LawStudyAttendance
from ._common import names, save_record, scope_root


@transaction.atomic
def save_study(
    study: LawStudy,
    *,
    by: Any,
    attendees: Sequence[Person],
    version: int | None = None,
    before: dict[str, Any] | None = None,
) -> LawStudy:
    """A study session is recorded after it took place, with attendees from the
    person register of the session unit's area (STUDY_BASIS: cadres of the unit)."""
    # Not steps.check_date: the clerk is told why (register after the session).
    if study.date and study.date > steps.today():
        raise RuleViolation(_("学法活动日期不能晚于今天（请在学习结束后登记）。"), field="date")
    if study.hours is not None and not Decimal("0.5") <= study.hours <= Decimal("24"):
        raise RuleViolation(_("学时应在0.5至24之间。"), field="hours")
    if not attendees:
        raise RuleViolation(_("请选择参学人员。"), field="attendees")
    root = scope_root(study.unit)
    bad = [p for p in attendees if not p.unit.path.startswith(root.path)]
    if bad:
        raise RuleViolation(
            # Names the record's unit too: a county user chooses both from
            # every township, and either may be the one to change.
            _(
                "参学人员“%(bad)s”不属于%(root)s（所属单位“%(unit)s”的范围）：请改选参学人员或所属单位。"
            )
            % {"bad": names(bad), "root": root, "unit": study.unit},
            field="attendees",
        )
    visible = set(
        Person.objects.visible_to(by)
        .filter(pk__in=[p.pk for p in attendees])
        .values_list("pk", flat=True)
    )
    hidden = [p for p in attendees if p.pk not in visible]
    if hidden:
        raise RuleViolation(
            _("参学人员“%(hidden)s”不在您的管辖范围内。") % {"hidden": names(hidden)},
            field="attendees",
        )
    creating = study.pk is None
    save_record(study, by=by, version=version, before=before)
    wanted = {p.pk for p in attendees}
    existing = set(study.attendance.values_list("person_id", flat=True))
    if not creating:
        study.attendance.exclude(person_id__in=wanted).delete()
    LawStudyAttendance.objects.bulk_create(
        [LawStudyAttendance(study=study, person_id=pk) for pk in wanted - existing]
    )
    if existing != wanted:
        # The attendees' ids before and after, as every linked list's change
        # (core.audit.list_changes): the history tab names them. Their counts
        # were written here and read as ids, naming two unrelated people.
        audit.record(
            study,
            by=by,
            action="update",
            changes={"attendees": [sorted(existing), sorted(wanted)]},
        )
    return study


def pass_mark(unit: OrgUnit) -> Decimal:
    return Decimal(str(rulesettings.get(unit, rules.EXAM_PASS_MARK.key)))


def full_mark(unit: OrgUnit) -> Decimal:
    return Decimal(str(rulesettings.get(unit, rules.EXAM_FULL_MARK.key)))


@transaction.atomic
def save_exam(
    exam: LawExam, *, by: Any, version: int | None = None, before: dict[str, Any] | None = None
) -> LawExam:
    """One cadre's yearly exam row. Who sat has a score between 0 and the full
    mark; pass is the score against the pass mark in force (a rule setting,
    LAW.md §14 item 13). Who did not sit has no score and a reason."""
    person = exam.person
    if not person.is_cadre:
        raise RuleViolation(
            _("“%(person)s”不是干部，学法考试只登记干部。") % {"person": person},
            field="person",
            rule=rules.STUDY_BASIS,
        )
    exam.unit = person.unit
    if exam.year and exam.year > steps.today().year:
        raise RuleViolation(
            _("考试年度（%(year)s年）不能晚于今年。") % {"year": exam.year}, field="year"
        )
    if exam.sat:
        if exam.score is None:
            raise RuleViolation(_("已参考的须填写成绩。"), field="score")
        top = full_mark(exam.unit)
        if not Decimal("0") <= exam.score <= top:
            raise RuleViolation(_("成绩应在0至%(top)s分之间。") % {"top": top}, field="score")
        if exam.exam_date is not None:
            if exam.exam_date.year != exam.year:
                raise RuleViolation(
                    _("考试日期不在%(year)s年内。") % {"year": exam.year}, field="exam_date"
                )
            steps.check_date(exam.exam_date, "exam_date", _("考试日期"))
        exam.pass_mark = pass_mark(exam.unit)
        exam.passed = exam.score >= exam.pass_mark
        exam.absence_reason = ""
    else:
        if exam.score is not None:
            raise RuleViolation(_("未参考的不应填写成绩。"), field="score")
        exam.pass_mark = None
        exam.passed = None
    clash = LawExam.objects.filter(year=exam.year, person=person)
    if exam.pk:
        clash = clash.exclude(pk=exam.pk)
    if clash.exists():
        raise RuleViolation(
            _("“%(person)s”%(year)s年的考试已登记。") % {"person": person, "year": exam.year},
            field="person",
        )
    return save_record(exam, by=by, version=version, before=before)


@transaction.atomic
def open_exam_roll(unit: OrgUnit, year: int, *, by: Any) -> int:
    """Put every cadre of `unit`'s area on the year's exam roll (not sat yet),
    so that who has not sat shows up. Safe to run twice."""
    steps.check_writer(by)
    check_unit_in_scope(unit, by)
    if year > steps.today().year:
        raise RuleViolation(
            _("考试年度（%(year)s年）不能晚于今年。") % {"year": year}, field="year"
        )
    root = scope_root(unit)
    cadres = (
        Person.objects.visible_to(by)
        .filter(unit__path__startswith=root.path, is_cadre=True)
        .exclude(pk__in=LawExam.objects.filter(year=year).values("person_id"))
        .values_list("pk", "unit_id")
    )
    rows = [
        LawExam(year=year, person_id=pk, unit_id=unit_id, created_by=by, updated_by=by)
        for pk, unit_id in cadres
    ]
    LawExam.objects.bulk_create(rows, ignore_conflicts=True)
    if rows:
        audit.record(
            unit,
            by=by,
            action="create",
            note=stored(
                gettext_noop("%(year)s年学法考试名单新增%(rows)s人"), year=year, rows=len(rows)
            ),
        )
    return len(rows)
