import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from fazhi.mediation import reminders


class Command(BaseCommand):
    help = "调委会任期届满和未按期排查提醒（每条只发一次）"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--date", help="按该日期扫描（YYYY-MM-DD），默认今天")

    def handle(self, *args: Any, **options: Any) -> None:
        today = dt.date.fromisoformat(options["date"]) if options["date"] else timezone.localdate()
        result = reminders.scan(today)
        self.stdout.write(
            f"{today}: 换届提醒 {result['term']} 条，排查提醒 {result['screening']} 条"
        )
