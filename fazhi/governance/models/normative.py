"""Normative documents (行政规范性文件) and their cleanup rounds (文件清理)."""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _

from fazhi.core import inputs
from fazhi.core.models import DetailPage, ScopedModel, optional_ref, user_ref

from .plan import Meeting


class NormativeDocument(ScopedModel, DetailPage):
    """行政规范性文件 through its gates: consultation → legality review →
    collective deliberation → unified number → publication → filing → cleanup."""

    detail_view = "governance:document_detail"
    # 主要内容: the document's substance, longer than a note (core.inputs).
    text_limits: ClassVar[dict[str, int]] = {"summary": inputs.RECORD}

    class Status(models.TextChoices):
        DRAFT = "draft", _("起草")
        CONSULTATION = "consultation", _("征求意见")
        LEGALITY_REVIEW = "legality_review", _("合法性审核")
        DELIBERATION = "deliberation", _("待集体审议")
        APPROVED = "approved", _("审议通过")
        PUBLISHED = "published", _("已公布")
        REPEALED = "repealed", _("已废止")
        EXPIRED = "expired", _("已失效")

    TRANSITIONS: ClassVar[dict[str, set[str]]] = {
        "draft": {"consultation"},
        "consultation": {"legality_review"},
        "legality_review": {"deliberation", "draft"},
        "deliberation": {"approved", "draft"},
        "approved": {"published"},
        "published": {"repealed", "expired"},
        "repealed": set(),
        "expired": set(),
    }

    class ReviewConclusion(models.TextChoices):
        LAWFUL = "lawful", _("合法，同意提交审议")
        LAWFUL_WITH_CHANGES = "with_changes", _("修改后合法")
        UNLAWFUL = "unlawful", _("不合法，退回起草")

    title = models.CharField(_("文件名称"), max_length=200)
    drafting_office = optional_ref("core.OrgUnit", _("起草单位"))
    summary = models.TextField(_("主要内容"), blank=True)
    market_related = models.BooleanField(
        _("涉及市场主体"),
        default=False,
        help_text=_("涉及市场主体经营活动的，征求意见不少于30日。"),
    )
    status = models.CharField(
        _("状态"), max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    # Consultation (征求意见)
    consultation_start = models.DateField(_("征求意见开始日"), null=True, blank=True)
    consultation_min_end = models.DateField(_("征求意见最早截止日"), null=True, blank=True)
    consultation_end = models.DateField(_("征求意见结束日"), null=True, blank=True)
    consultation_summary = models.TextField(_("意见采纳情况"), blank=True)
    # Legality review (合法性审核)
    reviewer = user_ref(_("审核人"))
    review_submitted_on = models.DateField(_("送审日期"), null=True, blank=True)
    review_due = models.DateField(_("审核截止日"), null=True, blank=True)
    reviewed_on = models.DateField(_("审核意见日期"), null=True, blank=True)
    review_conclusion = models.CharField(
        _("审核结论"), max_length=20, choices=ReviewConclusion.choices, blank=True
    )
    review_opinion = models.TextField(_("审核意见"), blank=True)
    flags_licence = models.BooleanField(_("设定行政许可"), default=False)
    flags_penalty = models.BooleanField(_("设定行政处罚"), default=False)
    flags_compulsion = models.BooleanField(_("设定行政强制"), default=False)
    flags_fee = models.BooleanField(_("设定收费"), default=False)
    flag_reason = models.TextField(_("违法设定事项说明"), blank=True)
    # Collective deliberation (集体审议)
    deliberated_on = models.DateField(_("审议日期"), null=True, blank=True)
    meeting = optional_ref(Meeting, _("审议会议"))
    deliberation_minutes = models.TextField(_("审议纪要"), blank=True)
    # Unified number, publication, effect
    doc_no = models.CharField(_("统一编号"), max_length=60, blank=True, db_index=True)
    registered_on = models.DateField(_("登记日期"), null=True, blank=True)
    published_on = models.DateField(_("公布日期"), null=True, blank=True, db_index=True)
    effective_on = models.DateField(_("施行日期"), null=True, blank=True)
    immediate_effect_reason = models.TextField(_("公布即施行理由"), blank=True)
    valid_until = models.DateField(_("有效期至"), null=True, blank=True, db_index=True)
    # Filing (备案)
    filing_due = models.DateField(_("备案截止日"), null=True, blank=True)
    filed_on = models.DateField(_("报送备案日期"), null=True, blank=True)
    filing_no = models.CharField(_("备案登记号"), max_length=60, blank=True)
    filed_on_time = models.BooleanField(_("按时备案"), null=True, blank=True)
    repealed_on = models.DateField(_("废止日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("行政规范性文件")
        verbose_name_plural = _("行政规范性文件")
        ordering = ["-published_on", "-pk"]
        indexes = [
            models.Index(fields=["status", "published_on"], name="normdoc_status_pub"),
            models.Index(fields=["unit", "status"], name="normdoc_unit_status"),
        ]

    def __str__(self) -> str:
        return f"{self.title}（{self.doc_no}）" if self.doc_no else self.title

    @property
    def flagged(self) -> bool:
        return self.flags_licence or self.flags_penalty or self.flags_compulsion or self.flags_fee


class CleanupRound(ScopedModel, DetailPage):
    """清理: a periodic review of documents in force, with its published list."""

    detail_view = "governance:cleanup_detail"

    class Status(models.TextChoices):
        OPEN = "open", _("清理中")
        PUBLISHED = "published", _("已公布结果")

    year = models.PositiveSmallIntegerField(_("年度"), db_index=True)
    title = models.CharField(_("清理名称"), max_length=200)
    started_on = models.DateField(_("开始日期"))
    trigger = models.CharField(_("清理原因"), max_length=200, blank=True)
    status = models.CharField(_("状态"), max_length=20, choices=Status.choices, default=Status.OPEN)
    published_on = models.DateField(_("结果公布日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("规范性文件清理")
        verbose_name_plural = _("规范性文件清理")
        ordering = ["-started_on", "-pk"]

    def __str__(self) -> str:
        return self.title


class CleanupDecision(models.Model):
    """One document's outcome in a cleanup round."""

    class Outcome(models.TextChoices):
        KEEP = "keep", _("继续有效")
        AMEND = "amend", _("修改")
        REPEAL = "repeal", _("废止")

    scope_field: ClassVar[str] = "round__unit"

    round = models.ForeignKey(
        CleanupRound, on_delete=models.CASCADE, related_name="decisions", verbose_name=_("清理")
    )
    document = models.ForeignKey(
        NormativeDocument, on_delete=models.PROTECT, related_name="cleanups", verbose_name=_("文件")
    )
    outcome = models.CharField(_("清理结果"), max_length=10, choices=Outcome.choices)
    reason = models.CharField(_("理由"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("清理结果")
        verbose_name_plural = _("清理结果")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["round", "document"], name="cleanup_once_per_round")
        ]

    def __str__(self) -> str:
        return f"{self.document}：{self.get_outcome_display()}"
