"""规范性文件目录: a document issued before fazhi, entered from the township's
catalogue (issue 18). It did not pass the gates in fazhi — consultation,
review, deliberation happened on paper — so it is recorded as it stands:
published (有效), expired (失效) or repealed (废止) on the catalogue's dates,
its filing on time or late by the filing period in force
(《湖南省规范性文件管理办法》第二十二条), its 文号 reserved in the unified
numbering so fazhi never issues it again.

The 文号 identifies the document: a catalogue naming one fazhi already holds
fills what the record lacks and takes a later state (有效 → 失效/废止), but
never overwrites a date or fact fazhi recorded differently — that is refused,
naming the column, for the clerk to check against the file."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from fazhi.core import audit, numbering, rulesettings, steps
from fazhi.core.errors import RuleViolation
from fazhi.core.models import NumberSequence, OrgUnit
from fazhi.core.scope import unit_in_scope

from .. import rules
from ..models import NormativeDocument, check_issuing_unit

CREATED, UPDATED, UNCHANGED = "created", "updated", "unchanged"
NUMBER_KIND = "normative_document"  # register_number's counter
NOTE = gettext_noop("由规范性文件目录导入")
S = NormativeDocument.Status


@dataclass
class CatalogueEntry:
    title: str
    doc_no: str
    published_on: dt.date
    status: str = S.PUBLISHED  # published (有效), expired (失效) or repealed (废止)
    effective_on: dt.date | None = None
    drafting_office: OrgUnit | None = None
    reviewed: bool | None = None  # 经合法性审核
    reviewed_on: dt.date | None = None
    filed_on: dt.date | None = None
    filing_no: str = ""
    ended_on: dt.date | None = None  # 失效/废止日期
    summary: str = ""


def _check(entry: CatalogueEntry, unit: OrgUnit, by: Any) -> None:
    steps.check_writer(by, _("登记规范性文件"))
    if not unit_in_scope(by, unit):
        raise RuleViolation(_("所属单位不存在或不在您的管辖范围内。"), field="unit")
    try:
        check_issuing_unit(unit, _("行政规范性文件"))
    except ValidationError as exc:
        raise RuleViolation(exc.messages[0], field="unit") from None
    steps.require_text(entry.title, "title", _("文件名称"))
    steps.require_text(entry.doc_no, "doc_no", _("文号"))
    if entry.status not in (S.PUBLISHED, S.EXPIRED, S.REPEALED):
        raise RuleViolation(_("有效状态应为有效、失效或废止。"), field="status")
    pub = entry.published_on
    for when, field, label in (
        (entry.effective_on, "effective_on", _("施行日期")),
        (entry.filed_on, "filed_on", _("报备日期")),
        (entry.ended_on, "repealed_on", _("失效/废止日期")),
    ):
        if when is not None and when < pub:
            raise RuleViolation(
                _("%(label)s%(date)s早于发布日期%(published)s。")
                % {"label": label, "date": when.isoformat(), "published": pub.isoformat()},
                field=field,
            )
    if entry.reviewed_on is not None and entry.reviewed_on > pub:
        raise RuleViolation(
            _("合法性审核日期%(date)s晚于发布日期%(published)s（应先审核后发布）。")
            % {"date": entry.reviewed_on.isoformat(), "published": pub.isoformat()},
            field="reviewed_on",
        )
    if entry.ended_on is not None and entry.status == S.PUBLISHED:
        raise RuleViolation(_("有效的文件不应有失效/废止日期。"), field="repealed_on")


def _catalogue_values(entry: CatalogueEntry, unit: OrgUnit) -> dict[str, Any]:
    """The record's fields as the catalogue states them (None: not stated)."""
    filing_days = int(rulesettings.get(unit, rules.FILING_DAYS.key))
    filing_due = entry.published_on + dt.timedelta(days=filing_days)
    values: dict[str, Any] = {
        "title": entry.title.strip(),
        "doc_no": entry.doc_no.strip(),
        "published_on": entry.published_on,
        "effective_on": entry.effective_on,
        "drafting_office": entry.drafting_office,
        "filing_due": filing_due,
        "filed_on": entry.filed_on,
        "filing_no": entry.filing_no.strip() or None,
        "filed_on_time": (entry.filed_on <= filing_due) if entry.filed_on else None,
        "reviewed_on": entry.reviewed_on,
        "review_conclusion": NormativeDocument.ReviewConclusion.LAWFUL if entry.reviewed else None,
        "repealed_on": entry.ended_on,
        "summary": entry.summary.strip() or None,
    }
    if entry.effective_on is not None:
        years = int(rulesettings.get(unit, rules.VALIDITY_YEARS.key))
        until = entry.effective_on.replace(year=entry.effective_on.year + years)
        values["valid_until"] = until - dt.timedelta(days=1)
    return values


