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
