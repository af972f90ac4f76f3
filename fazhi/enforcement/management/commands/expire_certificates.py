import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from fazhi.enforcement import jobs


class Command(BaseCommand):
    help = "将有效期届满的行政执法证改为已过期，并对进入换证期的证件发送换证提醒（可重复运行）"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--date", help="按该日期处理（YYYY-MM-DD），默认今天")

    def handle(self, *args: Any, **options: Any) -> None:
        today = dt.date.fromisoformat(options["date"]) if options["date"] else timezone.localdate()
        result = jobs.daily(today)
        self.stdout.write(
            f"{today}: 到期失效 {result['expired']} 张，换证提醒 {result['renewal_reminders']} 条"
        )
