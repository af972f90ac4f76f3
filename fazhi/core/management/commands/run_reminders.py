import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from fazhi.core import reminders


class Command(BaseCommand):
    help = "扫描即将到期和已超期的办理时限，向相关人员发送提醒（每条只发一次）"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--date", help="按该日期扫描（YYYY-MM-DD），默认今天")

    def handle(self, *args: Any, **options: Any) -> None:
        today = dt.date.fromisoformat(options["date"]) if options["date"] else timezone.localdate()
        result = reminders.scan(today)
        self.stdout.write(f"{today}: 超期提醒 {result['overdue']} 条，到期提醒 {result['due_soon']} 条")
