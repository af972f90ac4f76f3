"""交办's notice (已交您办理) goes to the matter's handler and its owning
leader, never to the user who assigned it: a leader who made a key case their
own was told of it by their own step (core.reminders.post, `by`)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from fazhi.core.models import Reminder
from fazhi.petitions import workflow as wf

from .conftest import Leaders

pytestmark = pytest.mark.django_db


def test_assigning_tells_the_handler_and_the_leader_not_the_one_who_assigned(
    register: Any, leaders: Leaders, world: Any, django_capture_on_commit_callbacks: Any
) -> None:
    p = wf.accept(register(), by=leaders.clerk, on=dt.date(2024, 9, 25))
    with django_capture_on_commit_callbacks(execute=True):
        wf.assign(
            p,
            by=leaders.secretary_user,
            responsible_unit=world.village,
            handler=world.village_cadre,
            is_key_case=True,
            owner_leader=leaders.secretary,
        )
    told = set(
        Reminder.objects.filter(key__startswith=f"petition:{p.pk}:assigned:").values_list(
            "user__username", flat=True
        )
    )
    assert told == {world.village_cadre.username}
