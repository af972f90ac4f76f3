"""Pages of the governance app, one module per subject.

Each record kind is a `Kind` row (`kinds`): its list (filter, sort, Excel
export), its detail page with the workflow steps as POST forms, and its
create/edit forms (`records`). Generated documents are in `downloads`; the home
page, the leaders' duties and the OGI report tables in `home`. Public pages
(`public`: documents in force, proactive disclosure, disclosure request
submission and tracking) need no login and show no personal data.
"""

from .downloads import decision_zip, plan_docx, request_docx
from .home import (
    OverdueList,
    catalogue_items,
    index,
    leaders,
    load_catalogue,
    ogi_report,
    plan_for_year,
)
from .kinds import KINDS, Kind
from .public import PublicDisclosures, PublicDocuments, public_apply, public_track
from .records import (
    EXTRA_TEMPLATES,
    KindCreate,
    KindDetail,
    KindList,
    KindMixin,
    KindUpdate,
    action,
    assessment_matrix,
    extra_context,
    kind_views,
)

__all__ = [
    "EXTRA_TEMPLATES",
    "KINDS",
    "Kind",
    "KindCreate",
    "KindDetail",
    "KindList",
    "KindMixin",
    "KindUpdate",
    "OverdueList",
    "PublicDisclosures",
    "PublicDocuments",
    "action",
    "assessment_matrix",
    "catalogue_items",
    "decision_zip",
    "extra_context",
    "index",
    "kind_views",
    "leaders",
    "load_catalogue",
    "ogi_report",
    "plan_docx",
    "plan_for_year",
    "public_apply",
    "public_track",
    "request_docx",
]
