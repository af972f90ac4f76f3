"""Publicity records built for the demo, the tests and the province
generator: one module, two ways of writing, on purpose.

The demo (`publicity/demo.py`) and the tests (tests/publicity/helpers.py) save
plans and their items with `plan` and `item` below, through the workflow (its
checks, audit event and history); the demo looks each up first so a second
run changes nothing, the tests do not, so a refusal is never hidden by a
record found. The province generator (`build`, core.builders, issue 19)
writes a township's activities of every year set-based (COPY), each with a
topic, a sector and the village it reached, more in March and before the
holidays: the workflow's audit event a row would take hours over two thousand
townships, and the roll-up reads the rows, not their history.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from fazhi.core.builders import Township, insert, insert_through, register
from fazhi.core.models import OrgUnit

from . import reference, workflow
from .models import Campaign, PlanItem, PublicityActivity, PublicityPlan, Sector, Topic


def plan(
    unit: OrgUnit,
    title: str,
    start_year: int,
    *,
    by: Any,
    end_year: int | None = None,
    kind: str = PublicityPlan.Kind.ANNUAL,
    **fields: Any,
) -> PublicityPlan:
    """A plan of `kind` of `unit` from `start_year` to `end_year` (the same
    year unless given), saved through the workflow."""
    return workflow.save_plan(
        PublicityPlan(
            unit=unit,
            title=title,
            kind=kind,
            start_year=start_year,
            end_year=start_year if end_year is None else end_year,
            **fields,
        ),
        by=by,
    )


def item(
    plan: PublicityPlan,
    title: str,
    *,
    by: Any,
    sectors: Sequence[Sector | str],
    units: Sequence[OrgUnit],
    **fields: Any,
) -> PlanItem:
    """An item `title` of `plan` for `sectors` and `units`, saved through the
    workflow (which refuses it on a closed plan)."""
    return workflow.save_plan_item(
        PlanItem(plan=plan, title=title, **fields),
        by=by,
        target_sectors=list(sectors),
        target_units=list(units),
    )


PER_TOWNSHIP_YEAR = 30


def _reference() -> tuple[list[Any], list[Any]]:
    reference.ensure(Sector, Topic, Campaign)
    return (
        list(Topic.objects.values_list("pk", flat=True)),
        list(Sector.objects.values_list("pk", flat=True)),
    )


def build(t: Township) -> int:
    topics, sectors = t.once("publicity.reference", _reference)
    kinds = PublicityActivity.Kind.values
    acts = [
        {
            "unit_id": t.unit.pk,
            "title": f"普法活动{t.index}-{year}-{i}",
            "date": t.seasons.date(t.rng, year),
            "kind": t.rng.choice(kinds),
            "status": "held",
            "lead_unit_id": t.unit.pk,
            "participants": t.rng.randrange(20, 500),
            "materials": t.rng.randrange(0, 1000),
        }
        for year in t.years
        for i in range(t.per_year(PER_TOWNSHIP_YEAR))
    ]
    n = insert(PublicityActivity, acts)
    n += insert_through(PublicityActivity.topics, ((a["id"], t.rng.choice(topics)) for a in acts))
    n += insert_through(PublicityActivity.sectors, ((a["id"], t.rng.choice(sectors)) for a in acts))
    n += insert_through(PublicityActivity.units_reached, ((a["id"], t.village().pk) for a in acts))
    return n


register("publicity", build, order=50)
