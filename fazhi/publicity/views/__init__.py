"""Publicity pages, one module per subject:

- `activities`: the activity ledger, detail, edit and the hold / cancel /
  delete steps, attachments;
- `plans`: plans and plan items with their steps;
- `coverage`: units × sectors reached, the gaps (and the app's index);
- `registers`: culture sites, legal-literate villagers, model villages;
- `study`: cadres' study sessions, exams, the exam roll and the cadre ledger;
- `_common`: the detail page, the `persist` hook, refusals as messages.

URL names are in `urls.py`, which reads every page from here."""

from __future__ import annotations

from .activities import (
    ActivityCreate,
    ActivityDetail,
    ActivityList,
    ActivityUpdate,
    activity_cancel,
    activity_delete,
    activity_hold,
    attach,
)
from .coverage import PeriodForm, coverage, index
from .plans import (
    PlanCreate,
    PlanDetail,
    PlanItemCreate,
    PlanItemDetail,
    PlanItemList,
    PlanItemUpdate,
    PlanList,
    PlanUpdate,
    item_cancel,
    item_reopen,
    plan_add_campaigns,
    plan_adopt,
    plan_close,
)
from .registers import (
    CultureSiteCreate,
    CultureSiteDetail,
    CultureSiteList,
    CultureSiteUpdate,
    ModelVillageCreate,
    ModelVillageDetail,
    ModelVillageList,
    ModelVillageUpdate,
    VillagerCreate,
    VillagerDetail,
    VillagerList,
    VillagerUpdate,
)
from .study import (
    ExamCreate,
    ExamDetail,
    ExamList,
    ExamUpdate,
    StudyCreate,
    StudyDetail,
    StudyList,
    StudyUpdate,
    cadres,
    exam_roll,
)

__all__ = [
    "ActivityCreate",
    "ActivityDetail",
    "ActivityList",
    "ActivityUpdate",
    "CultureSiteCreate",
    "CultureSiteDetail",
    "CultureSiteList",
    "CultureSiteUpdate",
    "ExamCreate",
    "ExamDetail",
    "ExamList",
    "ExamUpdate",
    "ModelVillageCreate",
    "ModelVillageDetail",
    "ModelVillageList",
    "ModelVillageUpdate",
    "PeriodForm",
    "PlanCreate",
    "PlanDetail",
    "PlanItemCreate",
    "PlanItemDetail",
    "PlanItemList",
    "PlanItemUpdate",
    "PlanList",
    "PlanUpdate",
    "StudyCreate",
    "StudyDetail",
    "StudyList",
    "StudyUpdate",
    "VillagerCreate",
    "VillagerDetail",
    "VillagerList",
    "VillagerUpdate",
    "activity_cancel",
    "activity_delete",
    "activity_hold",
    "attach",
    "cadres",
    "coverage",
    "exam_roll",
    "index",
    "item_cancel",
    "item_reopen",
    "plan_add_campaigns",
    "plan_adopt",
    "plan_close",
]
