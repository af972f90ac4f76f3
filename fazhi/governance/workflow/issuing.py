"""Normative documents (行政规范性文件) after collective deliberation: unified
registration and number (三统一), publication, and filing with the county.
Drafting to deliberation is in `normative`."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from fazhi.core import audit, numbering, rulesettings, steps
from fazhi.core.errors import RuleViolation
from fazhi.core.i18n import stored

from .. import rules
from ..models import NormativeDocument
from ._common import CLOCK_FILING, _users


@transaction.atomic
def register_number(doc: NormativeDocument, *, on: dt.date, by: Any) -> NormativeDocument:
    """Unified registration and number (统一登记、统一编号): 湘源规〔2024〕1号."""
    doc = steps.lock(doc, by=by)
    if doc.status != NormativeDocument.Status.APPROVED:
        raise RuleViolation(
            _("集体审议通过后才能统一登记编号。"),
            field="deliberated_on",
            rule=rules.THREE_UNIFIED_RULE,
        )
    if doc.doc_no:
        raise RuleViolation(
            _("文件已登记编号：%(doc_no)s。") % {"doc_no": doc.doc_no}, field="doc_no"
        )
    before = audit.snapshot(doc)
    doc.doc_no = numbering.next_number(doc.unit, "normative_document", on.year, "规")
    doc.registered_on = on
    return steps.save_audited(
        doc,
        by=by,
        before=before,
        note=stored(gettext_noop("统一登记编号 %(doc_no)s"), doc_no=doc.doc_no),
        action="update",
        clean=True,
    )


def publication_gaps(doc: NormativeDocument) -> list[str]:
    """What publication still lacks (国办发〔2018〕37号; 湖南“三统一”)."""
    gaps = []
    if not doc.reviewed_on or doc.review_conclusion == NormativeDocument.ReviewConclusion.UNLAWFUL:
        gaps.append(_("合法性审核意见"))
    if not doc.deliberated_on or not doc.deliberation_minutes:
        gaps.append(_("集体审议记录"))
    if not doc.doc_no:
        gaps.append(_("统一编号"))
    return gaps


@transaction.atomic
def publish_document(
    doc: NormativeDocument,
    *,
    on: dt.date,
    effective_on: dt.date,
    by: Any,
    immediate_effect_reason: str = "",
    valid_until: dt.date | None = None,
) -> NormativeDocument:
    """Publish: requires review opinion, deliberation record and number; takes
    effect no sooner than 30 days after publication unless a reason for
    immediate effect is given ([S] 湖南 2018 修正第二十条); starts the 15-day
    filing clock ([S] 第二十二条). The validity period (years ahead, beyond the
    known work calendar) is a stored date reminded by `remind_expiring`."""
    doc = steps.lock(doc, by=by)
    gaps = publication_gaps(doc)
    if gaps:
        raise RuleViolation(
            _("缺少%(missing)s，不能公布。") % {"missing": "、".join(gaps)},
            field="doc_no" if gaps == [_("统一编号")] else "__all__",
            rule=rules.THREE_UNIFIED_RULE,
        )
    steps.check_not_before(on, doc.registered_on, "on", _("公布日期"), _("登记编号日期"))
    reason = immediate_effect_reason.strip()
    min_days = int(rulesettings.get(doc.unit, rules.MIN_DAYS_TO_EFFECT.key))
    earliest = on + dt.timedelta(days=min_days)
    if effective_on < on:
        raise RuleViolation(_("施行日期不能早于公布日期。"), field="effective_on")
    if effective_on < earliest and not reason:
        raise RuleViolation(
            _(
                "施行日期应不早于公布之日起%(min_days)s日（%(earliest)s），确需公布即施行的应写明理由。"
            )
            % {"min_days": min_days, "earliest": format(earliest, "%Y-%m-%d")},
            field="effective_on",
            rule=rules.EFFECT_RULE,
        )
    years = int(rulesettings.get(doc.unit, rules.VALIDITY_YEARS.key))
    until = valid_until or _add_years(effective_on, years) - dt.timedelta(days=1)
    if until <= effective_on:
        raise RuleViolation(_("有效期截止日应晚于施行日期。"), field="valid_until")
    before = audit.snapshot(doc)
    steps.move(doc, NormativeDocument.Status.PUBLISHED)
    doc.published_on = on
    doc.effective_on = effective_on
    doc.immediate_effect_reason = reason
    doc.valid_until = until
    filing_days = int(rulesettings.get(doc.unit, rules.FILING_DAYS.key))
    recipients = _users(by, doc.created_by)
    filing = steps.start_clock(
        doc,
        kind=CLOCK_FILING,
        label=stored(gettext_noop("规范性文件报送备案：%(doc_no)s"), doc_no=doc.doc_no),
        start_date=on,
        length=filing_days,
        unit="calendar",
        by=by,
        legal_basis=rules.FILING_RULE,
        recipients=recipients,
    )
    doc.filing_due = filing.due_date
    return steps.save_audited(
        doc,
        by=by,
        before=before,
        note=stored(
            gettext_noop("公布，%(effective_on)s起施行"),
            effective_on=format(effective_on, "%Y-%m-%d"),
        ),
        clean=True,
    )


def _add_years(d: dt.date, years: int) -> dt.date:
    try:
        return d.replace(year=d.year + years)
    except ValueError:  # 29 February
        return d.replace(year=d.year + years, day=28)


@transaction.atomic
def file_document(
    doc: NormativeDocument, *, on: dt.date, filing_no: str, by: Any
) -> NormativeDocument:
    """Record filing with the county; on time if within the filing clock."""
    doc = steps.lock(doc, by=by)
    if doc.status != NormativeDocument.Status.PUBLISHED or doc.published_on is None:
        raise RuleViolation(_("文件公布后才能报送备案。"))
    if doc.filed_on:
        raise RuleViolation(_("该文件已报送备案。"), field="filed_on")
    steps.check_not_before(on, doc.published_on, "on", _("备案日期"), _("公布日期"))
    before = audit.snapshot(doc)
    c = steps.stop_clock(doc, CLOCK_FILING, on, by)
    doc.filed_on = on
    doc.filing_no = filing_no.strip()
    due = c.due_date if c is not None else doc.filing_due
    doc.filed_on_time = due is None or on <= due
    return steps.save_audited(
        doc,
        by=by,
        before=before,
        note=gettext_noop("报送备案") if doc.filed_on_time else gettext_noop("报送备案（超期）"),
        action="update",
        clean=True,
    )
