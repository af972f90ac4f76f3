"""Petitions (信访): the matter, its petitioners, its stage history, appeals,
reception days and outreach visits.

The stage is a field with its allowed-transition table next to it
(`TRANSITIONS`); `workflow/` is the only code that changes it, and every
change writes a `StageChange` row (who, when, from, to, note).
"""

from __future__ import annotations

from typing import Any, ClassVar, Self

from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from fazhi.core.fields import BlindIndexField, EncryptedCharField
from fazhi.core.history import tracked
from fazhi.core.models import (
    DetailPage,
    MaskedContact,
    OrgUnit,
    Person,
    ScopedManager,
    ScopedModel,
    ScopedQuerySet,
    TransitionRecord,
    optional_ref,
    ref,
    scope_prefix,
    scope_unit_ids,
    user_ref,
)
from fazhi.core.models.org import PATH_STEP
from fazhi.core.validators import validate_id_number


class Channel(models.TextChoices):
    """《信访工作条例》第十七条: the intake channels."""

    VISIT = "visit", _("来访")
    LETTER = "letter", _("来信")
    CALL = "call", _("来电")
    ONLINE = "online", _("网上信访")


class Source(models.TextChoices):
    DIRECT = "direct", _("直接收到")
    TRANSFERRED = "transferred", _("上级转送交办")


class Category(models.TextChoices):
    """《信访工作条例》第二十九至三十一条."""

    SUGGESTION = "suggestion", _("建议意见类")
    ACCUSATION = "accusation", _("检举控告类")
    CLAIM = "claim", _("申诉求决类")


class Stage(models.TextChoices):
    REGISTERED = "registered", _("已登记")
    ACCEPTED = "accepted", _("已受理（办理中）")
    DECLINED = "declined", _("不予受理")
    REFERRED = "referred", _("导入法定程序")
    OBJECTED = "objected", _("转送异议")
    REPLIED = "replied", _("已答复")
    REVIEW = "review", _("复查中")
    REVIEWED = "reviewed", _("已复查")
    RE_REVIEW = "re_review", _("复核中")
    FINAL = "final", _("复核终结")
    CLOSED = "closed", _("已办结")


# The allowed transitions, checked in one place (workflow._common.transition).
# A closed matter may still be appealed while its 30-day window runs
# (《信访工作条例》第三十五、三十六条); workflow checks the window.
TRANSITIONS: dict[str, frozenset[str]] = {
    Stage.REGISTERED: frozenset({Stage.ACCEPTED, Stage.DECLINED, Stage.REFERRED, Stage.OBJECTED}),
    Stage.ACCEPTED: frozenset({Stage.REPLIED}),
    Stage.REPLIED: frozenset({Stage.REVIEW, Stage.CLOSED}),
    Stage.REVIEW: frozenset({Stage.REVIEWED}),
    Stage.REVIEWED: frozenset({Stage.RE_REVIEW, Stage.CLOSED}),
    Stage.RE_REVIEW: frozenset({Stage.FINAL}),
    Stage.CLOSED: frozenset({Stage.REVIEW, Stage.RE_REVIEW}),
    Stage.DECLINED: frozenset(),
    Stage.REFERRED: frozenset(),
    Stage.OBJECTED: frozenset(),
    Stage.FINAL: frozenset(),
}
# The decisions on a registered matter other than 受理 (each ends it).
NOT_TAKEN_UP = frozenset({Stage.DECLINED, Stage.REFERRED, Stage.OBJECTED})
OPEN_STAGES = frozenset(
    {Stage.REGISTERED, Stage.ACCEPTED, Stage.REPLIED, Stage.REVIEW, Stage.REVIEWED, Stage.RE_REVIEW}
)


class Procedure(models.TextChoices):
    """《信访工作条例》第三十一条第一至五项: statutory procedures a claim is channelled into."""

    LITIGATION = "litigation", _("诉讼")
    ARBITRATION = "arbitration", _("仲裁")
    RECONSIDERATION = "reconsideration", _("行政复议")
    LICENSING = "licensing", _("行政许可/确认等程序")
    PENALTY = "penalty", _("行政处罚/纪检监察等程序")
    OTHER = "other", _("其他法定程序")


