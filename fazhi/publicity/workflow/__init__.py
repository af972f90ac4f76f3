"""Every change to publicity and study records goes through these steps, one
module per subject:

- `plans`: plans (五年规划, 年度计划) and their items, 印发 and 年终总结;
- `activities`: activities recorded, scheduled, held, cancelled or deleted;
- `registers`: culture sites, legal-literate villagers, model villages;
- `study`: cadres' law study sessions and the yearly law exam;
- `_common`: what they share (unit reach, saving with m2m and audit, the
  history row of a state change).

Each step is one transaction: it checks the writer's role and scope, the rules
of the record (refusing with a `RuleViolation` that names the field), saves the
record and its many-to-many sets, writes the audit row and, for a state change,
a history row. Forms and serializers only check shape. The generic checks come
from `fazhi.core.steps` (tests pin today by patching `fazhi.core.steps.today`).
"""

from __future__ import annotations

from ._common import resolve_sectors, scope_root, status_history, township_of
from .activities import cancel_activity, delete_activity, hold_activity, save_activity
from .plans import (
    add_campaign_items,
    adopt_plan,
    cancel_plan_item,
    close_plan,
    reopen_plan_item,
    save_plan,
    save_plan_item,
    suggested_campaigns,
)
from .registers import save_culture_site, save_model_village, save_villager
from .study import full_mark, open_exam_roll, pass_mark, save_exam, save_study

__all__ = [
    "add_campaign_items",
    "adopt_plan",
    "cancel_activity",
    "cancel_plan_item",
    "close_plan",
    "delete_activity",
    "full_mark",
    "hold_activity",
    "open_exam_roll",
    "pass_mark",
    "reopen_plan_item",
    "resolve_sectors",
    "save_activity",
    "save_culture_site",
    "save_exam",
    "save_model_village",
    "save_plan",
    "save_plan_item",
    "save_study",
    "save_villager",
    "scope_root",
    "status_history",
    "suggested_campaigns",
    "township_of",
]
