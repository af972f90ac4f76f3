"""A roll-up read in lanes (each module's figures on a connection of its own,
two at once: PostgreSQL, outside a transaction) gives the cells one
connection gives; inside a transaction it stays on this connection."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import DEFAULT_DB_ALIAS, connection, connections, transaction
from django.db.backends.signals import connection_created

from fazhi.core import demo
from fazhi.core.indicators import Period
from fazhi.reports import figures, queries

PROJECT_URLS = True


def cells(keys: list[str], units: list[Any], year: int) -> dict[tuple[int, str], Any]:
    found = figures.evaluate_units(keys, units, Period.year(year))
    return {
        (pk, key): (v.value, v.text, v.has_records, v.is_rate, v.registered)
        for pk, values in found.items()
        for key, v in values.items()
    }


@pytest.mark.django_db(transaction=True)
def test_lanes_give_the_cells_of_one_connection(monkeypatch: pytest.MonkeyPatch) -> None:
    built = demo.build()
    townships = list(queries.child_townships(built.county))
    keys = figures.numeric_keys()
    opened: list[Any] = []  # other threads' connections
    this = connections[DEFAULT_DB_ALIAS]

    def note(sender: Any, connection: Any, **kwargs: Any) -> None:
        if connection is not this:
            opened.append(connection)

    connection_created.connect(note)
    try:
        for year in (2024, 2023):
            monkeypatch.setattr(figures, "CONNECTIONS_AT_ONCE", 1)
            before = len(opened)
            one = cells(keys, townships, year)
            assert len(opened) == before
            monkeypatch.setattr(figures, "CONNECTIONS_AT_ONCE", 2)
            assert cells(keys, townships, year) == one
            assert any(v[0] for v in one.values())
            with transaction.atomic():  # a transaction's rows: this connection only
                count = len(opened)
                assert cells(keys, townships, year) == one
                assert len(opened) == count
    finally:
        connection_created.disconnect(note)
    if connection.vendor == "postgresql":
        assert opened  # the helper's connection
        assert all(conn.connection is None for conn in opened)  # closed after
    else:
        assert not opened  # SQLite: one connection