def _reserve_number(doc_no: str, unit: OrgUnit) -> None:
    """A 文号 in fazhi's own form (湘源规〔2024〕3号) raises the year's counter
    to at least its number, so register_number never issues it again."""
    issuer = numbering.issuer(unit)
    prefix = re.escape(f"{issuer.abbreviation or issuer.name}规")
    match = re.fullmatch(prefix + r"〔(\d{4})〕(\d+)号", doc_no.replace(" ", ""))
    if match is None:
        return
    year, value = int(match.group(1)), int(match.group(2))
    NumberSequence.objects.bulk_create(
        [NumberSequence(unit=issuer, kind=NUMBER_KIND, year=year, last_value=0)],
        ignore_conflicts=True,
    )
    seq = NumberSequence.objects.select_for_update().get(unit=issuer, kind=NUMBER_KIND, year=year)
    if seq.last_value < value:
        seq.last_value = value
        seq.save(update_fields=["last_value"])


LABELS = {
    "title": ("title", gettext_noop("文件名称")),
    "published_on": ("published_on", gettext_noop("发布日期")),
    "effective_on": ("effective_on", gettext_noop("施行日期")),
    "drafting_office": ("drafting_office", gettext_noop("制定机关/起草单位")),
    "filed_on": ("filed_on", gettext_noop("报备日期")),
    "filing_no": ("filed_on", gettext_noop("备案情况")),
    "reviewed_on": ("reviewed_on", gettext_noop("合法性审核情况")),
    "review_conclusion": ("reviewed_on", gettext_noop("合法性审核情况")),
    "repealed_on": ("repealed_on", gettext_noop("失效/废止日期")),
    "summary": ("summary", gettext_noop("主要内容")),
}
# Derived from the fields above: follow them, never compared on their own.
DERIVED = ("filing_due", "filed_on_time", "valid_until", "doc_no")


@transaction.atomic
def record_catalogue_entry(
    entry: CatalogueEntry, *, unit: OrgUnit, by: Any
) -> tuple[NormativeDocument, str]:
    """Enter one document of the catalogue, or bring the document fazhi holds
    under the same 文号 up to it. Returns the document and CREATED, UPDATED
    or UNCHANGED. Rules: only a township (or county) government issues a
    normative document (《湖南省规范性文件管理办法》第五条); dates follow
    publication (review before, effect, filing and end after); filed on time
    means within the filing period after publication (第二十二条); a state only
    moves forward along NormativeDocument.TRANSITIONS (有效 → 失效/废止)."""
    _check(entry, unit, by)
    wanted = _catalogue_values(entry, unit)
    existing = (
        NormativeDocument.objects.select_for_update()
        .filter(unit__path__startswith=numbering.issuer(unit).path, doc_no=wanted["doc_no"])
        .order_by("pk")
        .first()
    )
    if existing is None:
        doc = NormativeDocument(
            unit=unit,
            status=entry.status,
            **{k: (v if v is not None else _blank(k)) for k, v in wanted.items()},
            created_by=steps.actor(by),
            updated_by=steps.actor(by),
        )
        doc.full_clean()
        doc.save()
        _reserve_number(doc.doc_no, unit)
        audit.record(
            doc, by=by, action="create", changes=audit.diff({}, audit.snapshot(doc)), note=NOTE
        )
        return doc, CREATED
    if not NormativeDocument.objects.visible_to(by).filter(pk=existing.pk).exists():  # type: ignore[attr-defined]
        raise RuleViolation(
            _("文号%(doc_no)s已由其他单位登记，请核对。") % {"doc_no": entry.doc_no},
            field="doc_no",
        )
    doc = steps.lock(existing, by=by)
    before = audit.snapshot(doc)
    changed = False
    for name, value in wanted.items():
        if value is None or name in DERIVED:
            continue
        current = getattr(doc, name)
        if current in (None, ""):
            setattr(doc, name, value)
            changed = True
        elif current != value:
            field, label = LABELS.get(name, (name, name))
            shown = current.isoformat() if hasattr(current, "isoformat") else str(current)
            raise RuleViolation(
                _("系统中该文件的%(label)s为“%(value)s”，与目录不同；请核对原件后在系统中更正。")
                % {"label": _(label), "value": shown},
                field=field,
            )
    if entry.status != doc.status:
        if entry.status not in NormativeDocument.TRANSITIONS.get(doc.status, set()):
            raise RuleViolation(
                _("系统中该文件为“%(current)s”，不能按目录改为“%(wanted)s”。")
                % {"current": doc.get_status_display(), "wanted": S(entry.status).label},
                field="status",
            )
        doc.status = entry.status
        changed = True
    if not changed:
        return doc, UNCHANGED
    # What follows from the dates now known.
    if doc.filing_due is None:
        doc.filing_due = wanted["filing_due"]
    if doc.filed_on is not None and doc.filing_due is not None and doc.filed_on_time is None:
        doc.filed_on_time = doc.filed_on <= doc.filing_due
    if doc.valid_until is None and "valid_until" in wanted:
        doc.valid_until = wanted["valid_until"]
    doc = steps.save_audited(doc, by=by, before=before, action="update", note=NOTE, clean=True)
    return doc, UPDATED


def _blank(name: str) -> Any:
    return None if getattr(NormativeDocument._meta.get_field(name), "null", False) else ""
