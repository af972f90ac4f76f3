"""Every module panel's 已超期事项 on the 工作台 links to a list of exactly the
rows it counts: the petitions', enforcement's and mediation's ledgers
filtered to the overdue clocks (?clock_state=overdue, with ?work=mine for an
officer, whose figure counts their own), governance's (tasks, documents,
requests, rectifications … in no one ledger) its own list of them
(governance:overdue), one row a matter, over the figure's own clocks. The owner (the township's
司法所) and a colleague (its leader) count and list the township's; the
officer their own; another township's 司法所 counts none and its links list
none of them."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone

from fazhi.core.models import Clock
from fazhi.mediation import builders
from fazhi.mediation.models import Dispute, DisputeCategory, MediationCase
from tests.core.test_dashboard_whose import _late_case
from tests.factories import World
from tests.governance.conftest import make_check, make_request, order_finding
from tests.mediation.conftest import Med
from tests.mediation.conftest import med as med  # the fixture
from tests.petitions.conftest import make_petition

pytestmark = pytest.mark.django_db

D = dt.date
TODAY = timezone.localdate()
Row = tuple[str, int]


@pytest.fixture(autouse=True)
def _fast_passwords(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _row(record: models.Model) -> Row:
    if isinstance(record, Clock):  # governance:overdue, one row a matter's clock
        model = ContentType.objects.get_for_id(record.content_type_id).model_class()
        return (model._meta.label_lower, record.object_id)  # type: ignore[union-attr]
    return (record._meta.label_lower, record.pk)


def _remind(record: models.Model, user: Any) -> None:
    """`user` is reminded of the record's clocks: their work (in_work_of)."""
    ct = ContentType.objects.get_for_model(record)
    for clock in Clock.objects.filter(content_type=ct, object_id=record.pk):
        clock.recipients.add(user)


def _overdue_figure(world: World, user: Any, key: str) -> Any:
    page = world.client(user).get("/")
    assert page.status_code == 200
    panel = next(p for p in page.context["panels"] if p["key"] == key)
    return next(f for f in panel["figures"] if str(f.label).startswith("已超期事项"))


def _listed(world: World, user: Any, url: str) -> set[Row]:
    """The rows the page at `url` lists to `user` (all of them: one page here)."""
    page = world.client(user).get(url)
    if page.status_code == 404:
        return set()
    assert page.status_code == 200, url
    ctx = page.context
    if "table" in ctx and "filter" in ctx:  # a ledger (core.listing.ScopedListView)
        table = ctx["table"]
        assert table.paginator.num_pages == 1
        return {_row(r.record) for r in table.page.object_list}
    raise AssertionError(f"{url} lists no rows")


def _mediation(med: Med, title: str, applied: dt.date, *, accept: bool = True) -> Any:
    """A case of the township committee on a dispute of its own."""
    dispute = builders.dispute(
        med.world.village,
        title,
        [med.applicant, med.respondent],
        category=DisputeCategory.objects.get(code="land"),
        facts="争执。",
        source=Dispute.Source.APPLICATION,
        found_on=applied,
        risk_level=Dispute.Risk.LOW,
        by=med.world.owner,
    )
    return builders.open_case(
        dispute,
        committee=med.township_committee,
        start=MediationCase.Start.APPLICATION,
        applied=applied,
        applicant=med.applicant.name,
        accepted=applied if accept else None,
        mediator=med.township_mediator if accept else None,
        by=med.world.owner,
    )


def _world_of_overdue_work(world: World, med: Med) -> dict[str, tuple[set[Row], Row]]:
    """Per panel: the township's overdue records, and the one of them the
    officer is reminded of. Each list also holds a record not overdue."""
    petitions = [
        make_petition(world.owner, world.township, title=t, received_on=D(2024, 9, 20))
        for t in ("逾期甲", "逾期乙")
    ]
    make_petition(world.owner, world.township, title="新件", received_on=TODAY)
    cases = [_late_case(world, t) for t in ("甲案", "乙案")]
    _late_case(world, "丙案")
    Clock.objects.filter(label="丙案：处罚决定").update(due_date=TODAY + dt.timedelta(days=30))
    mediations = [med.case(applied=D(2024, 9, 2))]
    mediations.append(_mediation(med, "相邻通行纠纷", D(2024, 10, 8)))
    _mediation(med, "山林权属纠纷", TODAY, accept=False)  # applied for: no clock yet
    request = make_request(world, D(2024, 9, 25))
    make_request(world, TODAY, name="李四")  # its reply not yet due
    rect = order_finding(world, make_check(world), "台账不全")
    governance = [request, rect]
    out = {}
    for key, records in (
        ("petitions", petitions),
        ("enforcement", cases),
        ("mediation", mediations),
        ("governance", governance),
    ):
        _remind(records[0], world.officer)
        out[key] = ({_row(r) for r in records}, _row(records[0]))
    return out


@pytest.mark.parametrize("key", ["petitions", "enforcement", "mediation", "governance"])
def test_each_panels_overdue_figure_links_to_the_rows_it_counts(
    world: World,
    med: Med,
    key: str,
) -> None:
    township, officers = _world_of_overdue_work(world, med)[key]
    assert len(township) >= 2
    for user in (world.owner, world.colleague):
        late = _overdue_figure(world, user, key)
        assert "work=" not in late.url
        rows = _listed(world, user, late.url)
        assert late.value == len(rows) and rows == township, (user, late.url)
    # The officer counts, and the link lists, their own only.
    late = _overdue_figure(world, world.officer, key)
    # governance:overdue lists the figure's clocks (the user's work) itself.
    assert ("work=mine" in late.url) == (key != "governance")
    assert late.value == 1 and _listed(world, world.officer, late.url) == {officers}
    # Another township's 司法所: nothing counted, nothing listed through the links.
    assert _overdue_figure(world, world.outsider, key).value == 0
    assert _listed(world, world.outsider, _overdue_figure(world, world.owner, key).url) == set()
    assert _listed(world, world.outsider, late.url) == set()
