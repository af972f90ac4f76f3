"""Administrative reconsideration and litigation against the township
(行政复议 / 行政诉讼)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from fazhi.core.models import DetailPage, ScopedModel, optional_ref


class CaseResult(models.TextChoices):
    # Columns of the national OGI table and the annual report.
    PENDING = "pending", _("尚未审结")
    UPHELD = "upheld", _("维持")
    CORRECTED = "corrected", _("纠正（变更/确认违法/责令履行）")
    REVOKED = "revoked", _("撤销")
    OTHER = "other", _("其他结果（驳回/撤回/调解）")


class ReconsiderationCase(ScopedModel, DetailPage):
    """行政复议 where the township is the respondent."""

    detail_view = "governance:reconsideration_detail"

    case_no = models.CharField(_("案号"), max_length=60)
    applicant = models.CharField(_("申请人"), max_length=100)
    matter = models.CharField(_("被申请行政行为"), max_length=300)
    organ = models.CharField(_("复议机关"), max_length=100)
    copy_received_on = models.DateField(_("收到申请书副本日期"), db_index=True)
    answer_due = models.DateField(_("答复截止日"), null=True, blank=True, editable=False)
    answered_on = models.DateField(_("提交答复日期"), null=True, blank=True)
    ogi_related = models.BooleanField(_("涉及政府信息公开"), default=False)
    result = models.CharField(
        _("复议结果"),
        max_length=20,
        choices=CaseResult.choices,
        default=CaseResult.PENDING,
        db_index=True,
    )
    concluded_on = models.DateField(_("审结日期"), null=True, blank=True)
    note = models.TextField(_("备注"), blank=True)

    class Meta:
        verbose_name = _("行政复议案件")
        verbose_name_plural = _("行政复议案件")
        ordering = ["-copy_received_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.case_no} {self.applicant}"


class LitigationCase(ScopedModel, DetailPage):
    """行政诉讼 where the township is the defendant; 负责人出庭应诉 recorded."""

    detail_view = "governance:litigation_detail"
    # The court sets the hearing (开庭日期) ahead (core.inputs).
    dates_ahead = ("hearing_on",)

    case_no = models.CharField(_("案号"), max_length=60)
    plaintiff = models.CharField(_("原告"), max_length=100)
    matter = models.CharField(_("被诉行政行为"), max_length=300)
    court = models.CharField(_("审理法院"), max_length=100)
    after_reconsideration = models.BooleanField(_("经复议后起诉"), default=False)
    ogi_related = models.BooleanField(_("涉及政府信息公开"), default=False)
    filed_on = models.DateField(_("立案日期"), db_index=True)
    hearing_on = models.DateField(_("开庭日期"), null=True, blank=True)
    head_appeared = models.BooleanField(_("负责人出庭应诉"), default=False)
    appeared_person = optional_ref("core.Person", _("出庭负责人"))
    result = models.CharField(
        _("判决结果"),
        max_length=20,
        choices=CaseResult.choices,
        default=CaseResult.PENDING,
        db_index=True,
    )
    concluded_on = models.DateField(_("审结日期"), null=True, blank=True)
    note = models.TextField(_("备注"), blank=True)

    class Meta:
        verbose_name = _("行政诉讼案件")
        verbose_name_plural = _("行政诉讼案件")
        ordering = ["-filed_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.case_no} {self.plaintiff}"
