"""Training sessions with their attendance, and qualification exams: sittings,
registration, results."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from fazhi.core import audit, rulesettings, steps
from fazhi.core import workflow as core_workflow
from fazhi.core.errors import RuleViolation
from fazhi.core.models import Person

from .. import rules
from ..models import (
    Exam,
    ExamRegistration,
    Officer,
    Training,
    TrainingAttendance,
)


@transaction.atomic
def record_training(training: Training, *, attendees: Iterable[Officer], by: Any) -> Training:
    """A training session; each attendee is credited with its hours."""
    steps.check_date(training.held_on, "held_on", _("培训日期"))
    training = core_workflow.create_record(training, by=by)
    set_attendance(training, attendees=attendees, by=by)
    return training


@transaction.atomic
def set_attendance(training: Training, *, attendees: Iterable[Officer], by: Any) -> Training:
    steps.check_scope(training, by)
    people = list(attendees)
    visible = set(
        Officer.objects.visible_to(by)
        .filter(pk__in=[o.pk for o in people])
        .values_list("pk", flat=True)
    )
    outside = [o for o in people if o.pk not in visible]
    if outside:
        raise RuleViolation(
            _("参训人员%(outside)s不存在或不在您的管辖范围内。") % {"outside": outside[0]},
            field="attendees",
        )
    keep = {o.pk for o in people}
    training.attendance.exclude(officer_id__in=keep).delete()
    TrainingAttendance.objects.bulk_create(
        [TrainingAttendance(training=training, officer=o, hours=training.hours) for o in people],
        ignore_conflicts=True,
    )
    audit.record(
        training, by=by, action="update", changes={gettext_noop("参训人员"): [None, len(keep)]}
    )
    return training


@transaction.atomic
def create_exam(exam: Exam, *, by: Any) -> Exam:
    """A sitting; its pass mark defaults to the township's setting (LAW.md §4, UNCONFIRMED)."""
    if exam.pass_mark is None:
        exam.pass_mark = Decimal(str(rulesettings.get(exam.unit, rules.EXAM_PASS_MARK)))
    if exam.registration_deadline and exam.registration_deadline > exam.sitting_on:
        raise RuleViolation(_("报名截止日不能晚于考试日期。"), field="registration_deadline")
    return core_workflow.create_record(exam, by=by)


def not_registered(exam: Exam, people: QuerySet[Person]) -> QuerySet[Person]:
    """Those of `people` not yet registered for `exam`: whom 报名 takes (the
    step checks it; the exam page's form offers only them)."""
    return people.exclude(Exists(ExamRegistration.objects.filter(exam=exam, person=OuterRef("pk"))))


@transaction.atomic
def register_for_exam(exam: Exam, *, person: Person, on: dt.date, by: Any) -> ExamRegistration:
    """报名 for a sitting, before its registration deadline."""
    steps.check_scope(exam, by)
    deadline = exam.registration_deadline or exam.sitting_on
    if on > deadline:
        raise RuleViolation(
            _("报名已于%(deadline)s截止。") % {"deadline": deadline.isoformat()},
            field="registered_on",
        )
    if not not_registered(exam, Person.objects.filter(pk=person.pk)).exists():
        raise RuleViolation(_("%(person)s已报名本场考试。") % {"person": person}, field="person")
    reg = ExamRegistration(unit=exam.unit, exam=exam, person=person, registered_on=on)
    return core_workflow.create_record(reg, by=by)


@transaction.atomic
def record_exam_result(
    reg: ExamRegistration, *, score: Decimal | None, absent: bool = False, by: Any
) -> ExamRegistration:
    """The result: passed when the score reaches the sitting's pass mark."""
    locked = steps.lock(reg, by=by)
    if locked.exam.sitting_on > steps.today():
        raise RuleViolation(_("考试尚未举行，不能登记成绩。"), field="score")
    old = locked.result
    if absent:
        locked.score, locked.result = None, ExamRegistration.Result.ABSENT
    else:
        if score is None:
            raise RuleViolation(_("请填写成绩。"), field="score")
        if score < 0 or score > 100:
            raise RuleViolation(_("成绩应在0至100分之间。"), field="score")
        locked.score = score
        passed = score >= locked.exam.pass_mark
        locked.result = ExamRegistration.Result.PASSED if passed else ExamRegistration.Result.FAILED
    steps.touch(locked, by, ["score", "result"])
    audit.record(
        locked,
        by=by,
        action="transition",
        changes={"result": [old, locked.result], "score": [None, str(locked.score)]},
    )
    return locked
