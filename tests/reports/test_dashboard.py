"""The leaders' dashboard over the demo township: it opens for every demo role
(200, or 403 for the administrators, who see no records; never 500), in a
fixed number of queries, and every bar and cell of its charts opens a list
holding exactly the records the chart counts."""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any

import pytest
from django.test import Client

from fazhi.core import demo
from fazhi.core.demo import DEMO_USERS
from fazhi.core.models import User
from fazhi.core.roles import ADMIN_ROLES
from fazhi.reports import dashboard
from tests.twofactor import verified_client

pytestmark = pytest.mark.django_db
PROJECT_URLS = True

TODAY = dt.date(2026, 12, 4)  # a Friday: "this week" runs to Sunday 6 December


@pytest.fixture
def demo_world(monkeypatch: pytest.MonkeyPatch) -> Any:
    world = demo.build()
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: TODAY)
    return world


def as_user(username: str) -> Client:
    return verified_client(User.objects.get(username=username))


def chart_data(html: str, name: str) -> Any:
    found = re.search(
        rf'<script id="{name}-data" type="application/json">(.*?)</script>', html, re.S
    )
    assert found, f"{name} has no data on the page"
    return json.loads(found.group(1))


def test_every_demo_role_opens_the_dashboard(demo_world: Any) -> None:
    for username, role, _unit, _name in [*DEMO_USERS, ("admin", "", "", "")]:
        c = as_user(username)
        for url in ("/reports/dashboard/", "/reports/dashboard/?year=2024"):
            response = c.get(url)
            expected = 403 if role in ADMIN_ROLES else 200
            assert response.status_code == expected, (username, url, response.status_code)
            html = response.content.decode()
            assert "领导驾驶舱" in html
            for word in ("None", "True", "False", "{#", "{{", "{%", "__proxy__"):
                assert word not in html, (username, url, word)
            if expected == 200:
                assert "vendor/echarts.min.js" in html and "js/dashboard.js" in html
            else:
                assert 'data-testid="no-scope"' in html and "echarts" not in html


def test_dashboard_opens_on_the_latest_year_with_records(demo_world: Any) -> None:
    response = as_user("leader").get("/reports/dashboard/")
    latest = max(
        c.start_date.year for c in dashboard.Clock.objects.filter(unit__path__startswith="")
    )
    assert response.context["year"] == min(latest, TODAY.year)
    assert as_user("leader").get("/reports/dashboard/?year=1999").context["year"] == min(
        latest, TODAY.year
    )


def test_dashboard_query_count(demo_world: Any, django_assert_max_num_queries: Any) -> None:
    for username in ("leader", "county", "cun"):
        c = as_user(username)
        with django_assert_max_num_queries(36):
            assert c.get("/reports/dashboard/?year=2024").status_code == 200


def count_behind(c: Client, url: str) -> int:
    response = c.get(url)
    assert response.status_code == 200, url
    if "page" in response.context:
        return int(response.context["page"].paginator.count)
    return int(response.context["filter"].qs.count())


def test_each_bar_and_cell_opens_the_records_it_counts(demo_world: Any) -> None:
    c = as_user("leader")
    html = c.get("/reports/dashboard/?year=2024").content.decode()

    months = chart_data(html, "open-by-month")
    assert len(months["months"]) == 12 and months["series"]
    checked = 0
    for series in months["series"]:
        for value, link in zip(series["data"], series["links"], strict=True):
            if value:
                assert count_behind(c, link) == value, (series["name"], link)
                checked += 1
    assert checked

    due = chart_data(html, "clocks-due")
    assert due["rows"] and any(r["overdue"] for r in due["rows"])
    for row in due["rows"]:
        assert count_behind(c, row["overdue_url"]) == row["overdue"]
        assert count_behind(c, row["week_url"]) == row["week"]

    heat = chart_data(html, "heatmap")
    cells = [cell for cell in heat["data"] if cell[2]]
    assert cells
    for x, y, n in cells:
        assert count_behind(c, heat["links"][y][x]) == n, (heat["y"][y], heat["x"][x])

    screening = chart_data(html, "screening")
    assert "荆竹村" in screening["units"]
    for rounds, link in zip(screening["rounds"], screening["held_links"], strict=True):
        assert count_behind(c, link) == rounds


def test_clock_list_refuses_a_broken_link(demo_world: Any) -> None:
    c = as_user("leader")
    for query in ("module=nothing", "state=later", "open_on=2024-13-01"):
        response = c.get(f"/reports/dashboard/clocks/?{query}")
        assert response.status_code == 400, query
        assert "筛选条件有误" in response.content.decode()


def test_clock_list_stays_in_scope(demo_world: Any) -> None:
    """The village cadre's list holds only their village's clocks."""
    cun = User.objects.get(username="cun")
    response = as_user("cun").get("/reports/dashboard/clocks/?open_on=2024-06-30")
    rows = list(response.context["page"])
    assert all(row.unit.path.startswith(cun.home_unit.path) for row in rows)
    everyone = as_user("leader").get("/reports/dashboard/clocks/?open_on=2024-06-30")
    assert everyone.context["page"].paginator.count >= len(rows)


