"""Each workflow rule, with a test that fails if the rule is broken. Clocks
are checked on the real 2024–2026 holiday calendar (seeded by core's migration)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fazhi.core import clocks
from fazhi.core.errors import RuleViolation
from fazhi.core.indicators import Period, compute
from fazhi.core.models import Clock, Reminder, Setting
from fazhi.mediation import queries, rules, workflow
from fazhi.mediation.models import (
    Agreement,
    CaseEvent,
    CommitteeMember,
    Dispute,
    DisputeCategory,
    DisputeParty,
    FollowUp,
    MediationCase,
    MediationCommittee,
    Mediator,
    Relative,
    Screening,
)
from fazhi.mediation.workflow import AgreementInput, PartyInput
from tests.factories import PersonFactory, UserFactory, valid_id_number

from .conftest import D, Med

pytestmark = pytest.mark.django_db

WRITTEN = dict(
    form=Agreement.Form.WRITTEN,
    terms="赔偿1000元。",
    facts="事实",
    issues="争议",
    responsibilities="责任",
    performance_manner="现金",
    performance_place="村委会",
    performance_deadline=D(2024, 10, 31),
)


def _err(exc: pytest.ExceptionInfo[RuleViolation]) -> dict[str, list[str]]:
    return exc.value.message_dict


# --- committees -------------------------------------------------------------


def test_village_committee_must_sit_on_a_village(world) -> None:
    with pytest.raises(RuleViolation) as exc:
        workflow.create_committee(
            MediationCommittee(
                unit=world.township, name="错级", level="village", established_on=D(2020, 1, 1)
            ),
            by=world.owner,
        )
    assert "unit" in _err(exc)
    assert not MediationCommittee.objects.exists()


def test_term_is_three_years(world) -> None:
    c = workflow.create_committee(
        MediationCommittee(
            unit=world.village,
            name="荆竹村人民调解委员会",
            level="village",
            established_on=D(2020, 1, 1),
            term_start=D(2024, 3, 1),
        ),
        by=world.owner,
    )
    assert c.term_end == D(2027, 2, 28)  # 人民调解法第九条


def test_one_chair_only(med: Med) -> None:
    p = PersonFactory(unit=med.world.village)
    with pytest.raises(RuleViolation) as exc:
        workflow.add_member(
            med.village_committee,
            person=p,
            position=CommitteeMember.Position.CHAIR,
            elected_on=D(2024, 3, 1),
            by=med.world.owner,
        )
    assert "position" in _err(exc)


def test_composition_warnings_size_woman_minority(med: Med) -> None:
    c = med.village_committee
    assert queries.composition_warnings(c, D(2024, 6, 1)) == []
    woman = c.members.get(person__gender="F")
    workflow.end_member(woman, left_on=D(2024, 5, 1), by=med.world.owner)
    warnings = queries.composition_warnings(c, D(2024, 6, 1))
    assert any("三至九人" in w for w in warnings)
    assert any("妇女" in w for w in warnings)
    yao = c.members.get(person__ethnicity="瑶族")
    workflow.end_member(yao, left_on=D(2024, 5, 2), by=med.world.owner)
    assert any("瑶族" in w for w in queries.composition_warnings(c, D(2024, 6, 1)))


def test_committees_are_counted_as_in_office_at_period_end(med: Med) -> None:
    period = Period.year(2024)
    assert compute("mediation.committees", med.world.township, period) == 2
    med.village_committee.dissolved_on = D(2024, 12, 31)
    med.village_committee.save()
    assert compute("mediation.committees", med.world.township, period) == 1
    assert compute("mediation.committees.village", med.world.township, period) == 0
    MediationCommittee.objects.filter(pk=med.township_committee.pk).update(
        established_on=D(2025, 1, 1)
    )
    assert compute("mediation.committees.township", med.world.township, period) == 0
    assert compute("mediation.committees.township", med.world.township, Period.year(2025)) == 1


def test_mediators_counted_once_and_by_office(med: Med) -> None:
    period = Period.year(2024)
    assert compute("mediation.mediators", med.world.township, period) == 2
    assert compute("mediation.mediators.full_time", med.world.township, period) == 2
    # The same person also serving the township committee counts once.
    workflow.appoint_mediator(
        Mediator(
            committee=med.township_committee,
            person=med.village_mediator.person,
            appointed_on=D(2022, 1, 1),
        ),
        by=med.world.owner,
    )
    assert compute("mediation.mediators", med.world.township, period) == 2
    Mediator.objects.filter(pk=med.township_mediator.pk).update(left_on=D(2024, 6, 30))
    assert compute("mediation.mediators", med.world.township, period) == 1
    assert compute("mediation.mediators", med.world.other_township, period) == 0


# --- disputes ---------------------------------------------------------------


def _dispute(world, **kw) -> Dispute:
    fields = dict(
        unit=world.village,
        title="纠纷",
        category=DisputeCategory.objects.get(code="debt"),
        facts="事实",
        source=Dispute.Source.APPLICATION,
        found_on=D(2024, 9, 1),
    )
    fields.update(kw)
    return Dispute(**fields)


def test_invalid_party_id_number_is_refused_and_nothing_saved(world) -> None:
    before = Dispute.objects.count()
    good = valid_id_number(7)
    bad = good[:17] + ("0" if good[17] != "0" else "1")  # wrong check digit
    with pytest.raises(RuleViolation) as exc:
        workflow.register_dispute(
            _dispute(world),
            parties=[
                PartyInput(name="甲", id_number=good),
                PartyInput(name="乙", id_number=bad, role="respondent"),
            ],
            by=world.owner,
        )
    assert "id_number" in _err(exc)
    assert "当事人2的身份证号码" in _err(exc)["id_number"][0]
    assert Dispute.objects.count() == before
    assert not DisputeParty.objects.exists()


def test_party_reuses_person_by_id_number_and_checks_the_name(world) -> None:
    p = PersonFactory(unit=world.village, name="王五")
    d = workflow.register_dispute(
        _dispute(world), parties=[PartyInput(name="王五", id_number=p.id_number)], by=world.owner
    )
    assert d.parties.get().person == p
    with pytest.raises(RuleViolation) as exc:
        workflow.register_dispute(
            _dispute(world),
            parties=[PartyInput(name="王六", id_number=p.id_number)],
            by=world.owner,
        )
    assert "id_number" in _err(exc)


def test_high_risk_needs_reason_and_reminds_leaders(
    world, django_capture_on_commit_callbacks
) -> None:
    with pytest.raises(RuleViolation) as exc:
        workflow.register_dispute(_dispute(world, risk_level="high"), by=world.owner)
    assert "risk_reason" in _err(exc)
    with django_capture_on_commit_callbacks(execute=True):
        d = workflow.register_dispute(
            _dispute(world, risk_level="high", risk_reason="扬言上访"), by=world.owner
        )
    reminder = Reminder.objects.get(user=world.colleague)  # the township leader
    assert d.title in reminder.title
    assert not Reminder.objects.filter(user=world.outsider).exists()


def test_raising_risk_to_high_on_edit_reminds_leaders(
    med: Med, django_capture_on_commit_callbacks
) -> None:
    from fazhi.core import audit

    d = med.dispute
    before = audit.snapshot(d)
    d.risk_level, d.risk_reason = "high", "群体性"
    with django_capture_on_commit_callbacks(execute=True):
        workflow.update_dispute(d, by=med.world.owner, version=d.version, before=before)
    assert Reminder.objects.filter(
        user=med.world.colleague, key__contains=f"dispute:{d.pk}"
    ).exists()


def test_stale_version_is_refused(med: Med) -> None:
    from fazhi.core import audit

    d = Dispute.objects.get(pk=med.dispute.pk)
    seen = d.version
    workflow.close_dispute(
        med.dispute, outcome="resolved", on=D(2024, 9, 3), note="当场化解", by=med.world.owner
    )
    d.title = "改"
    with pytest.raises(RuleViolation):
        workflow.update_dispute(d, by=med.world.colleague, version=seen, before=audit.snapshot(d))
    assert Dispute.objects.get(pk=d.pk).title == "宅基地界址纠纷"


def test_screening_source_needs_a_round_of_the_unit(world) -> None:
    with pytest.raises(RuleViolation) as exc:
        workflow.register_dispute(_dispute(world, source="screening"), by=world.owner)
    assert "screening" in _err(exc)
    other = Screening.objects.create(
        unit=world.village2, screened_on=D(2024, 9, 1), screeners="x", scope="y"
    )
    with pytest.raises(RuleViolation) as exc:
        workflow.register_dispute(
            _dispute(world, source="screening", screening=other), by=world.owner
        )
    assert "screening" in _err(exc)


# --- cases ------------------------------------------------------------------


def test_village_committee_cannot_take_another_villages_dispute(med: Med, world) -> None:
    d = workflow.register_dispute(_dispute(world, unit=world.village2), by=world.owner)
    with pytest.raises(RuleViolation) as exc:
        workflow.apply(
            d,
            committee=med.village_committee,
            start="ex_officio",
            applied_on=D(2024, 9, 2),
            by=world.owner,
        )
    assert "committee" in _err(exc)


def test_one_open_case_per_dispute(med: Med) -> None:
    med.case(accept=False)
    with pytest.raises(RuleViolation) as exc:
        med.case(accept=False)
    assert "dispute" in _err(exc)


def test_accept_numbers_and_starts_one_month_clock_over_national_day(med: Med) -> None:
    case = med.case(applied=D(2024, 9, 1), assign=False)
    assert case.number == "荆竹村调〔2024〕1号"
    clock = clocks.clock(case, rules.CLOCK_CONCLUSION)
    assert clock is not None and clock.status == Clock.Status.RUNNING
    # One month from 2024-09-01 is 2024-10-01, inside the National Day holiday
    # (10-01..10-07): the period ends on the next working day (民法典第二百零三条).
    assert clock.due_date == D(2024, 10, 8)
    assert Dispute.objects.get(pk=med.dispute.pk).status == Dispute.Status.MEDIATING


def test_one_month_clock_at_month_end_and_spring_festival(med: Med) -> None:
    case = med.case(applied=D(2025, 1, 1), assign=False)
    # 2025-02-01 falls in the Spring Festival holiday (01-28..02-04); 02-08 is a
    # make-up working Saturday but 02-05 is the first working day.
    assert clocks.clock(case, rules.CLOCK_CONCLUSION).due_date == D(2025, 2, 5)
    assert workflow.add_months(D(2024, 1, 31), 1) == D(2024, 2, 29)


def test_month_setting_changes_the_clock(med: Med) -> None:
    Setting.objects.create(unit=med.world.township, key=rules.CONCLUSION_MONTHS.key, value=2)
    case = med.case(applied=D(2026, 3, 2), assign=False)
    assert clocks.clock(case, rules.CLOCK_CONCLUSION).due_date == D(
        2026, 5, 6
    )  # 05-02 in Labour Day holiday


def test_accept_with_stale_version_is_refused(med: Med) -> None:
    case = med.case(accept=False)
    seen = case.version
    workflow.decline(
        case, on=D(2024, 9, 3), reason="一方明确拒绝调解", by=med.world.owner, version=seen
    )
    with pytest.raises(RuleViolation):
        workflow.accept(case, on=D(2024, 9, 3), by=med.world.colleague, version=seen)


def test_declined_case_needs_reason(med: Med) -> None:
    case = med.case(accept=False)
    with pytest.raises(RuleViolation) as exc:
        workflow.decline(case, on=D(2024, 9, 3), reason=" ", by=med.world.owner)
    assert "reason" in _err(exc)


def test_recusal_mediator_who_is_a_party(med: Med) -> None:
    case = med.case(assign=False)
    m = workflow.appoint_mediator(
        Mediator(committee=med.village_committee, person=med.applicant, appointed_on=D(2022, 1, 1)),
        by=med.world.owner,
    )
    with pytest.raises(RuleViolation) as exc:
        workflow.assign_mediator(case, mediator=m, on=D(2024, 9, 2), by=med.world.owner)
    assert "mediator" in _err(exc)


def test_recusal_mediator_related_to_a_party(med: Med) -> None:
    case = med.case(assign=False)
    workflow.declare_relative(
        med.respondent,
        med.village_mediator.person,
        relation=Relative.Relation.SIBLING,
        by=med.world.owner,
    )
    with pytest.raises(RuleViolation) as exc:
        workflow.assign_mediator(
            case, mediator=med.village_mediator, on=D(2024, 9, 2), by=med.world.owner
        )
    assert "兄弟姐妹" in _err(exc)["mediator"][0]
    assert not case.assignments.exists()
    assert MediationCase.objects.get(pk=case.pk).status == MediationCase.Status.ACCEPTED


def test_recusal_declared_relation(med: Med) -> None:
    case = med.case(assign=False)
    with pytest.raises(RuleViolation) as exc:
        workflow.assign_mediator(
            case,
            mediator=med.village_mediator,
            on=D(2024, 9, 2),
            declared_related=True,
            by=med.world.owner,
        )
    assert "declared_related" in _err(exc)


def test_mediator_of_another_committee_is_refused(med: Med) -> None:
    case = med.case(assign=False)
    with pytest.raises(RuleViolation) as exc:
        workflow.assign_mediator(
            case, mediator=med.township_mediator, on=D(2024, 9, 2), by=med.world.owner
        )
    assert "mediator" in _err(exc)


def test_parties_choice_is_recorded(med: Med) -> None:
    case = med.case(assign=False)
    workflow.assign_mediator(
        case,
        mediator=med.village_mediator,
        on=D(2024, 9, 2),
        chosen_by_parties=True,
        by=med.world.owner,
    )
    case.refresh_from_db()
    assert case.status == MediationCase.Status.MEDIATING
    assert "村调解员" in case.parties_choice


@pytest.mark.parametrize(
    "field",
    [
        "facts",
        "issues",
        "responsibilities",
        "performance_manner",
        "performance_place",
        "performance_deadline",
    ],
)
def test_written_agreement_requires_contents(med: Med, field: str) -> None:
    case = med.case()
    data = dict(WRITTEN, dated=D(2024, 9, 10))
    data[field] = None if field == "performance_deadline" else ""
    with pytest.raises(RuleViolation) as exc:
        workflow.record_agreement(case, AgreementInput(**data), by=med.world.owner)
    assert field in _err(exc)
    assert not Agreement.objects.exists()
    assert MediationCase.objects.get(pk=case.pk).status == MediationCase.Status.MEDIATING


def test_agreement_dated_before_the_case_is_refused(med: Med) -> None:
    case = med.case(applied=D(2024, 9, 2))
    with pytest.raises(RuleViolation) as exc:
        workflow.record_agreement(
            case, AgreementInput(**dict(WRITTEN, dated=D(2024, 9, 1))), by=med.world.owner
        )
    assert "dated" in _err(exc)


def test_written_agreement_needs_both_parties(med: Med, world) -> None:
    d = workflow.register_dispute(
        _dispute(world), parties=[PartyInput(person=med.applicant)], by=world.owner
    )
    case = workflow.apply(
        d,
        committee=med.village_committee,
        start="ex_officio",
        applied_on=D(2024, 9, 2),
        by=world.owner,
    )
    workflow.accept(case, on=D(2024, 9, 2), by=world.owner)
    workflow.assign_mediator(case, mediator=med.village_mediator, on=D(2024, 9, 2), by=world.owner)
    with pytest.raises(RuleViolation) as exc:
        workflow.record_agreement(
            case, AgreementInput(**dict(WRITTEN, dated=D(2024, 9, 10))), by=world.owner
        )
    assert "parties" in _err(exc)


def test_oral_agreement_effective_at_once_and_30_day_window_over_national_day(med: Med) -> None:
    case = med.case(applied=D(2024, 9, 2))
    agreement = workflow.record_agreement(
        case,
        AgreementInput(form=Agreement.Form.ORAL, dated=D(2024, 9, 5), terms="道歉。"),
        by=med.world.owner,
    )
    assert agreement.effective_on == D(2024, 9, 5)  # 人民调解法第三十条
    case.refresh_from_db()
    assert case.status == MediationCase.Status.AGREED and case.concluded_on == D(2024, 9, 5)
    assert clocks.clock(case, rules.CLOCK_CONCLUSION).status == Clock.Status.STOPPED
    window = clocks.clock(case, rules.CLOCK_CONFIRMATION)
    # 30 days from 2024-09-05 is 2024-10-05, a National Day holiday → 2024-10-08.
    assert window.due_date == D(2024, 10, 8)
    assert Dispute.objects.get(pk=med.dispute.pk).status == Dispute.Status.RESOLVED
    assert FollowUp.objects.filter(case=case).count() == 1


def test_written_agreement_effective_only_when_signed_and_sealed(med: Med) -> None:
    case = med.case(applied=D(2024, 9, 2))
    agreement = workflow.record_agreement(
        case, AgreementInput(**dict(WRITTEN, dated=D(2024, 9, 10))), by=med.world.owner
    )
    assert agreement.number.startswith("荆竹村调协〔2024〕")
    workflow.sign_agreement(
        agreement,
        parties_signed_on=D(2024, 9, 10),
        mediator_signed_on=D(2024, 9, 10),
        by=med.world.owner,
    )
    agreement.refresh_from_db()
    assert agreement.effective_on is None
    assert clocks.clock(case, rules.CLOCK_CONFIRMATION) is None
    with pytest.raises(RuleViolation) as exc:
        workflow.apply_confirmation(
            agreement,
            applied_on=D(2024, 9, 12),
            court="蓝山县人民法院",
            joint=True,
            by=med.world.owner,
        )
    assert "applied_on" in _err(exc)
    with pytest.raises(RuleViolation):
        workflow.sign_agreement(agreement, seal_recorded_on=D(2024, 9, 9), by=med.world.owner)
    workflow.sign_agreement(agreement, seal_recorded_on=D(2024, 9, 11), by=med.world.owner)
    agreement.refresh_from_db()
    assert agreement.effective_on == D(2024, 9, 11)  # 人民调解法第二十九条
    assert clocks.clock(case, rules.CLOCK_CONFIRMATION).due_date == D(2024, 10, 11)
    # Follow-up: performance deadline + the setting's 7 days.
    assert FollowUp.objects.get(case=case).scheduled_on == D(2024, 11, 7)


def _effective(med: Med, dated: dt.date = D(2024, 9, 5)) -> Agreement:
    case = med.case(applied=D(2024, 9, 2))
    return workflow.record_agreement(
        case,
        AgreementInput(form=Agreement.Form.ORAL, dated=dated, terms="道歉。"),
        by=med.world.owner,
    )


def test_confirmation_must_be_joint(med: Med) -> None:
    agreement = _effective(med)
    with pytest.raises(RuleViolation) as exc:
        workflow.apply_confirmation(
            agreement,
            applied_on=D(2024, 9, 20),
            court="蓝山县人民法院",
            joint=False,
            by=med.world.owner,
        )
    assert "joint" in _err(exc)


def test_confirmation_on_last_day_is_on_time_and_late_one_is_flagged(med: Med) -> None:
    agreement = _effective(med)
    on_time = workflow.apply_confirmation(
        agreement, applied_on=D(2024, 10, 8), court="蓝山县人民法院", joint=True, by=med.world.owner
    )
    assert on_time.late is False
    clock = clocks.clock(agreement.case, rules.CLOCK_CONFIRMATION)
    assert clock.status == Clock.Status.STOPPED and clock.on_time


def test_late_confirmation_is_recorded_and_flagged(med: Med) -> None:
    agreement = _effective(med)
    late = workflow.apply_confirmation(
        agreement, applied_on=D(2024, 10, 9), court="蓝山县人民法院", joint=True, by=med.world.owner
    )
    assert late.late is True
    assert (
        compute("mediation.judicial_confirmations.late", med.world.township, Period.year(2024)) == 1
    )
    workflow.record_confirmation_result(
        late, result="confirmed", decided_on=D(2024, 10, 20), by=med.world.owner
    )
    assert compute("mediation.judicial_confirmations", med.world.township, Period.year(2024)) == 1


def test_waive_stops_the_window(med: Med) -> None:
    agreement = _effective(med)
    workflow.waive_confirmation(agreement, on=D(2024, 9, 6), by=med.world.owner)
    assert clocks.clock(agreement.case, rules.CLOCK_CONFIRMATION).status == Clock.Status.STOPPED
    with pytest.raises(RuleViolation):
        workflow.waive_confirmation(agreement, on=D(2024, 9, 7), by=med.world.owner)


def test_followup_records_honoured(med: Med) -> None:
    agreement = _effective(med)
    followup = FollowUp.objects.get(case=agreement.case)
    with pytest.raises(RuleViolation) as exc:
        workflow.record_followup(
            followup, done_on=D(2024, 9, 20), visitor="村调解员", honoured="", by=med.world.owner
        )
    assert "honoured" in _err(exc)
    workflow.record_followup(
        followup, done_on=D(2024, 9, 20), visitor="村调解员", honoured="yes", by=med.world.owner
    )
    assert compute("mediation.followups.honoured", med.world.township, Period.year(2024)) == 1


def test_failed_mediation_must_tell_the_routes(med: Med) -> None:
    case = med.case()
    with pytest.raises(RuleViolation) as exc:
        workflow.fail(case, on=D(2024, 9, 20), reason="分歧大", routes=[], by=med.world.owner)
    assert "routes_given" in _err(exc)
    workflow.fail(
        case, on=D(2024, 9, 20), reason="分歧大", routes=["litigation"], by=med.world.owner
    )
    case.refresh_from_db()
    assert case.status == MediationCase.Status.FAILED
    assert Dispute.objects.get(pk=med.dispute.pk).status == Dispute.Status.UNRESOLVED
    assert compute("mediation.success_rate", med.world.township, Period.year(2024)) == 0.0


def test_closed_case_cannot_move(med: Med) -> None:
    case = med.case()
    workflow.fail(
        case, on=D(2024, 9, 20), reason="分歧大", routes=["litigation"], by=med.world.owner
    )
    with pytest.raises(RuleViolation) as exc:
        workflow.record_agreement(
            case, AgreementInput(form="oral", dated=D(2024, 9, 21), terms="x"), by=med.world.owner
        )
    assert "form" in _err(exc)


def test_escalation_keeps_history_and_counts_once(med: Med) -> None:
    case = med.case(applied=D(2024, 9, 2))
    new = workflow.escalate(
        case,
        to_committee=med.township_committee,
        on=D(2024, 9, 10),
        reason="跨村山林",
        by=med.world.owner,
    )
    case.refresh_from_db()
    assert case.status == MediationCase.Status.ESCALATED and new.escalated_from == case
    assert new.status == MediationCase.Status.ACCEPTED and new.unit == med.world.township
    assert new.number == "湘源调〔2024〕1号"
    assert clocks.clock(case, rules.CLOCK_CONCLUSION).status == Clock.Status.STOPPED
    assert clocks.clock(new, rules.CLOCK_CONCLUSION).status == Clock.Status.RUNNING
    assert list(CaseEvent.objects.filter(case=new).values_list("to_status", flat=True)) == [
        "applied",
        "accepted",
    ]
    period = Period.year(2024)
    assert compute("mediation.cases.accepted", med.world.township, period) == 1
    assert compute("mediation.disputes.escalated", med.world.township, period) == 1
    with pytest.raises(RuleViolation):
        workflow.escalate(
            new,
            to_committee=med.township_committee,
            on=D(2024, 9, 11),
            reason="再移交",
            by=med.world.owner,
        )


def test_extension_needs_both_parties_consent_and_is_capped(med: Med) -> None:
    case = med.case(applied=D(2024, 9, 2))
    with pytest.raises(RuleViolation) as exc:
        workflow.extend_conclusion(
            case,
            days=10,
            reason="补充证据",
            parties_consent=False,
            on=D(2024, 9, 20),
            by=med.world.owner,
        )
    assert "parties_consent" in _err(exc)
    clock = workflow.extend_conclusion(
        case,
        days=10,
        reason="补充证据",
        parties_consent=True,
        on=D(2024, 9, 20),
        by=med.world.owner,
    )
    assert clock.due_date == D(2024, 10, 12)  # 10-02 + 10 days; 10-12 is a make-up working Saturday
    with pytest.raises(RuleViolation) as exc:
        workflow.extend_conclusion(
            case,
            days=21,
            reason="再延",
            parties_consent=True,
            on=D(2024, 9, 25),
            by=med.world.owner,
        )
    assert "days" in _err(exc)


def test_read_only_role_cannot_act(med: Med) -> None:
    case = med.case(accept=False)
    with pytest.raises(RuleViolation):
        workflow.accept(case, on=D(2024, 9, 3), by=med.world.county_user)


def test_session_requires_mediation_and_dates(med: Med) -> None:
    case = med.case(assign=False)
    with pytest.raises(RuleViolation):
        workflow.record_session(
            case,
            held_on=D(2024, 9, 3),
            place="调解室",
            attendees="双方",
            record="记录",
            by=med.world.owner,
        )
    workflow.assign_mediator(
        case, mediator=med.village_mediator, on=D(2024, 9, 2), by=med.world.owner
    )
    with pytest.raises(RuleViolation) as exc:
        workflow.record_session(
            case,
            held_on=D(2024, 9, 1),
            place="调解室",
            attendees="双方",
            record="记录",
            by=med.world.owner,
        )
    assert "held_on" in _err(exc)


# --- screening --------------------------------------------------------------


def test_missed_rounds_weekly_village_monthly_township(world) -> None:
    start, end = D(2024, 9, 2), D(2024, 9, 29)  # four ISO weeks
    for day in (D(2024, 9, 4), D(2024, 9, 18), D(2024, 9, 25)):
        Screening.objects.create(unit=world.village, screened_on=day, screeners="a", scope="b")
    Screening.objects.create(
        unit=world.township, screened_on=D(2024, 9, 25), screeners="a", scope="b"
    )
    units = queries.screening_units(world.township)
    rows = queries.missed_rounds(units, start, end)
    by_unit = {(r.unit.name, r.period_start) for r in rows}
    assert ("荆竹村", D(2024, 9, 9)) in by_unit
    assert sum(1 for r in rows if r.unit == world.village) == 1
    assert sum(1 for r in rows if r.unit == world.village2) == 4
    assert not any(r.unit == world.township for r in rows)  # September held
    Setting.objects.create(
        unit=world.township, key=rules.SCREENING_FREQUENCY_VILLAGE.key, value="monthly"
    )
    rows = queries.missed_rounds(units, D(2024, 9, 1), D(2024, 9, 30))
    assert [r.unit for r in rows] == [world.village2]


def test_screening_in_the_future_is_refused(world) -> None:
    with pytest.raises(RuleViolation) as exc:
        workflow.record_screening(
            Screening(
                unit=world.village, screened_on=dt.date(2099, 1, 1), screeners="a", scope="b"
            ),
            by=world.owner,
        )
    assert "screened_on" in _err(exc)


@given(
    st.dates(min_value=D(2020, 1, 1), max_value=D(2026, 11, 30)),
    st.integers(min_value=1, max_value=12),
)
def test_add_months_is_the_corresponding_day_or_month_end(day: dt.date, months: int) -> None:
    out = workflow.add_months(day, months)
    assert (out.year * 12 + out.month) - (day.year * 12 + day.month) == months
    assert out.day == day.day or (out.day < day.day and (out + dt.timedelta(days=1)).day == 1)


def test_amount_cannot_be_negative(world) -> None:
    with pytest.raises(RuleViolation) as exc:
        workflow.register_dispute(_dispute(world, amount=Decimal("-1")), by=world.owner)
    assert "amount" in _err(exc)


def test_no_committee_for_a_user_outside_scope(med: Med) -> None:
    outsider_writer = UserFactory(
        username="o2", role="judicial_office", home_unit=med.world.other_township
    )
    with pytest.raises(RuleViolation) as exc:
        workflow.apply(
            med.dispute,
            committee=med.village_committee,
            start="ex_officio",
            applied_on=D(2024, 9, 2),
            by=outsider_writer,
        )
    assert "committee" in _err(exc)
