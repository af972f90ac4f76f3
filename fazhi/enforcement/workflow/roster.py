"""行政执法人员名册: an officer and the certificate they already hold, as the
county's roster lists them, recorded or brought up to date in one step.

Unlike `issue_certificate` (a certificate fazhi issues, after the
qualification exam it records), a roster certificate was issued before the
township used fazhi, by the authority the roster names (湖南省人民政府): it
is recorded with the dates on it, its exam is not in fazhi. The certificate
number is its identity (证件编号 is unique): a roster row naming a number
fazhi holds updates that certificate and its officer, never a second one."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from fazhi.core import audit, steps
from fazhi.core import workflow as core_workflow
from fazhi.core.errors import RuleViolation
from fazhi.core.models import OrgUnit, Person

from ..models import Certificate, CertificateEvent, EnforcementField, Officer
from .officers import _cert_event

CREATED, UPDATED, UNCHANGED = "created", "updated", "unchanged"
# Notes and reasons kept on rows are Chinese (shown translated: core.i18n);
# refusals are read by the engine under the default language and shown
# translated in the import's report.
IMPORTED = gettext_noop("执法人员名册导入")


@dataclass
class RosterEntry:
    person: Person
    unit: OrgUnit
    title: str
    fields: Sequence[EnforcementField]
    number: str
    issuing_authority: str
    issued_on: dt.date
    expires_on: dt.date


@transaction.atomic
def record_roster_entry(
    entry: RosterEntry, *, by: Any, today: dt.date | None = None
) -> tuple[Certificate, str]:
    """Record one roster row: the officer (registered if new, their title and
    fields brought to what the roster says) and the certificate (recorded if
    its number is new, else its authority, dates and fields corrected). A
    certificate whose validity ended before `today` is recorded as expired,
    with its expiry event, as the daily expiry job would have left it.
    Returns the certificate and CREATED, UPDATED or UNCHANGED."""
    steps.check_writer(by)
    today = today or steps.today()
    number = steps.require_text(entry.number, "number", _("执法证号"))
    authority = steps.require_text(entry.issuing_authority, "issuing_authority", _("发证机关"))
    steps.check_date(entry.issued_on, "issued_on", _("发证日期"))
    steps.check_not_before(
        entry.expires_on, entry.issued_on, "expires_on", _("有效期至"), _("发证日期")
    )
    if not entry.fields:
        raise RuleViolation(_("请填写执法类别。"), field="fields")
    officer, officer_result = _officer(entry, by)
    cert = Certificate.objects.select_for_update().filter(number=number).first()
    if cert is None:
        cert = _new_certificate(officer, entry, number, authority, by, today)
        return cert, CREATED
    if cert.officer_id != officer.pk:
        raise RuleViolation(
            _("执法证号%(number)s已登记为%(officer)s的证件，与本行姓名不符，请核对。")
            % {"number": number, "officer": cert.officer},
            field="number",
        )
    changed = _update_certificate(cert, entry, authority, by, today)
    return cert, UPDATED if (changed or officer_result == UPDATED) else UNCHANGED


def _officer(entry: RosterEntry, by: Any) -> tuple[Officer, str]:
    officer = Officer.objects.filter(person=entry.person).first()
    wanted = {f.pk for f in entry.fields}
    if officer is None:
        if not entry.person.is_cadre:
            before = audit.snapshot(entry.person)
            entry.person.is_cadre = True
            core_workflow.update_record(entry.person, by=by, version=None, before=before)
        officer = Officer(unit=entry.unit, person=entry.person, title=entry.title, area=entry.unit)
        core_workflow.create_record(officer, by=by, note=IMPORTED)
        officer.fields.set(list(entry.fields))
        return officer, CREATED
    officer = steps.lock(officer, by=by)
    had = set(officer.fields.values_list("pk", flat=True))
    fields_grow = not wanted <= had
    if (entry.title and entry.title != officer.title) or fields_grow:
        before = audit.snapshot(officer)
        if entry.title:
            officer.title = entry.title
        core_workflow.update_record(officer, by=by, version=None, before=before)
        if fields_grow:
            # A roster lists a certificate's fields; the officer keeps any
            # other field they were given in fazhi.
            officer.fields.add(*[f for f in entry.fields if f.pk not in had])
            audit.record(
                officer,
                by=by,
                action="update",
                changes={gettext_noop("执法领域"): [None, "、".join(f.name for f in entry.fields)]},
                note=IMPORTED,
            )
        return officer, UPDATED
    return officer, UNCHANGED


def _new_certificate(
    officer: Officer,
    entry: RosterEntry,
    number: str,
    authority: str,
    by: Any,
    today: dt.date,
) -> Certificate:
    current = (
        officer.certificates.filter(
            status__in=[Certificate.Status.VALID, Certificate.Status.SUSPENDED],
            expires_on__gte=entry.issued_on,
        )
        .exclude(number=number)
        .first()
    )
    if current is not None and entry.expires_on >= today:
        raise RuleViolation(
            _(
                "%(officer)s已持有有效期至%(due)s的执法证%(number)s，"
                "一人只持有一张有效执法证，请核对。"
            )
            % {
                "officer": officer,
                "due": current.expires_on.isoformat(),
                "number": current.number,
            },
            field="number",
        )
    cert = Certificate(
        unit=officer.unit,
        officer=officer,
        number=number,
        issuing_authority=authority,
        issued_on=entry.issued_on,
        expires_on=entry.expires_on,
    )
    cert = core_workflow.create_record(cert, by=by, note=IMPORTED)
    cert.fields.set(list(entry.fields))
    _cert_event(
        cert,
        CertificateEvent.Kind.ISSUE,
        entry.issued_on,
        by,
        reason=gettext_noop("按执法人员名册登记"),
    )
    _expire_if_ended(cert, by, today)
    return cert


def _update_certificate(
    cert: Certificate, entry: RosterEntry, authority: str, by: Any, today: dt.date
) -> bool:
    cert = steps.lock(cert, by=by)
    if cert.status == Certificate.Status.REVOKED:
        raise RuleViolation(
            _("执法证%(number)s已注销，不能按名册更新。") % {"number": cert.number},
            field="number",
        )
    if cert.status == Certificate.Status.EXPIRED and entry.expires_on >= today:
        raise RuleViolation(
            _("执法证%(number)s已过期（有效期至%(due)s），延续有效期请办理换证。")
            % {"number": cert.number, "due": cert.expires_on.isoformat()},
            field="expires_on",
        )
    before = audit.snapshot(cert)
    cert.issuing_authority = authority
    cert.issued_on = entry.issued_on
    cert.expires_on = entry.expires_on
    wanted = {f.pk for f in entry.fields}
    had = set(cert.fields.values_list("pk", flat=True))
    changed_fields = [
        f for f in ("issuing_authority", "issued_on", "expires_on") if before[f] != getattr(cert, f)
    ]
    if changed_fields:
        core_workflow.update_record(cert, by=by, version=None, before=before)
    if wanted != had:
        cert.fields.set(list(entry.fields))
        audit.record(
            cert,
            by=by,
            action="update",
            changes={gettext_noop("执法类别"): [None, "、".join(f.name for f in entry.fields)]},
            note=IMPORTED,
        )
    expired = _expire_if_ended(cert, by, today)
    return bool(changed_fields) or wanted != had or expired


def _expire_if_ended(cert: Certificate, by: Any, today: dt.date) -> bool:
    if cert.expires_on >= today or cert.status not in (
        Certificate.Status.VALID,
        Certificate.Status.SUSPENDED,
    ):
        return False
    old = cert.status
    cert.status = Certificate.Status.EXPIRED
    cert.save(update_fields=["status", "updated_at"])
    _cert_event(
        cert,
        CertificateEvent.Kind.EXPIRY,
        cert.expires_on + dt.timedelta(days=1),
        by,
        reason=gettext_noop("有效期届满（按执法人员名册登记）"),
    )
    audit.record(cert, by=by, action="transition", changes={"status": [old, "expired"]})
    return True
