"""Legal publicity (普法) and cadres' law study (学法用法).

LAW.md §5 and §6: there are no statutory deadlines here; what the township must
show is a plan made at the start of the year, the activities that carried it
out, whom they reached (and whom they did not), and that its cadres studied
and sat the yearly law exam. Sectors, topics and campaigns are data.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from decimal import Decimal
from typing import ClassVar

from django.contrib.contenttypes.models import ContentType
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.formats import date_format
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _

from fazhi.core import inputs
from fazhi.core.clocks import load_calendar
from fazhi.core.i18n import shown, stored
from fazhi.core.models import (
    CalendarDay,
    DetailPage,
    Person,
    ScopedModel,
    TransitionRecord,
    optional_ref,
    ref,
)
from fazhi.core.workdays import statutory_holidays


def dated_title(day: dt.date, title: str) -> str:
    """“2024年3月10日 法治宣传赶集日”: a record's name, in Chinese (the audit
    trail keeps it as the object's name), shown translated (core.i18n.shown)
    where a page names the record."""
    return gettext_noop("%(year)s年%(month)s月%(day)s日 %(title)s") % {
        "year": day.year,
        "month": day.month,
        "day": day.day,
        "title": title,
    }


class Sector(models.Model):
    """法律进机关 / 进企业 / 进村庄 / 进学校 / 进社区: the audience sectors.

    A fixed list (GLOSSARY `Sector`) kept as rows so activities and plan items
    refer to it with a foreign key and the coverage matrix is one join."""

    class Code(models.TextChoices):
        AGENCY = "agency", _("机关")
        ENTERPRISE = "enterprise", _("企业")
        VILLAGE = "village", _("村庄")
        SCHOOL = "school", _("学校")
        COMMUNITY = "community", _("社区")

    code = models.CharField(_("代码"), max_length=20, primary_key=True, choices=Code.choices)
    name = models.CharField(_("名称"), max_length=20, unique=True)
    order = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("宣传对象领域")
        verbose_name_plural = _("宣传对象领域")
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return self.name

    @property
    def display_name(self) -> str:
        """The name in the reader's language (a seeded name is a catalogue entry)."""
        return shown(self.name)


class Topic(models.Model):
    """宣传主题 (社会治安, 婚姻家庭, 土地管理 …): data, not code."""

    name = models.CharField(_("主题"), max_length=50, unique=True)
    laws = models.CharField(_("相关法律"), max_length=300, blank=True)
    order = models.PositiveSmallIntegerField(_("排序"), default=100)
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("宣传主题")
        verbose_name_plural = _("宣传主题")
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name

    @property
    def display_name(self) -> str:
        return shown(self.name)


