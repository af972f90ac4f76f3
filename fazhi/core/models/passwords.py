"""Where each account's password stands: when its holder last chose it, and
whether it must be changed before anything else (GB/T 22239-2019 8.1.4.1 a:
passwords are complex and changed periodically)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class PasswordStatus(models.Model):
    """One row per account that has a password.

    Every password set through `set_password` + `save` (the admin site's forms,
    `createsuperuser`, `changepassword`, a script) is stored here as set *for*
    the user (`must_change`); only the user's own change on the password page
    clears it (core.passwords.mark_chosen). The password history is
    django-password-validators' (hashes only).
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="password_status",
        verbose_name=_("用户"),
    )
    changed_at = models.DateTimeField(_("密码设置时间"))
    must_change = models.BooleanField(
        _("须修改密码"),
        default=True,
        help_text=_("由管理员设置的密码，用户登录后须先修改。"),
    )

    class Meta:
        verbose_name = _("密码状态")
        verbose_name_plural = _("密码状态")

    def __str__(self) -> str:
        return str(self.user)
