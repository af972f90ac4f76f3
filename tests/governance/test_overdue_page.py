"""The 工作台's governance panel links its 已超期事项 to governance's own page
(governance:overdue), which lists exactly the matters the figure counts: the
township leader and a colleague (the 司法所) see the township's overdue
disclosure request and rectification, one row each, not the request still
in time; another township's 司法所 counts none and the page lists none, and
the matters' pages answer it 404. The link stays in the module: it no longer
reaches up to the reports layer (reports:dashboard_clocks)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone

from tests.factories import World
from tests.governance.conftest import make_check, make_request, order_finding

pytestmark = pytest.mark.django_db

D = dt.date


@pytest.fixture(autouse=True)
def _fast_passwords(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _figure(world: World, user: Any) -> Any:
    page = world.client(user).get("/")
    assert page.status_code == 200
    panel = next(p for p in page.context["panels"] if p["key"] == "governance")
    return next(f for f in panel["figures"] if str(f.label).startswith("已超期事项"))


def _rows(world: World, user: Any, url: str) -> set[tuple[str, int]]:
    page = world.client(user).get(url)
    assert page.status_code == 200, url
    table = page.context["table"]
    assert table.paginator.num_pages == 1
    out = set()
    for row in table.page.object_list:
        clock = row.record
        model = ContentType.objects.get_for_id(clock.content_type_id).model_class()
        out.add((model._meta.label_lower, clock.object_id))
    return out


def test_panel_links_to_governance_overdue_page_listing_what_it_counts(world: World) -> None:
    request = make_request(world, D(2024, 9, 25))
    make_request(world, timezone.localdate(), name="李四")  # its reply not yet due
    rect = order_finding(world, make_check(world), "台账不全")
    counted = {
        ("governance.disclosurerequest", request.pk),
        ("governance.rectification", rect.pk),
    }
    page_url = reverse("governance:overdue")
    for user in (world.colleague, world.owner):  # the township leader, the 司法所
        late = _figure(world, user)
        assert late.url == page_url
        rows = _rows(world, user, page_url)
        assert late.value == len(rows) == 2 and rows == counted, user
        page = world.client(user).get(page_url).content.decode()
        assert "已超期事项" in page and "台账不全" in page
    # Another township's 司法所: none counted, none listed, the matters 404.
    assert _figure(world, world.outsider).value == 0
    assert _rows(world, world.outsider, page_url) == set()
    for url in (request.get_absolute_url(), rect.get_absolute_url()):
        assert world.client(world.colleague).get(url).status_code == 200
        assert world.client(world.outsider).get(url).status_code == 404
