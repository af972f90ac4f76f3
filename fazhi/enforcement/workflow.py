"""Every state change of enforcement: one function per step, each refusing with
a RuleViolation that names the field and the article when its rule is not met.

Each step runs in one transaction: it locks the row, checks the transition
table (`Model.TRANSITIONS`), writes the new state, a timeline row
(CaseEvent / CertificateEvent) and the audit row, and starts or stops the
statutory clocks (core.clocks). Reminders are posted after commit.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from collections.abc import Set as AbstractSet
from decimal import Decimal
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile, UploadedFile
from django.db import models, transaction
from django.db.models import Sum
from django.utils import timezone

from fazhi.core import audit, clocks, numbering, rulesettings
from fazhi.core import workflow as core_workflow
from fazhi.core.attachments import attach
from fazhi.core.clocks import load_calendar
from fazhi.core.documents import DOCX_MIME, chinese_date
from fazhi.core.errors import RuleViolation
from fazhi.core.models import Clock, Person, User
from fazhi.core.roles import Role
from fazhi.core.workdays import add_working_days

from . import dates, rules
from .models import (
    CaseEvent,
    Certificate,
    CertificateEvent,
    Disclosure,
    EnforcementCase,
    EnforcementComplaint,
    EnforcementField,
    Evidence,
    Exam,
    ExamRegistration,
    Hearing,
    InvestigationStep,
    LegalReview,
    Measure,
    Officer,
    Payment,
    Preservation,
    Training,
    TrainingAttendance,
)

Case = EnforcementCase
Stage = EnforcementCase.Stage

# Clock kinds (core.Clock.kind) this app starts.
CLOCK_DECISION = "enforcement.decision"
CLOCK_PRESERVATION = "enforcement.preservation"
CLOCK_HEARING_REQUEST = "enforcement.hearing_request"
CLOCK_SERVICE = "enforcement.service"
CLOCK_PAYMENT = "enforcement.payment"
CLOCK_DISCLOSURE = "enforcement.disclosure"
CLOCK_WITHDRAWAL = "enforcement.withdrawal"
CLOCK_MEASURE = "enforcement.measure"

# Penalties ordered by severity, for 《行政处罚法》第四十五条 (no heavier penalty
# because of the defence).
SEVERITY = {
    Case.PenaltyKind.WARNING: 0,
    Case.PenaltyKind.FINE: 1,
    Case.PenaltyKind.CONFISCATION: 2,
    Case.PenaltyKind.LICENCE: 3,
    Case.PenaltyKind.CLOSURE: 4,
}
HEARING_KINDS = {Case.PenaltyKind.LICENCE, Case.PenaltyKind.CLOSURE}
ACTION_LABELS = {
    "file": "立案",
    "investigate": "调查取证",
    "preserve": "先行登记保存",
    "review": "审查",
    "notify": "事先告知",
    "statement": "记录陈述申辩",
    "request_hearing": "申请听证",
    "schedule_hearing": "安排听证",
    "hold_hearing": "举行听证",
    "submit_legal_review": "提交法制审核",
    "decide": "作出处罚决定",
    "serve": "送达",
    "defer_payment": "批准延期/分期缴纳",
    "pay": "缴纳罚款",
    "apply_measure": "实施行政强制措施",
    "close": "结案",
}


# ---------------------------------------------------------------------------
# Shared checks
# ---------------------------------------------------------------------------


def _today() -> dt.date:
    return timezone.localdate()


def _not_future(day: dt.date | None, field: str, what: str) -> dt.date:
    if day is None:
        raise RuleViolation(f"请填写{what}。", field=field)
    if day > _today():
        raise RuleViolation(f"{what}不能晚于今天（{_today().isoformat()}）。", field=field)
    return day


def _not_before(
    day: dt.date, earlier: dt.date | None, field: str, what: str, earlier_what: str
) -> None:
    if earlier is not None and day < earlier:
        raise RuleViolation(
            f"{what}（{day.isoformat()}）不能早于{earlier_what}（{earlier.isoformat()}）。",
            field=field,
        )


def _require_text(value: str, field: str, what: str, rule: str = "") -> str:
    text = (value or "").strip()
    if not text:
        raise RuleViolation(f"请填写{what}。", field=field, rule=rule)
    return text


def _check_scope(obj: models.Model, by: Any) -> None:
    core_workflow.check_can_write(by)
    model = type(obj)
    if not model.objects.visible_to(by).filter(pk=obj.pk).exists():  # type: ignore[attr-defined]
        raise RuleViolation("该记录不存在或不在您的管辖范围内。")


def _check_role(by: Any, roles: AbstractSet[str], what: str, rule: str) -> None:
    if not (getattr(by, "is_superuser", False) or getattr(by, "role", None) in roles):
        raise RuleViolation(f"{what}。", field="__all__", rule=rule)


def _lock_case(case: EnforcementCase, by: Any, action: str) -> EnforcementCase:
    _check_scope(case, by)
    locked = (
        EnforcementCase.objects.select_for_update().select_related("unit", "field").get(pk=case.pk)
    )
    allowed = EnforcementCase.TRANSITIONS[action]
    if locked.stage not in allowed:
        raise RuleViolation(
            f"案件当前处于“{locked.get_stage_display()}”阶段，不能{ACTION_LABELS[action]}。",
            field="stage",
        )
    return locked


def _event(
    case: EnforcementCase,
    action: str,
    on: dt.date,
    by: Any,
    *,
    old: str,
    note: str = "",
    label: str = "",
) -> None:
    label = label or ACTION_LABELS.get(action, action)
    CaseEvent.write(old, case.stage, by=by, note=note, case=case, action=action, label=label, on=on)
    changes: dict[str, Any] = {"stage": [old, case.stage]} if old != case.stage else {}
    audit.record(
        case,
        by=by,
        action="transition" if changes else "update",
        changes=changes,
        note=f"{label or ACTION_LABELS.get(action, action)} {chinese_date(on)} {note}".strip(),
    )


def _save(case: EnforcementCase, by: Any, fields: Iterable[str]) -> None:
    case.version += 1
    case.updated_by = by if getattr(by, "is_authenticated", False) else None
    case.save(update_fields=[*set(fields), "version", "updated_by", "updated_at"])


def _case_users(case: EnforcementCase, by: Any) -> list[Any]:
    users = list(User.objects.filter(person__enforcement_officer__cases=case).distinct())
    if getattr(by, "is_authenticated", False) and by not in users:
        users.append(by)
    return users


def _start_clock(
    target: models.Model,
    case: EnforcementCase,
    *,
    kind: str,
    label: str,
    start_date: dt.date,
    length: int,
    unit: str,
    rule: str,
    by: Any,
) -> Clock:
    return clocks.start(
        target,
        kind=kind,
        label=f"{case.number or case.title}：{label}",
        start_date=start_date,
        length=length,
        unit=unit,
        unit_org=case.unit,
        by=by,
        legal_basis=rule,
        recipients=_case_users(case, by),
        url=case.get_absolute_url(),
    )


def _stop_clock(target: models.Model, kind: str, on: dt.date, by: Any) -> Clock | None:
    clock = clocks.clock(target, kind)
    if clock is not None and clock.status != Clock.Status.STOPPED:
        return clocks.stop(clock, on=max(on, clock.start_date), by=by)
    return clock


def _running_due(target: models.Model, kind: str) -> dt.date | None:
    clock = clocks.clock(target, kind)
    return clock.due_date if clock is not None else None


def officer_problem(officer: Officer, case: EnforcementCase, on: dt.date) -> str | None:
    """Why `officer` may not act on `case` on `on`, or None: a certificate valid
    that day (not expired, suspended or revoked) covering the case's field, and
    the case inside the officer's area (LAW.md §3.6; 《行政处罚法》第四十二条、
    第五十五条、第七十六条第五项)."""
    name = officer.person.name
    if not officer.is_active:
        return f"执法人员{name}不在岗"
    if not case.unit.path.startswith(officer.area.path):
        return f"执法人员{name}的执法区域（{officer.area.name}）不包括{case.unit.name}"
    certs = list(officer.certificates.all())
    valid = Certificate.objects.valid_on(on).filter(officer=officer)
    if not valid.exists():
        if not certs:
            return f"执法人员{name}没有行政执法证"
        latest = max(certs, key=lambda c: c.expires_on)
        if latest.issued_on > on:
            return f"执法人员{name}的执法证于{latest.issued_on.isoformat()}才发证"
        if latest.revoked_on and latest.revoked_on <= on:
            return f"执法人员{name}的执法证已于{latest.revoked_on.isoformat()}注销"
        if latest.expires_on < on:
            return f"执法人员{name}的执法证已于{latest.expires_on.isoformat()}到期"
        return f"执法人员{name}的执法证在{on.isoformat()}处于暂扣状态"
    if not valid.filter(fields=case.field).exists():
        return f"执法人员{name}的执法证不包括“{case.field.name}”执法类别"
    return None


def check_officers(
    case: EnforcementCase, officers: Sequence[Officer], on: dt.date, *, field: str = "officers"
) -> list[Officer]:
    """At least two officers, each certified for the case on `on`."""
    unique = list({o.pk: o for o in officers}.values())
    if len(unique) < rules.MIN_OFFICERS:
        raise RuleViolation(
            f"执法人员不得少于{rules.MIN_OFFICERS}人（本次{len(unique)}人）。",
            field=field,
            rule=rules.ART_42,
        )
    for officer in unique:
        problem = officer_problem(officer, case, on)
        if problem:
            raise RuleViolation(
                f"{problem}，不能从事本次执法活动。", field=field, rule=rules.ART_55
            )
    return unique


def _officers(ids_or_objs: Iterable[Any]) -> list[Officer]:
    items = list(ids_or_objs)
    pks = [o.pk if isinstance(o, Officer) else int(o) for o in items]
    return list(
        Officer.objects.filter(pk__in=pks)
        .select_related("person", "area", "unit")
        .prefetch_related("certificates")
    )


def _check_amount(value: Decimal | None, field: str, what: str) -> Decimal | None:
    if value is None:
        return None
    if value < 0:
        raise RuleViolation(f"{what}不能为负数。", field=field)
    return value


# ---------------------------------------------------------------------------
# Officers, certificates
# ---------------------------------------------------------------------------


@transaction.atomic
def register_officer(officer: Officer, *, fields: Iterable[EnforcementField], by: Any) -> Officer:
    """Register a cadre as an enforcement officer (no certificate yet)."""
    if Officer.objects.filter(person_id=officer.person_id).exists():
        raise RuleViolation("该人员已登记为执法人员。", field="person")
    if officer.area_id is None:
        officer.area = officer.unit
    officer = core_workflow.create_record(officer, by=by)
    officer.fields.set(list(fields))
    return officer


def _passed_exam(person_id: int, start: dt.date | None, end: dt.date) -> ExamRegistration | None:
    qs = ExamRegistration.objects.filter(
        person_id=person_id, result=ExamRegistration.Result.PASSED, exam__sitting_on__lte=end
    )
    if start is not None:
        qs = qs.filter(exam__sitting_on__gte=start)
    return qs.select_related("exam").order_by("-exam__sitting_on").first()


def _cert_event(
    cert: Certificate, kind: str, on: dt.date, by: Any, reason: str = "", **extra: Any
) -> None:
    CertificateEvent.objects.create(
        certificate=cert,
        kind=kind,
        on=on,
        reason=reason,
        by=by if getattr(by, "is_authenticated", False) else None,
        **extra,
    )


@transaction.atomic
def issue_certificate(
    officer: Officer,
    *,
    number: str,
    issuing_authority: str,
    issued_on: dt.date,
    fields: Iterable[EnforcementField],
    by: Any,
    document_no: str = "",
) -> Certificate:
    """Issue a first certificate. Requires a passed qualification exam sat on
    or before the issue date (持证上岗, LAW.md §4 [S]); an officer holds one
    current certificate at a time (a later one is a renewal). Valid for the
    configured number of years (default 5, LAW.md §13 #31 [S])."""
    _check_scope(officer, by)
    Officer.objects.select_for_update().get(pk=officer.pk)
    number = _require_text(number, "number", "证件编号")
    issuing_authority = _require_text(issuing_authority, "issuing_authority", "发证机关")
    field_list = list(fields)
    if not field_list:
        raise RuleViolation("请选择执法证的执法类别。", field="fields")
    if Certificate.objects.filter(number=number).exists():
        raise RuleViolation(f"证件编号{number}已存在。", field="number")
    current = officer.certificates.filter(
        status__in=[Certificate.Status.VALID, Certificate.Status.SUSPENDED],
        expires_on__gte=issued_on,
    ).first()
    if current is not None:
        raise RuleViolation(
            f"{officer}已持有有效期至{current.expires_on.isoformat()}的执法证{current.number}，请办理换证。",
            field="number",
        )
    exam = _passed_exam(officer.person_id, None, issued_on)
    if exam is None:
        raise RuleViolation(
            f"{officer}在{issued_on.isoformat()}前没有合格的行政执法资格考试成绩，不能发证。",
            field="issued_on",
            rule="《湖南省行政执法人员和行政执法辅助人员管理办法》（LAW.md §4）",
        )
    years = int(rulesettings.get(officer.unit, rules.CERT_VALIDITY_YEARS))
    cert = Certificate(
        unit=officer.unit,
        officer=officer,
        number=number,
        issuing_authority=issuing_authority,
        issued_on=issued_on,
        expires_on=dates.certificate_expiry(issued_on, years),
        exam_registration=exam,
    )
    cert = core_workflow.create_record(cert, by=by, note="发证")
    cert.fields.set(field_list)
    _cert_event(cert, CertificateEvent.Kind.ISSUE, issued_on, by, document_no=document_no)
    return cert


def renewal_window_start(cert: Certificate) -> dt.date:
    months = int(rulesettings.get(cert.unit, rules.RENEWAL_WINDOW_MONTHS))
    return dates.add_months(cert.expires_on, -months)


def _lock_cert(cert: Certificate, by: Any, action: str, what: str) -> Certificate:
    _check_scope(cert, by)
    locked = (
        Certificate.objects.select_for_update()
        .select_related("officer__person", "unit")
        .get(pk=cert.pk)
    )
    if locked.status not in Certificate.TRANSITIONS[action]:
        raise RuleViolation(
            f"证件当前状态为“{locked.get_status_display()}”，不能{what}。", field="status"
        )
    return locked


@transaction.atomic
def renew_certificate(
    cert: Certificate, *, on: dt.date, number: str, by: Any, issued_on: dt.date | None = None
) -> Certificate:
    """换发: within the renewal window (default the 6 months before expiry,
    LAW.md §4 [S]) and only with the qualification exam passed inside that
    window. The new certificate runs on from the old one's expiry."""
    locked = _lock_cert(cert, by, "renew", "换发")
    window = renewal_window_start(locked)
    if not (window <= on <= locked.expires_on):
        raise RuleViolation(
            f"换证应在证件有效期届满前的换证期内（{window.isoformat()}至{locked.expires_on.isoformat()}）办理。",
            field="on",
            rule=rulesettings.setting_source(rules.RENEWAL_WINDOW_MONTHS),
        )
    exam = _passed_exam(locked.officer.person_id, window, on)
    if exam is None:
        raise RuleViolation(
            f"{locked.officer}在换证期内（{window.isoformat()}起）没有合格的行政执法资格考试成绩，不能换证。",
            field="on",
            rule=rulesettings.setting_source(rules.RENEWAL_WINDOW_MONTHS),
        )
    number = _require_text(number, "number", "新证件编号")
    if Certificate.objects.filter(number=number).exists():
        raise RuleViolation(f"证件编号{number}已存在。", field="number")
    start = issued_on or (locked.expires_on + dt.timedelta(days=1))
    years = int(rulesettings.get(locked.unit, rules.CERT_VALIDITY_YEARS))
    new = Certificate(
        unit=locked.unit,
        officer=locked.officer,
        number=number,
        issuing_authority=locked.issuing_authority,
        issued_on=start,
        expires_on=dates.certificate_expiry(start, years),
        previous=locked,
        exam_registration=exam,
    )
    new = core_workflow.create_record(new, by=by, note=f"换发（原证{locked.number}）")
    new.fields.set(list(locked.fields.all()))
    _cert_event(new, CertificateEvent.Kind.RENEWAL, on, by, reason=f"由{locked.number}换发")
    _cert_event(locked, CertificateEvent.Kind.RENEWAL, on, by, reason=f"换发为{number}")
    audit.record(locked, by=by, action="update", note=f"换发为{number}")
    return new


@transaction.atomic
def suspend_certificate(cert: Certificate, *, on: dt.date, reason: str, by: Any) -> Certificate:
    """暂扣: the officer may not enforce until the certificate is restored."""
    locked = _lock_cert(cert, by, "suspend", "暂扣")
    reason = _require_text(reason, "reason", "暂扣理由")
    locked.status = Certificate.Status.SUSPENDED
    locked.save(update_fields=["status", "updated_at"])
    _cert_event(locked, CertificateEvent.Kind.SUSPENSION, on, by, reason=reason)
    audit.record(
        locked, by=by, action="transition", changes={"status": ["valid", "suspended"]}, note=reason
    )
    return locked


@transaction.atomic
def restore_certificate(
    cert: Certificate, *, on: dt.date, by: Any, reason: str = ""
) -> Certificate:
    locked = _lock_cert(cert, by, "restore", "发还")
    open_suspension = locked.events.filter(
        kind=CertificateEvent.Kind.SUSPENSION, until__isnull=True
    ).last()
    if open_suspension is not None:
        _not_before(on, open_suspension.on, "on", "发还日期", "暂扣日期")
        open_suspension.until = on
        open_suspension.save(update_fields=["until"])
    locked.status = Certificate.Status.VALID
    locked.save(update_fields=["status", "updated_at"])
    _cert_event(locked, CertificateEvent.Kind.RESTORATION, on, by, reason=reason)
    audit.record(
        locked, by=by, action="transition", changes={"status": ["suspended", "valid"]}, note=reason
    )
    return locked


@transaction.atomic
def revoke_certificate(cert: Certificate, *, on: dt.date, reason: str, by: Any) -> Certificate:
    """注销: from `on` the certificate is no longer valid."""
    locked = _lock_cert(cert, by, "revoke", "注销")
    reason = _require_text(reason, "reason", "注销理由")
    _not_before(on, locked.issued_on, "on", "注销日期", "发证日期")
    old = locked.status
    locked.status = Certificate.Status.REVOKED
    locked.revoked_on = on
    locked.save(update_fields=["status", "revoked_on", "updated_at"])
    locked.events.filter(kind=CertificateEvent.Kind.SUSPENSION, until__isnull=True).update(until=on)
    _cert_event(locked, CertificateEvent.Kind.REVOCATION, on, by, reason=reason)
    audit.record(
        locked, by=by, action="transition", changes={"status": [old, "revoked"]}, note=reason
    )
    return locked


@transaction.atomic
def annual_review(cert: Certificate, *, on: dt.date, note: str, by: Any) -> Certificate:
    """年审 (Hunan practice UNCONFIRMED, LAW.md §4): recorded as an event only."""
    locked = _lock_cert(cert, by, "annual_review", "年审")
    _cert_event(locked, CertificateEvent.Kind.ANNUAL_REVIEW, on, by, reason=note)
    audit.record(locked, by=by, action="update", note=f"年审 {on.isoformat()} {note}")
    return locked


# ---------------------------------------------------------------------------
# Training and exams
# ---------------------------------------------------------------------------


@transaction.atomic
def record_training(training: Training, *, attendees: Iterable[Officer], by: Any) -> Training:
    """A training session; each attendee is credited with its hours."""
    _not_future(training.held_on, "held_on", "培训日期")
    training = core_workflow.create_record(training, by=by)
    set_attendance(training, attendees=attendees, by=by)
    return training


@transaction.atomic
def set_attendance(training: Training, *, attendees: Iterable[Officer], by: Any) -> Training:
    _check_scope(training, by)
    people = list(attendees)
    visible = set(
        Officer.objects.visible_to(by)
        .filter(pk__in=[o.pk for o in people])
        .values_list("pk", flat=True)
    )
    outside = [o for o in people if o.pk not in visible]
    if outside:
        raise RuleViolation(f"参训人员{outside[0]}不存在或不在您的管辖范围内。", field="attendees")
    keep = {o.pk for o in people}
    training.attendance.exclude(officer_id__in=keep).delete()
    TrainingAttendance.objects.bulk_create(
        [TrainingAttendance(training=training, officer=o, hours=training.hours) for o in people],
        ignore_conflicts=True,
    )
    audit.record(training, by=by, action="update", changes={"参训人员": [None, len(keep)]})
    return training


@transaction.atomic
def create_exam(exam: Exam, *, by: Any) -> Exam:
    """A sitting; its pass mark defaults to the township's setting (LAW.md §4, UNCONFIRMED)."""
    if exam.pass_mark is None:
        exam.pass_mark = Decimal(str(rulesettings.get(exam.unit, rules.EXAM_PASS_MARK)))
    if exam.registration_deadline and exam.registration_deadline > exam.sitting_on:
        raise RuleViolation("报名截止日不能晚于考试日期。", field="registration_deadline")
    return core_workflow.create_record(exam, by=by)


@transaction.atomic
def register_for_exam(exam: Exam, *, person: Person, on: dt.date, by: Any) -> ExamRegistration:
    """报名 for a sitting, before its registration deadline."""
    _check_scope(exam, by)
    deadline = exam.registration_deadline or exam.sitting_on
    if on > deadline:
        raise RuleViolation(f"报名已于{deadline.isoformat()}截止。", field="registered_on")
    if ExamRegistration.objects.filter(exam=exam, person=person).exists():
        raise RuleViolation(f"{person}已报名本场考试。", field="person")
    reg = ExamRegistration(unit=exam.unit, exam=exam, person=person, registered_on=on)
    return core_workflow.create_record(reg, by=by)


@transaction.atomic
def record_exam_result(
    reg: ExamRegistration, *, score: Decimal | None, absent: bool = False, by: Any
) -> ExamRegistration:
    """The result: passed when the score reaches the sitting's pass mark."""
    _check_scope(reg, by)
    locked = ExamRegistration.objects.select_for_update().select_related("exam").get(pk=reg.pk)
    if locked.exam.sitting_on > _today():
        raise RuleViolation("考试尚未举行，不能登记成绩。", field="score")
    old = locked.result
    if absent:
        locked.score, locked.result = None, ExamRegistration.Result.ABSENT
    else:
        if score is None:
            raise RuleViolation("请填写成绩。", field="score")
        if score < 0 or score > 100:
            raise RuleViolation("成绩应在0至100分之间。", field="score")
        locked.score = score
        passed = score >= locked.exam.pass_mark
        locked.result = ExamRegistration.Result.PASSED if passed else ExamRegistration.Result.FAILED
    locked.version += 1
    locked.save(update_fields=["score", "result", "version", "updated_at"])
    audit.record(
        locked,
        by=by,
        action="transition",
        changes={"result": [old, locked.result], "score": [None, str(locked.score)]},
    )
    return locked


# ---------------------------------------------------------------------------
# Cases: clue, filing, investigation
# ---------------------------------------------------------------------------


def _check_limitation(case: EnforcementCase, field: str = "discovered_on") -> None:
    last = dates.limitation_end(case.act_date, case.extended_limitation)
    if case.discovered_on > last:
        years = (
            rules.LIMITATION_YEARS_EXTENDED if case.extended_limitation else rules.LIMITATION_YEARS
        )
        raise RuleViolation(
            f"违法行为发生于{case.act_date.isoformat()}，{years}年内（至{last.isoformat()}）未被发现，"
            f"不再给予行政处罚（发现日期{case.discovered_on.isoformat()}）。",
            field=field,
            rule=rules.ART_36,
        )


def _check_case_dates(case: EnforcementCase) -> None:
    _not_future(case.act_date, "act_date", "违法行为发生日期")
    _not_future(case.discovered_on, "discovered_on", "发现日期")
    _not_before(case.discovered_on, case.act_date, "discovered_on", "发现日期", "违法行为发生日期")


@transaction.atomic
def register_clue(case: EnforcementCase, *, by: Any) -> EnforcementCase:
    """Record a clue (线索) found by inspection, report or referral."""
    case.stage = Stage.CLUE
    if not case.case_type:
        case.case_type = Case.CaseType.PENALTY
    _check_case_dates(case)
    case = core_workflow.create_record(case, by=by, note="登记线索")
    CaseEvent.write(
        "", case.stage, by=by, case=case, action="clue", label="登记线索", on=case.discovered_on
    )
    return case


def _number(case: EnforcementCase, kind: str, word: str, on: dt.date) -> str:
    return numbering.next_number(case.unit, kind, on.year, word)


@transaction.atomic
def file_case(case: EnforcementCase, *, on: dt.date, by: Any) -> EnforcementCase:
    """立案 (《行政处罚法》第五十四条). Refused when the act was discovered after
    the limitation period (第三十六条: 2 years, 5 for the named categories);
    starts the 90-day decision clock (第六十条)."""
    locked = _lock_case(case, by, "file")
    _not_future(on, "filed_on", "立案日期")
    _not_before(on, locked.discovered_on, "filed_on", "立案日期", "发现日期")
    _check_limitation(locked)
    old = locked.stage
    locked.filed_on = on
    locked.number = _number(locked, "enforcement_case", "综执立", on)
    locked.stage = Stage.FILED
    _save(locked, by, ["filed_on", "number", "stage"])
    if locked.case_type == Case.CaseType.PENALTY:
        _start_clock(
            locked,
            locked,
            kind=CLOCK_DECISION,
            label="作出行政处罚决定（立案之日起90日）",
            start_date=on,
            length=rules.DECISION_DAYS,
            unit="calendar",
            rule=rules.ART_60,
            by=by,
        )
    _event(locked, "file", on, by, old=old, note=locked.number)
    return locked


@transaction.atomic
def open_inspection(case: EnforcementCase, *, on: dt.date, by: Any) -> EnforcementCase:
    """Register an administrative inspection (行政检查) as a case of its own."""
    case.case_type = Case.CaseType.INSPECTION
    case.stage = Stage.FILED
    case.act_date = case.act_date or on
    case.discovered_on = case.discovered_on or on
    _not_future(on, "filed_on", "检查日期")
    case.filed_on = on
    case.number = _number(case, "enforcement_inspection", "综执检", on)
    case = core_workflow.create_record(case, by=by, note="登记行政检查")
    CaseEvent.write("", case.stage, by=by, case=case, action="file", label="登记行政检查", on=on)
    return case


@transaction.atomic
def record_investigation(
    case: EnforcementCase,
    *,
    kind: str,
    on: dt.date,
    place: str,
    summary: str,
    officers: Iterable[Any],
    by: Any,
) -> InvestigationStep:
    """调查取证 / 检查: at least two officers, each with a certificate valid on
    that date and covering the case's field (《行政处罚法》第四十二条、第五十五条)."""
    locked = _lock_case(case, by, "investigate")
    _not_future(on, "on", "调查日期")
    _not_before(on, locked.filed_on, "on", "调查日期", "立案日期")
    people = check_officers(locked, _officers(officers), on)
    step = InvestigationStep.objects.create(
        case=locked,
        kind=kind,
        on=on,
        place=_require_text(place, "place", "地点"),
        summary=_require_text(summary, "summary", "笔录摘要"),
        by=by if getattr(by, "is_authenticated", False) else None,
    )
    step.officers.set(people)
    locked.officers.add(*people)
    old = locked.stage
    locked.stage = Stage.INVESTIGATING
    _save(locked, by, ["stage"])
    names = "、".join(o.person.name for o in people)
    _event(
        locked, "investigate", on, by, old=old, note=f"{step.get_kind_display()}，执法人员：{names}"
    )
    return step


@transaction.atomic
def add_evidence(
    case: EnforcementCase,
    *,
    kind: str,
    description: str,
    collected_on: dt.date,
    place: str,
    collected_by: Iterable[Any],
    by: Any,
    files: Iterable[UploadedFile] = (),
) -> Evidence:
    """An evidence item: kind, description, who collected it, when and where;
    its files are stored with their SHA-256 (《行政处罚法》第四十六条、第四十七条)."""
    _check_scope(case, by)
    locked = EnforcementCase.objects.select_for_update().get(pk=case.pk)
    if locked.stage in (Stage.CLUE, Stage.CLOSED) or locked.stage not in (
        Stage.FILED,
        Stage.INVESTIGATING,
        Stage.REVIEWED,
        Stage.NOTIFIED,
        Stage.HEARING,
    ):
        raise RuleViolation(
            f"案件当前处于“{locked.get_stage_display()}”阶段，不能补充证据。", field="stage"
        )
    _not_future(collected_on, "collected_on", "收集日期")
    _not_before(collected_on, locked.discovered_on, "collected_on", "收集日期", "发现日期")
    people = _officers(collected_by)
    if not people:
        raise RuleViolation("请选择收集证据的执法人员。", field="collected_by")
    evidence = Evidence.objects.create(
        case=locked,
        kind=kind,
        description=_require_text(description, "description", "证据说明"),
        collected_on=collected_on,
        place=_require_text(place, "place", "收集地点"),
        by=by if getattr(by, "is_authenticated", False) else None,
    )
    evidence.collected_by.set(people)
    for upload in files:
        attach(evidence, upload, unit=locked.unit, by=by, description=description[:200])
    _event(
        locked, "evidence", collected_on, by, old=locked.stage, label="收集证据", note=str(evidence)
    )
    return evidence


@transaction.atomic
def preserve_evidence(
    case: EnforcementCase, *, started_on: dt.date, items: str, approved_by: str, by: Any
) -> Preservation:
    """先行登记保存: needs the head's approval; decided within 7 working days
    (《行政处罚法》第五十六条、第八十五条), so a clock starts."""
    locked = _lock_case(case, by, "preserve")
    _not_future(started_on, "started_on", "登记保存日期")
    p = Preservation.objects.create(
        case=locked,
        started_on=started_on,
        items=_require_text(items, "items", "登记保存物品"),
        approved_by=_require_text(approved_by, "approved_by", "批准负责人", rules.ART_56),
    )
    _start_clock(
        p,
        locked,
        kind=CLOCK_PRESERVATION,
        label="先行登记保存处理决定（7个工作日）",
        start_date=started_on,
        length=rules.PRESERVATION_WORKING_DAYS,
        unit="working",
        rule=rules.ART_56,
        by=by,
    )
    _event(locked, "preserve", started_on, by, old=locked.stage, note=p.items[:100])
    return p


@transaction.atomic
def decide_preservation(p: Preservation, *, on: dt.date, decision: str, by: Any) -> Preservation:
    _check_scope(p.case, by)
    locked = Preservation.objects.select_for_update().select_related("case").get(pk=p.pk)
    if locked.decided_on:
        raise RuleViolation("该先行登记保存已作出处理决定。", field="decided_on")
    _not_before(on, locked.started_on, "decided_on", "处理决定日期", "登记保存日期")
    locked.decided_on, locked.decision = on, _require_text(decision, "decision", "处理决定")
    locked.save(update_fields=["decided_on", "decision"])
    clock = _stop_clock(locked, CLOCK_PRESERVATION, on, by)
    late = "（超过7个工作日）" if clock and clock.due_date and on > clock.due_date else ""
    _event(
        locked.case,
        "preserve_decision",
        on,
        by,
        old=locked.case.stage,
        label="先行登记保存处理决定",
        note=f"{locked.decision}{late}",
    )
    return locked


# ---------------------------------------------------------------------------
# Review, notice, statement, hearing, legal review
# ---------------------------------------------------------------------------

HEAD_ROLES = {Role.TOWNSHIP_LEADER}


@transaction.atomic
def review(
    case: EnforcementCase,
    *,
    outcome: str,
    on: dt.date,
    by: Any,
    deliberated_on: dt.date | None = None,
    deliberation_minutes: str = "",
) -> EnforcementCase:
    """审查 by the organ's head after the investigation (《行政处罚法》第五十七条):
    penalise, no penalty, or transfer to judicial organs. Complex circumstances
    or serious violations need collective deliberation minutes (第五十七条第二款)."""
    locked = _lock_case(case, by, "review")
    _check_role(by, HEAD_ROLES, "调查终结后的审查决定应由行政机关负责人作出", rules.ART_57)
    _not_future(on, "reviewed_on", "审查日期")
    if outcome not in Case.ReviewOutcome.values:
        raise RuleViolation("请选择审查结论。", field="outcome")
    if locked.needs_collective_deliberation:
        if not (deliberation_minutes or "").strip() or deliberated_on is None:
            raise RuleViolation(
                "情节复杂或者重大违法行为给予行政处罚，行政机关负责人应当集体讨论决定，请填写集体讨论日期和纪要。",
                field="deliberation_minutes",
                rule=rules.ART_57,
            )
        locked.deliberated_on, locked.deliberation_minutes = (
            deliberated_on,
            deliberation_minutes.strip(),
        )
    old = locked.stage
    locked.review_outcome, locked.reviewed_on = outcome, on
    if outcome == Case.ReviewOutcome.PENALISE:
        locked.stage = Stage.REVIEWED
    else:
        locked.stage = Stage.CLOSED
        locked.closed_on = on
        locked.close_note = str(Case.ReviewOutcome(outcome).label)
        _stop_clock(locked, CLOCK_DECISION, on, by)
    _save(
        locked,
        by,
        [
            "review_outcome",
            "reviewed_on",
            "stage",
            "closed_on",
            "close_note",
            "deliberated_on",
            "deliberation_minutes",
        ],
    )
    _event(locked, "review", on, by, old=old, note=str(Case.ReviewOutcome(outcome).label))
    return locked


def hearing_threshold(case: EnforcementCase) -> Decimal:
    key = (
        rules.HEARING_THRESHOLD_ORGANISATION
        if case.party_type == Case.PartyType.ORGANISATION
        else rules.HEARING_THRESHOLD_CITIZEN
    )
    return Decimal(str(rulesettings.get(case.unit, key)))


def hearing_applies(
    case: EnforcementCase, kind: str, fine: Decimal | None, confiscated: Decimal | None
) -> bool:
    """《行政处罚法》第六十三条: large fines or confiscations (threshold per party
    type, a setting), licence measures, closure or restriction orders."""
    if kind in HEARING_KINDS:
        return True
    threshold = hearing_threshold(case)
    return (fine or Decimal(0)) >= threshold or (confiscated or Decimal(0)) >= threshold


@transaction.atomic
def notify(
    case: EnforcementCase,
    *,
    on: dt.date,
    penalty_kind: str,
    fine_amount: Decimal | None,
    facts: str,
    legal_basis: str,
    by: Any,
    confiscated_amount: Decimal | None = None,
) -> EnforcementCase:
    """事先告知 of the intended penalty, its facts, reasons and basis, and the
    rights to state, defend and — at the hearing threshold — request a hearing
    (《行政处罚法》第四十四条、第六十三条); opens the 5-working-day request window."""
    locked = _lock_case(case, by, "notify")
    _not_future(on, "notified_on", "告知日期")
    _not_before(on, locked.reviewed_on, "notified_on", "告知日期", "审查日期")
    if penalty_kind not in Case.PenaltyKind.values:
        raise RuleViolation("请选择拟处罚种类。", field="penalty_kind")
    fine = _check_amount(fine_amount, "fine_amount", "罚款金额")
    conf = _check_amount(confiscated_amount, "confiscated_amount", "没收金额") or Decimal(0)
    if penalty_kind == Case.PenaltyKind.FINE and not fine:
        raise RuleViolation("拟处罚种类为罚款时，请填写大于零的罚款金额。", field="fine_amount")
    locked.facts = _require_text(facts, "facts", "违法事实", rules.ART_44)
    locked.legal_basis = _require_text(legal_basis, "legal_basis", "处罚依据", rules.ART_44)
    old = locked.stage
    locked.notified_on = on
    locked.notice_penalty_kind, locked.notice_fine_amount = penalty_kind, fine
    locked.notice_confiscated_amount = conf
    locked.hearing_rights = hearing_applies(locked, penalty_kind, fine, conf)
    locked.stage = Stage.NOTIFIED
    _save(
        locked,
        by,
        [
            "facts",
            "legal_basis",
            "notified_on",
            "notice_penalty_kind",
            "notice_fine_amount",
            "notice_confiscated_amount",
            "hearing_rights",
            "stage",
        ],
    )
    if locked.hearing_rights:
        _start_clock(
            locked,
            locked,
            kind=CLOCK_HEARING_REQUEST,
            label="当事人申请听证（告知后5个工作日）",
            start_date=on,
            length=rules.HEARING_REQUEST_WORKING_DAYS,
            unit="working",
            rule=rules.ART_64,
            by=by,
        )
    amount = f"，罚款{fine}元" if fine else ""
    rights = "，并告知听证权利" if locked.hearing_rights else ""
    _event(
        locked,
        "notify",
        on,
        by,
        old=old,
        note=f"拟{Case.PenaltyKind(penalty_kind).label}{amount}{rights}",
    )
    return locked


@transaction.atomic
def record_statement(
    case: EnforcementCase, *, kind: str, on: dt.date, text: str, by: Any
) -> EnforcementCase:
    """陈述申辩 (《行政处罚法》第四十五条), an express waiver (第六十二条), or no
    response — which can only be recorded once the hearing-request window has
    closed when the party had hearing rights."""
    locked = _lock_case(case, by, "statement")
    _not_future(on, "statement_on", "日期")
    _not_before(on, locked.notified_on, "statement_on", "陈述申辩日期", "告知日期")
    if kind not in Case.StatementKind.values:
        raise RuleViolation("请选择陈述申辩情况。", field="kind")
    if kind == Case.StatementKind.STATEMENT:
        text = _require_text(text, "text", "陈述申辩内容及采纳情况", rules.ART_45)
    if kind == Case.StatementKind.NO_RESPONSE and locked.hearing_rights:
        due = _running_due(locked, CLOCK_HEARING_REQUEST)
        if due is not None and on <= due:
            raise RuleViolation(
                f"听证申请期限至{due.isoformat()}届满，届满后才能记录“期限内未提出”。",
                field="kind",
                rule=rules.ART_64,
            )
    locked.statement_kind, locked.statement_on, locked.statement_text = kind, on, text
    _save(locked, by, ["statement_kind", "statement_on", "statement_text"])
    if kind in (Case.StatementKind.WAIVER, Case.StatementKind.NO_RESPONSE):
        _stop_clock(locked, CLOCK_HEARING_REQUEST, on, by)
    _event(locked, "statement", on, by, old=locked.stage, note=str(Case.StatementKind(kind).label))
    return locked


@transaction.atomic
def request_hearing(case: EnforcementCase, *, on: dt.date, by: Any) -> Hearing:
    """The party asks for a hearing within 5 working days of the notice
    (《行政处罚法》第六十四条第一项、第八十五条)."""
    locked = _lock_case(case, by, "request_hearing")
    if not locked.hearing_rights:
        raise RuleViolation(
            "拟作出的处罚未达到听证标准，不适用听证程序。", field="requested_on", rule=rules.ART_63
        )
    _not_before(on, locked.notified_on, "requested_on", "申请日期", "告知日期")
    due = _running_due(locked, CLOCK_HEARING_REQUEST)
    if due is not None and on > due:
        raise RuleViolation(
            f"当事人应在告知后5个工作日内（至{due.isoformat()}）申请听证，{on.isoformat()}的申请已逾期。",
            field="requested_on",
            rule=rules.ART_64,
        )
    hearing = Hearing.objects.create(case=locked, requested_on=on)
    _stop_clock(locked, CLOCK_HEARING_REQUEST, on, by)
    old = locked.stage
    locked.stage = Stage.HEARING
    _save(locked, by, ["stage"])
    _event(locked, "request_hearing", on, by, old=old)
    return hearing


def investigator_person_ids(case: EnforcementCase) -> set[int]:
    ids = set(
        InvestigationStep.officers.through.objects.filter(investigationstep__case=case).values_list(
            "officer__person_id", flat=True
        )
    )
    ids |= set(case.officers.values_list("person_id", flat=True))
    return ids


@transaction.atomic
def schedule_hearing(
    case: EnforcementCase,
    *,
    notice_on: dt.date,
    scheduled_on: dt.date,
    place: str,
    chair: Person,
    officers: Iterable[Any],
    by: Any,
    public: bool = True,
) -> Hearing:
    """Notify the party of time and place at least 7 working days ahead; the
    chair is not one of the case's investigators (《行政处罚法》第六十四条)."""
    locked = _lock_case(case, by, "schedule_hearing")
    hearing = Hearing.objects.select_for_update().get(case=locked)
    _not_before(notice_on, hearing.requested_on, "notice_on", "通知日期", "申请日期")
    earliest = add_working_days(notice_on, rules.HEARING_NOTICE_WORKING_DAYS, load_calendar())
    if scheduled_on < earliest:
        raise RuleViolation(
            f"应在举行听证的七个工作日前通知当事人：{notice_on.isoformat()}通知，听证最早可安排在{earliest.isoformat()}。",
            field="scheduled_on",
            rule=rules.ART_64,
        )
    if chair is None:
        raise RuleViolation("请选择听证主持人。", field="chair")
    if chair.pk in investigator_person_ids(locked):
        raise RuleViolation(
            f"{chair}是本案调查人员，听证应由非本案调查人员主持。", field="chair", rule=rules.ART_64
        )
    people = check_officers(locked, _officers(officers), notice_on)
    hearing.notice_on, hearing.scheduled_on = notice_on, scheduled_on
    hearing.place, hearing.chair, hearing.public = (
        _require_text(place, "place", "听证地点"),
        chair,
        public,
    )
    hearing.save()
    hearing.notice_officers.set(people)
    _event(
        locked,
        "schedule_hearing",
        notice_on,
        by,
        old=locked.stage,
        note=f"{scheduled_on.isoformat()} {hearing.place}，主持人{chair}",
    )
    return hearing


@transaction.atomic
def hold_hearing(
    case: EnforcementCase, *, held_on: dt.date, outcome: str, transcript: str, by: Any
) -> Hearing:
    """The hearing held (transcript signed), or the party's no-show or
    withdrawal, which waives it (《行政处罚法》第六十四条)."""
    locked = _lock_case(case, by, "hold_hearing")
    hearing = Hearing.objects.select_for_update().get(case=locked)
    if hearing.scheduled_on is None:
        raise RuleViolation("请先安排听证并通知当事人。", field="held_on")
    if outcome not in (Hearing.Outcome.HELD, Hearing.Outcome.NO_SHOW, Hearing.Outcome.WITHDRAWN):
        raise RuleViolation("请选择听证结果。", field="outcome")
    _not_future(held_on, "held_on", "举行日期")
    if outcome == Hearing.Outcome.HELD:
        _not_before(held_on, hearing.scheduled_on, "held_on", "举行日期", "通知的听证日期")
        transcript = _require_text(transcript, "transcript", "听证笔录摘要", rules.ART_64)
    hearing.held_on, hearing.outcome, hearing.transcript = held_on, outcome, transcript
    hearing.save(update_fields=["held_on", "outcome", "transcript"])
    _event(
        locked, "hold_hearing", held_on, by, old=locked.stage, note=hearing.get_outcome_display()
    )
    return hearing


def needs_legal_review(case: EnforcementCase) -> bool:
    """《行政处罚法》第五十八条: major public interest; heard cases directly
    affecting major rights; complex cases with several legal relations; others
    required by law."""
    heard = Hearing.objects.filter(case=case, outcome=Hearing.Outcome.HELD).exists()
    return bool(
        case.major_public_interest
        or case.multiple_legal_relations
        or case.review_required_by_law
        or heard
    )


@transaction.atomic
def submit_legal_review(case: EnforcementCase, *, on: dt.date, by: Any) -> LegalReview:
    """Put the case in the legal reviewers' queue."""
    locked = _lock_case(case, by, "submit_legal_review")
    if locked.legal_reviews.filter(result=LegalReview.Result.PENDING).exists():
        raise RuleViolation("本案已在法制审核中。", field="__all__")
    _not_before(on, locked.notified_on, "submitted_on", "送审日期", "告知日期")
    review_ = LegalReview.objects.create(
        case=locked,
        submitted_on=on,
        submitted_by=by if getattr(by, "is_authenticated", False) else None,
    )
    _event(locked, "submit_legal_review", on, by, old=locked.stage)
    return review_


@transaction.atomic
def record_legal_review(
    review_: LegalReview, *, result: str, opinion: str, on: dt.date, by: Any
) -> LegalReview:
    """法制审核意见 by a legal reviewer who did not investigate the case."""
    _check_scope(review_.case, by)
    locked = LegalReview.objects.select_for_update().select_related("case").get(pk=review_.pk)
    if locked.result != LegalReview.Result.PENDING:
        raise RuleViolation("该法制审核已有结论。", field="result")
    _check_role(by, {Role.LEGAL_REVIEWER}, "法制审核应由法制审核人员作出", rules.ART_58)
    if getattr(by, "person_id", None) and by.person_id in investigator_person_ids(locked.case):
        raise RuleViolation(
            "本案调查人员不能担任本案的法制审核人员。", field="__all__", rule=rules.ART_58
        )
    if result not in (LegalReview.Result.PASSED, LegalReview.Result.RETURNED):
        raise RuleViolation("请选择审核结果。", field="result")
    _not_before(on, locked.submitted_on, "reviewed_on", "审核日期", "送审日期")
    locked.result, locked.opinion, locked.reviewed_on = (
        result,
        _require_text(opinion, "opinion", "审核意见"),
        on,
    )
    locked.reviewer = by if getattr(by, "is_authenticated", False) else None
    locked.save(update_fields=["result", "opinion", "reviewed_on", "reviewer"])
    _event(
        locked.case,
        "legal_review",
        on,
        by,
        old=locked.case.stage,
        label="法制审核",
        note=locked.get_result_display(),
    )
    return locked


# ---------------------------------------------------------------------------
# Decision, service, execution, closing
# ---------------------------------------------------------------------------


@transaction.atomic
def decide(
    case: EnforcementCase,
    *,
    on: dt.date,
    penalty_kind: str,
    fine_amount: Decimal | None,
    performance: str,
    by: Any,
    confiscated_amount: Decimal | None = None,
) -> EnforcementCase:
    """处罚决定. Refused without prior notice (《行政处罚法》第六十二条), before the
    statement or hearing is settled, with a heavier penalty than notified
    (第四十五条), without the legal review Art 58 requires, without collective
    deliberation where Art 57 requires it, after the 90-day clock (第六十条), or
    missing an element of Art 59. Starts the service and disclosure clocks."""
    locked = _lock_case_for_decision(case, by)
    _check_role(by, HEAD_ROLES, "行政处罚决定应由行政机关负责人作出", rules.ART_57)
    _not_future(on, "decided_on", "决定日期")
    fine = _check_amount(fine_amount, "fine_amount", "罚款金额")
    conf = _check_amount(confiscated_amount, "confiscated_amount", "没收金额") or Decimal(0)
    if not locked.notified_on:
        raise RuleViolation(
            "作出行政处罚决定前未向当事人告知拟作出的处罚内容及事实、理由、依据和陈述申辩、听证权利，不得作出决定。",
            field="decided_on",
            rule=f"{rules.ART_44}、{rules.ART_62}",
        )
    _not_before(on, locked.notified_on, "decided_on", "决定日期", "告知日期")
    if penalty_kind not in Case.PenaltyKind.values:
        raise RuleViolation("请选择处罚种类。", field="penalty_kind")
    if penalty_kind == Case.PenaltyKind.FINE and not fine:
        raise RuleViolation("处罚种类为罚款时，请填写大于零的罚款金额。", field="fine_amount")
    _check_not_heavier(locked, penalty_kind, fine, conf)
    _check_party_heard(locked, on)
    if locked.needs_collective_deliberation and not locked.deliberation_minutes:
        raise RuleViolation(
            "本案须经负责人集体讨论决定，尚无集体讨论纪要。", field="decided_on", rule=rules.ART_57
        )
    if (
        needs_legal_review(locked)
        and not locked.legal_reviews.filter(result=LegalReview.Result.PASSED).exists()
    ):
        raise RuleViolation(
            "本案属于应当进行法制审核的情形，未经法制审核或者审核未通过的，不得作出决定。",
            field="decided_on",
            rule=rules.ART_58,
        )
    due = _running_due(locked, CLOCK_DECISION)
    if due is not None and on > due:
        raise RuleViolation(
            f"应自立案之日（{locked.filed_on}）起九十日内（至{due.isoformat()}）作出行政处罚决定，已超期。",
            field="decided_on",
            rule=rules.ART_60,
        )
    locked.performance = _require_text(performance, "performance", "履行方式和期限", rules.ART_59)
    for name, what in (
        ("party_name", "当事人姓名或者名称"),
        ("address", "当事人地址"),
        ("facts", "违法事实和证据"),
        ("legal_basis", "处罚依据"),
    ):
        if not (getattr(locked, name) or "").strip():
            raise RuleViolation(f"决定书缺少法定内容：{what}。", field=name, rule=rules.ART_59)
    old = locked.stage
    locked.penalty_kind, locked.fine_amount, locked.confiscated_amount = penalty_kind, fine, conf
    locked.decided_on = on
    locked.decision_number = _number(locked, "enforcement_decision", "综执罚决", on)
    locked.stage = Stage.DECIDED
    _save(
        locked,
        by,
        [
            "penalty_kind",
            "fine_amount",
            "confiscated_amount",
            "decided_on",
            "decision_number",
            "stage",
            "performance",
        ],
    )
    _stop_clock(locked, CLOCK_DECISION, on, by)
    _start_clock(
        locked,
        locked,
        kind=CLOCK_SERVICE,
        label="送达处罚决定书（7个工作日）",
        start_date=on,
        length=rules.SERVICE_WORKING_DAYS,
        unit="working",
        rule=rules.ART_61,
        by=by,
    )
    if locked.publish_decision:
        _open_disclosure(locked, on, by)
    _attach_decision(locked, by)
    _event(locked, "decide", on, by, old=old, note=locked.decision_number)
    return locked


def _lock_case_for_decision(case: EnforcementCase, by: Any) -> EnforcementCase:
    """Like _lock_case, but a case still at review reaches the prior-notice
    check, so the refusal names 第六十二条 instead of the stage."""
    _check_scope(case, by)
    locked = (
        EnforcementCase.objects.select_for_update().select_related("unit", "field").get(pk=case.pk)
    )
    if locked.stage not in EnforcementCase.TRANSITIONS["decide"] | {Stage.REVIEWED}:
        raise RuleViolation(
            f"案件当前处于“{locked.get_stage_display()}”阶段，不能{ACTION_LABELS['decide']}。",
            field="stage",
        )
    return locked


def _check_not_heavier(
    case: EnforcementCase, kind: str, fine: Decimal | None, conf: Decimal
) -> None:
    notified_kind = case.notice_penalty_kind
    if (
        notified_kind
        and SEVERITY[Case.PenaltyKind(kind)] > SEVERITY[Case.PenaltyKind(notified_kind)]
    ):
        raise RuleViolation(
            f"决定的处罚种类（{Case.PenaltyKind(kind).label}）重于告知的（{Case.PenaltyKind(notified_kind).label}），"
            "不得因当事人陈述申辩而加重处罚。",
            field="penalty_kind",
            rule=rules.ART_45,
        )
    if fine is not None and fine > (case.notice_fine_amount or Decimal(0)):
        raise RuleViolation(
            f"罚款金额（{fine}元）高于告知的金额（{case.notice_fine_amount or 0}元），"
            "不得因当事人陈述申辩而加重处罚。",
            field="fine_amount",
            rule=rules.ART_45,
        )
    if conf > (case.notice_confiscated_amount or Decimal(0)):
        raise RuleViolation(
            "没收金额高于告知的金额。", field="confiscated_amount", rule=rules.ART_45
        )


def _check_party_heard(case: EnforcementCase, on: dt.date) -> None:
    if case.stage == Stage.HEARING:
        hearing = Hearing.objects.filter(case=case).first()
        if hearing is None or hearing.outcome == Hearing.Outcome.PENDING:
            raise RuleViolation(
                "当事人已申请听证，听证结束前不得作出决定。", field="decided_on", rule=rules.ART_64
            )
        return
    if not case.statement_kind:
        raise RuleViolation(
            "尚未记录当事人的陈述申辩（或放弃、期限内未提出），不得作出决定。",
            field="decided_on",
            rule=rules.ART_62,
        )
    if case.hearing_rights and case.statement_kind != Case.StatementKind.WAIVER:
        due = _running_due(case, CLOCK_HEARING_REQUEST)
        if due is not None and on <= due:
            raise RuleViolation(
                f"听证申请期限至{due.isoformat()}届满，期限届满前不得作出决定。",
                field="decided_on",
                rule=rules.ART_64,
            )


def _open_disclosure(case: EnforcementCase, on: dt.date, by: Any) -> Disclosure:
    kind = (
        Disclosure.Kind.PENALTY
        if case.case_type == Case.CaseType.PENALTY
        else Disclosure.Kind.OTHER
    )
    key = (
        rules.DISCLOSURE_PENALTY_WORKING_DAYS
        if kind == Disclosure.Kind.PENALTY
        else rules.DISCLOSURE_OTHER_WORKING_DAYS
    )
    days = int(rulesettings.get(case.unit, key))
    disclosure = Disclosure.objects.create(
        unit=case.unit,
        case=case,
        kind=kind,
        decision_on=on,
        created_by=by if getattr(by, "is_authenticated", False) else None,
    )
    clock = _start_clock(
        disclosure,
        case,
        kind=CLOCK_DISCLOSURE,
        label=f"公示处罚决定（{days}个工作日）",
        start_date=on,
        length=days,
        unit="working",
        rule=rulesettings.setting_source(key),
        by=by,
    )
    disclosure.due_on = clock.due_date
    disclosure.save(update_fields=["due_on"])
    return disclosure


def _attach_decision(case: EnforcementCase, by: Any) -> None:
    from .documents import decision_docx

    content = decision_docx(case)
    upload = SimpleUploadedFile(
        f"{case.decision_number}行政处罚决定书.docx", content, content_type=DOCX_MIME
    )
    attach(case, upload, unit=case.unit, by=by, description="行政处罚决定书")


@transaction.atomic
def serve(
    case: EnforcementCase,
    *,
    on: dt.date,
    method: str,
    officers: Iterable[Any] = (),
    by: Any,
    late_reason: str = "",
) -> EnforcementCase:
    """送达: on the spot after the decision is announced, or within 7 working
    days (《行政处罚法》第六十一条、第八十五条); in person by two certified officers.
    A fine falls due 15 days after receipt (第六十七条)."""
    locked = _lock_case(case, by, "serve")
    if method not in Case.ServiceMethod.values:
        raise RuleViolation("请选择送达方式。", field="method")
    _not_future(on, "served_on", "送达日期")
    _not_before(on, locked.decided_on, "served_on", "送达日期", "决定日期")
    if method == Case.ServiceMethod.ON_THE_SPOT and on != locked.decided_on:
        raise RuleViolation("当场交付只能在作出决定的当日。", field="method", rule=rules.ART_61)
    if method in (
        Case.ServiceMethod.ON_THE_SPOT,
        Case.ServiceMethod.DIRECT,
        Case.ServiceMethod.LEFT,
    ):
        check_officers(locked, _officers(officers), on)
    due = _running_due(locked, CLOCK_SERVICE)
    if due is not None and on > due:
        locked.service_late_reason = _require_text(
            late_reason,
            "late_reason",
            f"逾期送达的原因（应于{due.isoformat()}前送达）",
            rules.ART_61,
        )
    old = locked.stage
    locked.served_on, locked.service_method = on, method
    owes = (locked.fine_amount or Decimal(0)) > 0
    locked.stage = Stage.SERVED if owes else Stage.EXECUTED
    if owes:
        payment = _start_clock(
            locked,
            locked,
            kind=CLOCK_PAYMENT,
            label="缴纳罚款（收到决定书之日起15日）",
            start_date=on,
            length=rules.PAYMENT_DAYS,
            unit="calendar",
            rule=rules.ART_67,
            by=by,
        )
        locked.payment_due_on = payment.due_date
    _save(
        locked,
        by,
        ["served_on", "service_method", "service_late_reason", "stage", "payment_due_on"],
    )
    _stop_clock(locked, CLOCK_SERVICE, on, by)
    _event(locked, "serve", on, by, old=old, note=str(Case.ServiceMethod(method).label))
    return locked


@transaction.atomic
def defer_payment(
    case: EnforcementCase,
    *,
    until: dt.date,
    reason: str,
    approver: str,
    on: dt.date,
    by: Any,
    instalments: int = 1,
) -> EnforcementCase:
    """暂缓或者分期缴纳 on the party's application and the organ's approval
    (《行政处罚法》第六十六条): the payment clock runs to the approved date."""
    locked = _lock_case(case, by, "defer_payment")
    clock = clocks.clock(locked, CLOCK_PAYMENT)
    if clock is None or clock.due_date is None:
        raise RuleViolation("本案没有待缴的罚款。", field="until")
    if until <= clock.due_date:
        raise RuleViolation(
            f"延期后的期限应晚于原缴款期限（{clock.due_date.isoformat()}）。", field="until"
        )
    reason = _require_text(reason, "reason", "延期/分期理由", rules.ART_66)
    approver = _require_text(approver, "approver", "批准人", rules.ART_66)
    clocks.extend(
        clock,
        days=(until - clock.due_date).days,
        reason=reason,
        approver=approver,
        legal_basis=rules.ART_66,
        by=by,
        on=on,
    )
    clock.refresh_from_db()
    word = f"分{instalments}期缴纳" if instalments > 1 else "延期缴纳"
    locked.payment_due_on = clock.due_date
    locked.deferral_note = f"{word}至{clock.due_date}（{approver}批准）"
    _save(locked, by, ["payment_due_on", "deferral_note"])
    _event(locked, "defer_payment", on, by, old=locked.stage, note=locked.deferral_note)
    return locked


@transaction.atomic
def record_payment(
    case: EnforcementCase, *, paid_on: dt.date, amount: Decimal, by: Any, receipt_no: str = ""
) -> Payment:
    """A payment. Paid after the due date, the fine carries 3% a day, capped
    at the fine (《行政处罚法》第七十二条); the case is executed when fine and
    surcharge are paid in full."""
    locked = _lock_case(case, by, "pay")
    if amount is None or amount <= 0:
        raise RuleViolation("缴款金额应大于零。", field="amount")
    _not_future(paid_on, "paid_on", "缴款日期")
    _not_before(paid_on, locked.served_on, "paid_on", "缴款日期", "送达日期")
    payment = Payment.objects.create(
        case=locked, paid_on=paid_on, amount=amount, receipt_no=receipt_no
    )
    fine = locked.fine_amount or Decimal(0)
    paid = locked.payments.aggregate(total=Sum("amount"))["total"] or Decimal(0)
    if locked.paid_amount < fine <= paid:
        # The day the fine itself is paid in full fixes the surcharge.
        locked.surcharge_amount = dates.surcharge(fine, locked.payment_due_on, paid_on)
        _stop_clock(locked, CLOCK_PAYMENT, paid_on, by)
    locked.paid_amount = paid
    old = locked.stage
    if paid >= fine + locked.surcharge_amount and paid >= fine:
        locked.stage = Stage.EXECUTED
    _save(locked, by, ["paid_amount", "surcharge_amount", "stage"])
    extra = f"，加处罚款{locked.surcharge_amount}元" if locked.surcharge_amount else ""
    _event(locked, "pay", paid_on, by, old=old, note=f"缴款{amount}元{extra}")
    return payment


@transaction.atomic
def close(case: EnforcementCase, *, on: dt.date, by: Any, note: str = "") -> EnforcementCase:
    """结案归档 (《行政处罚法》第四十七条): a penalty once executed (or, still
    unpaid, with a note on the application for compulsory execution); an
    inspection after at least one inspection record; a compulsory measure once
    every measure is lifted."""
    locked = _lock_case(case, by, "close")
    _not_future(on, "closed_on", "结案日期")
    if locked.case_type == Case.CaseType.PENALTY:
        if locked.stage == Stage.SERVED:
            note = _require_text(
                note, "note", "未执行完毕的结案说明（如已申请人民法院强制执行）", rules.ART_72
            )
        elif locked.stage != Stage.EXECUTED:
            raise RuleViolation("行政处罚案件应在执行完毕后结案。", field="stage")
        _not_before(on, locked.served_on, "closed_on", "结案日期", "送达日期")
    elif locked.case_type == Case.CaseType.INSPECTION:
        if not locked.steps.exists():
            raise RuleViolation("尚无检查笔录，不能结案。", field="stage")
    elif locked.measures.filter(lifted_on__isnull=True).exists():
        raise RuleViolation(
            "尚有未解除的行政强制措施，不能结案。", field="stage", rule=rules.ART_COMPULSION_25
        )
    old = locked.stage
    locked.stage, locked.closed_on, locked.close_note = Stage.CLOSED, on, note
    _save(locked, by, ["stage", "closed_on", "close_note"])
    for clock in clocks.clocks_for(locked).exclude(status=Clock.Status.STOPPED):
        clocks.stop(clock, on=max(on, clock.start_date), by=by)
    _event(locked, "close", on, by, old=old, note=note)
    return locked


# ---------------------------------------------------------------------------
# Summary procedure and compulsory measures
# ---------------------------------------------------------------------------


@transaction.atomic
def summary_penalty(
    case: EnforcementCase,
    *,
    on: dt.date,
    penalty_kind: str,
    fine_amount: Decimal | None,
    officers: Iterable[Any],
    by: Any,
) -> EnforcementCase:
    """简易程序 (当场处罚): only a warning, or a fine of at most 200 yuan for a
    citizen / 3,000 yuan for an organisation (《行政处罚法》第五十一条); two
    certified officers, the numbered decision handed over on the spot (第五十二条)."""
    core_workflow.check_can_write(by)
    fine = _check_amount(fine_amount, "fine_amount", "罚款金额")
    if penalty_kind not in (Case.PenaltyKind.WARNING, Case.PenaltyKind.FINE):
        raise RuleViolation(
            "简易程序只适用于警告或者小额罚款。", field="penalty_kind", rule=rules.ART_51
        )
    if penalty_kind == Case.PenaltyKind.FINE:
        limit = (
            rules.SUMMARY_MAX_FINE_ORGANISATION
            if case.party_type == Case.PartyType.ORGANISATION
            else rules.SUMMARY_MAX_FINE_CITIZEN
        )
        if not fine:
            raise RuleViolation("请填写罚款金额。", field="fine_amount")
        if fine > limit:
            who = Case.PartyType(case.party_type).label
            raise RuleViolation(
                f"对{who}罚款{fine}元超过简易程序上限{limit}元，应适用普通程序。",
                field="fine_amount",
                rule=rules.ART_51,
            )
    case.case_type, case.procedure = Case.CaseType.PENALTY, Case.Procedure.SUMMARY
    case.act_date = case.act_date or on
    case.discovered_on = case.discovered_on or on
    _check_case_dates(case)
    _not_future(on, "decided_on", "决定日期")
    _check_limitation(case)
    people = check_officers(case, _officers(officers), on)
    case.filed_on = case.decided_on = case.served_on = on
    case.penalty_kind, case.fine_amount = penalty_kind, fine
    case.service_method = Case.ServiceMethod.ON_THE_SPOT
    case.stage = Stage.SERVED if fine else Stage.EXECUTED
    case.number = case.decision_number = _number(case, "enforcement_summary", "综执简", on)
    case.performance = (
        case.performance
        or "当场交付决定书；罚款自收到决定书之日起十五日内到指定银行或者通过电子支付系统缴纳。"
    )
    case.publish_decision = False
    case = core_workflow.create_record(case, by=by, note="简易程序当场处罚")
    case.officers.set(people)
    if fine:
        payment = _start_clock(
            case,
            case,
            kind=CLOCK_PAYMENT,
            label="缴纳罚款（收到决定书之日起15日）",
            start_date=on,
            length=rules.PAYMENT_DAYS,
            unit="calendar",
            rule=rules.ART_67,
            by=by,
        )
        case.payment_due_on = payment.due_date
        case.save(update_fields=["payment_due_on"])
    note = f"{Case.PenaltyKind(penalty_kind).label}{f' {fine}元' if fine else ''}"
    CaseEvent.write(
        "",
        case.stage,
        by=by,
        note=note,
        case=case,
        action="summary",
        label="简易程序当场处罚",
        on=on,
    )
    return case


@transaction.atomic
def apply_measure(
    case: EnforcementCase,
    *,
    kind: str,
    started_on: dt.date,
    items: str,
    approved_by: str,
    officers: Iterable[Any],
    by: Any,
) -> Measure:
    """查封、扣押: the head's prior approval, two certified officers
    (《行政强制法》第十八条); at most 30 days (第二十五条)."""
    locked = _lock_case(case, by, "apply_measure")
    if locked.case_type != Case.CaseType.COERCION:
        raise RuleViolation("只有行政强制案件可以实施强制措施。", field="kind")
    _not_future(started_on, "started_on", "实施日期")
    approver = _require_text(approved_by, "approved_by", "批准负责人", rules.ART_COMPULSION_18)
    people = check_officers(locked, _officers(officers), started_on)
    measure = Measure.objects.create(
        case=locked,
        kind=kind,
        started_on=started_on,
        items=_require_text(items, "items", "对象及清单"),
        approved_by=approver,
    )
    measure.officers.set(people)
    locked.officers.add(*people)
    old = locked.stage
    locked.stage = Stage.INVESTIGATING
    _save(locked, by, ["stage"])
    _start_clock(
        measure,
        locked,
        kind=CLOCK_MEASURE,
        label=f"{measure.get_kind_display()}期限（30日）",
        start_date=started_on,
        length=rules.MEASURE_DAYS,
        unit="calendar",
        rule=rules.ART_COMPULSION_25,
        by=by,
    )
    _event(locked, "apply_measure", started_on, by, old=old, note=measure.get_kind_display())
    return measure


@transaction.atomic
def extend_measure(
    measure: Measure, *, days: int, reason: str, approver: str, on: dt.date, by: Any
) -> Measure:
    """Extended once, by at most 30 days, with the head's approval (《行政强制法》第二十五条)."""
    _check_scope(measure.case, by)
    locked = Measure.objects.select_for_update().select_related("case").get(pk=measure.pk)
    if locked.extended:
        raise RuleViolation(
            "查封、扣押期限只能延长一次。", field="days", rule=rules.ART_COMPULSION_25
        )
    clock = clocks.clock(locked, CLOCK_MEASURE)
    if clock is None:
        raise RuleViolation("该措施没有期限记录。", field="days")
    clocks.extend(
        clock,
        days=days,
        reason=reason,
        approver=approver,
        legal_basis=rules.ART_COMPULSION_25,
        by=by,
        max_days=rules.MEASURE_MAX_EXTENSION_DAYS,
        on=on,
    )
    locked.extended = True
    locked.save(update_fields=["extended"])
    _event(
        locked.case,
        "extend_measure",
        on,
        by,
        old=locked.case.stage,
        label="延长强制措施期限",
        note=f"{days}日：{reason}",
    )
    return locked


@transaction.atomic
def lift_measure(measure: Measure, *, on: dt.date, by: Any) -> Measure:
    _check_scope(measure.case, by)
    locked = Measure.objects.select_for_update().select_related("case").get(pk=measure.pk)
    if locked.lifted_on:
        raise RuleViolation("该措施已解除。", field="lifted_on")
    _not_before(on, locked.started_on, "lifted_on", "解除日期", "实施日期")
    locked.lifted_on = on
    locked.save(update_fields=["lifted_on"])
    _stop_clock(locked, CLOCK_MEASURE, on, by)
    _event(locked.case, "lift_measure", on, by, old=locked.case.stage, label="解除强制措施")
    return locked


# ---------------------------------------------------------------------------
# Disclosure
# ---------------------------------------------------------------------------


def default_public_summary(case: EnforcementCase) -> str:
    """A summary without personal details: the party masked, no ID, phone or address."""
    penalty = case.get_penalty_kind_display() if case.penalty_kind else ""
    fine = f"，罚款{case.fine_amount}元" if case.fine_amount else ""
    return f"当事人{case.party_name_public}因{case.title}，被依法给予{penalty}{fine}。"


@transaction.atomic
def publish(disclosure: Disclosure, *, on: dt.date, by: Any, summary: str = "") -> Disclosure:
    """公示 on the public page; on time when within the disclosure clock
    (7 working days for penalty decisions, 20 for others: settings, 国办发〔2018〕118号 [S])."""
    _check_scope(disclosure, by)
    locked = Disclosure.objects.select_for_update().select_related("case").get(pk=disclosure.pk)
    if locked.status not in Disclosure.TRANSITIONS["publish"]:
        raise RuleViolation(
            f"当前状态为“{locked.get_status_display()}”，不能公示。", field="status"
        )
    _not_future(on, "published_on", "公示日期")
    _not_before(on, locked.decision_on, "published_on", "公示日期", "决定日期")
    text = (summary or "").strip() or default_public_summary(locked.case)
    for secret in filter(None, [locked.case.id_number, locked.case.phone, locked.case.address]):
        if secret in text:
            raise RuleViolation("公示内容不得包含当事人的身份证号码、电话或住址。", field="summary")
    if (
        locked.case.party_type == Case.PartyType.CITIZEN
        and locked.case.party_name
        and locked.case.party_name in text
    ):
        raise RuleViolation("公示内容中公民姓名应隐去（如“张**”）。", field="summary")
    locked.status, locked.published_on, locked.public_summary = (
        Disclosure.Status.PUBLISHED,
        on,
        text,
    )
    locked.version += 1
    locked.save(update_fields=["status", "published_on", "public_summary", "version", "updated_at"])
    _stop_clock(locked, CLOCK_DISCLOSURE, on, by)
    audit.record(locked, by=by, action="transition", changes={"status": ["pending", "published"]})
    _event(locked.case, "publish", on, by, old=locked.case.stage, label="公示处罚决定")
    return locked


@transaction.atomic
def mark_decision_changed(
    disclosure: Disclosure, *, changed_on: dt.date, reason: str, by: Any
) -> Disclosure:
    """The published decision was changed, revoked or declared void: withdraw
    within 3 working days and explain (《行政处罚法》第四十八条、第八十五条)."""
    _check_scope(disclosure, by)
    locked = (
        Disclosure.objects.select_for_update()
        .select_related("case", "case__unit")
        .get(pk=disclosure.pk)
    )
    if locked.status not in Disclosure.TRANSITIONS["withdraw"] or locked.changed_on:
        raise RuleViolation("只有已公示且未登记变更的决定才能登记变更。", field="status")
    _not_future(changed_on, "changed_on", "变更/撤销日期")
    locked.changed_on, locked.withdraw_reason = (
        changed_on,
        _require_text(reason, "reason", "变更/撤销说明", rules.ART_48),
    )
    clock = _start_clock(
        locked,
        locked.case,
        kind=CLOCK_WITHDRAWAL,
        label="撤回已公示的处罚决定（3个工作日）",
        start_date=changed_on,
        length=rules.WITHDRAWAL_WORKING_DAYS,
        unit="working",
        rule=rules.ART_48,
        by=by,
    )
    locked.withdraw_due_on = clock.due_date
    locked.save(update_fields=["changed_on", "withdraw_reason", "withdraw_due_on", "updated_at"])
    audit.record(locked, by=by, action="update", note=f"决定变更/撤销：{locked.withdraw_reason}")
    return locked


@transaction.atomic
def withdraw(disclosure: Disclosure, *, on: dt.date, by: Any) -> Disclosure:
    _check_scope(disclosure, by)
    locked = Disclosure.objects.select_for_update().select_related("case").get(pk=disclosure.pk)
    if locked.status not in Disclosure.TRANSITIONS["withdraw"]:
        raise RuleViolation(
            f"当前状态为“{locked.get_status_display()}”，不能撤回。", field="status"
        )
    if not locked.changed_on:
        raise RuleViolation(
            "请先登记决定变更或撤销的日期和说明。", field="changed_on", rule=rules.ART_48
        )
    _not_future(on, "withdrawn_on", "撤回日期")
    _not_before(on, locked.changed_on, "withdrawn_on", "撤回日期", "变更日期")
    locked.status, locked.withdrawn_on = Disclosure.Status.WITHDRAWN, on
    locked.version += 1
    locked.save(update_fields=["status", "withdrawn_on", "version", "updated_at"])
    _stop_clock(locked, CLOCK_WITHDRAWAL, on, by)
    audit.record(locked, by=by, action="transition", changes={"status": ["published", "withdrawn"]})
    _event(
        locked.case,
        "withdraw",
        on,
        by,
        old=locked.case.stage,
        label="撤回公示",
        note=locked.withdraw_reason,
    )
    return locked


# ---------------------------------------------------------------------------
# Complaints
# ---------------------------------------------------------------------------


@transaction.atomic
def register_complaint(complaint: EnforcementComplaint, *, by: Any) -> EnforcementComplaint:
    """Record a complaint about enforcement conduct; the linked case and
    officer must be in the complaint's unit scope."""
    _not_future(complaint.received_on, "received_on", "收到日期")
    if (
        complaint.case_id
        and not EnforcementCase.objects.visible_to(by).filter(pk=complaint.case_id).exists()
    ):
        raise RuleViolation("涉及案件不存在或不在您的管辖范围内。", field="case")
    complaint.status = EnforcementComplaint.Status.RECEIVED
    return core_workflow.create_record(complaint, by=by, note="登记执法投诉")


def _lock_complaint(
    c: EnforcementComplaint, by: Any, action: str, what: str
) -> EnforcementComplaint:
    _check_scope(c, by)
    locked = EnforcementComplaint.objects.select_for_update().get(pk=c.pk)
    if locked.status not in EnforcementComplaint.TRANSITIONS[action]:
        raise RuleViolation(
            f"投诉当前状态为“{locked.get_status_display()}”，不能{what}。", field="status"
        )
    return locked


@transaction.atomic
def investigate_complaint(c: EnforcementComplaint, *, note: str, by: Any) -> EnforcementComplaint:
    locked = _lock_complaint(c, by, "investigate", "开始调查")
    old = locked.status
    locked.status = EnforcementComplaint.Status.INVESTIGATING
    locked.investigation = (note or "").strip()
    locked.version += 1
    locked.save(update_fields=["status", "investigation", "version", "updated_at"])
    audit.record(
        locked, by=by, action="transition", changes={"status": [old, locked.status]}, note=note
    )
    return locked


@transaction.atomic
def answer_complaint(
    c: EnforcementComplaint, *, finding: str, investigation: str, reply: str, on: dt.date, by: Any
) -> EnforcementComplaint:
    """The finding (属实 / 部分属实 / 不属实) and the written reply."""
    locked = _lock_complaint(c, by, "answer", "答复")
    if finding not in EnforcementComplaint.Finding.values:
        raise RuleViolation("请选择核查结论。", field="finding")
    _not_future(on, "replied_on", "答复日期")
    _not_before(on, locked.received_on, "replied_on", "答复日期", "收到日期")
    old = locked.status
    locked.finding = finding
    locked.investigation = _require_text(
        investigation or locked.investigation, "investigation", "调查核实情况"
    )
    locked.reply = _require_text(reply, "reply", "答复意见")
    locked.replied_on, locked.status = on, EnforcementComplaint.Status.ANSWERED
    locked.version += 1
    locked.save(
        update_fields=[
            "finding",
            "investigation",
            "reply",
            "replied_on",
            "status",
            "version",
            "updated_at",
        ]
    )
    audit.record(
        locked,
        by=by,
        action="transition",
        changes={"status": [old, locked.status], "finding": [None, finding]},
    )
    return locked
