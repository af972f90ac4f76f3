"""Each workflow rule of 《信访工作条例》 has a test that fails if the rule is broken."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fazhi.core import clocks, steps
from fazhi.core.errors import ConcurrentEdit, RuleViolation
from fazhi.core.models import Clock
from fazhi.core.roles import Role
from fazhi.petitions import rules
from fazhi.petitions import workflow as wf
from fazhi.petitions.models import Petition, Stage, StageChange
from fazhi.petitions.workflow import PetitionerData
from fazhi.petitions.workflow.appeals import check_window
from tests.factories import UserFactory, valid_id_number

from .conftest import Leaders

pytestmark = pytest.mark.django_db
D = dt.date


def _clock(p: Petition, kind: str) -> Clock:
    c = clocks.clock(p, kind)
    assert c is not None
    return c


def _field(exc: pytest.ExceptionInfo[RuleViolation]) -> str:
    return exc.value.field


def accepted(register: Any, leaders: Leaders, on: D = D(2024, 9, 25), **kw: Any) -> Petition:
    p = register(**kw)
    return wf.accept(p, by=leaders.clerk, on=on)


def replied(register: Any, leaders: Leaders, served: D = D(2024, 10, 20), **kw: Any) -> Petition:
    p = accepted(register, leaders, **kw)
    return wf.reply(
        p,
        by=leaders.clerk,
        on=D(2024, 10, 18),
        request="请求",
        facts="事实",
        outcome="support",
        basis="依据",
        served_on=served,
    )


# --- registration -----------------------------------------------------------


def test_register_numbers_in_official_style_and_starts_the_15_day_notice_clock(
    register: Any,
) -> None:
    p = register(received_on=D(2024, 9, 20))
    assert p.number == "湘源信〔2024〕1号"
    assert register(received_on=D(2024, 9, 21)).number == "湘源信〔2024〕2号"
    assert len(p.query_code) == 12 and p.stage == Stage.REGISTERED
    notice = _clock(p, rules.CLOCK_RECEIPT_NOTICE)
    # 15 days from 2024-09-20 is Saturday 10-05, inside National Day: rolls to Tuesday 10-08.
    assert notice.due_date == D(2024, 10, 8)
    assert any("国庆节" in s for s in notice.explanation)
    assert StageChange.objects.filter(petition=p, to_stage=Stage.REGISTERED).count() == 1


def test_transferred_item_needs_sending_body_and_reference(register: Any) -> None:
    with pytest.raises(RuleViolation) as exc:
        register(source="transferred", sending_body="蓝山县信访局")
    assert _field(exc) == "sending_ref"
    with pytest.raises(RuleViolation) as exc:
        register(source="transferred", sending_ref="蓝信转〔2024〕3号")
    assert _field(exc) == "sending_body"
    assert Petition.objects.count() == 0  # nothing half-saved


def test_group_visit_at_most_five_representatives(register: Any) -> None:
    people = [
        PetitionerData(f"代表{i}", valid_id_number(100 + i), is_representative=True)
        for i in range(6)
    ]
    with pytest.raises(RuleViolation) as exc:
        register(petitioners=people, group_size=30)
    assert _field(exc) == "petitioners" and "5" in str(exc.value) and "第二十条" in str(exc.value)
    p = register(petitioners=people[:5], group_size=30)
    assert p.petitioners.filter(is_representative=True).count() == 5


def test_group_visit_must_name_representatives(register: Any) -> None:
    with pytest.raises(RuleViolation) as exc:
        register(group_size=12)
    assert _field(exc) == "petitioners"


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(n=st.integers(min_value=0, max_value=9))
def test_representatives_rule_for_any_count(register: Any, n: int) -> None:
    people = [PetitionerData(f"人{i}", "", is_representative=True) for i in range(n)] or [
        PetitionerData("甲")
    ]
    if n > rules.MAX_REPRESENTATIVES:
        with pytest.raises(RuleViolation):
            register(petitioners=people, group_size=max(n, 1))
    else:
        assert register(petitioners=people, group_size=max(n, 1)).pk


_GOOD = valid_id_number(5)
_WRONG_CHECK = _GOOD[:17] + ("0" if _GOOD[17] != "0" else "1")


@pytest.mark.parametrize(
    "bad", ["43112719800517001", "431127198013170011", "43112719800517001A", _WRONG_CHECK]
)
def test_unknown_id_number_format_is_refused_naming_the_field(register: Any, bad: str) -> None:
    with pytest.raises(RuleViolation) as exc:
        register(petitioners=[PetitionerData("张三", bad)])
    assert _field(exc) == "id_number" and "身份证号码" in str(exc.value)


def test_received_date_in_the_future_is_refused(register: Any) -> None:
    with pytest.raises(RuleViolation) as exc:
        register(received_on=steps.today() + dt.timedelta(days=1))
    assert _field(exc) == "received_on"


def test_read_only_role_cannot_register(register: Any, world: Any) -> None:
    with pytest.raises(RuleViolation):
        register(by=world.county_user, unit=world.township)


def test_accused_unit_only_for_accusations(register: Any, world: Any) -> None:
    with pytest.raises(RuleViolation) as exc:
        register(category="claim", accused_unit=world.village)
    assert _field(exc) == "accused_unit"


# --- repeat-petition detection ---------------------------------------------


def test_same_id_number_links_the_earlier_petition(register: Any) -> None:
    first = register(title="山林权属争议", content="与邻组就山林界址发生争议。")
    second = register(title="低保评定异议", content="完全不同的事项。", received_on=D(2024, 10, 2))
    assert (
        second.is_repeat and second.repeat_of == first and "身份证号码相同" in second.repeat_reason
    )
    assert not first.is_repeat


def test_near_identical_matter_by_an_unidentified_petitioner_is_linked(register: Any) -> None:
    first = register()
    unsigned = [PetitionerData("匿名来信人")]
    second = register(
        petitioners=unsigned,
        received_on=D(2024, 10, 1),
        content="村民反映承包地被他人占用，请求乡政府协调处理！",
    )
    assert second.is_repeat and second.repeat_of == first and "事项相近" in second.repeat_reason
    # Another identified person (another ID number) on the same matter: not a repeat.
    neighbour = register(
        petitioners=[PetitionerData("李四", valid_id_number(777))],
        received_on=D(2024, 10, 2),
        content="村民反映承包地被他人占用，请求乡政府协调处理！",
    )
    assert neighbour.is_repeat and neighbour.repeat_of == second  # the unsigned letter
    register(title="村口路灯", content="村口道路夜间无照明", received_on=D(2024, 10, 3))
    identified = register(
        petitioners=[PetitionerData("王六", valid_id_number(779))],
        title="村口路灯",
        content="村口道路夜间无照明！",
        received_on=D(2024, 10, 4),
    )
    assert not identified.is_repeat
    different = register(
        petitioners=[PetitionerData("王五", valid_id_number(778))],
        title="建议增设路灯",
        content="村口道路夜间无照明，建议安装路灯。",
        received_on=D(2024, 10, 3),
    )
    assert not different.is_repeat


def test_same_name_on_the_same_subject_is_a_repeat_even_without_an_id_number(
    register: Any,
) -> None:
    first = register(
        petitioners=[PetitionerData("盘新华")],
        title="宅基地被占用",
        content="邻居建房占用我家宅基地约20平方米，请求乡政府调处。",
        received_on=D(2024, 10, 8),
    )
    # Same day, the clerk retypes the matter in other words.
    second = register(
        petitioners=[PetitionerData("盘新华", phone="13900000001")],
        title="宅基地被占用",
        content="反映隔壁盖房子占了他家的宅基地，要求政府出面解决。",
        received_on=D(2024, 10, 8),
    )
    assert second.is_repeat and second.repeat_of == first
    assert "同名信访人（盘新华）" in second.repeat_reason and first.number in second.repeat_reason


def test_same_name_on_another_subject_or_with_another_id_is_not_a_repeat(register: Any) -> None:
    register(
        petitioners=[PetitionerData("盘新华", valid_id_number(311))],
        title="宅基地被占用",
        content="邻居建房占用我家宅基地约20平方米，请求乡政府调处。",
        received_on=D(2024, 10, 8),
    )
    other_subject = register(
        petitioners=[PetitionerData("盘新华")],
        title="建议村口增设路灯",
        content="村口道路夜间无照明，建议安装路灯。",
        received_on=D(2024, 10, 8),
        category="suggestion",
    )
    assert not other_subject.is_repeat and other_subject.repeat_reason == ""
    namesake = register(
        petitioners=[PetitionerData("盘新华", valid_id_number(312))],
        title="宅基地被占用",
        content="我家老屋旁的空地被村里划给别人建房。",
        received_on=D(2024, 10, 9),
    )
    assert not namesake.is_repeat


def test_repeat_thresholds_are_township_settings(register: Any, world: Any) -> None:
    from fazhi.core.models import Setting

    register(petitioners=[PetitionerData("盘新华")], title="宅基地被占用", content="甲乙丙")
    Setting.objects.create(
        unit=world.township, key="petitions.repeat_similarity_same_name", value=1.01
    )
    again = register(petitioners=[PetitionerData("盘新华")], title="宅基地被占用", content="丁戊己")
    assert not again.is_repeat


def test_similarity_ignores_punctuation_spaces_and_full_width_forms() -> None:
    assert wf.similarity("占用宅基地２０平方米，请求调处。", "占用宅基地 20 平方米请求调处") == 1.0
    assert wf.similarity("宅基地被占用", "建议增设路灯") < 0.2


# --- decision ----------------------------------------------------------------


def test_accept_stops_notice_clock_and_starts_60_day_handling_clock(
    register: Any, leaders: Leaders
) -> None:
    p = accepted(register, leaders, on=D(2024, 9, 25))
    notice = _clock(p, rules.CLOCK_RECEIPT_NOTICE)
    assert notice.status == Clock.Status.STOPPED and notice.stopped_on == D(2024, 9, 25)
    handling = _clock(p, rules.CLOCK_HANDLING)
    assert handling.start_date == D(2024, 9, 25) and handling.due_date == D(
        2024, 11, 25
    )  # 11-24 is Sunday
    assert p.stage == Stage.ACCEPTED


def test_handling_clock_on_national_day_2025_rolls_past_the_holiday(
    register: Any, leaders: Leaders
) -> None:
    p = accepted(register, leaders, on=D(2025, 8, 2), received_on=D(2025, 8, 1))
    assert _clock(p, rules.CLOCK_HANDLING).due_date == D(2025, 10, 9)


def test_notice_clock_on_national_day_2026(register: Any) -> None:
    p = register(received_on=D(2026, 9, 16))
    assert _clock(p, rules.CLOCK_RECEIPT_NOTICE).due_date == D(2026, 10, 8)


def test_decision_before_receipt_is_refused(register: Any, leaders: Leaders) -> None:
    p = register(received_on=D(2024, 9, 20))
    with pytest.raises(RuleViolation) as exc:
        wf.accept(p, by=leaders.clerk, on=D(2024, 9, 19))
    assert _field(exc) == "on"
    p.refresh_from_db()
    assert (
        p.stage == Stage.REGISTERED
        and not StageChange.objects.filter(to_stage=Stage.ACCEPTED).exists()
    )


def test_accepting_twice_is_refused_by_the_transition_table(
    register: Any, leaders: Leaders
) -> None:
    p = accepted(register, leaders)
    with pytest.raises(RuleViolation) as exc:
        wf.accept(p, by=leaders.clerk, on=D(2024, 9, 26))
    assert _field(exc) == "stage"


def test_decline_names_the_competent_body(register: Any, leaders: Leaders) -> None:
    p = register()
    with pytest.raises(RuleViolation) as exc:
        wf.decline(p, by=leaders.clerk, on=D(2024, 9, 22), competent_body="", reason="不属于本机关")
    assert _field(exc) == "competent_body"
    p = wf.decline(
        p, by=leaders.clerk, on=D(2024, 9, 22), competent_body="蓝山县人社局", reason="不属于本机关"
    )
    assert p.stage == Stage.DECLINED


def test_refer_needs_a_procedure(register: Any, leaders: Leaders) -> None:
    p = register()
    with pytest.raises(RuleViolation) as exc:
        wf.refer(
            p, by=leaders.clerk, on=D(2024, 9, 22), procedure="", competent_body="蓝山县人民法院"
        )
    assert _field(exc) == "procedure"
    assert (
        wf.refer(
            p,
            by=leaders.clerk,
            on=D(2024, 9, 22),
            procedure="litigation",
            competent_body="蓝山县人民法院",
        ).stage
        == Stage.REFERRED
    )


def test_objection_to_a_wrong_transfer_within_5_working_days(
    register: Any, leaders: Leaders
) -> None:
    # Received Friday 2024-09-27: Sunday 09-29 is a make-up workday, 10-01..07 National Day.
    p = register(
        received_on=D(2024, 9, 27),
        source="transferred",
        sending_body="蓝山县信访局",
        sending_ref="蓝信转〔2024〕9号",
    )
    objection = _clock(p, rules.CLOCK_OBJECTION)
    assert objection.day_unit == "working" and objection.due_date == D(2024, 10, 10)
    with pytest.raises(RuleViolation) as exc:
        wf.object_transfer(p, by=leaders.clerk, on=D(2024, 10, 11), reason="不属于本乡职责")
    assert _field(exc) == "on" and "2024-10-10" in str(exc.value)
    p = wf.object_transfer(p, by=leaders.clerk, on=D(2024, 10, 10), reason="不属于本乡职责")
    assert p.stage == Stage.OBJECTED


def test_objection_only_for_transferred_items(register: Any, leaders: Leaders) -> None:
    with pytest.raises(RuleViolation) as exc:
        wf.object_transfer(register(), by=leaders.clerk, on=D(2024, 9, 22), reason="x")
    assert _field(exc) == "source"


# --- handling ----------------------------------------------------------------


def test_key_case_needs_a_leader_of_the_township(
    register: Any, leaders: Leaders, world: Any
) -> None:
    p = accepted(register, leaders)
    with pytest.raises(RuleViolation) as exc:
        wf.assign(p, by=leaders.clerk, responsible_unit=world.village, is_key_case=True)
    assert _field(exc) == "owner_leader"
    stranger = leaders.clerk.person or leaders.head
    outsider_person = type(stranger).objects.create(unit=world.township, name="普通干部")
    with pytest.raises(RuleViolation) as exc:
        wf.assign(
            p,
            by=leaders.clerk,
            responsible_unit=world.village,
            is_key_case=True,
            owner_leader=outsider_person,
        )
    assert _field(exc) == "owner_leader"
    p = wf.assign(
        p,
        by=leaders.clerk,
        responsible_unit=world.village,
        handler=world.village_cadre,
        is_key_case=True,
        owner_leader=leaders.secretary,
    )
    assert p.responsible_level == "village" and p.owner_leader == leaders.secretary
    handling = _clock(p, rules.CLOCK_HANDLING)
    assert set(handling.recipients.all()) >= {world.village_cadre, leaders.secretary_user}


@pytest.mark.parametrize(
    "role", [Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN, Role.AUDIT_ADMIN, Role.COUNTY_SUPERVISOR]
)
def test_administrators_and_read_only_supervisors_never_handle(
    register: Any, leaders: Leaders, world: Any, role: str
) -> None:
    """三员 administer the system and do no case work; a county supervisor only reads."""
    p = accepted(register, leaders)
    user = UserFactory(username=f"u-{role}", role=role, home_unit=world.township)
    with pytest.raises(RuleViolation) as exc:
        wf.assign(p, by=leaders.clerk, responsible_unit=world.village, handler=user)
    assert _field(exc) == "handler" and "不能承办" in str(exc.value)
    p.refresh_from_db()
    assert p.handler is None and p.responsible_unit is None


def test_responsible_unit_must_be_in_the_township(
    register: Any, leaders: Leaders, world: Any
) -> None:
    p = accepted(register, leaders)
    with pytest.raises(RuleViolation) as exc:
        wf.assign(p, by=leaders.clerk, responsible_unit=world.other_township)
    assert _field(exc) == "responsible_unit"


def test_extension_at_most_30_days_once_with_the_head_of_the_organ(
    register: Any, leaders: Leaders
) -> None:
    p = accepted(register, leaders, on=D(2024, 9, 25))
    kw = dict(by=leaders.clerk, reason="情况复杂", on=D(2024, 11, 1), notice_on=D(2024, 11, 2))
    with pytest.raises(RuleViolation) as exc:
        wf.extend(p, days=31, approver=leaders.head, **kw)
    assert _field(exc) == "days" and "第三十四条" in str(exc.value)
    with pytest.raises(RuleViolation) as exc:
        wf.extend(p, days=30, approver=None, **kw)
    assert _field(exc) == "approver"
    with pytest.raises(RuleViolation) as exc:
        wf.extend(
            p, days=30, approver=leaders.chair, **kw
        )  # congress chair is not the organ's head
    assert _field(exc) == "approver"
    with pytest.raises(RuleViolation) as exc:
        wf.extend(
            p,
            days=30,
            approver=leaders.head,
            by=leaders.clerk,
            reason="情况复杂",
            on=D(2024, 11, 1),
            notice_on=None,
        )
    assert _field(exc) == "notice_on"
    with pytest.raises(RuleViolation) as exc:
        wf.extend(
            p,
            days=30,
            approver=leaders.head,
            by=leaders.clerk,
            reason="",
            on=D(2024, 11, 1),
            notice_on=D(2024, 11, 2),
        )
    assert _field(exc) == "reason"
    before = _clock(p, rules.CLOCK_HANDLING).due_date
    p = wf.extend(p, days=30, approver=leaders.head, **kw)
    after = _clock(p, rules.CLOCK_HANDLING)
    assert (
        before == D(2024, 11, 25)
        and after.due_date == D(2024, 12, 24)
        and after.extension_days == 30
    )
    with pytest.raises(RuleViolation) as exc:
        wf.extend(p, days=1, approver=leaders.head, **kw)
    assert "一次" in str(exc.value)


# --- reply and closing ------------------------------------------------------


def test_reply_before_acceptance_is_refused(register: Any, leaders: Leaders) -> None:
    p = register()
    with pytest.raises(RuleViolation) as exc:  # not accepted yet: the transition table refuses
        wf.reply(
            p,
            by=leaders.clerk,
            on=D(2024, 9, 30),
            request="r",
            facts="f",
            outcome="support",
            basis="b",
        )
    assert _field(exc) == "stage"
    p = wf.accept(p, by=leaders.clerk, on=D(2024, 9, 25))
    with pytest.raises(RuleViolation) as exc:
        wf.reply(
            p,
            by=leaders.clerk,
            on=D(2024, 9, 24),
            request="r",
            facts="f",
            outcome="support",
            basis="b",
        )
    assert _field(exc) == "on" and "受理日期" in str(exc.value)


@pytest.mark.parametrize("missing", ["request", "facts", "outcome", "basis"])
def test_claim_reply_needs_request_facts_outcome_and_basis(
    register: Any, leaders: Leaders, missing: str
) -> None:
    p = accepted(register, leaders)
    parts = {"request": "请求", "facts": "事实", "outcome": "support", "basis": "依据"}
    parts[missing] = ""
    with pytest.raises(RuleViolation) as exc:
        wf.reply(p, by=leaders.clerk, on=D(2024, 10, 18), **parts)
    assert _field(exc) == f"reply_{missing}" and "第三十二条" in str(exc.value)
    p.refresh_from_db()
    assert (
        p.stage == Stage.ACCEPTED and _clock(p, rules.CLOCK_HANDLING).status == Clock.Status.RUNNING
    )


def test_suggestion_reply_needs_only_the_answer(register: Any, leaders: Leaders) -> None:
    p = accepted(register, leaders, category="suggestion")
    p = wf.reply(p, by=leaders.clerk, on=D(2024, 10, 18), facts="已采纳。")
    assert p.stage == Stage.REPLIED


def test_reply_stops_the_handling_clock_on_time_or_late(register: Any, leaders: Leaders) -> None:
    p = replied(register, leaders)
    c = _clock(p, rules.CLOCK_HANDLING)
    assert c.status == Clock.Status.STOPPED and c.on_time is True


def test_closing_needs_the_reply_served(register: Any, leaders: Leaders) -> None:
    p = accepted(register, leaders)
    p = wf.reply(
        p,
        by=leaders.clerk,
        on=D(2024, 10, 18),
        request="r",
        facts="f",
        outcome="explain",
        basis="b",
    )
    with pytest.raises(RuleViolation) as exc:
        wf.close(p, by=leaders.clerk, on=D(2024, 11, 30))
    assert _field(exc) == "reply_served_on"
    with pytest.raises(RuleViolation) as exc:
        wf.serve_reply(p, by=leaders.clerk, on=D(2024, 10, 17))
    assert _field(exc) == "served_on"
    p = wf.serve_reply(p, by=leaders.clerk, on=D(2024, 10, 19))
    p = wf.close(p, by=leaders.clerk, on=D(2024, 11, 30))
    assert p.stage == Stage.CLOSED and p.closed_on == D(2024, 11, 30)


def test_closing_a_claim_without_the_opinion_is_refused(register: Any, leaders: Leaders) -> None:
    p = replied(register, leaders)
    Petition.objects.filter(pk=p.pk).update(reply_basis="")  # e.g. an imported legacy record
    with pytest.raises(RuleViolation) as exc:
        wf.close(p, by=leaders.clerk, on=D(2024, 11, 30))
    assert _field(exc) == "reply_basis"


# --- appeals ----------------------------------------------------------------


def test_review_request_after_30_days_is_refused_with_the_reason(
    register: Any, leaders: Leaders
) -> None:
    # Served 2024-09-05: day 30 is 10-05 in National Day, the window ends 10-08.
    p = accepted(register, leaders, on=D(2024, 8, 20), received_on=D(2024, 8, 15))
    p = wf.reply(
        p,
        by=leaders.clerk,
        on=D(2024, 9, 4),
        request="r",
        facts="f",
        outcome="support",
        basis="b",
        served_on=D(2024, 9, 5),
    )
    with pytest.raises(RuleViolation) as exc:
        wf.request_review(p, by=leaders.clerk, requested_on=D(2024, 10, 9), body="蓝山县人民政府")
    text = str(exc.value)
    assert (
        _field(exc) == "requested_on"
        and "2024-10-08" in text
        and "国庆节" in text
        and "第三十五条" in text
    )
    appeal = wf.request_review(
        p, by=leaders.clerk, requested_on=D(2024, 10, 8), body="蓝山县人民政府"
    )
    p.refresh_from_db()
    assert p.stage == Stage.REVIEW and appeal.level == "review"
    assert _clock(p, rules.CLOCK_REVIEW).due_date == D(2024, 11, 7)


@settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(offset=st.integers(min_value=0, max_value=500))
def test_review_window_edge_for_any_service_date(offset: int) -> None:
    served = D(2024, 1, 1) + dt.timedelta(days=offset)
    due = wf.window(served, rules.REVIEW_REQUEST_DAYS)
    assert due.date >= served + dt.timedelta(days=30)
    assert clocks.load_calendar().is_working_day(due.date)
    check_window(due.date, served, 30, "复查", "答复意见", rules.ART_35)
    with pytest.raises(RuleViolation):
        check_window(due.date + dt.timedelta(days=1), served, 30, "复查", "答复意见", rules.ART_35)


def test_review_needs_the_reply_served(register: Any, leaders: Leaders) -> None:
    p = accepted(register, leaders)
    p = wf.reply(
        p,
        by=leaders.clerk,
        on=D(2024, 10, 18),
        request="r",
        facts="f",
        outcome="support",
        basis="b",
    )
    with pytest.raises(RuleViolation) as exc:
        wf.request_review(p, by=leaders.clerk, requested_on=D(2024, 10, 25), body="县政府")
    assert _field(exc) == "requested_on"


def test_re_review_hearing_time_is_excluded_and_then_final(register: Any, leaders: Leaders) -> None:
    p = replied(register, leaders)
    wf.request_review(p, by=leaders.clerk, requested_on=D(2024, 11, 1), body="蓝山县人民政府")
    wf.decide_review(
        p,
        by=leaders.clerk,
        on=D(2024, 11, 20),
        result="upheld",
        opinion="维持",
        served_on=D(2024, 11, 22),
    )
    with pytest.raises(RuleViolation) as exc:
        wf.request_re_review(
            p, by=leaders.clerk, requested_on=D(2024, 12, 24), body="永州市人民政府"
        )
    assert _field(exc) == "requested_on"
    wf.request_re_review(p, by=leaders.clerk, requested_on=D(2024, 12, 2), body="永州市人民政府")
    p.refresh_from_db()
    assert _clock(p, rules.CLOCK_RE_REVIEW).due_date == D(2025, 1, 2)  # 01-01 holiday
    wf.start_hearing(p, by=leaders.clerk, on=D(2024, 12, 10))
    assert _clock(p, rules.CLOCK_RE_REVIEW).status == Clock.Status.PAUSED
    wf.end_hearing(p, by=leaders.clerk, on=D(2024, 12, 15))
    c = _clock(p, rules.CLOCK_RE_REVIEW)
    assert c.status == Clock.Status.RUNNING and c.due_date == D(
        2025, 1, 6
    )  # 5 hearing days excluded
    wf.decide_re_review(p, by=leaders.clerk, on=D(2024, 12, 30), result="upheld", opinion="维持")
    p.refresh_from_db()
    assert p.stage == Stage.FINAL
    with pytest.raises(RuleViolation):
        wf.request_review(p, by=leaders.clerk, requested_on=D(2025, 1, 3), body="县政府")
    again = register(received_on=D(2025, 3, 1))
    assert again.is_repeat and again.after_final and again.repeat_of == p


# --- satisfaction and concurrency ------------------------------------------


def test_satisfaction_only_after_reply(register: Any, leaders: Leaders) -> None:
    p = accepted(register, leaders)
    with pytest.raises(RuleViolation) as exc:
        wf.rate(p, by=leaders.clerk, rating="satisfied", on=D(2024, 10, 1))
    assert _field(exc) == "rating"
    p = wf.reply(
        p,
        by=leaders.clerk,
        on=D(2024, 10, 18),
        request="r",
        facts="f",
        outcome="support",
        basis="b",
    )
    assert (
        wf.rate(p, by=leaders.clerk, rating="satisfied", on=D(2024, 10, 20)).satisfaction
        == "satisfied"
    )


def test_second_save_on_a_stale_version_is_refused(
    register: Any, leaders: Leaders, world: Any
) -> None:
    p = register()
    seen = p.version
    wf.edit(p, by=leaders.clerk, version=seen, title="第一位干部的修改")
    with pytest.raises(ConcurrentEdit) as exc:
        wf.edit(p, by=world.colleague, version=seen, title="第二位干部的修改")
    assert "修改" in str(exc.value) and leaders.clerk.display_name in str(exc.value)
    p.refresh_from_db()
    assert p.title == "第一位干部的修改"
    with pytest.raises(ConcurrentEdit):
        wf.accept(p, by=world.colleague, on=D(2024, 9, 25), version=seen)
    p.refresh_from_db()
    assert p.stage == Stage.REGISTERED


def test_due_soon_and_overdue_reminders_reach_the_handler_and_the_owning_leader(
    register: Any, leaders: Leaders, world: Any
) -> None:
    from fazhi.core import reminders
    from fazhi.core.models import Reminder

    p = accepted(register, leaders, on=D(2024, 9, 25))
    wf.assign(
        p,
        by=leaders.clerk,
        responsible_unit=world.village,
        handler=world.village_cadre,
        is_key_case=True,
        owner_leader=leaders.secretary,
    )
    reminders.scan(D(2024, 11, 26))  # handling due 2024-11-25: overdue
    reminders.scan(D(2024, 11, 26))  # the daily job may run twice
    overdue = Reminder.objects.filter(kind="overdue", clock__kind=rules.CLOCK_HANDLING)
    assert set(overdue.values_list("user__username", flat=True)) >= {"cadre1", "secretary"}
    assert overdue.filter(user=world.village_cadre).count() == 1
    assert overdue.first().url == p.get_absolute_url()  # type: ignore[union-attr]
