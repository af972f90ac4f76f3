"""Every state change of enforcement: one function per step, each refusing with
a RuleViolation that names the field and the article when its rule is not met.

Each step runs in one transaction: it locks the row, checks the transition
table (`Model.TRANSITIONS`), writes the new state, a timeline row
(CaseEvent / CertificateEvent) and the audit row, and starts or stops the
statutory clocks (core.clocks). Reminders are posted after commit.

One module per subject, as Zulip splits `zerver/actions/`:

- `officers`: officers and certificates (issue, renewal, suspension, revocation),
  and the two-certified-officers check every act passes;
- `roster`: an officer and the certificate they already hold, from the
  county's roster (行政执法人员名册 import);
- `training`: training sessions and qualification exams;
- `cases`: clue, filing, inspection, investigation, evidence, preservation;
- `review`: the head's review, prior notice, statement, legal review;
- `hearings`: hearing rights, request, notice, the hearing held;
- `decisions`: the penalty decision and the summary procedure;
- `execution`: service, payment and its deferral, closing;
- `measures`: compulsory measures (查封、扣押);
- `disclosure`: publication of decisions and its withdrawal;
- `complaints`: complaints about enforcement conduct;
- `_common`: what the steps share (clock kinds, case lock, timeline row).

Callers import from here (`from fazhi.enforcement import workflow`).
"""

from __future__ import annotations

from ._common import (
    ACTION_LABELS,
    CLOCK_DECISION,
    CLOCK_DISCLOSURE,
    CLOCK_HEARING_REQUEST,
    CLOCK_MEASURE,
    CLOCK_PAYMENT,
    CLOCK_PRESERVATION,
    CLOCK_SERVICE,
    CLOCK_WITHDRAWAL,
    HEAD_ROLES,
    HEARING_KINDS,
    SEVERITY,
)
from .cases import (
    add_evidence,
    case_units,
    check_case_unit,
    decide_preservation,
    file_case,
    open_inspection,
    preserve_evidence,
    record_investigation,
    register_clue,
)
from .complaints import (
    answer_complaint,
    investigate_complaint,
    register_complaint,
)
from .decisions import (
    decide,
    summary_penalty,
)
from .disclosure import (
    default_public_summary,
    mark_decision_changed,
    publish,
    withdraw,
)
from .execution import (
    close,
    defer_payment,
    record_payment,
    serve,
)
from .hearings import (
    hearing_applies,
    hearing_threshold,
    hold_hearing,
    investigator_person_ids,
    request_hearing,
    schedule_hearing,
)
from .measures import (
    apply_measure,
    extend_measure,
    lift_measure,
)
from .officers import (
    annual_review,
    check_officers,
    issue_certificate,
    officer_problem,
    register_officer,
    registrable,
    renew_certificate,
    renewal_window_start,
    restore_certificate,
    revoke_certificate,
    suspend_certificate,
)
from .review import (
    needs_legal_review,
    notify,
    record_legal_review,
    record_statement,
    review,
    submit_legal_review,
)
from .roster import RosterEntry, record_roster_entry
from .training import (
    create_exam,
    not_registered,
    record_exam_result,
    record_training,
    register_for_exam,
    set_attendance,
)

__all__ = [
    "ACTION_LABELS",
    "CLOCK_DECISION",
    "CLOCK_DISCLOSURE",
    "CLOCK_HEARING_REQUEST",
    "CLOCK_MEASURE",
    "CLOCK_PAYMENT",
    "CLOCK_PRESERVATION",
    "CLOCK_SERVICE",
    "CLOCK_WITHDRAWAL",
    "HEAD_ROLES",
    "HEARING_KINDS",
    "SEVERITY",
    "RosterEntry",
    "add_evidence",
    "annual_review",
    "answer_complaint",
    "apply_measure",
    "case_units",
    "check_case_unit",
    "check_officers",
    "close",
    "create_exam",
    "decide",
    "decide_preservation",
    "default_public_summary",
    "defer_payment",
    "extend_measure",
    "file_case",
    "hearing_applies",
    "hearing_threshold",
    "hold_hearing",
    "investigate_complaint",
    "investigator_person_ids",
    "issue_certificate",
    "lift_measure",
    "mark_decision_changed",
    "needs_legal_review",
    "not_registered",
    "notify",
    "officer_problem",
    "open_inspection",
    "preserve_evidence",
    "publish",
    "record_exam_result",
    "record_investigation",
    "record_legal_review",
    "record_payment",
    "record_roster_entry",
    "record_statement",
    "record_training",
    "register_clue",
    "register_complaint",
    "register_for_exam",
    "register_officer",
    "registrable",
    "renew_certificate",
    "renewal_window_start",
    "request_hearing",
    "restore_certificate",
    "review",
    "revoke_certificate",
    "schedule_hearing",
    "serve",
    "set_attendance",
    "submit_legal_review",
    "summary_penalty",
    "suspend_certificate",
    "withdraw",
]
