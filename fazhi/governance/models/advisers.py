"""Legal advisers (政府法律顾问) and the matters sent to them."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from fazhi.core.models import DetailPage, ScopedModel, optional_ref

from .normative import NormativeDocument


class LegalAdviser(ScopedModel, DetailPage):
    """政府法律顾问 / 公职律师 and the contract that engages them."""

    detail_view = "governance:adviser_detail"

    class Kind(models.TextChoices):
        LAWYER = "lawyer", _("执业律师")
        PUBLIC_LAWYER = "public_lawyer", _("公职律师")
        EXPERT = "expert", _("法学专家")

    name = models.CharField(_("姓名"), max_length=50)
    kind = models.CharField(_("类别"), max_length=20, choices=Kind.choices, default=Kind.LAWYER)
    firm = models.CharField(_("所在律所/单位"), max_length=100, blank=True)
    contract_no = models.CharField(_("聘用合同编号"), max_length=60, blank=True)
    term_start = models.DateField(_("聘期开始"))
    term_end = models.DateField(_("聘期结束"))
    scope = models.TextField(_("服务范围"), blank=True)
    units_served = models.ManyToManyField(
        "core.OrgUnit", blank=True, related_name="+", verbose_name=_("服务单位")
    )
    fee = models.DecimalField(
        _("年服务费（元）"), max_digits=10, decimal_places=2, null=True, blank=True
    )

    class Meta:
        verbose_name = _("法律顾问")
        verbose_name_plural = _("法律顾问")
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return f"{self.name}（{self.firm}）" if self.firm else self.name


class Consultation(ScopedModel, DetailPage):
    """法律咨询 / 合同审查 / 决策审查: one matter a legal adviser gave an opinion on."""

    detail_view = "governance:consultation_detail"

    class Kind(models.TextChoices):
        ADVICE = "advice", _("法律咨询")
        CONTRACT_REVIEW = "contract_review", _("合同审查")
        DECISION_REVIEW = "decision_review", _("决策合法性审查意见")
        DOCUMENT_REVIEW = "document_review", _("规范性文件审核意见")
        LITIGATION = "litigation", _("诉讼代理")

    class Status(models.TextChoices):
        PENDING = "pending", _("待出具意见")
        ANSWERED = "answered", _("已出具意见")

    class Conclusion(models.TextChoices):
        LAWFUL = "lawful", _("合法可行")
        WITH_CHANGES = "with_changes", _("修改后可行")
        UNLAWFUL = "unlawful", _("存在法律风险，不建议")
        ADVICE = "advice", _("咨询答复")

    adviser = models.ForeignKey(
        LegalAdviser,
        on_delete=models.PROTECT,
        related_name="consultations",
        verbose_name=_("法律顾问"),
    )
    kind = models.CharField(_("类别"), max_length=20, choices=Kind.choices, db_index=True)
    matter = models.CharField(_("事项"), max_length=300)
    counterparty = models.CharField(_("合同相对方"), max_length=200, blank=True)
    amount = models.DecimalField(
        _("合同金额（元）"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    requested_on = models.DateField(_("提交日期"), db_index=True)
    due_date = models.DateField(_("审查截止日"), null=True, blank=True, editable=False)
    status = models.CharField(
        _("状态"), max_length=20, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    answered_on = models.DateField(_("出具意见日期"), null=True, blank=True)
    conclusion = models.CharField(_("结论"), max_length=20, choices=Conclusion.choices, blank=True)
    opinion = models.TextField(_("意见"), blank=True)
    adopted = models.BooleanField(_("是否采纳"), null=True, blank=True)
    document = optional_ref(
        NormativeDocument,
        _("关联规范性文件"),
        on_delete=models.SET_NULL,
        related_name="consultations",
    )
    decision = optional_ref(
        "MajorDecision",
        _("关联重大行政决策"),
        on_delete=models.SET_NULL,
        related_name="consultations",
    )
    case_ref = models.CharField(_("关联执法案件/合同编号"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("法律顾问意见")
        verbose_name_plural = _("法律顾问意见")
        ordering = ["-requested_on", "-pk"]
        indexes = [
            models.Index(fields=["kind", "status", "requested_on"], name="consult_kind_status")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}：{self.matter}"
