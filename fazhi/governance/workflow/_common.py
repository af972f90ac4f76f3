"""Shared pieces of the governance steps: the clock kinds this app starts, and
the two helpers the app adds to the step toolkit (`fazhi.core.steps` holds the
lock, transition, save-with-audit, required-text, date and clock checks)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from fazhi.core.errors import RuleViolation
from fazhi.core.models import OrgUnit

# Clock kinds (core.Clock.kind) used by this app.
CLOCK_TASK = "governance.task"
# A consultation's minimum period (征求意见不少于…) is no clock: its end is the
# earliest day to close, kept on the document (NormativeDocument.consultation_min_end).
CLOCK_REVIEW = "governance.normative.review"
CLOCK_FILING = "governance.normative.filing"
CLOCK_PROACTIVE = "governance.ogi.proactive"
CLOCK_REPLY = "governance.ogi.reply"
CLOCK_THIRD_PARTY = "governance.ogi.third_party"
CLOCK_CONTRACT = "governance.contract_review"
CLOCK_RECTIFICATION = "governance.rectification"
CLOCK_RECONSIDERATION = "governance.reconsideration.answer"


def _users(*users: Any) -> list[Any]:
    """Who a clock reminds: the users given that exist (an unsaved or absent
    owner is skipped rather than failing the step)."""
    return [u for u in users if u is not None and getattr(u, "pk", None)]


def _in_unit(unit: OrgUnit | None, parent: OrgUnit, field: str) -> None:
    """A record filed under `parent` (a plan, a cleanup round, a catalogue item)
    names a unit inside it, never a neighbouring township's."""
    if unit is not None and not parent.contains(unit):
        raise RuleViolation(
            _("所选单位“%(unit)s”不在“%(parent)s”范围内。") % {"unit": unit, "parent": parent},
            field=field,
        )


def _within_parent(record: Any, parent_field: str, field: str = "unit") -> None:
    """A record filed under the record its `parent_field` names (a task under
    a plan, a 主动公开 item under a catalogue item) names a unit inside that
    record's unit. The refusal names both inputs: a county user is offered
    every township's plans and units, and a bare “不在…范围内” under one of
    them did not say which of the two to change."""
    parent = getattr(record, parent_field)
    unit = getattr(record, field)
    if unit is None or parent.unit.contains(unit):
        return
    meta = type(record)._meta
    raise RuleViolation(
        _(
            "%(unit_label)s“%(unit)s”不在所选%(parent_label)s“%(parent)s”的单位“%(parent_unit)s”范围内：请选择“%(parent_unit)s”范围内的%(unit_label)s，或改选%(parent_label)s。"
        )
        % {
            "unit_label": meta.get_field(field).verbose_name,
            "unit": unit,
            "parent_label": meta.get_field(parent_field).verbose_name,
            "parent": parent,
            "parent_unit": parent.unit,
        },
        field=field,
    )
