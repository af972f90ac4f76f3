"""Data scope: one rule, enforced on pages, API and exports (issue 3 §4)."""

import io

import pytest
from openpyxl import load_workbook

from fazhi.core.models import Person
from tests.factories import PersonFactory, World

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(world: World) -> dict[str, Person]:
    return {
        "v1": PersonFactory(name="荆竹村民", unit=world.village),
        "v2": PersonFactory(name="紫良村民", unit=world.village2),
        "t": PersonFactory(name="乡干部", unit=world.township),
        "other": PersonFactory(name="外乡人", unit=world.other_township),
    }


def test_visible_to_is_subtree(world: World, people: dict[str, Person]) -> None:
    names = lambda u: set(Person.objects.visible_to(u).values_list("name", flat=True))  # noqa: E731
    assert names(world.village_cadre) == {"荆竹村民"}
    assert names(world.owner) == {"荆竹村民", "紫良村民", "乡干部"}
    assert names(world.county_user) == {"荆竹村民", "紫良村民", "乡干部", "外乡人"}
    assert names(world.outsider) == {"外乡人"}


def test_village_cadre_cannot_read_other_village_page(
    world: World, people: dict[str, Person]
) -> None:
    client = world.client(world.village_cadre)
    assert client.get(people["v1"].get_absolute_url()).status_code == 200
    assert client.get(people["v2"].get_absolute_url()).status_code == 404


def test_village_cadre_cannot_read_other_village_api(
    world: World, people: dict[str, Person]
) -> None:
    client = world.client(world.village_cadre)
    assert client.get(f"/api/v1/people/{people['v1'].pk}/").status_code == 200
    missing = client.get(f"/api/v1/people/{people['v2'].pk}/")
    assert missing.status_code == 404
    # the same words as a record that does not exist: nothing about the model or the record
    assert missing.json() == {"detail": "该记录不存在或不在您的管辖范围内。"}
    listed = {row["name"] for row in client.get("/api/v1/people/").json()["results"]}
    assert listed == {"荆竹村民"}


def test_village_cadre_export_holds_only_own_village(
    world: World, people: dict[str, Person]
) -> None:
    response = world.client(world.village_cadre).get("/people/?export=xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    cells = {c for row in sheet.iter_rows(values_only=True) for c in row if c}
    assert "荆竹村民" in cells
    assert "紫良村民" not in cells and "外乡人" not in cells


def test_county_supervisor_sees_all_townships_read_only(
    world: World, people: dict[str, Person]
) -> None:
    client = world.client(world.county_user)
    assert client.get(people["other"].get_absolute_url()).status_code == 200
    assert client.get(people["v2"].get_absolute_url()).status_code == 200
    response = client.post(
        "/api/v1/people/",
        {"name": "新人", "unit": world.township.pk},
        content_type="application/json",
    )
    assert response.status_code == 403
    assert client.get(f"/people/{people['v1'].pk}/edit/").status_code == 403
    assert not Person.objects.filter(name="新人").exists()


def test_outsider_gets_404_colleague_gets_200(world: World, people: dict[str, Person]) -> None:
    url = people["t"].get_absolute_url()
    assert world.client(world.owner).get(url).status_code == 200
    assert world.client(world.colleague).get(url).status_code == 200
    assert world.client(world.outsider).get(url).status_code == 404
    assert world.client(world.outsider).get(f"/api/v1/people/{people['t'].pk}/").status_code == 404


def test_admin_roles_see_no_domain_records(world: World, people: dict[str, Person]) -> None:
    from fazhi.core.roles import Role
    from tests.factories import UserFactory

    sysadmin = UserFactory(role=Role.SYSTEM_ADMIN, home_unit=world.township)
    assert not Person.objects.visible_to(sysadmin).exists()


def test_anonymous_is_sent_to_login(client, people: dict[str, Person]) -> None:  # type: ignore[no-untyped-def]
    response = client.get(people["t"].get_absolute_url())
    assert response.status_code == 302 and "/login/" in response["Location"]
    assert client.get("/api/v1/people/").status_code in (401, 403)


def test_person_list_query_count(world: World, django_assert_max_num_queries) -> None:  # type: ignore[no-untyped-def]
    for i in range(30):
        PersonFactory(name=f"村民{i}", unit=world.village if i % 2 else world.village2)
    client = world.client(world.owner)
    client.get("/people/")  # warm caches (content types, session)
    with django_assert_max_num_queries(12):
        response = client.get("/people/")
    assert response.status_code == 200


def test_in_subtree_lookup_matches_path_prefix(world: World, people: dict[str, Person]) -> None:
    """`unit__in_subtree` is the scope filter's SQL: the same set as a join on
    the path, without joining OrgUnit (an index condition on unit_id)."""
    from django.db import connection

    for unit in (world.township, world.village, world.county, world.other_township):
        by_lookup = set(
            Person.objects.filter(unit__in_subtree=unit.path).values_list("pk", flat=True)
        )
        by_join = set(
            Person.objects.filter(unit__path__startswith=unit.path).values_list("pk", flat=True)
        )
        assert by_lookup == by_join
    sql = str(Person.objects.filter(unit__in_subtree=world.township.path).query)
    assert "JOIN" not in sql.upper()
    if connection.vendor == "postgresql":
        assert "= ANY(ARRAY(" in sql
    # A sibling whose path merely starts with the same digits is not inside.
    assert people["other"].pk not in set(
        Person.objects.filter(unit__in_subtree=world.township.path).values_list("pk", flat=True)
    )
