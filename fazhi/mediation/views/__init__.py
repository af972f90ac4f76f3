"""Pages: ledgers (list + filter + Excel export), detail pages with their
workflow steps as POST forms, create/edit forms, the overview and the list of
units that missed a screening round. Views are thin: forms check the shape,
`workflow/` the rules; out-of-scope records are 404. One module per subject:

- `overview`    the mediation overview
- `disputes`    the dispute ledger, the dispute page, party corrections
- `cases`       mediation cases and the agreement document
- `screenings`  screening rounds and the units that missed one
- `committees`  committees and mediators
- `categories`  dispute categories
- `_common`     the detail page with steps, the step runner, shared checks

`urls.py` and `api.py` import the names below from here.
"""

from __future__ import annotations

from ._common import ActionDetailView, run_action
from .cases import (
    CaseDetail,
    CaseList,
    agreement_document,
    agreement_docx,
    case_action,
    case_list_queryset,
    conclusion_due,
)
from .categories import CategoryEdit, category_list
from .committees import (
    CommitteeCreate,
    CommitteeDetail,
    CommitteeList,
    CommitteeUpdate,
    MediatorCreate,
    MediatorDetail,
    MediatorList,
    MediatorUpdate,
    committee_action,
    mediator_action,
)
from .disputes import (
    LEDGER_CHUNK,
    DisputeCreate,
    DisputeDetail,
    DisputeList,
    DisputeUpdate,
    dispute_action,
    dispute_list_queryset,
    ledger_rows,
    party_edit,
)
from .overview import overview
from .screenings import (
    ScreeningCreate,
    ScreeningDetail,
    ScreeningList,
    screening_missed,
    screening_options,
)

__all__ = [
    "LEDGER_CHUNK",
    "ActionDetailView",
    "CaseDetail",
    "CaseList",
    "CategoryEdit",
    "CommitteeCreate",
    "CommitteeDetail",
    "CommitteeList",
    "CommitteeUpdate",
    "DisputeCreate",
    "DisputeDetail",
    "DisputeList",
    "DisputeUpdate",
    "MediatorCreate",
    "MediatorDetail",
    "MediatorList",
    "MediatorUpdate",
    "ScreeningCreate",
    "ScreeningDetail",
    "ScreeningList",
    "agreement_document",
    "agreement_docx",
    "case_action",
    "case_list_queryset",
    "category_list",
    "committee_action",
    "conclusion_due",
    "dispute_action",
    "dispute_list_queryset",
    "ledger_rows",
    "mediator_action",
    "overview",
    "party_edit",
    "run_action",
    "screening_missed",
    "screening_options",
]
