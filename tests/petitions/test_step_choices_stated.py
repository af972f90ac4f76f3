"""A petition's 信访形式 and 信访类别 open on "---------", not on their first
value: the registration page opened on 来访 and 建议意见类 (the citizen's
online form on 建议意见类 too), so a clerk who did not open the list recorded
a letter's 求决 as a visit's 建议 unnoticed (as a complaint's 核查结论 on 属实,
71871d3). A registration from a reception record still proposes 来访, what
the record says. A post without one is refused naming the field, nothing
saved."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from fazhi.petitions.models import Petition, Reception
from tests.stated_choices import opens_on

from .conftest import Leaders, register_post

pytestmark = pytest.mark.django_db


def test_registration_states_its_channel_and_category(leaders: Leaders, world: Any) -> None:
    client = world.client(leaders.clerk)
    page = client.get("/petitions/new/").content.decode()
    assert opens_on(page, "channel") == "" and opens_on(page, "category") == ""
    response = client.post(
        "/petitions/new/", register_post(unit=leaders.office.pk, channel="", category="")
    )
    body = response.content.decode()
    assert "信访形式：该字段是必填项。" in body and "信访类别：该字段是必填项。" in body
    assert not Petition.objects.exists()


def test_a_reception_records_registration_proposes_a_visit(leaders: Leaders, world: Any) -> None:
    reception = Reception.objects.create(
        unit=world.township, leader=leaders.secretary, held_on=dt.date(2024, 9, 20)
    )
    page = world.client(leaders.clerk).get(f"/petitions/new/?reception={reception.pk}")
    body = page.content.decode()
    assert opens_on(body, "channel") == "visit" and opens_on(body, "category") == ""


def test_the_citizens_form_states_its_category(world: Any) -> None:
    page = Client().get(reverse("petitions:public_submit")).content.decode()
    assert opens_on(page, "category") == ""
