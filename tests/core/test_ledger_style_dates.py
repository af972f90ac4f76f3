"""A date a form cannot read says how to write one, after the field's name:
walking the demo as the village cadre, 2024.3.5 (as paper ledgers write it)
and 2024-02-30 in 排查日期 answered Django's 输入一个有效的日期。, which said
neither what was wrong nor how to write it. The forms read the site's
2024-03-05 (and Django's 2024/3/5, 2024年3月5日); the ledger imports read
2024.3.5 themselves (core.ledger_import.values)."""

from __future__ import annotations

import datetime as dt

import pytest
from django import forms
from django.utils import translation

from tests.factories import World

HTMX = {"HTTP_HX_REQUEST": "true"}
HOW = "请按 2024-03-05 的样式填写日历上有的日期。"


@pytest.mark.parametrize("typed", ["2024-03-05", "2024/3/5"])
def test_the_site_s_way_of_writing_a_date_is_read(typed: str) -> None:
    with translation.override("zh-hans"):
        assert forms.DateField().clean(typed) == dt.date(2024, 3, 5)


@pytest.mark.parametrize("typed", ["2024-02-30", "2024.3.5", "2024.13.1", "3.5"])
def test_a_date_the_form_cannot_read_is_refused_saying_how_to_write_one(typed: str) -> None:
    with translation.override("zh-hans"), pytest.raises(forms.ValidationError) as refused:
        forms.DateField().clean(typed)
    assert refused.value.messages == [HOW]


@pytest.mark.django_db
def test_the_ledger_filter_names_the_field_and_says_how(world: World) -> None:
    for user in (world.owner, world.colleague):
        for typed in ("2024-02-30", "2024.3.5"):
            page = world.client(user).get(f"/petitions/?received_from={typed}", **HTMX)
            assert page.status_code == 200
            assert f"收到日期起：{HOW}" in page.content.decode(), typed
        fine = world.client(user).get("/petitions/?received_from=2024-03-05", **HTMX)
        assert "筛选条件有误" not in fine.content.decode()
