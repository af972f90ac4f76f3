"""core.bench: the helpers every module's bench is built from."""

from __future__ import annotations

import pytest

from fazhi.core.bench import bulk_units, measure_cases, rolled_back, township_and_county_clients
from fazhi.core.models import OrgUnit, User


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


@pytest.mark.django_db
def test_township_and_county_clients_see_the_township_and_the_county() -> None:
    county = OrgUnit.objects.create(name="基准县客户端", kind=OrgUnit.Kind.COUNTY)
    town = OrgUnit.objects.create(name="基准乡客户端", kind=OrgUnit.Kind.TOWNSHIP, parent=county)
    client, county_client = township_and_county_clients(town, "t", "1")
    assert client.session["_auth_user_id"] != county_client.session["_auth_user_id"]
    users = {u.username: u.home_unit for u in User.objects.filter(username__startswith="bench-t-")}
    assert users == {"bench-t-1": town, "bench-t-county-1": county}
