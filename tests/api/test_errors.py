"""No refusal reaches the client as a 500: the API's exception handler
(core.api.exception_handler) answers each kind of error in Chinese naming the
field, and the steps schemathesis found answering 500 (issue 15) now validate
what their workflow function needs before anything is written."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError, transaction
from django.test import Client

from fazhi.core.api import exception_handler
from fazhi.core.errors import ConcurrentEdit, RuleViolation
from fazhi.core.models import AuditEvent, Person, User
from fazhi.petitions import workflow as petitions
from fazhi.petitions.models import Petition, Stage, StageChange
from fazhi.publicity.models import PublicityPlan
from tests.enforcement.conftest import Enf
from tests.factories import PersonFactory, World
from tests.petitions.conftest import make_petition

pytestmark = pytest.mark.django_db


def handled(exc: Exception) -> tuple[int, Any]:
    response = exception_handler(exc, {"view": None, "request": None})
    assert response is not None
    return response.status_code, response.data


def integrity_error(make: Any) -> IntegrityError:
    """The IntegrityError the database raises for `make()` (rolled back)."""
    with pytest.raises(IntegrityError) as caught, transaction.atomic():
        make()
    return caught.value


def api(world: World, user: User) -> Client:
    return world.client(user)


# --- the mapping, one kind of error at a time ---------------------------------------


def test_rule_violation_is_400_under_its_field() -> None:
    assert handled(RuleViolation("请填写受理日期。", field="on")) == (
        400,
        {"on": ["请填写受理日期。"]},
    )
    assert handled(RuleViolation("该人员已是干部。")) == (
        400,
        {"non_field_errors": ["该人员已是干部。"]},
    )


def test_refusal_on_the_state_or_a_stale_version_is_409() -> None:
    status, body = handled(RuleViolation("信访事项处于“已受理”阶段。", field="stage"))
    assert status == 409 and body == {"detail": "信访事项处于“已受理”阶段。", "field": "stage"}
    status, body = handled(ConcurrentEdit("张三", "2026-12-04 10:00"))
    assert status == 409 and body["field"] == "version" and "张三" in body["detail"]


def test_django_validation_error_is_400_by_field() -> None:
    assert handled(DjangoValidationError({"name": ["姓名不能为空。"]})) == (
        400,
        {"name": ["姓名不能为空。"]},
    )
    assert handled(DjangoValidationError({"__all__": ["整体有误。"]})) == (
        400,
        {"non_field_errors": ["整体有误。"]},
    )
    assert handled(DjangoValidationError("整体有误。")) == (
        400,
        {"non_field_errors": ["整体有误。"]},
    )


def test_missing_value_is_400_naming_the_field(world: World) -> None:
    exc = integrity_error(lambda: Person.objects.create(unit=world.township, name=None))
    assert handled(exc) == (400, {"name": ["请填写姓名。"]})


def test_duplicate_is_409_naming_the_field(world: World) -> None:
    exc = integrity_error(lambda: User.objects.create(username=world.owner.username))
    status, body = handled(exc)
    assert status == 409 and body["field"] == "username" and "重复" in body["detail"]


def test_check_constraint_is_400_naming_the_constraint(world: World) -> None:
    exc = integrity_error(
        lambda: PublicityPlan.objects.create(
            unit=world.township, title="普法规划", start_year=2026, end_year=2021
        )
    )
    status, body = handled(exc)
    assert status == 400 and "publicityplan_years" in body["non_field_errors"][0]


# --- the operations that answered 500 ----------------------------------------------


def test_deleting_a_person_still_referred_to_is_409_counting_the_referrers(
    world: World,
) -> None:
    leader = PersonFactory(unit=world.township, name="盘建国")
    matters = [make_petition(world.owner, world.township) for _ in range(3)]
    Petition.objects.filter(pk__in=[p.pk for p in matters]).update(owner_leader=leader)
    response = api(world, world.owner).delete(f"/api/v1/people/{leader.pk}/")
    assert response.status_code == 409
    assert response.json() == {"detail": "该人员仍被 3 件信访事项引用，不能删除。"}
    assert Person.objects.filter(pk=leader.pk).exists()
    # One transaction: no audit row of a delete that did not happen.
    assert not AuditEvent.objects.filter(action="delete", object_id=str(leader.pk)).exists()


@pytest.mark.parametrize(
    ("step", "field", "message"),
    [
        ("accept", "on", "请填写受理日期。"),
        ("decline", "on", "请填写决定日期。"),
    ],
)
def test_step_without_its_date_is_400_and_writes_nothing(
    world: World, step: str, field: str, message: str
) -> None:
    petition = make_petition(world.owner, world.township)
    changes = StageChange.objects.filter(petition=petition).count()
    data = {"competent_body": "县人民法院", "reason": "属诉讼事项"}
    response = api(world, world.owner).post(f"/api/v1/petitions/{petition.pk}/{step}/", data)
    assert response.status_code == 400
    assert response.json() == {field: [message]}
    petition.refresh_from_db()
    assert petition.stage == Stage.REGISTERED
    assert StageChange.objects.filter(petition=petition).count() == changes


def test_village_cadre_review_request_without_date_is_400(world: World) -> None:
    cadre = world.village_cadre
    petition = make_petition(cadre, world.village)
    petition = petitions.accept(petition, by=cadre, on=dt.date(2024, 9, 23))
    petition = petitions.reply(
        petition,
        by=cadre,
        on=dt.date(2024, 10, 15),
        request="协调承包地",
        facts="经核实属实",
        outcome="support",
        basis="《中华人民共和国农村土地承包法》",
        served_on=dt.date(2024, 10, 16),
    )
    changes = StageChange.objects.filter(petition=petition).count()
    response = api(world, cadre).post(
        f"/api/v1/petitions/{petition.pk}/review-request/", {"body": "县信访局"}
    )
    assert response.status_code == 400
    assert response.json() == {"requested_on": ["请填写复查请求日期。"]}
    assert StageChange.objects.filter(petition=petition).count() == changes


def test_step_the_stage_no_longer_allows_is_409_with_the_record_now(world: World) -> None:
    petition = make_petition(world.owner, world.township)
    client = api(world, world.owner)
    url = f"/api/v1/petitions/{petition.pk}/accept/"
    assert client.post(url, {"on": "2024-09-23"}).status_code == 200
    response = client.post(url, {"on": "2024-09-23"})
    assert response.status_code == 409
    body = response.json()
    assert body["field"] == "stage" and "不能转为" in body["detail"]
    assert body["current"]["id"] == petition.pk and body["current"]["stage"] == Stage.ACCEPTED


def test_an_id_past_64_bits_is_400_naming_the_input(world: World) -> None:
    enf = Enf(world)
    officer = enf.officer("执法丙", issued=None)
    response = api(world, world.owner).post(
        f"/api/v1/enforcement/officers/{officer.pk}/issue/",
        {
            "number": "N0001",
            "issuing_authority": "湖南省人民政府",
            "issued_on": "2024-03-01",
            "categories": [2**64],
        },
        content_type="application/json",
    )
    # SQLite's driver cannot even send the number (OverflowError: mapped to
    # this message); PostgreSQL finds no such record (the form says so).
    assert response.status_code == 400
    assert list(response.json()) == ["categories"]


def test_publishing_a_decision_the_case_does_not_have_is_409(world: World) -> None:
    enf = Enf(world)
    case = enf.clue()
    response = api(world, world.officer).post(
        f"/api/v1/enforcement/cases/{case.pk}/steps/publish/", {"on": "2024-03-05"}
    )
    assert response.status_code == 409
    body = response.json()
    assert "尚无待公示的处罚决定" in body["detail"] and body["current"]["id"] == case.pk


def test_a_step_out_of_scope_is_404_and_for_a_read_only_role_403(world: World) -> None:
    petition = make_petition(world.owner, world.township)
    url = f"/api/v1/petitions/{petition.pk}/accept/"
    outsider = api(world, world.outsider).post(url, {"on": "2024-09-23"})
    assert outsider.status_code == 404
    county = api(world, world.county_user).post(url, {"on": "2024-09-23"})
    assert county.status_code == 403 and county.json()["detail"]
    petition.refresh_from_db()
    assert petition.stage == Stage.REGISTERED


@pytest.mark.parametrize("body", ["[]", "[1, 2]", "true", "3", "null", '"accept"'])
def test_a_json_body_that_is_not_an_object_is_400_and_writes_nothing(
    world: World, body: str
) -> None:
    """Found by the 30-example fuzz pass: a JSON list, number, true or null
    reached a step's form and the reports' `request.data.get` (500); now the
    parser refuses it (core.parsers), 400 naming the whole body."""
    petition = make_petition(world.owner, world.township)
    changes = StageChange.objects.filter(petition=petition).count()
    client = api(world, world.owner)
    for url in (
        f"/api/v1/petitions/{petition.pk}/accept/",
        "/api/v1/reports/1/regenerate/",
        "/api/v1/people/",
    ):
        response = client.post(url, body, content_type="application/json")
        assert response.status_code == 400, (url, response.content)
        assert "JSON 对象" in response.json()["non_field_errors"][0]
    petition.refresh_from_db()
    assert petition.stage == Stage.REGISTERED
    assert StageChange.objects.filter(petition=petition).count() == changes
    ok = client.post(
        f"/api/v1/petitions/{petition.pk}/accept/",
        {"on": "2024-09-25", "version": petition.version},
        content_type="application/json",
    )
    assert ok.status_code in (200, 400, 409) and "non_field_errors" not in ok.json()
