"""`manage.py make_province` (issue 19) on a tiny province: every module's
builder writes records spread over their states, a rerun resumes (writes
nothing twice), an interrupted run finishes where it stopped, and a database
with real units is refused."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from fazhi.core import builders
from fazhi.core.models import Clock, OrgUnit, Person, User
from fazhi.enforcement.models import EnforcementCase
from fazhi.governance.models import DisclosureRequest
from fazhi.mediation.models import Dispute
from fazhi.petitions.models import Petition
from fazhi.publicity.models import PublicityActivity

pytestmark = pytest.mark.django_db

ARGS: tuple[str, ...] = ("--townships", "3", "--years", "2", "--scale", "0.2", "--villages", "2")
ARGS += ("--today", "2026-06-15", "--chunk", "1")


def _run(*extra: str) -> str:
    out = io.StringIO()
    call_command("make_province", *ARGS, *extra, stdout=out)
    return out.getvalue()


def _counts() -> dict[str, int]:
    models: list[Any] = [
        Petition,
        Clock,
        Dispute,
        EnforcementCase,
        DisclosureRequest,
        PublicityActivity,
        Person,
    ]
    return {m.__name__: m.objects.count() for m in models}


def test_builds_every_module_spread_over_states_and_resumes() -> None:
    _run()
    root = OrgUnit.objects.get(division_code=builders.ROOT_CODE)
    townships = OrgUnit.objects.filter(kind=OrgUnit.Kind.TOWNSHIP, path__startswith=root.path)
    assert townships.count() == 3
    counts = _counts()
    assert counts["Petition"] == 3 * 2 * 50 and all(counts.values()), counts
    for t in townships:
        assert Petition.objects.filter(unit=t).exists()
    assert Petition.objects.values("stage").distinct().count() >= 6
    assert Petition.objects.values("channel").distinct().count() == 4
    assert Dispute.objects.values("risk_level").distinct().count() == 3
    assert Clock.objects.values("status").distinct().count() == 2
    assert User.objects.filter(username__endswith="-clerk").count() == 3
    assert User.objects.filter(username__endswith="-supervisor").count() == 1
    # A second run finds every township done and writes nothing.
    assert "3 个已完成" in _run()
    assert _counts() == counts


@pytest.fixture
def interrupting(monkeypatch: pytest.MonkeyPatch) -> Callable[[], None]:
    """The governance builder interrupts the run at the second township, half
    written; the function returned puts the builder back."""
    builders.discover()
    original = builders._builders["governance"]
    calls = {"n": 0}

    def failing(t: builders.Township) -> int:
        calls["n"] += 1
        if calls["n"] == 2:
            raise KeyboardInterrupt
        return original.build(t)

    monkeypatch.setitem(
        builders._builders, "governance", builders.Builder("governance", failing, original.order)
    )
    return lambda: monkeypatch.setitem(builders._builders, "governance", original)


def test_an_interrupted_run_finishes_where_it_stopped(interrupting: Callable[[], None]) -> None:
    with pytest.raises(KeyboardInterrupt):
        _run()
    assert Petition.objects.count() == 100  # the first township only: the second rolled back
    interrupting()  # the builder mended
    _run()
    assert Petition.objects.count() == 300
    assert Petition.objects.values("number").distinct().count() == 300


def test_refuses_a_database_with_real_units() -> None:
    OrgUnit.objects.create(name="蓝山县", kind=OrgUnit.Kind.COUNTY)
    with pytest.raises(CommandError, match="合成省以外"):
        _run()
    assert not Petition.objects.exists()


def _content() -> list[tuple[Any, ...]]:
    """The petitions and their petitioners as a clerk reads them, ids aside."""
    return sorted(
        Petition.objects.values_list(
            "unit__name", "number", "stage", "received_on", "petitioners__name"
        )
    )


@pytest.mark.django_db(transaction=True)
def test_two_processes_write_what_one_writes() -> None:
    """--jobs 2 (PostgreSQL): each township's records are the ones a single
    process writes (its own seeded random source); only ids interleave."""
    from django.db import connection

    from fazhi.core.management.commands.make_province import PROGRESS_TABLE

    if connection.vendor != "postgresql":
        pytest.skip("--jobs forks writers on PostgreSQL only")

    def start_afresh() -> None:
        # Every row under a unit goes with the units (the migrations' reference
        # rows stay); the progress table is the generator's, not a model's.
        with connection.cursor() as cursor:
            cursor.execute("TRUNCATE core_orgunit RESTART IDENTITY CASCADE")
            cursor.execute(f"DROP TABLE IF EXISTS {PROGRESS_TABLE}")

    try:
        _run()
        one, counts = _content(), _counts()
        start_afresh()
        _run("--jobs", "2")
        assert _counts() == counts
        assert _content() == one
        assert Petition.objects.values("number").distinct().count() == 300
    finally:
        start_afresh()


@pytest.mark.django_db(transaction=True)
def test_indexes_dropped_for_the_build_come_back_after_an_interruption(
    interrupting: Callable[[], None],
) -> None:
    """--indexes defer (PostgreSQL): the non-unique indexes are dropped while
    the rows are written and built again after, the same definitions; a run
    interrupted in between leaves their definitions behind, and the resumed
    run builds them."""
    from django.db import connection

    from fazhi.core.management.commands import make_province as mp

    if connection.vendor != "postgresql":
        pytest.skip("indexes are deferred on PostgreSQL only")

    def indexes() -> list[tuple[str, str]]:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT indexname, indexdef FROM pg_indexes "
                "WHERE schemaname = current_schema() AND tablename NOT LIKE 'fazhi_synthetic%' "
                "ORDER BY indexname"
            )
            return cursor.fetchall()

    def start_afresh() -> None:
        mp.restore_indexes(1)
        with connection.cursor() as cursor:
            cursor.execute("TRUNCATE core_orgunit RESTART IDENTITY CASCADE")
            cursor.execute(f"DROP TABLE IF EXISTS {mp.PROGRESS_TABLE}")

    before = indexes()
    try:
        with pytest.raises(KeyboardInterrupt):
            _run("--indexes", "defer")
        dropped = set(before) - set(indexes())
        assert dropped and all("UNIQUE" not in d for _, d in dropped)
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT count(*) FROM {mp.INDEX_TABLE}")
            assert cursor.fetchone()[0] == len(dropped)
        interrupting()  # the builder mended
        out = _run("--indexes", "keep")  # resumed: builds what the first run dropped
        assert f"重建索引 {len(dropped)} 个" in out
        assert indexes() == before
        with connection.cursor() as cursor:
            cursor.execute("SELECT to_regclass(%s)", [mp.INDEX_TABLE])
            assert cursor.fetchone()[0] is None
        assert Petition.objects.count() == 300
    finally:
        start_afresh()
