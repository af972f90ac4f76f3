"""Relevance of search across modules (issue 18): 30 queries over a small
fixed corpus, each with the record it must find first. A phrase in a title
outranks the same words in another record's facts; a record number, a name
and an ID number find their record; the corpus is built once for the module.

Runs on SQLite (FTS5, bm25) and PostgreSQL (tsvector ts_rank + pg_trgm)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import transaction

from fazhi.core import search
from fazhi.core.models import OrgUnit, Person, User
from fazhi.core.roles import Role
from fazhi.governance.models import NormativeDocument
from fazhi.mediation.models import Dispute, DisputeCategory
from fazhi.petitions.models import Petition, Petitioner
from fazhi.publicity.models import PublicityActivity
from tests.factories import OrgUnitFactory, UserFactory, valid_id_number

pytestmark = pytest.mark.django_db

ID_HUANG = valid_id_number(611)

PETITIONS = {
    "P1": ("荆竹村宅基地界址争议", "盘石生反映邻居建房越过宅基地界址，请求丈量。", "盘石生"),
    "P2": ("紫良村拖欠农民工工资", "黄玉兰反映某工程队拖欠农民工工资三万元。", "黄玉兰"),
    "P3": ("源桐村危房改造补助发放", "蒋有福反映危房改造补助未按时发放。", "蒋有福"),
    "P4": ("坪源村饮水工程用水纠纷", "冯德明反映饮水工程建成后上组用水困难。", "冯德明"),
    "P5": ("大桥村低保评定不公", "唐志明反映低保评定结果未张榜公示。", "唐志明"),
    "P6": ("征地补偿款分配争议", "村民反映高速公路征地补偿款分配方案不公。", "赵富贵"),
    "P7": ("养殖场异味扰民", "村民反映生猪养殖场异味扰民、污水直排，夜间风机噪音大。", "李桂兰"),
    "P8": ("通组公路道路硬化质量问题", "通组公路硬化后三个月即开裂。", "邓福全"),
    "P9": ("后山山林权属争议", "两个村民小组对后山杉木林权属有争议。", "盘建国"),
    "P10": ("采石场噪音扰民", "夜间采石场爆破噪音扰民，门窗震裂。", "黄秀英"),
}
DISPUTES = {
    "D1": ("赡养老人纠纷", "三兄弟对母亲赡养费分担有争议，长子拖欠两年。"),
    "D2": ("交通事故赔偿纠纷", "摩托车与三轮车相撞，双方对医疗费赔偿有争议。"),
    "D3": ("婚姻家庭纠纷", "夫妻因彩礼返还发生争执。"),
    "D4": ("水田灌溉用水纠纷", "上下游农户因水田灌溉放水时间争执。"),
    "D5": ("买卖合同违约纠纷", "砂石买卖合同违约，货款八千元未付。"),
    "D6": ("坟地迁移纠纷", "修路需迁移祖坟，双方对补偿标准有争议。"),
    "D7": ("林木采伐纠纷", "未经许可采伐他人林木二十余株。"),
    "D8": ("房屋漏水相邻纠纷", "楼上房屋漏水致楼下墙体受损，位于同一宅基地。"),
    "D9": ("村卫生室医疗纠纷", "村卫生室输液后出现过敏反应，要求赔偿。"),
    "D10": ("土地承包经营权纠纷", "双方对2.1亩水田的承包经营权有争议。"),
}

QUERIES = [
    ("宅基地界址", "P1"),
    ("宅基地 界址", "P1"),
    ("拖欠 工资", "P2"),
    ("农民工工资", "P2"),
    ("危房改造", "P3"),
    ("饮水工程", "P4"),
    ("低保 评定", "P5"),
    ("征地补偿", "P6"),
    ("养殖场 污水", "P7"),
    ("道路硬化", "P8"),
    ("杉木林", "P9"),
    ("噪音扰民", "P10"),
    ("赡养费", "D1"),
    ("交通事故 赔偿", "D2"),
    ("彩礼 返还", "D3"),
    ("灌溉 放水", "D4"),
    ("砂石 合同", "D5"),
    ("迁移 祖坟", "D6"),
    ("采伐 林木", "D7"),
    ("漏水 墙体", "D8"),
    ("输液 过敏", "D9"),
    ("承包经营权", "D10"),
    ("农村建房管理办法", "G1"),
    ("湘源政发〔2024〕5号", "G2"),
    ("森林防火", "G2"),
    ("民法典 宣讲", "A1"),
    ("电信诈骗", "A2"),
    ("湘源信〔2024〕3号", "P3"),
    ("盘石生", "M1"),
    (ID_HUANG, "P2"),
]


def _build() -> tuple[User, dict[str, tuple[str, int]]]:
    county = OrgUnitFactory(name="蓝山县", kind=OrgUnit.Kind.COUNTY)
    town = OrgUnitFactory(name="湘江源瑶族乡", parent=county, abbreviation="湘源")
    user = UserFactory(username="rel-owner", role=Role.JUDICIAL_OFFICE, home_unit=town)
    refs: dict[str, tuple[str, int]] = {}
    for i, (key, (title, content, name)) in enumerate(PETITIONS.items(), start=1):
        p = Petition.objects.create(
            unit=town,
            number=f"湘源信〔2024〕{i}号",
            query_code=f"REL{i:05d}",
            channel="visit",
            category="claim",
            title=title,
            content=content,
            received_on=dt.date(2024, 3, i),
        )
        Petitioner.objects.create(
            petition=p, name=name, id_number=ID_HUANG if key == "P2" else valid_id_number(700 + i)
        )
        refs[key] = ("petitions.petition", p.pk)
    category = DisputeCategory.objects.order_by("pk").first()
    for i, (key, (title, facts)) in enumerate(DISPUTES.items(), start=1):
        d = Dispute.objects.create(
            unit=town,
            number=f"湘源纠〔2024〕{i}号",
            title=title,
            category=category,
            facts=facts,
            source=Dispute.Source.APPLICATION,
            found_on=dt.date(2024, 4, i),
        )
        refs[key] = ("mediation.dispute", d.pk)
    for key, title, number in (
        ("G1", "湘江源瑶族乡农村建房管理办法", "湘源政发〔2024〕3号"),
        ("G2", "湘江源瑶族乡森林防火管理规定", "湘源政发〔2024〕5号"),
    ):
        g = NormativeDocument.objects.create(unit=town, title=title, doc_no=number)
        refs[key] = ("governance.normativedocument", g.pk)
    for key, title, venue in (
        ("A1", "《民法典》进村宣讲", "荆竹村村部"),
        ("A2", "防范电信诈骗专题讲座", "湘江源中学"),
    ):
        a = PublicityActivity.objects.create(
            unit=town,
            lead_unit=town,
            title=title,
            venue=venue,
            date=dt.date(2024, 5, 1),
            kind=PublicityActivity.Kind.LECTURE,
        )
        refs[key] = ("publicity.publicityactivity", a.pk)
    m = Person.objects.create(unit=town, name="盘石生", id_number=valid_id_number(801))
    refs["M1"] = ("core.person", m.pk)
    search.rebuild()
    return user, refs


@pytest.fixture(scope="module")
def corpus(django_db_setup: None, django_db_blocker: Any) -> Iterator[tuple[User, dict]]:
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            built = _build()
        except BaseException:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            raise
    try:
        yield built
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


def test_thirty_queries() -> None:
    assert len(QUERIES) == 30


@pytest.mark.parametrize(("q", "expected"), QUERIES, ids=[q for q, _ in QUERIES])
def test_query_finds_its_record_first(corpus: tuple[User, dict], q: str, expected: str) -> None:
    user, refs = corpus
    hits = sorted(search.search(user, q).hits, key=lambda h: -h.score)
    assert hits, f"{q!r} found nothing"
    assert (hits[0].label, hits[0].object_id) == refs[expected], [
        (str(h.title), round(h.score, 3)) for h in hits[:3]
    ]
