"""Fixtures for the report tests: the personas, a leadership group and fake
indicators standing in for the modules (registered for one test, then removed)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest

from fazhi.core.indicators import REGISTRY, Indicator, Period
from fazhi.core.models import GroupMembership, LeadershipGroup, LeadershipRole, OrgUnit, Person
from fazhi.reports import workflow
from fazhi.reports.figures import TEXT_FIGURES
from fazhi.reports.models import AnnualReport, Shortcoming
from tests.factories import PersonFactory, World, world  # noqa: F401


@pytest.fixture
def leadership(world: World) -> LeadershipGroup:  # noqa: F811
    """The seed's group: party secretary chairs, township head and congress chair vice-chair."""
    group = LeadershipGroup.objects.create(
        unit=world.township,
        name="湘江源瑶族乡推进依法行政工作领导小组",
        established_on=dt.date(2024, 2, 20),
    )
    rows = [
        (
            "盘建国",
            "乡党委书记",
            GroupMembership.Position.CHAIR,
            LeadershipRole.PARTY_SECRETARY,
            True,
        ),
        (
            "赵永明",
            "乡长",
            GroupMembership.Position.VICE_CHAIR,
            LeadershipRole.TOWNSHIP_HEAD,
            False,
        ),
        (
            "李桂兰",
            "人大主席",
            GroupMembership.Position.VICE_CHAIR,
            LeadershipRole.CONGRESS_CHAIR,
            False,
        ),
        ("赵文清", "司法所所长", GroupMembership.Position.MEMBER, "", False),
    ]
    for i, (name, title, position, role, first) in enumerate(rows):
        person = PersonFactory(name=name, unit=world.township, title=title)
        GroupMembership.objects.create(
            group=group,
            person=person,
            position=position,
            leadership_role=role,
            title=title,
            is_first_responsible=first,
            order=i,
        )
    return group


class FakeIndicators:
    """Register indicators over core Person rows (tagged by `note`), the way a
    module would, and take them out again after the test."""

    def __init__(self) -> None:
        self.keys: list[str] = []
        self.text_keys: list[str] = []

    def count(self, key: str, note: str, *, section: str = "disputes", label: str = "") -> None:
        def records(unit: OrgUnit, period: Period) -> Any:
            return Person.objects.in_unit(unit).filter(note=note)

        REGISTRY[key] = Indicator(
            key=key,
            label=label or key,
            unit_label="个",
            section=section,
            records=records,
            compute=lambda unit, period: records(unit, period).count(),
        )
        self.keys.append(key)

    def constant(
        self, key: str, value: Any, *, section: str = "disputes", is_rate: bool = False
    ) -> None:
        REGISTRY[key] = Indicator(
            key=key,
            label=key,
            unit_label="",
            section=section,
            records=None,
            compute=lambda unit, period: value,
            is_rate=is_rate,
        )
        self.keys.append(key)

    def remove(self) -> None:
        for key in self.keys:
            REGISTRY.pop(key, None)


@pytest.fixture
def fake() -> Iterator[FakeIndicators]:
    saved_registry = dict(REGISTRY)
    saved_text = dict(TEXT_FIGURES)
    helper = FakeIndicators()
    # Tests control every figure: the real modules' indicators are set aside.
    for key in list(REGISTRY):
        if not key.startswith(("leadership.", "clocks.")):
            REGISTRY.pop(key)
    for key in list(TEXT_FIGURES):
        if not key.startswith("leadership."):
            TEXT_FIGURES.pop(key)
    try:
        yield helper
    finally:
        REGISTRY.clear()
        REGISTRY.update(saved_registry)
        TEXT_FIGURES.clear()
        TEXT_FIGURES.update(saved_text)


def add_people(unit: OrgUnit, note: str, n: int) -> list[Person]:
    return [PersonFactory(unit=unit, note=note) for _ in range(n)]


def confirm_problems(report: AnnualReport, by: Any) -> Shortcoming:
    """Section 二 confirmed, as a township does before the county may accept
    the report: a problem staff write, with its cause, is accepted as written
    (workflow.add_shortcoming), so no 〔存在的问题尚未确认〕 is left in its text."""
    return workflow.add_shortcoming(
        report, by=by, text="法治宣传覆盖面不够广", cause="普法活动统筹不够"
    )


@pytest.fixture(autouse=True)
def _reports_urls(request: pytest.FixtureRequest, settings: Any) -> None:
    # Test modules that load every module's demo data need the project's URLs.
    if not getattr(request.module, "PROJECT_URLS", False):
        settings.ROOT_URLCONF = "tests.reports.urls"
