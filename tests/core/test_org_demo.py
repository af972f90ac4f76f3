import pytest
from django.core.management import call_command

from fazhi.core import demo
from fazhi.core.models import GroupMembership, LeadershipGroup, OrgUnit, Person, User
from fazhi.core.roles import Role
from tests.factories import OrgUnitFactory
from tests.twofactor import log_in

pytestmark = pytest.mark.django_db


def test_materialised_path_subtree_is_one_query(django_assert_num_queries) -> None:  # type: ignore[no-untyped-def]
    county = OrgUnitFactory(kind=OrgUnit.Kind.COUNTY)
    town = OrgUnitFactory(parent=county)
    village = OrgUnitFactory(parent=town, kind=OrgUnit.Kind.VILLAGE)
    OrgUnitFactory(parent=county)
    with django_assert_num_queries(1):
        names = set(town.subtree().values_list("pk", flat=True))
    assert names == {town.pk, village.pk}
    assert village.depth == 2 and county.contains(village) and not village.contains(town)
    assert list(village.ancestors()) == [county, town, village]


def test_moving_a_unit_moves_its_subtree() -> None:
    county = OrgUnitFactory(kind=OrgUnit.Kind.COUNTY)
    a, b = OrgUnitFactory(parent=county), OrgUnitFactory(parent=county)
    village = OrgUnitFactory(parent=a, kind=OrgUnit.Kind.VILLAGE)
    a.parent = b
    a.save()
    village.refresh_from_db()
    assert village.path.startswith(b.path) and village.depth == 3


def _every_count() -> dict[str, int]:
    from django.apps import apps

    return {
        m._meta.label: m._default_manager.count()
        for m in apps.get_models()
        if m._meta.managed and not m._meta.proxy
    }


def test_load_demo_builds_the_township_and_is_idempotent() -> None:
    """Every module's builder at once: a second load_demo adds, removes and
    duplicates nothing in any table (the modules' own demo tests check what
    their builder makes, and leave the second build to this test)."""
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    counts = _every_count()
    assert counts["petitions.Petition"] and counts["enforcement.Certificate"]
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    again = _every_count()
    assert {k: (v, again[k]) for k, v in counts.items() if again[k] != v} == {}
    township = OrgUnit.objects.get(name=demo.TOWNSHIP)
    assert township.parent and township.parent.name == demo.COUNTY
    assert township.children.filter(kind=OrgUnit.Kind.VILLAGE).count() == 5
    group = LeadershipGroup.objects.get(unit=township)
    chair = group.memberships.get(position=GroupMembership.Position.CHAIR)
    assert chair.leadership_role == "party_secretary" and chair.is_first_responsible
    vice = set(
        group.memberships.filter(position="vice_chair").values_list("leadership_role", flat=True)
    )
    assert vice == {"township_head", "congress_chair"}
    assert set(User.objects.exclude(role="").values_list("role", flat=True)) == set(Role.values)


@pytest.mark.parametrize(
    ("username", "sees_other_village"),
    [("leader", True), ("sifasuo", True), ("cun", False), ("county", True)],
)
def test_each_demo_role_logs_in_and_sees_its_scope(
    client, username: str, sees_other_village: bool
) -> None:  # type: ignore[no-untyped-def]
    demo.build_core()
    assert log_in(client, username, demo.DEMO_PASSWORD)
    assert client.get("/").status_code == 200
    other_village = Person.objects.create(unit=OrgUnit.objects.get(name="紫良村"), name="紫良村民")
    status = client.get(other_village.get_absolute_url()).status_code
    assert status == (200 if sees_other_village else 404)


def test_api_schema_and_docs_are_served(client) -> None:  # type: ignore[no-untyped-def]
    demo.build_core()
    log_in(client, "leader", demo.DEMO_PASSWORD)
    assert client.get("/api/schema/").status_code == 200
    assert client.get("/api/docs/").status_code == 200


def test_system_admin_manages_users_in_admin_but_sees_no_records(client) -> None:  # type: ignore[no-untyped-def]
    demo.build_core()
    assert log_in(client, "sysadmin", demo.DEMO_PASSWORD)
    assert client.get("/admin/core/user/").status_code == 200
    assert client.get("/admin/core/calendaryear/").status_code == 200
    person = Person.objects.filter(unit__name="荆竹村").first() or Person.objects.first()
    assert person is not None
    assert client.get(person.get_absolute_url()).status_code == 404
    client.logout()
    assert log_in(client, "secadmin", demo.DEMO_PASSWORD)
    assert client.get("/admin/core/user/").status_code == 200
    assert client.get("/admin/core/orgunit/").status_code == 403


def test_daily_job_runs_every_registered_module_job(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import datetime as dt

    from fazhi.core import daily

    seen: list[dt.date] = []
    monkeypatch.setitem(daily._jobs, "test.job", lambda today: seen.append(today) or 7)
    result = daily.run_all(dt.date(2025, 3, 3))
    assert seen == [dt.date(2025, 3, 3)] and result["test.job"] == 7
    assert set(result["reminders"]) == {"overdue", "due_soon"}
    assert (
        "governance.normative_documents.expiring" in result and "enforcement.certificates" in result
    )
