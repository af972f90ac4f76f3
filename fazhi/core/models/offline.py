"""Entries captured without a signal (issue 18): one row per entry that
arrived, so a repeated upload of the same entry answers the first result."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from .mixins import ref


class OfflineSubmission(models.Model):
    """离线录入: an entry a phone stored while offline and sent when the
    connection returned. `client_id` is the id the phone gave it
    (crypto.randomUUID); unique, so the entry lands exactly once however often
    it is sent. Written in the same transaction as the record it created, so a
    refused entry leaves no row and may be sent again once corrected."""

    client_id = models.UUIDField(_("本机编号"), unique=True)
    kind = models.CharField(_("录入类型"), max_length=40)
    user = ref(settings.AUTH_USER_MODEL, _("录入人"))
    content_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    object_id = models.PositiveBigIntegerField(null=True, blank=True)
    record = GenericForeignKey("content_type", "object_id")
    # What the first upload answered, answered again to a repeat.
    url = models.CharField(_("记录地址"), max_length=300, blank=True)
    received_at = models.DateTimeField(_("接收时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("离线录入")
        verbose_name_plural = _("离线录入")
        ordering = ["-received_at"]

    def __str__(self) -> str:
        return f"{self.kind} {self.client_id}"
