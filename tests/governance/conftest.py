"""Fixtures of the governance tests: the personas (`world`) and small builders
that take records through the workflow with real 2024 dates."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from fazhi.core import workflow as core_workflow
from fazhi.governance import builders
from fazhi.governance import workflow as wf
from fazhi.governance.models import (
    DisclosureCatalogueItem,
    DisclosureRequest,
    LegalAdviser,
    MajorDecision,
    NormativeDocument,
    Rectification,
    SupervisionCheck,
    WorkPlan,
    WorkTask,
)
from tests import factories
from tests.factories import PersonFactory, World

D = dt.date
world = factories.world  # the personas fixture
__all__ = ["PersonFactory", "world"]


@pytest.fixture(autouse=True)
def _fast_passwords(settings: Any) -> None:
    # The personas' passwords are hashed for every test; the default PBKDF2
    # cost only slows the suite here (login itself is tested in core).
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def plan(world: World) -> WorkPlan:
    return core_workflow.create_record(
        WorkPlan(
            unit=world.township,
            year=2024,
            title="2024年法治政府建设工作方案",
            issued_on=D(2024, 3, 1),
        ),
        by=world.owner,
    )


def make_task(world: World, plan: WorkPlan, deadline: dt.date, **kw: Any) -> WorkTask:
    return wf.add_task(
        WorkTask(
            plan=plan,
            unit=kw.pop("unit", world.township),
            title=kw.pop("title", "任务"),
            deadline=deadline,
            owner_user=kw.pop("owner_user", world.owner),
            **kw,
        ),
        by=world.owner,
    )


def make_document(world: World, market: bool = False, unit: Any = None) -> NormativeDocument:
    return core_workflow.create_record(
        NormativeDocument(
            unit=unit or world.township, title="农村村民建房管理办法", market_related=market
        ),
        by=world.owner,
    )


def approved_document(world: World, start: dt.date = D(2024, 5, 6)) -> NormativeDocument:
    """A document taken through consultation, review and deliberation."""
    doc = make_document(world)
    builders.adopt(doc, start=start, reviewer=world.reviewer, by=world.owner)
    return doc


def make_request(
    world: World, received: dt.date = D(2024, 9, 25), unit: Any = None, by: Any = None, **kw: Any
) -> DisclosureRequest:
    return wf.register_request(
        DisclosureRequest(
            unit=unit or world.township,
            applicant_name=kw.pop("name", "张明华"),
            phone="13874661234",
            channel=DisclosureRequest.Channel.IN_PERSON,
            submitted_on=received,
            received_on=received,
            description="2024年低保评议会议记录",
            **kw,
        ),
        by=by or world.owner,
    )


def make_adviser(world: World) -> LegalAdviser:
    return core_workflow.create_record(
        LegalAdviser(
            unit=world.township,
            name="雷正言",
            firm="湖南舜陵律师事务所",
            term_start=D(2024, 1, 1),
            term_end=D(2024, 12, 31),
        ),
        by=world.owner,
    )


def make_decision(world: World, **kw: Any) -> MajorDecision:
    return core_workflow.create_record(
        MajorDecision(
            unit=world.township,
            title="高标准农田建设项目实施方案",
            launched_on=D(2024, 4, 1),
            draft_text="草案",
            **kw,
        ),
        by=world.owner,
    )


def catalogue_item(world: World) -> DisclosureCatalogueItem:
    wf.load_standard_catalogue(world.township, by=world.owner)
    return DisclosureCatalogueItem.objects.get(unit=world.township, code="21-08")


def make_check(world: World) -> SupervisionCheck:
    """A special supervision check of the township on 18 June 2024."""
    return core_workflow.create_record(
        SupervisionCheck(
            unit=world.township,
            title="专项检查",
            kind="special",
            checked_unit=world.township,
            checked_on=D(2024, 6, 18),
        ),
        by=world.owner,
    )


def order_finding(world: World, check: SupervisionCheck, finding: str, **kw: Any) -> Rectification:
    """A rectification of `check`'s finding, ordered on 20 June 2024 with
    20 July as its deadline (a Saturday: due the Monday after)."""
    return wf.order_rectification(
        Rectification(
            unit=world.township,
            check_record=check,
            finding=finding,
            ordered_on=D(2024, 6, 20),
            deadline=D(2024, 7, 20),
            **kw,
        ),
        by=world.owner,
    )
