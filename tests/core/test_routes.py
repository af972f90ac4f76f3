"""core.routes.record_urls: a kind's pages from the naming convention."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any, cast

import pytest
from django.views import View

from fazhi.core.routes import NO_EDIT, record_urls


class _Page(View):
    pass


def _views(*names: str) -> Any:
    return cast(Any, SimpleNamespace(**{n: _Page for n in names}, thing_action=lambda r: None))


def test_record_urls_names_and_paths_follow_the_convention() -> None:
    views = _views("ThingList", "ThingCreate", "ThingDetail")
    urls = record_urls("things", "thing", views, "Thing", pages=NO_EDIT, action=True)
    assert [(str(u.pattern), u.name) for u in urls] == [
        ("things/", "thing_list"),
        ("things/new/", "thing_create"),
        ("things/<int:pk>/", "thing_detail"),
        ("things/<int:pk>/do/<str:action>/", "thing_action"),
    ]


def test_record_urls_refuses_a_missing_view() -> None:
    with pytest.raises(AttributeError, match="ThingUpdate"):
        record_urls("things", "thing", _views("ThingList", "ThingCreate", "ThingDetail"), "Thing")
