import datetime as dt
from typing import Any

from django.core.management.base import CommandParser
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fazhi.core.cli import Command as BaseCommand
from fazhi.mediation import reminders


class Command(BaseCommand):
    help = gettext_lazy("调委会任期届满和未按期排查提醒（每条只发一次）")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--date", help=_("按该日期扫描（YYYY-MM-DD），默认今天"))

    def handle(self, *args: Any, **options: Any) -> None:
        today = dt.date.fromisoformat(options["date"]) if options["date"] else timezone.localdate()
        result = reminders.scan(today)
        self.stdout.write(
            _("%(day)s: 换届提醒 %(term)s 条，排查提醒 %(screening)s 条")
            % {"day": today, "term": result["term"], "screening": result["screening"]}
        )
