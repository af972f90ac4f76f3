"""core.navigation.register_group: a module's menu in one declaration, an
entry limited to some roles shown only to them (the petitions' 登记信访事项)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.urls import reverse

from fazhi.core import navigation
from fazhi.core.roles import READ_ONLY_ROLES, Role
from tests.factories import World

pytestmark = pytest.mark.django_db


@pytest.fixture
def test_group() -> Iterator[None]:
    navigation.register_group(
        "test_group",
        "测试",
        [
            ("信访台账", "petitions:list"),
            ("登记", "petitions:create", frozenset(Role) - READ_ONLY_ROLES),
        ],
        order=1,
    )
    yield
    del navigation._groups["test_group"]


def _entries(user: Any) -> list[str]:
    groups = {g["label"]: g["items"] for g in navigation.menu_for(user)}
    return [item["url"] for item in groups.get("测试", [])]


def test_entries_in_order_and_limited_ones_only_for_their_roles(
    world: World, test_group: None
) -> None:
    group = navigation._groups["test_group"]
    assert (group.label, group.order) == ("测试", 1)
    assert _entries(world.owner) == [reverse("petitions:list"), reverse("petitions:create")]
    # The county supervisor reads only: the list, not the registering page.
    assert _entries(world.county_user) == [reverse("petitions:list")]
