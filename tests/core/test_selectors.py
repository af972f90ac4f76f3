"""core.selectors: how one domain app reads another's data without importing it."""

from __future__ import annotations

import pytest

from fazhi.core import selectors


def test_the_apps_provide_what_publicity_reads() -> None:
    assert {
        "governance.law_reports_of",
        "governance.village_law_reports",
        "enforcement.training_hours_by_person",
    } <= set(selectors.provided())


def test_missing_selector_is_none_and_names_are_checked(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(selectors, "_REGISTRY", {})
    assert selectors.get("x.y") is None

    def first() -> int:
        return 1

    selectors.provide("x.y", first)
    selectors.provide("x.y", first)  # a registry imported twice: harmless
    assert selectors.get("x.y") is first
    with pytest.raises(ValueError, match="already provided"):
        selectors.provide("x.y", lambda: 2)
    with pytest.raises(ValueError, match=r"app\.selector"):
        selectors.provide("nodot", first)
