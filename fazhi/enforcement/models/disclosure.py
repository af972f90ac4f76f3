"""Publication of penalty decisions (行政执法公示)."""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _

from fazhi.core.models import ScopedModel

from .cases import EnforcementCase


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
        return _("%(number)s 公示") % {"number": self.case.decision_number or self.case.number}

    @property
    def on_time(self) -> bool | None:
        if self.published_on is None or self.due_on is None:
            return None
        return self.published_on <= self.due_on
