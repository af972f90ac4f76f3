"""Every list's yes/no filter offers 全部 / 是 / 否 (core.filters.YesNoFilter):
Django's NullBooleanSelect offered 未知 (unknown) for "any", which on a
ledger's filter reads as a value of the records (重点案件：未知)."""

from __future__ import annotations

import importlib

import django_filters
import pytest
from django.apps import apps

from fazhi.core.filters import AnyYesNoSelect, YesNoFilter


def _filtersets() -> list[type[django_filters.FilterSet]]:
    for config in apps.get_app_configs():
        if config.name.startswith("fazhi."):
            try:
                importlib.import_module(f"{config.name}.filters")
            except ModuleNotFoundError:
                continue
    found: list[type[django_filters.FilterSet]] = []
    todo = list(django_filters.FilterSet.__subclasses__())
    while todo:
        cls = todo.pop()
        todo += cls.__subclasses__()
        if cls.__module__.startswith("fazhi."):
            found.append(cls)
    return found


def test_every_yes_no_filter_reads_any_yes_no() -> None:
    checked = 0
    for filterset in _filtersets():
        for name, flt in filterset.base_filters.items():
            if isinstance(flt, django_filters.BooleanFilter):
                assert isinstance(flt, YesNoFilter), f"{filterset.__name__}.{name}"
                widget = flt.field.widget
                assert isinstance(widget, AnyYesNoSelect), f"{filterset.__name__}.{name}"
                assert [str(label) for _, label in widget.choices] == ["全部", "是", "否"]
                checked += 1
    assert checked >= 8  # 重点案件, 重复信访, 专职, 到期未完成 … across the apps


@pytest.mark.parametrize(("raw", "value"), [("true", True), ("false", False), ("unknown", None)])
def test_the_choice_filters_as_before(raw: str, value: bool | None) -> None:
    field = YesNoFilter(label="重点案件").field
    assert field.clean(field.widget.value_from_datadict({"f": raw}, {}, "f")) is value
