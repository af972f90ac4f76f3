"""Each rule of the penalty procedure: a test that fails if the rule is broken."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fazhi.core import clocks
from fazhi.core.errors import RuleViolation
from fazhi.core.models import Setting
from fazhi.enforcement import dates, rules, workflow
from fazhi.enforcement.models import Disclosure, EnforcementCase, Hearing, LegalReview

from .conftest import Enf

pytestmark = pytest.mark.django_db
D = dt.date


def _refused(exc: pytest.ExceptionInfo[RuleViolation], field: str, article: str) -> None:
    assert exc.value.field == field
    assert article in str(exc.value.messages[0])


# --- Investigation: two certified officers (Art 42, 55) ----------------------


def test_investigation_with_one_officer_is_refused(enf: Enf) -> None:
    case = enf.to_stage("filed")
    with pytest.raises(RuleViolation) as exc:
        workflow.record_investigation(
            case,
            kind="inspection",
            on=D(2024, 3, 6),
            place="现场",
            summary="检查",
            officers=[enf.officer("独行")],
            by=enf.by,
        )
    _refused(exc, "officers", "第四十二条")
    assert enf.reload(case).stage == "filed"


def test_officer_whose_certificate_expired_that_day_is_refused(enf: Enf) -> None:
    # Issued 2019-04-01 for 5 years: valid through 2024-03-31.
    old = enf.officer("旧证", issued=D(2019, 4, 1))
    other = enf.officer("新证")
    case = enf.to_stage("filed", filed=D(2024, 3, 5))
    workflow.record_investigation(
        case,
        kind="inspection",
        on=D(2024, 3, 31),
        place="现场",
        summary="末日有效",
        officers=[old, other],
        by=enf.by,
    )
    with pytest.raises(RuleViolation) as exc:
        workflow.record_investigation(
            case,
            kind="interview",
            on=D(2024, 4, 1),
            place="现场",
            summary="次日失效",
            officers=[old, other],
            by=enf.by,
        )
    _refused(exc, "officers", "第五十五条")
    assert "2024-03-31到期" in exc.value.messages[0]


def test_certificate_not_covering_the_field_or_suspended_is_refused(enf: Enf) -> None:
    narrow = enf.officer("农业", fields=("agriculture",))
    other = enf.officer("全能")
    case = enf.to_stage("filed")
    with pytest.raises(RuleViolation, match="不包括“林业”"):
        workflow.record_investigation(
            case,
            kind="inspection",
            on=D(2024, 3, 6),
            place="现场",
            summary="s",
            officers=[narrow, other],
            by=enf.by,
        )
    cert = other.certificates.get()
    workflow.suspend_certificate(cert, on=D(2024, 3, 1), reason="违纪调查", by=enf.by)
    with pytest.raises(RuleViolation, match="暂扣"):
        workflow.record_investigation(
            case,
            kind="inspection",
            on=D(2024, 3, 6),
            place="现场",
            summary="s",
            officers=[enf.officer("丙"), other],
            by=enf.by,
        )


def test_officer_outside_area_is_refused(enf: Enf) -> None:
    village_officer = enf.officer("村片区", unit=enf.w.village2)
    # A case is the township's (case_units): a village's officer's area does not cover it.
    case = enf.to_stage("filed")
    with pytest.raises(RuleViolation, match="执法区域"):
        workflow.record_investigation(
            case,
            kind="inspection",
            on=D(2024, 3, 6),
            place="现场",
            summary="s",
            officers=[village_officer, enf.officer("乡")],
            by=enf.by,
        )


# --- Limitation (Art 36) ------------------------------------------------------


def test_filing_after_two_years_is_refused_and_five_years_for_named_categories(enf: Enf) -> None:
    ok = enf.clue(act_date=D(2022, 3, 1), discovered_on=D(2024, 3, 1))
    workflow.file_case(ok, on=D(2024, 3, 1), by=enf.by)
    late = enf.clue(act_date=D(2022, 3, 1), discovered_on=D(2024, 3, 2))
    with pytest.raises(RuleViolation) as exc:
        workflow.file_case(late, on=D(2024, 3, 2), by=enf.by)
    _refused(exc, "discovered_on", "第三十六条")
    health = enf.clue(act_date=D(2020, 3, 1), discovered_on=D(2024, 3, 2), extended_limitation=True)
    workflow.file_case(health, on=D(2024, 3, 2), by=enf.by)


@given(st.dates(min_value=D(2000, 1, 1), max_value=D(2030, 12, 31)), st.booleans())
def test_limitation_end_is_the_corresponding_day(act: dt.date, extended: bool) -> None:
    end = dates.limitation_end(act, extended)
    years = 5 if extended else 2
    assert end.year == act.year + years and end.month == act.month
    assert end.day == act.day or (act.month, act.day, end.day) == (2, 29, 28)


# --- Prior notice, hearing, legal review, 90 days -----------------------------


def test_decision_without_prior_notice_is_refused(enf: Enf) -> None:
    case = enf.to_stage("reviewed")
    with pytest.raises(RuleViolation) as exc:
        workflow.decide(
            case,
            on=D(2024, 3, 20),
            penalty_kind="fine",
            fine_amount=Decimal("500"),
            performance="缴纳",
            by=enf.head,
        )
    _refused(exc, "decided_on", "第六十二条")


def test_decision_needs_the_party_heard(enf: Enf) -> None:
    case = enf.to_stage("notified")
    with pytest.raises(RuleViolation, match="陈述申辩"):
        workflow.decide(
            case,
            on=D(2024, 3, 20),
            penalty_kind="fine",
            fine_amount=Decimal("500"),
            performance="缴纳",
            by=enf.head,
        )


def test_heavier_penalty_than_notified_is_refused(enf: Enf) -> None:
    case = enf.to_stage("stated", fine="500")
    with pytest.raises(RuleViolation) as exc:
        workflow.decide(
            case,
            on=D(2024, 3, 20),
            penalty_kind="fine",
            fine_amount=Decimal("600"),
            performance="缴纳",
            by=enf.head,
        )
    _refused(exc, "fine_amount", "第四十五条")
    with pytest.raises(RuleViolation, match="第四十五条"):
        workflow.decide(
            case,
            on=D(2024, 3, 20),
            penalty_kind="closure",
            fine_amount=None,
            performance="x",
            by=enf.head,
        )


def test_negative_fine_is_refused(enf: Enf) -> None:
    case = enf.to_stage("reviewed")
    with pytest.raises(RuleViolation) as exc:
        workflow.notify(
            case,
            on=D(2024, 3, 17),
            penalty_kind="fine",
            fine_amount=Decimal("-1"),
            facts="f",
            legal_basis="b",
            by=enf.by,
        )
    assert exc.value.field == "fine_amount" and "负数" in exc.value.messages[0]


def test_only_the_head_decides(enf: Enf) -> None:
    case = enf.to_stage("stated")
    with pytest.raises(RuleViolation, match="负责人"):
        workflow.decide(
            case,
            on=D(2024, 3, 20),
            penalty_kind="fine",
            fine_amount=Decimal("500"),
            performance="缴纳",
            by=enf.by,
        )


def test_legal_review_is_required_where_art_58_lists_it(enf: Enf) -> None:
    case = enf.to_stage("stated", major_public_interest=True)
    args = dict(
        on=D(2024, 3, 20),
        penalty_kind="fine",
        fine_amount=Decimal("500"),
        performance="缴纳",
        by=enf.head,
    )
    with pytest.raises(RuleViolation) as exc:
        workflow.decide(case, **args)
    _refused(exc, "decided_on", "第五十八条")
    review = workflow.submit_legal_review(case, on=D(2024, 3, 18), by=enf.by)
    with pytest.raises(RuleViolation, match="法制审核人员"):
        workflow.record_legal_review(
            review, result="passed", opinion="同意", on=D(2024, 3, 19), by=enf.by
        )
    workflow.record_legal_review(
        review, result="returned", opinion="证据不足", on=D(2024, 3, 19), by=enf.w.reviewer
    )
    with pytest.raises(RuleViolation, match="第五十八条"):
        workflow.decide(case, **args)
    second = workflow.submit_legal_review(case, on=D(2024, 3, 19), by=enf.by)
    workflow.record_legal_review(
        second, result="passed", opinion="同意", on=D(2024, 3, 19), by=enf.w.reviewer
    )
    decided = workflow.decide(case, **args)
    assert decided.stage == "decided" and decided.decision_number.startswith("湘源综执罚决〔2024〕")
    assert LegalReview.objects.filter(case=case, result="passed").count() == 1


def test_collective_deliberation_for_serious_cases(enf: Enf) -> None:
    case = enf.to_stage("investigating", serious_violation=True)
    with pytest.raises(RuleViolation) as exc:
        workflow.review(case, outcome="penalise", on=D(2024, 3, 15), by=enf.head)
    _refused(exc, "deliberation_minutes", "第五十七条")
    workflow.review(
        case,
        outcome="penalise",
        on=D(2024, 3, 15),
        by=enf.head,
        deliberated_on=D(2024, 3, 14),
        deliberation_minutes="班子集体讨论，同意处罚。",
    )


def test_decision_after_ninety_days_is_refused(enf: Enf) -> None:
    # Filed 2024-01-02: the 90th day is 2024-04-01 (a Monday, no holiday).
    case = enf.to_stage(
        "stated", filed=D(2024, 1, 2), act_date=D(2023, 12, 20), discovered_on=D(2024, 1, 2)
    )
    due = clocks.clock(case, workflow.CLOCK_DECISION)
    assert due is not None and due.due_date == D(2024, 4, 1)
    with pytest.raises(RuleViolation) as exc:
        workflow.decide(
            case,
            on=D(2024, 4, 2),
            penalty_kind="fine",
            fine_amount=Decimal("500"),
            performance="缴纳",
            by=enf.head,
        )
    _refused(exc, "decided_on", "第六十条")
    workflow.decide(
        case,
        on=D(2024, 4, 1),
        penalty_kind="fine",
        fine_amount=Decimal("500"),
        performance="缴纳",
        by=enf.head,
    )


def test_hearing_window_is_five_working_days_over_national_day(enf: Enf) -> None:
    # Notice Monday 2024-09-30; 1–7 Oct are holidays, Sat 12 Oct is a make-up
    # working day: the 5th working day is 2024-10-12.
    case = enf.to_stage(
        "reviewed", filed=D(2024, 9, 2), act_date=D(2024, 8, 30), discovered_on=D(2024, 9, 1)
    )
    workflow.notify(
        case,
        on=D(2024, 9, 30),
        penalty_kind="fine",
        fine_amount=Decimal("1000"),
        facts="f",
        legal_basis="b",
        by=enf.by,
    )
    case = enf.reload(case)
    assert case.hearing_rights
    clock = clocks.clock(case, workflow.CLOCK_HEARING_REQUEST)
    assert clock is not None and clock.due_date == D(2024, 10, 12)
    workflow.record_statement(
        case, kind="statement", on=D(2024, 10, 8), text="申辩，未采纳", by=enf.by
    )
    with pytest.raises(RuleViolation, match="听证申请期限"):
        workflow.decide(
            case,
            on=D(2024, 10, 12),
            penalty_kind="fine",
            fine_amount=Decimal("1000"),
            performance="x",
            by=enf.head,
        )
    with pytest.raises(RuleViolation) as exc:
        workflow.request_hearing(case, on=D(2024, 10, 14), by=enf.by)
    _refused(exc, "requested_on", "第六十四条")
    workflow.request_hearing(case, on=D(2024, 10, 12), by=enf.by)


def test_hearing_notice_seven_working_days_ahead_and_chair_not_an_investigator(enf: Enf) -> None:
    officers = enf.pair()
    case = enf.to_stage("reviewed", officers=officers)
    workflow.notify(
        case,
        on=D(2024, 3, 18),
        penalty_kind="fine",
        fine_amount=Decimal("5000"),
        facts="f",
        legal_basis="b",
        by=enf.by,
    )
    workflow.request_hearing(case, on=D(2024, 3, 19), by=enf.by)
    chair = enf.person("主持人")
    kwargs = dict(place="会议室", officers=officers, by=enf.by)
    # 2024-03-20 (Wed) + 7 working days = 2024-03-29 (Fri).
    with pytest.raises(RuleViolation) as exc:
        workflow.schedule_hearing(
            case, notice_on=D(2024, 3, 20), scheduled_on=D(2024, 3, 28), chair=chair, **kwargs
        )
    _refused(exc, "scheduled_on", "第六十四条")
    with pytest.raises(RuleViolation) as exc:
        workflow.schedule_hearing(
            case,
            notice_on=D(2024, 3, 20),
            scheduled_on=D(2024, 3, 29),
            chair=officers[0].person,
            **kwargs,
        )
    assert exc.value.field == "chair"
    workflow.schedule_hearing(
        case, notice_on=D(2024, 3, 20), scheduled_on=D(2024, 3, 29), chair=chair, **kwargs
    )
    with pytest.raises(RuleViolation, match="听证结束前"):
        workflow.decide(
            case,
            on=D(2024, 3, 29),
            penalty_kind="fine",
            fine_amount=Decimal("5000"),
            performance="x",
            by=enf.head,
        )
    workflow.hold_hearing(
        case, held_on=D(2024, 3, 29), outcome=Hearing.Outcome.HELD, transcript="笔录", by=enf.by
    )
    # A hearing held: legal review is now required (Art 58(2)).
    with pytest.raises(RuleViolation, match="第五十八条"):
        workflow.decide(
            case,
            on=D(2024, 4, 1),
            penalty_kind="fine",
            fine_amount=Decimal("5000"),
            performance="x",
            by=enf.head,
        )


def test_hearing_threshold_is_a_setting(enf: Enf) -> None:
    Setting.objects.create(unit=enf.w.township, key=rules.HEARING_THRESHOLD_CITIZEN, value=400)
    case = enf.to_stage("notified", fine="500")
    assert case.hearing_rights


# --- Service, payment, disclosure --------------------------------------------


def test_service_clock_and_payment_surcharge(enf: Enf) -> None:
    case = enf.to_stage("decided", fine="1000")  # decided 2024-03-19
    due = clocks.clock(case, workflow.CLOCK_SERVICE)
    assert due is not None and due.due_date == D(2024, 3, 28)
    with pytest.raises(RuleViolation, match="当场"):
        workflow.serve(
            case, on=D(2024, 3, 20), method="on_the_spot", officers=enf.pair(), by=enf.by
        )
    with pytest.raises(RuleViolation) as exc:
        workflow.serve(case, on=D(2024, 3, 29), method="post", by=enf.by)
    assert exc.value.field == "late_reason"
    served = workflow.serve(case, on=D(2024, 3, 25), method="post", by=enf.by)
    assert served.payment_due_on == D(2024, 4, 9)  # 15 days from 03-25
    workflow.record_payment(case, paid_on=D(2024, 4, 11), amount=Decimal("1000"), by=enf.by)
    case = enf.reload(case)
    assert case.surcharge_amount == Decimal("60.00") and case.stage == "served"
    workflow.record_payment(case, paid_on=D(2024, 4, 12), amount=Decimal("60"), by=enf.by)
    assert enf.reload(case).stage == "executed"
    workflow.close(case, on=D(2024, 4, 15), by=enf.by)
    assert enf.reload(case).stage == "closed"


@given(
    st.decimals(min_value=0, max_value=10**6, places=2), st.integers(min_value=-30, max_value=400)
)
def test_surcharge_never_exceeds_the_fine(fine: Decimal, late: int) -> None:
    due = D(2024, 1, 15)
    s = dates.surcharge(fine, due, due + dt.timedelta(days=late))
    assert Decimal(0) <= s <= fine
    if late <= 0:
        assert s == 0


def test_disclosure_clock_publish_and_withdraw(enf: Enf) -> None:
    case = enf.to_stage("decided")  # decided Tue 2024-03-19
    disclosure = Disclosure.objects.get(case=case)
    assert disclosure.due_on == D(2024, 3, 28)  # 7 working days
    with pytest.raises(RuleViolation, match="姓名"):
        workflow.publish(disclosure, on=D(2024, 3, 20), summary="张三被罚款", by=enf.by)
    published = workflow.publish(disclosure, on=D(2024, 3, 20), by=enf.by)
    assert "张*" in published.public_summary and "431127" not in published.public_summary
    with pytest.raises(RuleViolation, match="先登记"):
        workflow.withdraw(published, on=D(2024, 5, 6), by=enf.by)
    changed = workflow.mark_decision_changed(
        published, changed_on=D(2024, 4, 30), reason="复议撤销", by=enf.by
    )
    # 30 April 2024, then the May Day holiday (1–5 May); 11 May is a make-up day.
    assert changed.withdraw_due_on == D(2024, 5, 8)
    workflow.withdraw(changed, on=D(2024, 5, 6), by=enf.by)
    assert Disclosure.objects.get(pk=disclosure.pk).status == "withdrawn"


# --- Summary procedure (Art 51) -----------------------------------------------


@pytest.mark.parametrize(
    ("party", "fine", "ok"),
    [
        ("citizen", "200", True),
        ("citizen", "200.01", False),
        ("organisation", "3000", True),
        ("organisation", "3001", False),
    ],
)
def test_summary_procedure_limits(enf: Enf, party: str, fine: str, ok: bool) -> None:
    officers = enf.pair()
    case = EnforcementCase(
        unit=enf.w.township,
        title="占道",
        field=enf.fields["urban"],
        party_type=party,
        party_name="某",
        address="某地",
    )
    if ok:
        done = workflow.summary_penalty(
            case,
            on=D(2024, 6, 3),
            penalty_kind="fine",
            fine_amount=Decimal(fine),
            officers=officers,
            by=enf.by,
        )
        assert done.procedure == "summary" and done.stage == "served"
    else:
        with pytest.raises(RuleViolation) as exc:
            workflow.summary_penalty(
                case,
                on=D(2024, 6, 3),
                penalty_kind="fine",
                fine_amount=Decimal(fine),
                officers=officers,
                by=enf.by,
            )
        _refused(exc, "fine_amount", "第五十一条")
        assert not EnforcementCase.objects.exists()


def test_summary_procedure_refuses_other_penalties_and_negative_fines(enf: Enf) -> None:
    case = EnforcementCase(
        unit=enf.w.township, title="x", field=enf.fields["urban"], party_name="某"
    )
    with pytest.raises(RuleViolation, match="第五十一条"):
        workflow.summary_penalty(
            case,
            on=D(2024, 6, 3),
            penalty_kind="licence",
            fine_amount=None,
            officers=enf.pair(),
            by=enf.by,
        )
    with pytest.raises(RuleViolation, match="负数"):
        workflow.summary_penalty(
            case,
            on=D(2024, 6, 3),
            penalty_kind="fine",
            fine_amount=Decimal("-5"),
            officers=enf.pair(),
            by=enf.by,
        )


# --- Compulsory measures --------------------------------------------------------


def test_measure_extended_once_by_at_most_thirty_days(enf: Enf) -> None:
    case = enf.clue(case_type="coercion")
    workflow.file_case(case, on=D(2024, 3, 5), by=enf.by)
    measure = workflow.apply_measure(
        case,
        kind="seize",
        started_on=D(2024, 3, 5),
        items="木材",
        approved_by="乡长",
        officers=enf.pair(),
        by=enf.by,
    )
    with pytest.raises(RuleViolation, match="第二十五条"):
        workflow.extend_measure(
            measure, days=31, reason="r", approver="乡长", on=D(2024, 3, 20), by=enf.by
        )
    workflow.extend_measure(
        measure, days=30, reason="r", approver="乡长", on=D(2024, 3, 20), by=enf.by
    )
    with pytest.raises(RuleViolation, match="一次"):
        workflow.extend_measure(
            measure, days=1, reason="r", approver="乡长", on=D(2024, 3, 21), by=enf.by
        )
    with pytest.raises(RuleViolation, match="未解除"):
        workflow.close(case, on=D(2024, 3, 22), by=enf.by)
    workflow.lift_measure(measure, on=D(2024, 3, 22), by=enf.by)
    workflow.close(case, on=D(2024, 3, 22), by=enf.by)


def test_stage_table_refuses_steps_out_of_order(enf: Enf) -> None:
    case = enf.clue()
    with pytest.raises(RuleViolation) as exc:
        workflow.notify(
            case,
            on=D(2024, 3, 10),
            penalty_kind="fine",
            fine_amount=Decimal("1"),
            facts="f",
            legal_basis="b",
            by=enf.by,
        )
    assert exc.value.field == "stage"


def test_outsider_cannot_run_a_step(enf: Enf) -> None:
    case = enf.clue()
    with pytest.raises(RuleViolation, match="管辖范围"):
        workflow.file_case(case, on=D(2024, 3, 5), by=enf.w.outsider)
    with pytest.raises(RuleViolation, match="只读"):
        workflow.file_case(case, on=D(2024, 3, 5), by=enf.w.county_user)
