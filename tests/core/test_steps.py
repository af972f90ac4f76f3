"""The step toolkit (fazhi.core.steps): each check and write every module's
steps are made of, tested once here with the three personas."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from fazhi.core import steps
from fazhi.core.errors import ConcurrentEdit, RuleViolation
from fazhi.core.models import AuditEvent, Person
from fazhi.core.roles import Role
from fazhi.governance.models import WorkTask
from tests.factories import PersonFactory, World

pytestmark = pytest.mark.django_db


def _field(exc: pytest.ExceptionInfo[RuleViolation]) -> str:
    return exc.value.field


def test_check_writer_refuses_read_only_roles(world: World) -> None:
    steps.check_writer(world.owner)
    with pytest.raises(RuleViolation, match="只读"):
        steps.check_writer(world.county_user)


def test_check_scope_owner_colleague_outsider(world: World) -> None:
    person = PersonFactory(unit=world.village)
    steps.check_scope(person, world.owner)
    steps.check_scope(person, world.village_cadre)
    for outsider in (world.outsider, world.village2_cadre):
        with pytest.raises(RuleViolation, match="管辖范围"):
            steps.check_scope(person, outsider)


def test_check_role_names_who_may(world: World) -> None:
    steps.check_role(world.reviewer, {Role.LEGAL_REVIEWER}, "只有法制审核人员可以审核")
    with pytest.raises(RuleViolation, match="只有法制审核人员可以审核") as exc:
        steps.check_role(world.owner, {Role.LEGAL_REVIEWER}, "只有法制审核人员可以审核", "第58条")
    assert exc.value.rule == "第58条"


def test_lock_in_scope_and_version(world: World) -> None:
    person = PersonFactory(unit=world.township)
    assert steps.lock(person, by=world.owner).pk == person.pk
    with pytest.raises(RuleViolation, match="管辖范围"):
        steps.lock(person, by=world.outsider)
    with pytest.raises(RuleViolation, match="只读"):
        steps.lock(person, by=world.county_user)
    steps.lock(person, version=person.version)
    Person.objects.filter(pk=person.pk).update(version=person.version + 1, updated_by=world.owner)
    with pytest.raises(ConcurrentEdit, match=r"owner|他人"):
        steps.lock(person, version=person.version)


def test_touch_saves_only_the_fields_and_bumps_the_version(world: World) -> None:
    person = PersonFactory(unit=world.township, address="旧址")
    Person.objects.filter(pk=person.pk).update(address="别处写的")
    person.name = "新名"
    steps.touch(person, world.owner, ["name", "name"])
    fresh = Person.objects.get(pk=person.pk)
    assert (fresh.name, fresh.address, fresh.version) == ("新名", "别处写的", 2)
    assert fresh.updated_by == world.owner


def test_save_audited_writes_the_difference(world: World) -> None:
    from fazhi.core import audit

    person = PersonFactory(unit=world.township, name="甲")
    before = audit.snapshot(person)
    person.name = "乙"
    steps.save_audited(person, by=world.owner, before=before, note="更正", action="update")
    event = AuditEvent.objects.filter(action="update").latest("pk")
    assert event.note == "更正"
    assert dict(event.change_pairs)["name"] == ["甲", "乙"]
    assert Person.objects.get(pk=person.pk).version == 2


def test_sync_copies_the_locked_row() -> None:
    stale, fresh = Person(name="旧"), Person(name="新")
    assert steps.sync(stale, fresh).name == "新"


def test_move_follows_the_transition_table(world: World) -> None:
    task = WorkTask(status=WorkTask.Status.OPEN)
    assert steps.move(task, WorkTask.Status.DONE) == "open"
    assert task.status == "done"
    with pytest.raises(RuleViolation, match="当前状态为“已完成”，不能转为“推进中”") as exc:
        steps.move(task, WorkTask.Status.IN_PROGRESS)
    assert exc.value.field == "status"


def test_require_text() -> None:
    assert steps.require_text("  理由 ", "reason", "理由") == "理由"
    for empty in ("", "   ", None):
        with pytest.raises(RuleViolation, match="请填写理由") as exc:
            steps.require_text(empty, "reason", "理由")
        assert _field(exc) == "reason"


def test_check_date_bounds() -> None:
    today = timezone.localdate()
    assert steps.check_date(today, "on", "受理日期") == today
    with pytest.raises(RuleViolation, match="请填写受理日期"):
        steps.check_date(None, "on", "受理日期")
    with pytest.raises(RuleViolation, match="不能晚于今天"):
        steps.check_date(today + dt.timedelta(days=1), "on", "受理日期")
    with pytest.raises(RuleViolation, match="不能早于登记日期") as exc:
        steps.check_date(
            today - dt.timedelta(days=2),
            "on",
            "受理日期",
            not_before=today - dt.timedelta(days=1),
            before_what="登记日期",
        )
    assert _field(exc) == "on"


def test_stop_clock_stops_only_a_running_clock(world: World) -> None:
    from fazhi.core import clocks

    person = PersonFactory(unit=world.township)
    start = dt.date(2024, 3, 4)
    assert steps.stop_clock(person, "t.kind", start, world.owner) is None
    clocks.start(
        person,
        kind="t.kind",
        label="测试",
        start_date=start,
        length=10,
        unit="calendar",
        unit_org=world.township,
        by=world.owner,
    )
    assert steps.running_clock(person, "t.kind") is not None
    due = steps.running_due(person, "t.kind")
    # stopped "before" its start is stopped on its start, never refused
    stopped = steps.stop_clock(person, "t.kind", start - dt.timedelta(days=3), world.owner)
    assert stopped is not None and stopped.stopped_on == start
    assert steps.running_clock(person, "t.kind") is None
    assert steps.running_due(person, "t.kind") == due
    assert steps.stop_clock(person, "t.kind", start, world.owner) is None
