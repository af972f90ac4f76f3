"""A page that proposes the user's township as a record (接访日程, 接访记录,
下访记录) opens on it: core.listing.RecordCreateView.get_form checks that a
proposed unit is offered, and answered 500 for one proposed as a record
(Field 'id' expected a number but got <OrgUnit>), e2a8b41."""

from __future__ import annotations

from typing import Any

import pytest

from .conftest import Leaders

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url", ["/petitions/duties/new/", "/petitions/receptions/new/", "/petitions/outreach/new/"]
)
def test_the_township_is_proposed(url: str, leaders: Leaders, world: Any) -> None:
    for user in (leaders.clerk, world.colleague):
        page = world.client(user).get(url)
        assert page.status_code == 200, (user, url)
        assert page.context["form"]["unit"].value() in (world.township, world.township.pk)
