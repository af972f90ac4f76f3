"""Lawful governance (依法行政): annual plan and tasks, rule-of-law meetings,
normative documents, major decisions, legal advisers, open government
information, supervision, assessment, reconsideration and litigation.

States change only through `workflow.py`; each state field has its allowed
transitions next to it (`TRANSITIONS`). Due dates are copied from the
statutory clock (core.Clock) when the workflow starts or moves it, so lists
filter and sort on an indexed column of their own table.
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fazhi.core.models import OrgUnit, ScopedModel
from fazhi.core.roles import READ_ONLY_ROLES

# Who issues normative documents and takes major decisions: the township
# government (《湖南省规范性文件管理办法》第五条: coordination bodies and
# internal units may not; 重大行政决策程序暂行条例第四十二条: townships apply it),
# never a village committee or an office of the township.
ISSUING_KINDS = (OrgUnit.Kind.TOWNSHIP, OrgUnit.Kind.COUNTY)


def check_issuing_unit(unit: OrgUnit | None, what: str) -> None:
    if unit is not None and unit.kind not in ISSUING_KINDS:
        raise ValidationError(
            {
                "unit": _("%(what)s只能由乡镇人民政府制发，“%(unit)s”不能作为制发单位。")
                % {"what": what, "unit": unit.name}
            }
        )


def check_assignee(user: object | None, field: str = "owner_user") -> None:
    """A task or rectification goes to someone who does case work: not one of
    the three administrators (三员分立, they see no records), not a read-only
    county supervisor, not an account without a role."""
    if user is None:
        return
    role = getattr(user, "role", "")
    if not getattr(user, "is_active", True) or not role or role in READ_ONLY_ROLES:
        raise ValidationError(
            {
                field: _("“%(name)s”的账号不承办业务（系统管理、只读或已停用），请选择承办人员。")
                % {"name": getattr(user, "display_name", user)}
            }
        )


# ---------------------------------------------------------------------------
# Annual plan, tasks, meetings, 述法
# ---------------------------------------------------------------------------


class WorkPlan(ScopedModel):
    """年度工作方案: the unit's yearly rule-of-law work plan."""

    year = models.PositiveSmallIntegerField(_("年度"), db_index=True)
    title = models.CharField(_("方案名称"), max_length=200)
    document_no = models.CharField(_("印发文号"), max_length=50, blank=True)
    issued_on = models.DateField(_("印发日期"), null=True, blank=True)
    goals = models.TextField(_("总体目标"), blank=True)

    class Meta:
        verbose_name = _("年度工作方案")
        verbose_name_plural = _("年度工作方案")
        ordering = ["-year", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "year", "title"], name="workplan_unique_title")
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("governance:plan_detail", args=[self.pk])


