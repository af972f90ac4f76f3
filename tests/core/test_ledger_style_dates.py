"""A date typed as a paper ledger writes it, 2024.3.5, is read on every form
as 2024-03-05 (the ledger imports already read it so); a date the calendar
does not have, 2024-02-30, is refused saying how to write one, after the
field's name. Walking the demo as the village cadre, 2024.3.5 in 排查日期 was
refused with Django's 输入一个有效的日期。, which says neither."""

from __future__ import annotations

import datetime as dt

import pytest
from django import forms
from django.utils import translation

from tests.factories import World

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.mark.parametrize(
    "typed", ["2024.3.5", "2024.03.05", "2024-03-05", "2024/3/5", "2024年3月5日"]
)
def test_a_ledger_style_date_is_read(typed: str) -> None:
    with translation.override("zh-hans"):
        assert forms.DateField().clean(typed) == dt.date(2024, 3, 5)


@pytest.mark.parametrize("typed", ["2024-02-30", "2024.13.1", "2024.3", "3.5"])
def test_a_date_the_calendar_lacks_is_refused_saying_how_to_write_one(typed: str) -> None:
    with translation.override("zh-hans"), pytest.raises(forms.ValidationError) as refused:
        forms.DateField().clean(typed)
    assert refused.value.messages == ["请按 2024-03-05 的样式填写日历上有的日期。"]


@pytest.mark.django_db
def test_the_ledger_filter_reads_a_ledger_style_date(world: World) -> None:
    for user in (world.owner, world.colleague):
        page = world.client(user).get("/petitions/?received_from=2024.3.5", **HTMX)
        assert page.status_code == 200
        body = page.content.decode()
        assert "筛选条件有误" not in body
        refused = world.client(user).get("/petitions/?received_from=2024-02-30", **HTMX)
        assert "收到日期起：请按 2024-03-05 的样式填写日历上有的日期。" in refused.content.decode()
