"""Administrative enforcement (行政执法): officers and their certificates,
training and exams, enforcement cases through the statutory procedure, the
three enforcement systems (disclosure, full-process record, legal review) and
complaints about enforcement conduct.

State fields carry their allowed transitions as data next to them
(`TRANSITIONS`); only `workflow.py` changes a state.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import ClassVar

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from fazhi.core.models import ScopedManager, ScopedModel, ScopedQuerySet, TransitionRecord
from fazhi.core.validators import mask_address, mask_id_number, mask_phone


class EnforcementField(models.Model):
    """执法领域 / 执法类别: reference data (a data migration seeds the usual ones)."""

    code = models.SlugField(_("代码"), max_length=40, unique=True)
    name = models.CharField(_("名称"), max_length=50)
    order = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("执法领域")
        verbose_name_plural = _("执法领域")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.name


# ---------------------------------------------------------------------------
# Officers and certificates
# ---------------------------------------------------------------------------


class Officer(ScopedModel):
    """行政执法人员: a cadre who may enforce once certified."""

    person = models.OneToOneField(
        "core.Person",
        on_delete=models.PROTECT,
        related_name="enforcement_officer",
        verbose_name=_("人员"),
    )
    title = models.CharField(_("职务"), max_length=100, blank=True)
    fields = models.ManyToManyField(
        EnforcementField, blank=True, related_name="officers", verbose_name=_("执法领域")
    )
    area = models.ForeignKey(
        "core.OrgUnit",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("执法区域"),
        help_text=_("可以执法的地域范围（该单位及其下级）。"),
    )
    is_active = models.BooleanField(_("在岗"), default=True)
    note = models.TextField(_("备注"), blank=True)

    class Meta:
        verbose_name = _("行政执法人员")
        verbose_name_plural = _("行政执法人员")
        ordering = ["person__name", "pk"]
        indexes = [models.Index(fields=["unit", "is_active"], name="officer_unit_active")]

    def __str__(self) -> str:
        return self.person.name

    def get_absolute_url(self) -> str:
        return reverse("enforcement:officer_detail", args=[self.pk])


class CertificateQuerySet(ScopedQuerySet):
    def valid_on(self, day: dt.date) -> CertificateQuerySet:
        """Certificates an officer could show on `day`: issued, not expired, not
        revoked, not suspended (暂扣) that day. One query, no per-row Python."""
        suspended = CertificateEvent.objects.filter(
            certificate=OuterRef("pk"), kind=CertificateEvent.Kind.SUSPENSION, on__lte=day
        ).filter(Q(until__isnull=True) | Q(until__gt=day))
        return (
            self.filter(issued_on__lte=day, expires_on__gte=day)
            .filter(Q(revoked_on__isnull=True) | Q(revoked_on__gt=day))
            .exclude(Exists(suspended))
        )


class CertificateManager(models.Manager.from_queryset(CertificateQuerySet)):  # type: ignore[misc]
    pass


class Certificate(ScopedModel):
    """行政执法证. Each event (issue, renewal, annual review, suspension,
    restoration, revocation, expiry) is a CertificateEvent row."""

    class Status(models.TextChoices):
        VALID = "valid", _("有效")
        SUSPENDED = "suspended", _("暂扣")
        REVOKED = "revoked", _("注销")
        EXPIRED = "expired", _("已过期")

    TRANSITIONS: ClassVar[dict[str, set[str]]] = {
        "suspend": {Status.VALID},
        "restore": {Status.SUSPENDED},
        "revoke": {Status.VALID, Status.SUSPENDED},
        "expire": {Status.VALID, Status.SUSPENDED},
        "renew": {Status.VALID},
        "annual_review": {Status.VALID},
    }

    officer = models.ForeignKey(
        Officer, on_delete=models.PROTECT, related_name="certificates", verbose_name=_("执法人员")
    )
    number = models.CharField(_("证件编号"), max_length=40, unique=True)
    issuing_authority = models.CharField(_("发证机关"), max_length=100)
    issued_on = models.DateField(_("发证日期"))
    expires_on = models.DateField(_("有效期至"))
    status = models.CharField(
        _("状态"), max_length=12, choices=Status.choices, default=Status.VALID
    )
    fields = models.ManyToManyField(
        EnforcementField, related_name="certificates", verbose_name=_("执法类别")
    )
    previous = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="renewal",
        verbose_name=_("换发前证件"),
    )
    revoked_on = models.DateField(_("注销日期"), null=True, blank=True)
    exam_registration = models.ForeignKey(
        "ExamRegistration",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="certificates",
        verbose_name=_("依据的考试成绩"),
    )

    objects: ClassVar[CertificateManager] = CertificateManager()

    class Meta:
        verbose_name = _("行政执法证")
        verbose_name_plural = _("行政执法证")
        ordering = ["-expires_on", "pk"]
        indexes = [
            models.Index(fields=["status", "expires_on"], name="cert_status_expires"),
            models.Index(fields=["officer", "expires_on"], name="cert_officer_expires"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_on__gte=models.F("issued_on")), name="cert_expiry_after_issue"
            )
        ]

    def __str__(self) -> str:
        return self.number

    def get_absolute_url(self) -> str:
        return reverse("enforcement:certificate_detail", args=[self.pk])


class CertificateEvent(models.Model):
    """One event in a certificate's life, with who recorded it and why."""

    class Kind(models.TextChoices):
        ISSUE = "issue", _("发证")
        RENEWAL = "renewal", _("换发")
        ANNUAL_REVIEW = "annual_review", _("年审")
        SUSPENSION = "suspension", _("暂扣")
        RESTORATION = "restoration", _("发还")
        REVOCATION = "revocation", _("注销")
        EXPIRY = "expiry", _("到期失效")

    scope_field = "certificate__unit"

    certificate = models.ForeignKey(
        Certificate, on_delete=models.CASCADE, related_name="events", verbose_name=_("证件")
    )
    kind = models.CharField(_("事件"), max_length=20, choices=Kind.choices)
    on = models.DateField(_("日期"))
    until = models.DateField(
        _("暂扣截止"), null=True, blank=True, help_text=_("暂扣事件：发还之日（不含）。")
    )
    reason = models.CharField(_("理由"), max_length=300, blank=True)
    document_no = models.CharField(_("文号"), max_length=60, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = _("证件事件")
        verbose_name_plural = _("证件事件")
        ordering = ["on", "pk"]
        indexes = [models.Index(fields=["kind", "on"], name="certevent_kind_on")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.on}"


# ---------------------------------------------------------------------------
# Training and exams
# ---------------------------------------------------------------------------


class Training(ScopedModel):
    """执法培训: one course or session with its hours and attendees."""

    class Kind(models.TextChoices):
        GENERAL = "general", _("公共法律知识")
        SECTOR = "sector", _("专业法律知识")
        PRACTICE = "practice", _("执法实务")

    title = models.CharField(_("培训名称"), max_length=200)
    kind = models.CharField(_("类别"), max_length=12, choices=Kind.choices, default=Kind.GENERAL)
    held_on = models.DateField(_("培训日期"))
    hours = models.DecimalField(
        _("学时"), max_digits=5, decimal_places=1, validators=[MinValueValidator(Decimal("0.5"))]
    )
    organizer = models.CharField(_("主办单位"), max_length=100, blank=True)
    location = models.CharField(_("地点"), max_length=100, blank=True)
    attendees: models.ManyToManyField[Officer, TrainingAttendance] = models.ManyToManyField(
        Officer, through="TrainingAttendance", related_name="trainings", verbose_name=_("参训人员")
    )

    class Meta:
        verbose_name = _("执法培训")
        verbose_name_plural = _("执法培训")
        ordering = ["-held_on", "pk"]
        indexes = [models.Index(fields=["unit", "held_on"], name="training_unit_held")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("enforcement:training_detail", args=[self.pk])


class TrainingAttendance(models.Model):
    scope_field = "training__unit"

    training = models.ForeignKey(
        Training, on_delete=models.CASCADE, related_name="attendance", verbose_name=_("培训")
    )
    officer = models.ForeignKey(
        Officer, on_delete=models.PROTECT, related_name="attendance", verbose_name=_("执法人员")
    )
    hours = models.DecimalField(
        _("计入学时"), max_digits=5, decimal_places=1, validators=[MinValueValidator(Decimal("0"))]
    )

    objects = ScopedManager()

    class Meta:
        verbose_name = _("参训记录")
        verbose_name_plural = _("参训记录")
        constraints = [
            models.UniqueConstraint(fields=["training", "officer"], name="attendance_once")
        ]

    def __str__(self) -> str:
        return f"{self.officer} {self.training}"


class Exam(ScopedModel):
    """A sitting of the enforcement qualification exam (or another exam)."""

    class Kind(models.TextChoices):
        QUALIFICATION = "qualification", _("行政执法资格考试")
        SECTOR = "sector", _("专业法律知识考试")

    title = models.CharField(_("考试名称"), max_length=200)
    kind = models.CharField(
        _("类别"), max_length=16, choices=Kind.choices, default=Kind.QUALIFICATION
    )
    sitting_on = models.DateField(_("考试日期"))
    registration_deadline = models.DateField(_("报名截止日"), null=True, blank=True)
    pass_mark = models.DecimalField(_("合格分数线"), max_digits=5, decimal_places=1)
    organizer = models.CharField(_("组织单位"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("执法考试")
        verbose_name_plural = _("执法考试")
        ordering = ["-sitting_on", "pk"]
        indexes = [models.Index(fields=["unit", "sitting_on"], name="exam_unit_sitting")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("enforcement:exam_detail", args=[self.pk])


class ExamRegistration(ScopedModel):
    """报名: a person signed up for a sitting, and the result."""

    class Result(models.TextChoices):
        PENDING = "pending", _("待考")
        PASSED = "passed", _("合格")
        FAILED = "failed", _("不合格")
        ABSENT = "absent", _("缺考")

    exam = models.ForeignKey(
        Exam, on_delete=models.PROTECT, related_name="registrations", verbose_name=_("考试")
    )
    person = models.ForeignKey(
        "core.Person", on_delete=models.PROTECT, related_name="+", verbose_name=_("报名人")
    )
    registered_on = models.DateField(_("报名日期"))
    score = models.DecimalField(_("成绩"), max_digits=5, decimal_places=1, null=True, blank=True)
    result = models.CharField(
        _("结果"), max_length=10, choices=Result.choices, default=Result.PENDING
    )

    class Meta:
        verbose_name = _("考试报名")
        verbose_name_plural = _("考试报名")
        ordering = ["exam", "person__name", "pk"]
        constraints = [models.UniqueConstraint(fields=["exam", "person"], name="registration_once")]

    def __str__(self) -> str:
        return f"{self.person} · {self.exam}"


# ---------------------------------------------------------------------------
# Enforcement cases
# ---------------------------------------------------------------------------


class EnforcementCase(ScopedModel):
    """执法案件: a penalty (ordinary or summary procedure), an inspection or a
    compulsory measure, from clue to archive."""

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
    id_number = models.CharField(_("身份证号码/统一社会信用代码"), max_length=18, blank=True)
    phone = models.CharField(_("联系电话"), max_length=20, blank=True)
    address = models.CharField(_("住址/住所"), max_length=200, blank=True)

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

    def get_absolute_url(self) -> str:
        return reverse("enforcement:case_detail", args=[self.pk])

    @property
    def id_number_masked(self) -> str:
        return mask_id_number(self.id_number)

    @property
    def phone_masked(self) -> str:
        return mask_phone(self.phone)

    @property
    def address_masked(self) -> str:
        return mask_address(self.address)

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
    chair = models.ForeignKey(
        "core.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("主持人"),
    )
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
        return f"{self.case} 听证"


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
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("审核人"),
    )
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
        return f"{self.case} 法制审核"


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


# ---------------------------------------------------------------------------
# Disclosure and complaints
# ---------------------------------------------------------------------------


class Disclosure(ScopedModel):
    """公示 of an enforcement decision on the public page, with its clocks."""

    class Kind(models.TextChoices):
        PENALTY = "penalty", _("行政处罚决定")
        OTHER = "other", _("其他行政执法决定")

    class Status(models.TextChoices):
        PENDING = "pending", _("待公示")
        PUBLISHED = "published", _("已公示")
        WITHDRAWN = "withdrawn", _("已撤回")

    TRANSITIONS: ClassVar[dict[str, set[str]]] = {
        "publish": {Status.PENDING},
        "withdraw": {Status.PUBLISHED},
    }

    case = models.OneToOneField(
        EnforcementCase, on_delete=models.CASCADE, related_name="disclosure", verbose_name=_("案件")
    )
    kind = models.CharField(_("类别"), max_length=8, choices=Kind.choices, default=Kind.PENALTY)
    decision_on = models.DateField(_("决定日期"))
    due_on = models.DateField(_("公示期限"), null=True, blank=True)
    status = models.CharField(
        _("状态"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    published_on = models.DateField(_("公示日期"), null=True, blank=True)
    changed_on = models.DateField(_("决定变更/撤销日期"), null=True, blank=True)
    withdraw_due_on = models.DateField(_("撤回期限"), null=True, blank=True)
    withdrawn_on = models.DateField(_("撤回日期"), null=True, blank=True)
    withdraw_reason = models.CharField(_("撤回说明"), max_length=300, blank=True)
    public_summary = models.TextField(
        _("公示内容"), blank=True, help_text=_("公开的摘要，不含身份证号码、电话、住址等个人信息。")
    )

    class Meta:
        verbose_name = _("执法公示")
        verbose_name_plural = _("执法公示")
        ordering = ["-decision_on", "-pk"]
        indexes = [
            models.Index(fields=["status", "published_on"], name="disclosure_status_pub"),
            models.Index(fields=["unit", "decision_on"], name="disclosure_unit_decision"),
        ]

    def __str__(self) -> str:
        return f"{self.case.decision_number or self.case.number} 公示"

    @property
    def on_time(self) -> bool | None:
        if self.published_on is None or self.due_on is None:
            return None
        return self.published_on <= self.due_on


class EnforcementComplaint(ScopedModel):
    """A complaint about enforcement conduct (执法不公、随意执法、选择性执法),
    recorded, investigated and answered, linked to the case."""

    class Conduct(models.TextChoices):
        UNFAIR = "unfair", _("执法不公")
        ARBITRARY = "arbitrary", _("随意执法")
        SELECTIVE = "selective", _("选择性执法")
        ATTITUDE = "attitude", _("态度粗暴、不文明执法")
        OTHER = "other", _("其他")

    class Status(models.TextChoices):
        RECEIVED = "received", _("已登记")
        INVESTIGATING = "investigating", _("调查核实中")
        ANSWERED = "answered", _("已答复")

    class Finding(models.TextChoices):
        SUBSTANTIATED = "substantiated", _("属实")
        PARTLY = "partly", _("部分属实")
        UNSUBSTANTIATED = "unsubstantiated", _("不属实")

    TRANSITIONS: ClassVar[dict[str, set[str]]] = {
        "investigate": {Status.RECEIVED},
        "answer": {Status.INVESTIGATING},
    }

    received_on = models.DateField(_("收到日期"))
    complainant = models.CharField(_("投诉人"), max_length=50)
    phone = models.CharField(_("联系电话"), max_length=20, blank=True)
    conduct = models.CharField(_("投诉事项"), max_length=10, choices=Conduct.choices)
    content = models.TextField(_("投诉内容"))
    case = models.ForeignKey(
        EnforcementCase,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="complaints",
        verbose_name=_("涉及案件"),
    )
    officer = models.ForeignKey(
        Officer,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="complaints",
        verbose_name=_("涉及执法人员"),
    )
    status = models.CharField(
        _("状态"), max_length=14, choices=Status.choices, default=Status.RECEIVED
    )
    investigation = models.TextField(_("调查核实情况"), blank=True)
    finding = models.CharField(_("核查结论"), max_length=16, choices=Finding.choices, blank=True)
    reply = models.TextField(_("答复意见"), blank=True)
    replied_on = models.DateField(_("答复日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("执法投诉")
        verbose_name_plural = _("执法投诉")
        ordering = ["-received_on", "-pk"]
        indexes = [models.Index(fields=["unit", "received_on"], name="complaint_unit_received")]

    def __str__(self) -> str:
        return f"{self.received_on} {self.get_conduct_display()} {self.complainant}"

    def get_absolute_url(self) -> str:
        return reverse("enforcement:complaint_detail", args=[self.pk])

    @property
    def phone_masked(self) -> str:
        return mask_phone(self.phone)
