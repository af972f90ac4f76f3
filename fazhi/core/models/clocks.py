"""Statutory clocks: one table for every module, so one scan finds what is due."""

import datetime as dt

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Case, F, Q, Value, When
from django.utils.translation import gettext_lazy as _

from .base import ScopedManager
from .mixins import ref


class DayUnit(models.TextChoices):
    CALENDAR = "calendar", _("日")
    WORKING = "working", _("工作日")


class Clock(models.Model):
    """A running statutory period attached to a record.

    `due_date` is derived from start, length, pauses and extensions by the pure
    functions in core.workdays and stored so lists filter and sort on it in SQL.
    Only core.clocks changes a clock.
    """

    class Status(models.TextChoices):
        RUNNING = "running", _("计时中")
        PAUSED = "paused", _("中止")
        STOPPED = "stopped", _("已完成")

    scope_field = "unit"
    # A clock may start ahead: a year's report is due counting from the day
    # after the year ends (报送县级 by 3月1日, LAW.md), and its clocks are set
    # when the draft is generated, in December (core.inputs).
    dates_ahead = ("start_date",)

    unit = ref("core.OrgUnit", _("所属单位"))
    kind = models.CharField(_("时限类别"), max_length=60, db_index=True)
    label = models.CharField(_("时限名称"), max_length=100)
    legal_basis = models.CharField(_("依据"), max_length=200, blank=True)
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")
    start_date = models.DateField(_("起算日"))
    length = models.PositiveIntegerField(_("期限"))
    day_unit = models.CharField(_("计算单位"), max_length=10, choices=DayUnit.choices)
    count_start = models.BooleanField(_("起算日计入"), default=False)
    extension_days = models.PositiveIntegerField(_("延长天数"), default=0)
    status = models.CharField(
        _("状态"), max_length=10, choices=Status.choices, default=Status.RUNNING
    )
    due_date = models.DateField(_("截止日"), null=True, blank=True)
    stopped_on = models.DateField(_("完成日"), null=True, blank=True)
    # The first year counted on the provisional calendar (its State Council
    # notice not entered yet) when the due date was computed, else null: the
    # due date is 暂定 and is recomputed when that notice is entered.
    provisional_year = models.PositiveSmallIntegerField(
        _("暂定年度"), null=True, blank=True, db_index=True
    )
    explanation = models.JSONField(_("计算说明"), default=list, blank=True)
    recipients = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="clocks", verbose_name=_("提醒对象")
    )
    url = models.CharField(_("链接"), max_length=200, blank=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = _("办理时限")
        verbose_name_plural = _("办理时限")
        ordering = ["due_date", "pk"]
        indexes = [
            models.Index(fields=["status", "due_date"], name="clock_status_due"),
            models.Index(fields=["content_type", "object_id", "kind"], name="clock_target_kind"),
        ]

    def __str__(self) -> str:
        return self.text(self.label, self.due_date)

    @staticmethod
    def text(label: str, due_date: dt.date | None) -> str:
        """How a clock reads (its audit rows' `object_repr`): its label and
        due date; for a batch writing clocks from values (a ledger import)."""
        return f"{label} {due_date or ''}"

    @property
    def period(self) -> str:
        """The period as a reader says it: “15日”, “20个工作日” in Chinese,
        “15 days” in English (the number and the unit were written side by
        side in the templates, which read “15days”)."""
        from django.utils.translation import gettext

        return gettext("%(length)s%(unit)s") % {
            "length": self.length,
            "unit": self.get_day_unit_display(),
        }

    @property
    def provisional(self) -> bool:
        """The due date is 暂定 and that still matters to someone: not once the
        work was done before the provisional year began (`settled_early`)."""
        return (
            self.provisional_year is not None
            and self.due_date is not None
            and not self.settled_early
        )

    @property
    def settled_early(self) -> bool:
        """Done before the first provisional year began. A due date counted
        into a year falls in that year or later, whatever its notice adds
        (holidays or make-up workdays), so work done by 31 December was on
        time for certain: its 暂定 mark would only ask the clerk to wait for
        nothing. The date is still recomputed when the notice is entered."""
        return (
            self.status == self.Status.STOPPED
            and self.stopped_on is not None
            and self.provisional_year is not None
            and self.stopped_on.year < self.provisional_year
        )

    @property
    def shown_provisional_year(self) -> int | None:
        """`provisional_year` where the 暂定 mark is shown, else None."""
        return self.provisional_year if self.provisional else None

    @property
    def provisional_note(self) -> str:
        """“暂定（2027年放假安排未公布）” beside a provisional due date, else ""."""
        if not self.provisional or self.provisional_year is None:
            return ""
        from fazhi.core.workdays import provisional_note

        last = self.due_date.year if self.due_date else None
        return provisional_note(self.provisional_year, last)

    @property
    def on_time(self) -> bool | None:
        if self.status != self.Status.STOPPED or not self.stopped_on or not self.due_date:
            return None
        return self.stopped_on <= self.due_date


def shown_provisional_year(prefix: str = "") -> Case:
    """`Clock.shown_provisional_year` in SQL, for the clock at `prefix` (a
    relation's name, "" for a Clock queryset): null once the work was done
    before that year began (`Clock.settled_early`)."""
    at = f"{prefix}__" if prefix else ""
    return Case(
        When(
            Q(**{f"{at}status": Clock.Status.STOPPED})
            & Q(**{f"{at}stopped_on__year__lt": F(f"{at}provisional_year")}),
            then=Value(None),
        ),
        default=F(f"{at}provisional_year"),
        output_field=models.PositiveSmallIntegerField(null=True),
    )


class ClockEvent(models.Model):
    class Kind(models.TextChoices):
        START = "start", _("起算")
        PAUSE = "pause", _("中止")
        RESUME = "resume", _("恢复")
        EXTEND = "extend", _("延长")
        STOP = "stop", _("完成")

    # A clock's start event is dated on its start, which may lie ahead (Clock).
    dates_ahead = ("on",)

    clock = models.ForeignKey(Clock, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("事件"), max_length=10, choices=Kind.choices)
    on = models.DateField(_("日期"))
    days = models.PositiveIntegerField(_("天数"), default=0)
    reason = models.CharField(_("理由"), max_length=300, blank=True)
    approver = models.CharField(_("批准人"), max_length=100, blank=True)
    legal_basis = models.CharField(_("依据"), max_length=200, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("时限事件")
        verbose_name_plural = _("时限事件")
        ordering = ["on", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.on}"
