"""Demo data (idempotent) and the indicators the annual report reads."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from fazhi.core import demo, indicators
from fazhi.core.indicators import Period
from fazhi.core.models import AuditEvent, Clock, GroupMembership, OrgUnit
from fazhi.petitions import demo as petitions_demo
from fazhi.petitions import workflow as wf
from fazhi.petitions.models import (
    Appeal,
    OutreachVisit,
    Petition,
    Petitioner,
    Reception,
    ReceptionDuty,
    StageChange,
)
from tests.twofactor import log_in

from .conftest import Leaders

pytestmark = pytest.mark.django_db
YEAR = Period.year(2024)
KEYS = [
    "petitions.received",
    "petitions.received.by_channel.visit",
    "petitions.received.by_channel.letter",
    "petitions.received.by_channel.call",
    "petitions.received.by_channel.online",
    "petitions.accepted",
    "petitions.replied_on_time_rate",
    "petitions.extended",
    "petitions.reviews",
    "petitions.re_reviews",
    "petitions.repeat",
    "petitions.reception_days",
    "petitions.visitors_received",
    "petitions.outreach_visits",
    "petitions.key_cases",
    "petitions.resolved.village",
    "petitions.resolved.township",
    "petitions.satisfaction_rate",
]


def _counts() -> tuple[int, ...]:
    return tuple(
        m.objects.count()
        for m in (
            Petition,
            Petitioner,
            StageChange,
            Appeal,
            ReceptionDuty,
            Reception,
            OutreachVisit,
            Clock,
            AuditEvent,
        )
    )


@pytest.fixture
def demo_world() -> demo.DemoWorld:
    # Core's township plus this app's builder only: other apps' demo data is theirs to test.
    world = demo.build_core()
    petitions_demo.build(world)
    return world


def test_demo_builds_a_year_and_is_idempotent(demo_world: demo.DemoWorld) -> None:
    before = _counts()
    petitions_demo.build(demo.build_core())
    assert _counts() == before
    township = demo_world.township
    qs = Petition.objects.in_unit(township).filter(received_on__year=2024)
    assert qs.count() >= 40
    assert set(qs.values_list("channel", flat=True)) == {"visit", "letter", "call", "online"}
    stages = set(qs.values_list("stage", flat=True))
    assert {"closed", "declined", "referred", "objected"} <= stages
    # Matters open at the 2024 year end (accepted, one only registered) ended
    # in early 2025 (petitions.demo._concluded): none of 2024's is left running.
    year_end = dt.date(2024, 12, 31)
    open_at_year_end = qs.exclude(closed_on__lte=year_end)
    assert open_at_year_end.filter(decided_on__gt=year_end).count() == 1
    assert open_at_year_end.filter(decided_on__lte=year_end).count() >= 3
    assert not qs.filter(closed_on__isnull=True).exists()
    assert not Clock.objects.filter(
        kind__startswith="petitions.", object_id__in=qs.values("pk"), status=Clock.Status.RUNNING
    ).exists()
    owners = set(qs.filter(is_key_case=True).values_list("owner_leader__name", flat=True))
    assert owners == {"盘建国", "赵永明", "李桂兰"}
    assert Appeal.objects.filter(petition__in=qs, level="review").count() == 1
    leaders = {
        m.person.name
        for m in GroupMembership.objects.filter(group__unit=township).exclude(leadership_role="")
    }
    duty_leaders = set(
        ReceptionDuty.objects.filter(date__year=2024).values_list("leader__name", flat=True)
    )
    assert duty_leaders == leaders == {"盘建国", "赵永明", "李桂兰"}
    assert Reception.objects.filter(petitions__isnull=False).exists()
    assert OutreachVisit.objects.filter(visited_on__year=2024).count() == 16


def test_demo_petition_office_user_sees_the_ledger(demo_world: demo.DemoWorld, client: Any) -> None:
    assert log_in(client, "xinfang", demo.DEMO_PASSWORD)
    response = client.get("/petitions/?received_from=2024-01-01&received_to=2024-12-31")
    assert response.status_code == 200 and "湘源信〔2024〕" in response.content.decode()
    assert client.get("/petitions/public/rota/").status_code == 200


def test_indicators_are_queries_with_records(demo_world: demo.DemoWorld) -> None:
    township = demo_world.township
    values = indicators.compute_all(township, YEAR, section="petitions")
    for key in KEYS:
        assert key in values, key
        ind = indicators.REGISTRY[key]
        assert ind.records is not None and ind.section == "petitions"
    received = Petition.objects.in_unit(township).filter(received_on__year=2024)
    assert values["petitions.received"] == received.count()
    assert (
        sum(
            values[f"petitions.received.by_channel.{c}"]
            for c in ("visit", "letter", "call", "online")
        )
        == (values["petitions.received"])
    )
    assert values["petitions.reviews"] == 1 and values["petitions.re_reviews"] == 0
    assert values["petitions.extended"] == 3 and values["petitions.key_cases"] == 4
    assert values["petitions.repeat"] >= 1
    assert values["petitions.reception_days"] == 36 and values["petitions.outreach_visits"] == 16
    assert values["petitions.visitors_received"] == sum(
        Reception.objects.filter(held_on__year=2024).values_list("visitor_count", flat=True)
    )
    assert 0 < values["petitions.replied_on_time_rate"] < 100  # two demo replies are late
    assert 0 < values["petitions.satisfaction_rate"] < 100
    assert values["petitions.resolved.village"] > 0 and values["petitions.resolved.township"] > 0
    assert indicators.REGISTRY["petitions.key_cases"].records(township, YEAR).count() == 4  # type: ignore[misc]
    assert (
        indicators.compute("petitions.received", demo_world.county, YEAR)
        == values["petitions.received"]
    )
    assert indicators.compute("petitions.received", OrgUnit.objects.get(name="紫良村"), YEAR) == 0


def test_on_time_rate_counts_late_replies(register: Any, leaders: Leaders, world: Any) -> None:
    d = dt.date
    for received, replied in ((d(2024, 3, 1), d(2024, 4, 1)), (d(2024, 3, 2), d(2024, 6, 1))):
        p = register(
            received_on=received,
            title=f"事项{received}",
            content=str(received),
            petitioners=[wf.PetitionerData(f"人{received.day}")],
        )
        p = wf.accept(p, by=leaders.clerk, on=received)
        wf.reply(
            p, by=leaders.clerk, on=replied, request="r", facts="f", outcome="support", basis="b"
        )
    assert indicators.compute("petitions.replied_on_time_rate", world.township, YEAR) == 50.0
    assert indicators.compute("petitions.accepted", world.township, YEAR) == 2
