from __future__ import annotations

from typing import Any

import django_tables2 as tables
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from fazhi.core.i18n import glossed, shown
from fazhi.core.tables import ATTRS, DateColumn, DocumentNumberColumn, linked_column, unit_column

from .models import (
    CultureSite,
    LawExam,
    LawStudy,
    LegalLiterateVillager,
    ModelVillage,
    PlanItem,
    PublicityActivity,
    PublicityPlan,
)


class NamesColumn(tables.ManyToManyColumn):
    """A many-to-many column read from prefetched rows (no query per row): the
    sectors' and topics' names in the reader's language (core.i18n.shown)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("separator", _("、"))  # “, ” in English
        kwargs.setdefault("orderable", False)
        kwargs.setdefault("transform", lambda item: item.display_name)
        super().__init__(*args, **kwargs)


class ShownColumn(tables.Column):
    """A seeded name stored in Chinese (a topic, a campaign, a title the
    workflow wrote) in the reader's language (core.i18n.shown)."""

    def render(self, value: Any) -> Any:
        return shown(value)

    def value(self, value: Any) -> Any:
        return shown(value)


class PlanTable(tables.Table):
    title = tables.Column(linkify=True)
    unit = unit_column()
    doc_no = DocumentNumberColumn()
    n_items = tables.Column(verbose_name=_("项目数"), orderable=False)
    n_done = tables.Column(verbose_name=_("已完成"), orderable=False)

    class Meta:
        model = PublicityPlan
        fields = (
            "title",
            "kind",
            "start_year",
            "end_year",
            "unit",
            "status",
            "adopted_on",
            "doc_no",
        )
        sequence = (
            "title",
            "kind",
            "start_year",
            "end_year",
            "unit",
            "status",
            "adopted_on",
            "doc_no",
            "n_items",
            "n_done",
        )
        attrs = ATTRS


class PlanItemTable(tables.Table):
    title = tables.Column(linkify=True)
    plan = tables.Column(verbose_name=_("计划"), accessor="plan__title")
    topic = ShownColumn(verbose_name=_("宣传主题"), accessor="topic__name")
    target_sectors = NamesColumn(verbose_name=_("宣传对象领域"))
    lead_unit = tables.Column(verbose_name=_("牵头单位"), accessor="lead_unit__name")
    planned_month = DateColumn()
    status = tables.Column()

    class Meta:
        model = PlanItem
        fields = (
            "planned_month",
            "title",
            "topic",
            "target_sectors",
            "lead_unit",
            "budget",
            "status",
            "done_on",
            "plan",
        )
        attrs = ATTRS

    def __init__(self, *args: Any, today: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The overdue flag is relative to today, on the page and in the export.
        self.today = today or timezone.localdate()

    def render_title(self, record: PlanItem) -> Any:
        return record.shown_title  # a campaign's item: 开展“春节期间法治宣传”主题宣传

    def value_title(self, record: PlanItem) -> Any:
        return record.shown_title

    def render_planned_month(self, value: Any) -> Any:
        return date_format(value, "YEAR_MONTH_FORMAT")

    def render_status(self, value: Any, record: PlanItem) -> Any:
        if self.today is not None and record.is_overdue(self.today):
            return format_html('<span class="badge text-bg-danger">{}</span>', _("到期未完成"))
        return record.get_status_display()

    def value_status(self, value: Any, record: PlanItem) -> Any:
        if self.today is not None and record.is_overdue(self.today):
            return str(_("到期未完成"))
        return record.get_status_display()


class ActivityTable(tables.Table):
    title = tables.Column(linkify=True)
    unit = unit_column(_("登记单位"))
    lead_unit = tables.Column(verbose_name=_("牵头单位"), accessor="lead_unit__name")
    topics = NamesColumn(verbose_name=_("宣传主题"))
    sectors = NamesColumn(verbose_name=_("覆盖领域"))
    campaign = ShownColumn(verbose_name=_("主题宣传日"), accessor="campaign__name")

    class Meta:
        model = PublicityActivity
        fields = (
            "date",
            "title",
            "kind",
            "status",
            "topics",
            "sectors",
            "unit",
            "lead_unit",
            "participants",
            "materials",
            "cost",
            "campaign",
        )
        attrs = ATTRS


class CultureSiteTable(tables.Table):
    name = tables.Column(linkify=True)
    unit = unit_column()

    class Meta:
        model = CultureSite
        fields = ("name", "kind", "unit", "location", "opened_on", "last_refreshed_on", "closed_on")
        attrs = ATTRS


class VillagerTable(tables.Table):
    person = linked_column("person__name", _("姓名"))
    unit = unit_column(_("村(社区)"))

    class Meta:
        model = LegalLiterateVillager
        fields = ("person", "unit", "appointed_on", "ended_on", "training_hours")
        attrs = ATTRS


class ModelVillageTable(tables.Table):
    unit = linked_column("unit__name", _("村(社区)"))

    class Meta:
        model = ModelVillage
        fields = ("unit", "level", "awarded_year", "revoked_year", "document_no")
        attrs = ATTRS


class StudyTable(tables.Table):
    title = tables.Column(linkify=True)
    unit = unit_column()
    n_attendees = tables.Column(verbose_name=_("参学人数"), orderable=False)

    class Meta:
        model = LawStudy
        fields = ("date", "kind", "title", "laws", "hours", "unit", "n_attendees")
        attrs = ATTRS

    def render_laws(self, value: Any) -> Any:
        return glossed(value)  # the laws' titles stay Chinese, glossed in English


class ExamTable(tables.Table):
    person = linked_column("person__name", _("姓名"))
    unit = unit_column()
    passed = tables.Column()

    class Meta:
        model = LawExam
        fields = (
            "year",
            "person",
            "unit",
            "sat",
            "exam_date",
            "score",
            "pass_mark",
            "passed",
            "absence_reason",
        )
        attrs = ATTRS

    def render_passed(self, value: Any) -> Any:
        return _("合格") if value else _("不合格")

    def value_passed(self, value: Any) -> Any:
        if value is None:
            return ""
        return str(_("合格") if value else _("不合格"))

    def render_sat(self, value: Any) -> Any:
        return _("是") if value else _("否")

    def value_sat(self, value: Any) -> Any:
        return str(_("是") if value else _("否"))
