"""Petitioners are corrected, added and removed (audited) until the reply
freezes them (workflow.PETITIONERS_EDITABLE); the edit page is filled from the
record, personal data in full only for a role that may see it."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from fazhi.core.errors import RuleViolation
from fazhi.core.models import AuditEvent
from fazhi.core.validators import mask_id_number
from fazhi.petitions import workflow as wf
from fazhi.petitions.models import Petition, Petitioner
from fazhi.petitions.workflow import PetitionerData
from tests.factories import valid_id_number

from .conftest import Leaders

pytestmark = pytest.mark.django_db
D = dt.date


def _replied(p: Petition, leaders: Leaders) -> Petition:
    p = wf.accept(p, by=leaders.clerk, on=D(2024, 9, 25))
    return wf.reply(
        p,
        by=leaders.clerk,
        on=D(2024, 10, 18),
        request="请",
        facts="查",
        outcome="support",
        basis="法",
    )


def test_a_petitioner_is_corrected_with_audit_until_the_reply(
    register: Any, leaders: Leaders
) -> None:
    p = register(petitioners=[PetitionerData("盘新花")])
    person = p.petitioners.get()
    new_id = valid_id_number(501)
    p = wf.update_petitioner(
        p,
        by=leaders.clerk,
        petitioner=person.pk,
        person=PetitionerData("盘新华", new_id, "13900000002"),
        version=p.version,
    )
    person.refresh_from_db()
    assert (person.name, person.id_number, person.phone) == ("盘新华", new_id, "13900000002")
    event = AuditEvent.objects.filter(object_id=str(p.pk), note__contains="更正信访人").get()
    old, new = event.changes["信访人"]
    assert old == "盘新花" and "盘新华" in new and mask_id_number(new_id) in new
    assert new_id not in str(event.changes) and "13900000002" not in str(event.changes)
    # Accepted: still editable; an empty ID number keeps the one on record.
    p = wf.accept(p, by=leaders.clerk, on=D(2024, 9, 25))
    p = wf.update_petitioner(
        p,
        by=leaders.clerk,
        petitioner=person,
        person=PetitionerData("盘新华", is_representative=True),
    )
    person.refresh_from_db()
    assert person.id_number == new_id and person.is_representative
    p = wf.reply(
        p,
        by=leaders.clerk,
        on=D(2024, 10, 18),
        request="请",
        facts="查",
        outcome="support",
        basis="法",
    )
    for call in (
        lambda: wf.update_petitioner(
            p, by=leaders.clerk, petitioner=person, person=PetitionerData("某")
        ),
        lambda: wf.add_petitioner(p, by=leaders.clerk, person=PetitionerData("某")),
        lambda: wf.remove_petitioner(p, by=leaders.clerk, petitioner=person, reason="x"),
    ):
        with pytest.raises(RuleViolation) as exc:
            call()
        assert exc.value.field == "petitioners" and "已答复" in str(exc.value)
    person.refresh_from_db()
    assert person.name == "盘新华"


def test_add_and_remove_keep_the_rules_of_registration(register: Any, leaders: Leaders) -> None:
    p = register(petitioners=[PetitionerData("甲", is_representative=True)], group_size=30)
    with pytest.raises(RuleViolation) as exc:
        wf.add_petitioner(p, by=leaders.clerk, person=PetitionerData("乙", "12345"))
    assert exc.value.field == "id_number"
    for name in "乙丙丁戊":
        p = wf.add_petitioner(
            p, by=leaders.clerk, person=PetitionerData(name, is_representative=True)
        )
    with pytest.raises(RuleViolation) as exc:
        wf.add_petitioner(p, by=leaders.clerk, person=PetitionerData("己", is_representative=True))
    assert "不得超过5人" in str(exc.value)
    assert p.petitioners.count() == 5
    first = p.petitioners.order_by("pk").first()
    with pytest.raises(RuleViolation) as exc:
        wf.remove_petitioner(p, by=leaders.clerk, petitioner=first, reason="")
    assert exc.value.field == "reason"
    p = wf.remove_petitioner(p, by=leaders.clerk, petitioner=first, reason="重复登记")
    assert p.petitioners.count() == 4
    single = register(petitioners=[PetitionerData("庚")])
    with pytest.raises(RuleViolation) as exc:
        wf.remove_petitioner(
            single, by=leaders.clerk, petitioner=single.petitioners.get(), reason="错"
        )
    assert "至少要有一位信访人" in str(exc.value)
    other = register(petitioners=[PetitionerData("辛")])
    with pytest.raises(RuleViolation) as exc:
        wf.update_petitioner(
            p, by=leaders.clerk, petitioner=other.petitioners.get(), person=PetitionerData("x")
        )
    assert exc.value.field == "petitioner"


def test_an_id_number_given_later_links_the_earlier_petition(
    register: Any, leaders: Leaders
) -> None:
    number = valid_id_number(502)
    first = register(petitioners=[PetitionerData("黄某", number)], title="山林", content="界址")
    later = register(petitioners=[PetitionerData("黄二")], title="低保", content="评定")
    assert not later.is_repeat
    later = wf.update_petitioner(
        later,
        by=leaders.clerk,
        petitioner=later.petitioners.get(),
        person=PetitionerData("黄二", number),
    )
    assert later.is_repeat and later.repeat_of == first


def _edit_page(client: Any, p: Petition, person: Petitioner) -> Any:
    return client.get(f"/petitions/{p.pk}/petitioners/{person.pk}/")


def test_edit_page_is_filled_from_the_record(register: Any, leaders: Leaders, world: Any) -> None:
    number = valid_id_number(503)
    p = register(petitioners=[PetitionerData("盘新华", number, "13900000003", "荆竹村3组")])
    person = p.petitioners.get()
    clerk = world.client(leaders.clerk)
    detail = clerk.get(f"/petitions/{p.pk}/").content.decode()
    assert f"/petitions/{p.pk}/petitioners/{person.pk}/" in detail
    # Every role, the clerk who may reveal personal data too: the name filled,
    # the ID number, phone and address masked as placeholders, never in full
    # (core.forms.mask_personal_fields; "显示" on the page is the audited way).
    for client in (clerk, world.client(world.officer)):
        html = _edit_page(client, p, person).content.decode()
        assert 'value="盘新华"' in html and number not in html and "13900000003" not in html
        assert "荆竹村3组" not in html
        assert f"已登记：{mask_id_number(number)}" in html
    r = world.client(world.officer).post(
        f"/petitions/{p.pk}/step/petitioner_update/",
        {
            "version": p.version,
            "petitioner_update-petitioner": person.pk,
            "petitioner_update-name": "盘新华",
            "petitioner_update-phone": "13900000004",
        },
    )
    assert r.status_code == 302
    person.refresh_from_db()
    assert person.id_number == number and person.phone == "13900000004"
    # The history tab says what changed, masked.
    history = world.client(leaders.clerk).get(f"/petitions/{p.pk}/").content.decode()
    tab = history.split('id="tab-history"', 1)[1]
    assert "更正信访人" in tab and "139****0003" in tab and "139****0004" in tab
    assert "13900000004" not in tab


def test_petitioner_pages_and_steps_follow_the_scope(
    register: Any, leaders: Leaders, world: Any
) -> None:
    p = register(petitioners=[PetitionerData("盘新华")])
    person = p.petitioners.get()
    post = {
        "version": p.version,
        "petitioner_update-petitioner": person.pk,
        "petitioner_update-name": "外人改",
    }
    outsider = world.client(world.outsider)
    assert _edit_page(outsider, p, person).status_code == 404
    assert outsider.post(f"/petitions/{p.pk}/step/petitioner_update/", post).status_code == 404
    assert (
        outsider.post(
            f"/api/v1/petitions/{p.pk}/petitioner-update/",
            {"petitioner": person.pk, "name": "外人改"},
            content_type="application/json",
        ).status_code
        == 404
    )
    county = world.client(world.county_user)
    assert _edit_page(county, p, person).status_code == 403
    # A colleague in scope corrects it, through the page and the API.
    colleague = world.client(world.colleague)
    assert _edit_page(colleague, p, person).status_code == 200
    post["petitioner_update-name"] = "盘新华一"
    assert colleague.post(f"/petitions/{p.pk}/step/petitioner_update/", post).status_code == 302
    r = colleague.post(
        f"/api/v1/petitions/{p.pk}/petitioner-update/",
        {"petitioner": person.pk, "name": "盘新华二", "version": p.version + 1},
        content_type="application/json",
    )
    assert r.status_code == 200 and r.json()["petitioners"][0]["name"] == "盘新华二"
    person.refresh_from_db()
    assert person.name == "盘新华二"


def test_after_the_reply_the_page_says_why_and_offers_no_form(
    register: Any, leaders: Leaders, world: Any
) -> None:
    p = _replied(register(), leaders)
    person = p.petitioners.get()
    clerk = world.client(leaders.clerk)
    assert (
        f"/petitions/{p.pk}/petitioners/" not in clerk.get(f"/petitions/{p.pk}/").content.decode()
    )
    html = _edit_page(clerk, p, person).content.decode()
    assert 'data-testid="petitioners-frozen"' in html and "petitioner-update" not in html
    r = clerk.post(
        f"/petitions/{p.pk}/step/petitioner_update/",
        {
            "version": p.version,
            "petitioner_update-petitioner": person.pk,
            "petitioner_update-name": "改",
        },
    )
    assert r.status_code == 400 and "不能再修改" in r.content.decode()


def test_removal_is_offered_only_while_another_petitioner_remains(
    world: Any, register: Any, leaders: Leaders
) -> None:
    """A matter's only petitioner's page offered 移除信访人, which the step
    refused (信访事项至少要有一位信访人); workflow.removable_petitioners is the
    step's rule and the page offers removal by it."""
    from django.urls import reverse

    single = register(petitioners=[PetitionerData("庚")])
    alone = single.petitioners.get()
    pair = register(petitioners=[PetitionerData("甲"), PetitionerData("乙")], title="山林界址")
    first = pair.petitioners.order_by("pk").first()

    def page(user: Any, p: Petition, person: Petitioner) -> Any:
        return world.client(user).get(reverse("petitions:petitioner_edit", args=[p.pk, person.pk]))

    for user in (leaders.clerk, world.owner):
        assert 'data-testid="petitioner-remove"' not in page(user, single, alone).content.decode()
        assert 'data-testid="petitioner-remove"' in page(user, pair, first).content.decode()
    assert page(world.outsider, single, alone).status_code == 404
    with pytest.raises(RuleViolation, match="至少要有一位信访人"):
        wf.remove_petitioner(single, by=leaders.clerk, petitioner=alone, reason="错")
