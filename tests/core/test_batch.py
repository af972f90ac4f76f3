"""core.batch.one_savepoint: nested atomic blocks inside it take no savepoint,
an error in one still dooms the enclosing block, and the connection is as
before once the block ends (the override of Django's `_savepoint_allowed` is
documented in core/batch.py; this test fails if Django stops asking it)."""

from __future__ import annotations

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from fazhi.core import batch
from fazhi.core.models import OrgUnit

pytestmark = pytest.mark.django_db(transaction=True)


def _savepoints(ctx: CaptureQueriesContext) -> list[str]:
    return [q["sql"] for q in ctx.captured_queries if "SAVEPOINT" in q["sql"].upper()]


def test_nested_blocks_take_no_savepoint_inside_and_do_after() -> None:
    with transaction.atomic(), CaptureQueriesContext(connection) as ctx:
        with batch.one_savepoint(), transaction.atomic():
            OrgUnit.objects.count()
        assert _savepoints(ctx) == []
        with transaction.atomic():
            OrgUnit.objects.count()
        assert _savepoints(ctx), "outside the block a nested atomic takes its savepoint again"
    assert "_savepoint_allowed" not in vars(connection)


def test_an_error_in_a_nested_block_dooms_the_enclosing_one() -> None:
    with transaction.atomic():
        with batch.one_savepoint():
            with pytest.raises(ZeroDivisionError), transaction.atomic():
                1 / 0
            assert connection.needs_rollback
        transaction.set_rollback(False)
    assert "_savepoint_allowed" not in vars(connection)
