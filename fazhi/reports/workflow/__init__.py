"""Every state change of the annual report, one module per subject. Views, the
API, commands and the demo call these; nothing else writes a report.

- `templates`: the unit's template (structure as data);
- `drafting`: the draft generated from the template and the records, drafted
  again, its sections edited;
- `shortcomings`: section 二, problems proposed from the data or added;
- `review`: freeze, submit, return, accept, publish (LAW.md §11);
- `_common`: who writes and who reviews, the state change with its history
  row, the deadline clocks, the figures stored with a frozen report.

The generic checks come from `fazhi.core.steps`; the unit's template is read
through `queries.template_for`; the clock kinds and a deadline's counting
are `deadlines` (all re-exported here for callers).
"""

from __future__ import annotations

from ..deadlines import CLOCK_PUBLISH, CLOCK_SUBMIT, deadline
from ..queries import template_for
from ._common import (
    REPORTING_KINDS,
    WRITER_ROLES,
    can_review,
    can_write,
    unfinished_text,
)
from .drafting import edit_section, generate_draft, regenerate_draft
from .review import accept, freeze, mandatory_warnings, publish, return_report, submit
from .shortcomings import add_shortcoming, decide_shortcoming, propose_shortcomings
from .templates import edit_template_section, ensure_template

__all__ = [
    "CLOCK_PUBLISH",
    "CLOCK_SUBMIT",
    "REPORTING_KINDS",
    "WRITER_ROLES",
    "accept",
    "add_shortcoming",
    "can_review",
    "can_write",
    "deadline",
    "decide_shortcoming",
    "edit_section",
    "edit_template_section",
    "ensure_template",
    "freeze",
    "generate_draft",
    "mandatory_warnings",
    "propose_shortcomings",
    "publish",
    "regenerate_draft",
    "return_report",
    "submit",
    "template_for",
    "unfinished_text",
]
