"""The enforcement case (行政处罚、行政检查、行政强制) through its statutory
stages, and its timeline (CaseEvent)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, ClassVar

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from fazhi.core.fields import BlindIndexField, EncryptedCharField
from fazhi.core.history import tracked
from fazhi.core.models import (
    DetailPage,
    MaskedContact,
    ScopedManager,
    ScopedModel,
    TransitionRecord,
)

from .officers import EnforcementField, Officer


@tracked("EnforcementCaseHistory")
class EnforcementCase(ScopedModel, MaskedContact, DetailPage):
    """执法案件: a penalty (ordinary or summary procedure), an inspection or a
    compulsory measure, from clue to archive."""

    detail_view = "enforcement:case_detail"

    class CaseType(models.TextChoices):
        PENALTY = "penalty", _("行政处罚")
        INSPECTION = "inspection", _("行政检查")
        COERCION = "coercion", _("行政强制")

    class Procedure(models.TextChoices):
        ORDINARY = "ordinary", _("普通程序")
        SUMMARY = "summary", _("简易程序")

    class Stage(models.TextChoices):
        CLUE = "clue", _("线索")
        FILED = "filed", _("已立案")
        INVESTIGATING = "investigating", _("调查取证")
        REVIEWED = "reviewed", _("审查拟处罚")
        NOTIFIED = "notified", _("已告知")
        HEARING = "hearing", _("听证")
        DECIDED = "decided", _("已决定")
        SERVED = "served", _("已送达")
        EXECUTED = "executed", _("已执行")
        CLOSED = "closed", _("已结案")

    # Which stages each step may start from (the one table every step checks).
    TRANSITIONS: ClassVar[dict[str, set[str]]] = {
        "file": {Stage.CLUE},
        "investigate": {Stage.FILED, Stage.INVESTIGATING},
        "preserve": {Stage.FILED, Stage.INVESTIGATING},
        "review": {Stage.INVESTIGATING},
        "notify": {Stage.REVIEWED},
        "statement": {Stage.NOTIFIED},
        "request_hearing": {Stage.NOTIFIED},
        "schedule_hearing": {Stage.HEARING},
        "hold_hearing": {Stage.HEARING},
        "submit_legal_review": {Stage.NOTIFIED, Stage.HEARING},
        "decide": {Stage.NOTIFIED, Stage.HEARING},
        "serve": {Stage.DECIDED},
        "defer_payment": {Stage.SERVED},
        "pay": {Stage.SERVED},
        "apply_measure": {Stage.FILED, Stage.INVESTIGATING},
        "close": {Stage.EXECUTED, Stage.SERVED, Stage.INVESTIGATING, Stage.FILED},
    }
    OPEN_STAGES: ClassVar[frozenset[str]] = frozenset(s for s in Stage.values if s != "closed")

    class PartyType(models.TextChoices):
        CITIZEN = "citizen", _("公民")
        ORGANISATION = "organisation", _("法人或其他组织")

    class Source(models.TextChoices):
        INSPECTION = "inspection", _("日常检查发现")
        REPORT = "report", _("群众举报")
        REFERRAL = "referral", _("上级交办/部门移送")
        OTHER = "other", _("其他")

    class ReviewOutcome(models.TextChoices):
        PENALISE = "penalise", _("给予行政处罚")
        NO_PENALTY_MINOR = "no_penalty_minor", _("违法轻微，不予处罚")
        NO_PENALTY_UNPROVEN = "no_penalty_unproven", _("违法事实不成立，不予处罚")
        TRANSFER = "transfer", _("移送司法机关")

    class PenaltyKind(models.TextChoices):
        WARNING = "warning", _("警告/通报批评")
        FINE = "fine", _("罚款")
        CONFISCATION = "confiscation", _("没收违法所得、非法财物")
        LICENCE = "licence", _("暂扣/吊销许可证件、降低资质等级")
        CLOSURE = "closure", _("限制开展生产经营活动、责令停产停业、责令关闭、限制从业")

    class StatementKind(models.TextChoices):
        STATEMENT = "statement", _("陈述申辩")
        WAIVER = "waiver", _("明确放弃")
        NO_RESPONSE = "no_response", _("期限内未提出")

    class ServiceMethod(models.TextChoices):
        ON_THE_SPOT = "on_the_spot", _("当场交付")
        DIRECT = "direct", _("直接送达")
        LEFT = "left", _("留置送达")
        POST = "post", _("邮寄送达")
        ELECTRONIC = "electronic", _("电子送达（经当事人同意）")
        PUBLIC = "public", _("公告送达")

    number = models.CharField(_("案号"), max_length=60, blank=True, db_index=True)
    case_type = models.CharField(_("案件类型"), max_length=12, choices=CaseType.choices)
    procedure = models.CharField(
        _("程序"), max_length=10, choices=Procedure.choices, default=Procedure.ORDINARY
    )
    stage = models.CharField(_("阶段"), max_length=16, choices=Stage.choices, default=Stage.CLUE)
    title = models.CharField(_("案由"), max_length=200)
    field = models.ForeignKey(
        EnforcementField, on_delete=models.PROTECT, related_name="cases", verbose_name=_("执法领域")
    )
    source = models.CharField(
        _("案件来源"), max_length=12, choices=Source.choices, default=Source.INSPECTION
    )
    party_type = models.CharField(
        _("当事人类型"), max_length=14, choices=PartyType.choices, default=PartyType.CITIZEN
    )
    party_name = models.CharField(_("当事人"), max_length=100)
    # Encrypted at rest (core.fields); found by equality through the blind index.
    id_number = EncryptedCharField(_("身份证号码/统一社会信用代码"), max_length=18, blank=True)
    id_number_index = BlindIndexField(source="id_number")
    phone = EncryptedCharField(_("联系电话"), max_length=20, blank=True)
    phone_index = BlindIndexField(source="phone")
    address = EncryptedCharField(_("住址/住所"), max_length=200, blank=True)

    act_date = models.DateField(
        _("违法行为发生日期"),
        help_text=_("有连续或继续状态的，为行为终了之日（《行政处罚法》第三十六条）。"),
    )
    discovered_on = models.DateField(_("发现日期"))
    extended_limitation = models.BooleanField(
        _("适用五年追责期限"),
        default=False,
        help_text=_("涉及公民生命健康安全、金融安全且有危害后果的（《行政处罚法》第三十六条）。"),
    )
    filed_on = models.DateField(_("立案日期"), null=True, blank=True)
    facts = models.TextField(_("违法事实"), blank=True)
    legal_basis = models.TextField(_("处罚依据"), blank=True)

    # 《行政处罚法》第五十七条第二款 / 第五十八条: what makes a case need
    # collective deliberation or legal review.
    circumstances_complex = models.BooleanField(_("情节复杂"), default=False)
    serious_violation = models.BooleanField(_("重大违法行为"), default=False)
    major_public_interest = models.BooleanField(_("涉及重大公共利益"), default=False)
    multiple_legal_relations = models.BooleanField(
        _("案情疑难复杂、涉及多个法律关系"), default=False
    )
    review_required_by_law = models.BooleanField(_("法律、法规规定应当法制审核"), default=False)

    review_outcome = models.CharField(
        _("审查结论"), max_length=20, choices=ReviewOutcome.choices, blank=True
    )
    reviewed_on = models.DateField(_("审查日期"), null=True, blank=True)
    deliberated_on = models.DateField(_("集体讨论日期"), null=True, blank=True)
    deliberation_minutes = models.TextField(_("集体讨论纪要"), blank=True)

    penalty_kind = models.CharField(
        _("处罚种类"), max_length=14, choices=PenaltyKind.choices, blank=True
    )
    fine_amount = models.DecimalField(
        _("罚款金额（元）"),
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        max_digits=14,
        decimal_places=2,
    )
    confiscated_amount = models.DecimalField(
        _("没收金额（元）"),
        default=Decimal("0"),
        validators=[MinValueValidator(0)],
        max_digits=14,
        decimal_places=2,
    )

    notified_on = models.DateField(_("告知日期"), null=True, blank=True)
    notice_penalty_kind = models.CharField(
        _("拟处罚种类"), max_length=14, choices=PenaltyKind.choices, blank=True
    )
    notice_fine_amount = models.DecimalField(
        _("拟罚款金额（元）"), null=True, blank=True, max_digits=14, decimal_places=2
    )
    notice_confiscated_amount = models.DecimalField(
        _("拟没收金额（元）"), default=Decimal("0"), max_digits=14, decimal_places=2
    )
    hearing_rights = models.BooleanField(_("告知听证权利"), default=False)
    statement_kind = models.CharField(
        _("陈述申辩情况"), max_length=12, choices=StatementKind.choices, blank=True
    )
    statement_on = models.DateField(_("陈述申辩日期"), null=True, blank=True)
    statement_text = models.TextField(_("陈述申辩内容及采纳情况"), blank=True)

    decided_on = models.DateField(_("决定日期"), null=True, blank=True)
    decision_number = models.CharField(_("决定书文号"), max_length=60, blank=True)
    performance = models.CharField(
        _("履行方式"),
        max_length=200,
        blank=True,
        help_text=_("如：自收到本决定书之日起十五日内到指定银行缴纳罚款。"),
    )
    served_on = models.DateField(_("送达日期"), null=True, blank=True)
    service_method = models.CharField(
        _("送达方式"), max_length=12, choices=ServiceMethod.choices, blank=True
    )
    service_late_reason = models.CharField(_("逾期送达原因"), max_length=200, blank=True)
    payment_due_on = models.DateField(_("缴款期限"), null=True, blank=True)
    deferral_note = models.CharField(_("延期/分期缴纳"), max_length=200, blank=True)
    paid_amount = models.DecimalField(
        _("已缴金额（元）"), default=Decimal("0"), max_digits=14, decimal_places=2
    )
    surcharge_amount = models.DecimalField(
        _("加处罚款（元）"), default=Decimal("0"), max_digits=14, decimal_places=2
    )
    publish_decision = models.BooleanField(
        _("需公示"),
        default=True,
        help_text=_("具有一定社会影响的行政处罚决定应当依法公开（《行政处罚法》第四十八条）。"),
    )
    closed_on = models.DateField(_("结案日期"), null=True, blank=True)
    close_note = models.CharField(_("结案说明"), max_length=300, blank=True)

    officers = models.ManyToManyField(
        Officer, blank=True, related_name="cases", verbose_name=_("承办执法人员")
    )

    class Meta:
        verbose_name = _("执法案件")
        verbose_name_plural = _("执法案件")
        ordering = ["-filed_on", "-pk"]
        indexes = [
            models.Index(fields=["unit", "stage"], name="case_unit_stage"),
            models.Index(fields=["unit", "filed_on"], name="case_unit_filed"),
            models.Index(fields=["case_type", "stage"], name="case_type_stage"),
            models.Index(fields=["field", "filed_on"], name="case_field_filed"),
            models.Index(fields=["decided_on"], name="case_decided"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(fine_amount__isnull=True) | Q(fine_amount__gte=0),
                name="case_fine_not_negative",
            )
        ]

    def __str__(self) -> str:
        return f"{self.number or _('（未立案）')} {self.title}"

    # The description of the decision the workflow files as an attachment
    # (workflow.decisions._attach_decision).
    DECISION_ATTACHMENT = "行政处罚决定书"

    def attachment_holds_pii(self, attachment: Any) -> bool:
        """Whether an attachment holds the party's personal data in full, so
        its download asks for a reason (core.views.attachment_download): the
        filed decision names the party with ID number and address, like the
        decision's own download."""
        return bool(attachment.description == self.DECISION_ATTACHMENT)

    @property
    def party_name_public(self) -> str:
        """The party as the public page shows it: a citizen's name masked
        (张**), an organisation's name in full (not personal information)."""
        if self.party_type == self.PartyType.ORGANISATION:
            return self.party_name
        return (
            (self.party_name[:1] + "*" * max(len(self.party_name) - 1, 1))
            if self.party_name
            else ""
        )

    @property
    def needs_collective_deliberation(self) -> bool:
        # 《行政处罚法》第五十七条第二款
        return self.circumstances_complex or self.serious_violation

    @property
    def is_open(self) -> bool:
        return self.stage in self.OPEN_STAGES


class CaseEvent(TransitionRecord):
    """The case timeline: every step with its date, who and the stage change
    (the audit trail keeps the field-level detail)."""

    scope_field = "case__unit"
    from_field = "from_stage"
    to_field = "to_stage"

    case = models.ForeignKey(
        EnforcementCase, on_delete=models.CASCADE, related_name="events", verbose_name=_("案件")
    )
    action = models.CharField(_("环节"), max_length=30)
    label = models.CharField(_("说明"), max_length=200)
    on = models.DateField(_("日期"))
    from_status = None  # type: ignore[assignment]  # a case's state is its stage
    to_status = None  # type: ignore[assignment]
    from_stage = models.CharField(_("原阶段"), max_length=16, blank=True)
    to_stage = models.CharField(_("新阶段"), max_length=16, blank=True)
    note = models.TextField(_("备注"), blank=True)  # type: ignore[assignment]

    objects = ScopedManager()

    class Meta(TransitionRecord.Meta):
        verbose_name = _("案件环节")
        verbose_name_plural = _("案件环节")
        ordering = ["on", "pk"]

    def __str__(self) -> str:
        return f"{self.on} {self.label}"
