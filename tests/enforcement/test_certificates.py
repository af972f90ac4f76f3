"""Certificates: renewal window and exam, expiry job, reminders, indicators."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.management import call_command

from fazhi.core.errors import RuleViolation
from fazhi.core.indicators import Period, compute
from fazhi.core.models import Reminder
from fazhi.enforcement import jobs, queries, workflow
from fazhi.enforcement.models import Certificate, CertificateEvent, Exam, Training

from .conftest import Enf

pytestmark = pytest.mark.django_db
D = dt.date


def test_issue_sets_five_year_validity_and_requires_an_exam(enf: Enf) -> None:
    officer = enf.officer("新人", issued=None)
    with pytest.raises(RuleViolation, match="考试"):
        workflow.issue_certificate(
            officer,
            number="X1",
            issuing_authority="省政府",
            issued_on=D(2022, 11, 1),
            fields=[enf.fields["forestry"]],
            by=enf.by,
        )
    enf.passed(officer.person)
    cert = workflow.issue_certificate(
        officer,
        number="X1",
        issuing_authority="省政府",
        issued_on=D(2022, 11, 1),
        fields=[enf.fields["forestry"]],
        by=enf.by,
    )
    assert cert.expires_on == D(2027, 10, 31)
    assert cert.events.get().kind == CertificateEvent.Kind.ISSUE
    with pytest.raises(RuleViolation, match="换证"):
        workflow.issue_certificate(
            officer,
            number="X2",
            issuing_authority="省政府",
            issued_on=D(2023, 1, 1),
            fields=[enf.fields["forestry"]],
            by=enf.by,
        )


def test_renewal_needs_the_window_and_an_exam_passed_in_it(enf: Enf) -> None:
    officer = enf.officer(
        "续证", issued=D(2019, 9, 1)
    )  # valid to 2024-08-31, window from 2024-02-29
    cert = officer.certificates.get()
    with pytest.raises(RuleViolation) as exc:
        workflow.renew_certificate(cert, on=D(2024, 2, 28), number="R1", by=enf.by)
    assert exc.value.field == "on" and "换证期" in exc.value.messages[0]
    with pytest.raises(RuleViolation, match="考试"):
        workflow.renew_certificate(cert, on=D(2024, 7, 1), number="R1", by=enf.by)
    exam = Exam.objects.create(
        unit=enf.w.township, title="2024", sitting_on=D(2024, 5, 18), pass_mark=Decimal(60)
    )
    reg = workflow.register_for_exam(exam, person=officer.person, on=D(2024, 4, 1), by=enf.by)
    workflow.record_exam_result(reg, score=Decimal("59.5"), by=enf.by)
    with pytest.raises(RuleViolation, match="考试"):
        workflow.renew_certificate(cert, on=D(2024, 7, 1), number="R1", by=enf.by)
    reg.result = "pending"
    reg.save()
    workflow.record_exam_result(reg, score=Decimal("60"), by=enf.by)
    new = workflow.renew_certificate(cert, on=D(2024, 7, 1), number="R1", by=enf.by)
    assert (new.issued_on, new.expires_on, new.previous_id) == (
        D(2024, 9, 1),
        D(2029, 8, 31),
        cert.pk,
    )
    assert compute("enforcement.certificates.renewed", enf.w.township, Period.year(2024)) == 1


def test_expiry_job_is_set_based_and_idempotent(
    enf: Enf, django_assert_max_num_queries: object
) -> None:
    for i in range(5):
        enf.officer(f"过期{i}", issued=D(2018, 6, 1))  # expired 2023-05-31
    enf.officer("有效")
    # A fixed number whatever the count of certificates (5 here would be ≥ 15 row
    # by row); the one audit row reads its chain head (and, on PostgreSQL, takes
    # the chain's lock) before it is written.
    with django_assert_max_num_queries(10):  # type: ignore[operator]
        assert jobs.expire_certificates(D(2026, 11, 25)) == 5
    assert jobs.expire_certificates(D(2026, 11, 25)) == 0
    assert Certificate.objects.filter(status="expired").count() == 5
    assert CertificateEvent.objects.filter(kind="expiry", on=D(2023, 6, 1)).count() == 5
    call_command("expire_certificates", "--date", "2026-11-25")
    assert CertificateEvent.objects.filter(kind="expiry").count() == 5


def test_renewal_reminders_once_in_the_window(enf: Enf) -> None:
    officer = enf.officer("将到期", issued=D(2022, 1, 1))  # expires 2026-12-31
    enf.officer("远期", issued=D(2025, 1, 1))
    assert jobs.post_renewal_reminders(D(2026, 6, 30)) == 0  # window opens 2026-07-01
    jobs.post_renewal_reminders(D(2026, 11, 25))
    jobs.post_renewal_reminders(D(2026, 11, 26))
    cert = officer.certificates.get()
    reminders = Reminder.objects.filter(key=f"cert:{cert.pk}:renewal:20261231")
    # The township's leader and enforcement officer hear once each; the outsider not.
    users = set(reminders.values_list("user__username", flat=True))
    assert {"colleague", "officer"} <= users and "outsider" not in users
    assert reminders.count() == len(users)


def test_certified_officers_definition(enf: Enf) -> None:
    enf.officer("有效")
    enf.officer("年内到期", issued=D(2019, 6, 1))  # expired 2024-05-31: held it in 2024
    enf.officer("上年到期", issued=D(2018, 6, 1))  # expired 2023-05-31
    enf.officer("次年发证", issued=D(2025, 3, 1))
    enf.officer("无证", issued=None)
    revoked = enf.officer("注销")
    workflow.revoke_certificate(
        revoked.certificates.get(), on=D(2024, 6, 15), reason="调离", by=enf.by
    )
    outside = enf.officer("外乡", unit=enf.w.other_township, by=enf.w.outsider)
    assert outside.certificates.exists()
    names = set(
        queries.certified_officers(enf.w.township, Period.year(2024)).values_list(
            "person__name", flat=True
        )
    )
    assert names == {"有效", "年内到期"}
    assert compute("enforcement.officers.certified", enf.w.township, Period.year(2023)) == 4


def test_training_hours_selector_and_below_target(
    enf: Enf, django_assert_num_queries: object
) -> None:
    a, b = enf.officer("甲"), enf.officer("乙")
    for title, hours, people in [("一", "40", [a, b]), ("二", "24", [a])]:
        workflow.record_training(
            Training(unit=enf.w.township, title=title, held_on=D(2024, 5, 1), hours=Decimal(hours)),
            attendees=people,
            by=enf.by,
        )
    workflow.record_training(
        Training(unit=enf.w.township, title="旧", held_on=D(2023, 5, 1), hours=Decimal(10)),
        attendees=[b],
        by=enf.by,
    )
    with django_assert_num_queries(1):  # type: ignore[operator]
        hours = queries.training_hours_by_person(enf.w.township, Period.year(2024))
    assert hours == {a.person_id: Decimal("64.0"), b.person_id: Decimal("40.0")}
    assert compute("enforcement.training.hours", enf.w.township, Period.year(2024)) == Decimal(
        "104.0"
    )
    assert list(queries.officers_below_training_target(enf.w.township, Period.year(2024))) == [b]
    assert compute("enforcement.training.sessions", enf.w.township, Period.year(2024)) == 2


def test_exam_result_and_pass_rate(enf: Enf) -> None:
    exam = workflow.create_exam(
        Exam(
            unit=enf.w.township,
            title="考",
            sitting_on=D(2024, 5, 18),
            registration_deadline=D(2024, 4, 30),
        ),
        by=enf.by,
    )
    assert exam.pass_mark == Decimal(60)
    people = [enf.person(n) for n in "甲乙丙"]
    with pytest.raises(RuleViolation, match="截止"):
        workflow.register_for_exam(exam, person=people[0], on=D(2024, 5, 1), by=enf.by)
    regs = [workflow.register_for_exam(exam, person=p, on=D(2024, 4, 1), by=enf.by) for p in people]
    workflow.record_exam_result(regs[0], score=Decimal(75), by=enf.by)
    workflow.record_exam_result(regs[1], score=Decimal(50), by=enf.by)
    workflow.record_exam_result(regs[2], score=None, absent=True, by=enf.by)
    assert compute("enforcement.exam.registrations", enf.w.township, Period.year(2024)) == 3
    assert compute("enforcement.exam.pass_rate", enf.w.township, Period.year(2024)) == 33.3


def test_the_expiry_job_reads_in_words_in_the_audit_log(enf: Enf) -> None:
    """The job's one audit row showed “status：valid/suspended → expired” on
    /audit/ (the render sweep found it on a day the demo's certificates
    expired): the row names the certificates' kind, so the log reads the
    status codes with their labels."""
    from fazhi.core.audit import history_rows
    from fazhi.core.models import AuditEvent

    enf.officer("过期", issued=D(2018, 6, 1))
    assert jobs.expire_certificates(D(2026, 11, 25)) == 1
    event = AuditEvent.objects.filter(object_repr="行政执法证到期失效").get()
    assert event.content_type_id is not None
    (row,) = history_rows([event])
    text = " ".join(f"{c}" for c in row.changes)
    assert "有效/暂扣" in text and "已过期" in text, text
    assert "valid" not in text and "expired" not in text, text
