"""The 新增执法人员 form offers only cadres the step takes: it listed every
cadre, those already registered as officers too, and choosing one was
refused after the post (该人员已登记为执法人员). workflow.registrable is the
rule; register_officer checks it and OfficerForm offers it."""

from __future__ import annotations

import pytest
from django.urls import reverse

from fazhi.enforcement import workflow
from fazhi.enforcement.forms import OfficerForm
from fazhi.enforcement.models import Officer

from .conftest import Enf

pytestmark = pytest.mark.django_db


def offered(enf: Enf, user: object, url: str) -> set[int]:
    form = enf.w.client(user).get(url).context["form"]
    return {int(str(v)) for v, _label in form.fields["person"].choices if v != ""}


def test_the_new_officer_form_offers_no_one_already_an_officer(enf: Enf) -> None:
    officer = enf.officer("盘志华")
    newcomer = enf.person("赵新来")
    url = reverse("enforcement:officer_create")
    for user in (enf.w.owner, enf.w.colleague):
        people = offered(enf, user, url)
        assert newcomer.pk in people and officer.person_id not in people, user
    assert not {newcomer.pk, officer.person_id} & offered(enf, enf.w.outsider, url)
    # The rule the form follows is the step's.
    assert not workflow.registrable(
        type(officer.person).objects.filter(pk=officer.person_id)
    ).exists()
    # The officer's own edit form still shows the officer's person.
    edit = OfficerForm(instance=officer, user=enf.w.owner)
    people = {int(str(v)) for v, _label in edit.fields["person"].choices if v != ""}
    assert officer.person_id in people
    assert Officer.objects.count() == 1