class WorkTask(ScopedModel):
    """任务分解: one task of a plan, owned by a unit (the record's unit) and a person."""

    class Status(models.TextChoices):
        OPEN = "open", _("未开始")
        IN_PROGRESS = "in_progress", _("推进中")
        DONE = "done", _("已完成")
        CANCELLED = "cancelled", _("已取消")

    TRANSITIONS: ClassVar[dict[str, set[str]]] = {
        "open": {"in_progress", "done", "cancelled"},
        "in_progress": {"done", "cancelled"},
        "done": set(),
        "cancelled": set(),
    }

    plan = models.ForeignKey(
        WorkPlan, on_delete=models.CASCADE, related_name="tasks", verbose_name=_("年度工作方案")
    )
    title = models.CharField(_("任务"), max_length=300)
    measures = models.TextField(_("工作措施"), blank=True)
    owner_person = models.ForeignKey(
        "core.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("责任人"),
    )
    owner_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("提醒账号"),
        help_text=_("到期和超期提醒发送给该账号。"),
    )
    deadline = models.DateField(_("完成时限"))
    due_date = models.DateField(_("截止日"), null=True, blank=True, db_index=True, editable=False)
    status = models.CharField(
        _("状态"), max_length=20, choices=Status.choices, default=Status.OPEN, db_index=True
    )
    done_on = models.DateField(_("完成日期"), null=True, blank=True)
    result = models.TextField(_("完成情况"), blank=True)

    class Meta:
        verbose_name = _("工作任务")
        verbose_name_plural = _("工作任务")
        ordering = ["due_date", "pk"]
        indexes = [models.Index(fields=["status", "due_date"], name="worktask_status_due")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("governance:task_detail", args=[self.pk])

    def clean(self) -> None:
        check_assignee(self.owner_user if self.owner_user_id else None)

    @property
    def is_overdue(self) -> bool:
        from django.utils import timezone

        open_states = (self.Status.OPEN, self.Status.IN_PROGRESS)
        return (
            self.status in open_states
            and self.due_date is not None
            and self.due_date < timezone.localdate()
        )


class Meeting(ScopedModel):
    """A meeting of the party committee / government / leadership group that
    studied rule-of-law work (研究法治工作的会议)."""

    class Kind(models.TextChoices):
        PARTY_COMMITTEE = "party_committee", _("党委会")
        GOVERNMENT_EXECUTIVE = "government_executive", _("政府常务会")
        JOINT = "joint", _("党政联席会")
        LEADERSHIP_GROUP = "leadership_group", _("领导小组会议")
        STUDY = "study", _("会前学法")

    held_on = models.DateField(_("会议日期"), db_index=True)
    kind = models.CharField(_("会议类别"), max_length=30, choices=Kind.choices, db_index=True)
    title = models.CharField(_("会议名称"), max_length=200)
    group = models.ForeignKey(
        "core.LeadershipGroup",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("领导小组"),
    )
    chair = models.ForeignKey(
        "core.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("主持人"),
    )
    topics = models.TextField(_("议题"))
    decisions = models.TextField(_("议定事项"), blank=True)
    attendees = models.PositiveSmallIntegerField(_("参会人数"), null=True, blank=True)

    class Meta:
        verbose_name = _("法治工作会议")
        verbose_name_plural = _("法治工作会议")
        ordering = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.held_on.year}年{self.held_on.month}月{self.held_on.day}日 {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("governance:meeting_detail", args=[self.pk])


class LawReport(ScopedModel):
    """述法: a leader's yearly account of rule-of-law duties — a township's
    principal leaders, and each village Party secretary (the unit is then the
    village). Planned while `reported_on` is empty; delivered once it is set.

    Other apps read it through `fazhi.governance.queries` (`law_reports_of`,
    `village_law_reports`)."""

    person = models.ForeignKey(
        "core.Person", on_delete=models.PROTECT, related_name="+", verbose_name=_("述法人")
    )
    title = models.CharField(_("职务"), max_length=100, blank=True)
    year = models.PositiveSmallIntegerField(_("述法年度"), db_index=True)
    reported_on = models.DateField(
        _("述法日期"), null=True, blank=True, help_text=_("尚未述法的留空。")
    )
    occasion = models.CharField(_("述法场合"), max_length=200, blank=True)
    summary = models.TextField(_("述法内容摘要"), blank=True)
    rating = models.CharField(_("评议结果"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("述法")
        verbose_name_plural = _("述法")
        ordering = ["-year", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["person", "year"], name="lawreport_once_a_year")
        ]
        indexes = [models.Index(fields=["unit", "year"], name="gov_lawreport_unit_year")]

    def __str__(self) -> str:
        return f"{self.person} {self.year}年述法"

    def clean(self) -> None:
        """The person is of the unit; the account is given in its year or early
        the next (when years are reviewed), never in the future; once a year."""
        errors: dict[str, str] = {}
        if self.person_id and self.unit_id:
            if not self.person.unit.path.startswith(self.unit.path):
                errors["person"] = f"“{self.person}”不是{self.unit}的人员。"
            else:
                clash = LawReport.objects.filter(person_id=self.person_id, year=self.year)
                if clash.exclude(pk=self.pk).exists():
                    errors["person"] = f"“{self.person}”{self.year}年的述法已登记。"
        if self.reported_on is not None:
            if self.reported_on > timezone.localdate():
                errors["reported_on"] = "述法日期不能晚于今天。"
            elif self.year and self.reported_on.year not in (self.year, self.year + 1):
                errors["reported_on"] = f"述法日期应在{self.year}年或次年年初。"
        if errors:
            raise ValidationError(errors)

    def get_absolute_url(self) -> str:
        return reverse("governance:lawreport_detail", args=[self.pk])


# ---------------------------------------------------------------------------
# Normative documents (行政规范性文件)
# ---------------------------------------------------------------------------


class NormativeDocument(ScopedModel):
    """行政规范性文件 through its gates: consultation → legality review →
    collective deliberation → unified number → publication → filing → cleanup."""

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
    drafting_office = models.ForeignKey(
        "core.OrgUnit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("起草单位"),
    )
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
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("审核人"),
    )
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
    meeting = models.ForeignKey(
        Meeting,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("审议会议"),
    )
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

    def get_absolute_url(self) -> str:
        return reverse("governance:document_detail", args=[self.pk])

    @property
    def flagged(self) -> bool:
        return self.flags_licence or self.flags_penalty or self.flags_compulsion or self.flags_fee


class CleanupRound(ScopedModel):
    """清理: a periodic review of documents in force, with its published list."""

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

    def get_absolute_url(self) -> str:
        return reverse("governance:cleanup_detail", args=[self.pk])


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


# ---------------------------------------------------------------------------
# Legal advisers (政府法律顾问)
# ---------------------------------------------------------------------------


class LegalAdviser(ScopedModel):
    """政府法律顾问 / 公职律师 and the contract that engages them."""

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

    def get_absolute_url(self) -> str:
        return reverse("governance:adviser_detail", args=[self.pk])


class Consultation(ScopedModel):
    """法律咨询 / 合同审查 / 决策审查: one matter a legal adviser gave an opinion on."""

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
    document = models.ForeignKey(
        NormativeDocument,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="consultations",
        verbose_name=_("关联规范性文件"),
    )
    decision = models.ForeignKey(
        "MajorDecision",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="consultations",
        verbose_name=_("关联重大行政决策"),
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

    def get_absolute_url(self) -> str:
        return reverse("governance:consultation_detail", args=[self.pk])


# ---------------------------------------------------------------------------
# Major administrative decisions (重大行政决策)
# ---------------------------------------------------------------------------


class DecisionCatalogue(ScopedModel):
    """重大行政决策事项目录: the yearly list, published after party-committee consent."""

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

    def get_absolute_url(self) -> str:
        return reverse("governance:catalogue_detail", args=[self.pk])


class MajorDecision(ScopedModel):
    """重大行政决策 through its statutory steps (条例第十条至第三十六条)."""

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

    catalogue = models.ForeignKey(
        DecisionCatalogue,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="decisions",
        verbose_name=_("事项目录"),
    )
    title = models.CharField(_("决策事项"), max_length=200)
    lead_office = models.ForeignKey(
        "core.OrgUnit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("承办单位"),
    )
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
    meeting = models.ForeignKey(
        Meeting,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("讨论会议"),
    )
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

    def get_absolute_url(self) -> str:
        return reverse("governance:decision_detail", args=[self.pk])

    @property
    def had_public_participation(self) -> bool:
        return bool(self.consultation_start or self.hearing_on)


# ---------------------------------------------------------------------------
# Open government information (政务公开)
# ---------------------------------------------------------------------------


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


class ProactiveDisclosure(ScopedModel):
    """主动公开: one item published within 20 working days (条例第二十六条)."""

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

    def get_absolute_url(self) -> str:
        return reverse("governance:proactive_detail", args=[self.pk])


class DisclosureRequest(ScopedModel):
    """依申请公开: a request for government information (条例第二十七条至第四十五条)."""

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
    id_number = models.CharField(_("身份证件号码"), max_length=18, blank=True)
    phone = models.CharField(_("联系电话"), max_length=20)
    address = models.CharField(_("通信地址"), max_length=200, blank=True)
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
        return f"依申请公开 {self.code}"

    def get_absolute_url(self) -> str:
        return reverse("governance:request_detail", args=[self.pk])

    @property
    def id_number_masked(self) -> str:
        from fazhi.core.validators import mask_id_number

        return mask_id_number(self.id_number)

    @property
    def phone_masked(self) -> str:
        from fazhi.core.validators import mask_phone

        return mask_phone(self.phone)


# ---------------------------------------------------------------------------
# Supervision, case-file evaluation, rectification, assessment
# ---------------------------------------------------------------------------


class SupervisionCheck(ScopedModel):
    """行政执法监督检查: an inspection of enforcement work of a unit."""

    class Kind(models.TextChoices):
        ROUTINE = "routine", _("日常监督")
        SPECIAL = "special", _("专项检查")
        COMPLAINT = "complaint", _("投诉核查")

    title = models.CharField(_("检查名称"), max_length=200)
    kind = models.CharField(_("检查类别"), max_length=20, choices=Kind.choices)
    checked_unit = models.ForeignKey(
        "core.OrgUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("被检查单位")
    )
    checked_on = models.DateField(_("检查日期"), db_index=True)
    inspectors = models.CharField(_("检查人员"), max_length=200, blank=True)
    summary = models.TextField(_("检查情况"), blank=True)

    class Meta:
        verbose_name = _("执法监督检查")
        verbose_name_plural = _("执法监督检查")
        ordering = ["-checked_on", "-pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("governance:check_detail", args=[self.pk])


class CaseFileEvaluation(ScopedModel):
    """案卷评查: the review of a closed enforcement case file."""

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

    def get_absolute_url(self) -> str:
        return reverse("governance:evaluation_detail", args=[self.pk])


class Rectification(ScopedModel):
    """整改: a fix ordered for one finding, with owner and deadline (a clock)."""

    class Status(models.TextChoices):
        OPEN = "open", _("整改中")
        CLOSED = "closed", _("已整改销号")

    check_record = models.ForeignKey(
        SupervisionCheck,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="rectifications",
        verbose_name=_("监督检查"),
    )
    evaluation = models.ForeignKey(
        CaseFileEvaluation,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="rectifications",
        verbose_name=_("案卷评查"),
    )
    finding = models.TextField(_("发现问题"))
    requirement = models.TextField(_("整改要求"), blank=True)
    owner_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("整改责任人"),
    )
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

    def get_absolute_url(self) -> str:
        return reverse("governance:rectification_detail", args=[self.pk])

    def clean(self) -> None:
        check_assignee(self.owner_user if self.owner_user_id else None)


class Assessment(ScopedModel):
    """依法行政考核: the year's assessment with its indicator set."""

    year = models.PositiveSmallIntegerField(_("年度"), db_index=True)
    title = models.CharField(_("考核名称"), max_length=200)

    class Meta:
        verbose_name = _("依法行政考核")
        verbose_name_plural = _("依法行政考核")
        ordering = ["-year", "pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("governance:assessment_detail", args=[self.pk])


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
    target = models.ForeignKey(
        "core.OrgUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("被考核单位")
    )
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


# ---------------------------------------------------------------------------
# Reconsideration and litigation (行政复议 / 行政诉讼)
# ---------------------------------------------------------------------------


class CaseResult(models.TextChoices):
    # Columns of the national OGI table and the annual report.
    PENDING = "pending", _("尚未审结")
    UPHELD = "upheld", _("维持")
    CORRECTED = "corrected", _("纠正（变更/确认违法/责令履行）")
    REVOKED = "revoked", _("撤销")
    OTHER = "other", _("其他结果（驳回/撤回/调解）")


class ReconsiderationCase(ScopedModel):
    """行政复议 where the township is the respondent."""

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

    def get_absolute_url(self) -> str:
        return reverse("governance:reconsideration_detail", args=[self.pk])


class LitigationCase(ScopedModel):
    """行政诉讼 where the township is the defendant; 负责人出庭应诉 recorded."""

    case_no = models.CharField(_("案号"), max_length=60)
    plaintiff = models.CharField(_("原告"), max_length=100)
    matter = models.CharField(_("被诉行政行为"), max_length=300)
    court = models.CharField(_("审理法院"), max_length=100)
    after_reconsideration = models.BooleanField(_("经复议后起诉"), default=False)
    ogi_related = models.BooleanField(_("涉及政府信息公开"), default=False)
    filed_on = models.DateField(_("立案日期"), db_index=True)
    hearing_on = models.DateField(_("开庭日期"), null=True, blank=True)
    head_appeared = models.BooleanField(_("负责人出庭应诉"), default=False)
    appeared_person = models.ForeignKey(
        "core.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("出庭负责人"),
    )
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

    def get_absolute_url(self) -> str:
        return reverse("governance:litigation_detail", args=[self.pk])
