"""A petition linked to a dispute (core.RecordLink through core.workflow.link_records):
the owner links it from either page, a colleague in scope sees it on both pages,
an outsider gets 404, and a record of another township is refused."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from fazhi.core.errors import RuleViolation
from fazhi.core.models import AuditEvent, OrgUnit, RecordLink
from fazhi.core.workflow import link_records
from fazhi.mediation import workflow as med_wf
from fazhi.mediation.models import Dispute, DisputeCategory
from fazhi.petitions.models import Petition
from tests.factories import UserFactory, World

from .conftest import Leaders

pytestmark = pytest.mark.django_db


def _dispute(world: World, unit: OrgUnit, by: Any) -> Dispute:
    return med_wf.register_dispute(
        Dispute(
            unit=unit,
            title="承包地边界纠纷",
            category=DisputeCategory.objects.get(code="land"),
            facts="两户因承包地边界争执。",
            source=Dispute.Source.APPLICATION,
            found_on=dt.date(2024, 9, 18),
        ),
        by=by,
    )


def _link_url(record: Any, kind: str = "petition_dispute") -> str:
    from django.contrib.contenttypes.models import ContentType

    ct = ContentType.objects.get_for_model(record).pk
    return f"/links/{ct}/{record.pk}/{kind}/add/"


def test_owner_links_from_the_petition_colleague_sees_outsider_404(
    register: Any, leaders: Leaders, world: World
) -> None:
    petition: Petition = register()
    dispute = _dispute(world, world.village, world.owner)
    owner = world.client(world.owner)
    page = owner.get(f"/petitions/{petition.pk}/").content.decode()
    assert 'data-testid="link-form-petition_dispute"' in page
    assert dispute.number in page  # offered among the township's recent disputes

    response = owner.post(_link_url(petition), {"number": dispute.number, "note": "同一事项"})
    assert response.status_code == 302
    link = RecordLink.objects.get()
    assert (link.from_id, link.to_id, link.created_by) == (petition.pk, dispute.pk, world.owner)
    assert AuditEvent.objects.filter(
        object_id=str(dispute.pk), changes__has_key="关联记录"
    ).exists()
    assert AuditEvent.objects.filter(
        object_id=str(petition.pk), changes__has_key="关联记录"
    ).exists()

    colleague = world.client(world.colleague)
    petition_page = colleague.get(f"/petitions/{petition.pk}/").content.decode()
    assert dispute.title in petition_page
    dispute_page = colleague.get(f"/mediation/disputes/{dispute.pk}/").content.decode()
    assert petition.number in dispute_page

    outsider = world.client(world.outsider)
    assert outsider.get(f"/petitions/{petition.pk}/").status_code == 404
    assert outsider.get(f"/mediation/disputes/{dispute.pk}/").status_code == 404
    assert outsider.post(_link_url(petition), {"number": dispute.number}).status_code == 404


def test_linking_from_the_dispute_and_twice_is_refused(
    register: Any, leaders: Leaders, world: World
) -> None:
    petition = register()
    dispute = _dispute(world, world.township, world.owner)
    client = world.client(world.owner)
    client.post(_link_url(dispute), {"number": petition.number})
    link = RecordLink.objects.get()
    assert (link.from_id, link.to_id) == (petition.pk, dispute.pk)  # stored petition → dispute
    response = client.post(_link_url(dispute), {"number": petition.number}, follow=True)
    assert "这两条记录已经关联" in response.content.decode()
    assert RecordLink.objects.count() == 1


def test_a_dispute_of_another_township_is_refused(
    register: Any, leaders: Leaders, world: World
) -> None:
    petition = register()
    elsewhere = _dispute(world, world.other_township, world.outsider)
    # Out of the owner's scope: reads as not found, nothing linked.
    response = world.client(world.owner).post(
        _link_url(petition), {"number": elsewhere.number}, follow=True
    )
    assert "未找到编号为" in response.content.decode()
    # A user who sees both townships is refused by the township rule.
    admin = UserFactory(username="root", is_superuser=True, home_unit=world.county)
    with pytest.raises(RuleViolation, match="只能关联同一乡镇的记录"):
        link_records(petition, elsewhere, kind="petition_dispute", by=admin)
    assert not RecordLink.objects.exists()


def test_read_only_roles_cannot_link(register: Any, leaders: Leaders, world: World) -> None:
    petition = register()
    dispute = _dispute(world, world.township, world.owner)
    page = world.client(world.county_user).get(f"/petitions/{petition.pk}/").content.decode()
    assert "link-form-petition_dispute" not in page
    with pytest.raises(RuleViolation):
        link_records(petition, dispute, kind="petition_dispute", by=world.county_user)


def test_a_link_to_people_shows_without_a_number_form(
    register: Any, leaders: Leaders, world: World
) -> None:
    """A link kind to a model without a number (the ledger import links a
    petition to its petitioner's person record) is listed, never offered for
    picking by number: the page built its candidates with `number=""` and
    answered 500 on every petition."""
    from fazhi.core import links

    petition: Petition = register()
    others = {k.other("petitions.Petition")[0] for k in links.kinds_for(petition)}
    assert "core.Person" in others, "the import's petition ↔ person kind is registered"
    response = world.client(world.owner).get(f"/petitions/{petition.pk}/")
    assert response.status_code == 200
    assert 'data-testid="link-form-petition_dispute"' in response.content.decode()
    # People are never looked up by a typed number.
    assert links.find("core.Person", world.owner, "1") is None
