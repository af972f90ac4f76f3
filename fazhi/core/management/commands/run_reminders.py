import datetime as dt
from typing import Any

from django.core.management.base import CommandParser
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fazhi.core import daily
from fazhi.core.cli import Command as BaseCommand


class Command(BaseCommand):
    help = gettext_lazy(
        "每日任务：扫描即将到期和已超期的办理时限并发送提醒（每条只发一次），"
        "运行各模块登记的每日任务"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--date", help=_("按该日期扫描（YYYY-MM-DD），默认今天"))

    def handle(self, *args: Any, **options: Any) -> None:
        today = dt.date.fromisoformat(options["date"]) if options["date"] else timezone.localdate()
        result = daily.run_all(today)
        scan = result.pop("reminders")
        self.stdout.write(
            _("%(day)s: 超期提醒 %(overdue)s 条，到期提醒 %(soon)s 条")
            % {"day": today, "overdue": scan["overdue"], "soon": scan["due_soon"]}
        )
        for name, outcome in result.items():
            self.stdout.write(f"{name}: {outcome}")
