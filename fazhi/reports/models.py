"""The annual rule-of-law government report (法治政府建设年度报告) and the
precomputed indicator values the county roll-up reads.

A report's text is stored with its figures as placeholders (`{mediation.committees}`),
never as typed numbers; the values are computed from the records while the
report is a draft and frozen into `ReportFigure` rows at the cut-off, so a
published report never changes when records are corrected later.
"""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _

from fazhi.core import inputs
from fazhi.core.models import DetailPage, ScopedManager, ScopedModel, TransitionRecord, user_ref

from . import deadlines
from .deadlines import CLOCK_PUBLISH, CLOCK_SUBMIT


class Level(models.IntegerChoices):
    BODY = 0, _("正文（无标题）")
    HEADING1 = 1, _("一级标题（一、）")
    HEADING2 = 2, _("二级标题（（一））")


class ReportTemplate(ScopedModel):
    """A unit's report structure: its sections and their text templates, as
    data a township edits (rename, reorder, drop, rewrite the wording)."""

    name = models.CharField(_("模板名称"), max_length=100)
    title = models.CharField(
        _("报告标题"),
        max_length=200,
        help_text=_("可使用 {year}、{unit} 占位，如“{year}年{unit}法治政府建设工作情况报告”。"),
    )

    class Meta:
        verbose_name = _("报告模板")
        verbose_name_plural = _("报告模板")
        constraints = [models.UniqueConstraint(fields=["unit"], name="reporttemplate_one_per_unit")]

    def __str__(self) -> str:
        return self.name


class SectionFields(models.Model):
    """What a template section and a report section share."""

    # A section's text is a document's body (core.inputs).
    text_limits: ClassVar[dict[str, int]] = {"text": inputs.DOCUMENT}

    key = models.SlugField(_("标识"), max_length=60)
    title = models.CharField(_("标题"), max_length=200, blank=True)
    level = models.PositiveSmallIntegerField(
        _("层级"), choices=Level.choices, default=Level.HEADING2
    )
    order = models.PositiveSmallIntegerField(_("排序"), default=0)
    mandatory_item = models.PositiveSmallIntegerField(
        _("对应法定内容"),
        default=0,
        help_text=_(
            "《法治政府建设与责任落实督察工作规定》规定年度报告应当报告的五项内容中的第几项"
            "（1–5），0 表示不对应其中任何一项。"
        ),
    )
    included = models.BooleanField(_("纳入报告"), default=True)

    class Meta:
        abstract = True


class TemplateSection(SectionFields):
    template = models.ForeignKey(
        ReportTemplate, on_delete=models.CASCADE, related_name="sections", verbose_name=_("模板")
    )
    text = models.TextField(
        _("文字模板"),
        blank=True,
        help_text=_("数字一律用指标占位，如“已建立调委会{mediation.committees}个”。"),
    )

    class Meta:
        verbose_name = _("模板章节")
        verbose_name_plural = _("模板章节")
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["template", "key"], name="templatesection_unique_key")
        ]

    def __str__(self) -> str:
        return self.title or self.key


