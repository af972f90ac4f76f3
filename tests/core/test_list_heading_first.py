"""A list page opens on its heading (core/list.html): pages that add their own
content before the list put it under the heading (block above_list) or beside
its buttons (block list_actions). The 培训学时 page's year switcher
(tests/enforcement/test_training_hours_heading.py), the enforcement cases'
登记线索/简易程序/行政检查, the 执法案件法制审核 queue's 待审核 cards and the
学法考试 page's 生成年度考试名单 form sat above the heading."""

from __future__ import annotations

import pytest
from django.urls import reverse
from lxml import html

from tests.factories import World

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("who", "route", "first_after"),
    [
        ("officer", "enforcement:cases", "登记线索"),
        ("reviewer", "enforcement:review_queue", "待审核"),
        ("owner", "publicity:exam_list", "生成年度考试名单"),
    ],
)
def test_the_heading_comes_first(world: World, who: str, route: str, first_after: str) -> None:
    page = world.client(getattr(world, who)).get(reverse(route))
    assert page.status_code == 200
    [main] = html.fromstring(page.content.decode()).xpath("//main")
    text = main.text_content()
    h1 = main.xpath(".//h1")[0].text_content().strip()
    assert first_after in text, (route, text[:200])
    assert text.index(h1) < text.index(first_after), (route, text[:200])
