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


def test_an_exams_page_offers_only_those_not_registered_for_it(enf: Enf) -> None:
    """报名 on the exam's page listed everyone in scope, those already
    registered too, and choosing one was refused after the post
    (…已报名本场考试); workflow.not_registered is the step's rule."""
    import datetime as dt
    from decimal import Decimal

    from fazhi.core.errors import RuleViolation
    from fazhi.enforcement.models import Exam

    registered = enf.officer("盘志华").person
    newcomer = enf.person("赵新来")
    exam = workflow.create_exam(
        Exam(
            unit=enf.w.township,
            title="2026年度执法资格考试",
            sitting_on=dt.date(2026, 12, 20),
            pass_mark=Decimal(60),
        ),
        by=enf.by,
    )
    workflow.register_for_exam(exam, person=registered, on=dt.date(2026, 12, 1), by=enf.by)
    url = exam.get_absolute_url()
    for user in (enf.w.owner, enf.w.colleague):
        form = enf.w.client(user).get(url).context["register_form"]
        people = {int(str(v)) for v, _label in form.fields["person"].choices if v != ""}
        assert newcomer.pk in people and registered.pk not in people, user
    assert enf.w.client(enf.w.outsider).get(url).status_code == 404
    with pytest.raises(RuleViolation, match="已报名本场考试"):
        workflow.register_for_exam(exam, person=registered, on=dt.date(2026, 12, 2), by=enf.by)
