"""Typed dates have a plausible range (core.inputs): fuzzing saved 0001-01-01
and 9999-12-31 on visits, duties, exams and others. Every domain form and
serializer refuses a date before 1949-10-01, a date of something that has
happened after tomorrow, and a deadline, term or date set for later past
the ten-year horizon, naming the field (the page's form again; the API's
400 under the field's name), nothing saved. The ledger import refuses such
a cell naming its column; the demo's dates lie within the rule."""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

import pytest
from django import forms
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st

from fazhi.core import inputs
from fazhi.core.forms import ActionForm, BoundedInputs, ScopedModelForm, bound_form_fields
from fazhi.core.ledger_import import engine
from fazhi.core.ledger_import import values as V
from fazhi.core.models import AuditEvent
from fazhi.enforcement.forms import FileForm, RenewForm
from fazhi.petitions.ledger import KIND as PETITIONS_LEDGER
from fazhi.petitions.models import OutreachVisit, Petition, ReceptionDuty, Stage
from tests import ledgers
from tests.factories import World
from tests.petitions.conftest import Leaders, leaders, make_petition  # noqa: F401

FLOOR = dt.date(1949, 10, 1)


def _today() -> dt.date:
    return timezone.localdate()


def _years_on(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


# --- the rule --------------------------------------------------------------------


@given(day=st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31)))
@settings(max_examples=300, deadline=None)
def test_a_date_that_has_happened_lies_between_the_floor_and_tomorrow(day: dt.date) -> None:
    accepted = FLOOR <= day <= _today() + dt.timedelta(days=1)
    try:
        inputs.check_date(day, "收到日期", ahead=False)
    except ValidationError as exc:
        assert not accepted, day
        assert exc.messages[0].startswith(f"收到日期（{day.isoformat()}）")
    else:
        assert accepted, day


@given(day=st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31)))
@settings(max_examples=300, deadline=None)
def test_a_date_set_for_later_lies_within_ten_years(day: dt.date) -> None:
    accepted = FLOOR <= day <= _years_on(_today(), 10)
    try:
        inputs.check_date(day, "履行期限", ahead=True)
    except ValidationError as exc:
        assert not accepted, day
        assert "履行期限" in exc.messages[0]
    else:
        assert accepted, day


def test_the_messages_name_the_field_and_the_bound() -> None:
    with pytest.raises(ValidationError) as early:
        inputs.check_date(dt.date(1, 1, 1), "下访日期", ahead=False)
    assert early.value.messages == ["下访日期（0001-01-01）不能早于1949-10-01。"]
    with pytest.raises(ValidationError) as late:
        inputs.check_date(dt.date(9999, 12, 31), "下访日期", ahead=False)
    assert late.value.messages == ["下访日期（9999-12-31）不能晚于今天。"]
    with pytest.raises(ValidationError) as far:
        inputs.check_date(dt.date(9999, 12, 31), "报名截止日", ahead=True)
    limit = _years_on(_today(), 10).isoformat()
    assert far.value.messages == [f"报名截止日（9999-12-31）不能晚于{limit}（今后10年以内）。"]


def test_the_floor_and_horizon_are_settings(settings: Any) -> None:
    settings.FAZHI_DATE_FLOOR = "2000-01-01"
    settings.FAZHI_DATE_HORIZON_YEARS = 2
    with pytest.raises(ValidationError):
        inputs.check_date(dt.date(1999, 12, 31), "日期", ahead=False)
    inputs.check_date(_years_on(_today(), 2), "期限", ahead=True)
    with pytest.raises(ValidationError):
        inputs.check_date(_years_on(_today(), 2) + dt.timedelta(days=1), "期限", ahead=True)


# --- every form -------------------------------------------------------------------


def _subclasses(cls: type) -> set[type]:
    out = set()
    for sub in cls.__subclasses__():
        out |= {sub, *_subclasses(sub)}
    return out


def _saving_forms() -> list[type[forms.BaseForm]]:
    import fazhi.urls  # noqa: F401  (every app's forms imported)

    found = _subclasses(BoundedInputs) | _subclasses(ScopedModelForm) | _subclasses(ActionForm)
    return sorted(
        (c for c in found if c.__module__.startswith("fazhi.") and hasattr(c, "base_fields")),
        key=lambda c: (c.__module__, c.__qualname__),
    )


