"""People's mediation and dispute screening (人民调解, 矛盾纠纷排查调处).

Committees and their members and mediators (master data), screening rounds and
the live dispute ledger, and mediation cases with their sessions, agreement,
judicial confirmation and follow-up visits. Every state change goes through
`workflow/`; the allowed transitions are data next to the state fields.
"""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _

from fazhi.core.history import tracked
from fazhi.core.models import DetailPage, Person, ScopedModel, TransitionRecord, optional_ref, ref

from . import rules


class DisputeCategory(models.Model):
    """纠纷类型: a list kept as data (婚姻家庭, 邻里, 土地, 山林…), not code."""

    code = models.SlugField(_("代码"), max_length=40, unique=True)
    name = models.CharField(_("名称"), max_length=50, unique=True)
    order = models.PositiveSmallIntegerField(_("排序"), default=0)
    active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("纠纷类型")
        verbose_name_plural = _("纠纷类型")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.name


class CommitteeLevel(models.TextChoices):
    TOWNSHIP = "township", _("乡级")
    VILLAGE = "village", _("村级")


class MediationCommittee(ScopedModel, DetailPage):
    """人民调解委员会: set up by a village (人民调解法第八条) or by the township
    (第三十四条). `unit` is the village or township it serves. It is in office
    from `established_on` until `dissolved_on`."""

    detail_view = "mediation:committee_detail"

    Level = CommitteeLevel

    name = models.CharField(_("名称"), max_length=100)
    level = models.CharField(_("级别"), max_length=10, choices=CommitteeLevel.choices)
    established_on = models.DateField(_("成立日期"))
    dissolved_on = models.DateField(_("撤销日期"), null=True, blank=True)
    term_start = models.DateField(_("本届任期开始"), null=True, blank=True)
    term_end = models.DateField(_("本届任期届满"), null=True, blank=True, db_index=True)
    address = models.CharField(_("地址"), max_length=200, blank=True)
    phone = models.CharField(_("联系电话"), max_length=20, blank=True)
    note = models.TextField(_("备注"), blank=True)

    class Meta:
        verbose_name = _("人民调解委员会")
        verbose_name_plural = _("人民调解委员会")
        ordering = ["unit__path", "name"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "name"], name="mediation_committee_unique_name")
        ]
        indexes = [models.Index(fields=["level", "established_on"], name="med_committee_level")]

    def __str__(self) -> str:
        return self.name

    def in_office_on(self, day: dt.date) -> bool:
        return self.established_on <= day and (self.dissolved_on is None or self.dissolved_on > day)


class CommitteeMember(models.Model):
    """A member of a committee (主任, 副主任, 委员), elected for a term."""

    class Position(models.TextChoices):
        CHAIR = "chair", _("主任")
        VICE_CHAIR = "vice_chair", _("副主任")
        MEMBER = "member", _("委员")

    committee = models.ForeignKey(
        MediationCommittee,
        on_delete=models.CASCADE,
        related_name="members",
        verbose_name=_("调委会"),
    )
    person = ref(Person, _("人员"))
    position = models.CharField(_("职务"), max_length=20, choices=Position.choices)
    elected_on = models.DateField(_("当选日期"))
    left_on = models.DateField(_("离任日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("调委会委员")
        verbose_name_plural = _("调委会委员")
        ordering = ["committee", "position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["committee", "person"],
                condition=models.Q(left_on__isnull=True),
                name="mediation_member_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_position_display()} {self.person}"


class Mediator(ScopedModel, DetailPage):
    """人民调解员 (专职 / 兼职) of a committee. `unit` is the committee's unit, so a
    village mediator sees their village."""

    detail_view = "mediation:mediator_detail"

    scope_field: ClassVar[str] = "unit"

    person = ref(Person, _("人员"))
    committee = models.ForeignKey(
        MediationCommittee,
        on_delete=models.PROTECT,
        related_name="mediators",
        verbose_name=_("调委会"),
    )
    full_time = models.BooleanField(_("专职"), default=False)
    appointed_on = models.DateField(_("聘任日期"))
    left_on = models.DateField(_("离任日期"), null=True, blank=True)
    note = models.TextField(_("备注"), blank=True)

    class Meta:
        verbose_name = _("人民调解员")
        verbose_name_plural = _("人民调解员")
        ordering = ["committee", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["committee", "person"], name="mediation_mediator_once")
        ]
        indexes = [models.Index(fields=["appointed_on", "left_on"], name="med_mediator_office")]

    def __str__(self) -> str:
        return self.person.name


class MediatorTraining(models.Model):
    """A training a mediator attended (人民调解法第十四条: regular training)."""

    mediator = models.ForeignKey(
        Mediator, on_delete=models.CASCADE, related_name="trainings", verbose_name=_("调解员")
    )
    held_on = models.DateField(_("培训日期"))
    title = models.CharField(_("培训内容"), max_length=200)
    organiser = models.CharField(_("组织单位"), max_length=100, blank=True)
    hours = models.DecimalField(_("学时"), max_digits=5, decimal_places=1, default=0)

    class Meta:
        verbose_name = _("调解员培训")
        verbose_name_plural = _("调解员培训")
        ordering = ["-held_on", "pk"]

    def __str__(self) -> str:
        return f"{self.held_on} {self.title}"


class Relative(models.Model):
    """A declared close relationship between two people (配偶, 近亲属…): the data
    the recusal check reads when a mediator is assigned."""

    class Relation(models.TextChoices):
        SPOUSE = "spouse", _("配偶")
        PARENT_CHILD = "parent_child", _("父母子女")
        SIBLING = "sibling", _("兄弟姐妹")
        OTHER = "other", _("其他近亲属或利害关系")

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="+", verbose_name=_("人员")
    )
    relative = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="+", verbose_name=_("亲属")
    )
    relation = models.CharField(_("关系"), max_length=20, choices=Relation.choices)

    class Meta:
        verbose_name = _("亲属关系")
        verbose_name_plural = _("亲属关系")
        constraints = [
            models.UniqueConstraint(fields=["person", "relative"], name="mediation_relative_once")
        ]

    def __str__(self) -> str:
        return f"{self.person} — {self.relative}（{self.get_relation_display()}）"


