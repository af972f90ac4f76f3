"""Dates read 2026-09-12 on every page (fazhi/formats): the enforcement
case page printed its timeline and fields as 2024年3月5日 (Django's zh-hans
DATE_FORMAT) while its lists, and every other module's, showed 2024-03-05."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.template import Context, Template
from django.utils import translation

from .conftest import Enf

pytestmark = pytest.mark.django_db
IN_WORDS = re.compile(r"\d{4}年\d{1,2}月\d{1,2}日")


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_a_date_printed_without_a_format_reads_as_the_lists_write_it(language: str) -> None:
    context = Context({"d": dt.date(2026, 9, 12), "t": dt.datetime(2026, 9, 12, 14, 5)})
    with translation.override(language):
        text = Template("{{ d }}|{{ t }}|{{ d|date }}").render(context)
    assert text == "2026-09-12|2026-09-12 14:05|2026-09-12"


def test_the_case_page_shows_dates_as_the_other_pages_do(enf: Enf) -> None:
    case = enf.to_stage("filed")
    for user in (enf.w.officer, enf.w.colleague):
        page = enf.w.client(user).get(case.get_absolute_url()).content.decode()
        assert "2024-03-05" in page
        assert not IN_WORDS.findall(page)
    assert enf.w.client(enf.w.outsider).get(case.get_absolute_url()).status_code == 404
