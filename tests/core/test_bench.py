"""core.bench: the helpers every module's bench is built from."""

from __future__ import annotations

import pytest

from fazhi.core.bench import bulk_units, measure_cases, rolled_back
from fazhi.core.models import OrgUnit


@pytest.mark.django_db
def test_rolled_back_leaves_the_database_as_it_was() -> None:
    before = OrgUnit.objects.count()
    with rolled_back():
        OrgUnit.objects.create(name="基准县测试", kind=OrgUnit.Kind.COUNTY)
        assert OrgUnit.objects.count() == before + 1
    assert OrgUnit.objects.count() == before


def test_measure_cases_names_each_row_with_the_prefix_and_target() -> None:
    rows = measure_cases("demo", [("a page", 7, lambda: None, 150)], repeats=2)
    assert [(r["name"], r["n"], r["target"]) for r in rows] == [("demo: a page", 7, "p95 ≤ 150 ms")]


@pytest.mark.django_db
def test_bulk_units_gives_each_unit_the_path_its_save_would() -> None:
    county = OrgUnit.objects.create(name="基准县路径", kind=OrgUnit.Kind.COUNTY)
    towns = bulk_units([OrgUnit(name="基准乡路径", kind=OrgUnit.Kind.TOWNSHIP, parent=county)])
    village = bulk_units([OrgUnit(name="基准村路径", kind=OrgUnit.Kind.VILLAGE, parent=towns[0])])[
        0
    ]
    saved = OrgUnit(name="对照村", kind=OrgUnit.Kind.VILLAGE, parent=towns[0])
    saved.save()
    village.refresh_from_db()
    assert village.path == f"{towns[0].path}{village.pk:08d}."
    assert (village.depth, village.path.count(".")) == (saved.depth, saved.path.count("."))