class Outcome(models.TextChoices):
    """《信访工作条例》第三十二条: the three outcomes of a handling opinion."""

    SUPPORT = "support", _("予以支持")
    EXPLAIN = "explain", _("解释说明")
    NOT_SUPPORT = "not_support", _("不予支持")


class ResponsibleLevel(models.TextChoices):
    """分级负责: minor matters stay in the village, major ones in the township (Art 15)."""

    TOWNSHIP = "township", _("乡镇")
    VILLAGE = "village", _("村（社区）")


class Satisfaction(models.TextChoices):
    SATISFIED = "satisfied", _("满意")
    BASICALLY = "basically", _("基本满意")
    UNSATISFIED = "unsatisfied", _("不满意")


def ancestor_paths(path: str) -> list[str]:
    """Every prefix path of a unit path: the unit itself and its ancestors."""
    step = PATH_STEP + 1
    return [path[: i + step] for i in range(0, len(path), step)]


class PetitionQuerySet(ScopedQuerySet):
    """Scope of petitions.

    A user sees a petition held by a unit in their subtree, or one assigned
    to a unit in their subtree (a village handling at its own level,
    分级负责) — minus accusations against their own unit: a user belonging to
    the accused unit (it or a unit below it) never sees the matter
    (《信访工作条例》第三十条).
    """

    def visible_to(self, user: Any) -> Self:
        prefix = scope_prefix(user)
        if prefix is None:
            return self.none()
        if prefix == "":
            return self
        units = scope_unit_ids(user, prefix)
        return self.filter(Q(unit__in=units) | Q(responsible_unit__in=units)).exclude(
            accused_unit__in=OrgUnit.objects.filter(path__in=ancestor_paths(prefix)).values("pk")
        )

    def open(self) -> Self:
        return self.filter(stage__in=OPEN_STAGES)


class PetitionManager(ScopedManager.from_queryset(PetitionQuerySet)):  # type: ignore[misc]
    pass


# What stands in an accusation's (检举控告类) subject wherever it is not read
# with a reason on its own page (《信访工作条例》第三十条: kept from the accused):
# lists, pickers, links, the API's list, the search (petitions.queries.WITHHELD).
WITHHELD = _("（检举控告类，查看需填写理由）")


