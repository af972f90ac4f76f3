import threading
from typing import Any

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


@pytest.mark.django_db
def test_an_office_numbers_in_its_townships_short_form() -> None:
    """Issue 15 §8: a number of 综合行政执法队 reads 湘源综执检〔2026〕1号, the
    township's short form, not the office's full name; two offices of the
    township share the counter, so they never draw the same number."""
    township = OrgUnitFactory(name="湘江源瑶族乡", abbreviation="湘源")
    team = OrgUnitFactory(name="综合行政执法队", kind=OrgUnit.Kind.DEPARTMENT, parent=township)
    office = OrgUnitFactory(name="司法所", kind=OrgUnit.Kind.DEPARTMENT, parent=township)
    village = OrgUnitFactory(name="坪源村", kind=OrgUnit.Kind.VILLAGE, parent=township)
    with transaction.atomic():
        assert next_number(team, "inspection", 2026, "综执检") == "湘源综执检〔2026〕1号"
        assert next_number(office, "inspection", 2026, "综执检") == "湘源综执检〔2026〕2号"
        # A village issues in its own name (its committee's 坪源村调〔2026〕1号).
        assert next_number(village, "mediation", 2026, "调") == "坪源村调〔2026〕1号"


@pytest.mark.django_db
def test_an_inspection_opened_by_the_enforcement_team_reads_the_township_short_form(
    world: Any,
) -> None:
    import datetime as dt

    from fazhi.enforcement import workflow
    from fazhi.enforcement.models import EnforcementCase, EnforcementField

    # The team inspects in the township's name: the case is the township's
    # (enforcement.workflow.case_units), numbered in its short form.
    case = workflow.open_inspection(
        EnforcementCase(
            unit=world.township,
            title="汛期巡查",
            field=EnforcementField.objects.get(code="forestry"),
            party_type="citizen",
            party_name="张三",
        ),
        on=dt.date(2026, 12, 4),
        by=world.officer,
    )
    assert case.number == "湘源综执检〔2026〕1号"