class Campaign(models.Model):
    """主题宣传日 (12·4 宪法日, 4·15 国家安全教育日, 6·26 禁毒日 …).

    A fixed-date campaign has `month` and `day`; a festival campaign (春节) has
    `holiday_name` and falls on the first official holiday day of that name in
    the work calendar, so its date follows the lunar calendar without a rule here.
    """

    name = models.CharField(_("名称"), max_length=60, unique=True)
    month = models.PositiveSmallIntegerField(
        _("月份"), validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    day = models.PositiveSmallIntegerField(
        _("日"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(31)]
    )
    duration_days = models.PositiveSmallIntegerField(_("持续天数"), default=1)
    holiday_name = models.CharField(
        _("节日名称"),
        max_length=20,
        blank=True,
        help_text=_("农历节日填写工作日历中的节日名称（如“春节”），日期按当年放假安排确定。"),
    )
    topic = optional_ref(Topic, _("主题"), on_delete=models.SET_NULL)
    laws = models.CharField(_("相关法律"), max_length=300, blank=True)
    order = models.PositiveSmallIntegerField(_("排序"), default=100)

    class Meta:
        verbose_name = _("主题宣传日")
        verbose_name_plural = _("主题宣传日")
        ordering = ["month", "day", "order"]

    def __str__(self) -> str:
        return self.name

    @property
    def display_name(self) -> str:
        return shown(self.name)

    def date_in(self, year: int) -> dt.date | None:
        """The campaign's first day in `year` (None if the calendar lacks the festival).

        A festival's days come from the year's holiday notice; before the
        notice is entered (a plan made in January) from the statutory days
        of the provisional calendar, as a clock's are (`date_is_provisional`):
        春节 2028 begins in January, not in the campaign's usual February."""
        if self.holiday_name:
            first = (
                CalendarDay.objects.filter(
                    date__year=year, kind=CalendarDay.Kind.HOLIDAY, name__contains=self.holiday_name
                )
                .order_by("date")
                .values_list("date", flat=True)
                .first()
            )
            if first is None and self.date_is_provisional(year):
                days = statutory_holidays(year)
                first = min((d for d, n in days.items() if self.holiday_name in n), default=None)
            return first
        day = min(self.day or 1, calendar.monthrange(year, self.month)[1])
        return dt.date(year, self.month, day)

    def date_is_provisional(self, year: int) -> bool:
        """A festival's date in a year whose holiday notice is not entered."""
        return bool(self.holiday_name) and load_calendar().is_provisional(year)


class PublicityPlan(ScopedModel, DetailPage):
    """普法工作计划: the year's plan (or the five-year plan it belongs to)."""

    detail_view = "publicity:plan_detail"
    # 计划要点: a plan's substance, longer than a note (core.inputs).
    text_limits: ClassVar[dict[str, int]] = {"summary": inputs.RECORD}

    class Kind(models.TextChoices):
        ANNUAL = "annual", _("年度计划")
        FIVE_YEAR = "five_year", _("五年规划")

    class Status(models.TextChoices):
        DRAFT = "draft", _("草拟")
        ADOPTED = "adopted", _("已印发")
        CLOSED = "closed", _("已总结")

    # Allowed transitions, checked in one place (core.steps.move, called by
    # workflow._common.transition).
    TRANSITIONS: ClassVar[dict[str, frozenset[str]]] = {
        Status.DRAFT: frozenset({Status.ADOPTED}),
        Status.ADOPTED: frozenset({Status.CLOSED}),
        Status.CLOSED: frozenset(),
    }

    title = models.CharField(_("计划名称"), max_length=200)
    kind = models.CharField(_("类别"), max_length=10, choices=Kind.choices, default=Kind.ANNUAL)
    start_year = models.PositiveSmallIntegerField(
        _("起始年度"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    end_year = models.PositiveSmallIntegerField(
        _("截止年度"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    parent = optional_ref(
        "self", _("所属五年规划"), on_delete=models.SET_NULL, related_name="annual_plans"
    )
    status = models.CharField(
        _("状态"), max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    adopted_on = models.DateField(_("印发日期"), null=True, blank=True)
    doc_no = models.CharField(_("文号"), max_length=50, blank=True)
    summary = models.TextField(_("计划要点"), blank=True)
    review = models.TextField(_("年终总结"), blank=True)

    class Meta:
        verbose_name = _("普法工作计划")
        verbose_name_plural = _("普法工作计划")
        ordering = ["-start_year", "kind", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "kind", "start_year"], name="publicityplan_unique_period"
            ),
            models.CheckConstraint(
                condition=models.Q(end_year__gte=models.F("start_year")), name="publicityplan_years"
            ),
        ]
        indexes = [models.Index(fields=["unit", "start_year"], name="publicityplan_unit_year")]

    def __str__(self) -> str:
        return self.title

    @property
    def display_name(self) -> str:
        return self.title  # the township's own words

    @property
    def year_label(self) -> str:
        """The plan's period in the reader's language (2024年, 2021—2025年)."""
        if self.start_year == self.end_year:
            return gettext("%(year)s年") % {"year": self.start_year}
        return gettext("%(start)s—%(end)s年") % {"start": self.start_year, "end": self.end_year}


# The title workflow.add_campaign_items gives a campaign's item.
CAMPAIGN_TITLE = re.compile(r"开展“(.+)”主题宣传")


class PlanItem(ScopedModel, DetailPage):
    """One line of a plan: what, for whom, when, led by whom, with what money."""

    detail_view = "publicity:item_detail"

    class Status(models.TextChoices):
        PLANNED = "planned", _("未完成")
        DONE = "done", _("已完成")
        CANCELLED = "cancelled", _("已取消")

    TRANSITIONS: ClassVar[dict[str, frozenset[str]]] = {
        Status.PLANNED: frozenset({Status.DONE, Status.CANCELLED}),
        # An item goes back to planned when its last activity is deleted or cancelled.
        Status.DONE: frozenset({Status.PLANNED}),
        Status.CANCELLED: frozenset({Status.PLANNED}),
    }

    plan = models.ForeignKey(
        PublicityPlan, on_delete=models.CASCADE, related_name="items", verbose_name=_("计划")
    )
    title = models.CharField(_("工作内容"), max_length=200)
    topic = models.ForeignKey(
        Topic, on_delete=models.PROTECT, related_name="plan_items", verbose_name=_("宣传主题")
    )
    campaign = optional_ref(
        Campaign, _("主题宣传日"), on_delete=models.SET_NULL, related_name="plan_items"
    )
    target_sectors = models.ManyToManyField(
        Sector, related_name="plan_items", verbose_name=_("宣传对象领域")
    )
    target_units = models.ManyToManyField(
        "core.OrgUnit", related_name="+", blank=True, verbose_name=_("覆盖单位")
    )
    planned_month = models.DateField(
        _("计划月份"), help_text=_("该月第一天，如 2024-03-01 表示 2024年3月。")
    )
    lead_unit = ref("core.OrgUnit", _("牵头单位"))
    budget = models.DecimalField(
        _("预算(元)"),
        max_digits=12,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    status = models.CharField(
        _("完成情况"), max_length=10, choices=Status.choices, default=Status.PLANNED
    )
    done_on = models.DateField(_("完成日期"), null=True, blank=True)
    cancel_reason = models.CharField(_("取消原因"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("计划项目")
        verbose_name_plural = _("计划项目")
        ordering = ["planned_month", "pk"]
        indexes = [
            models.Index(fields=["unit", "planned_month"], name="planitem_unit_month"),
            models.Index(fields=["status", "planned_month"], name="planitem_status_month"),
        ]

    def __str__(self) -> str:
        # In Chinese (kept in the audit trail's object name), shown translated
        # (core.i18n.shown) where a page names the item.
        month = self.planned_month
        return gettext_noop("%(year)s年%(month)s月 %(title)s") % {
            "year": month.year,
            "month": month.month,
            "title": self.title,
        }

    @property
    def display_name(self) -> str:
        """The item as a page names it, in the reader's language."""
        return f"{self.get_planned_month_display()} {self.shown_title}"

    @property
    def shown_title(self) -> str:
        """The title; one the workflow wrote for a campaign (开展“…”主题宣传, in
        Chinese on the row) in the reader's language."""
        match = CAMPAIGN_TITLE.fullmatch(self.title)
        if match is None:
            return self.title
        return gettext("开展“%(name)s”主题宣传") % {"name": shown(match.group(1))}

    def get_planned_month_display(self) -> str:
        """The planned month as a month (2024年2月, March 2024), not its first day."""
        return date_format(self.planned_month, "YEAR_MONTH_FORMAT")

    @property
    def month_end(self) -> dt.date:
        last = calendar.monthrange(self.planned_month.year, self.planned_month.month)[1]
        return self.planned_month.replace(day=last)

    def is_overdue(self, today: dt.date) -> bool:
        """Not done by the end of its month (cancelled items are not overdue)."""
        return self.status == self.Status.PLANNED and self.month_end < today


class PublicityActivity(ScopedModel, DetailPage):
    """普法活动: one event, what it covered and whom it reached."""

    detail_view = "publicity:activity_detail"
    # An activity is scheduled before it is held (core.inputs).
    dates_ahead = ("date",)

    class Kind(models.TextChoices):
        LECTURE = "lecture", _("法治讲座")
        STALL = "stall", _("集中宣传(摆摊设点)")
        PERFORMANCE = "performance", _("文艺演出")
        BANNER = "banner", _("横幅标语/展板")
        CASE_EXPLANATION = "case_explanation", _("以案释法")
        ONLINE = "online", _("网络宣传")

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("待开展")
        HELD = "held", _("已开展")
        CANCELLED = "cancelled", _("已取消")

    TRANSITIONS: ClassVar[dict[str, frozenset[str]]] = {
        Status.SCHEDULED: frozenset({Status.HELD, Status.CANCELLED}),
        Status.HELD: frozenset(),
        Status.CANCELLED: frozenset(),
    }

    title = models.CharField(_("活动名称"), max_length=200)
    date = models.DateField(_("活动日期"))
    kind = models.CharField(_("形式"), max_length=20, choices=Kind.choices)
    status = models.CharField(
        _("状态"), max_length=10, choices=Status.choices, default=Status.SCHEDULED
    )
    topics = models.ManyToManyField(Topic, related_name="activities", verbose_name=_("宣传主题"))
    laws = models.CharField(_("宣传法律"), max_length=300, blank=True)
    sectors = models.ManyToManyField(Sector, related_name="activities", verbose_name=_("覆盖领域"))
    units_reached = models.ManyToManyField(
        "core.OrgUnit", related_name="+", verbose_name=_("覆盖单位")
    )
    venue = models.CharField(_("地点"), max_length=200, blank=True)
    lead_unit = ref("core.OrgUnit", _("牵头单位"))
    partner_units = models.ManyToManyField(
        "core.OrgUnit", related_name="+", blank=True, verbose_name=_("协办单位")
    )
    participants = models.PositiveIntegerField(_("参与人数"), default=0)
    materials = models.PositiveIntegerField(_("发放资料(份)"), default=0)
    cost = models.DecimalField(
        _("经费(元)"),
        max_digits=12,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    plan_item = optional_ref(
        PlanItem, _("对应计划项目"), on_delete=models.SET_NULL, related_name="activities"
    )
    campaign = optional_ref(
        Campaign, _("主题宣传日"), on_delete=models.SET_NULL, related_name="activities"
    )
    summary = models.TextField(_("活动情况"), blank=True)
    cancel_reason = models.CharField(_("取消原因"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("普法活动")
        verbose_name_plural = _("普法活动")
        ordering = ["-date", "-pk"]
        indexes = [
            models.Index(fields=["unit", "date"], name="activity_unit_date"),
            models.Index(fields=["status", "date"], name="activity_status_date"),
            models.Index(fields=["kind", "date"], name="activity_kind_date"),
        ]

    def __str__(self) -> str:
        return dated_title(self.date, self.title)

    @property
    def display_name(self) -> str:
        """The record as a page names it: its date in the reader's format."""
        return f"{date_format(self.date)} {self.title}"


class CultureSite(ScopedModel, DetailPage):
    """法治文化阵地: a permanent site (square, corridor, reading room …)."""

    detail_view = "publicity:site_detail"

    class Kind(models.TextChoices):
        SQUARE = "square", _("法治广场")
        PARK = "park", _("法治公园")
        CORRIDOR = "corridor", _("法治长廊")
        LIBRARY = "library", _("法治书屋")
        BOARD = "board", _("法治宣传栏")
        ONLINE = "online", _("网上阵地")

    name = models.CharField(_("名称"), max_length=100)
    kind = models.CharField(_("类别"), max_length=10, choices=Kind.choices)
    location = models.CharField(_("位置"), max_length=200)
    opened_on = models.DateField(_("建成日期"))
    last_refreshed_on = models.DateField(_("最近更新内容日期"), null=True, blank=True)
    closed_on = models.DateField(_("撤除日期"), null=True, blank=True)
    note = models.TextField(_("备注"), blank=True)

    class Meta:
        verbose_name = _("法治文化阵地")
        verbose_name_plural = _("法治文化阵地")
        ordering = ["unit__path", "name"]
        indexes = [models.Index(fields=["unit", "opened_on"], name="culturesite_unit_opened")]

    def __str__(self) -> str:
        return self.name

    @property
    def display_name(self) -> str:
        return self.name


class LegalLiterateVillager(ScopedModel, DetailPage):
    """法律明白人: a villager trained to explain the law to neighbours."""

    detail_view = "publicity:villager_detail"

    person = ref("core.Person", _("人员"))
    appointed_on = models.DateField(_("确定日期"))
    ended_on = models.DateField(_("退出日期"), null=True, blank=True)
    training_hours = models.DecimalField(
        _("培训学时"),
        max_digits=5,
        decimal_places=1,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    note = models.CharField(_("备注"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("法律明白人")
        verbose_name_plural = _("法律明白人")
        ordering = ["unit__path", "person__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["person"],
                condition=models.Q(ended_on__isnull=True),
                name="legalliterate_one_active",
            )
        ]
        indexes = [models.Index(fields=["unit", "appointed_on"], name="legalliterate_unit_appt")]

    def __str__(self) -> str:
        return str(self.person)

    @property
    def display_name(self) -> str:
        return str(self.person)


class ModelVillage(ScopedModel, DetailPage):
    """民主法治示范村: a village's model-village title (unit is the village)."""

    detail_view = "publicity:modelvillage_detail"

    class Level(models.TextChoices):
        NATIONAL = "national", _("全国")
        PROVINCIAL = "provincial", _("省级")
        CITY = "city", _("市级")
        COUNTY = "county", _("县级")

    level = models.CharField(_("级别"), max_length=10, choices=Level.choices)
    awarded_year = models.PositiveSmallIntegerField(_("命名年度"))
    revoked_year = models.PositiveSmallIntegerField(_("撤销年度"), null=True, blank=True)
    document_no = models.CharField(_("命名文号"), max_length=50, blank=True)

    class Meta:
        verbose_name = _("民主法治示范村")
        verbose_name_plural = _("民主法治示范村")
        ordering = ["unit__path", "-awarded_year"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "level"], name="modelvillage_unique_level")
        ]

    def __str__(self) -> str:
        return stored(
            gettext_noop("%(level)s民主法治示范村（%(unit)s）"),
            level=self.get_level_display,
            unit=self.unit,
        )

    @property
    def display_name(self) -> str:
        return gettext("%(level)s民主法治示范村（%(unit)s）") % {
            "level": self.get_level_display(),
            "unit": self.unit,
        }


class LawStudy(ScopedModel, DetailPage):
    """学法用法: one study session of cadres (theory group, pre-meeting, training)."""

    detail_view = "publicity:study_detail"

    class Kind(models.TextChoices):
        THEORY_GROUP = "theory_group", _("党委理论学习中心组学法")
        PRE_MEETING = "pre_meeting", _("会前学法")
        TRAINING = "training", _("专题法治培训")

    date = models.DateField(_("日期"))
    kind = models.CharField(_("形式"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("学习内容"), max_length=200)
    laws = models.CharField(_("学习法律"), max_length=300, blank=True)
    hours = models.DecimalField(
        _("学时"),
        max_digits=4,
        decimal_places=1,
        validators=[MinValueValidator(Decimal("0.5")), MaxValueValidator(Decimal("24"))],
    )
    speaker = models.CharField(_("主讲人"), max_length=100, blank=True)
    attendees: models.ManyToManyField[Person, LawStudyAttendance] = models.ManyToManyField(
        "core.Person",
        through="LawStudyAttendance",
        related_name="+",
        verbose_name=_("参学人员"),
    )

    class Meta:
        verbose_name = _("学法活动")
        verbose_name_plural = _("学法活动")
        ordering = ["-date", "-pk"]
        indexes = [models.Index(fields=["unit", "date"], name="lawstudy_unit_date")]

    def __str__(self) -> str:
        return dated_title(self.date, self.title)

    @property
    def display_name(self) -> str:
        """The record as a page names it: its date in the reader's format."""
        return f"{date_format(self.date)} {self.title}"


class LawStudyAttendance(models.Model):
    """One cadre at one session (a person-time, 人次)."""

    scope_field = "study__unit"

    study = models.ForeignKey(
        LawStudy, on_delete=models.CASCADE, related_name="attendance", verbose_name=_("学法活动")
    )
    person = ref("core.Person", _("人员"))

    class Meta:
        verbose_name = _("参学记录")
        verbose_name_plural = _("参学记录")
        constraints = [
            models.UniqueConstraint(fields=["study", "person"], name="lawstudy_attendance_unique")
        ]

    def __str__(self) -> str:
        return f"{self.person_id}@{self.study_id}"


class LawExam(ScopedModel, DetailPage):
    """学法考试: one cadre's yearly law exam (the roll row, then the result).

    `unit` is the cadre's unit. `pass_mark` keeps the mark in force when the
    result was recorded, so a later change of the setting does not rewrite history.
    """

    detail_view = "publicity:exam_detail"

    year = models.PositiveSmallIntegerField(
        _("年度"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    person = ref("core.Person", _("人员"))
    sat = models.BooleanField(_("参考"), default=False)
    exam_date = models.DateField(_("考试日期"), null=True, blank=True)
    score = models.DecimalField(_("成绩"), max_digits=5, decimal_places=1, null=True, blank=True)
    pass_mark = models.DecimalField(
        _("合格分数线"), max_digits=5, decimal_places=1, null=True, blank=True
    )
    passed = models.BooleanField(_("合格"), null=True, blank=True)
    absence_reason = models.CharField(_("未参考原因"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("学法考试")
        verbose_name_plural = _("学法考试")
        ordering = ["-year", "unit__path", "person__name"]
        constraints = [
            models.UniqueConstraint(fields=["year", "person"], name="lawexam_unique_year_person")
        ]
        indexes = [models.Index(fields=["unit", "year"], name="lawexam_unit_year")]

    def __str__(self) -> str:
        return gettext_noop("%(year)s年 %(person)s") % {"year": self.year, "person": self.person}

    @property
    def display_name(self) -> str:
        return gettext("%(year)s年 %(person)s") % {"year": self.year, "person": self.person}


class StatusChange(TransitionRecord):
    """State history of any publicity record (generic: content type and id)."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()

    class Meta(TransitionRecord.Meta):
        verbose_name = _("状态变更")
        verbose_name_plural = _("状态变更")
        indexes = [models.Index(fields=["content_type", "object_id"], name="publicity_status_obj")]
