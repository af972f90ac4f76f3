"""Each workflow rule, with a test that fails if the rule is broken."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fazhi.core import steps
from fazhi.core.errors import ConcurrentEdit, RuleViolation
from fazhi.core.models import OrgUnit, Setting
from fazhi.publicity import workflow
from fazhi.publicity.models import (
    LawExam,
    PlanItem,
    PublicityActivity,
    PublicityPlan,
    StatusChange,
)
from tests.factories import OrgUnitFactory, PersonFactory, World

from .helpers import activity, cadre, item, plan, spring_festival, study, topic

TODAY = dt.date(2024, 11, 25)


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch: pytest.MonkeyPatch) -> dt.date:
    monkeypatch.setattr(steps, "today", lambda: TODAY)
    return TODAY


def _field(exc: pytest.ExceptionInfo[ValidationError]) -> str:
    return next(iter(exc.value.message_dict))


# --- activities: bad input named in the issue --------------------------------


def test_activity_beyond_plan_year_refused(world: World) -> None:
    with pytest.raises(RuleViolation) as exc:
        activity(world, date=dt.date(2025, 1, 5))
    assert _field(exc) == "date"
    assert "超出了计划年度（2024年）" in str(exc.value)
    assert not PublicityActivity.objects.exists()


def test_activity_outside_its_plan_items_years_refused(world: World) -> None:
    it = item(world, plan(world, 2024))
    with pytest.raises(RuleViolation) as exc:
        activity(world, date=dt.date(2023, 12, 30), plan_item=it)
    assert _field(exc) == "date"


def test_future_date_in_plan_year_is_scheduled_not_held(world: World) -> None:
    a = activity(world, date=dt.date(2024, 12, 4))
    assert a.status == PublicityActivity.Status.SCHEDULED
    past = activity(world, date=dt.date(2024, 3, 1))
    assert past.status == PublicityActivity.Status.HELD


def test_negative_participants_refused(world: World) -> None:
    with pytest.raises(RuleViolation) as exc:
        activity(world, participants=-5)
    assert _field(exc) == "participants"
    assert "参与人数不能为负数" in str(exc.value)
    with pytest.raises(RuleViolation) as exc:
        activity(world, materials=-1)
    assert _field(exc) == "materials"
    assert not PublicityActivity.objects.exists()


def test_sector_not_in_list_refused(world: World) -> None:
    with pytest.raises(RuleViolation) as exc:
        activity(world, sectors=("village", "factory"))
    assert _field(exc) == "sectors"
    assert "“factory”不在列表中" in str(exc.value)
    with pytest.raises(RuleViolation):
        activity(world, sectors=())


def test_unit_reached_outside_scope_refused(world: World) -> None:
    with pytest.raises(RuleViolation) as exc:
        activity(world, reached=[world.other_township])
    assert _field(exc) == "units_reached"
    # A village records its own activities and reaches only its own area.
    with pytest.raises(RuleViolation) as exc:
        activity(world, by=world.village_cadre, unit=world.village, reached=[world.village2])
    assert _field(exc) == "units_reached"


def test_activity_in_another_unit_refused(world: World) -> None:
    with pytest.raises(RuleViolation) as exc:
        activity(world, by=world.village_cadre, unit=world.village2, reached=[world.village2])
    assert _field(exc) == "unit"


def test_read_only_role_cannot_record(world: World) -> None:
    with pytest.raises(RuleViolation):
        activity(world, by=world.county_user)


def test_nothing_half_saved_on_refusal(world: World) -> None:
    a = activity(world)
    a.participants = -1
    with pytest.raises(RuleViolation):
        workflow.save_activity(
            a, by=world.owner, topics=[topic()], sectors=["village"], units_reached=[world.village]
        )
    a.refresh_from_db()
    assert a.participants == 100
    assert list(a.sectors.values_list("code", flat=True)) == ["village"]


def test_concurrent_edit_refused(world: World) -> None:
    a = activity(world)
    first = PublicityActivity.objects.get(pk=a.pk)
    second = PublicityActivity.objects.get(pk=a.pk)
    first.title = "甲的修改"
    workflow.save_activity(
        first,
        by=world.owner,
        topics=[topic()],
        sectors=["village"],
        units_reached=[world.village],
        version=1,
    )
    second.title = "乙的修改"
    with pytest.raises(ConcurrentEdit):
        workflow.save_activity(
            second,
            by=world.colleague,
            topics=[topic()],
            sectors=["village"],
            units_reached=[world.village],
            version=1,
        )
    assert PublicityActivity.objects.get(pk=a.pk).title == "甲的修改"


# --- activity states -----------------------------------------------------------


def test_hold_only_on_or_after_date(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    a = activity(world, date=dt.date(2024, 12, 4))
    with pytest.raises(RuleViolation) as exc:
        workflow.hold_activity(a, by=world.owner, participants=50)
    assert _field(exc) == "date"
    monkeypatch.setattr(steps, "today", lambda: dt.date(2024, 12, 5))
    a = workflow.hold_activity(a, by=world.owner, participants=50, materials=10)
    assert a.status == PublicityActivity.Status.HELD and a.participants == 50
    assert StatusChange.objects.filter(object_id=a.pk, to_status="held").exists()
    with pytest.raises(RuleViolation) as exc:
        workflow.hold_activity(a, by=world.owner, participants=50)
    assert _field(exc) == "status"


def test_hold_refuses_negative_counts(world: World) -> None:
    a = activity(world, date=dt.date(2024, 12, 4))
    with pytest.raises(RuleViolation):
        workflow.cancel_activity(a, by=world.owner, reason="")
    with pytest.raises(RuleViolation):
        workflow.hold_activity(a, by=world.owner, participants=-1)


def test_cancel_scheduled_only(world: World) -> None:
    held = activity(world)
    with pytest.raises(RuleViolation):
        workflow.cancel_activity(held, by=world.owner, reason="下雨")
    sched = activity(world, date=dt.date(2024, 12, 20))
    sched = workflow.cancel_activity(sched, by=world.owner, reason="下雨")
    assert sched.status == PublicityActivity.Status.CANCELLED


# --- plan items follow their activities ------------------------------------------


def test_item_done_when_activity_held_and_reopened_when_deleted(world: World) -> None:
    it = item(world, plan(world))
    assert it.status == PlanItem.Status.PLANNED
    a = activity(world, plan_item=it, date=dt.date(2024, 3, 12))
    it.refresh_from_db()
    assert it.status == PlanItem.Status.DONE and it.done_on == dt.date(2024, 3, 12)
    workflow.delete_activity(a, by=world.owner)
    it.refresh_from_db()
    assert it.status == PlanItem.Status.PLANNED and it.done_on is None


def test_scheduled_activity_does_not_complete_item(world: World) -> None:
    it = item(world, plan(world), month=12)
    activity(world, plan_item=it, date=dt.date(2024, 12, 4))
    it.refresh_from_db()
    assert it.status == PlanItem.Status.PLANNED


def test_item_overdue_after_its_month(world: World) -> None:
    it = item(world, plan(world), month=9)
    assert it.is_overdue(dt.date(2024, 10, 1))
    assert not it.is_overdue(dt.date(2024, 9, 30))


def test_item_month_within_plan_and_units_within_area(world: World) -> None:
    p = plan(world)
    with pytest.raises(RuleViolation) as exc:
        item(world, p, planned_month=dt.date(2025, 1, 1))
    assert _field(exc) == "planned_month"
    with pytest.raises(RuleViolation) as exc:
        item(world, p, units=[world.other_township])
    assert _field(exc) == "target_units"
    with pytest.raises(RuleViolation) as exc:
        item(world, p, sectors=("factory",))
    assert _field(exc) == "target_sectors"


def test_cancelled_item_cannot_be_fulfilled_and_counts_not_done(world: World) -> None:
    it = workflow.cancel_plan_item(item(world, plan(world)), by=world.owner, reason="经费调整")
    with pytest.raises(RuleViolation) as exc:
        activity(world, plan_item=it)
    assert _field(exc) == "plan_item"
    with pytest.raises(RuleViolation):
        workflow.cancel_plan_item(item(world, plan(world, 2023)), by=world.owner, reason=" ")


# --- plans ---------------------------------------------------------------------


def test_plan_adopt_needs_items_and_close_needs_review(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    p = plan(world)
    with pytest.raises(RuleViolation) as exc:
        workflow.adopt_plan(p, by=world.owner, adopted_on=dt.date(2024, 1, 10))
    assert _field(exc) == "items"
    item(world, p)
    with pytest.raises(RuleViolation) as exc:
        workflow.adopt_plan(p, by=world.owner, adopted_on=dt.date(2025, 1, 10))
    assert _field(exc) == "adopted_on"
    p = workflow.adopt_plan(
        p, by=world.owner, adopted_on=dt.date(2024, 1, 10), doc_no="湘源发〔2024〕5号"
    )
    assert p.status == PublicityPlan.Status.ADOPTED
    with pytest.raises(RuleViolation):
        workflow.adopt_plan(p, by=world.owner)
    with pytest.raises(RuleViolation) as exc:
        workflow.close_plan(p, by=world.owner, review="")
    assert _field(exc) == "review"
    p = workflow.close_plan(p, by=world.owner, review="全年完成计划项目。")
    with pytest.raises(RuleViolation):
        item(world, p)
    p.title = "改名"
    with pytest.raises(RuleViolation):
        workflow.save_plan(p, by=world.owner)


def test_plan_period_shape(world: World) -> None:
    with pytest.raises(RuleViolation) as exc:
        plan(world, 2024, end_year=2025)
    assert _field(exc) == "end_year"
    five = plan(world, 2021, kind=PublicityPlan.Kind.FIVE_YEAR, end_year=2025, title="八五规划")
    with pytest.raises(RuleViolation):
        plan(world, 2026, parent=five)
    annual = plan(world, 2024, parent=five)
    assert annual.parent == five
    with pytest.raises(RuleViolation):
        plan(world, 2022, kind=PublicityPlan.Kind.FIVE_YEAR, end_year=2024, title="三年")


def test_campaign_suggestions_go_into_plan_in_their_month(world: World) -> None:
    p = plan(world)
    suggestions = dict(workflow.suggested_campaigns(p))
    constitution = next(c for c in suggestions if "宪法" in c.name)
    assert suggestions[constitution] == dt.date(2024, 12, 1)
    created = workflow.add_campaign_items(
        p, [constitution], by=world.owner, lead_unit=world.township
    )
    assert created[0].planned_month == dt.date(2024, 12, 1)
    assert constitution not in dict(workflow.suggested_campaigns(p))
    # Running it again adds nothing.
    assert (
        workflow.add_campaign_items(p, [constitution], by=world.owner, lead_unit=world.township)
        == []
    )


def test_festival_campaign_follows_work_calendar(world: World) -> None:
    from fazhi.core.models import CalendarDay

    if not CalendarDay.objects.filter(date=dt.date(2024, 2, 10)).exists():
        pytest.skip("work calendar not seeded")
    assert spring_festival().date_in(2024) == dt.date(2024, 2, 10)
    assert spring_festival().date_in(2025) == dt.date(2025, 1, 28)


# --- study, exam ------------------------------------------------------------------


def test_study_attendees_outside_unit_refused(world: World) -> None:
    stranger = cadre(world, unit=world.other_township)
    with pytest.raises(RuleViolation) as exc:
        study(world, [cadre(world), stranger])
    assert _field(exc) == "attendees"
    assert stranger.name in str(exc.value)
    with pytest.raises(RuleViolation):
        study(world, [])
    # A village's session takes only the village's people.
    with pytest.raises(RuleViolation):
        study(world, [cadre(world, unit=world.village2)], unit=world.village)


def test_study_not_in_future_and_hours_bounded(world: World) -> None:
    with pytest.raises(RuleViolation) as exc:
        study(world, [cadre(world)], date=dt.date(2024, 12, 1))
    assert _field(exc) == "date"
    with pytest.raises(RuleViolation) as exc:
        study(world, [cadre(world)], hours="30")
    assert _field(exc) == "hours"


def test_study_attendance_replaced_on_edit(world: World) -> None:
    a, b, c = cadre(world), cadre(world), cadre(world)
    s = study(world, [a, b])
    workflow.save_study(s, by=world.owner, attendees=[b, c], version=s.version)
    assert set(s.attendance.values_list("person_id", flat=True)) == {b.pk, c.pk}


def test_exam_pass_mark_is_a_setting(world: World) -> None:
    p = cadre(world)
    exam = workflow.save_exam(
        LawExam(year=2024, person=p, sat=True, score=Decimal("65")), by=world.owner
    )
    assert exam.passed and exam.pass_mark == Decimal("60") and exam.unit == p.unit
    Setting.objects.create(unit=world.township, key="publicity.exam.pass_mark", value=70)
    q = cadre(world)
    exam2 = workflow.save_exam(
        LawExam(year=2024, person=q, sat=True, score=Decimal("65")), by=world.owner
    )
    assert exam2.passed is False and exam2.pass_mark == Decimal("70")
    exam.refresh_from_db()
    assert exam.passed  # recorded results keep the mark they were judged by


def test_exam_input_rules(world: World) -> None:
    p = cadre(world)
    for kwargs, field in [
        ({"sat": True, "score": None}, "score"),
        ({"sat": True, "score": Decimal("101")}, "score"),
        ({"sat": True, "score": Decimal("-1")}, "score"),
        ({"sat": False, "score": Decimal("80")}, "score"),
        ({"sat": True, "score": Decimal("80"), "exam_date": dt.date(2023, 5, 1)}, "exam_date"),
    ]:
        with pytest.raises(RuleViolation) as exc:
            workflow.save_exam(LawExam(year=2024, person=p, **kwargs), by=world.owner)
        assert _field(exc) == field, kwargs
    with pytest.raises(RuleViolation) as exc:
        workflow.save_exam(LawExam(year=2027, person=p, sat=False), by=world.owner)
    assert _field(exc) == "year"
    citizen = PersonFactory(unit=world.township, is_cadre=False)
    with pytest.raises(RuleViolation) as exc:
        workflow.save_exam(LawExam(year=2024, person=citizen, sat=False), by=world.owner)
    assert _field(exc) == "person"
    workflow.save_exam(
        LawExam(year=2024, person=p, sat=False, absence_reason="病假"), by=world.owner
    )
    with pytest.raises(RuleViolation):
        workflow.save_exam(LawExam(year=2024, person=p, sat=False), by=world.owner)


def test_exam_roll_lists_every_cadre_once(world: World) -> None:
    a, b = cadre(world), cadre(world, unit=world.village)
    cadre(world, unit=world.other_township)
    PersonFactory(unit=world.township, is_cadre=False)
    assert workflow.open_exam_roll(world.township, 2024, by=world.owner) == 2
    assert workflow.open_exam_roll(world.township, 2024, by=world.owner) == 0
    assert set(LawExam.objects.values_list("person_id", flat=True)) == {a.pk, b.pk}
    with pytest.raises(RuleViolation):
        workflow.open_exam_roll(world.other_township, 2024, by=world.owner)


def test_villager_must_live_in_village(world: World) -> None:
    from fazhi.publicity.models import LegalLiterateVillager

    outsider = PersonFactory(unit=world.village2)
    with pytest.raises(RuleViolation) as exc:
        workflow.save_villager(
            LegalLiterateVillager(
                unit=world.village, person=outsider, appointed_on=dt.date(2024, 3, 1)
            ),
            by=world.owner,
        )
    assert _field(exc) == "person"
    local = PersonFactory(unit=world.village)
    workflow.save_villager(
        LegalLiterateVillager(unit=world.village, person=local, appointed_on=dt.date(2024, 3, 1)),
        by=world.owner,
    )
    with pytest.raises(RuleViolation):
        workflow.save_villager(
            LegalLiterateVillager(
                unit=world.village, person=local, appointed_on=dt.date(2024, 4, 1)
            ),
            by=world.owner,
        )


def test_model_village_must_be_a_village(world: World) -> None:
    from fazhi.publicity.models import ModelVillage

    with pytest.raises(RuleViolation) as exc:
        workflow.save_model_village(
            ModelVillage(unit=world.township, level="county", awarded_year=2022), by=world.owner
        )
    assert _field(exc) == "unit"


def test_scope_root_of_office_is_township(world: World) -> None:
    office = OrgUnitFactory(name="司法所", kind=OrgUnit.Kind.DEPARTMENT, parent=world.township)
    assert workflow.scope_root(office) == world.township
    assert workflow.township_of(world.village) == world.township


# --- wide inputs -----------------------------------------------------------------


# Records accumulate across examples; each example checks only its own record.
@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    participants=st.integers(min_value=-10_000, max_value=10_000),
    day=st.integers(min_value=0, max_value=800),
)
def test_counts_and_dates_property(world: World, participants: int, day: int) -> None:
    date = dt.date(2024, 1, 1) + dt.timedelta(days=day)
    ok = participants >= 0 and date.year <= TODAY.year
    try:
        a = activity(world, participants=participants, date=date)
    except RuleViolation as exc:
        assert not ok
        assert next(iter(exc.message_dict)) in {"participants", "date"}
        return
    assert ok
    assert a.status == ("held" if date <= TODAY else "scheduled")
