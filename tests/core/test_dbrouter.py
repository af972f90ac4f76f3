"""Read-replica routing (core.dbrouter, issue 19): figures pages read from the
replica, writes and every read inside a transaction go to the primary.

The replica here is a second alias pointing at the same test database (as
settings.py's TEST MIRROR does when DATABASE_REPLICA_URL is set); each
alias's queries are captured on its own connection, so the test sees which
connection a query took."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.db import connections, transaction
from django.test.utils import CaptureQueriesContext

from fazhi.core import dbrouter
from fazhi.core.dbrouter import REPLICA, using_replica
from fazhi.core.models import OrgUnit, Person

from ..factories import World


def test_without_a_replica_every_read_is_the_primarys() -> None:
    saved = connections.settings.pop(REPLICA, None)  # the module's fixture may have run
    try:
        assert not dbrouter.replica_configured()
        with using_replica():
            assert dbrouter.read_alias() == "default"
    finally:
        if saved is not None:
            connections.settings[REPLICA] = saved


@pytest.fixture(scope="module")
def replica(django_db_setup: Any) -> Iterator[str]:
    """A "replica" alias on the primary's test database for this module
    (module-scoped: pytest-django checks a test's databases before its own
    function fixtures run)."""
    already = REPLICA in connections.settings
    if not already:
        settings_dict = dict(connections["default"].settings_dict)
        settings_dict["TEST"] = {**settings_dict.get("TEST", {}), "MIRROR": "default"}
        connections.settings[REPLICA] = settings_dict
    yield REPLICA
    if not already:
        connections[REPLICA].close()
        del connections[REPLICA]
        del connections.settings[REPLICA]


class Captured:
    def __init__(self) -> None:
        self.primary = CaptureQueriesContext(connections["default"])
        self.replica = CaptureQueriesContext(connections[REPLICA])

    def __enter__(self) -> Captured:
        self.primary.__enter__()
        self.replica.__enter__()
        return self

    def __exit__(self, *exc: Any) -> None:
        self.replica.__exit__(*exc)
        self.primary.__exit__(*exc)


def _sql(ctx: CaptureQueriesContext) -> list[str]:
    return [q["sql"] for q in ctx.captured_queries]


# One transactional test (each flushes the database afterwards, seconds on
# PostgreSQL); the replica connection must see the primary's committed rows,
# and a TestCase's wrapping transaction would keep every read on the primary.
@pytest.mark.django_db(transaction=True, databases=["default", REPLICA])
def test_routing(replica: str, world: World) -> None:
    _reads_inside_using_replica_go_to_the_replica_writes_to_the_primary()
    _inside_a_transaction_reads_stay_on_the_primary()
    _figure_pages_read_from_the_replica_lists_from_the_primary(world)


def _reads_inside_using_replica_go_to_the_replica_writes_to_the_primary() -> None:
    unit = OrgUnit.objects.create(name="路由乡", kind=OrgUnit.Kind.TOWNSHIP)
    with Captured() as c:
        assert OrgUnit.objects.filter(pk=unit.pk).count() == 1
    assert len(_sql(c.primary)) == 1 and not _sql(c.replica)  # not asked: primary

    with Captured() as c, using_replica():
        found = OrgUnit.objects.get(pk=unit.pk)
        Person.objects.create(unit=found, name="路由人")
    assert any('"core_orgunit"' in s and "SELECT" in s for s in _sql(c.replica))
    assert any("INSERT" in s and "core_person" in s for s in _sql(c.primary))
    assert not any("INSERT" in s for s in _sql(c.replica))
    assert found._state.db == REPLICA

    # A row read from the replica does not pull its relations from there
    # outside using_replica (Django's instance hint would).
    with Captured() as c:
        assert found.children.count() == 0
    assert _sql(c.primary) and not _sql(c.replica)


def _inside_a_transaction_reads_stay_on_the_primary() -> None:
    unit = OrgUnit.objects.create(name="事务乡", kind=OrgUnit.Kind.TOWNSHIP)
    with Captured() as c, using_replica(), transaction.atomic():
        # What a workflow step checks a rule against must be the primary's row.
        assert OrgUnit.objects.select_for_update().get(pk=unit.pk).name == "事务乡"
        assert OrgUnit.objects.filter(pk=unit.pk).exists()
    assert not _sql(c.replica)
    assert len([s for s in _sql(c.primary) if "SELECT" in s]) >= 2


def _figure_pages_read_from_the_replica_lists_from_the_primary(world: World) -> None:
    client = world.client(world.county_user)
    with Captured() as c:
        assert client.get("/reports/rollup/").status_code == 200
    assert _sql(c.replica), "the roll-up reads its figures from the replica"
    # The session and the user come from the primary (middleware, outside the view).
    assert any("django_session" in s for s in _sql(c.primary))

    with Captured() as c:
        assert client.get("/").status_code == 200
    assert _sql(c.replica), "the home page's panels count on the replica"

    with Captured() as c:
        assert world.client(world.owner).get("/petitions/").status_code == 200
    assert not _sql(c.replica), "a working list reads the primary"
