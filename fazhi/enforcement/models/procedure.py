"""What a case gathers on its way: investigation records, evidence, evidence
preservation, the hearing, the legal review, payments and compulsory
measures."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from fazhi.core.models import ScopedManager, optional_ref, user_ref

from .cases import EnforcementCase
from .officers import Officer


class InvestigationStep(models.Model):
    """One act of investigation or inspection (检查、询问、勘验、抽样), done by at
    least two certified officers (《行政处罚法》第四十二条、第五十五条)."""

    class Kind(models.TextChoices):
        INSPECTION = "inspection", _("现场检查（勘验）")
        INTERVIEW = "interview", _("询问调查")
        SAMPLING = "sampling", _("抽样取证")
        OTHER = "other", _("其他调查")

    scope_field = "case__unit"

    case = models.ForeignKey(
        EnforcementCase, on_delete=models.CASCADE, related_name="steps", verbose_name=_("案件")
    )
    kind = models.CharField(_("调查方式"), max_length=12, choices=Kind.choices)
    on = models.DateField(_("日期"))
    place = models.CharField(_("地点"), max_length=200)
    summary = models.TextField(_("笔录摘要"))
    officers = models.ManyToManyField(Officer, related_name="steps", verbose_name=_("执法人员"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    objects = ScopedManager()

    class Meta:
        verbose_name = _("调查笔录")
        verbose_name_plural = _("调查笔录")
        ordering = ["on", "pk"]

    def __str__(self) -> str:
        return f"{self.on} {self.get_kind_display()}"


class Evidence(models.Model):
    """An evidence item (《行政处罚法》第四十六条), its files attached with SHA-256."""

    class Kind(models.TextChoices):
        DOCUMENT = "document", _("书证")
        PHYSICAL = "physical", _("物证")
        AUDIOVISUAL = "audiovisual", _("视听资料")
        ELECTRONIC = "electronic", _("电子数据")
        WITNESS = "witness", _("证人证言")
        STATEMENT = "statement", _("当事人的陈述")
        APPRAISAL = "appraisal", _("鉴定意见")
        RECORD = "record", _("勘验笔录、现场笔录")

    scope_field = "case__unit"

    case = models.ForeignKey(
        EnforcementCase, on_delete=models.CASCADE, related_name="evidence", verbose_name=_("案件")
    )
    kind = models.CharField(_("证据种类"), max_length=12, choices=Kind.choices)
    description = models.CharField(_("证据说明"), max_length=300)
    collected_on = models.DateField(_("收集日期"))
    place = models.CharField(_("收集地点"), max_length=200)
    collected_by = models.ManyToManyField(
        Officer, related_name="evidence_collected", verbose_name=_("收集人")
    )
    preserved = models.BooleanField(_("先行登记保存"), default=False)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    objects = ScopedManager()

    class Meta:
        verbose_name = _("证据")
        verbose_name_plural = _("证据")
        ordering = ["collected_on", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}：{self.description}"


class Preservation(models.Model):
    """先行登记保存: approved by the head, decided within 7 working days
    (《行政处罚法》第五十六条、第八十五条)."""

    scope_field = "case__unit"

    case = models.ForeignKey(
        EnforcementCase,
        on_delete=models.CASCADE,
        related_name="preservations",
        verbose_name=_("案件"),
    )
    started_on = models.DateField(_("登记保存日期"))
    items = models.TextField(_("登记保存物品"))
    approved_by = models.CharField(_("批准负责人"), max_length=50)
    decided_on = models.DateField(_("处理决定日期"), null=True, blank=True)
    decision = models.CharField(_("处理决定"), max_length=300, blank=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = _("先行登记保存")
        verbose_name_plural = _("先行登记保存")
        ordering = ["started_on", "pk"]

    def __str__(self) -> str:
        return f"{self.started_on} {self.items[:30]}"


class Hearing(models.Model):
    """听证 (《行政处罚法》第六十三条至第六十五条)."""

    class Outcome(models.TextChoices):
        PENDING = "pending", _("待举行")
        HELD = "held", _("已举行")
        NO_SHOW = "no_show", _("当事人无正当理由未到场（视为放弃）")
        WITHDRAWN = "withdrawn", _("当事人撤回")

    scope_field = "case__unit"

    case = models.OneToOneField(
        EnforcementCase, on_delete=models.CASCADE, related_name="hearing", verbose_name=_("案件")
    )
    requested_on = models.DateField(_("申请日期"))
    notice_on = models.DateField(_("通知日期"), null=True, blank=True)
    scheduled_on = models.DateField(_("听证日期"), null=True, blank=True)
    place = models.CharField(_("听证地点"), max_length=200, blank=True)
    public = models.BooleanField(_("公开举行"), default=True)
    chair = optional_ref("core.Person", _("主持人"))
    notice_officers = models.ManyToManyField(
        Officer, blank=True, related_name="+", verbose_name=_("送达听证通知的执法人员")
    )
    held_on = models.DateField(_("举行日期"), null=True, blank=True)
    outcome = models.CharField(
        _("结果"), max_length=10, choices=Outcome.choices, default=Outcome.PENDING
    )
    transcript = models.TextField(_("听证笔录摘要"), blank=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = _("听证")
        verbose_name_plural = _("听证")
        indexes = [models.Index(fields=["outcome", "held_on"], name="hearing_outcome_held")]

    def __str__(self) -> str:
        return _("%(case)s 听证") % {"case": self.case}


class LegalReview(models.Model):
    """法制审核 (《行政处罚法》第五十八条): the reviewer's queue and opinions."""

    class Result(models.TextChoices):
        PENDING = "pending", _("待审核")
        PASSED = "passed", _("审核通过")
        RETURNED = "returned", _("退回补正")

    scope_field = "case__unit"

    case = models.ForeignKey(
        EnforcementCase,
        on_delete=models.CASCADE,
        related_name="legal_reviews",
        verbose_name=_("案件"),
    )
    submitted_on = models.DateField(_("送审日期"))
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("送审人"),
    )
    reviewer = user_ref(_("审核人"))
    reviewed_on = models.DateField(_("审核日期"), null=True, blank=True)
    result = models.CharField(
        _("审核结果"), max_length=10, choices=Result.choices, default=Result.PENDING
    )
    opinion = models.TextField(_("审核意见"), blank=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = _("法制审核")
        verbose_name_plural = _("法制审核")
        ordering = ["submitted_on", "pk"]
        indexes = [models.Index(fields=["result", "reviewed_on"], name="review_result_on")]

    def __str__(self) -> str:
        return _("%(case)s 法制审核") % {"case": self.case}


class Payment(models.Model):
    """A payment of the fine (and of the late surcharge, 《行政处罚法》第七十二条)."""

    scope_field = "case__unit"

    case = models.ForeignKey(
        EnforcementCase, on_delete=models.CASCADE, related_name="payments", verbose_name=_("案件")
    )
    paid_on = models.DateField(_("缴款日期"))
    amount = models.DecimalField(
        _("缴款金额（元）"), validators=[MinValueValidator(0)], max_digits=14, decimal_places=2
    )
    receipt_no = models.CharField(_("票据号"), max_length=60, blank=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = _("缴款记录")
        verbose_name_plural = _("缴款记录")
        ordering = ["paid_on", "pk"]

    def __str__(self) -> str:
        return f"{self.paid_on} {self.amount}"


class Measure(models.Model):
    """A compulsory measure (查封、扣押) under 《行政强制法》第十八条、第二十五条."""

    class Kind(models.TextChoices):
        SEAL = "seal", _("查封场所、设施或者财物")
        SEIZE = "seize", _("扣押财物")

    scope_field = "case__unit"

    case = models.ForeignKey(
        EnforcementCase, on_delete=models.CASCADE, related_name="measures", verbose_name=_("案件")
    )
    kind = models.CharField(_("措施"), max_length=8, choices=Kind.choices)
    started_on = models.DateField(_("实施日期"))
    items = models.TextField(_("对象及清单"))
    approved_by = models.CharField(_("批准负责人"), max_length=50)
    officers = models.ManyToManyField(Officer, related_name="+", verbose_name=_("执法人员"))
    extended = models.BooleanField(_("已延长"), default=False)
    lifted_on = models.DateField(_("解除日期"), null=True, blank=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = _("行政强制措施")
        verbose_name_plural = _("行政强制措施")
        ordering = ["started_on", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.started_on}"