@tracked("PetitionHistory")
class Petition(ScopedModel, DetailPage):
    """信访事项: one petition matter from registration to final appeal."""

    detail_view = "petitions:detail"

    number = models.CharField(_("编号"), max_length=40, unique=True)
    query_code = models.CharField(_("查询码"), max_length=16, unique=True)
    channel = models.CharField(_("信访形式"), max_length=10, choices=Channel.choices)
    source = models.CharField(
        _("来源"), max_length=12, choices=Source.choices, default=Source.DIRECT
    )
    sending_body = models.CharField(_("转送交办机关"), max_length=100, blank=True)
    sending_ref = models.CharField(_("转送交办文号"), max_length=60, blank=True)
    category = models.CharField(_("信访类别"), max_length=12, choices=Category.choices)
    title = models.CharField(_("信访事由"), max_length=200)
    content = models.TextField(_("信访内容"))
    received_on = models.DateField(_("收到日期"))
    group_size = models.PositiveIntegerField(
        _("来访人数"), default=1, help_text=_("集体访的总人数；代表人在信访人中标明。")
    )
    involved_unit = optional_ref(OrgUnit, _("涉及单位"))
    accused_unit = optional_ref(
        OrgUnit, _("被检举控告单位"), help_text=_("检举控告类：被检举控告的单位看不到本事项。")
    )
    stage = models.CharField(
        _("办理阶段"), max_length=12, choices=Stage.choices, default=Stage.REGISTERED
    )
    via_public = models.BooleanField(_("群众网上提交"), default=False)
    reception = optional_ref(
        "Reception", _("来源接访记录"), on_delete=models.SET_NULL, related_name="petitions"
    )

    # Repeat-petition detection (same petitioner by ID number, or near-identical matter).
    repeat_of = optional_ref(
        "self", _("重复信访关联事项"), on_delete=models.SET_NULL, related_name="repeats"
    )
    is_repeat = models.BooleanField(_("重复信访"), default=False)
    after_final = models.BooleanField(
        _("复核终结后同一事项"),
        default=False,
        help_text=_("《信访工作条例》第三十六条第三款：复核终结后同一事实和理由不再受理。"),
    )
    repeat_reason = models.CharField(_("重复信访说明"), max_length=200, blank=True)

    # Decision (受理 / 不予受理 / 导入程序 / 转送异议).
    decided_on = models.DateField(_("决定日期"), null=True, blank=True)
    competent_body = models.CharField(_("有权处理机关"), max_length=100, blank=True)
    procedure = models.CharField(
        _("导入的法定程序"), max_length=20, choices=Procedure.choices, blank=True
    )
    decision_note = models.TextField(_("决定理由"), blank=True)

    # Handling (办理), tiered responsibility and leader-owned key cases.
    responsible_unit = optional_ref(OrgUnit, _("承办单位"))
    responsible_level = models.CharField(
        _("分级负责层级"), max_length=10, choices=ResponsibleLevel.choices, blank=True
    )
    handler = user_ref(_("承办人"))
    is_key_case = models.BooleanField(_("重点案件"), default=False)
    owner_leader = optional_ref(Person, _("包案领导"))
    investigation = models.TextField(_("调查核实情况"), blank=True)
    hearing_on = models.DateField(_("听证日期"), null=True, blank=True)
    hearing_note = models.TextField(_("听证情况"), blank=True)
    settlement = models.TextField(_("和解/调解协议"), blank=True)

    # Extension (《信访工作条例》第三十四条).
    extension_days = models.PositiveIntegerField(_("延期天数"), default=0)
    extension_reason = models.CharField(_("延期理由"), max_length=300, blank=True)
    extension_approver = optional_ref(Person, _("延期批准人"))
    extension_notice_on = models.DateField(_("延期告知日期"), null=True, blank=True)

    # Reply: the handling opinion (信访处理意见书, 《信访工作条例》第三十二条).
    reply_on = models.DateField(_("答复日期"), null=True, blank=True)
    reply_request = models.TextField(_("信访请求"), blank=True)
    reply_facts = models.TextField(_("事实和理由"), blank=True)
    reply_outcome = models.CharField(
        _("处理意见"), max_length=12, choices=Outcome.choices, blank=True
    )
    reply_basis = models.TextField(_("法律政策依据"), blank=True)
    reply_served_on = models.DateField(_("答复送达日期"), null=True, blank=True)
    resolved = models.BooleanField(_("化解"), default=False)
    closed_on = models.DateField(_("办结日期"), null=True, blank=True)

    satisfaction = models.CharField(
        _("满意度"), max_length=12, choices=Satisfaction.choices, blank=True
    )
    satisfaction_on = models.DateField(_("评价日期"), null=True, blank=True)

    # The statutory clocks on this matter (core.Clock rows), for joins in lists.
    clocks = GenericRelation("core.Clock", related_query_name="petition")

    objects: ClassVar[PetitionManager] = PetitionManager()

    class Meta:
        verbose_name = _("信访事项")
        verbose_name_plural = _("信访事项")
        ordering = ["-received_on", "-pk"]
        indexes = [
            models.Index(fields=["unit", "received_on"], name="petition_unit_received"),
            models.Index(fields=["stage", "received_on"], name="petition_stage_received"),
            models.Index(fields=["channel", "received_on"], name="petition_channel_received"),
            models.Index(fields=["category", "received_on"], name="petition_category_received"),
            models.Index(fields=["responsible_unit"], name="petition_responsible"),
            models.Index(fields=["owner_leader", "received_on"], name="petition_leader_received"),
            models.Index(fields=["accused_unit"], name="petition_accused"),
            models.Index(fields=["received_on", "id"], name="petition_received_pk"),
            # The province roll-up (issue 19): the leaders of a year's key
            # cases, and the year's replies (joined to their handling clocks),
            # each read the whole table without these (160–180 ms at 10^6
            # petitions; under 3 ms with them on the synthetic province, which
            # has neither). Key cases are few, so the partial index stays
            # small; a year's replies are a small share of a ledger of years.
            models.Index(
                fields=["received_on"],
                condition=models.Q(is_key_case=True),
                name="petition_key_received",
            ),
            models.Index(fields=["reply_on"], name="petition_reply_on"),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.listed_title}"

    @property
    def listed_title(self) -> str:
        """The subject as a list, a picker or a link shows it: an accusation's
        withheld (its page shows it after a reason, audited)."""
        return str(WITHHELD) if self.category == Category.ACCUSATION else self.title

    @property
    def is_open(self) -> bool:
        return self.stage in OPEN_STAGES

    @property
    def decided_on_label(self) -> Any:
        """What `decided_on` is on the matter's page: the 受理日期 the clerk
        entered (and a reply may not precede), or the date of a decision not
        to take it up (不予受理, 导入法定程序, 转送异议: each ends the matter)."""
        return _("决定日期") if self.stage in NOT_TAKEN_UP else _("受理日期")

    @property
    def next_stages(self) -> frozenset[str]:
        return TRANSITIONS[self.stage]

    @property
    def opinion_complete(self) -> bool:
        """《信访工作条例》第三十二条: request, facts and reasons, outcome, legal basis."""
        return all(
            (
                self.reply_request.strip(),
                self.reply_facts.strip(),
                self.reply_outcome,
                self.reply_basis.strip(),
            )
        )


