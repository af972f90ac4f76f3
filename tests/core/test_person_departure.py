"""A cadre without an account who leaves is recorded as gone: a person's
离职日期 (Person.departed_on), set on their page by a role that manages people
(core.workflow.record_departure, audited). From that day core.serving no
longer offers them for new work; a record already naming them keeps them.
Before, only a deactivated account marked someone gone, and most village
cadres have none: they stayed 责任人 choices for ever."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from fazhi.core import serving
from fazhi.core import workflow as core_workflow
from fazhi.core.errors import RuleViolation
from fazhi.core.models import AuditEvent, Person
from fazhi.governance import workflow as governance_workflow
from fazhi.governance.models import WorkPlan, WorkTask
from tests.factories import PersonFactory, UserFactory, World

pytestmark = pytest.mark.django_db


@pytest.fixture
def cadre(world: World) -> Person:
    return PersonFactory(name="冯志强", unit=world.township, is_cadre=True)


@pytest.fixture
def plan(world: World) -> WorkPlan:
    return core_workflow.create_record(
        WorkPlan(unit=world.township, year=2024, title="2024年法治政府建设工作方案"),
        by=world.owner,
    )


def depart(world: World, user: Any, person: Person, day: str) -> Any:
    return world.client(user).post(
        reverse("core:person_depart", args=[person.pk]), {"departed_on": day}
    )


def owners_offered(world: World, user: Any) -> set[int]:
    form = world.client(user).get(reverse("governance:task_create")).context["form"]
    return {int(str(v)) for v, _label in form.fields["owner_person"].choices if v != ""}


def test_owner_and_colleague_record_it_on_the_page_the_outsider_gets_404(
    world: World, cadre: Person
) -> None:
    today = timezone.localdate()
    for user in (world.owner, world.colleague):
        page = world.client(user).get(cadre.get_absolute_url()).content.decode()
        assert 'data-testid="departure-form"' in page and "离职日期" in page, user
    page = world.client(world.outsider).get(cadre.get_absolute_url())
    assert page.status_code == 404
    assert depart(world, world.outsider, cadre, today.isoformat()).status_code == 404
    cadre.refresh_from_db()
    assert cadre.departed_on is None

    version = cadre.version
    response = depart(world, world.owner, cadre, today.isoformat())
    assert response.status_code == 302
    cadre.refresh_from_db()
    assert cadre.departed_on == today and cadre.version == version + 1
    event = AuditEvent.objects.filter(object_id=str(cadre.pk), action="update").latest("pk")
    assert event.changes == {"departed_on": [None, today.isoformat()]}
    assert (
        today.isoformat()
        in world.client(world.colleague).get(cadre.get_absolute_url()).content.decode()
    )

    # The colleague clears a date entered in error.
    assert depart(world, world.colleague, cadre, "").status_code == 302
    cadre.refresh_from_db()
    assert cadre.departed_on is None


def test_a_read_only_role_and_a_date_out_of_range_are_refused_naming_the_field(
    world: World, cadre: Person
) -> None:
    page = world.client(world.county_user).get(cadre.get_absolute_url()).content.decode()
    assert 'data-testid="departure-form"' not in page
    response = depart(world, world.county_user, cadre, timezone.localdate().isoformat())
    assert response.status_code == 400
    assert "只读" in response.content.decode()
    response = depart(world, world.owner, cadre, "1900-01-01")
    assert response.status_code == 400
    assert response.context["depart_form"].errors["departed_on"]
    assert "离职日期" in response.context["depart_form"].errors["departed_on"][0]
    cadre.refresh_from_db()
    assert cadre.departed_on is None
    with pytest.raises(RuleViolation):
        core_workflow.record_departure(cadre, on=timezone.localdate(), by=world.county_user)


def test_from_the_day_they_left_they_are_not_offered_for_new_work(
    world: World, cadre: Person, plan: WorkPlan
) -> None:
    today = timezone.localdate()
    task = governance_workflow.add_task(
        WorkTask(
            plan=plan,
            unit=world.township,
            title="任务",
            deadline=dt.date(2024, 11, 30),
            owner_user=world.owner,
            owner_person=cadre,
        ),
        by=world.owner,
    )
    # A departure entered ahead: serving until that day.
    core_workflow.record_departure(cadre, on=today + dt.timedelta(days=1), by=world.owner)
    assert Person.objects.filter(serving.serving_people(), pk=cadre.pk).exists()
    for user in (world.owner, world.colleague):
        assert cadre.pk in owners_offered(world, user), user
    core_workflow.record_departure(cadre, on=today, by=world.owner)
    assert not Person.objects.filter(serving.serving_people(), pk=cadre.pk).exists()
    for user in (world.owner, world.colleague):
        assert cadre.pk not in owners_offered(world, user), user
    response = world.client(world.owner).post(
        reverse("governance:task_create"),
        {
            "plan": plan.pk,
            "unit": world.township.pk,
            "title": "另一任务",
            "measures": "",
            "deadline": "2024-11-30",
            "owner_person": cadre.pk,
        },
    )
    assert response.context["form"].errors["owner_person"] == [
        "责任人“冯志强（湘江源瑶族乡）”已离职或调离，请另选他人。"
    ]
    assert WorkTask.objects.count() == 1
    # The task given before keeps them.
    form = world.client(world.owner).get(reverse("governance:task_edit", args=[task.pk]))
    choices = form.context["form"].fields["owner_person"].choices
    assert cadre.pk in {int(str(v)) for v, _label in choices if v != ""}
    task.refresh_from_db()
    assert task.owner_person == cadre


def test_an_account_whose_person_left_is_not_serving(world: World, cadre: Person) -> None:
    account = UserFactory(
        username="fzq", role=world.owner.role, home_unit=world.township, person=cadre
    )
    from fazhi.core.models import User

    assert User.objects.filter(serving.serving_accounts(), pk=account.pk).exists()
    core_workflow.record_departure(cadre, on=timezone.localdate(), by=world.owner)
    assert not User.objects.filter(serving.serving_accounts(), pk=account.pk).exists()
