"""The demo replay (tests/demo_replay.py) leaves the rows the real builder leaves.

If a replay missed a table, wrote a row twice or left a sequence behind, every
test that builds the demo would be testing something else than `load_demo`
builds; this compares the two directly.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest
from django.apps import apps
from django.db import connection, models, transaction

from fazhi.core.models import OrgUnit, User
from tests import demo_replay

pytestmark = pytest.mark.django_db


def _fingerprint() -> dict[str, Any]:
    """Each table's rows: the count; for every column its number of nulls, of
    empty values and of distinct values; and the values themselves wherever the
    builder writes the same ones each time (not the times it stamped, not text,
    which holds ciphertext, salted hashes and random query codes). On
    PostgreSQL keys come from sequences that never roll back, and integer
    and other columns hold keys (object ids, history rows' pgh_obj_id): there
    integers are compared by their nulls only, and no column by its number of
    distinct values."""
    out: dict[str, Any] = {}
    # Keys are compared by shape on both databases: SQLite's sqlite_sequence
    # also moves on after a transactional test's flush, so a real build in a
    # later test need not take the recording's keys.
    sqlite = False
    for model in apps.get_models(include_auto_created=True):
        if not model._meta.managed or model._meta.proxy:
            continue
        table = model._meta.db_table
        fields = [f for f in model._meta.concrete_fields if f.column != "tsv"]
        cols = ", ".join(connection.ops.quote_name(f.column) for f in fields)
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT {cols} FROM {connection.ops.quote_name(table)}")
            rows = cursor.fetchall()
        shape = []
        exact = []
        for i, f in enumerate(fields):
            values = [r[i] for r in rows]
            is_integer = f.primary_key or f.is_relation or isinstance(f, models.IntegerField)
            shape.append(
                (
                    f.column,
                    values.count(None),
                    sum(v in ("", b"") for v in values),
                    len(set(map(repr, values))) if sqlite else None,
                )
            )
            same_each_time = not isinstance(
                f,
                (
                    models.DateTimeField,
                    models.CharField,
                    models.TextField,
                    models.JSONField,
                    models.FileField,
                ),
            ) and (sqlite or not is_integer)
            # A generated .docx holds its own time stamps: its size varies by a few bytes.
            same_each_time &= (table, f.column) != ("core_attachment", "size")
            if same_each_time:
                exact.append(i)
        out[table] = (
            len(rows),
            shape,
            Counter(repr(tuple(r[i] for i in exact)) for r in rows),
        )
    return out


def _difference(a: Any, b: Any) -> Any:
    if b is None:
        return "missing"
    if a[0] != b[0]:
        return f"{a[0]} rows against {b[0]}"
    shape = [(x, y) for x, y in zip(a[1], b[1], strict=True) if x != y]
    return (
        shape
        or f"values: {list((a[2] - b[2]).items())[:2]} against {list((b[2] - a[2]).items())[:2]}"
    )


def _in_savepoint(fn: Any) -> Any:
    result: Any = None

    class _Rollback(Exception):
        pass

    try:
        with transaction.atomic():
            result = fn()
            raise _Rollback
    except _Rollback:
        pass
    return result


def test_a_replay_leaves_what_the_builder_leaves() -> None:
    if not demo_replay.enabled():
        pytest.skip("FAZHI_TEST_DEMO_REPLAY=0")
    assert demo_replay._at_baseline(), "a test module left rows behind before this test"

    real = _in_savepoint(lambda: (demo_replay.real_build(), _fingerprint()))
    # The first build() on a baseline database records (a real build), any later one replays.
    _in_savepoint(demo_replay.build)
    before = demo_replay.stats()["replayed"]
    replayed = _in_savepoint(lambda: (demo_replay.build(), _fingerprint()))
    assert demo_replay.stats()["replayed"] == before + 1

    differing = sorted(t for t in real[1] if real[1][t] != replayed[1].get(t))
    details = {t: _difference(real[1][t], replayed[1].get(t)) for t in differing}
    assert not differing, f"tables that differ after a replay: {details}"
    assert sorted(replayed[0].users) == sorted(real[0].users)
    assert replayed[0].township.name == real[0].township.name


def test_a_replayed_world_is_in_the_database_and_new_rows_still_get_keys() -> None:
    world = demo_replay.build()
    assert OrgUnit.objects.get(pk=world.township.pk).name == world.township.name
    assert User.objects.get(pk=world.users["admin"].pk).username == "admin"
    # The sequences (PostgreSQL) or sqlite_sequence moved past the written keys.
    unit = OrgUnit.objects.create(name="新村", kind=OrgUnit.Kind.VILLAGE, parent=world.township)
    assert unit.pk > max(OrgUnit.objects.exclude(pk=unit.pk).values_list("pk", flat=True))


def test_a_second_build_is_real_and_changes_nothing() -> None:
    first = demo_replay.build()
    built = demo_replay.stats()["built"]
    counts = {m._meta.db_table: m._default_manager.count() for m in (OrgUnit, User)}
    second = demo_replay.build()
    assert demo_replay.stats()["built"] == built + 1  # not at baseline: the real builder ran
    assert {m._meta.db_table: m._default_manager.count() for m in (OrgUnit, User)} == counts
    assert second.township.pk == first.township.pk
