"""The result of each walk of the audit chain (core.auditchain), kept so the
audit page shows the chain's state without walking it, and so the next walk
can tell that rows were cut off the end of the chain."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditVerification(models.Model):
    class Reason(models.TextChoices):
        CONTENT = "content", _("记录内容与其哈希不符（记录被改动）")
        LINK = "link", _("与前一条记录的链接不符（前一条被改动，或其间有记录被删除）")
        MISSING = "missing", _("上次校验完好的记录已不在链中（记录被删除或改动）")

    checked_at = models.DateTimeField(_("校验时间"), auto_now_add=True)
    ok = models.BooleanField(_("链完整"))
    rows = models.PositiveBigIntegerField(_("已校验记录数"), default=0)
    # The last row found intact (its hash checked and chained).
    last_id = models.BigIntegerField(_("最后一条完好记录"), null=True, blank=True)
    last_at = models.DateTimeField(_("最后一条完好记录的时间"), null=True, blank=True)
    last_hash = models.CharField(_("最后一条完好记录的哈希"), max_length=64, blank=True)
    # The first row that breaks the chain, when one does.
    broken_id = models.BigIntegerField(_("首条异常记录"), null=True, blank=True)
    broken_at = models.DateTimeField(_("首条异常记录的时间"), null=True, blank=True)
    reason = models.CharField(_("异常说明"), max_length=20, choices=Reason.choices, blank=True)

    class Meta:
        verbose_name = _("审计链校验")
        verbose_name_plural = _("审计链校验")
        ordering = ["-checked_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.checked_at:%Y-%m-%d %H:%M} {'OK' if self.ok else self.broken_id}"
