"""Numbering, attachments and reminders: shared by every module."""

import secrets

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from .base import ScopedManager


class NumberSequence(models.Model):
    """The last number issued per unit, kind and year (gap-free, row-locked)."""

    unit = models.ForeignKey("core.OrgUnit", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=40)
    year = models.PositiveSmallIntegerField()
    last_value = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("编号序列")
        verbose_name_plural = _("编号序列")
        constraints = [
            models.UniqueConstraint(fields=["unit", "kind", "year"], name="numberseq_unique")
        ]

    def __str__(self) -> str:
        return f"{self.unit_id}/{self.kind}/{self.year}: {self.last_value}"


def attachment_path(instance: "Attachment", filename: str) -> str:
    """A random name: nothing the uploader chose reaches the file system (the
    name they gave stays in `Attachment.name`, shown and used on download).
    The extension is kept, lower case, only when it is one of the allowed
    ones (core.attachments checked it)."""
    ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    suffix = f".{ext}" if ext in settings.FAZHI_ATTACHMENT_EXTENSIONS else ""
    token = secrets.token_hex(16)
    return f"attachments/{token[:2]}/{token}{suffix}"


class Attachment(models.Model):
    scope_field = "unit"

    unit = models.ForeignKey("core.OrgUnit", on_delete=models.PROTECT, related_name="+")
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    owner = GenericForeignKey("content_type", "object_id")
    file = models.FileField(_("文件"), upload_to=attachment_path, max_length=300)
    name = models.CharField(_("文件名"), max_length=200)
    size = models.PositiveBigIntegerField(_("大小"))
    mime = models.CharField(_("类型"), max_length=100, blank=True)
    sha256 = models.CharField(_("SHA-256"), max_length=64, db_index=True)
    description = models.CharField(_("说明"), max_length=200, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = _("附件")
        verbose_name_plural = _("附件")
        ordering = ["uploaded_at", "pk"]
        indexes = [models.Index(fields=["content_type", "object_id"], name="attachment_owner")]

    def __str__(self) -> str:
        return self.name


class ReminderQuerySet(models.QuerySet["Reminder"]):
    def unread(self) -> "ReminderQuerySet":
        """What the bell counts and the home page lists (the reminder_inbox
        index): one definition for the session's sub-select (core.backends),
        the shell's fallback and the home page."""
        return self.filter(read_at__isnull=True)


class Reminder(models.Model):
    """One message in a user's inbox. `key` makes posting idempotent: the daily
    job can run twice and each reminder still arrives once."""

    class Kind(models.TextChoices):
        DUE_SOON = "due_soon", _("即将到期")
        OVERDUE = "overdue", _("已超期")
        NOTICE = "notice", _("通知")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminders"
    )
    kind = models.CharField(_("类别"), max_length=20, choices=Kind.choices)
    key = models.CharField(max_length=120)
    title = models.CharField(_("标题"), max_length=200)
    url = models.CharField(_("链接"), max_length=200, blank=True)
    clock = models.ForeignKey(
        "core.Clock", on_delete=models.CASCADE, null=True, blank=True, related_name="reminders"
    )
    due_date = models.DateField(_("截止日"), null=True, blank=True)
    created_at = models.DateTimeField(_("时间"), auto_now_add=True)
    read_at = models.DateTimeField(_("已读时间"), null=True, blank=True)

    objects = ReminderQuerySet.as_manager()

    class Meta:
        verbose_name = _("提醒")
        verbose_name_plural = _("提醒")
        ordering = ["-created_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="reminder_once")]
        indexes = [
            models.Index(fields=["user", "read_at"], name="reminder_inbox"),
            models.Index(fields=["clock", "kind", "due_date"], name="reminder_clock_kind_due"),
        ]

    def __str__(self) -> str:
        return self.title


class DocumentTemplate(models.Model):
    """A township's replacement for a built-in .docx template (by name)."""

    unit = models.ForeignKey("core.OrgUnit", on_delete=models.CASCADE, related_name="+")
    name = models.CharField(_("模板名称"), max_length=60)
    file = models.FileField(_("模板文件"), upload_to="doc_templates/")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("文书模板")
        verbose_name_plural = _("文书模板")
        constraints = [models.UniqueConstraint(fields=["unit", "name"], name="doctemplate_unique")]

    def __str__(self) -> str:
        return self.name


class Setting(models.Model):
    """A rule a township may change (LAW.md [S]/UNCONFIRMED items), per unit.

    Defaults live in code next to the rule (core.settings_registry); a row here
    overrides the default for the unit and everything below it.
    """

    unit = models.ForeignKey("core.OrgUnit", on_delete=models.CASCADE, related_name="+")
    key = models.CharField(_("设置项"), max_length=80)
    value = models.JSONField(_("值"))
    note = models.CharField(_("说明"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("规则设置")
        verbose_name_plural = _("规则设置")
        constraints = [models.UniqueConstraint(fields=["unit", "key"], name="setting_unique")]

    def __str__(self) -> str:
        return f"{self.key}={self.value}"


class RecordLink(models.Model):
    """A link between records of two apps (a dispute and the petition it came
    from, a complaint and its enforcement case) without either app importing
    the other's models."""

    from_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    from_id = models.PositiveBigIntegerField()
    from_record = GenericForeignKey("from_type", "from_id")
    to_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    to_id = models.PositiveBigIntegerField()
    to_record = GenericForeignKey("to_type", "to_id")
    kind = models.CharField(_("关联类型"), max_length=40)
    note = models.CharField(_("说明"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("关联记录")
        verbose_name_plural = _("关联记录")
        constraints = [
            models.UniqueConstraint(
                fields=["from_type", "from_id", "to_type", "to_id", "kind"],
                name="recordlink_unique",
            )
        ]
        indexes = [
            models.Index(fields=["from_type", "from_id"], name="recordlink_from"),
            models.Index(fields=["to_type", "to_id"], name="recordlink_to"),
        ]

    def __str__(self) -> str:
        return f"{self.kind}: {self.from_type_id}/{self.from_id} → {self.to_type_id}/{self.to_id}"
