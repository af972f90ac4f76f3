"""Major administrative decisions (重大行政决策) and the township's catalogue
of them."""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _

from fazhi.core.models import DetailPage, ScopedModel, optional_ref

from .plan import Meeting


class DecisionCatalogue(ScopedModel, DetailPage):
    """重大行政决策事项目录: the yearly list, published after party-committee consent."""

    detail_view = "governance:catalogue_detail"

    year = models.PositiveSmallIntegerField(_("年度"), db_index=True)
    title = models.CharField(_("目录名称"), max_length=200)
    party_consent_on = models.DateField(_("党委同意日期"), null=True, blank=True)
    published_on = models.DateField(_("公布日期"), null=True, blank=True)
    # Not "items": the audit diff is a dict, and templates read `changes.items`.
    entries = models.TextField(_("目录事项"), help_text=_("每行一项。"))

    class Meta:
        verbose_name = _("重大行政决策事项目录")
        verbose_name_plural = _("重大行政决策事项目录")
        ordering = ["-year", "pk"]

    def __str__(self) -> str:
        return self.title


class MajorDecision(ScopedModel, DetailPage):
    """重大行政决策 through its statutory steps (条例第十条至第三十六条)."""

    detail_view = "governance:decision_detail"

    class Status(models.TextChoices):
        DRAFTING = "drafting", _("起草与公众参与")
        LEGALITY_REVIEW = "legality_review", _("合法性审查")
        READY = "ready", _("待集体讨论")
        DECIDED = "decided", _("已决定")
        REJECTED = "rejected", _("未通过")
        PUBLISHED = "published", _("已公布")
        ARCHIVED = "archived", _("已归档")

    TRANSITIONS: ClassVar[dict[str, set[str]]] = {
        "drafting": {"legality_review"},
        "legality_review": {"ready", "drafting"},
        "ready": {"decided", "rejected"},
        "decided": {"published"},
        "rejected": {"drafting"},
        "published": {"archived"},
        "archived": set(),
    }

    catalogue = optional_ref(DecisionCatalogue, _("事项目录"), related_name="decisions")
    title = models.CharField(_("决策事项"), max_length=200)
    lead_office = optional_ref("core.OrgUnit", _("承办单位"))
    launched_on = models.DateField(_("启动日期"))
    draft_text = models.TextField(_("决策草案"), blank=True)
    status = models.CharField(
        _("状态"), max_length=20, choices=Status.choices, default=Status.DRAFTING, db_index=True
    )
    expert_review_required = models.BooleanField(_("需专家论证"), default=False)
    risk_assessment_required = models.BooleanField(_("需风险评估"), default=False)
    market_related = models.BooleanField(_("涉及市场主体（需公平竞争审查）"), default=False)
    # Public participation (公众参与)
    consultation_start = models.DateField(_("公开征求意见开始日"), null=True, blank=True)
    consultation_end = models.DateField(_("公开征求意见结束日"), null=True, blank=True)
    urgency_reason = models.TextField(_("缩短征求意见期限的紧急理由"), blank=True)
    hearing_on = models.DateField(_("听证日期"), null=True, blank=True)
    hearing_materials_sent_on = models.DateField(_("听证材料送达日期"), null=True, blank=True)
    participation_summary = models.TextField(_("公众意见采纳情况"), blank=True)
    # Expert review and risk assessment
    expert_review_on = models.DateField(_("专家论证日期"), null=True, blank=True)
    expert_summary = models.TextField(_("专家意见采纳情况"), blank=True)
    risk_assessed_on = models.DateField(_("风险评估日期"), null=True, blank=True)
    risk_level = models.CharField(_("风险等级"), max_length=20, blank=True)
    risk_report = models.TextField(_("风险评估报告摘要"), blank=True)
    fair_competition_on = models.DateField(_("公平竞争审查日期"), null=True, blank=True)
    # Legality review (合法性审查)
    review_submitted_on = models.DateField(_("送交合法性审查日期"), null=True, blank=True)
    review_min_end = models.DateField(_("审查最早完成日"), null=True, blank=True)
    reviewed_on = models.DateField(_("合法性审查意见日期"), null=True, blank=True)
    review_opinion = models.TextField(_("合法性审查意见"), blank=True)
    # Collective discussion (集体讨论决定)
    meeting_on = models.DateField(_("集体讨论日期"), null=True, blank=True, db_index=True)
    meeting = optional_ref(Meeting, _("讨论会议"))
    minutes = models.TextField(_("会议纪要"), blank=True)
    dissent = models.TextField(_("不同意见"), blank=True)
    head_spoke_last = models.BooleanField(_("行政首长最后发言"), default=False)
    party_reported_on = models.DateField(_("向党委请示报告日期"), null=True, blank=True)
    published_on = models.DateField(_("公布日期"), null=True, blank=True)
    archived_on = models.DateField(_("归档日期"), null=True, blank=True)
    implementation_notes = models.TextField(_("执行情况"), blank=True)
    post_evaluated_on = models.DateField(_("决策后评估日期"), null=True, blank=True)
    post_evaluation = models.TextField(_("决策后评估结论"), blank=True)

    class Meta:
        verbose_name = _("重大行政决策")
        verbose_name_plural = _("重大行政决策")
        ordering = ["-launched_on", "-pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def had_public_participation(self) -> bool:
        return bool(self.consultation_start or self.hearing_on)
