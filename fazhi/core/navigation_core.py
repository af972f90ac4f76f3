"""Core's own menu entries (registered from CoreConfig.ready)."""

from django.utils.translation import gettext_lazy as _

from .navigation import register
from .roles import Role

EVERY_ROLE = set(Role.values)


def register_core_menu() -> None:
    g = _("基础")
    register("core", g, _("组织机构"), "core:unit_list", order=90)
    register("core", g, _("人员"), "core:person_list", order=90)
    register("core", g, _("期限计算器"), "core:calculator", order=90, roles=EVERY_ROLE)
    register("core", g, _("提醒"), "core:inbox", order=90, roles=EVERY_ROLE)
    register(
        "core",
        g,
        _("审计日志"),
        "core:audit_log",
        order=90,
        roles={Role.AUDIT_ADMIN},
    )
    register(
        "core",
        g,
        _("账号安全日志"),
        "core:security_log",
        order=90,
        roles={Role.SECURITY_ADMIN},
    )
    register(
        "core",
        g,
        _("登录锁定"),
        "core:lockouts",
        order=90,
        roles={Role.SECURITY_ADMIN},
    )
    # 三员分立: the system administrator keeps users and the work calendar;
    # the security administrator activates and deactivates accounts.
    s = _("系统管理")
    register(
        "system",
        s,
        _("用户"),
        "admin:core_user_changelist",
        order=95,
        roles={Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN},
    )
    register("system", s, _("工作日历"), "core:calendar", order=95, roles={Role.SYSTEM_ADMIN})
