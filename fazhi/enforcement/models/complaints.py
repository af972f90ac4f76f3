"""Complaints about enforcement conduct."""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _

from fazhi.core.fields import EncryptedCharField
from fazhi.core.models import DetailPage, ScopedModel, optional_ref
from fazhi.core.validators import mask_phone

from .cases import EnforcementCase
from .officers import Officer


class EnforcementComplaint(ScopedModel, DetailPage):
    """A complaint about enforcement conduct (执法不公、随意执法、选择性执法),
    recorded, investigated and answered, linked to the case."""

    detail_view = "enforcement:complaint_detail"

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
    phone = EncryptedCharField(_("联系电话"), max_length=20, blank=True)  # core.fields
    conduct = models.CharField(_("投诉事项"), max_length=10, choices=Conduct.choices)
    content = models.TextField(_("投诉内容"))
    case = optional_ref(EnforcementCase, _("涉及案件"), related_name="complaints")
    officer = optional_ref(Officer, _("涉及执法人员"), related_name="complaints")
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

    @property
    def phone_masked(self) -> str:
        return mask_phone(self.phone)
