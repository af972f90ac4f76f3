"""Whose work the 工作台 counts: an enforcement officer's counts their own
cases (the clocks they are reminded of), not the whole township's overdue
work; the township leader keeps the township's; each label says whose
(我经办的 / 本乡镇)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from lxml import html

from fazhi.core.models import Clock, Person
from tests.factories import PersonFactory, World

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def _late(world: World, label: str, *, to: Any = None) -> Clock:
    """A running enforcement clock of the township, overdue today, reminding `to`."""
    record = PersonFactory(unit=world.township)
    clock = Clock.objects.create(
        unit=world.township,
        kind="enforcement.decision",
        label=label,
        content_type=ContentType.objects.get_for_model(Person),
        object_id=record.pk,
        start_date=TODAY - dt.timedelta(days=40),
        length=10,
        day_unit="calendar",
        due_date=TODAY - dt.timedelta(days=30),
    )
    if to is not None:
        clock.recipients.add(to)
    return clock


def _home(world: World, user: Any) -> Any:
    page = world.client(user).get("/")
    assert page.status_code == 200
    return page


def _text(page: Any, testid: str) -> str:
    root = html.fromstring(page.content.decode())
    return str(root.xpath(f"string(//*[@data-testid='{testid}'])")).strip()


def _panel_overdue(page: Any, key: str) -> Any:
    panel = next(p for p in page.context["panels"] if p["key"] == key)
    return next(f for f in panel["figures"] if str(f.label).startswith("已超期事项"))


def test_an_officers_home_counts_their_own_cases(world: World) -> None:
    _late(world, "甲案：处罚决定", to=world.officer)
    _late(world, "乙案：处罚决定")  # a colleague's case, the same township
    page = _home(world, world.officer)
    assert _text(page, "clocks-overdue") == "1"
    assert "我经办的" in _text(page, "clocks-overdue-label")
    content = page.content.decode()
    assert "甲案" in content and "乙案" not in content
    late = _panel_overdue(page, "enforcement")
    assert late.value == 1 and "我经办的" in str(late.label)


def test_the_leaders_home_counts_the_township(world: World) -> None:
    _late(world, "甲案：处罚决定", to=world.officer)
    _late(world, "乙案：处罚决定")
    page = _home(world, world.colleague)
    assert _text(page, "clocks-overdue") == "2"
    assert "本乡镇" in _text(page, "clocks-overdue-label")
    late = _panel_overdue(page, "enforcement")
    assert late.value == 2 and "本乡镇" in str(late.label)
    # The township's 司法所 (an office: its township) likewise; another
    # township's sees none of them.
    assert _text(_home(world, world.owner), "clocks-overdue") == "2"
    assert _text(_home(world, world.outsider), "clocks-overdue") == "0"
