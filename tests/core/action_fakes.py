"""Stand-in workflow functions on a core Person, shared by the tests of
core.actions (pages) and core.api.run_api_action (API)."""

from __future__ import annotations

from typing import Any

from django import forms

from fazhi.core import audit
from fazhi.core import workflow as core_workflow
from fazhi.core.errors import RuleViolation
from fazhi.core.forms import ActionForm
from fazhi.core.models import Person


class RenameForm(ActionForm):
    name = forms.CharField(label="姓名", max_length=50)


def rename(person: Person, *, name: str, by: Any, version: int | None) -> Person:
    """A rule tied to the `name` input, then the core save with its version check."""
    if "X" in name:
        raise RuleViolation("姓名不能含有字母X。", field="name")
    before = audit.snapshot(person)
    person.name = name
    return core_workflow.update_record(person, by=by, version=version, before=before)


def make_cadre(person: Person, *, by: Any, version: int | None) -> Person:
    """A rule on the whole step (no field)."""
    if person.is_cadre:
        raise RuleViolation("该人员已是干部。")
    before = audit.snapshot(person)
    person.is_cadre = True
    return core_workflow.update_record(person, by=by, version=version, before=before)