class StageChange(TransitionRecord):
    """One row per stage change (Signalen style): who, when, from, to, why."""

    from_field = "from_stage"
    to_field = "to_stage"

    petition = models.ForeignKey(
        Petition, on_delete=models.CASCADE, related_name="stage_changes", verbose_name=_("信访事项")
    )
    from_status = None  # type: ignore[assignment]  # the petition's state is its stage
    to_status = None  # type: ignore[assignment]
    from_stage = models.CharField(_("原阶段"), max_length=12, choices=Stage.choices, blank=True)
    to_stage = models.CharField(_("新阶段"), max_length=12, choices=Stage.choices)
    on = models.DateField(_("日期"))

    class Meta(TransitionRecord.Meta):
        verbose_name = _("阶段变更")
        verbose_name_plural = _("阶段变更")

    def __str__(self) -> str:
        return f"{self.get_from_stage_display()} → {self.get_to_stage_display()}"


class PetitionerQuerySet(models.QuerySet):
    """Petitioners follow their petition's scope (incl. the accused-unit exclusion)."""

    def visible_to(self, user: Any) -> Self:
        return self.filter(petition__in=Petition.objects.visible_to(user).values("pk"))

    def in_unit(self, unit: OrgUnit) -> Self:
        return self.filter(petition__unit__in_subtree=unit.path)


@tracked("PetitionerHistory")
class Petitioner(MaskedContact):
    """信访人: one person on a petition; in a group visit the representatives
    are marked (at most five, 《信访工作条例》第二十条)."""

    scope_field = "petition__unit"

    petition = models.ForeignKey(
        Petition, on_delete=models.CASCADE, related_name="petitioners", verbose_name=_("信访事项")
    )
    name = models.CharField(_("姓名"), max_length=50)
    # Encrypted at rest (core.fields); found by equality through the blind index.
    id_number = EncryptedCharField(
        _("身份证号码"), max_length=18, blank=True, validators=[validate_id_number]
    )
    id_number_index = BlindIndexField(source="id_number")
    phone = EncryptedCharField(_("联系电话"), max_length=20, blank=True)
    phone_index = BlindIndexField(source="phone")
    address = EncryptedCharField(_("住址"), max_length=200, blank=True)
    is_representative = models.BooleanField(_("代表人"), default=False)

    objects = PetitionerQuerySet.as_manager()

    class Meta:
        verbose_name = _("信访人")
        verbose_name_plural = _("信访人")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return self.petition.get_absolute_url()


class AppealLevel(models.TextChoices):
    REVIEW = "review", _("复查")
    RE_REVIEW = "re_review", _("复核")


class AppealResult(models.TextChoices):
    UPHELD = "upheld", _("维持原处理意见")
    CHANGED = "changed", _("变更原处理意见")
    REVOKED = "revoked", _("撤销原处理意见")


