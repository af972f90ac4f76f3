"""Lawful governance (依法行政): annual plan and tasks, rule-of-law meetings,
normative documents, major decisions, legal advisers, open government
information, supervision, assessment, reconsideration and litigation.

States change only through `workflow/`; each state field has its allowed
transitions next to it (`TRANSITIONS`). Due dates are copied from the
statutory clock (core.Clock) when the workflow starts or moves it, so lists
filter and sort on an indexed column of their own table.

One module per aggregate (app label `governance`, table names unchanged):
`plan`, `normative`, `advisers`, `decisions`, `disclosure`, `supervision`,
`cases`; the checks several records share in `_common`. Callers import from
here (`from fazhi.governance.models import WorkTask`).
"""

from ._common import ISSUING_KINDS, check_assignee, check_issuing_unit
from .advisers import Consultation, LegalAdviser
from .cases import CaseResult, LitigationCase, ReconsiderationCase
from .decisions import DecisionCatalogue, MajorDecision
from .disclosure import DisclosureCatalogueItem, DisclosureRequest, ProactiveDisclosure
from .normative import CleanupDecision, CleanupRound, NormativeDocument
from .plan import LawReport, Meeting, WorkPlan, WorkTask
from .supervision import (
    Assessment,
    AssessmentItem,
    AssessmentScore,
    CaseFileEvaluation,
    Rectification,
    SupervisionCheck,
)

__all__ = [
    "ISSUING_KINDS",
    "Assessment",
    "AssessmentItem",
    "AssessmentScore",
    "CaseFileEvaluation",
    "CaseResult",
    "CleanupDecision",
    "CleanupRound",
    "Consultation",
    "DecisionCatalogue",
    "DisclosureCatalogueItem",
    "DisclosureRequest",
    "LawReport",
    "LegalAdviser",
    "LitigationCase",
    "MajorDecision",
    "Meeting",
    "NormativeDocument",
    "ProactiveDisclosure",
    "ReconsiderationCase",
    "Rectification",
    "SupervisionCheck",
    "WorkPlan",
    "WorkTask",
    "check_assignee",
    "check_issuing_unit",
]
