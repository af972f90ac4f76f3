"""The unit's report template (structure as data): created from the built-in
one the first time a township edits it, then renamed, reworded, reordered."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext_noop

from fazhi.core import audit, steps
from fazhi.core.i18n import stored
from fazhi.core.models import OrgUnit
from fazhi.core.workflow import check_unit_in_scope

from ..models import ReportTemplate, TemplateSection
from ..queries import template_for


@transaction.atomic
def ensure_template(unit: OrgUnit, *, by: Any = None) -> ReportTemplate:
    """The unit's editable template, created from the built-in one the first time."""
    existing = ReportTemplate.objects.filter(unit=unit).first()
    if existing is not None:
        return existing
    template, rows = template_for(unit)
    template.name = stored(gettext_noop("%(unit)s年度报告模板"), unit=unit.name)
    template.created_by = template.updated_by = steps.actor(by)
    template.save()
    for row in rows:
        row.template = template
    TemplateSection.objects.bulk_create(rows)
    return template


@transaction.atomic
def edit_template_section(
    section: TemplateSection,
    *,
    by: Any,
    title: str,
    text: str,
    order: int,
    level: int,
    included: bool,
    mandatory_item: int,
) -> TemplateSection:
    """A township renames, rewords, reorders or drops a section of its template."""
    steps.check_writer(by)
    check_unit_in_scope(section.template.unit, by)
    before = audit.snapshot(section)
    section.title, section.text, section.order = title.strip(), text, order
    section.level, section.included, section.mandatory_item = level, included, mandatory_item
    section.full_clean(exclude=["template"])
    section.save()
    audit.record(
        section.template,
        by=by,
        action="update",
        changes=audit.diff(before, audit.snapshot(section)),
        note=stored(gettext_noop("修改模板章节“%(section)s”"), section=section),
    )
    return section
