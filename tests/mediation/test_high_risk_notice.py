"""A dispute marked high-risk tells the township's leaders at once
(人民调解法第二十五条), but not the leader who marked it: they were told of
it by their own step (core.reminders.post, `by`)."""

from __future__ import annotations

from typing import Any

import pytest

from fazhi.core import audit
from fazhi.core.models import Reminder
from fazhi.core.roles import Role
from fazhi.mediation import workflow
from fazhi.mediation.models import Dispute
from tests.factories import UserFactory

from .conftest import Med

pytestmark = pytest.mark.django_db


def test_the_leaders_are_told_but_not_the_one_who_marked_it(
    med: Med, django_capture_on_commit_callbacks: Any
) -> None:
    world = med.world
    other = UserFactory(username="head2", role=Role.TOWNSHIP_LEADER, home_unit=world.township)
    dispute = Dispute.objects.get(pk=med.dispute.pk)
    before = audit.snapshot(dispute)
    dispute.risk_level = Dispute.Risk.HIGH
    dispute.risk_reason = "双方多次发生肢体冲突。"
    with django_capture_on_commit_callbacks(execute=True):
        workflow.update_dispute(dispute, by=world.colleague, version=dispute.version, before=before)
    told = set(
        Reminder.objects.filter(key=f"mediation:dispute:{dispute.pk}:high").values_list(
            "user__username", flat=True
        )
    )
    assert other.username in told
    assert world.colleague.username not in told
