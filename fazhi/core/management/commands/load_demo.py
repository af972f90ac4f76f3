from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fazhi.core import demo, twofactor
from fazhi.core.cli import Command as BaseCommand


class Command(BaseCommand):
    help = gettext_lazy("建立演示数据：蓝山县 → 湘江源瑶族乡（可重复运行，不会重复创建）")

    def handle(self, *args: Any, **options: Any) -> None:
        world = demo.build()
        self.stdout.write(
            self.style.SUCCESS(
                _("演示数据已就绪：%(county)s → %(township)s")
                % {"county": world.county.name, "township": world.township.name}
            )
        )
        self.stdout.write(
            _("演示账号（密码均为 %(password)s）：") % {"password": demo.DEMO_PASSWORD}
        )
        for username, user in world.users.items():
            role = str(user.get_role_display()) if user.role else _("超级管理员")
            unit = user.home_unit.name if user.home_unit else ""
            # The real flow: these roles bind an authenticator app at their first
            # log-in (core.twofactor), then enter its code at every log-in.
            note = (
                _("  首次登录需绑定两步验证（手机身份验证器）")
                if twofactor.required_for(user)
                else ""
            )
            self.stdout.write(f"  {username:<12} {role:<12} {unit}{note}")
