"""The home page: each module's panel (core.dashboard) in the user's scope,
at a fixed number of queries however many records there are."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest

from fazhi.core import dashboard
from fazhi.mediation import workflow as med_wf
from fazhi.mediation.models import Dispute, DisputeCategory
from tests.factories import World

pytestmark = pytest.mark.django_db

MODULES = ("petitions", "mediation", "enforcement", "publicity", "governance")


def _dispute(world: World, n: int, risk: str = Dispute.Risk.LOW) -> Dispute:
    return med_wf.register_dispute(
        Dispute(
            unit=world.village,
            title=f"邻里纠纷{n}",
            category=DisputeCategory.objects.get(code="land"),
            facts="排水沟堵塞引起争执。",
            source=Dispute.Source.APPLICATION,
            found_on=dt.date(2024, 9, 1),
            risk_level=risk,
            risk_reason="可能激化" if risk == Dispute.Risk.HIGH else "",
        ),
        by=world.owner,
    )


def _figure(html: str, panel: str, label: str) -> int:
    block = html.split(f'data-testid="panel-{panel}"', 1)[1].split("</ul>", 1)[0]
    match = re.search(rf"{label}.*?fw-bold[^>]*>(\d+)<", block, re.S)
    assert match, (panel, label)
    return int(match.group(1))


def test_every_module_registers_a_panel() -> None:
    assert set(MODULES) <= set(dashboard._panels)


def test_panels_count_in_scope(world: World) -> None:
    _dispute(world, 1)
    _dispute(world, 2, Dispute.Risk.HIGH)
    html = world.client(world.owner).get("/").content.decode()
    for key in MODULES:
        assert f'data-testid="panel-{key}"' in html
    assert _figure(html, "mediation", "在办矛盾纠纷") == 2
    assert _figure(html, "mediation", "其中高风险") == 1
    colleague = world.client(world.colleague).get("/").content.decode()
    assert _figure(colleague, "mediation", "在办矛盾纠纷") == 2
    outsider = world.client(world.outsider).get("/").content.decode()
    assert _figure(outsider, "mediation", "在办矛盾纠纷") == 0


def test_home_page_query_count_does_not_grow_with_records(
    world: World, django_assert_max_num_queries: Any, django_assert_num_queries: Any
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = world.client(world.owner)
    client.get("/")  # warm the content-type cache
    _dispute(world, 1)
    with CaptureQueriesContext(connection) as few:
        assert client.get("/").status_code == 200
    for n in range(2, 6):
        _dispute(world, n, Dispute.Risk.HIGH)
    with django_assert_num_queries(len(few.captured_queries)):
        client.get("/")
    # Session, user, unit, the clock summary and lists, the inbox: 7; the
    # user's scope units (once per request): 1; the five panels: 16 (one to
    # three aggregates each, the renewal-window setting, for petitions,
    # mediation, enforcement and governance the module's overdue matters as
    # the leaders' dashboard counts them, core.clocks.overdue_matters, and
    # for mediation the units that must screen and their recent rounds).
    with django_assert_max_num_queries(24):
        client.get("/")


def test_a_due_date_stays_on_one_line_on_a_phone(world: World) -> None:
    """The home page's 已超期 and 即将到期 lists end each clock with its due
    date; on a phone (390 px) the browser broke it at its hyphen, 2026- at
    the end of one line and 12-07 on the next (found walking the demo). Each
    date is kept whole (text-nowrap), overdue or not."""
    from django.utils import timezone

    from fazhi.core import clocks

    today = timezone.localdate()
    for n, start in ((1, today - dt.timedelta(days=40)), (2, today)):
        clocks.start(
            _dispute(world, n),
            kind="mediation.test",
            label="调解期限",
            start_date=start,
            length=20,
            unit="calendar",
            unit_org=world.village,
            by=world.owner,
        )
    html = world.client(world.owner).get("/").content.decode()
    # The dates a person reads (not those in a link's query string).
    shown = re.sub(r"<[^>]+>", " ", html.split('data-testid="clocks-overdue"', 1)[1])
    dates = re.findall(r"\d{4}-\d{2}-\d{2}", shown)
    assert len(dates) >= 2
    for day in dates:
        assert re.search(rf'<span class="[^"]*text-nowrap[^"]*"[^>]*>{day}</span>', html), day


def test_recently_missed_screening_shows_on_the_home_page(world: World) -> None:
    """近期未按期排查 on the home page: the screening periods of the last 35
    days that a unit which must screen held no round in, as the mediation
    overview lists them (mediation.queries.missed_rounds). Walking the demo on
    2026-12-29 the village cadre's home read all zeros beside five missed
    weeks. The cadre counts the village's, the township's clerk the township's
    and its villages', an outsider their own township's; a round held ends
    its week's miss, and the figure links to the same period's list."""
    from django.urls import reverse
    from django.utils import timezone

    from fazhi.core.scope import units_visible_to
    from fazhi.mediation import queries as mq
    from fazhi.mediation.models import Screening

    today = timezone.localdate()
    since = today - dt.timedelta(days=mq.RECENT_SCREENING_DAYS)

    def listed(user: Any) -> int:
        units = units_visible_to(user).filter(kind__in=mq.SCREENING_KINDS)
        return len(mq.missed_rounds(units, since, today))

    for user in (world.village_cadre, world.owner, world.colleague, world.outsider):
        html = world.client(user).get("/").content.decode()
        assert _figure(html, "mediation", "近期未按期排查") == listed(user) > 0, user
    assert listed(world.owner) > listed(world.village_cadre)
    link = (
        f"{reverse('mediation:screening_missed')}?start={since:%Y-%m-%d}&amp;end={today:%Y-%m-%d}"
    )
    assert link in world.client(world.village_cadre).get("/").content.decode()

    before = listed(world.village_cadre)
    last_week = today - dt.timedelta(days=today.weekday() + 7)  # last week's Monday
    med_wf.record_screening(
        Screening(unit=world.village, screened_on=last_week, screeners="甲", scope="全村"),
        by=world.village_cadre,
    )
    html = world.client(world.village_cadre).get("/").content.decode()
    assert _figure(html, "mediation", "近期未按期排查") == listed(world.village_cadre) == before - 1
