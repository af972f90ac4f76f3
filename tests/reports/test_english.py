"""The annual report's pages in English (issue 15): every page around the
report — the list, the report's page with its steps, deadlines, problems and
year-over-year table, the records behind a figure, the template, the
dashboard with its charts' data, the clocks behind a bar, the county roll-up —
holds no Chinese but the records' own data (names of units and people, the
reports' titles, document numbers, laws' titles), as the township leader and
as the county supervisor. The report's own text (法治政府建设年度报告) is an
official document: it stays Chinese, the same words in either language, and
so does its .docx."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client
from docx import Document as DocxDocument
from lxml import html

from fazhi.core import demo
from fazhi.core.indicators import REGISTRY
from fazhi.core.models import OrgUnit, Person, User
from fazhi.reports.models import (
    AnnualReport,
    ReportFigure,
    ReportSection,
    ReportTemplate,
    Shortcoming,
    TemplateSection,
)
from tests.core.test_i18n import CJK, chinese_left
from tests.twofactor import verified_client

pytestmark = pytest.mark.django_db
PROJECT_URLS = True

TODAY = dt.date(2026, 12, 4)
# Figures whose names their own modules are still putting into English (other
# changes of issue 15 in progress when this test was written): set aside so
# the report's pages are judged on their own words. Empty this once those
# modules' pages are done.
MODULES_IN_PROGRESS: tuple[str, ...] = ()
CHARTS = ("open-by-month", "clocks-due", "screening", "heatmap")
# Document numbers (文号, GB/T 9704: 湘源信〔2024〕3号) are proper names.
DOC_NUMBER = re.compile(r"[\u4e00-\u9fff]*〔\d{4}〕\d+号")


@pytest.fixture
def demo_world(monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    world = demo.build()
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: TODAY)
    saved = dict(REGISTRY)
    for key in [k for k in REGISTRY if k.startswith(MODULES_IN_PROGRESS)]:
        REGISTRY.pop(key)
    try:
        yield world
    finally:
        REGISTRY.clear()
        REGISTRY.update(saved)


def _client(username: str, language: str = "en") -> Client:
    client = verified_client(User.objects.get(username=username))
    client.cookies["django_language"] = language
    return client


def _data() -> set[str]:
    """The records' own words: units, people, the dispute types a township
    keeps, and the report's own text wherever a page shows it (its title, its
    template's and sections' titles and wording, the problems it states)."""
    from fazhi.mediation.models import DisputeCategory

    data: set[str] = set()
    for name, abbreviation in OrgUnit.objects.values_list("name", "abbreviation"):
        data |= {name, abbreviation or name}
    data |= set(Person.objects.values_list("name", flat=True))
    data |= set(DisputeCategory.objects.values_list("name", flat=True))
    data |= set(AnnualReport.objects.values_list("title", flat=True))
    data |= set(ReportTemplate.objects.values_list("title", flat=True))
    for model in (TemplateSection, ReportSection):
        for title, text in model.objects.values_list("title", "text"):
            data |= {title, text, *text.splitlines()}
    for text, cause in Shortcoming.objects.values_list("text", "cause"):
        data |= {text, cause}
    # The values a frozen report keeps that are words (the group's chair, the
    # topics): the report's own, whoever reads them (the demo's 2024 report
    # is published, its changes page lists them).
    data |= set(ReportFigure.objects.values_list("text", flat=True))
    # A problem as the report will state it (its figures filled in): the
    # report's own words, Chinese in either language.
    from fazhi.reports.views.report import stated_shortcomings

    for report in AnnualReport.objects.all():
        stated = set(stated_shortcomings(report, list(report.shortcomings.all())).values())
        # The history names a problem adopted (采纳存在的问题：…) with its
        # lists shown item by item (core.i18n.shown: 企业、学校 as 企业, 学校).
        data |= stated | {part for text in stated for part in re.split("[、；]", text)}
    # The official document's numbering, glossed in the level's English name:
    # “Level-1 heading (一、)”.
    data |= {"一、", "(一)"}
    return {d for d in data if d}


def _page(client: Client, url: str) -> tuple[Any, str]:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return html.fromstring(response.content), response.content.decode()


def _report_text(tree: Any) -> list[str]:
    """The official text (the report's article), taken out of the page."""
    texts = []
    for node in tree.xpath(
        '//article[@data-testid="report-text"]//a[@class="btn btn-link btn-sm p-0 float-end"]'
    ):
        node.drop_tree()  # the page's 编辑 button beside a section: not the text
    for node in tree.xpath('//article[@data-testid="report-text"]'):
        texts += [t.strip() for t in node.itertext() if t.strip()]
        node.drop_tree()
    return texts


def _chinese_left(tree: Any, data: set[str]) -> list[str]:
    for node in tree.xpath("//script|//style"):
        node.drop_tree()
    texts = [DOC_NUMBER.sub("", t.strip()) for t in tree.itertext() if t.strip()]
    # What a page says in an attribute a person reads: a tooltip, a placeholder.
    texts += [a.strip() for a in tree.xpath("//@title|//@placeholder|//@aria-label") if a.strip()]
    return chinese_left(texts, data)


def _chart_words(page: str) -> list[str]:
    """Every string of the charts' JSON (labels, legends, axis names)."""
    words: list[str] = []

    def walk(value: Any) -> None:
        if isinstance(value, str):
            words.append(value)
        elif isinstance(value, dict):
            for v in value.values():
                walk(v)
        elif isinstance(value, list):
            for v in value:
                walk(v)

    for name in CHARTS:
        found = re.search(
            rf'<script id="{name}-data" type="application/json">(.*?)</script>', page, re.S
        )
        if found:
            walk(json.loads(found.group(1)))
    return words


def test_report_pages_and_dashboard_in_english(demo_world: Any) -> None:
    report = demo_world.extra["annual_report"]
    township, county = report.unit, report.unit.parent
    data = _data()
    chinese_text = _report_text(_page(_client("leader", "zh-hans"), report.get_absolute_url())[0])
    assert chinese_text and any(CJK.search(t) for t in chinese_text)

    pages = {
        "leader": [
            "/reports/",
            report.get_absolute_url(),
            f"/reports/{report.pk}/changes/",
            f"/reports/records/{township.pk}/2024/leadership.group.members/",
            f"/reports/records/{township.pk}/2024/clocks.overdue.petitions/",
            f"/reports/indicators/{township.pk}/2024/",
            "/reports/template/",
            "/reports/dashboard/",
            "/reports/dashboard/?year=2024",
            "/reports/dashboard/clocks/?module=petitions&state=overdue",
            "/reports/dashboard/clocks/?module=mediation&open_on=2024-06-30&per=record",
        ],
        "county": [
            report.get_absolute_url(),
            "/reports/dashboard/",
            "/reports/dashboard/?year=2024",
            f"/reports/rollup/?year=2024&unit={county.pk}",
            f"/reports/rollup/?year=2024&unit={county.pk}&all=1",
            f"/reports/indicators/{township.pk}/2024/",
        ],
    }
    charts_seen = set()
    found = []
    for username, urls in pages.items():
        client = _client(username)
        for url in urls:
            tree, page = _page(client, url)
            assert '<html lang="en">' in page, url
            assert "__proxy__" not in page
            if url == report.get_absolute_url():
                # The official text stays Chinese, word for word.
                assert _report_text(tree) == chinese_text, (username, url)
            left = _chinese_left(tree, data) + chinese_left(_chart_words(page), data)
            if left:
                found.append((username, url, left))
            charts_seen |= {n for n in CHARTS if f'id="{n}-data"' in page}
    assert not found, "\n".join(f"{u} {url}: {left}" for u, url, left in found)
    # The dashboard drew its charts (the check above read their data).
    assert {"open-by-month", "screening"} <= charts_seen, charts_seen


def test_report_docx_stays_chinese_for_an_english_reader(demo_world: Any) -> None:
    report = demo_world.extra["annual_report"]
    english = _client("leader").get(f"/reports/{report.pk}/docx/")
    chinese = _client("leader", "zh-hans").get(f"/reports/{report.pk}/docx/")
    assert english.status_code == chinese.status_code == 200

    def paragraphs(content: bytes) -> list[str]:
        return [p.text for p in DocxDocument(io.BytesIO(content)).paragraphs if p.text.strip()]

    assert paragraphs(english.content) == paragraphs(chinese.content)
    assert any("法治政府建设" in p for p in paragraphs(english.content))


def test_freezing_in_english_stores_the_figures_in_chinese(demo_world: Any) -> None:
    """The figures kept with a frozen report are the report's: its words (the
    leadership group's chair) and names are Chinese whoever froze it, and the
    page shows their names in the reader's language. (The demo's 2024 report
    is published: the report in hand is frozen.)"""
    report = demo_world.extra["report_in_hand"]
    client = _client("leader")
    response = client.post(f"/reports/{report.pk}/do/freeze/")
    assert response.status_code == 302
    report = AnnualReport.objects.get(pk=report.pk)
    assert report.is_frozen
    figures = {f.key: f for f in report.figures.all()}
    assert figures["leadership.group.members"].label == "领导小组成员"
    assert figures["leadership.group.members"].unit_label == "人"
    chair = figures["leadership.group.chair"]
    assert chair.text and CJK.search(chair.text), chair.text
    # The page names the figures in English; their values that are words are
    # the report's own (data).
    words = {f.text for f in figures.values() if f.text}
    tree, _page_text = _page(client, f"/reports/{report.pk}/changes/")
    left = _chinese_left(tree, _data() | words)
    assert not left, left