class Screening(ScopedModel, DetailPage):
    """排查: one screening round of a unit (village or township)."""

    detail_view = "mediation:screening_detail"

    screened_on = models.DateField(_("排查日期"))
    screeners = models.CharField(_("排查人员"), max_length=200)
    scope = models.CharField(_("排查范围"), max_length=200)
    note = models.TextField(_("排查情况"), blank=True)

    class Meta:
        verbose_name = _("矛盾纠纷排查")
        verbose_name_plural = _("矛盾纠纷排查")
        ordering = ["-screened_on", "-pk"]
        indexes = [models.Index(fields=["unit", "screened_on"], name="med_screening_unit_on")]

    def __str__(self) -> str:
        return f"{self.screened_on} {self.scope}"


@tracked("DisputeHistory")
class Dispute(ScopedModel, DetailPage):
    """矛盾纠纷: one dispute in the live ledger (台账)."""

    detail_view = "mediation:dispute_detail"

    class Source(models.TextChoices):
        SCREENING = "screening", _("排查发现")
        APPLICATION = "application", _("当事人申请")
        COURT = "court", _("法院委托移送")
        POLICE = "police", _("公安机关移送")
        PETITION = "petition", _("信访转入")
        OTHER = "other", _("其他")

    class Risk(models.TextChoices):
        LOW = "low", _("低")
        MEDIUM = "medium", _("中")
        HIGH = "high", _("高")

    class Status(models.TextChoices):
        REGISTERED = "registered", _("待调处")
        MEDIATING = "mediating", _("调处中")
        RESOLVED = "resolved", _("已化解")
        UNRESOLVED = "unresolved", _("未化解（已告知其他途径）")

    # Allowed transitions of the live status (workflow/ checks it, through core.steps.move).
    TRANSITIONS: ClassVar[dict[str, set[str]]] = {
        Status.REGISTERED: {Status.MEDIATING, Status.RESOLVED, Status.UNRESOLVED},
        Status.MEDIATING: {Status.RESOLVED, Status.UNRESOLVED, Status.REGISTERED},
        Status.UNRESOLVED: {Status.MEDIATING},
        Status.RESOLVED: set(),
    }
    OPEN_STATUSES: ClassVar[tuple[str, ...]] = (Status.REGISTERED, Status.MEDIATING)

    number = models.CharField(_("编号"), max_length=40, blank=True, db_index=True)
    title = models.CharField(_("纠纷简述"), max_length=200)
    category = ref(DisputeCategory, _("纠纷类型"))
    facts = models.TextField(_("纠纷事实"))
    amount = models.DecimalField(
        _("涉及金额（元）"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    source = models.CharField(_("来源"), max_length=20, choices=Source.choices)
    screening = optional_ref(
        Screening, _("排查轮次"), on_delete=models.SET_NULL, related_name="disputes"
    )
    found_on = models.DateField(_("发现/登记日期"))
    risk_level = models.CharField(
        _("风险等级"), max_length=10, choices=Risk.choices, default=Risk.LOW
    )
    risk_reason = models.CharField(_("风险判断理由"), max_length=300, blank=True)
    status = models.CharField(
        _("状态"), max_length=20, choices=Status.choices, default=Status.REGISTERED
    )
    resolved_on = models.DateField(_("化解/终结日期"), null=True, blank=True)
    outcome_note = models.TextField(_("处理结果"), blank=True)

    class Meta:
        verbose_name = _("矛盾纠纷")
        verbose_name_plural = _("矛盾纠纷")
        ordering = ["-found_on", "-pk"]
        indexes = [
            models.Index(fields=["unit", "found_on"], name="med_dispute_unit_found"),
            models.Index(fields=["status", "risk_level"], name="med_dispute_status_risk"),
            models.Index(fields=["category", "found_on"], name="med_dispute_cat_found"),
            models.Index(fields=["found_on", "id"], name="med_dispute_found_id"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES


@tracked("DisputePartyHistory")
class DisputeParty(models.Model):
    """A party to a dispute (当事人): a core Person, so the ID number is checked
    (GB 11643) and personal data masked like everywhere else."""

    class Role(models.TextChoices):
        APPLICANT = "applicant", _("申请人")
        RESPONDENT = "respondent", _("被申请人")
        OTHER = "other", _("其他当事人")

    dispute = models.ForeignKey(
        Dispute, on_delete=models.CASCADE, related_name="parties", verbose_name=_("纠纷")
    )
    person = ref(Person, _("当事人"))
    role = models.CharField(_("身份"), max_length=20, choices=Role.choices)

    class Meta:
        verbose_name = _("当事人")
        verbose_name_plural = _("当事人")
        ordering = ["dispute", "role", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["dispute", "person"], name="mediation_party_once")
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()} {self.person}"


class MediationCase(ScopedModel, DetailPage):
    """调解案件: one mediation of a dispute by a committee, from application (or
    ex-officio start) to agreement or termination."""

    detail_view = "mediation:case_detail"

    class Start(models.TextChoices):
        APPLICATION = "application", _("当事人申请")
        EX_OFFICIO = "ex_officio", _("主动调解")
        REFERRAL = "referral", _("委托移送")
        ESCALATION = "escalation", _("村调委会移交")

    class Status(models.TextChoices):
        APPLIED = "applied", _("待受理")
        ACCEPTED = "accepted", _("已受理")
        MEDIATING = "mediating", _("调解中")
        AGREED = "agreed", _("调解成功")
        FAILED = "failed", _("调解不成（终止）")
        ESCALATED = "escalated", _("已移交乡调委会")
        DECLINED = "declined", _("不予受理")

    TRANSITIONS: ClassVar[dict[str, set[str]]] = {
        Status.APPLIED: {Status.ACCEPTED, Status.DECLINED},
        Status.ACCEPTED: {Status.MEDIATING, Status.FAILED, Status.ESCALATED},
        Status.MEDIATING: {Status.AGREED, Status.FAILED, Status.ESCALATED},
        Status.AGREED: set(),
        Status.FAILED: set(),
        Status.ESCALATED: set(),
        Status.DECLINED: set(),
    }
    OPEN_STATUSES: ClassVar[tuple[str, ...]] = (Status.APPLIED, Status.ACCEPTED, Status.MEDIATING)

    class Route(models.TextChoices):
        ARBITRATION = "arbitration", _("仲裁")
        ADMINISTRATIVE = "administrative", _("行政途径")
        LITIGATION = "litigation", _("诉讼")

    number = models.CharField(_("案号"), max_length=40, blank=True, db_index=True)
    dispute = models.ForeignKey(
        Dispute, on_delete=models.PROTECT, related_name="cases", verbose_name=_("纠纷")
    )
    committee = models.ForeignKey(
        MediationCommittee, on_delete=models.PROTECT, related_name="cases", verbose_name=_("调委会")
    )
    start = models.CharField(_("启动方式"), max_length=20, choices=Start.choices)
    applied_on = models.DateField(_("申请/启动日期"))
    applicant = models.CharField(_("申请人/移送单位"), max_length=100, blank=True)
    request = models.TextField(_("调解请求"), blank=True)
    status = models.CharField(
        _("状态"), max_length=20, choices=Status.choices, default=Status.APPLIED
    )
    accepted_on = models.DateField(_("受理日期"), null=True, blank=True)
    parties_choice = models.CharField(_("当事人选择调解员情况"), max_length=200, blank=True)
    concluded_on = models.DateField(_("结案日期"), null=True, blank=True, db_index=True)
    failure_reason = models.TextField(_("终止调解理由"), blank=True)
    routes_given = models.JSONField(_("告知的其他途径"), default=list, blank=True)
    decline_reason = models.TextField(_("不予受理理由"), blank=True)
    escalated_from = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="escalated_to",
        verbose_name=_("由村调委会移交自"),
    )
    escalation_reason = models.TextField(_("移交理由"), blank=True)

    class Meta:
        verbose_name = _("调解案件")
        verbose_name_plural = _("调解案件")
        ordering = ["-applied_on", "-pk"]
        indexes = [
            models.Index(fields=["unit", "applied_on"], name="med_case_unit_applied"),
            models.Index(fields=["status", "accepted_on"], name="med_case_status_accepted"),
            models.Index(fields=["status", "concluded_on"], name="med_case_status_concluded"),
        ]

    def __str__(self) -> str:
        return self.number or _("%(title)s（调解申请）") % {"title": self.dispute.title}

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES


class CaseMediator(models.Model):
    """A mediator assigned to a case (人民调解法第十九条), with who chose them and
    the mediator's statement that they are not related to a party."""

    case = models.ForeignKey(
        MediationCase, on_delete=models.CASCADE, related_name="assignments", verbose_name=_("案件")
    )
    mediator = models.ForeignKey(
        Mediator, on_delete=models.PROTECT, related_name="assignments", verbose_name=_("调解员")
    )
    chosen_by_parties = models.BooleanField(_("当事人选定"), default=False)
    assigned_on = models.DateField(_("指定日期"))
    no_relation_declared = models.BooleanField(_("已声明与当事人无利害关系"), default=False)

    class Meta:
        verbose_name = _("案件调解员")
        verbose_name_plural = _("案件调解员")
        ordering = ["case", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["case", "mediator"], name="mediation_assignment_once")
        ]

    def __str__(self) -> str:
        return str(self.mediator)


class Session(models.Model):
    """调解记录: one mediation session."""

    case = models.ForeignKey(
        MediationCase, on_delete=models.CASCADE, related_name="sessions", verbose_name=_("案件")
    )
    held_on = models.DateField(_("调解日期"))
    place = models.CharField(_("调解地点"), max_length=200)
    attendees = models.CharField(_("参加人员"), max_length=300)
    public = models.BooleanField(_("公开调解"), default=False)
    record = models.TextField(_("调解记录"))

    class Meta:
        verbose_name = _("调解记录")
        verbose_name_plural = _("调解记录")
        ordering = ["held_on", "pk"]

    def __str__(self) -> str:
        return f"{self.held_on} {self.place}"


class Agreement(models.Model):
    """调解协议 (人民调解法第二十八条、第二十九条): written (调解协议书) or oral.

    A written agreement is effective once the parties and the mediator have
    signed and the committee's seal is recorded; an oral one when reached.
    """

    class Form(models.TextChoices):
        WRITTEN = "written", _("书面协议")
        ORAL = "oral", _("口头协议")

    case = models.OneToOneField(
        MediationCase, on_delete=models.CASCADE, related_name="agreement", verbose_name=_("案件")
    )
    form = models.CharField(_("协议形式"), max_length=10, choices=Form.choices)
    number = models.CharField(_("协议书编号"), max_length=40, blank=True)
    dated = models.DateField(_("达成日期"), db_index=True)
    facts = models.TextField(_("纠纷主要事实"), blank=True)
    issues = models.TextField(_("争议事项"), blank=True)
    responsibilities = models.TextField(_("各方当事人的责任"), blank=True)
    terms = models.TextField(_("协议内容"))
    performance_manner = models.CharField(_("履行方式"), max_length=200, blank=True)
    performance_place = models.CharField(_("履行地点"), max_length=200, blank=True)
    performance_deadline = models.DateField(_("履行期限"), null=True, blank=True)
    parties_signed_on = models.DateField(_("当事人签名日期"), null=True, blank=True)
    mediator_signed_on = models.DateField(_("调解员签名日期"), null=True, blank=True)
    seal_recorded_on = models.DateField(_("加盖调委会印章日期"), null=True, blank=True)
    effective_on = models.DateField(_("生效日期"), null=True, blank=True, db_index=True)
    confirmation_waived_on = models.DateField(
        _("当事人不申请司法确认（登记日期）"), null=True, blank=True
    )

    class Meta:
        verbose_name = _("调解协议")
        verbose_name_plural = _("调解协议")

    def __str__(self) -> str:
        return self.number or f"{self.case}{self.get_form_display()}"

    @property
    def is_effective(self) -> bool:
        return self.effective_on is not None


class JudicialConfirmation(models.Model):
    """司法确认: the parties' joint application to court and the court's result."""

    class Result(models.TextChoices):
        PENDING = "pending", _("审查中")
        CONFIRMED = "confirmed", _("确认有效")
        REJECTED = "rejected", _("驳回申请")
        WITHDRAWN = "withdrawn", _("撤回申请")

    agreement = models.OneToOneField(
        Agreement, on_delete=models.CASCADE, related_name="confirmation", verbose_name=_("调解协议")
    )
    applied_on = models.DateField(_("申请日期"), db_index=True)
    court = models.CharField(_("受理法院"), max_length=100)
    late = models.BooleanField(_("超过三十日申请期限"), default=False)
    result = models.CharField(
        _("审查结果"), max_length=20, choices=Result.choices, default=Result.PENDING
    )
    decided_on = models.DateField(_("裁定日期"), null=True, blank=True, db_index=True)
    ruling_no = models.CharField(_("裁定书文号"), max_length=60, blank=True)
    note = models.TextField(_("备注"), blank=True)

    class Meta:
        verbose_name = _("司法确认")
        verbose_name_plural = _("司法确认")

    def __str__(self) -> str:
        return f"{self.court} {self.get_result_display()}"


class FollowUp(models.Model):
    """回访: a visit checking that the agreement is honoured (人民调解法第三十一条)."""

    class Honoured(models.TextChoices):
        YES = "yes", _("已履行")
        PARTLY = "partly", _("部分履行")
        NO = "no", _("未履行")

    case = models.ForeignKey(
        MediationCase, on_delete=models.CASCADE, related_name="followups", verbose_name=_("案件")
    )
    scheduled_on = models.DateField(_("计划回访日期"), db_index=True)
    done_on = models.DateField(_("回访日期"), null=True, blank=True, db_index=True)
    visitor = models.CharField(_("回访人"), max_length=100, blank=True)
    honoured = models.CharField(_("履行情况"), max_length=10, choices=Honoured.choices, blank=True)
    note = models.TextField(_("回访情况"), blank=True)

    class Meta:
        verbose_name = _("回访")
        verbose_name_plural = _("回访")
        ordering = ["scheduled_on", "pk"]

    def __str__(self) -> str:
        return _("%(case)s 回访 %(date)s") % {"case": self.case, "date": self.scheduled_on}


class CaseEvent(TransitionRecord):
    """The status history of a case (who, when, from, to, why), as rows."""

    case = models.ForeignKey(
        MediationCase, on_delete=models.CASCADE, related_name="events", verbose_name=_("案件")
    )
    on = models.DateField(_("日期"))

    class Meta(TransitionRecord.Meta):
        verbose_name = _("案件流转记录")
        verbose_name_plural = _("案件流转记录")

    def __str__(self) -> str:
        return f"{self.on} {self.from_label or '—'}→{self.to_label}"

    @staticmethod
    def _label(value: str) -> str:
        if value in MediationCase.Status.values:
            return str(MediationCase.Status(value).label)
        return value

    @property
    def from_label(self) -> str:
        """The state's Chinese name ("待受理"), never its code ("applied")."""
        return self._label(self.from_status)

    @property
    def to_label(self) -> str:
        return self._label(self.to_status)


def committee_term_end(start: dt.date) -> dt.date:
    """The last day of a three-year term (人民调解法第九条)."""
    try:
        end = start.replace(year=start.year + rules.COMMITTEE_TERM_YEARS)
    except ValueError:  # 29 February
        end = start.replace(year=start.year + rules.COMMITTEE_TERM_YEARS, day=28)
    return end - dt.timedelta(days=1)


__all__ = [
    "Agreement",
    "CaseEvent",
    "CaseMediator",
    "CommitteeLevel",
    "CommitteeMember",
    "Dispute",
    "DisputeCategory",
    "DisputeParty",
    "FollowUp",
    "JudicialConfirmation",
    "MediationCase",
    "MediationCommittee",
    "Mediator",
    "MediatorTraining",
    "Relative",
    "Screening",
    "Session",
]