def test_every_date_of_every_saving_form_is_held_to_the_rule() -> None:
    """Each date field of every form built on the base classes (a record's
    page form, a workflow step's, the plain forms that save) refuses the
    calendar's first and last day with its label; a field whose date may
    lie ahead takes one five years on, a date that has happened does not."""
    problems = []
    checked = 0
    for cls in _saving_forms():
        holder = type(
            "Holder",
            (),
            {
                "fields": copy.deepcopy(cls.base_fields),  # type: ignore[attr-defined]
                "_meta": getattr(cls, "_meta", None),
                "dates_ahead": getattr(cls, "dates_ahead", ()),
            },
        )()
        bound_form_fields(holder)
        for name, field in holder.fields.items():
            if not isinstance(field, forms.DateField):
                continue
            checked += 1
            for day in ("0001-01-01", "9999-12-31"):
                try:
                    field.clean(day)
                except ValidationError as exc:
                    if str(field.label or "") not in exc.messages[0] or day not in exc.messages[0]:
                        problems.append(f"{cls.__qualname__}.{name}: {exc.messages}")
                else:
                    problems.append(f"{cls.__qualname__}.{name} took {day}")
            ahead = inputs.may_lie_ahead(
                name,
                inputs.declared_dates_ahead(
                    cls, getattr(getattr(cls, "_meta", None), "model", None)
                ),
            )
            later = _years_on(_today(), 5).isoformat()
            try:
                field.clean(later)
                took = True
            except ValidationError:
                took = False
            if took != ahead:
                problems.append(
                    f"{cls.__qualname__}.{name}: {later} {'refused' if ahead else 'taken'}"
                )
    assert checked > 100, checked  # the forms were found
    assert not problems, "\n".join(problems)


def test_a_step_form_refuses_and_names_the_field() -> None:
    form = FileForm({"on": "0001-01-01"}, user=None, record=None)
    assert not form.is_valid()
    assert form.errors["on"] == ["立案日期（0001-01-01）不能早于1949-10-01。"]
    form = FileForm({"on": "9999-12-31"}, user=None, record=None)
    assert form.errors["on"] == ["立案日期（9999-12-31）不能晚于今天。"]
    tomorrow = _today() + dt.timedelta(days=1)
    assert FileForm({"on": tomorrow.isoformat()}, user=None, record=None).is_valid()


def test_a_renewed_certificate_may_be_issued_ahead() -> None:
    later = _years_on(_today(), 3).isoformat()
    data = {"on": _today().isoformat(), "number": "湘执 001", "issued_on": later}
    assert RenewForm(data, user=None, record=None).is_valid()
    form = RenewForm({**data, "on": later}, user=None, record=None)
    assert "on" in form.errors  # the renewal itself has happened


# --- the API and the pages ---------------------------------------------------------


@pytest.mark.django_db
def test_api_refuses_an_implausible_visit_date_and_saves_nothing(
    leaders: Leaders,  # noqa: F811
    world: World,
) -> None:
    client = world.client(world.colleague)
    body = {
        "unit": world.township.pk,
        "visited_party": "某户",
        "participants": [leaders.head.pk],
    }
    for day, words in (("0001-01-01", "不能早于1949-10-01"), ("9999-12-31", "不能晚于今天")):
        r = client.post(
            "/api/v1/petition-outreach-visits/",
            {**body, "visited_on": day},
            content_type="application/json",
        )
        assert r.status_code == 400, r.content
        assert words in r.json()["visited_on"][0] and "下访日期" in r.json()["visited_on"][0]
    assert not OutreachVisit.objects.exists()
    r = client.post(
        "/api/v1/petition-outreach-visits/",
        {**body, "visited_on": _today().isoformat()},
        content_type="application/json",
    )
    assert r.status_code == 201, r.content
    visit = OutreachVisit.objects.get()
    events = AuditEvent.objects.count()
    r = client.patch(
        f"/api/v1/petition-outreach-visits/{visit.pk}/",
        {"visited_on": "0001-01-01", "visited_party": "另一户"},
        content_type="application/json",
    )
    assert r.status_code == 400 and "visited_on" in r.json()
    visit.refresh_from_db()
    assert visit.visited_on == _today() and visit.visited_party == "某户"
    assert visit.version == 1 and AuditEvent.objects.count() == events


@pytest.mark.django_db
def test_api_takes_a_duty_day_ahead_within_the_horizon(
    leaders: Leaders,  # noqa: F811
    world: World,
) -> None:
    client = world.client(world.colleague)
    body = {"unit": world.township.pk, "leader": leaders.head.pk, "place": "接待室"}
    far = client.post(
        "/api/v1/petition-reception-duties/",
        {**body, "date": "9999-12-31"},
        content_type="application/json",
    )
    assert far.status_code == 400 and "接访日期" in far.json()["date"][0]
    assert not ReceptionDuty.objects.exists()
    later = client.post(
        "/api/v1/petition-reception-duties/",
        {**body, "date": (_today() + dt.timedelta(days=60)).isoformat()},
        content_type="application/json",
    )
    assert later.status_code == 201, later.content


@pytest.mark.django_db
def test_api_step_refuses_an_implausible_date(
    leaders: Leaders,  # noqa: F811
    world: World,
) -> None:
    petition = make_petition(leaders.clerk, leaders.office)
    r = world.client(leaders.clerk).post(
        f"/api/v1/petitions/{petition.pk}/accept/",
        {"on": "0001-01-01", "version": petition.version},
        content_type="application/json",
    )
    assert r.status_code == 400 and "不能早于1949-10-01" in r.json()["on"][0], r.content
    petition.refresh_from_db()
    assert petition.stage == Stage.REGISTERED


