"""The daily certificate jobs: expiry status change and renewal reminders.

Both are set-based (a handful of queries whatever the number of
certificates) and idempotent: a second run on the same day changes nothing
and posts nothing twice (reminders are keyed).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import F, Q
from django.utils.translation import gettext_noop

from fazhi.core.i18n import stored
from fazhi.core.models import AuditEvent, OrgUnit, Reminder, Setting, User
from fazhi.core.roles import Role

from . import dates, rules
from .models import Certificate, CertificateEvent

BATCH = 5000
# Who hears about a certificate besides its holder: the township's leaders and
# the enforcement team (the ones who arrange the exam and renewal).
NOTIFIED_ROLES = (Role.TOWNSHIP_LEADER, Role.ENFORCEMENT_OFFICER, Role.JUDICIAL_OFFICE)


@transaction.atomic
def expire_certificates(today: dt.date) -> int:
    """Every valid or suspended certificate whose expiry date has passed
    becomes expired, with an expiry event dated the day after expiry."""
    stale = Certificate.objects.filter(
        status__in=[Certificate.Status.VALID, Certificate.Status.SUSPENDED], expires_on__lt=today
    )
    rows = list(stale.values_list("pk", "expires_on"))
    if not rows:
        return 0
    events = [
        CertificateEvent(
            certificate_id=pk,
            kind=CertificateEvent.Kind.EXPIRY,
            on=expires + dt.timedelta(days=1),
            reason=gettext_noop("有效期届满，自动失效"),
        )
        for pk, expires in rows
    ]
    CertificateEvent.objects.bulk_create(events, batch_size=BATCH)
    ids = [pk for pk, _ in rows]
    for i in range(0, len(ids), BATCH):
        Certificate.objects.filter(pk__in=ids[i : i + BATCH]).update(
            status=Certificate.Status.EXPIRED, version=F("version") + 1
        )
    AuditEvent.objects.create(
        # Of the certificates as a kind (no one record): the audit log reads
        # the status codes below with Certificate's labels (core.audit).
        content_type=ContentType.objects.get_for_model(Certificate),
        actor_name=gettext_noop("系统"),
        action=AuditEvent.Action.TRANSITION,
        object_repr=gettext_noop("行政执法证到期失效"),
        note=stored(
            gettext_noop("%(day)s：%(count)s张行政执法证有效期届满，状态改为已过期"),
            day=today.isoformat(),
            count=len(ids),
        ),
        changes={"status": ["valid/suspended", "expired"], "count": len(ids)},
    )
    return len(ids)


def _window_by_unit() -> dict[int, int]:
    """Renewal window overrides per unit id (the deepest override wins)."""
    rows = Setting.objects.filter(key=rules.RENEWAL_WINDOW_MONTHS).values_list(
        "unit__path", "value"
    )
    overrides = {path: int(value) for path, value in rows}
    if not overrides:
        return {}
    out: dict[int, int] = {}
    for unit_id, path in OrgUnit.objects.values_list("pk", "path"):
        best = max((p for p in overrides if path.startswith(p)), key=len, default=None)
        if best is not None:
            out[unit_id] = overrides[best]
    return out


def post_renewal_reminders(today: dt.date) -> int:
    """Remind the holder and the township's enforcement staff once for each
    certificate that has entered its renewal window (default 6 months before
    expiry, LAW.md §4 [S]) and has not been renewed."""
    from fazhi.core.rulesettings import REGISTRY

    default = int(REGISTRY[rules.RENEWAL_WINDOW_MONTHS].default)
    overrides = _window_by_unit()
    widest = max([default, *overrides.values()])
    horizon = dates.add_months(today, widest)
    due = (
        Certificate.objects.filter(
            status=Certificate.Status.VALID, expires_on__gte=today, expires_on__lte=horizon
        )
        .filter(Q(renewal__isnull=True))
        .values_list(
            "pk",
            "number",
            "expires_on",
            "unit_id",
            "unit__path",
            "officer__person__name",
            "officer__person__user__pk",
        )
    )
    staff: dict[str, list[int]] = {}
    notified = User.objects.filter(role__in=NOTIFIED_ROLES, is_active=True, home_unit__isnull=False)
    for uid, path, kind, parent_path in notified.values_list(
        "pk", "home_unit__path", "home_unit__kind", "home_unit__parent__path"
    ):
        # Office staff work for their township (the same rule as User.scope_path).
        scope = parent_path if kind == OrgUnit.Kind.DEPARTMENT and parent_path else path
        staff.setdefault(scope, []).append(uid)
    batch: list[Reminder] = []
    for pk, number, expires, unit_id, unit_path, name, holder in due.iterator(chunk_size=BATCH):
        months = overrides.get(unit_id, default)
        if expires > dates.add_months(today, months):
            continue
        recipients: set[int] = {holder} if holder else set()
        for path, users in staff.items():
            # Staff whose scope contains the certificate's unit.
            if unit_path.startswith(path):
                recipients.update(users)
        for uid in recipients:
            batch.append(
                Reminder(
                    user_id=uid,
                    kind=Reminder.Kind.DUE_SOON,
                    key=f"cert:{pk}:renewal:{expires:%Y%m%d}",
                    title=stored(
                        gettext_noop(
                            "%(name)s的行政执法证%(number)s将于%(due)s到期，请报名资格考试并办理换证"
                        ),
                        name=name,
                        number=number,
                        due=expires.isoformat(),
                    ),
                    url=f"/enforcement/certificates/{pk}/",
                )
            )
    created = 0
    for i in range(0, len(batch), BATCH):
        created += len(Reminder.objects.bulk_create(batch[i : i + BATCH], ignore_conflicts=True))
    return created


def daily(today: dt.date) -> dict[str, Any]:
    return {
        "expired": expire_certificates(today),
        "renewal_reminders": post_renewal_reminders(today),
    }
