import datetime as dt
from typing import Any

from django.core.management.base import CommandParser
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fazhi.core.cli import Command as BaseCommand
from fazhi.enforcement import jobs


class Command(BaseCommand):
    help = gettext_lazy(
        "将有效期届满的行政执法证改为已过期，并对进入换证期的证件发送换证提醒（可重复运行）"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--date", help=_("按该日期处理（YYYY-MM-DD），默认今天"))

    def handle(self, *args: Any, **options: Any) -> None:
        today = dt.date.fromisoformat(options["date"]) if options["date"] else timezone.localdate()
        result = jobs.daily(today)
        self.stdout.write(
            _("%(day)s: 到期失效 %(expired)s 张，换证提醒 %(renewal)s 条")
            % {
                "day": today,
                "expired": result["expired"],
                "renewal": result["renewal_reminders"],
            }
        )
