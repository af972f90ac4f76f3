"""Administrative enforcement (行政执法): officers and their certificates,
training and exams, enforcement cases through the statutory procedure, the
three enforcement systems (disclosure, full-process record, legal review) and
complaints about enforcement conduct.

State fields carry their allowed transitions as data next to them
(`TRANSITIONS`); only `workflow/` changes a state.

One module per aggregate: `officers` (officers, certificates), `training`
(training, exams), `cases` (the case and its timeline), `procedure` (what a
case gathers: investigation, evidence, hearing, legal review, payments,
measures), `disclosure`, `complaints`. App label and table names are those
of the former single module.
"""

from __future__ import annotations

from .cases import (
    CaseEvent,
    EnforcementCase,
)
from .complaints import (
    EnforcementComplaint,
)
from .disclosure import (
    Disclosure,
)
from .officers import (
    Certificate,
    CertificateEvent,
    CertificateManager,
    CertificateQuerySet,
    EnforcementField,
    Officer,
)
from .procedure import (
    Evidence,
    Hearing,
    InvestigationStep,
    LegalReview,
    Measure,
    Payment,
    Preservation,
)
from .training import (
    Exam,
    ExamRegistration,
    Training,
    TrainingAttendance,
)

__all__ = [
    "CaseEvent",
    "Certificate",
    "CertificateEvent",
    "CertificateManager",
    "CertificateQuerySet",
    "Disclosure",
    "EnforcementCase",
    "EnforcementComplaint",
    "EnforcementField",
    "Evidence",
    "Exam",
    "ExamRegistration",
    "Hearing",
    "InvestigationStep",
    "LegalReview",
    "Measure",
    "Officer",
    "Payment",
    "Preservation",
    "Training",
    "TrainingAttendance",
]
