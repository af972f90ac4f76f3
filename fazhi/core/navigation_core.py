"""Core's own menu entries (registered from CoreConfig.ready)."""

from django.utils.translation import gettext_lazy as _

from .navigation import register
from .roles import Role


def register_core_menu() -> None:
    g = _("基础")
    register("core", g, _("组织机构"), "core:unit_list", order=90)
    register("core", g, _("人员"), "core:person_list", order=90)
    register("core", g, _("期限计算器"), "core:calculator", order=90)
    register("core", g, _("提醒"), "core:inbox", order=90)
    register(
        "core",
        g,
        _("审计日志"),
        "core:audit_log",
        order=90,
        roles={Role.AUDIT_ADMIN, Role.SECURITY_ADMIN},
    )
