"""述法: one record (governance.LawReport) for township leaders and village Party
secretaries; publicity reads it through governance's selectors."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from fazhi.core import workflow as core_workflow
from fazhi.core.indicators import Period, compute
from fazhi.governance import queries
from fazhi.governance.models import LawReport

from .conftest import D, PersonFactory

pytestmark = pytest.mark.django_db


def _report(world, person, unit, on=None, year=2024, **kw):
    return core_workflow.create_record(
        LawReport(unit=unit, person=person, year=year, reported_on=on, **kw), by=world.owner
    )


def _field(exc: pytest.ExceptionInfo[ValidationError]) -> str:
    return next(iter(exc.value.message_dict))


def test_person_of_the_unit_date_in_year_not_future_once_a_year(world):
    sec = PersonFactory(unit=world.village, is_cadre=True, title="村党支部书记")
    with pytest.raises(ValidationError) as exc:
        _report(world, sec, world.village2)
    assert _field(exc) == "person"
    with pytest.raises(ValidationError) as exc:
        _report(world, sec, world.village, on=timezone.localdate() + dt.timedelta(days=3))
    assert _field(exc) == "reported_on"
    with pytest.raises(ValidationError) as exc:
        _report(world, sec, world.village, on=D(2023, 12, 20))
    assert "2024年或次年年初" in str(exc.value)
    planned = _report(world, sec, world.village, title="村党支部书记")  # not yet delivered
    assert planned.reported_on is None
    with pytest.raises(ValidationError) as exc:
        _report(world, sec, world.village, on=D(2024, 12, 20))
    assert "已登记" in exc.value.message_dict["person"][0]
    assert LawReport.objects.count() == 1


def test_leaders_and_village_secretaries_count_apart(world):
    leader = PersonFactory(unit=world.township)
    secretaries = [PersonFactory(unit=v, is_cadre=True) for v in (world.village, world.village2)]
    _report(world, leader, world.township, on=D(2024, 12, 26))
    _report(world, secretaries[0], world.village, on=D(2024, 12, 20))
    _report(world, secretaries[1], world.village2)  # planned
    year = Period.year(2024)
    assert compute("governance.law_reports", world.township, year) == 1
    assert compute("publicity.law_reports.due", world.township, year) == 2
    assert compute("publicity.law_reports.done", world.township, year) == 1
    assert compute("publicity.law_reports.done", world.village2, year) == 0
    by_person = queries.law_reports_of([s.pk for s in secretaries], 2024)
    assert by_person[secretaries[0].pk].reported_on == D(2024, 12, 20)


def test_publicity_cadre_ledger_and_old_address(world):
    sec = PersonFactory(unit=world.village, is_cadre=True, name="盘有德")
    _report(world, sec, world.village, on=D(2024, 12, 20))
    c = world.client(world.owner)
    html = c.get(reverse("publicity:cadres") + "?year=2024").content.decode()
    assert "盘有德" in html and "已述法" in html
    r = c.get(reverse("publicity:lawreport_list") + "?year=2024")
    assert r.status_code == 302
    assert r["Location"] == reverse("governance:lawreport_list") + "?year=2024"
    body = c.get(r["Location"] + "&village=true&done=true").content.decode()
    assert "盘有德" in body


def test_api_planned_report_and_refusal_in_chinese(world):
    sec = PersonFactory(unit=world.village, is_cadre=True)
    c = world.client(world.owner)
    url = "/api/v1/governance/law-reports/"
    base = {"unit": world.village.pk, "person": sec.pk, "year": 2024, "title": "村党支部书记"}
    future = (timezone.localdate() + dt.timedelta(days=3)).isoformat()
    r = c.post(url, {**base, "reported_on": future}, content_type="application/json")
    assert r.status_code == 400
    assert "不能晚于今天" in r.json()["reported_on"][0]
    r = c.post(url, base, content_type="application/json")
    assert r.status_code == 201, r.content
    assert r.json()["reported_on"] is None and r.json()["title"] == "村党支部书记"
