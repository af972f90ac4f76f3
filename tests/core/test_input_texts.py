"""Free text has a cap (core.inputs): a 5,000-character note or summary was
accepted everywhere. Every free text of every domain form and serializer (a
text box with no max_length of its own) is capped by what it holds: 2,000 for
a note, a reason, a summary; 10,000 for a record's account (facts, minutes, a
transcript, an opinion); 50,000 for a document's body (a report's section, a
decision's draft). A text past its cap is refused naming the field and the
limit (the page's form again; the API's 400 under the field's name), nothing
saved; the actions that read a text beside a serializer hold it the same."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from django import forms
from django.core.exceptions import ValidationError
from hypothesis import given, settings
from hypothesis import strategies as st
from rest_framework import serializers

from fazhi.core import inputs
from fazhi.core.forms import ActionForm, BoundedInputs, ScopedModelForm, bound_form_fields
from fazhi.core.models import Person
from fazhi.core.serializers import BoundedInputs as BoundedSerializer
from fazhi.core.serializers import PersonSerializer
from fazhi.petitions.forms import AcceptForm
from fazhi.reports.serializers import SectionEditSerializer
from tests.factories import World


def _subclasses(cls: type) -> set[type]:
    out = set()
    for sub in cls.__subclasses__():
        out |= {sub, *_subclasses(sub)}
    return out


def _holder(cls: type) -> Any:
    holder = type(
        "Holder",
        (),
        {
            "fields": copy.deepcopy(cls.base_fields),  # type: ignore[attr-defined]
            "_meta": getattr(cls, "_meta", None),
            "dates_ahead": getattr(cls, "dates_ahead", ()),
            "text_limits": getattr(cls, "text_limits", {}),
        },
    )()
    bound_form_fields(holder)
    return holder


def _saving_forms() -> list[type[forms.BaseForm]]:
    import fazhi.urls  # noqa: F401  (every app's forms imported)

    found = _subclasses(BoundedInputs) | _subclasses(ScopedModelForm) | _subclasses(ActionForm)
    return sorted(
        (c for c in found if c.__module__.startswith("fazhi.") and hasattr(c, "base_fields")),
        key=lambda c: (c.__module__, c.__qualname__),
    )


def _free_texts(fields: dict[str, Any]) -> dict[str, Any]:
    return {
        name: field
        for name, field in fields.items()
        if isinstance(field, forms.CharField) and not isinstance(field, forms.JSONField)
    }


# --- the rule ---------------------------------------------------------------------


@given(length=st.integers(min_value=0, max_value=3 * inputs.NOTE))
@settings(max_examples=60, deadline=None)
def test_a_step_note_is_taken_up_to_its_cap(length: int) -> None:
    form = AcceptForm(
        {"accept-on": "2024-03-05", "accept-note": "字" * length}, user=None, record=None
    )
    assert form.is_valid() == (length <= inputs.NOTE), form.errors
    if length > inputs.NOTE:
        assert form.errors["note"] == [f"说明最多2000字，现有{length}字。"]


@given(length=st.integers(min_value=0, max_value=3 * inputs.NOTE))
@settings(max_examples=60, deadline=None)
def test_a_serializer_note_is_taken_up_to_its_cap(length: int) -> None:
    field = PersonSerializer().fields["note"]
    try:
        field.run_validation("字" * length)
    except serializers.ValidationError as exc:
        assert length > inputs.NOTE
        assert exc.detail == [f"备注最多2000字，现有{length}字。"]
    else:
        assert length <= inputs.NOTE


def test_caps_by_what_a_text_holds() -> None:
    assert inputs.text_limit("note") == inputs.NOTE == 2_000
    assert inputs.text_limit("facts") == inputs.RECORD == 10_000
    assert inputs.text_limit("draft_text") == inputs.DOCUMENT == 50_000
    section = SectionEditSerializer().fields["text"]
    assert section.max_length == inputs.DOCUMENT  # a report's section: a document
    with pytest.raises(serializers.ValidationError, match="正文最多50000字"):
        section.run_validation("字" * 50_001)
    from fazhi.reports.forms import SectionForm, ShortcomingForm

    assert _holder(SectionForm).fields["text"].max_length == inputs.DOCUMENT
    assert _holder(ShortcomingForm).fields["text"].max_length == inputs.RECORD


# --- every form and serializer ------------------------------------------------------


def test_every_free_text_of_every_saving_form_is_capped() -> None:
    problems = []
    checked = 0
    for cls in _saving_forms():
        for name, field in _free_texts(_holder(cls).fields).items():
            checked += 1
            if field.max_length is None:
                problems.append(f"{cls.__qualname__}.{name}: no cap")
                continue
            try:
                field.clean("字" * (field.max_length + 1))
            except ValidationError as exc:
                label = str(field.label or "")
                if field.max_length >= 1000 and (
                    label not in exc.messages[0] or str(field.max_length) not in exc.messages[0]
                ):
                    problems.append(f"{cls.__qualname__}.{name}: {exc.messages}")
            else:
                problems.append(f"{cls.__qualname__}.{name}: took {field.max_length + 1}")
    assert checked > 200, checked
    assert not problems, "\n".join(problems)


def _serializers() -> list[type[serializers.Serializer]]:
    import fazhi.api_router  # noqa: F401  (every app's serializers imported)

    return sorted(
        (c for c in _subclasses(BoundedSerializer) if c.__module__.startswith("fazhi.")),
        key=lambda c: (c.__module__, c.__qualname__),
    )


def test_every_free_text_of_every_serializer_is_capped() -> None:
    problems = []
    checked = 0
    for cls in _serializers():
        try:
            fields = cls().fields
        except (AssertionError, AttributeError):
            continue  # an abstract base (no Meta.model)
        for name, field in fields.items():
            if field.read_only or not isinstance(field, serializers.CharField):
                continue
            checked += 1
            if field.max_length is None:
                problems.append(f"{cls.__qualname__}.{name}: no cap")
                continue
            if field.max_length < 1000:
                continue  # a name or a title: its model's max_length
            try:
                field.run_validation("字" * (field.max_length + 1))
            except serializers.ValidationError as exc:
                if str(field.max_length) not in str(exc.detail[0]):
                    problems.append(f"{cls.__qualname__}.{name}: {exc.detail}")
            else:
                problems.append(f"{cls.__qualname__}.{name}: took {field.max_length + 1}")
    assert checked > 50, checked
    assert not problems, "\n".join(problems)


# --- the API, the pages, the actions -----------------------------------------------


@pytest.mark.django_db
def test_api_refuses_a_long_note_and_saves_nothing(world: World) -> None:
    client = world.client(world.owner)
    body = {"unit": world.village.pk, "name": "张三"}
    r = client.post(
        "/api/v1/people/", {**body, "note": "字" * 2001}, content_type="application/json"
    )
    assert r.status_code == 400, r.content
    assert r.json() == {"note": ["备注最多2000字，现有2001字。"]}
    assert not Person.objects.filter(name="张三").exists()
    r = client.post(
        "/api/v1/people/", {**body, "note": "字" * 2000}, content_type="application/json"
    )
    assert r.status_code == 201, r.content
    person = Person.objects.get(pk=r.json()["id"])
    r = client.patch(
        f"/api/v1/people/{person.pk}/",
        {"note": "字" * 5001, "title": "新职务"},
        content_type="application/json",
    )
    assert r.status_code == 400 and "note" in r.json()
    person.refresh_from_db()
    assert person.title == "" and len(person.note) == 2000 and person.version == 1


@pytest.mark.django_db
def test_the_person_page_refuses_a_long_note(world: World) -> None:
    r = world.client(world.owner).post(
        "/people/new/", {"unit": world.village.pk, "name": "李四", "note": "字" * 5001}
    )
    assert r.status_code == 200
    assert r.context["form"].errors["note"] == ["备注最多2000字，现有5001字。"]
    assert not Person.objects.filter(name="李四").exists()


@pytest.mark.django_db
def test_actions_reading_a_text_beside_a_serializer_cap_it(world: World) -> None:
    """publicity's plan `close` (年终总结, a record) and activity `cancel`
    (原因, a note) read their text through core.serializers.bounded_texts."""
    from fazhi.publicity.models import PublicityPlan
    from tests.publicity.helpers import activity, plan

    client = world.client(world.owner)
    p = plan(world)
    r = client.post(
        f"/api/v1/publicity/plans/{p.pk}/close/",
        {"review": "字" * 10_001},
        content_type="application/json",
    )
    assert r.status_code == 400 and r.json() == {"review": ["年终总结最多10000字，现有10001字。"]}
    p.refresh_from_db()
    assert p.status != PublicityPlan.Status.CLOSED
    a = activity(world)
    status = a.status
    r = client.post(
        f"/api/v1/publicity/activities/{a.pk}/cancel/",
        {"reason": "字" * 2001},
        content_type="application/json",
    )
    assert r.status_code == 400 and "原因最多2000字" in r.json()["reason"][0]
    a.refresh_from_db()
    assert a.status == status
