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


def _late_case(world: World, title: str, *, to: Any = None) -> Any:
    """An enforcement case of the township whose clock is overdue today, reminding `to`."""
    from fazhi.enforcement.models import EnforcementCase, EnforcementField

    field, _ = EnforcementField.objects.get_or_create(code="test", defaults={"name": "测试"})
    case = EnforcementCase.objects.create(
        unit=world.township,
        case_type="penalty",
        title=title,
        field=field,
        party_name="某",
        act_date=TODAY - dt.timedelta(days=50),
        discovered_on=TODAY - dt.timedelta(days=45),
    )
    clock = _late(world, f"{title}：处罚决定", to=to)
    clock.content_type = ContentType.objects.get_for_model(EnforcementCase)
    clock.object_id = case.pk
    clock.save(update_fields=["content_type", "object_id"])
    return case


def _listed(world: World, user: Any, url: str) -> tuple[list[str], str]:
    page = world.client(user).get(url)
    if page.status_code == 404:
        return [], ""
    assert page.status_code == 200
    return sorted(c.title for c in page.context["filter"].qs), str(page.context["title"])


def test_an_overdue_figures_link_lists_the_rows_it_counts(world: World) -> None:
    """The panel's 已超期事项（我经办的） links to the case list limited to the
    officer's own clocks (?work=mine): the 1 counted, not the township's 2; the
    leader's link lists the township's 2; another township's sees none."""
    _late_case(world, "甲案", to=world.officer)
    _late_case(world, "乙案")
    late = _panel_overdue(_home(world, world.officer), "enforcement")
    assert late.value == 1 and "work=mine" in late.url
    rows, title = _listed(world, world.officer, late.url)
    assert rows == ["甲案"] and "我经办的" in title
    led = _panel_overdue(_home(world, world.colleague), "enforcement")
    assert led.value == 2 and "work=" not in led.url
    assert _listed(world, world.colleague, led.url)[0] == ["乙案", "甲案"]
    assert _listed(world, world.outsider, late.url)[0] == []
