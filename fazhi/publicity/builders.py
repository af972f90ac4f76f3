"""Synthetic publicity activities for the province generator (core.builders,
issue 19): a township's activities of every year, each with a topic, a
sector and the village it reached; more in March and before the holidays."""

from __future__ import annotations

from fazhi.core.builders import Township, insert, insert_through, register

from . import reference
from .models import Campaign, PublicityActivity, Sector, Topic

PER_TOWNSHIP_YEAR = 30


def build(t: Township) -> int:
    reference.ensure(Sector, Topic, Campaign)
    topics = list(Topic.objects.values_list("pk", flat=True))
    sectors = list(Sector.objects.values_list("pk", flat=True))
    kinds = PublicityActivity.Kind.values
    acts = [
        PublicityActivity(
            unit=t.unit,
            title=f"普法活动{t.index}-{year}-{i}",
            date=t.seasons.date(t.rng, year),
            kind=t.rng.choice(kinds),
            status="held",
            lead_unit=t.unit,
            participants=t.rng.randrange(20, 500),
            materials=t.rng.randrange(0, 1000),
        )
        for year in t.years
        for i in range(t.per_year(PER_TOWNSHIP_YEAR))
    ]
    n = insert(PublicityActivity, acts)
    n += insert_through(PublicityActivity.topics, ((a.pk, t.rng.choice(topics)) for a in acts))
    n += insert_through(PublicityActivity.sectors, ((a.pk, t.rng.choice(sectors)) for a in acts))
    n += insert_through(PublicityActivity.units_reached, ((a.pk, t.village().pk) for a in acts))
    return n


register("publicity", build, order=50)
