"""Officers, their enforcement fields and certificates, and each certificate's
history (发证、换发、暂扣、发还、注销、年审)."""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from fazhi.core.models import (
    DetailPage,
    ScopedManager,
    ScopedModel,
    ScopedQuerySet,
    optional_ref,
    ref,
)


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


class Officer(ScopedModel, DetailPage):
    """行政执法人员: a cadre who may enforce once certified."""

    detail_view = "enforcement:officer_detail"

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
    area = ref("core.OrgUnit", _("执法区域"), help_text=_("可以执法的地域范围（该单位及其下级）。"))
    is_active = models.BooleanField(_("在岗"), default=True)
    note = models.TextField(_("备注"), blank=True)

    class Meta:
        verbose_name = _("行政执法人员")
        verbose_name_plural = _("行政执法人员")
        ordering = ["person__name", "pk"]
        indexes = [models.Index(fields=["unit", "is_active"], name="officer_unit_active")]

    def __str__(self) -> str:
        return self.person.name


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


class Certificate(ScopedModel, DetailPage):
    """行政执法证. Each event (issue, renewal, annual review, suspension,
    restoration, revocation, expiry) is a CertificateEvent row."""

    detail_view = "enforcement:certificate_detail"

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
    exam_registration = optional_ref(
        "ExamRegistration", _("依据的考试成绩"), related_name="certificates"
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
