"""Nobody who has left is given a task (core.serving): a new task's 责任人 and
提醒账号 do not offer a cadre whose account is deactivated (离职、调离) and
refuse them by name; a task already given to one still opens with them
selected and saves unchanged. Owner and colleague see the same choices; an
outsider sees neither the serving nor the departed cadre (another township)."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from fazhi.core.models import Person, User
from fazhi.core.roles import Role
from fazhi.governance.models import WorkPlan, WorkTask
from tests.factories import UserFactory, World

from .conftest import D, PersonFactory, make_task

pytestmark = pytest.mark.django_db


class Cadres:
    def __init__(self, world: World) -> None:
        self.serving = PersonFactory(name="赵丽娟", unit=world.township, is_cadre=True)
        self.serving_user = UserFactory(
            username="zhaolijuan",
            role=Role.JUDICIAL_OFFICE,
            home_unit=world.township,
            person=self.serving,
        )
        self.gone = PersonFactory(name="冯志强", unit=world.township, is_cadre=True)
        self.gone_user = UserFactory(
            username="fengzhiqiang",
            role=Role.JUDICIAL_OFFICE,
            home_unit=world.township,
            person=self.gone,
        )
        self.leave()

    def leave(self, leaving: bool = True) -> None:
        """The security administrator deactivates the account of one who left."""
        User.objects.filter(pk=self.gone_user.pk).update(is_active=not leaving)
        self.gone_user.refresh_from_db()


@pytest.fixture
def cadres(world: World) -> Cadres:
    return Cadres(world)


def choices(form: Any, name: str) -> set[int]:
    return {int(str(value)) for value, _label in form.fields[name].choices if value != ""}


def task_post(plan: WorkPlan, world: World, **values: Any) -> dict[str, Any]:
    return {
        "plan": plan.pk,
        "unit": world.township.pk,
        "title": "组织村（社区）法律顾问进村服务",
        "measures": "",
        "deadline": "2024-11-30",
        **values,
    }


def test_a_new_task_offers_nobody_who_has_left(world: World, plan: WorkPlan, cadres) -> None:
    for user in (world.owner, world.colleague):
        form = world.client(user).get(reverse("governance:task_create")).context["form"]
        people, accounts = choices(form, "owner_person"), choices(form, "owner_user")
        assert cadres.serving.pk in people and cadres.gone.pk not in people, user
        assert cadres.serving_user.pk in accounts and cadres.gone_user.pk not in accounts, user
    form = world.client(world.outsider).get(reverse("governance:task_create")).context["form"]
    assert not {cadres.serving.pk, cadres.gone.pk} & choices(form, "owner_person")
    assert not {cadres.serving_user.pk, cadres.gone_user.pk} & choices(form, "owner_user")


def test_choosing_someone_who_has_left_is_refused_by_name(
    world: World, plan: WorkPlan, cadres
) -> None:
    c = world.client(world.owner)
    url = reverse("governance:task_create")
    r = c.post(url, task_post(plan, world, owner_person=cadres.gone.pk))
    assert r.status_code == 200
    assert r.context["form"].errors["owner_person"] == [
        "责任人“冯志强（湘江源瑶族乡）”已离职或调离，请另选他人。"
    ]
    r = c.post(url, task_post(plan, world, owner_user=cadres.gone_user.pk))
    assert r.context["form"].errors["owner_user"] == [
        "提醒账号“冯志强（湘江源瑶族乡）”已离职或调离，请另选他人。"
    ]
    assert not WorkTask.objects.exists()
    # Someone serving is taken.
    r = c.post(url, task_post(plan, world, owner_person=cadres.serving.pk))
    assert r.status_code == 302
    assert WorkTask.objects.get().owner_person == cadres.serving


def test_an_outsider_is_not_told_who_left(world: World, plan: WorkPlan, cadres) -> None:
    other = WorkPlan.objects.create(unit=world.other_township, year=2024, title="外乡方案")
    r = world.client(world.outsider).post(
        reverse("governance:task_create"),
        {**task_post(other, world, owner_person=cadres.gone.pk), "unit": world.other_township.pk},
    )
    [error] = r.context["form"].errors["owner_person"]
    assert "冯志强" not in error and "离职" not in error


def test_a_task_given_before_the_departure_keeps_them(world: World, plan: WorkPlan, cadres) -> None:
    cadres.leave(False)
    task = make_task(
        world, plan, D(2024, 11, 30), owner_person=cadres.gone, owner_user=cadres.gone_user
    )
    cadres.leave()  # since the task was given
    for user in (world.owner, world.colleague):
        page = world.client(user).get(reverse("governance:task_edit", args=[task.pk]))
        form = page.context["form"]
        assert cadres.gone.pk in choices(form, "owner_person")
        assert cadres.gone_user.pk in choices(form, "owner_user")
        body = page.content.decode()
        assert f'<option value="{cadres.gone.pk}" selected>冯志强（湘江源瑶族乡）</option>' in body
    r = world.client(world.owner).post(
        reverse("governance:task_edit", args=[task.pk]),
        {
            "title": "组织法律顾问进村服务（调整）",
            "measures": "",
            "owner_person": cadres.gone.pk,
            "owner_user": cadres.gone_user.pk,
            "version": getattr(task, "version", ""),
        },
    )
    assert r.status_code == 302, r.context["form"].errors if r.context else r
    task.refresh_from_db()
    assert task.title == "组织法律顾问进村服务（调整）"
    assert (task.owner_person, task.owner_user) == (cadres.gone, cadres.gone_user)
    # Another task is not given to them.
    second = make_task(world, plan, D(2024, 11, 30), owner_user=world.owner)
    r = world.client(world.owner).post(
        reverse("governance:task_edit", args=[second.pk]),
        {"title": second.title, "measures": "", "owner_person": cadres.gone.pk},
    )
    assert "已离职或调离" in r.context["form"].errors["owner_person"][0]


def test_the_api_refuses_someone_who_has_left(world: World, plan: WorkPlan, cadres) -> None:
    c = world.client(world.owner)
    body = {
        "plan": plan.pk,
        "unit": world.township.pk,
        "title": "制定普法计划",
        "deadline": "2024-10-05",
    }
    r = c.post(
        "/api/v1/governance/tasks/",
        {**body, "owner_person": cadres.gone.pk},
        content_type="application/json",
    )
    assert r.status_code == 400
    assert r.json()["owner_person"] == ["责任人“冯志强”已离职或调离，请另选他人。"]
    r = c.post(
        "/api/v1/governance/tasks/",
        {**body, "owner_user": cadres.gone_user.pk},
        content_type="application/json",
    )
    assert r.status_code == 400 and "已停用" in r.json()["owner_user"][0]
    assert not WorkTask.objects.exists()
    assert Person.objects.filter(pk=cadres.gone.pk).exists()
