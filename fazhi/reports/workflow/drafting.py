"""Drafting the annual report: generated from the unit's template and the
records, drafted again, and its sections edited by staff."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from fazhi.core import audit, steps
from fazhi.core.errors import RuleViolation
from fazhi.core.i18n import stored
from fazhi.core.models import OrgUnit
from fazhi.core.workflow import check_unit_in_scope

from .. import queries, render, rules
from ..deadlines import CLOCK_PUBLISH, CLOCK_SUBMIT, deadline
from ..models import AnnualReport, ReportSection, ReportTransition
from ..queries import template_for
from ._common import (
    REPORTING_KINDS,
    Status,
    check_editable,
    start_clock,
    store_new_figures,
    when_done,
)
from .templates import ensure_template


def _copy_sections(report: AnnualReport, rows: list[Any], keep_edits: bool) -> None:
    existing = {s.key: s for s in report.sections.all()}
    keep = set()
    for row in rows:
        section = existing.get(row.key)
        if section is None:
            section = ReportSection(report=report, key=row.key)
        if not (keep_edits and section.pk and section.edited):
            section.text = row.text
            section.edited = False
            section.title = row.title
            section.level = row.level
            section.order = row.order
            section.included = row.included
        section.template_text = row.text
        section.mandatory_item = row.mandatory_item
        if section.pk:
            section.version += 1
        section.save()
        keep.add(row.key)
    for key, section in existing.items():
        if key not in keep and not (keep_edits and section.edited):
            section.delete()


@transaction.atomic
def generate_draft(
    unit: OrgUnit, year: int, *, by: Any, at: dt.datetime | None = None
) -> AnnualReport:
    """Draft the unit's report for `year` from its template and the records,
    and start the submission and publication clocks (LAW.md §11.2–11.3).
    `at`: a draft recorded afterwards (`_common.when_done`), within or after
    the year it reports on."""
    steps.check_writer(by)
    check_unit_in_scope(unit, by)
    if unit.kind not in REPORTING_KINDS:
        raise RuleViolation(
            _("只有乡镇人民政府和县人民政府编制法治政府建设年度报告。"), field="unit"
        )
    today = steps.today()
    if year > today.year or year < 2000:
        raise RuleViolation(
            _("年度应在2000年至%(year)s年之间。") % {"year": today.year}, field="year"
        )
    if AnnualReport.objects.filter(unit=unit, year=year).exists():
        raise RuleViolation(
            _("%(name)s%(year)s年度报告已存在，请打开后重新生成草稿。")
            % {"name": unit.name, "year": year},
            field="year",
        )
    done = when_done(None, at)
    if at is not None and timezone.localdate(done).year < year:
        raise RuleViolation(
            _("%(year)s年度报告的起草时间不能早于%(year)s年。") % {"year": year}, field="at"
        )
    ensure_template(unit, by=by)
    template, rows = template_for(unit)
    ctx = queries.context(unit, year)
    report = AnnualReport.objects.create(
        unit=unit,
        year=year,
        title=render.render_title(template.title, ctx),
        created_by=steps.actor(by),
        updated_by=steps.actor(by),
    )
    _copy_sections(report, rows, keep_edits=False)
    row = ReportTransition.objects.create(
        report=report, to_status=Status.DRAFT, by=steps.actor(by), note=gettext_noop("生成草稿")
    )
    if at is not None:  # auto_now_add: the act's time is set after the insert
        ReportTransition.objects.filter(pk=row.pk).update(at=done)
    audit.record(
        report,
        by=by,
        action="create",
        note=gettext_noop("根据记录生成年度报告草稿"),
        done_at=None if at is None else done,
    )
    # The clocks hold the deadlines: the report keeps no copy (reports.deadlines).
    start_clock(
        report,
        CLOCK_SUBMIT,
        gettext_noop("报送县级"),
        deadline(unit, year, rules.SUBMIT_BY),
        rules.SUBMIT_BY.source,
        by,
    )
    start_clock(
        report,
        CLOCK_PUBLISH,
        gettext_noop("向社会公开"),
        deadline(unit, year, rules.PUBLISH_BY),
        rules.RULE_PUBLISH,
        by,
    )
    return report


@transaction.atomic
def regenerate_draft(report: AnnualReport, *, by: Any, keep_edits: bool = True) -> AnnualReport:
    """Draft again from the template and today's records: the freeze is
    lifted; sections staff edited are kept unless `keep_edits` is False."""
    locked = steps.lock(report, by=by)
    check_editable(locked)
    _template, rows = template_for(locked.unit)
    _copy_sections(locked, rows, keep_edits=keep_edits)
    locked.figures.all().delete()
    locked.frozen_at = None
    locked.frozen_by = None
    steps.touch(locked, by, ["frozen_at", "frozen_by"])
    audit.record(
        locked,
        by=by,
        action="update",
        note=gettext_noop("重新生成草稿（保留人工修改）")
        if keep_edits
        else gettext_noop("重新生成草稿（放弃人工修改）"),
    )
    return steps.sync(report, locked)


@transaction.atomic
def edit_section(
    section: ReportSection,
    *,
    by: Any,
    version: int | None,
    text: str | None = None,
    title: str | None = None,
    included: bool | None = None,
    order: int | None = None,
) -> ReportSection:
    """Staff edit a section's wording, title, order or inclusion. Figures stay
    placeholders, so a reworded sentence keeps its reference; a stale edit
    (another editor saved first) is refused."""
    report = steps.lock(section.report, by=by)
    check_editable(report)
    current = steps.lock(section, version=version)
    before = audit.snapshot(current, ["title", "text", "included", "order"])
    if text is not None:
        if text != current.text:
            current.edited = True
        current.text = text
    if title is not None:
        current.title = title.strip()
    if included is not None:
        current.included = included
    if order is not None:
        current.order = order
    current.version += 1
    current.updated_by = steps.actor(by)
    current.save()
    if report.is_frozen:
        store_new_figures(report, current.text)
    audit.record(
        report,
        by=by,
        action="update",
        changes={
            f"{current.key}.{k}": v
            for k, v in audit.diff(before, audit.snapshot(current, list(before))).items()
        },
        note=stored(gettext_noop("修改章节“%(value)s”"), value=current.title or current.key),
    )
    section.refresh_from_db()
    return current
