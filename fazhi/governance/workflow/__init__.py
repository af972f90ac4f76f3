"""Every state change of lawful-governance records, one module per subject
(as Zulip splits `zerver/actions/`):

- `plan`: the annual plan and its tasks;
- `normative` and `issuing`: normative documents from drafting to
  deliberation, and their registration, publication and filing; `cleanup`:
  their cleanup rounds and expiry reminders;
- `advisers`: matters sent to a legal adviser;
- `decisions`: major administrative decisions;
- `proactive`, `requests` and `third_party`: open government information,
  published proactively and on request, and a request's third party;
- `supervision`: rectification of findings; `assessment`: the assessment
  scores; `cases`: reconsideration and litigation.

Each step is one transaction: it locks the row, checks the transition table
and the statutory gate, writes the new state, the audit row, and starts,
pauses, extends or stops the statutory clock (core.clocks). A refused step
raises `RuleViolation` naming the field and the rule, and nothing is saved.
Callers import the steps from here (`from fazhi.governance import workflow`).
"""

from ._common import (
    CLOCK_CONTRACT,
    CLOCK_FILING,
    CLOCK_PROACTIVE,
    CLOCK_RECONSIDERATION,
    CLOCK_RECTIFICATION,
    CLOCK_REPLY,
    CLOCK_REVIEW,
    CLOCK_TASK,
    CLOCK_THIRD_PARTY,
)
from .advisers import answer_consultation, mark_adopted, request_consultation
from .assessment import computable, compute_scores, enter_score, manual_items
from .cases import answer_reconsideration, conclude_case, register_reconsideration
from .cleanup import (
    EXPIRY_NOTICE_DAYS,
    add_cleanup_decision,
    cleanable_documents,
    cleanup_units,
    create_cleanup_round,
    publish_cleanup,
    remind_expiring,
)
from .decisions import (
    archive_decision,
    decide,
    give_decision_review,
    launch_decision,
    package_gaps,
    publish_decision,
    record_expert_review,
    record_fair_competition,
    record_participation,
    record_risk_assessment,
    submit_decision_review,
)
from .issuing import file_document, publication_gaps, publish_document, register_number
from .normative import (
    close_consultation,
    consultation_min_end,
    deliberate,
    draft_document,
    give_review_opinion,
    reviewers_for,
    start_consultation,
    submit_for_review,
)
from .plan import (
    add_task,
    add_year_plan,
    cancel_task,
    complete_task,
    create_plan,
    plan_units,
    remind_tasks,
    start_task,
)
from .proactive import (
    STANDARD_CATALOGUE,
    load_standard_catalogue,
    publish_proactive,
    register_proactive,
    withdraw_proactive,
)
from .requests import (
    CODE_ALPHABET,
    REPLY_REQUIREMENTS,
    confirm_receipt,
    extend_request,
    new_code,
    receive_correction,
    register_request,
    reply_request,
    request_correction,
    submit_public,
    withdraw_request,
)
from .supervision import close_rectification, order_rectification
from .third_party import consult_third_party, third_party_replied

__all__ = [
    "CLOCK_CONTRACT",
    "CLOCK_FILING",
    "CLOCK_PROACTIVE",
    "CLOCK_RECONSIDERATION",
    "CLOCK_RECTIFICATION",
    "CLOCK_REPLY",
    "CLOCK_REVIEW",
    "CLOCK_TASK",
    "CLOCK_THIRD_PARTY",
    "CODE_ALPHABET",
    "EXPIRY_NOTICE_DAYS",
    "REPLY_REQUIREMENTS",
    "STANDARD_CATALOGUE",
    "add_cleanup_decision",
    "add_task",
    "add_year_plan",
    "answer_consultation",
    "answer_reconsideration",
    "archive_decision",
    "cancel_task",
    "cleanable_documents",
    "cleanup_units",
    "close_consultation",
    "close_rectification",
    "complete_task",
    "computable",
    "compute_scores",
    "conclude_case",
    "confirm_receipt",
    "consult_third_party",
    "consultation_min_end",
    "create_cleanup_round",
    "create_plan",
    "decide",
    "deliberate",
    "draft_document",
    "enter_score",
    "extend_request",
    "file_document",
    "give_decision_review",
    "give_review_opinion",
    "launch_decision",
    "load_standard_catalogue",
    "manual_items",
    "mark_adopted",
    "new_code",
    "order_rectification",
    "package_gaps",
    "plan_units",
    "publication_gaps",
    "publish_cleanup",
    "publish_decision",
    "publish_document",
    "publish_proactive",
    "receive_correction",
    "record_expert_review",
    "record_fair_competition",
    "record_participation",
    "record_risk_assessment",
    "register_number",
    "register_proactive",
    "register_reconsideration",
    "register_request",
    "remind_expiring",
    "remind_tasks",
    "reply_request",
    "request_consultation",
    "request_correction",
    "reviewers_for",
    "start_consultation",
    "start_task",
    "submit_decision_review",
    "submit_for_review",
    "submit_public",
    "third_party_replied",
    "withdraw_proactive",
    "withdraw_request",
]
