"""Builders of publicity records for tests (through the workflow; plans and
their items by fazhi.publicity.builders, as the demo's)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from fazhi.core.models import Person
from fazhi.publicity import builders, workflow
from fazhi.publicity.models import (
    Campaign,
    LawStudy,
    PlanItem,
    PublicityActivity,
    PublicityPlan,
    Sector,
    Topic,
)
from tests.factories import PersonFactory, World


def topic(name: str = "社会治安") -> Topic:
    return Topic.objects.get(name=name)


def sector(code: str) -> Sector:
    return Sector.objects.get(code=code)


def plan(world: World, year: int = 2024, **kw: Any) -> PublicityPlan:
    kw.setdefault("title", f"{year}年普法计划")
    return builders.plan(world.township, start_year=year, by=world.owner, **kw)


def item(
    world: World,
    p: PublicityPlan,
    month: int = 3,
    sectors: tuple[str, ...] = ("village",),
    units: list[Any] | None = None,
    **kw: Any,
) -> PlanItem:
    fields: dict[str, Any] = {
        "title": "土地管理法律进村",
        "topic": topic("土地管理"),
        "planned_month": dt.date(p.start_year, month, 1),
        "lead_unit": world.township,
        "budget": Decimal("1000"),
    }
    fields.update(kw)
    return builders.item(
        p,
        by=world.owner,
        sectors=sectors,
        units=units if units is not None else [world.village],
        **fields,
    )


def activity(
    world: World,
    *,
    by: Any = None,
    date: dt.date = dt.date(2024, 3, 10),
    unit: Any = None,
    topics: list[Topic] | None = None,
    sectors: tuple[str, ...] = ("village",),
    reached: list[Any] | None = None,
    **kw: Any,
) -> PublicityActivity:
    unit = unit or world.township
    fields: dict[str, Any] = {
        "unit": unit,
        "title": "法治宣传赶集日",
        "date": date,
        "kind": PublicityActivity.Kind.STALL,
        "lead_unit": unit,
        "participants": 100,
        "materials": 300,
    }
    fields.update(kw)
    return workflow.save_activity(
        PublicityActivity(**fields),
        by=by or world.owner,
        topics=topics or [topic()],
        sectors=list(sectors),
        units_reached=reached if reached is not None else [world.village],
    )


def cadre(world: World, unit: Any = None, name: str = "", **kw: Any) -> Person:
    extra = {"name": name} if name else {}
    return PersonFactory(unit=unit or world.township, is_cadre=True, **extra, **kw)


def study(
    world: World,
    attendees: list[Person],
    date: dt.date = dt.date(2024, 3, 26),
    hours: str = "2",
    **kw: Any,
) -> LawStudy:
    fields: dict[str, Any] = {
        "unit": world.township,
        "date": date,
        "kind": LawStudy.Kind.THEORY_GROUP,
        "title": "习近平法治思想专题学习",
        "hours": Decimal(hours),
    }
    fields.update(kw)
    return workflow.save_study(LawStudy(**fields), by=world.owner, attendees=attendees)


def spring_festival() -> Campaign:
    return Campaign.objects.get(name="春节期间法治宣传")
