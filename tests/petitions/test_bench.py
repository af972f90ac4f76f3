"""The benchmark runs at a tiny scale and leaves nothing behind."""

import pytest

from fazhi.petitions import bench
from fazhi.petitions.models import Petition


@pytest.mark.django_db
def test_bench_runs_at_small_scale_and_rolls_back() -> None:
    rows = bench.run(0.0002)
    assert [r["name"] for r in rows] == [
        "petitions: filtered ledger page",
        "petitions: daily clock scan",
        "petitions: public tracking page",
    ]
    assert all(r["n"] == 200 and r["median_ms"] > 0 and r["p95_ms"] >= r["median_ms"] for r in rows)
    assert not Petition.objects.exists()
