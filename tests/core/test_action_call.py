"""core.actions.call: the run of a step table entry, built from the workflow
function and the names of its inputs (no database needed)."""

from __future__ import annotations

from typing import Any

import pytest

from fazhi.core import actions


def _step(record: Any, **kwargs: Any) -> tuple[Any, dict[str, Any]]:
    return record, kwargs


def test_call_passes_record_user_fields_renamed_optional_and_named_extras() -> None:
    run = actions.call(
        _step,
        "on",
        note="reason",
        text=actions.optional("text", ""),
        public=actions.optional("public", True),
        extra=("version",),
    )
    data = {"on": "2026-01-05", "reason": "补正", "public": False, "ignored": 1}
    record, kwargs = run("case", data, "clerk", 7, "files left aside")
    assert record == "case"
    # A value the form holds wins over the default, even a false one.
    assert kwargs == {
        "by": "clerk",
        "on": "2026-01-05",
        "note": "补正",
        "text": "",
        "public": False,
        "version": 7,
    }


def test_call_acts_on_what_record_finds_and_a_missing_required_input_fails() -> None:
    run = actions.call(_step, "on", record=lambda case: f"agreement of {case}")
    assert run("case", {"on": 1}, "clerk") == ("agreement of case", {"by": "clerk", "on": 1})
    with pytest.raises(KeyError):
        run("case", {}, "clerk")