@pytest.mark.django_db
def test_api_plan_adoption_refuses_an_implausible_date(world: World) -> None:
    """`adopt` reads its date through an input serializer held to the rule."""
    from fazhi.publicity.models import PublicityPlan
    from tests.publicity.helpers import item, plan

    adopted = plan(world)
    item(world, adopted)
    client = world.client(world.owner)
    url = f"/api/v1/publicity/plans/{adopted.pk}/adopt/"
    r = client.post(url, {"adopted_on": "0001-01-01"}, content_type="application/json")
    assert r.status_code == 400 and "印发日期" in r.json()["adopted_on"][0], r.content
    adopted.refresh_from_db()
    assert adopted.status != PublicityPlan.Status.ADOPTED
    r = client.post(url, {"adopted_on": "2024-01-10"}, content_type="application/json")
    assert r.status_code == 200 and r.json()["status"] == "adopted", r.content


@pytest.mark.django_db
def test_register_page_refuses_a_received_date_in_year_one(
    leaders: Leaders,  # noqa: F811
    world: World,
) -> None:
    r = world.client(leaders.clerk).post(
        "/petitions/new/",
        {
            "unit": leaders.office.pk,
            "channel": "letter",
            "source": "direct",
            "category": "suggestion",
            "received_on": "0001-01-01",
            "title": "建议增设路灯",
            "content": "村口无路灯。",
            "group_size": 1,
            "name": "冯某",
        },
    )
    assert r.status_code == 200
    assert r.context["form"].errors["received_on"] == ["收到日期（0001-01-01）不能早于1949-10-01。"]
    assert not Petition.objects.exists()


# --- the ledger import -------------------------------------------------------------


def test_a_ledger_date_outside_the_rule_is_refused() -> None:
    with pytest.raises(ValueError, match="不能早于1949-10-01"):
        V.parse_date("0001-01-01", ahead=False)
    with pytest.raises(ValueError, match="不能晚于今天"):
        V.parse_date("9999.12.31", ahead=False)
    later = _years_on(_today(), 2)
    assert V.parse_date(later.isoformat(), ahead=True) == later
    with pytest.raises(ValueError, match="不能晚于今天"):
        V.parse_date(later.isoformat(), ahead=False)
    assert V.parse_date("9999.12.31") == dt.date(9999, 12, 31)  # the parser alone


@pytest.mark.django_db
def test_the_petition_ledger_refuses_a_row_dated_year_one(world: World) -> None:
    rows = [
        "序号,信访人姓名,身份证号,电话,所在村,登记日期,信访方式,问题类别,主要诉求",
        "1,孙丽华,431127197001010816,13300001111,荆竹村,0001.1.1,来访,建议意见类,修路",
        "2,吴志刚,431127197505050918,13300002222,荆竹村,9999/12/31,来电,建议意见类,水压",
        "3,李四,,13300003333,荆竹村,2024.3.5,来访,建议意见类,路灯",
    ]
    report = ledgers.run(
        PETITIONS_LEDGER, world, data="\n".join(rows).encode(), name="台账.csv", dry_run=True
    )
    by_line = ledgers.by_line(report)
    assert by_line[2].outcome == engine.REFUSED
    assert any("登记日期" in r and "不能早于1949-10-01" in r for r in by_line[2].reasons)
    assert by_line[3].outcome == engine.REFUSED
    assert any("登记日期" in r and "不能晚于今天" in r for r in by_line[3].reasons)
    assert by_line[4].outcome == engine.CREATED


# --- the demo ----------------------------------------------------------------------


@pytest.mark.django_db
def test_the_demo_township_dates_lie_within_the_rule() -> None:
    """The demo builders write through the workflow, not a form (core.inputs
    exempts them); their dates keep to the rule all the same, so every demo
    record can be edited and saved as it stands."""
    from fazhi.core import demo

    demo.build()
    problems = []
    for model in apps.get_models():
        if not model.__module__.startswith("fazhi.") or model.__name__.endswith("History"):
            continue
        declared = getattr(model, "dates_ahead", ())
        for field in model._meta.concrete_fields:
            if not isinstance(field, models.DateField) or isinstance(field, models.DateTimeField):
                continue
            ahead = inputs.may_lie_ahead(field.name, declared)
            outside = model._default_manager.filter(
                models.Q(**{f"{field.name}__lt": inputs.date_floor()})
                | models.Q(**{f"{field.name}__gt": inputs.latest(ahead)})
            )
            if outside.exists():
                problems.append(f"{model._meta.label}.{field.name}: {outside.count()} rows")
    assert not problems, problems