class Appeal(models.Model):
    """复查 (《信访工作条例》第三十五条) or 复核 (第三十六条) of a petition's reply."""

    scope_field = "petition__unit"

    petition = models.ForeignKey(
        Petition, on_delete=models.CASCADE, related_name="appeals", verbose_name=_("信访事项")
    )
    level = models.CharField(_("层级"), max_length=10, choices=AppealLevel.choices)
    requested_on = models.DateField(_("请求日期"))
    body = models.CharField(_("复查/复核机关"), max_length=100)
    decided_on = models.DateField(_("意见出具日期"), null=True, blank=True)
    result = models.CharField(_("结果"), max_length=10, choices=AppealResult.choices, blank=True)
    opinion = models.TextField(_("复查/复核意见"), blank=True)
    served_on = models.DateField(_("意见送达日期"), null=True, blank=True)
    hearing_from = models.DateField(_("听证开始日期"), null=True, blank=True)
    hearing_to = models.DateField(_("听证结束日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("复查复核")
        verbose_name_plural = _("复查复核")
        ordering = ["requested_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["petition", "level"], name="appeal_one_per_level")
        ]
        indexes = [models.Index(fields=["level", "requested_on"], name="appeal_level_requested")]

    def __str__(self) -> str:
        return f"{self.get_level_display()} {self.requested_on}"


class ReceptionDuty(ScopedModel, DetailPage):
    """领导接访日: a leader's scheduled day to receive visitors, published on the public site."""

    detail_view = "petitions:duty_detail"
    # A duty day is scheduled and published ahead (core.inputs).
    dates_ahead = ("date",)

    class Slot(models.TextChoices):
        MORNING = "morning", _("上午")
        AFTERNOON = "afternoon", _("下午")
        FULL_DAY = "full_day", _("全天")

    leader = ref(Person, _("接访领导"))
    date = models.DateField(_("接访日期"))
    slot = models.CharField(_("时段"), max_length=10, choices=Slot.choices, default=Slot.FULL_DAY)
    place = models.CharField(_("接访地点"), max_length=100)
    topic = models.CharField(_("接访重点"), max_length=200, blank=True)
    published = models.BooleanField(_("公开发布"), default=True)

    class Meta:
        verbose_name = _("领导接访日")
        verbose_name_plural = _("领导接访日")
        ordering = ["date", "pk"]
        indexes = [models.Index(fields=["unit", "date"], name="receptionduty_unit_date")]
        constraints = [
            models.UniqueConstraint(fields=["leader", "date", "slot"], name="receptionduty_unique")
        ]

    def __str__(self) -> str:
        return f"{self.date} {self.leader}"


class Reception(ScopedModel, DetailPage):
    """接访记录: what happened at one reception; petitions it produced link here."""

    detail_view = "petitions:reception_detail"

    duty = optional_ref(
        ReceptionDuty, _("接访日安排"), on_delete=models.SET_NULL, related_name="receptions"
    )
    leader = ref(Person, _("接访领导"))
    held_on = models.DateField(_("接访日期"))
    place = models.CharField(_("地点"), max_length=100, blank=True)
    visitor_count = models.PositiveIntegerField(_("接待群众人次"), default=0)
    summary = models.TextField(_("接访情况"), blank=True)

    class Meta:
        verbose_name = _("接访记录")
        verbose_name_plural = _("接访记录")
        ordering = ["-held_on", "-pk"]
        indexes = [models.Index(fields=["unit", "held_on"], name="reception_unit_held")]

    def __str__(self) -> str:
        return f"{self.held_on} {self.leader}"


class OutreachVisit(ScopedModel, DetailPage):
    """下访 (变上访为下访): cadres visit petitioners instead of waiting for them."""

    detail_view = "petitions:outreach_detail"

    visited_on = models.DateField(_("下访日期"))
    participants = models.ManyToManyField(
        Person, related_name="+", verbose_name=_("下访人员"), blank=True
    )
    leader = optional_ref(Person, _("带队领导"))
    visited_party = models.CharField(_("走访对象"), max_length=100)
    place = models.CharField(_("地点"), max_length=100, blank=True)
    findings = models.TextField(_("了解情况"), blank=True)
    actions = models.TextField(_("处理措施"), blank=True)
    petitions = models.ManyToManyField(
        Petition, related_name="outreach_visits", verbose_name=_("关联信访事项"), blank=True
    )

    class Meta:
        verbose_name = _("下访记录")
        verbose_name_plural = _("下访记录")
        ordering = ["-visited_on", "-pk"]
        indexes = [models.Index(fields=["unit", "visited_on"], name="outreach_unit_visited")]

    def __str__(self) -> str:
        return f"{self.visited_on} {self.visited_party}"