class AnnualReport(ScopedModel, DetailPage):
    """One unit's report for one year, reviewed by the next-higher level and
    published (LAW.md §11.2–11.3)."""

    detail_view = "reports:detail"

    class Status(models.TextChoices):
        DRAFT = "draft", _("起草中")
        SUBMITTED = "submitted", _("已报送")
        RETURNED = "returned", _("已退回")
        ACCEPTED = "accepted", _("审核通过")
        PUBLISHED = "published", _("已公开")

    # The allowed transitions, checked in one place (core.steps.move, called by
    # workflow._common.transition).
    TRANSITIONS: ClassVar[dict[str, frozenset[str]]] = {
        Status.DRAFT: frozenset({Status.SUBMITTED}),
        Status.SUBMITTED: frozenset({Status.RETURNED, Status.ACCEPTED}),
        Status.RETURNED: frozenset({Status.SUBMITTED}),
        # The county may take back its acceptance before the report is public
        # (a report it accepted with its text unfinished cannot be published).
        Status.ACCEPTED: frozenset({Status.PUBLISHED, Status.RETURNED}),
        Status.PUBLISHED: frozenset(),
    }
    EDITABLE: ClassVar[frozenset[str]] = frozenset({Status.DRAFT, Status.RETURNED})

    year = models.PositiveSmallIntegerField(_("年度"), db_index=True)
    title = models.CharField(_("标题"), max_length=200)
    status = models.CharField(
        _("状态"), max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    frozen_at = models.DateTimeField(_("冻结时间"), null=True, blank=True)
    frozen_by = user_ref(_("冻结人"))
    submitted_at = models.DateTimeField(_("报送时间"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("审核通过时间"), null=True, blank=True)
    published_at = models.DateTimeField(_("公开时间"), null=True, blank=True)
    review_comment = models.TextField(_("审核意见"), blank=True)
    warnings_note = models.TextField(
        _("缺项说明"), blank=True, help_text=_("报送时缺少法定内容的说明。")
    )

    class Meta:
        verbose_name = _("法治政府建设年度报告")
        verbose_name_plural = _("法治政府建设年度报告")
        ordering = ["-year", "unit__path"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "year"], name="annualreport_unique_unit_year")
        ]
        indexes = [models.Index(fields=["status", "year"], name="annualreport_status_year")]

    def __str__(self) -> str:
        return self.title

    @property
    def is_editable(self) -> bool:
        return self.status in self.EDITABLE

    # The deadlines are the clocks' due dates, never copies kept on the report
    # (a holiday notice recomputes the clocks): see `deadlines`.

    @property
    def submit_due(self) -> dt.date:
        """报送截止日: the due date of the 报送县级 clock."""
        return deadlines.of(self, CLOCK_SUBMIT)[0]

    @property
    def publish_due(self) -> dt.date:
        """公开截止日: the due date of the 向社会公开 clock."""
        return deadlines.of(self, CLOCK_PUBLISH)[0]

    @property
    def submit_due_provisional(self) -> int | None:
        """The year whose holiday notice `submit_due` waits for (暂定), else None."""
        return deadlines.of(self, CLOCK_SUBMIT)[1]

    @property
    def publish_due_provisional(self) -> int | None:
        """The year whose holiday notice `publish_due` waits for (暂定), else None."""
        return deadlines.of(self, CLOCK_PUBLISH)[1]

    @property
    def is_frozen(self) -> bool:
        return self.frozen_at is not None


class ReportSection(SectionFields):
    """A section of one report: the template text it was drafted from and the
    staff's edited text, both with figures as placeholders."""

    scope_field = "report__unit"

    report = models.ForeignKey(
        AnnualReport, on_delete=models.CASCADE, related_name="sections", verbose_name=_("报告")
    )
    template_text = models.TextField(_("模板文字"), blank=True)
    text = models.TextField(_("正文"), blank=True)
    edited = models.BooleanField(_("已人工修改"), default=False)
    version = models.PositiveIntegerField(_("版本"), default=1, editable=False)
    updated_at = models.DateTimeField(_("修改时间"), auto_now=True)
    updated_by = user_ref(_("修改人"))

    objects = ScopedManager()

    class Meta:
        verbose_name = _("报告章节")
        verbose_name_plural = _("报告章节")
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["report", "key"], name="reportsection_unique_key")
        ]

    def __str__(self) -> str:
        return self.title or self.key


class ReportTransition(TransitionRecord):
    """The report's status history: who, when, from, to, why."""

    report = models.ForeignKey(
        AnnualReport, on_delete=models.CASCADE, related_name="transitions", verbose_name=_("报告")
    )
    # A return-for-revision reason can run long; the base's note is 300 characters.
    note = models.TextField(_("说明"), blank=True)

    class Meta(TransitionRecord.Meta):
        verbose_name = _("报告流转记录")
        verbose_name_plural = _("报告流转记录")

    def status_label(self, value: str) -> str:
        return str(AnnualReport.Status(value).label) if value else ""

    @property
    def from_label(self) -> str:
        return self.status_label(self.from_status)

    @property
    def to_label(self) -> str:
        return self.status_label(self.to_status)


