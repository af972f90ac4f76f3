"""Every state change of a petition, one function per step, one module per
subject (as Zulip's `zerver/actions/`):

- `registration`: register a matter, correct its registered facts;
- `repeats`: repeat detection (重复信访);
- `petitioners`: the petitioners, checked and corrected until the answer;
- `decision`: accept, decline, refer, object to a transfer;
- `handling`: assign (分级负责、包案), record the handling, extend;
- `reply`: the written answer, its service, closing, the rating;
- `appeals`: review and re-review, the re-review hearing;
- `receptions`: reception records against the leaders' rota.

Each step locks the petition row, refuses a stale `version` (a second cadre
editing the same matter is told who changed it and when), checks the
allowed-transition table (`models.TRANSITIONS`), validates the rule of the
step, writes the new state with a `StageChange` row and an audit row, starts
or stops the statutory clocks through `fazhi.core.clocks`, and posts
reminders after commit. A refusal raises `RuleViolation` naming the field,
inside one transaction, so nothing is half-saved. The checks and writes every
app shares are `fazhi.core.steps`; `_common` holds what a petition adds.

Callers import from here (`from fazhi.petitions import workflow`); the
modules are the map for whoever reads or changes a step.
"""

from ._common import leaders_of, township_of, window
from .appeals import (
    decide_re_review,
    decide_review,
    end_hearing,
    request_re_review,
    request_review,
    serve_appeal,
    start_hearing,
)
from .decision import accept, decline, object_transfer, refer
from .handling import (
    assign,
    assignable_handlers,
    assignable_units,
    can_handle,
    extend,
    extension_approvers,
    handler_candidates,
    level_of,
    record_handling,
)
from .petitioners import (
    PETITIONERS_EDITABLE,
    PetitionerData,
    add_petitioner,
    petitioners_editable,
    removable_petitioners,
    remove_petitioner,
    update_petitioner,
)
from .receptions import check_reception, save_reception
from .registration import EDITABLE, QUERY_ALPHABET, QUERY_CODE_LENGTH, edit, register
from .repeats import RepeatMatch, find_repeats, normalise, similarity
from .reply import OPINION_FIELDS, close, rate, reply, serve_reply

__all__ = [
    "EDITABLE",
    "OPINION_FIELDS",
    "PETITIONERS_EDITABLE",
    "QUERY_ALPHABET",
    "QUERY_CODE_LENGTH",
    "PetitionerData",
    "RepeatMatch",
    "accept",
    "add_petitioner",
    "assign",
    "assignable_handlers",
    "assignable_units",
    "can_handle",
    "check_reception",
    "close",
    "decide_re_review",
    "decide_review",
    "decline",
    "edit",
    "end_hearing",
    "extend",
    "extension_approvers",
    "find_repeats",
    "handler_candidates",
    "leaders_of",
    "level_of",
    "normalise",
    "object_transfer",
    "petitioners_editable",
    "rate",
    "record_handling",
    "refer",
    "register",
    "removable_petitioners",
    "remove_petitioner",
    "reply",
    "request_re_review",
    "request_review",
    "save_reception",
    "serve_appeal",
    "serve_reply",
    "similarity",
    "start_hearing",
    "township_of",
    "update_petitioner",
    "window",
]
