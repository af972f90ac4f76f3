"""`search.rebuild(jobs=N)` (`manage.py reindex --jobs N`, issue 18): the
records split into pk ranges, each indexed by its own process, write the same
index rows as one process, and index rows of records gone are dropped in
every range. PostgreSQL only: the workers need committed records and a
database that takes several writers (on SQLite `jobs` is ignored)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection

from fazhi.core import search
from fazhi.core.models import SearchEntry
from fazhi.petitions.models import Petition, Petitioner
from tests.factories import OrgUnitFactory, valid_id_number

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="worker processes need PostgreSQL"
    ),
]

TOPICS = ["宅基地界址争议", "山林权属纠纷", "拖欠工资问题", "饮水工程漏水", "道路硬化占地"]


def _index() -> set[tuple[str, int, str, str, str, str, str]]:
    return set(
        SearchEntry.objects.values_list(
            "label", "object_id", "unit_path", "title", "keys", "title_tokens", "tokens"
        )
    )


def _sources() -> list[search.Source]:
    return [s for s in search.sources() if s.label == "petitions.petition"]


def test_parallel_rebuild_writes_what_one_process_writes() -> None:
    village = OrgUnitFactory(name="荆竹村")
    for i in range(23):
        petition = Petition.objects.create(
            unit=village,
            number=f"信〔2024〕{i + 1}号",
            query_code=f"QJ{i:08d}",
            channel="visit",
            category="claim",
            title=f"荆竹村{TOPICS[i % 5]}",
            content=f"村民{i}反映{TOPICS[(i + 2) % 5]}，请求依法处理。",
            received_on=dt.date(2024, 3, 1) + dt.timedelta(days=i),
        )
        Petitioner.objects.create(
            petition=petition, name=f"盘石{i}", id_number=valid_id_number(600 + i)
        )

    assert search.rebuild(_sources(), batch=4) == {"petitions.petition": 23}
    serial = _index()
    assert len(serial) == 23

    # Gone records inside every range and past the end; a lost index row.
    ids = sorted(Petition.objects.values_list("pk", flat=True))
    gone = [ids[2], ids[12], ids[22]]
    Petition.objects.filter(pk__in=gone).delete()
    SearchEntry.objects.filter(object_id=ids[7]).delete()
    SearchEntry.objects.filter(object_id=ids[5]).update(tokens="旧")

    assert search.rebuild(_sources(), batch=4, jobs=3) == {"petitions.petition": 20}
    assert _index() == {row for row in serial if row[1] not in gone}
    assert not SearchEntry.objects.filter(object_id__in=gone).exists()
