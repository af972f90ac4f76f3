"""Demo data for 2024, after the seed report's section (四) and its problems.

The township follows a plan made at the start of the year, holds mass
activities on public order (社会治安), marriage and family (婚姻家庭) and land
management (土地管理) — exactly these topics —, runs a Spring-Festival campaign
led by the judicial office (在重大节日由司法所牵头开展专题宣传) and widens its
culture sites. The plan also targets schools and enterprises, and nothing
reached them: the gap the report's problems section names (法律进企业、进学校
开展不深入). One cadre neither studied nor sat the exam. (The village secretaries'
述法 is governance's record, built by its demo.)

Every record is looked up by a natural key first, so running the builder
twice changes nothing. Records are written through the workflow (audited).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from fazhi.core import demo
from fazhi.core.models import OrgUnit, Person

from . import builders, reference, workflow
from .models import (
    Campaign,
    CultureSite,
    LawExam,
    LawStudy,
    LegalLiterateVillager,
    ModelVillage,
    PlanItem,
    PublicityActivity,
    PublicityPlan,
    Sector,
    Topic,
)

YEAR = 2024
PLAN_TITLE = f"{YEAR}年湘江源瑶族乡普法依法治理工作计划"
FIVE_YEAR_TITLE = "湘江源瑶族乡法治宣传教育第八个五年规划（2021—2025年）"

# A new cadre who neither studied nor sat the exam (seed: 学法用法意识不强).
NEW_CADRE = ("蒋小军", "社会事务综合服务中心", "社会事务综合服务中心干事")
# Two 法律明白人 per village.
VILLAGERS = {
    "荆竹村": ["盘秀兰", "赵长寿"],
    "紫良村": ["李小梅", "盘光明"],
    "坪源村": ["邓福生", "黄翠英"],
    "大桥村": ["蒋德胜", "冯玉珍"],
    "源桐村": ["盘金山", "李春花"],
}


def build(world: demo.DemoWorld) -> None:
    reference.ensure(Sector, Topic, Campaign)
    ctx = _Context(world)
    plan = _plan(ctx)
    items = _items(ctx, plan)
    _activities(ctx, items)
    _sites(ctx)
    _villagers(ctx)
    _study(ctx)
    world.extra["publicity_plan"] = plan


class _Context:
    def __init__(self, world: demo.DemoWorld) -> None:
        self.world = world
        self.town = world.township
        self.by = world.users["leader"]
        self.village_by = world.users["cun"]
        self.v = {v.name: v for v in world.villages}
        self.o = world.offices
        self.topic = {t.name: t for t in Topic.objects.all()}
        self.sector = {s.code: s for s in Sector.objects.all()}

    @property
    def sifasuo(self) -> OrgUnit:
        return self.o["司法所"]


def _plan(ctx: _Context) -> PublicityPlan:
    plans = PublicityPlan.objects.filter(unit=ctx.town)
    five = plans.filter(kind=PublicityPlan.Kind.FIVE_YEAR, start_year=2021).first()
    five = five or builders.plan(
        ctx.town,
        FIVE_YEAR_TITLE,
        2021,
        end_year=2025,
        kind=PublicityPlan.Kind.FIVE_YEAR,
        summary="贯彻“八五”普法规划，落实“谁执法谁普法”普法责任制，推进法治乡村建设。",
        by=ctx.by,
    )
    annual = plans.filter(kind=PublicityPlan.Kind.ANNUAL, start_year=YEAR).first()
    return annual or builders.plan(
        ctx.town,
        PLAN_TITLE,
        YEAR,
        parent=five,
        summary="重点宣传社会治安、婚姻家庭、土地管理等与群众生产生活密切相关的法律知识；"
        "在重大节日由司法所牵头开展专题宣传；推动法律进机关、进企业、进村庄、进学校。",
        by=ctx.by,
    )


# title, topic, campaign, sectors, units ("town" or village names), month, lead office, budget
ITEMS: list[tuple[str, str, str, list[str], list[str], int, str, int]] = [
    (
        "春节期间社会治安和婚姻家庭法治专题宣传",
        "社会治安",
        "春节期间法治宣传",
        ["village", "agency"],
        ["town", "荆竹村", "紫良村", "坪源村", "大桥村", "源桐村"],
        2,
        "司法所",
        3000,
    ),
    (
        "土地管理法律知识进村宣讲",
        "土地管理",
        "",
        ["village"],
        ["荆竹村", "紫良村", "坪源村"],
        4,
        "司法所",
        2000,
    ),
    (
        "婚姻家庭纠纷以案释法",
        "婚姻家庭",
        "",
        ["village"],
        ["大桥村", "源桐村"],
        6,
        "综治中心（信访办）",
        1000,
    ),
    (
        "机关干部社会治安法律知识讲座",
        "社会治安",
        "",
        ["agency"],
        ["town"],
        7,
        "党政综合办公室",
        500,
    ),
    (
        "开学季社会治安法治宣传进学校",
        "社会治安",
        "",
        ["school"],
        ["town"],
        9,
        "综治中心（信访办）",
        2000,
    ),
    (
        "企业用地和安全生产法律进企业",
        "土地管理",
        "",
        ["enterprise"],
        ["town"],
        10,
        "综合行政执法队",
        1500,
    ),
]


def _items(ctx: _Context, plan: PublicityPlan) -> dict[str, PlanItem]:
    out: dict[str, PlanItem] = {}
    for title, topic, campaign, sectors, units, month, lead, budget in ITEMS:
        out[title] = PlanItem.objects.filter(plan=plan, title=title).first() or builders.item(
            plan,
            title,
            topic=ctx.topic[topic],
            campaign=Campaign.objects.filter(name=campaign).first() if campaign else None,
            planned_month=dt.date(YEAR, month, 1),
            lead_unit=ctx.o[lead],
            budget=Decimal(budget),
            sectors=[ctx.sector[c] for c in sectors],
            units=[ctx.town if u == "town" else ctx.v[u] for u in units],
            by=ctx.by,
        )
    if plan.status == PublicityPlan.Status.DRAFT:
        workflow.adopt_plan(
            plan, by=ctx.by, adopted_on=dt.date(YEAR, 1, 15), doc_no="湘源发〔2024〕5号"
        )
    return out


# date, title, kind, topics, sectors, reached, lead, partners, participants, materials, cost,
# campaign, plan item, venue, recorded by the village
ACTIVITIES: list[tuple[Any, ...]] = [
    (
        dt.date(YEAR, 2, 6),
        "春节前法治宣传赶集日",
        "stall",
        ["社会治安", "婚姻家庭"],
        ["village"],
        ["荆竹村", "紫良村", "坪源村", "大桥村", "源桐村"],
        "司法所",
        ["综治中心（信访办）"],
        420,
        1200,
        2600,
        "春节期间法治宣传",
        "春节期间社会治安和婚姻家庭法治专题宣传",
        "乡政府门前集市",
        False,
    ),
    (
        dt.date(YEAR, 2, 8),
        "返乡人员婚姻家庭法律讲座",
        "lecture",
        ["婚姻家庭"],
        ["village", "agency"],
        ["town", "荆竹村", "紫良村"],
        "司法所",
        [],
        85,
        200,
        300,
        "春节期间法治宣传",
        "春节期间社会治安和婚姻家庭法治专题宣传",
        "乡政府会议室",
        False,
    ),
    (
        dt.date(YEAR, 4, 18),
        "《土地管理法》进村宣讲",
        "lecture",
        ["土地管理"],
        ["village"],
        ["荆竹村", "紫良村", "坪源村"],
        "司法所",
        ["社会事务综合服务中心"],
        160,
        300,
        800,
        "",
        "土地管理法律知识进村宣讲",
        "各村村部",
        False,
    ),
    (
        dt.date(YEAR, 5, 20),
        "荆竹村村民法治文艺演出",
        "performance",
        ["婚姻家庭", "社会治安"],
        ["village"],
        ["荆竹村"],
        "荆竹村",
        [],
        200,
        150,
        600,
        "",
        "",
        "荆竹村文化广场",
        True,
    ),
    (
        dt.date(YEAR, 6, 20),
        "以案释法：一起婚姻家庭纠纷的调解",
        "case_explanation",
        ["婚姻家庭"],
        ["village"],
        ["大桥村", "源桐村"],
        "综治中心（信访办）",
        ["司法所"],
        120,
        260,
        400,
        "",
        "婚姻家庭纠纷以案释法",
        "大桥村村部",
        False,
    ),
    (
        dt.date(YEAR, 7, 10),
        "机关干部社会治安法律知识讲座",
        "lecture",
        ["社会治安"],
        ["agency"],
        ["town"],
        "党政综合办公室",
        ["司法所"],
        45,
        60,
        200,
        "",
        "机关干部社会治安法律知识讲座",
        "乡政府会议室",
        False,
    ),
    (
        dt.date(YEAR, 8, 15),
        "农村土地承包纠纷典型案例展板",
        "banner",
        ["土地管理"],
        ["village"],
        ["坪源村", "大桥村"],
        "社会事务综合服务中心",
        [],
        0,
        0,
        900,
        "",
        "",
        "坪源村、大桥村村部",
        False,
    ),
    (
        dt.date(YEAR, 11, 12),
        "“湘源普法”公众号社会治安专题推送",
        "online",
        ["社会治安"],
        ["village", "agency"],
        ["town", "荆竹村", "紫良村"],
        "司法所",
        [],
        650,
        0,
        0,
        "",
        "",
        "微信公众号",
        False,
    ),
]


def _activities(ctx: _Context, items: dict[str, PlanItem]) -> None:
    for (
        date,
        title,
        kind,
        topics,
        sectors,
        reached,
        lead,
        partners,
        participants,
        materials,
        cost,
        campaign,
        item,
        venue,
        by_village,
    ) in ACTIVITIES:
        unit = ctx.v["荆竹村"] if by_village else ctx.town
        if PublicityActivity.objects.filter(unit=unit, date=date, title=title).exists():
            continue
        lead_unit = ctx.v[lead] if lead in ctx.v else ctx.o[lead]
        workflow.save_activity(
            PublicityActivity(
                unit=unit,
                title=title,
                date=date,
                kind=kind,
                laws="、".join(ctx.topic[t].laws for t in topics),
                venue=venue,
                lead_unit=lead_unit,
                participants=participants,
                materials=materials,
                cost=Decimal(cost),
                campaign=Campaign.objects.filter(name=campaign).first() if campaign else None,
                plan_item=items.get(item) if item else None,
            ),
            by=ctx.village_by if by_village else ctx.by,
            topics=[ctx.topic[t] for t in topics],
            sectors=sectors,
            units_reached=[ctx.town if u == "town" else ctx.v[u] for u in reached],
            partner_units=[ctx.o[p] for p in partners],
        )


SITES: list[tuple[str, str, str, str, dt.date, dt.date | None]] = [
    (
        "湘江源瑶族乡法治文化广场",
        "square",
        "town",
        "乡政府旁",
        dt.date(2021, 5, 1),
        dt.date(YEAR, 3, 10),
    ),
    (
        "荆竹村法治长廊",
        "corridor",
        "荆竹村",
        "荆竹村村部至文化广场",
        dt.date(2023, 7, 1),
        dt.date(YEAR, 4, 2),
    ),
    ("紫良村法治书屋", "library", "紫良村", "紫良村村部二楼", dt.date(YEAR, 9, 20), None),
]


def _sites(ctx: _Context) -> None:
    for name, kind, where, location, opened, refreshed in SITES:
        unit = ctx.town if where == "town" else ctx.v[where]
        if CultureSite.objects.filter(unit=unit, name=name).exists():
            continue
        workflow.save_culture_site(
            CultureSite(
                unit=unit,
                name=name,
                kind=kind,
                location=location,
                opened_on=opened,
                last_refreshed_on=refreshed,
            ),
            by=ctx.by,
        )
    if not ModelVillage.objects.filter(unit=ctx.v["荆竹村"]).exists():
        workflow.save_model_village(
            ModelVillage(
                unit=ctx.v["荆竹村"],
                level=ModelVillage.Level.COUNTY,
                awarded_year=2022,
                document_no="蓝法治办〔2022〕8号",
            ),
            by=ctx.by,
        )


def _villagers(ctx: _Context) -> None:
    for village, names in VILLAGERS.items():
        unit = ctx.v[village]
        for i, name in enumerate(names):
            p = demo.person(
                ctx.world,
                name,
                unit,
                gender=Person.Gender.FEMALE if i % 2 else Person.Gender.MALE,
                ethnicity="瑶族" if name.startswith("盘") else "汉族",
            )
            if LegalLiterateVillager.objects.filter(person=p).exists():
                continue
            workflow.save_villager(
                LegalLiterateVillager(
                    unit=unit,
                    person=p,
                    appointed_on=dt.date(2023, 3, 1) if i == 0 else dt.date(YEAR, 3, 15),
                    training_hours=Decimal("16") if i == 0 else Decimal("8"),
                ),
                by=ctx.by,
            )


def _cadres(ctx: _Context) -> tuple[list[Person], list[Person], Person]:
    """Township leaders and office heads (from core's demo), village secretaries, the new cadre."""
    # A fixed list (core's demo leaders and office heads), so that cadres other
    # builders add never change this module's records on a second run.
    names = [row[0] for row in demo.LEADERS] + [row[0] for row in demo.MEMBERS] + ["黄立法"]
    town_cadres = list(
        Person.objects.filter(unit__path__startswith=ctx.town.path, name__in=names)
        .exclude(unit__kind=OrgUnit.Kind.VILLAGE)
        .order_by("pk")
    )
    secretaries = demo.village_secretaries(ctx.world)
    name, office, title = NEW_CADRE
    newcomer = demo.person(ctx.world, name, ctx.o[office], is_cadre=True, title=title)
    return town_cadres, secretaries, newcomer


# date, kind, title, laws, hours, who ("town", "all")
STUDIES: list[tuple[dt.date, str, str, str, str, str]] = [
    (
        dt.date(YEAR, 3, 26),
        "theory_group",
        "习近平法治思想专题学习",
        "《习近平法治思想学习纲要》",
        "3",
        "town",
    ),
    (
        dt.date(YEAR, 5, 28),
        "pre_meeting",
        "会前学法：《土地管理法》",
        "《土地管理法》",
        "1",
        "town",
    ),
    (
        dt.date(YEAR, 6, 25),
        "theory_group",
        "学习《中华人民共和国民法典》婚姻家庭编",
        "《民法典》",
        "3",
        "town",
    ),
    (
        dt.date(YEAR, 8, 27),
        "pre_meeting",
        "会前学法：《治安管理处罚法》",
        "《治安管理处罚法》",
        "1",
        "town",
    ),
    (dt.date(YEAR, 9, 24), "theory_group", "行政执法“三项制度”学习", "《行政处罚法》", "3", "town"),
    (
        dt.date(YEAR, 10, 17),
        "training",
        "村干部法治能力专题培训",
        "《村民委员会组织法》《人民调解法》",
        "6",
        "all",
    ),
    (dt.date(YEAR, 12, 3), "theory_group", "宪法学习", "《中华人民共和国宪法》", "2", "town"),
]
# Exam scores by position in the roll; one failed, the new cadre absent.
SCORES = [
    Decimal(s)
    for s in ("92", "88", "95", "86", "90", "79", "84", "91", "76", "58", "83", "87", "80")
]


def _study(ctx: _Context) -> None:
    town_cadres, secretaries, newcomer = _cadres(ctx)
    for date, kind, title, laws, hours, who in STUDIES:
        if LawStudy.objects.filter(unit=ctx.town, date=date, title=title).exists():
            continue
        attendees = town_cadres + (secretaries if who == "all" else [])
        workflow.save_study(
            LawStudy(
                unit=ctx.town,
                date=date,
                kind=kind,
                title=title,
                laws=laws,
                hours=Decimal(hours),
                speaker="司法所所长 赵文清" if kind != "pre_meeting" else "",
            ),
            by=ctx.by,
            attendees=attendees,
        )
    for i, person in enumerate(town_cadres + secretaries):
        if LawExam.objects.filter(year=YEAR, person=person).exists():
            continue
        workflow.save_exam(
            LawExam(
                year=YEAR,
                person=person,
                sat=True,
                exam_date=dt.date(YEAR, 11, 20),
                score=SCORES[i % len(SCORES)],
            ),
            by=ctx.by,
        )
    if not LawExam.objects.filter(year=YEAR, person=newcomer).exists():
        workflow.save_exam(
            LawExam(year=YEAR, person=newcomer, sat=False, absence_reason="未按时登录如法网参考"),
            by=ctx.by,
        )
