"""Two people take the same step on the same record at the same moment: one
succeeds, the other is told the record changed (409, in Chinese) and is shown
the record as it is now; the step's history row, audit row, clock and document
number exist once.

The workflow locks the record's row (select_for_update) before it checks the
stage, so the second request waits for the first to commit and then sees the
new stage. This needs real row locks and concurrent connections: PostgreSQL
only (SQLite has neither; the test is skipped there)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection, connections

from fazhi.core.models import AuditEvent, Clock, NumberSequence
from fazhi.enforcement.models import CaseEvent, EnforcementCase
from fazhi.petitions.models import Stage, StageChange
from tests.enforcement.conftest import Enf
from tests.factories import World
from tests.petitions.conftest import make_petition

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _postgres_only(db: None) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: row locks and concurrent connections")


def at_once(*calls: Callable[[], Any]) -> list[Any]:
    """Run the calls in threads released together; each thread has its own
    database connection (closed at its end)."""
    barrier = threading.Barrier(len(calls))
    results: list[Any] = [None] * len(calls)

    def run(i: int, call: Callable[[], Any]) -> None:
        try:
            barrier.wait(timeout=30)
            results[i] = call()
        except BaseException as exc:
            results[i] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert not any(t.is_alive() for t in threads), "a request never finished (deadlock?)"
    for result in results:
        if isinstance(result, BaseException):
            raise result
    return results


def one_won(responses: list[Any]) -> tuple[Any, Any]:
    codes = sorted(r.status_code for r in responses)
    assert codes == [200, 409], [r.content.decode() for r in responses]
    won = next(r for r in responses if r.status_code == 200)
    lost = next(r for r in responses if r.status_code == 409)
    return won.json(), lost.json()


def test_two_clerks_accept_the_same_petition(world: World) -> None:
    petition = make_petition(world.owner, world.township)
    url = f"/api/v1/petitions/{petition.pk}/accept/"
    clients = [world.client(world.owner), world.client(world.colleague)]
    version = petition.version

    won, lost = one_won(
        at_once(
            *(lambda c=c: c.post(url, {"on": "2024-09-23", "version": version}) for c in clients)
        )
    )
    assert won["stage"] == Stage.ACCEPTED
    assert lost["field"] in {"stage", "version"} and lost["detail"]
    assert lost["current"]["stage"] == Stage.ACCEPTED
    assert lost["current"]["version"] == won["version"]
    assert StageChange.objects.filter(petition=petition, to_stage=Stage.ACCEPTED).count() == 1
    assert (
        AuditEvent.objects.filter(object_id=str(petition.pk), note="受理", action="transition")
        .values("pk")
        .count()
        == 1
    )
    assert Clock.objects.filter(kind__endswith="handling", object_id=petition.pk).count() == 1


def test_two_officers_file_the_same_case_one_number(world: World) -> None:
    enf = Enf(world)
    enf.pair()
    case = enf.clue()
    url = f"/api/v1/enforcement/cases/{case.pk}/steps/file/"
    clients = [world.client(world.officer), world.client(world.colleague)]

    won, lost = one_won(at_once(*(lambda c=c: c.post(url, {"on": "2024-03-05"}) for c in clients)))
    case = EnforcementCase.objects.get(pk=case.pk)
    assert won["number"] == case.number and case.number.endswith("〔2024〕1号")
    assert lost["field"] == "stage" and lost["current"]["number"] == case.number
    assert CaseEvent.objects.filter(case=case, action="file").count() == 1
    sequence = NumberSequence.objects.get(kind="enforcement_case", year=2024)
    assert sequence.last_value == 1  # the refused request took no number
