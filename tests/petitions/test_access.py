"""Scope: owner / colleague in scope / outsider → 404 on page, API and export;
accusation material never visible to the accused unit; village handling."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from openpyxl import load_workbook

from fazhi.petitions import workflow as wf
from fazhi.petitions.models import Petition, Petitioner

from .conftest import Leaders

pytestmark = pytest.mark.django_db


def _export_numbers(client: Any) -> set[str]:
    response = client.get("/petitions/?export=xlsx")
    assert response.status_code == 200
    ws = load_workbook(io.BytesIO(response.content)).active
    return {str(row[0]) for row in ws.iter_rows(min_row=3, values_only=True) if row[0]}


def _sees(client: Any, p: Petition) -> tuple[int, int, bool]:
    page = client.get(f"/petitions/{p.pk}/").status_code
    api = client.get(f"/api/v1/petitions/{p.pk}/").status_code
    return page, api, p.number in _export_numbers(client)


@pytest.mark.parametrize(
    ("persona", "expected"),
    [("clerk", (200, 200, True)), ("colleague", (200, 200, True)), ("outsider", (404, 404, False))],
)
def test_owner_colleague_outsider(
    register: Any, leaders: Leaders, world: Any, persona: str, expected: tuple[int, int, bool]
) -> None:
    p = register()
    user = leaders.clerk if persona == "clerk" else getattr(world, persona)
    assert _sees(world.client(user), p) == expected


def test_other_office_does_not_see_the_petition_office_ledger(register: Any, world: Any) -> None:
    p = register()
    office_user_elsewhere = world.owner  # judicial office user is at township level: sees it
    assert _sees(world.client(office_user_elsewhere), p)[0] == 200
    assert _sees(world.client(world.village_cadre), p) == (404, 404, False)


def test_village_sees_the_matter_assigned_to_it_and_only_that_village(
    register: Any, leaders: Leaders, world: Any
) -> None:
    p = wf.accept(register(), by=leaders.clerk, on=dt.date(2024, 9, 25))
    wf.assign(p, by=leaders.clerk, responsible_unit=world.village, handler=world.village_cadre)
    assert _sees(world.client(world.village_cadre), p) == (200, 200, True)
    assert _sees(world.client(world.village2_cadre), p) == (404, 404, False)


def test_accusation_is_never_visible_to_the_accused_unit(
    register: Any, leaders: Leaders, world: Any
) -> None:
    p = register(category="accusation", title="反映村干部优亲厚友", accused_unit=world.village)
    p = wf.accept(p, by=leaders.clerk, on=dt.date(2024, 9, 25))
    # Even assigned to the accused village, its cadre would not see it: assignment is refused.
    with pytest.raises(Exception, match="被检举控告"):
        wf.assign(p, by=leaders.clerk, responsible_unit=world.village)
    wf.assign(p, by=leaders.clerk, responsible_unit=world.village2)
    assert _sees(world.client(world.village_cadre), p) == (404, 404, False)
    assert _sees(world.client(world.village2_cadre), p) == (200, 200, True)
    assert _sees(world.client(world.colleague), p) == (200, 200, True)
    # The petitioner's personal data and the matter's history follow the same scope.
    pt = Petitioner.objects.get(petition=p)
    assert not Petitioner.objects.visible_to(world.village_cadre).filter(pk=pt.pk).exists()
    from django.contrib.contenttypes.models import ContentType

    ct = ContentType.objects.get_for_model(Petition).pk
    assert world.client(world.village_cadre).get(f"/history/{ct}/{p.pk}/").status_code == 404


def test_accusation_against_the_township_is_hidden_from_its_offices(
    register: Any, leaders: Leaders, world: Any
) -> None:
    # Registered at county level (the township cannot hold an accusation against itself).
    p = register(
        by=world.county_user.__class__.objects.create_superuser("root", "r@x.cn", "x"),
        unit=world.county,
        category="accusation",
        accused_unit=world.township,
    )
    for user in (world.colleague, leaders.clerk, world.village_cadre):
        assert _sees(world.client(user), p)[:2] == (404, 404)
    assert world.client(world.county_user).get(f"/petitions/{p.pk}/").status_code == 200


def test_township_cannot_register_an_accusation_against_itself(register: Any, world: Any) -> None:
    with pytest.raises(Exception, match="被检举控告单位"):
        register(
            unit=world.township,
            by=world.colleague,
            category="accusation",
            accused_unit=world.township,
        )


def test_step_post_on_out_of_scope_petition_is_404(register: Any, world: Any) -> None:
    p = register()
    response = world.client(world.outsider).post(
        f"/petitions/{p.pk}/step/accept/", {"accept-on": "2024-09-25", "version": p.version}
    )
    assert response.status_code == 404
    api = world.client(world.outsider).post(
        f"/api/v1/petitions/{p.pk}/accept/", {"on": "2024-09-25"}
    )
    assert api.status_code == 404
    p.refresh_from_db()
    assert p.stage == "registered"


def test_read_only_county_supervisor_cannot_perform_steps(register: Any, world: Any) -> None:
    p = register()
    client = world.client(world.county_user)
    assert client.get(f"/petitions/{p.pk}/").status_code == 200
    assert (
        client.post(f"/petitions/{p.pk}/step/accept/", {"accept-on": "2024-09-25"}).status_code
        == 403
    )
    assert client.post(f"/api/v1/petitions/{p.pk}/accept/", {"on": "2024-09-25"}).status_code == 403


def test_personal_data_masked_for_roles_without_pii(
    register: Any, leaders: Leaders, world: Any
) -> None:
    p = register()
    wf.accept(p, by=leaders.clerk, on=dt.date(2024, 9, 25))
    full = p.petitioners.get().id_number
    officer = world.client(world.officer).get(f"/api/v1/petitions/{p.pk}/").json()
    assert (
        officer["petitioners"][0]["id_number"] != full
        and "*" in officer["petitioners"][0]["id_number"]
    )
    page = world.client(world.officer).get(f"/petitions/{p.pk}/").content.decode()
    assert full not in page
    clerk = world.client(leaders.clerk).get(f"/api/v1/petitions/{p.pk}/").json()
    assert clerk["petitioners"][0]["id_number"] == full


def test_ledger_page_query_count_is_fixed(
    register: Any, leaders: Leaders, world: Any, django_assert_max_num_queries: Any
) -> None:
    for i in range(12):
        p = register(
            title=f"事项{i}",
            content=f"内容{i}" * 3,
            received_on=dt.date(2024, 9, 1 + i),
            petitioners=[wf.PetitionerData(f"人{i}")],
        )
        if i % 2:
            p = wf.accept(p, by=leaders.clerk, on=dt.date(2024, 9, 20))
            wf.assign(
                p,
                by=leaders.clerk,
                responsible_unit=world.village,
                is_key_case=True,
                owner_leader=leaders.secretary,
            )
    client = world.client(world.colleague)
    with django_assert_max_num_queries(14):
        response = client.get(
            "/petitions/?stage=accepted&clock_state=overdue&channel=visit&category=claim"
            f"&received_from=2024-01-01&received_to=2024-12-31&owner_leader={leaders.secretary.pk}"
        )
    assert response.status_code == 200 and response.content.decode().count("湘源信〔2024〕") >= 6
    with django_assert_max_num_queries(14):
        assert client.get("/api/v1/petitions/?stage=accepted").status_code == 200
