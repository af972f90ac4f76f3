"""Ledger import (issue 18): the column mapping a unit last used for a kind of
ledger, the rows already imported (so importing the same file again changes
nothing), and the import jobs the pages run (a file, its preview, its result)."""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportMapping(models.Model):
    """The column mapping a unit confirmed for a kind of ledger, offered again
    for its next file (a township's ledgers keep their headers for years)."""

    unit = models.ForeignKey("core.OrgUnit", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("台账类型"), max_length=40)
    mapping = models.JSONField(_("列对应"), default=dict)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("导入列对应")
        verbose_name_plural = _("导入列对应")
        constraints = [
            models.UniqueConstraint(fields=["unit", "kind"], name="importmapping_unit_kind")
        ]

    def __str__(self) -> str:
        return f"{self.kind}@{self.unit_id}"


class ImportedRow(models.Model):
    """One ledger row imported: its natural key within (kind, unit) and the
    hash of its content, pointing at the record it became. A second import of
    the same row finds it here and skips it; a changed row is reported."""

    kind = models.CharField(_("台账类型"), max_length=40)
    unit = models.ForeignKey("core.OrgUnit", on_delete=models.PROTECT, related_name="+")
    key = models.CharField(_("行标识"), max_length=200)
    content_hash = models.CharField(_("内容摘要"), max_length=64)
    record_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    record_id = models.PositiveBigIntegerField()
    record = GenericForeignKey("record_type", "record_id")
    imported_at = models.DateTimeField(auto_now_add=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("已导入台账行")
        verbose_name_plural = _("已导入台账行")
        constraints = [
            models.UniqueConstraint(fields=["kind", "unit", "key"], name="importedrow_once")
        ]

    def __str__(self) -> str:
        return f"{self.kind}@{self.unit_id}:{self.key}"


class ImportJob(models.Model):
    """A file uploaded on an import page: kept until committed, with the
    mapping chosen, the progress of a long run and the outcome of every row."""

    class Status(models.TextChoices):
        UPLOADED = "uploaded", _("已上传")
        PREVIEWING = "previewing", _("预览中")
        PREVIEWED = "previewed", _("已预览")
        COMMITTING = "committing", _("导入中")
        DONE = "done", _("已导入")
        FAILED = "failed", _("失败")

    kind = models.CharField(_("台账类型"), max_length=40)
    unit = models.ForeignKey("core.OrgUnit", on_delete=models.CASCADE, related_name="+")
    filename = models.CharField(_("文件名"), max_length=200)
    data = models.BinaryField(_("文件内容"))
    # [[label, key], ...] in the file's column order: a list, because
    # PostgreSQL's jsonb keeps an object's keys in its own order (shortest
    # first), and the mapping page must list the columns as the file has them.
    mapping = models.JSONField(_("列对应"), default=list)
    status = models.CharField(
        _("状态"), max_length=12, choices=Status.choices, default=Status.UPLOADED
    )
    done = models.PositiveIntegerField(_("已处理行数"), default=0)
    total = models.PositiveIntegerField(_("总行数"), default=0)
    report = models.JSONField(_("处理结果"), default=dict)
    error = models.TextField(_("错误"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("台账导入")
        verbose_name_plural = _("台账导入")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.kind} {self.filename}"

    def columns(self) -> list[tuple[str, str]]:
        """(label in the file, column key or "") in the file's order."""
        return [(str(label), str(key)) for label, key in self.mapping]

    def set_columns(self, columns: Iterable[tuple[str, str]]) -> None:
        self.mapping = [[label, key] for label, key in columns]
