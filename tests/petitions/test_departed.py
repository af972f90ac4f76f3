"""交办 gives a matter to nobody who has left (core.serving): a cadre whose
account is deactivated (离职、调离) is offered neither as 承办人 nor as
包案领导, and choosing one is refused by name on the page, the API and in the
workflow. The petition office's clerk and the township's leader see the same
choices; an outsider does not see the matter (404)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from fazhi.core.models import Person, User
from fazhi.core.roles import Role
from fazhi.petitions import workflow as wf
from fazhi.petitions.models import Petition
from tests.factories import PersonFactory, UserFactory

from .conftest import Leaders

pytestmark = pytest.mark.django_db
D = dt.date


def options(html: str, name: str) -> set[int]:
    select = html.split(f'name="{name}"', 1)[1].split("</select>", 1)[0]
    return {int(v) for v in re.findall(r'<option value="(\d+)"', select)}


def leave(user: User) -> None:
    """The security administrator deactivates the account of one who left."""
    User.objects.filter(pk=user.pk).update(is_active=False)
    user.refresh_from_db()


@pytest.fixture
def accepted(register: Any, leaders: Leaders) -> Petition:
    return wf.accept(register(), by=leaders.clerk, on=D(2024, 9, 25))


@pytest.fixture
def gone(world: Any, leaders: Leaders) -> User:
    cadre = UserFactory(
        username="fengzhiqiang",
        role=Role.VILLAGE_CADRE,
        home_unit=world.village,
        person=PersonFactory(name="冯志强", unit=world.village, is_cadre=True),
    )
    leave(cadre)
    leave(leaders.secretary_user)  # 盘建国, the party secretary, transferred
    return cadre


def test_the_assign_form_offers_nobody_who_has_left(
    world: Any, leaders: Leaders, accepted: Petition, gone: User
) -> None:
    for user in (leaders.clerk, world.colleague):
        page = world.client(user).get(f"/petitions/{accepted.pk}/").content.decode()
        handlers = options(page, "assign-handler")
        assert world.village_cadre.pk in handlers and gone.pk not in handlers, user
        owners = options(page, "assign-owner_leader")
        assert leaders.head.pk in owners and leaders.secretary.pk not in owners, user
    assert world.client(world.outsider).get(f"/petitions/{accepted.pk}/").status_code == 404


def test_choosing_someone_who_has_left_is_refused_by_name(
    world: Any, leaders: Leaders, accepted: Petition, gone: User
) -> None:
    client = world.client(leaders.clerk)
    page = client.post(
        f"/petitions/{accepted.pk}/step/assign/",
        {
            "version": accepted.version,
            "assign-responsible_unit": world.village.pk,
            "assign-handler": gone.pk,
            "assign-is_key_case": "on",
            "assign-owner_leader": leaders.secretary.pk,
        },
    )
    assert page.status_code == 400
    body = page.content.decode()
    assert "承办人“冯志强（荆竹村）”已离职或调离，请另选他人。" in body
    assert "包案领导“盘建国”已离职或调离，请另选他人。" in body
    api = client.post(
        f"/api/v1/petitions/{accepted.pk}/assign/",
        {"responsible_unit": world.village.pk, "handler": gone.pk},
        content_type="application/json",
    )
    assert api.status_code == 400
    assert api.json()["handler"] == ["承办人“冯志强（荆竹村）”已离职或调离，请另选他人。"]
    fresh = Petition.objects.get(pk=accepted.pk)
    assert (fresh.handler, fresh.owner_leader, fresh.version) == (None, None, accepted.version)
    # The workflow says the same to any caller (a ledger import, a command).
    with pytest.raises(ValidationError) as exc:
        wf.assign(accepted, by=leaders.clerk, responsible_unit=world.village, handler=gone)
    assert exc.value.message_dict["handler"] == ["承办人“冯志强”已离职或调离，请另选他人。"]
    with pytest.raises(ValidationError) as exc:
        wf.assign(
            accepted,
            by=leaders.clerk,
            responsible_unit=world.village,
            is_key_case=True,
            owner_leader=Person.objects.get(pk=leaders.secretary.pk),
        )
    assert exc.value.message_dict["owner_leader"] == ["包案领导“盘建国”已离职或调离，请另选他人。"]
    # Someone serving is taken.
    wf.assign(
        accepted,
        by=leaders.clerk,
        responsible_unit=world.village,
        handler=world.village_cadre,
        is_key_case=True,
        owner_leader=leaders.head,
    )
    assert Petition.objects.get(pk=accepted.pk).handler == world.village_cadre
