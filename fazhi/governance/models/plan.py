"""The annual plan (年度工作方案) and its tasks, rule-of-law meetings, and
leaders' reports on their legal duties (述法)."""

from __future__ import annotations

from typing import ClassVar

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from fazhi.core.models import DetailPage, ScopedModel, optional_ref, ref, user_ref

from ._common import check_new_assignee, check_new_person


class WorkPlan(ScopedModel, DetailPage):
    """年度工作方案: the unit's yearly rule-of-law work plan."""

    detail_view = "governance:plan_detail"

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


class WorkTask(ScopedModel, DetailPage):
    """任务分解: one task of a plan, owned by a unit (the record's unit) and a person."""

    detail_view = "governance:task_detail"

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
    owner_person = optional_ref("core.Person", _("责任人"))
    owner_user = user_ref(_("提醒账号"), help_text=_("到期和超期提醒发送给该账号。"))
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

    def clean(self) -> None:
        check_new_assignee(self)
        check_new_person(self, "owner_person")

    @property
    def is_overdue(self) -> bool:
        from django.utils import timezone

        open_states = (self.Status.OPEN, self.Status.IN_PROGRESS)
        return (
            self.status in open_states
            and self.due_date is not None
            and self.due_date < timezone.localdate()
        )


class Meeting(ScopedModel, DetailPage):
    """A meeting of the party committee / government / leadership group that
    studied rule-of-law work (研究法治工作的会议)."""

    detail_view = "governance:meeting_detail"

    class Kind(models.TextChoices):
        PARTY_COMMITTEE = "party_committee", _("党委会")
        GOVERNMENT_EXECUTIVE = "government_executive", _("政府常务会")
        JOINT = "joint", _("党政联席会")
        LEADERSHIP_GROUP = "leadership_group", _("领导小组会议")
        STUDY = "study", _("会前学法")

    held_on = models.DateField(_("会议日期"), db_index=True)
    kind = models.CharField(_("会议类别"), max_length=30, choices=Kind.choices, db_index=True)
    title = models.CharField(_("会议名称"), max_length=200)
    group = optional_ref("core.LeadershipGroup", _("领导小组"))
    chair = optional_ref("core.Person", _("主持人"))
    topics = models.TextField(_("议题"))
    decisions = models.TextField(_("议定事项"), blank=True)
    attendees = models.PositiveSmallIntegerField(_("参会人数"), null=True, blank=True)

    class Meta:
        verbose_name = _("法治工作会议")
        verbose_name_plural = _("法治工作会议")
        ordering = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return f"{date_format(self.held_on)} {self.title}"


class LawReport(ScopedModel, DetailPage):
    """述法: a leader's yearly account of rule-of-law duties — a township's
    principal leaders, and each village Party secretary (the unit is then the
    village). Planned while `reported_on` is empty; delivered once it is set.

    Other apps read it through `fazhi.governance.queries` (`law_reports_of`,
    `village_law_reports`)."""

    detail_view = "governance:lawreport_detail"

    person = ref("core.Person", _("述法人"))
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
        return _("%(person)s %(year)s年述法") % {"person": self.person, "year": self.year}

    def clean(self) -> None:
        """The person is of the unit; the account is given in its year or early
        the next (when years are reviewed), never in the future; once a year."""
        errors: dict[str, str] = {}
        if self.person_id and self.unit_id:
            if not self.person.unit.path.startswith(self.unit.path):
                errors["person"] = _("“%(person)s”不是%(unit)s的人员。") % {
                    "person": self.person,
                    "unit": self.unit,
                }
            else:
                clash = LawReport.objects.filter(person_id=self.person_id, year=self.year)
                if clash.exclude(pk=self.pk).exists():
                    errors["person"] = _("“%(person)s”%(year)s年的述法已登记。") % {
                        "person": self.person,
                        "year": self.year,
                    }
        if self.reported_on is not None:
            if self.reported_on > timezone.localdate():
                errors["reported_on"] = str(_("述法日期不能晚于今天。"))
            elif self.year and self.reported_on.year not in (self.year, self.year + 1):
                errors["reported_on"] = _("述法日期应在%(year)s年或次年年初。") % {
                    "year": self.year
                }
        if errors:
            raise ValidationError(errors)
