from .. import lookups as _lookups  # noqa: F401  (registers the in_subtree lookup)
from .audit import AuditEvent
from .base import (
    ScopedManager,
    ScopedModel,
    ScopedQuerySet,
    TransitionRecord,
    scope_prefix,
    scope_unit_ids,
)
from .calendar import CalendarDay, CalendarYear
from .clocks import Clock, ClockEvent, DayUnit, shown_provisional_year
from .mixins import DetailPage, MaskedContact, optional_ref, ref, user_ref
from .org import GroupMembership, LeadershipGroup, LeadershipRole, OrgUnit, Person, User
from .support import Attachment, DocumentTemplate, NumberSequence, RecordLink, Reminder, Setting

__all__ = [
    "Attachment",
    "AuditEvent",
    "CalendarDay",
    "CalendarYear",
    "Clock",
    "ClockEvent",
    "DayUnit",
    "DetailPage",
    "DocumentTemplate",
    "GroupMembership",
    "LeadershipGroup",
    "LeadershipRole",
    "MaskedContact",
    "NumberSequence",
    "OrgUnit",
    "Person",
    "RecordLink",
    "Reminder",
    "ScopedManager",
    "ScopedModel",
    "ScopedQuerySet",
    "Setting",
    "TransitionRecord",
    "User",
    "optional_ref",
    "ref",
    "scope_prefix",
    "scope_unit_ids",
    "shown_provisional_year",
    "user_ref",
]

from .passwords import PasswordStatus  # issue 17: password ageing

__all__ += ["PasswordStatus"]

from .auditcheck import AuditVerification  # noqa: E402  (issue 17: the audit chain's walks)

__all__ += ["AuditVerification"]

from .imports import ImportedRow, ImportJob, ImportMapping  # noqa: E402  (issue 18: ledger import)

__all__ += ["ImportJob", "ImportMapping", "ImportedRow"]

from .search import SearchEntry  # noqa: E402  (issue 18: the cross-module search index)

__all__ += ["SearchEntry"]

from .offline import OfflineSubmission  # noqa: E402  (issue 18: entries captured offline)

__all__ += ["OfflineSubmission"]
