"""API display fields (issue 15): every choice a serializer exposes as a code
comes with `<name>_display`, its label, so no client has to show `penalty`."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import FieldDoesNotExist
from django.test import Client
from django.utils import translation

from fazhi.api_router import router
from fazhi.core import demo

pytestmark = pytest.mark.django_db


def _choice_fields_without_label(serializer: Any) -> list[str]:
    model = serializer.Meta.model
    fields = serializer.fields
    missing = []
    for name, field in fields.items():
        if field.source in ("*", None) or "." in field.source:
            continue
        try:
            model_field = model._meta.get_field(field.source)
        except FieldDoesNotExist:
            continue
        labelled = f"{name}_display" in fields
        if getattr(model_field, "choices", None) and not model_field.is_relation and not labelled:
            missing.append(name)
    return missing


def test_every_serializer_labels_its_choices() -> None:
    checked = 0
    missing: dict[str, list[str]] = {}
    for _prefix, viewset, _basename in router.registry:
        serializer_class = getattr(viewset, "serializer_class", None)
        if serializer_class is None or not hasattr(serializer_class, "Meta"):
            continue
        serializer = serializer_class(context={"request": None})
        checked += 1
        gaps = _choice_fields_without_label(serializer)
        if gaps:
            missing[serializer_class.__name__] = gaps
    assert checked > 20
    assert not missing, missing


def test_case_api_answers_labels_in_the_requests_language() -> None:
    world = demo.build()
    client = Client()
    client.force_login(world.users["zhifa"])
    data = client.get("/api/v1/enforcement/cases/").json()
    row = (data["results"] if isinstance(data, dict) else data)[0]
    assert row["stage_display"] and row["stage_display"] != row["stage"]
    assert row["case_type_display"] and row["case_type_display"] != row["case_type"]
    with translation.override("zh-hans"):
        from fazhi.enforcement.models import EnforcementCase

        case = EnforcementCase.objects.get(pk=row["id"])
        assert row["case_type_display"] == case.get_case_type_display()
