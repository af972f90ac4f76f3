"""The audit trail: who changed what, when, from where (全过程记录)."""

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from .base import ScopedManager
from .mixins import optional_ref, user_ref


class AuditEvent(models.Model):
    class Action(models.TextChoices):
        CREATE = "create", _("新建")
        UPDATE = "update", _("修改")
        DELETE = "delete", _("删除")
        TRANSITION = "transition", _("流转")
        REVEAL = "reveal", _("查看个人信息")
        EXPORT = "export", _("导出")
        DOWNLOAD = "download", _("下载")
        LOGIN = "login", _("登录")
        LOGIN_FAILED = "login_failed", _("登录失败")
        LOGOUT = "logout", _("退出")

    scope_field = "unit"

    at = models.DateTimeField(_("时间"), auto_now_add=True, db_index=True)
    actor = user_ref(_("操作人"))
    actor_name = models.CharField(_("操作人姓名"), max_length=100, blank=True)
    ip = models.GenericIPAddressField(_("IP地址"), null=True, blank=True)
    action = models.CharField(_("操作"), max_length=20, choices=Action.choices)
    content_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    object_id = models.CharField(_("对象编号"), max_length=64, blank=True)
    object_repr = models.CharField(_("对象"), max_length=200, blank=True)
    unit = optional_ref("core.OrgUnit", _("所属单位"))
    changes = models.JSONField(_("变更内容"), default=dict, blank=True)
    note = models.TextField(_("说明"), blank=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = _("操作记录")
        verbose_name_plural = _("操作记录")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["content_type", "object_id", "at"], name="audit_object_at")]

    def __str__(self) -> str:
        return (
            f"{self.at:%Y-%m-%d %H:%M} {self.actor_name} "
            f"{self.get_action_display()} {self.object_repr}"
        )

    @property
    def change_pairs(self) -> list[tuple[str, object]]:
        # Templates must not read `changes.items`: a changed field named
        # "items" would shadow the dict method.
        return list(self.changes.items())
