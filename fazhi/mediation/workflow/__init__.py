"""Every state change of people's mediation and the dispute ledger, one module
per subject (as Zulip splits `zerver/actions/`):

- `committees`   committees, members, mediators, training, declared relatives
- `disputes`     screening rounds and the dispute ledger
- `parties`      a dispute's parties, until the agreement fixes them
- `cases`        apply, accept or decline, assign mediators, sessions, extension
- `agreements`   the agreement, its signatures and seal, its taking effect
- `confirmation` judicial confirmation (司法确认)
- `followups`    follow-up visits (回访)
- `closing`      a case ended without agreement: failed or escalated
- `_common`      what they share: case and dispute moves, the conclusion clock

Each step is one transaction: it locks the row, checks the allowed transition
(the tables next to the status fields), writes the new state and a history row,
writes the audit event, starts or stops the statutory clocks and posts
reminders after commit. A refusal raises `RuleViolation` naming the field and
the rule, and leaves nothing saved. Callers import the steps from here:
`from fazhi.mediation import workflow; workflow.accept(case, on=day, by=user)`.
"""

from __future__ import annotations

from fazhi.core.errors import RuleViolation

from ._common import add_months, case_recipients, leaders_of, township_of
from .agreements import (
    WRITTEN_REQUIRED,
    AgreementInput,
    missing_id_number,
    record_agreement,
    sign_agreement,
)
from .cases import (
    accept,
    apply,
    assign_mediator,
    decline,
    extend_conclusion,
    record_session,
)
from .closing import escalate, fail
from .committees import (
    add_member,
    add_training,
    appoint_mediator,
    create_committee,
    declare_relative,
    end_member,
    not_members,
    renew_term,
    update_committee,
    update_mediator,
)
from .confirmation import (
    apply_confirmation,
    confirmation_window_end,
    record_confirmation_result,
    waive_confirmation,
)
from .disputes import close_dispute, record_screening, register_dispute, update_dispute
from .followups import record_followup, schedule_followup
from .parties import (
    KEEP_IF_BLANK,
    PERSON_LABELS,
    PartyInput,
    add_party,
    gender_from_id,
    parties_frozen,
    remove_party,
    update_party,
)

__all__ = [
    "KEEP_IF_BLANK",
    "PERSON_LABELS",
    "WRITTEN_REQUIRED",
    "AgreementInput",
    "PartyInput",
    "RuleViolation",
    "accept",
    "add_member",
    "add_months",
    "add_party",
    "add_training",
    "apply",
    "apply_confirmation",
    "appoint_mediator",
    "assign_mediator",
    "case_recipients",
    "close_dispute",
    "confirmation_window_end",
    "create_committee",
    "declare_relative",
    "decline",
    "end_member",
    "escalate",
    "extend_conclusion",
    "fail",
    "gender_from_id",
    "leaders_of",
    "missing_id_number",
    "not_members",
    "parties_frozen",
    "record_agreement",
    "record_confirmation_result",
    "record_followup",
    "record_screening",
    "record_session",
    "register_dispute",
    "remove_party",
    "renew_term",
    "schedule_followup",
    "sign_agreement",
    "township_of",
    "update_committee",
    "update_dispute",
    "update_mediator",
    "update_party",
    "waive_confirmation",
]
