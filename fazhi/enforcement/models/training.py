"""Training sessions with attendance, and qualification exams with their
registrations."""

from __future__ import annotations

from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from fazhi.core.models import DetailPage, ScopedManager, ScopedModel, ref

from .officers import Officer


class Training(ScopedModel, DetailPage):
    """执法培训: one course or session with its hours and attendees."""

    detail_view = "enforcement:training_detail"

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


class Exam(ScopedModel, DetailPage):
    """A sitting of the enforcement qualification exam (or another exam)."""

    detail_view = "enforcement:exam_detail"

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
    person = ref("core.Person", _("报名人"))
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
