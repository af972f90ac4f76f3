"""The demo builder gives the 2024 figures and is idempotent."""

from __future__ import annotations

import pytest
from django.apps import apps

from fazhi.core import demo
from fazhi.core.indicators import Period, compute
from fazhi.governance.demo import build

pytestmark = pytest.mark.django_db


def _counts() -> dict[str, int]:
    return {m.__name__: m.objects.count() for m in apps.get_app_config("governance").get_models()}


def test_demo_twice_changes_nothing_and_gives_a_year():
    world = demo.build_core()
    build(world)
    first = _counts()
    build(demo.build_core())
    assert _counts() == first
    t, year = world.township, Period.year(2024)
    assert compute("governance.plan.tasks", t, year) == 12
    assert compute("governance.plan.tasks.overdue", t, year) == 1
    assert compute("governance.meetings", t, year) == 10
    assert compute("governance.normative_documents.issued", t, year) == 2
    assert compute("governance.normative_documents.filed_on_time", t, year) == 2
    assert compute("governance.normative_documents.cleaned_up", t, year) == 1
    assert compute("governance.major_decisions", t, year) == 2
    assert compute("governance.ogi.requests", t, year) == 3
    assert compute("governance.ogi.on_time_rate", t, year) == 100.0
    assert 0 < compute("governance.ogi.proactive_on_time_rate", t, year) < 100
    assert compute("governance.head_appearance_rate", t, year) == 100.0
