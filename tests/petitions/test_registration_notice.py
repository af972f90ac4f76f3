"""新登记信访事项 tells the petition office of a new matter, not the one who
registered it: a clerk who registered a petition at the desk found it in
their own inbox. Their colleagues in the office are told; another
township's office is not; a citizen's online submission (no actor) tells
the whole office; a ledger import does not tell the importer either."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from fazhi.core.models import Reminder, User
from fazhi.core.roles import Role
from fazhi.petitions.ledger import KIND
from fazhi.petitions.models import Petition
from tests import ledgers
from tests.factories import UserFactory, World
from tests.petitions.conftest import Leaders, make_petition

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fast_passwords(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _told(user: User) -> list[str]:
    """The 新登记 notices in `user`'s inbox, by the matter's number."""
    return sorted(
        Petition.objects.get(pk=r.key.split(":")[1]).number
        for r in Reminder.objects.filter(user=user, key__endswith=":registered")
    )


def _office_clerk(unit: Any, name: str) -> User:
    return UserFactory(username=name, role=Role.PETITION_OFFICE, home_unit=unit)  # type: ignore[no-any-return]


def test_the_clerk_who_registers_is_not_told_their_colleagues_are(
    world: World, leaders: Leaders, django_capture_on_commit_callbacks: Any
) -> None:
    colleague = _office_clerk(leaders.office, "clerk2")
    outsider = _office_clerk(world.other_township, "clerk3")
    with django_capture_on_commit_callbacks(execute=True):
        p = make_petition(leaders.clerk, leaders.office)
    assert _told(leaders.clerk) == []
    assert _told(colleague) == [p.number]
    assert _told(outsider) == []
    # Registered by the township's 司法所 for the office: the office is
    # told, the 司法所 that did it is not.
    with django_capture_on_commit_callbacks(execute=True):
        q = make_petition(world.owner, leaders.office, title="道路修缮")
    assert _told(world.owner) == []
    assert _told(leaders.clerk) == [q.number]
    assert _told(colleague) == sorted([p.number, q.number])


def test_an_online_submission_tells_the_whole_office(
    world: World, leaders: Leaders, django_capture_on_commit_callbacks: Any
) -> None:
    from django.contrib.auth.models import AnonymousUser

    from fazhi.petitions import workflow
    from fazhi.petitions.workflow import PetitionerData
    from tests.factories import valid_id_number

    colleague = _office_clerk(leaders.office, "clerk2")
    with django_capture_on_commit_callbacks(execute=True):
        p = workflow.register(
            unit=leaders.office,
            channel="online",
            category="claim",
            title="网上反映",
            content="网上提交的信访事项。",
            received_on=dt.date(2024, 9, 20),
            petitioners=[PetitionerData("盘某", valid_id_number(902), "13800000002", "荆竹村")],
            by=AnonymousUser(),
            via_public=True,
        )
    assert _told(leaders.clerk) == [p.number] and _told(colleague) == [p.number]


def test_a_ledger_import_does_not_tell_the_importer(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    """The township's 司法所 imports the sample 信访台账 (matters of 荆竹村 and
    紫良村): 荆竹村's petition office is told of its matters, the importer of
    none."""
    clerk = _office_clerk(world.village, "clerk2")
    outsider = _office_clerk(world.other_township, "clerk3")
    with django_capture_on_commit_callbacks(execute=True):
        ledgers.run(KIND, world, by=world.owner, dry_run=False)
    held = sorted(Petition.objects.filter(unit=world.village).values_list("number", flat=True))
    assert held and _told(clerk) == held
    assert _told(world.owner) == [] and _told(outsider) == []
