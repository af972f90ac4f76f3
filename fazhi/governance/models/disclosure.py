"""Open government information (政务公开): the disclosure catalogue, information
published proactively, and requests for disclosure."""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _

from fazhi.core.fields import BlindIndexField, EncryptedCharField
from fazhi.core.history import tracked
from fazhi.core.models import DetailPage, MaskedContact, ScopedModel


class DisclosureCatalogueItem(ScopedModel):
    """主动公开目录: a township's catalogue item (条例第二十条、第二十一条), as data."""

    code = models.CharField(_("编码"), max_length=20)
    name = models.CharField(_("公开事项"), max_length=200)
    article = models.CharField(_("依据"), max_length=100)
    order = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("主动公开目录事项")
        verbose_name_plural = _("主动公开目录事项")
        ordering = ["order", "pk"]
        constraints = [models.UniqueConstraint(fields=["unit", "code"], name="ogi_catalogue_code")]

    def __str__(self) -> str:
        return self.name


class ProactiveDisclosure(ScopedModel, DetailPage):
    """主动公开: one item published within 20 working days (条例第二十六条)."""

    detail_view = "governance:proactive_detail"

    class Status(models.TextChoices):
        PENDING = "pending", _("待公开")
        PUBLISHED = "published", _("已公开")
        WITHDRAWN = "withdrawn", _("已撤回")

    item = models.ForeignKey(
        DisclosureCatalogueItem,
        on_delete=models.PROTECT,
        related_name="disclosures",
        verbose_name=_("目录事项"),
    )
    title = models.CharField(_("标题"), max_length=200)
    content = models.TextField(_("公开内容"))
    created_on = models.DateField(_("信息形成或变更日期"), db_index=True)
    due_date = models.DateField(_("公开截止日"), null=True, blank=True, editable=False)
    status = models.CharField(
        _("状态"), max_length=20, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    published_on = models.DateField(_("公开日期"), null=True, blank=True, db_index=True)
    on_time = models.BooleanField(_("按时公开"), null=True, blank=True)

    class Meta:
        verbose_name = _("主动公开信息")
        verbose_name_plural = _("主动公开信息")
        ordering = ["-created_on", "-pk"]
        indexes = [
            models.Index(fields=["unit", "status", "published_on"], name="proactive_unit_pub")
        ]

    def __str__(self) -> str:
        return self.title


@tracked("DisclosureRequestHistory")
class DisclosureRequest(ScopedModel, MaskedContact, DetailPage):
    """依申请公开: a request for government information (条例第二十七条至第四十五条)."""

    detail_view = "governance:request_detail"

    class Channel(models.TextChoices):
        IN_PERSON = "in_person", _("当面提交")
        REGISTERED_MAIL = "registered_mail", _("邮政挂号/快递")
        ORDINARY_MAIL = "ordinary_mail", _("平常信函")
        ONLINE = "online", _("网络申请")
        FAX = "fax", _("传真")
        ORAL = "oral", _("口头申请（代为填写）")

    class ApplicantKind(models.TextChoices):
        # Columns of the national annual-report table (国办公开办函〔2021〕30号).
        NATURAL_PERSON = "natural_person", _("自然人")
        BUSINESS = "business", _("商业企业")
        RESEARCH = "research", _("科研机构")
        PUBLIC_INTEREST = "public_interest", _("社会公益组织")
        LEGAL_SERVICE = "legal_service", _("法律服务机构")
        OTHER_ORG = "other_org", _("其他")

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("已提交待确认")
        RECEIVED = "received", _("办理中")
        CORRECTION = "correction", _("待补正")
        THIRD_PARTY = "third_party", _("征求第三方意见")
        REPLIED = "replied", _("已答复")
        WITHDRAWN = "withdrawn", _("视为撤回/撤回")

    TRANSITIONS: ClassVar[dict[str, set[str]]] = {
        "submitted": {"received"},
        "received": {"correction", "third_party", "replied", "withdrawn"},
        "correction": {"received", "withdrawn"},
        "third_party": {"received"},
        "replied": set(),
        "withdrawn": set(),
    }

    class ReplyType(models.TextChoices):
        ALREADY_PUBLIC = "already_public", _("已主动公开，告知获取方式（第三十六条第一项）")
        PROVIDED = "provided", _("予以公开（第三十六条第二项）")
        PARTIAL = "partial", _("部分公开（第三十七条）")
        WITHHELD = "withheld", _("不予公开（第三十六条第三项）")
        NOT_EXIST = "not_exist", _("信息不存在（第三十六条第四项）")
        NOT_THIS_ORGAN = "not_this_organ", _("非本机关负责公开（第三十六条第五项）")
        NEEDS_CREATION = "needs_creation", _("需另行制作（第三十八条）")
        STILL_UNCLEAR = "still_unclear", _("补正后仍不明确（第三十条）")
        PETITION = "petition", _("信访举报投诉类申请（第三十九条）")
        REPEAT = "repeat", _("重复申请（第三十六条第六项）")
        PUBLICATION = "publication", _("要求提供公开出版物（第三十九条）")
        EXCESSIVE = "excessive", _("无正当理由大量反复申请（第三十五条）")
        RECONFIRM = "reconfirm", _("要求确认或重新出具已获取信息（第三十九条）")
        SPECIAL_LAW = "special_law", _("依其他法律法规办理（第三十六条第七项）")

    class WithheldReason(models.TextChoices):
        # Rows 三（三）1–8 of the national table.
        STATE_SECRET = "state_secret", _("属于国家秘密")
        LAW_FORBIDS = "law_forbids", _("其他法律行政法规禁止公开")
        SECURITY = "security", _("危及“三安全一稳定”")
        THIRD_PARTY = "third_party", _("保护第三方合法权益")
        INTERNAL = "internal", _("属于三类内部事务信息")
        PROCESS = "process", _("属于四类过程性信息")
        ENFORCEMENT_FILE = "enforcement_file", _("属于行政执法案卷")
        INQUIRY = "inquiry", _("属于行政查询事项")

    code = models.CharField(_("查询码"), max_length=16, unique=True, editable=False)
    applicant_kind = models.CharField(
        _("申请人类别"),
        max_length=20,
        choices=ApplicantKind.choices,
        default=ApplicantKind.NATURAL_PERSON,
    )
    applicant_name = models.CharField(_("申请人"), max_length=100)
    # Encrypted at rest (core.fields); found by equality through the blind index.
    id_number = EncryptedCharField(_("身份证件号码"), max_length=18, blank=True)
    id_number_index = BlindIndexField(source="id_number")
    phone = EncryptedCharField(_("联系电话"), max_length=20)
    phone_index = BlindIndexField(source="phone")
    address = EncryptedCharField(_("通信地址"), max_length=200, blank=True)
    email = models.EmailField(_("电子邮箱"), blank=True)
    channel = models.CharField(_("申请方式"), max_length=20, choices=Channel.choices)
    submitted_on = models.DateField(_("提交日期"))
    received_on = models.DateField(_("收到申请之日"), null=True, blank=True, db_index=True)
    description = models.TextField(_("所需信息的名称、文号或便于查询的其他特征"))
    requested_form = models.CharField(_("获取方式"), max_length=50, blank=True)
    status = models.CharField(
        _("状态"), max_length=20, choices=Status.choices, default=Status.RECEIVED, db_index=True
    )
    reply_due = models.DateField(_("答复截止日"), null=True, blank=True, db_index=True)
    # Correction (补正)
    correction_requested_on = models.DateField(_("补正告知日期"), null=True, blank=True)
    correction_content = models.TextField(_("需补正事项"), blank=True)
    correction_deadline = models.DateField(_("补正期限"), null=True, blank=True)
    corrected_on = models.DateField(_("收到补正日期"), null=True, blank=True)
    # Third-party consultation (征求第三方意见)
    third_party = models.CharField(_("第三方"), max_length=200, blank=True)
    third_party_sent_on = models.DateField(_("征求意见日期"), null=True, blank=True)
    third_party_due = models.DateField(_("第三方答复截止日"), null=True, blank=True)
    third_party_replied_on = models.DateField(_("第三方答复日期"), null=True, blank=True)
    third_party_opinion = models.TextField(_("第三方意见"), blank=True)
    # Extension (延长)
    extended_on = models.DateField(_("延长批准日期"), null=True, blank=True)
    extension_days = models.PositiveSmallIntegerField(_("延长工作日数"), default=0)
    extension_approver = models.CharField(_("延长批准人"), max_length=50, blank=True)
    extension_reason = models.CharField(_("延长理由"), max_length=300, blank=True)
    # Reply (答复)
    replied_on = models.DateField(_("答复日期"), null=True, blank=True, db_index=True)
    reply_type = models.CharField(
        _("答复类型"), max_length=20, choices=ReplyType.choices, blank=True
    )
    withheld_reason = models.CharField(
        _("不予公开理由"), max_length=20, choices=WithheldReason.choices, blank=True
    )
    reply_text = models.TextField(_("答复内容"), blank=True)
    where_public = models.CharField(_("已公开信息的获取途径"), max_length=300, blank=True)
    right_organ = models.CharField(_("负责公开的机关"), max_length=200, blank=True)
    reply_no = models.CharField(_("答复书文号"), max_length=60, blank=True)
    on_time = models.BooleanField(_("按时答复"), null=True, blank=True)
    withdrawn_on = models.DateField(_("撤回日期"), null=True, blank=True)
    withdrawn_reason = models.CharField(_("撤回情形"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("依申请公开")
        verbose_name_plural = _("依申请公开")
        ordering = ["-received_on", "-pk"]
        indexes = [
            models.Index(fields=["unit", "status", "reply_due"], name="ogireq_unit_status_due"),
            models.Index(fields=["unit", "received_on"], name="ogireq_unit_received"),
        ]

    def __str__(self) -> str:
        return _("依申请公开 %(code)s") % {"code": self.code}
