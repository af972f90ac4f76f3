"""Officers and their certificates: registration, issue, renewal, suspension,
restoration, revocation, annual review; and the test every enforcement act
passes: two officers, each certified for the case that day."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from django.db import transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from fazhi.core import audit, rulesettings, steps
from fazhi.core import workflow as core_workflow
from fazhi.core.errors import RuleViolation
from fazhi.core.i18n import stored
from fazhi.core.models import Person

from .. import dates, rules
from ..models import (
    Certificate,
    CertificateEvent,
    EnforcementCase,
    EnforcementField,
    ExamRegistration,
    Officer,
)
from ._common import (
    _lock_status,
)


def officer_problem(officer: Officer, case: EnforcementCase, on: dt.date) -> str | None:
    """Why `officer` may not act on `case` on `on`, or None: a certificate valid
    that day (not expired, suspended or revoked) covering the case's field, and
    the case inside the officer's area (LAW.md §3.6; 《行政处罚法》第四十二条、
    第五十五条、第七十六条第五项)."""
    name = officer.person.name
    if not officer.is_active:
        return _("执法人员%(name)s不在岗") % {"name": name}
    departed = officer.person.departed_on  # core.serving: gone from that day
    if departed is not None and departed <= on:
        return _("执法人员%(name)s已于%(day)s离职") % {"name": name, "day": departed.isoformat()}
    if not case.unit.path.startswith(officer.area.path):
        return _("执法人员%(name)s的执法区域（%(area)s）不包括%(unit)s") % {
            "name": name,
            "area": officer.area.name,
            "unit": case.unit.name,
        }
    certs = list(officer.certificates.all())
    valid = Certificate.objects.valid_on(on).filter(officer=officer)
    if not valid.exists():
        if not certs:
            return _("执法人员%(name)s没有行政执法证") % {"name": name}
        latest = max(certs, key=lambda c: c.expires_on)
        if latest.issued_on > on:
            return _("执法人员%(name)s的执法证于%(on)s才发证") % {
                "name": name,
                "on": latest.issued_on.isoformat(),
            }
        if latest.revoked_on and latest.revoked_on <= on:
            return _("执法人员%(name)s的执法证已于%(on)s注销") % {
                "name": name,
                "on": latest.revoked_on.isoformat(),
            }
        if latest.expires_on < on:
            return _("执法人员%(name)s的执法证已于%(on)s到期") % {
                "name": name,
                "on": latest.expires_on.isoformat(),
            }
        return _("执法人员%(name)s的执法证在%(on)s处于暂扣状态") % {
            "name": name,
            "on": on.isoformat(),
        }
    if not valid.filter(fields=case.field).exists():
        return _("执法人员%(name)s的执法证不包括“%(field)s”执法类别") % {
            "name": name,
            "field": case.field.name,
        }
    return None


def check_officers(
    case: EnforcementCase, officers: Sequence[Officer], on: dt.date, *, field: str = "officers"
) -> list[Officer]:
    """At least two officers, each certified for the case on `on`."""
    unique = list({o.pk: o for o in officers}.values())
    if len(unique) < rules.MIN_OFFICERS:
        raise RuleViolation(
            _("执法人员不得少于%(MIN_OFFICERS)s人（本次%(unique)s人）。")
            % {"MIN_OFFICERS": rules.MIN_OFFICERS, "unique": len(unique)},
            field=field,
            rule=rules.ART_42,
        )
    for officer in unique:
        problem = officer_problem(officer, case, on)
        if problem:
            raise RuleViolation(
                _("%(problem)s，不能从事本次执法活动。") % {"problem": problem},
                field=field,
                rule=rules.ART_55,
            )
    return unique


def registrable(people: QuerySet[Person]) -> QuerySet[Person]:
    """Those of `people` who may be registered as an officer: not one already
    (an officer is one person's record, Officer.person). The step checks it
    and the officer form offers it."""
    return people.exclude(Exists(Officer.objects.filter(person=OuterRef("pk"))))


@transaction.atomic
def register_officer(officer: Officer, *, fields: Iterable[EnforcementField], by: Any) -> Officer:
    """Register a cadre as an enforcement officer (no certificate yet)."""
    if not registrable(Person.objects.filter(pk=officer.person_id)).exists():
        raise RuleViolation(_("该人员已登记为执法人员。"), field="person")
    if officer.area_id is None:
        officer.area = officer.unit
    officer = core_workflow.create_record(officer, by=by)
    officer.fields.set(list(fields))
    return officer


def _passed_exam(person_id: int, start: dt.date | None, end: dt.date) -> ExamRegistration | None:
    qs = ExamRegistration.objects.filter(
        person_id=person_id, result=ExamRegistration.Result.PASSED, exam__sitting_on__lte=end
    )
    if start is not None:
        qs = qs.filter(exam__sitting_on__gte=start)
    return qs.select_related("exam").order_by("-exam__sitting_on").first()


def _cert_event(
    cert: Certificate, kind: str, on: dt.date, by: Any, reason: str = "", **extra: Any
) -> None:
    """The certificate's own history row (发证、换发、暂扣、发还、注销、年审), which
    the certificate page and the validity check on a given day read."""
    CertificateEvent.objects.create(
        certificate=cert,
        kind=kind,
        on=on,
        reason=reason,
        by=steps.actor(by),
        **extra,
    )


@transaction.atomic
def issue_certificate(
    officer: Officer,
    *,
    number: str,
    issuing_authority: str,
    issued_on: dt.date,
    fields: Iterable[EnforcementField],
    by: Any,
    document_no: str = "",
) -> Certificate:
    """Issue a first certificate. Requires a passed qualification exam sat on
    or before the issue date (持证上岗, LAW.md §4 [S]); an officer holds one
    current certificate at a time (a later one is a renewal). Valid for the
    configured number of years (default 5, LAW.md §13 #31 [S])."""
    # The officer's row is locked so two clerks cannot issue two current certificates.
    steps.lock(officer, by=by)
    number = steps.require_text(number, "number", _("证件编号"))
    issuing_authority = steps.require_text(issuing_authority, "issuing_authority", _("发证机关"))
    field_list = list(fields)
    if not field_list:
        raise RuleViolation(_("请选择执法证的执法类别。"), field="fields")
    if Certificate.objects.filter(number=number).exists():
        raise RuleViolation(_("证件编号%(number)s已存在。") % {"number": number}, field="number")
    current = officer.certificates.filter(
        status__in=[Certificate.Status.VALID, Certificate.Status.SUSPENDED],
        expires_on__gte=issued_on,
    ).first()
    if current is not None:
        raise RuleViolation(
            _("%(officer)s已持有有效期至%(expires_on)s的执法证%(number)s，请办理换证。")
            % {
                "officer": officer,
                "expires_on": current.expires_on.isoformat(),
                "number": current.number,
            },
            field="number",
        )
    exam = _passed_exam(officer.person_id, None, issued_on)
    if exam is None:
        raise RuleViolation(
            _("%(officer)s在%(issued_on)s前没有合格的行政执法资格考试成绩，不能发证。")
            % {"officer": officer, "issued_on": issued_on.isoformat()},
            field="issued_on",
            # LAW.md §4: qualification exam before the card (持证上岗); no article read.
            rule="《湖南省行政执法人员和行政执法辅助人员管理办法》（湖南省人民政府令第280号）",
        )
    years = int(rulesettings.get(officer.unit, rules.CERT_VALIDITY_YEARS))
    cert = Certificate(
        unit=officer.unit,
        officer=officer,
        number=number,
        issuing_authority=issuing_authority,
        issued_on=issued_on,
        expires_on=dates.certificate_expiry(issued_on, years),
        exam_registration=exam,
    )
    cert = core_workflow.create_record(cert, by=by, note=gettext_noop("发证"))
    cert.fields.set(field_list)
    _cert_event(cert, CertificateEvent.Kind.ISSUE, issued_on, by, document_no=document_no)
    return cert


def renewal_window_start(cert: Certificate) -> dt.date:
    months = int(rulesettings.get(cert.unit, rules.RENEWAL_WINDOW_MONTHS))
    return dates.add_months(cert.expires_on, -months)


@transaction.atomic
def renew_certificate(
    cert: Certificate, *, on: dt.date, number: str, by: Any, issued_on: dt.date | None = None
) -> Certificate:
    """换发: within the renewal window (default the 6 months before expiry,
    LAW.md §4 [S]) and only with the qualification exam passed inside that
    window. The new certificate runs on from the old one's expiry."""
    locked = _lock_status(cert, by, "renew", _("换发"), _("证件"))
    window = renewal_window_start(locked)
    if not (window <= on <= locked.expires_on):
        raise RuleViolation(
            _("换证应在证件有效期届满前的换证期内（%(window)s至%(expires_on)s）办理。")
            % {"window": window.isoformat(), "expires_on": locked.expires_on.isoformat()},
            field="on",
            rule=rulesettings.setting_source(rules.RENEWAL_WINDOW_MONTHS),
        )
    exam = _passed_exam(locked.officer.person_id, window, on)
    if exam is None:
        raise RuleViolation(
            _("%(officer)s在换证期内（%(window)s起）没有合格的行政执法资格考试成绩，不能换证。")
            % {"officer": locked.officer, "window": window.isoformat()},
            field="on",
            rule=rulesettings.setting_source(rules.RENEWAL_WINDOW_MONTHS),
        )
    number = steps.require_text(number, "number", _("新证件编号"))
    if Certificate.objects.filter(number=number).exists():
        raise RuleViolation(_("证件编号%(number)s已存在。") % {"number": number}, field="number")
    start = issued_on or (locked.expires_on + dt.timedelta(days=1))
    years = int(rulesettings.get(locked.unit, rules.CERT_VALIDITY_YEARS))
    new = Certificate(
        unit=locked.unit,
        officer=locked.officer,
        number=number,
        issuing_authority=locked.issuing_authority,
        issued_on=start,
        expires_on=dates.certificate_expiry(start, years),
        previous=locked,
        exam_registration=exam,
    )
    new = core_workflow.create_record(
        new, by=by, note=stored(gettext_noop("换发（原证%(number)s）"), number=locked.number)
    )
    new.fields.set(list(locked.fields.all()))
    _cert_event(
        new,
        CertificateEvent.Kind.RENEWAL,
        on,
        by,
        reason=stored(gettext_noop("由%(number)s换发"), number=locked.number),
    )
    _cert_event(
        locked,
        CertificateEvent.Kind.RENEWAL,
        on,
        by,
        reason=stored(gettext_noop("换发为%(number)s"), number=number),
    )
    audit.record(
        locked, by=by, action="update", note=stored(gettext_noop("换发为%(number)s"), number=number)
    )
    return new


@transaction.atomic
def suspend_certificate(cert: Certificate, *, on: dt.date, reason: str, by: Any) -> Certificate:
    """暂扣: the officer may not enforce until the certificate is restored."""
    locked = _lock_status(cert, by, "suspend", _("暂扣"), _("证件"))
    reason = steps.require_text(reason, "reason", _("暂扣理由"))
    locked.status = Certificate.Status.SUSPENDED
    locked.save(update_fields=["status", "updated_at"])
    _cert_event(locked, CertificateEvent.Kind.SUSPENSION, on, by, reason=reason)
    audit.record(
        locked, by=by, action="transition", changes={"status": ["valid", "suspended"]}, note=reason
    )
    return locked


@transaction.atomic
def restore_certificate(
    cert: Certificate, *, on: dt.date, by: Any, reason: str = ""
) -> Certificate:
    locked = _lock_status(cert, by, "restore", _("发还"), _("证件"))
    open_suspension = locked.events.filter(
        kind=CertificateEvent.Kind.SUSPENSION, until__isnull=True
    ).last()
    if open_suspension is not None:
        steps.check_not_before(on, open_suspension.on, "on", _("发还日期"), _("暂扣日期"))
        open_suspension.until = on
        open_suspension.save(update_fields=["until"])
    locked.status = Certificate.Status.VALID
    locked.save(update_fields=["status", "updated_at"])
    _cert_event(locked, CertificateEvent.Kind.RESTORATION, on, by, reason=reason)
    audit.record(
        locked, by=by, action="transition", changes={"status": ["suspended", "valid"]}, note=reason
    )
    return locked


@transaction.atomic
def revoke_certificate(cert: Certificate, *, on: dt.date, reason: str, by: Any) -> Certificate:
    """注销: from `on` the certificate is no longer valid."""
    locked = _lock_status(cert, by, "revoke", _("注销"), _("证件"))
    reason = steps.require_text(reason, "reason", _("注销理由"))
    steps.check_not_before(on, locked.issued_on, "on", _("注销日期"), _("发证日期"))
    old = locked.status
    locked.status = Certificate.Status.REVOKED
    locked.revoked_on = on
    locked.save(update_fields=["status", "revoked_on", "updated_at"])
    locked.events.filter(kind=CertificateEvent.Kind.SUSPENSION, until__isnull=True).update(until=on)
    _cert_event(locked, CertificateEvent.Kind.REVOCATION, on, by, reason=reason)
    audit.record(
        locked, by=by, action="transition", changes={"status": [old, "revoked"]}, note=reason
    )
    return locked


@transaction.atomic
def annual_review(cert: Certificate, *, on: dt.date, note: str, by: Any) -> Certificate:
    """年审 (Hunan practice UNCONFIRMED, LAW.md §4): recorded as an event only."""
    locked = _lock_status(cert, by, "annual_review", _("年审"), _("证件"))
    _cert_event(locked, CertificateEvent.Kind.ANNUAL_REVIEW, on, by, reason=note)
    audit.record(
        locked,
        by=by,
        action="update",
        note=stored(gettext_noop("年审 %(on)s %(note)s"), on=on.isoformat(), note=note),
    )
    return locked
