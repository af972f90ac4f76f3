"""The demo township gives the seed report's 2024 figures, and the builder is
idempotent."""

from __future__ import annotations

from typing import Any

import pytest

from fazhi.core import demo as core_demo
from fazhi.core.indicators import REGISTRY, Period, compute
from fazhi.mediation import demo
from fazhi.mediation.models import (
    CommitteeMember,
    Dispute,
    DisputeParty,
    MediationCase,
    MediationCommittee,
    Mediator,
    Screening,
)

pytestmark = pytest.mark.django_db


def _counts() -> dict[str, int]:
    return {
        m.__name__: m.objects.count()
        for m in (
            MediationCommittee,
            CommitteeMember,
            Mediator,
            Screening,
            Dispute,
            DisputeParty,
            MediationCase,
        )
    }


@pytest.fixture
def demo_world() -> Any:
    world = core_demo.build_core()
    demo.build(world)
    return world


def test_2024_figures_match_the_seed_report(demo_world: Any) -> None:
    period = Period.year(2024)
    township = demo_world.township
    assert compute("mediation.committees", township, period) == 6
    assert compute("mediation.committees.township", township, period) == 1
    assert compute("mediation.committees.village", township, period) == 5
    assert compute("mediation.mediators", township, period) == 6
    assert compute("mediation.mediators.full_time", township, period) == 6
    assert compute("mediation.mediators.part_time", township, period) == 0
    names = set(
        REGISTRY["mediation.committees.township"]
        .records(township, period)
        .values_list("name", flat=True)
    )
    assert names == {"湘江源瑶族乡人民调解委员会"}
    villages = REGISTRY["mediation.committees.village"].records(township, period)
    assert sorted(c.unit.name for c in villages) == sorted(v.name for v in demo_world.villages)


def test_every_indicator_has_records_and_a_value(demo_world: Any) -> None:
    period = Period.year(2024)
    keys = [k for k in REGISTRY if k.startswith("mediation.")]
    assert {
        "mediation.screenings",
        "mediation.disputes",
        "mediation.cases.accepted",
        "mediation.cases.agreed",
        "mediation.success_rate",
        "mediation.judicial_confirmations",
        "mediation.followups",
        "mediation.disputes.high_risk_resolved",
    } <= set(keys)
    for key in keys:
        ind = REGISTRY[key]
        assert ind.section == "disputes"
        assert ind.records is not None, key
        value = ind.compute(demo_world.township, period)
        if not ind.is_rate:
            assert value == ind.records(demo_world.township, period).count(), key
    assert REGISTRY["mediation.success_rate"].is_rate
    agreed = compute("mediation.cases.agreed", demo_world.township, period)
    failed = compute("mediation.cases.failed", demo_world.township, period)
    assert compute("mediation.success_rate", demo_world.township, period) == round(
        100 * agreed / (agreed + failed), 1
    )
    assert compute("mediation.disputes.escalated", demo_world.township, period) == 1
    assert compute("mediation.judicial_confirmations", demo_world.township, period) == 3
    assert compute("mediation.disputes.high_risk_resolved", demo_world.township, period) == 2


def test_builder_is_idempotent(demo_world: Any) -> None:
    before = _counts()
    demo.build(core_demo.build_core())
    assert _counts() == before
