"""Supervision checks, case-file evaluations, the rectification of their
findings, and the annual assessment with its items and scores."""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _

from fazhi.core.models import DetailPage, ScopedModel, optional_ref, ref, user_ref

from ._common import check_new_assignee


class SupervisionCheck(ScopedModel, DetailPage):
    """行政执法监督检查: an inspection of enforcement work of a unit."""

    detail_view = "governance:check_detail"

    class Kind(models.TextChoices):
        ROUTINE = "routine", _("日常监督")
        SPECIAL = "special", _("专项检查")
        COMPLAINT = "complaint", _("投诉核查")

    title = models.CharField(_("检查名称"), max_length=200)
    kind = models.CharField(_("检查类别"), max_length=20, choices=Kind.choices)
    checked_unit = ref("core.OrgUnit", _("被检查单位"))
    checked_on = models.DateField(_("检查日期"), db_index=True)
    inspectors = models.CharField(_("检查人员"), max_length=200, blank=True)
    summary = models.TextField(_("检查情况"), blank=True)

    class Meta:
        verbose_name = _("执法监督检查")
        verbose_name_plural = _("执法监督检查")
        ordering = ["-checked_on", "-pk"]

    def __str__(self) -> str:
        return self.title


class CaseFileEvaluation(ScopedModel, DetailPage):
    """案卷评查: the review of a closed enforcement case file."""

    detail_view = "governance:evaluation_detail"

    class Grade(models.TextChoices):
        EXCELLENT = "excellent", _("优秀")
        QUALIFIED = "qualified", _("合格")
        UNQUALIFIED = "unqualified", _("不合格")

    case_ref = models.CharField(_("案件编号"), max_length=100)
    case_title = models.CharField(_("案件名称"), max_length=200)
    evaluated_on = models.DateField(_("评查日期"), db_index=True)
    evaluator = models.CharField(_("评查人"), max_length=100, blank=True)
    score = models.DecimalField(_("得分"), max_digits=5, decimal_places=1)
    grade = models.CharField(_("等次"), max_length=20, choices=Grade.choices)
    summary = models.TextField(_("评查意见"), blank=True)

    class Meta:
        verbose_name = _("案卷评查")
        verbose_name_plural = _("案卷评查")
        ordering = ["-evaluated_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.case_ref} {self.case_title}"


class Rectification(ScopedModel, DetailPage):
    """整改: a fix ordered for one finding, with owner and deadline (a clock)."""

    detail_view = "governance:rectification_detail"

    class Status(models.TextChoices):
        OPEN = "open", _("整改中")
        CLOSED = "closed", _("已整改销号")

    check_record = optional_ref(
        SupervisionCheck, _("监督检查"), on_delete=models.CASCADE, related_name="rectifications"
    )
    evaluation = optional_ref(
        CaseFileEvaluation, _("案卷评查"), on_delete=models.CASCADE, related_name="rectifications"
    )
    finding = models.TextField(_("发现问题"))
    requirement = models.TextField(_("整改要求"), blank=True)
    owner_user = user_ref(_("整改责任人"))
    ordered_on = models.DateField(_("下达日期"))
    deadline = models.DateField(_("整改期限"))
    due_date = models.DateField(_("截止日"), null=True, blank=True, editable=False, db_index=True)
    status = models.CharField(
        _("状态"), max_length=20, choices=Status.choices, default=Status.OPEN, db_index=True
    )
    closed_on = models.DateField(_("销号日期"), null=True, blank=True)
    closure_note = models.TextField(_("整改情况"), blank=True)

    class Meta:
        verbose_name = _("整改")
        verbose_name_plural = _("整改")
        ordering = ["due_date", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(check_record__isnull=False) | models.Q(evaluation__isnull=False),
                name="rectification_has_source",
            )
        ]

    def __str__(self) -> str:
        return self.finding[:60]

    def clean(self) -> None:
        check_new_assignee(self)


class Assessment(ScopedModel, DetailPage):
    """依法行政考核: the year's assessment with its indicator set."""

    detail_view = "governance:assessment_detail"

    year = models.PositiveSmallIntegerField(_("年度"), db_index=True)
    title = models.CharField(_("考核名称"), max_length=200)

    class Meta:
        verbose_name = _("依法行政考核")
        verbose_name_plural = _("依法行政考核")
        ordering = ["-year", "pk"]

    def __str__(self) -> str:
        return self.title


class AssessmentItem(models.Model):
    """One scored item of an assessment (考核指标). When `source_key` names a
    report indicator that is a rate, the score is computed from the records:
    max_score × rate / 100; otherwise the score is entered with evidence."""

    scope_field: ClassVar[str] = "assessment__unit"

    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="items", verbose_name=_("考核")
    )
    name = models.CharField(_("考核指标"), max_length=200)
    max_score = models.DecimalField(_("分值"), max_digits=5, decimal_places=1)
    source_key = models.CharField(_("数据来源指标"), max_length=80, blank=True)
    order = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("考核指标")
        verbose_name_plural = _("考核指标")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.name


class AssessmentScore(models.Model):
    """A score of one item for one department or village."""

    scope_field: ClassVar[str] = "assessment__unit"

    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="scores", verbose_name=_("考核")
    )
    item = models.ForeignKey(
        AssessmentItem, on_delete=models.CASCADE, related_name="scores", verbose_name=_("考核指标")
    )
    target = ref("core.OrgUnit", _("被考核单位"))
    score = models.DecimalField(_("得分"), max_digits=5, decimal_places=1)
    computed = models.BooleanField(_("系统计算"), default=False)
    evidence = models.TextField(_("依据/佐证"), blank=True)

    class Meta:
        verbose_name = _("考核得分")
        verbose_name_plural = _("考核得分")
        constraints = [
            models.UniqueConstraint(fields=["item", "target"], name="assessment_score_once")
        ]

    def __str__(self) -> str:
        return f"{self.target} {self.item}: {self.score}"
