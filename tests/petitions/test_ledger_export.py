"""The petition ledger's .xlsx export runs a fixed number of queries whatever
the number of rows (issue 19: a county's 10^4 petitions must export within
seconds; docs/perf-notes-export.md), and is still audited with its reason."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from fazhi.core.models import AuditEvent
from fazhi.petitions import workflow as wf
from tests.factories import valid_id_number

from .conftest import Leaders

pytestmark = pytest.mark.django_db

EXPORT = "/petitions/?export=xlsx&reason=办理需要"


def _petitions(register: Any, leaders: Leaders, world: Any, n: int, start: int) -> None:
    """`n` petitions with what the ledger shows: petitioners (a group of
    four), an accusation, a handling clock, a responsible unit and a leader."""
    for i in range(start, start + n):
        people = [wf.PetitionerData(f"人{i}-{j}", valid_id_number(100 * i + j)) for j in range(4)]
        p = register(
            title=f"事项{i}",
            category="accusation" if i % 3 == 0 else "claim",
            received_on=dt.date(2024, 9, 1 + i % 20),
            petitioners=people[: 1 + i % 4],
        )
        if i % 2:
            p = wf.accept(p, by=leaders.clerk, on=dt.date(2024, 9, 25))
            wf.assign(
                p,
                by=leaders.clerk,
                responsible_unit=world.village,
                is_key_case=True,
                owner_leader=leaders.secretary,
            )


def _export(client: Any) -> tuple[int, list[tuple[Any, ...]]]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(EXPORT)
    assert response.status_code == 200
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    return len(queries), rows


def test_export_query_count_does_not_grow_with_rows(
    register: Any, leaders: Leaders, world: Any
) -> None:
    client = world.client(leaders.clerk)
    _petitions(register, leaders, world, 4, 0)
    few, rows = _export(client)
    assert len(rows) == 2 + 4
    _petitions(register, leaders, world, 12, 4)
    many, rows = _export(client)
    assert len(rows) == 2 + 16
    assert many == few
    # Still audited as a whole, with the reason (core.listing.export).
    event = AuditEvent.objects.filter(action=AuditEvent.Action.EXPORT).latest("pk")
    assert "16 条" in event.note and "办理需要" in event.note