def test_home_and_dashboard_count_the_same_overdue_matters(demo_world: Any) -> None:
    """The home page's 已超期 and the dashboard's 已超期 column count matters,
    records with at least one overdue clock: they counted clocks (a petition's
    receipt notice and its handling both overdue counted twice), 8 where a
    leader has 6 matters overdue in the demo. Each label says what it counts."""
    # The demo's matter with two overdue clocks was a 2024 petition, decided
    # in 2025 now (petitions.demo._concluded): the year's overdue petition
    # gets a second one.
    late = dashboard.Clock.objects.filter(
        kind="petitions.handling", status=dashboard.Clock.Status.RUNNING, due_date__lt=TODAY
    ).first()
    assert late is not None
    _late_clock(late.target, "petitions.objection", User.objects.get(username="xinfang"))
    for username in ("leader", "county", "xinfang"):
        user = User.objects.get(username=username)
        c = as_user(username)
        overdue = dashboard.Clock.objects.visible_to(user).filter(
            status=dashboard.Clock.Status.RUNNING, due_date__lt=TODAY
        )
        matters = {(k.content_type_id, k.object_id) for k in overdue}
        assert overdue.count() > len(matters) > 0  # the demo has a matter with two
        home = c.get("/")
        assert home.context["summary"]["overdue"] == len(matters), username
        html = c.get("/reports/dashboard/").content.decode()
        rows = chart_data(html, "clocks-due")["rows"]
        assert sum(r["overdue"] for r in rows) == len(matters), username
        assert "已超期事项" in home.content.decode() and "已超期事项" in html


def _late_clock(record: Any, kind: str, by: Any) -> None:
    """A clock of `kind` on `record`, running and overdue on TODAY."""
    from fazhi.core import clocks

    assert record is not None
    clocks.start(
        record,
        kind=kind,
        label="测试时限",
        start_date=TODAY - dt.timedelta(days=40),
        length=10,
        unit="calendar",
        unit_org=record.unit,
        by=by,
    )


def _petition_objected(leader: Any) -> None:
    """A petition under objection (转送异议) keeps its clock: not in progress."""
    from fazhi.petitions.models import Petition, Stage

    petition = Petition.objects.visible_to(leader).filter(stage=Stage.CLOSED).first()
    assert petition is not None
    Petition.objects.filter(pk=petition.pk).update(stage=Stage.OBJECTED)
    _late_clock(petition, "petitions.objection", leader)


def _case_confirming(leader: Any) -> None:
    """An agreed case late for its judicial confirmation (not the conclusion's clock)."""
    from fazhi.mediation.models import MediationCase

    case = MediationCase.objects.visible_to(leader).filter(status="agreed").first()
    _late_clock(case, "mediation.judicial_confirmation", leader)


def _closed_case_disclosing(leader: Any) -> None:
    """A closed enforcement case whose decision is still to be made public."""
    from fazhi.enforcement.models import EnforcementCase

    case = EnforcementCase.objects.visible_to(leader).filter(stage="closed").first()
    _late_clock(case, "enforcement.disclosure", leader)


def _request_late(leader: Any) -> None:
    """A disclosure request late for its reply: not a task of the plan."""
    from fazhi.governance.models import DisclosureRequest

    request = DisclosureRequest.objects.visible_to(leader).first()
    _late_clock(request, "governance.ogi.reply", leader)


@pytest.mark.parametrize(
    ("module", "apart"),
    [
        ("petitions", _petition_objected),
        ("mediation", _case_confirming),
        ("enforcement", _closed_case_disclosing),
        ("governance", _request_late),
    ],
)
def test_a_panel_counts_its_module_overdue_as_the_dashboard_row(
    demo_world: Any, module: str, apart: Any
) -> None:
    """A module's panel on the home page shows the module's 已超期事项 as the
    dashboard's row for the module counts them (core.clocks.overdue_matters).
    The panels kept their own definitions (petitions: only petitions in
    progress; mediation: only the conclusion's clock of open cases;
    enforcement: only open cases; governance: only the plan's tasks), so a
    leader read two figures for one module; `apart` builds a matter on which
    the old definition and the dashboard part."""
    apart(User.objects.get(username="leader"))
    for username in ("leader", "county"):
        c = as_user(username)
        panels = {p["key"]: p for p in c.get("/").context["panels"]}
        # The panel's first overdue figure (its own "其中已超期" follows).
        late = next(f for f in panels[module]["figures"] if "超期" in str(f.label))
        html = c.get("/reports/dashboard/").content.decode()
        rows = {r["module"]: r["overdue"] for r in chart_data(html, "clocks-due")["rows"]}
        assert late.value == rows[module] > 0, (username, module, late.value, rows[module])
        # The dashboard's and the home card's words, saying whose: the scope's.
        whose = {"leader": "本乡镇", "county": "本县"}[username]
        assert str(late.label) == f"已超期事项（{whose}）"
