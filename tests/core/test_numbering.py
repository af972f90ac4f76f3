import threading

import pytest
from django.db import connection, transaction

from fazhi.core.models import OrgUnit
from fazhi.core.numbering import next_number, next_value
from tests.factories import OrgUnitFactory


@pytest.mark.django_db
def test_official_style_and_per_year_sequences() -> None:
    unit = OrgUnitFactory(name="湘江源瑶族乡", abbreviation="湘源")
    with transaction.atomic():
        assert next_number(unit, "petition", 2024, "信") == "湘源信〔2024〕1号"
        assert next_number(unit, "petition", 2024, "信") == "湘源信〔2024〕2号"
        assert next_number(unit, "petition", 2025, "信") == "湘源信〔2025〕1号"
        assert next_number(unit, "penalty", 2024, "罚") == "湘源罚〔2024〕1号"


@pytest.mark.django_db
def test_rolled_back_transaction_leaves_no_gap() -> None:
    unit = OrgUnitFactory(abbreviation="湘源")
    with pytest.raises(RuntimeError), transaction.atomic():
        next_value(unit, "k", 2024)
        raise RuntimeError("the record failed to save")
    with transaction.atomic():
        assert next_value(unit, "k", 2024) == 1


def test_refuses_outside_a_transaction() -> None:
    with pytest.raises(RuntimeError):
        next_value(OrgUnit(name="x"), "k", 2024)


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")
def test_concurrent_threads_get_distinct_gap_free_numbers() -> None:
    unit = OrgUnitFactory(abbreviation="湘源")
    results: list[int] = []
    errors: list[BaseException] = []
    barrier = threading.Barrier(8)

    def worker() -> None:
        try:
            barrier.wait()
            for _ in range(10):
                with transaction.atomic():
                    results.append(next_value(unit, "petition", 2024))
        except BaseException as exc:  # surfaced below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert sorted(results) == list(range(1, 81))
