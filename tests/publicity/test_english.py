"""The publicity pages in English (issue 15): plans and their items, the
activity ledger, coverage, the registers, cadres' study and exams, the cadre
ledger, a record's history, and the exports' header rows hold no Chinese but the
records' own data (titles, names, units) and the titles of laws."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType

from fazhi.core import steps
from fazhi.publicity import workflow
from fazhi.publicity.models import CultureSite, LawExam, LegalLiterateVillager, ModelVillage
from tests.core.test_i18n import CJK, _english, english_page, export_header
from tests.factories import World

from .helpers import activity, cadre, item, plan, spring_festival, study

TODAY = dt.date(2024, 11, 25)


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(steps, "today", lambda: TODAY)


def _history(obj: Any) -> str:
    return f"/history/{ContentType.objects.get_for_model(obj).pk}/{obj.pk}/"


def test_publicity_pages_and_exports_in_english(world: World) -> None:
    p = plan(world)
    workflow.add_campaign_items(p, [spring_festival()], lead_unit=world.township, by=world.owner)
    i = item(world, p, month=3)
    held = activity(world, plan_item=i, laws="《土地管理法》《农村土地承包法》")
    pending = activity(world, date=dt.date(2024, 12, 10), title="宪法宣传周进校园")
    workflow.adopt_plan(
        p, by=world.owner, adopted_on=dt.date(2024, 1, 10), doc_no="湘源发〔2024〕1号"
    )
    keen = cadre(world, name="用功干部", title="副乡长")
    idle = cadre(world, name="缺学干部", title="干事")
    s = study(world, [keen])
    exam = workflow.save_exam(
        LawExam(year=2024, person=keen, sat=True, score=Decimal("90")), by=world.owner
    )
    workflow.save_exam(LawExam(year=2024, person=idle, sat=False), by=world.owner)
    site = workflow.save_culture_site(
        CultureSite(
            unit=world.village,
            name="荆竹村法治广场",
            kind=CultureSite.Kind.SQUARE,
            location="荆竹村村部",
            opened_on=dt.date(2023, 5, 1),
        ),
        by=world.owner,
    )
    villager = workflow.save_villager(
        LegalLiterateVillager(
            unit=world.village,
            person=cadre(world, name="盘明白", unit=world.village),
            appointed_on=dt.date(2023, 6, 1),
        ),
        by=world.owner,
    )
    model = workflow.save_model_village(
        ModelVillage(unit=world.village, level=ModelVillage.Level.COUNTY, awarded_year=2023),
        by=world.owner,
    )
    data = {
        p.title,
        i.title,
        held.title,
        pending.title,
        s.title,
        "湘源发〔2024〕1号",
        "用功干部",
        "缺学干部",
        "副乡长",
        "干事",
        "盘明白",
        "荆竹村法治广场",
        "荆竹村村部",
        world.township.name,
        world.county.name,
        world.village.name,
        world.village2.name,
    }
    client = world.client(world.colleague)
    pages = [
        "/publicity/plans/",
        p.get_absolute_url(),
        "/publicity/items/",
        i.get_absolute_url(),
        "/publicity/activities/",
        held.get_absolute_url(),
        pending.get_absolute_url(),
        "/publicity/coverage/?year=2024",
        "/publicity/sites/",
        site.get_absolute_url(),
        "/publicity/villagers/",
        villager.get_absolute_url(),
        "/publicity/model-villages/",
        model.get_absolute_url(),
        "/publicity/study/",
        s.get_absolute_url(),
        "/publicity/exams/",
        exam.get_absolute_url(),
        "/publicity/cadres/?year=2024",
        _history(p),
        _history(held),
    ]
    lefts = {url: english_page(client, url, data) for url in pages}
    lefts = {url: left for url, left in lefts.items() if left}
    import json

    print(json.dumps(lefts, ensure_ascii=False, indent=0))
    assert not lefts
    # A law's title stays Chinese with its English name beside it (core.i18n.glossed).
    page = _english(client).get(held.get_absolute_url()).content.decode()
    assert "《土地管理法》 (Land Administration Law)《农村土地承包法》 (Rural Land" in page
    for url in (
        "/publicity/activities/?export=xlsx",
        "/publicity/plans/?export=xlsx",
        "/publicity/exams/?export=xlsx",
        "/publicity/cadres/?year=2024&export=xlsx",
    ):
        header = export_header(client, url)
        assert header and not [h for h in header if CJK.search(h)], (url, header)
    assert (
        _english(client)
        .get("/publicity/cadres/?year=2024&export=xlsx")["Content-Disposition"]
        .isascii()
    )