class FigureValue(models.Model):
    """A computed figure: a number (`value`) or a text (`text`); `has_records`
    tells a real zero from a year with no records."""

    key = models.CharField(_("指标"), max_length=100)
    value = models.FloatField(_("数值"), null=True, blank=True)
    text = models.TextField(_("文字值"), blank=True)
    has_records = models.BooleanField(_("有记录"), default=True)

    class Meta:
        abstract = True


class ReportFigure(FigureValue):
    """A figure's value frozen with the report at the cut-off."""

    report = models.ForeignKey(
        AnnualReport, on_delete=models.CASCADE, related_name="figures", verbose_name=_("报告")
    )
    label = models.CharField(_("名称"), max_length=100, blank=True)
    unit_label = models.CharField(_("单位"), max_length=20, blank=True)
    is_rate = models.BooleanField(_("比率"), default=False)
    registered = models.BooleanField(_("已登记"), default=True)
    frozen_at = models.DateTimeField(_("冻结时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("冻结指标值")
        verbose_name_plural = _("冻结指标值")
        constraints = [
            models.UniqueConstraint(fields=["report", "key"], name="reportfigure_unique_key")
        ]

    def __str__(self) -> str:
        return f"{self.key}={self.value if self.value is not None else self.text}"


class Shortcoming(models.Model):
    """A problem for section 二 (存在的问题及原因): proposed from the data for
    staff to accept (possibly reworded) or discard, or written by staff."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("待确认")
        ACCEPTED = "accepted", _("已采纳")
        DISCARDED = "discarded", _("已舍弃")

    report = models.ForeignKey(
        AnnualReport, on_delete=models.CASCADE, related_name="shortcomings", verbose_name=_("报告")
    )
    source = models.CharField(
        _("来源"), max_length=100, blank=True, help_text=_("提出该问题的规则；人工添加为空。")
    )
    text = models.TextField(_("问题"))
    cause = models.TextField(_("原因"), blank=True)
    status = models.CharField(
        _("状态"), max_length=20, choices=Status.choices, default=Status.PROPOSED
    )
    order = models.PositiveSmallIntegerField(_("排序"), default=0)
    decided_by = user_ref(_("确认人"))
    decided_at = models.DateTimeField(_("确认时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("存在的问题")
        verbose_name_plural = _("存在的问题")
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["report", "source"],
                condition=~models.Q(source=""),
                name="shortcoming_unique_source",
            )
        ]

    def __str__(self) -> str:
        return self.text[:50]


class IndicatorSnapshot(FigureValue):
    """An indicator's value for a unit and a closed year, precomputed so the
    county (and province) roll-up reads one indexed table instead of scanning
    every module's records. Written by `snapshot_indicators` and, from its
    frozen figures, by publishing a report."""

    class Source(models.TextChoices):
        COMPUTED = "computed", _("定期计算")
        PUBLISHED = "published", _("已公开报告")

    unit = models.ForeignKey(
        "core.OrgUnit", on_delete=models.CASCADE, related_name="+", verbose_name=_("单位")
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    source = models.CharField(
        _("来源"), max_length=20, choices=Source.choices, default=Source.COMPUTED
    )
    computed_at = models.DateTimeField(_("计算时间"), auto_now=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = _("指标快照")
        verbose_name_plural = _("指标快照")
        constraints = [
            models.UniqueConstraint(fields=["unit", "year", "key"], name="indicatorsnapshot_unique")
        ]
        indexes = [models.Index(fields=["year", "key"], name="indicatorsnapshot_year_key")]

    def __str__(self) -> str:
        return f"{self.unit_id}/{self.year}/{self.key}"
