"""Pages of enforcement: ledgers (lists with filters and Excel export), detail
pages with their workflow steps as POST forms, the legal-review queue and the
public disclosure page (no login).

One module per subject: `officers` (officers, certificates), `training`
(training, hours, exams), `cases`, `review` (legal-review queue, disclosure,
the public page), `complaints`; `urls.py` names them from here.
"""

from __future__ import annotations

from .cases import (
    CaseCreate,
    CaseDetail,
    CaseList,
    InspectionCreate,
    SummaryCreate,
    case_action,
    case_decision,
    case_file,
)
from .complaints import (
    ComplaintCreate,
    ComplaintDetail,
    ComplaintList,
    complaint_action,
)
from .officers import (
    CertificateDetail,
    CertificateList,
    OfficerCreate,
    OfficerDetail,
    OfficerList,
    OfficerUpdate,
    certificate_action,
    officer_issue,
)
from .review import (
    DisclosureList,
    ReviewQueue,
    public_list,
    review_record,
)
from .training import (
    ExamCreate,
    ExamDetail,
    ExamList,
    TrainingCreate,
    TrainingDetail,
    TrainingHours,
    TrainingList,
    exam_register,
    exam_result,
)

__all__ = [
    "CaseCreate",
    "CaseDetail",
    "CaseList",
    "CertificateDetail",
    "CertificateList",
    "ComplaintCreate",
    "ComplaintDetail",
    "ComplaintList",
    "DisclosureList",
    "ExamCreate",
    "ExamDetail",
    "ExamList",
    "InspectionCreate",
    "OfficerCreate",
    "OfficerDetail",
    "OfficerList",
    "OfficerUpdate",
    "ReviewQueue",
    "SummaryCreate",
    "TrainingCreate",
    "TrainingDetail",
    "TrainingHours",
    "TrainingList",
    "case_action",
    "case_decision",
    "case_file",
    "certificate_action",
    "complaint_action",
    "exam_register",
    "exam_result",
    "officer_issue",
    "public_list",
    "review_record",
]
