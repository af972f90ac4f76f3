"""Daily: remind normative documents nearing the end of their validity.

Statutory clocks (tasks, filing, OGI replies …) are reminded by core's scan;
a validity period runs years ahead of the known work calendar, so it is a
stored date reminded here. Idempotent (keyed reminders)."""

import datetime as dt
from typing import Any

from django.core.management.base import CommandParser
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy

from fazhi.core.cli import Command as BaseCommand
from fazhi.governance.workflow import remind_expiring


class Command(BaseCommand):
    help = gettext_lazy("规范性文件有效期届满提醒（可重复运行）")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--date", help=gettext("按该日期计算（YYYY-MM-DD），默认今天"))

    def handle(self, *args: Any, **options: Any) -> None:
        today = (
            dt.date.fromisoformat(options["date"]) if options.get("date") else timezone.localdate()
        )
        n = remind_expiring(today)
        self.stdout.write(gettext("已检查，发出提醒 %(n)s 条") % {"n": n})
