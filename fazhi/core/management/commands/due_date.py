"""Compute a statutory due date from the command line.

    manage.py due_date 2024-09-28 15 calendar
    manage.py due_date 2024-09-30 5 working --count-start

The first output line is the due date alone (YYYY-MM-DD) so scripts can read
it; the explanation follows, one step per line. A year without calendar data
is an error (exit status 1) with the message shown to users.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fazhi.core.cli import Command as BaseCommand
from fazhi.core.clocks import load_calendar
from fazhi.core.i18n import shown
from fazhi.core.workdays import UNITS, due_date


def _iso_date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(_("日期格式应为 YYYY-MM-DD：%(value)s") % {"value": value}) from exc


class Command(BaseCommand):
    help = gettext_lazy("计算法定期限的截止日：第一行为截止日，其后为计算说明。")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("start", help=_("起算日，如 2024-09-28"))
        parser.add_argument("length", type=int, help=_("期限天数"))
        parser.add_argument("unit", choices=UNITS, help=_("calendar（日）或 working（工作日）"))
        parser.add_argument(
            "--count-start",
            action="store_true",
            help=_("起算日计入期限（默认不计入，民法典第二百零一条）"),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        start = _iso_date(options["start"])
        if options["length"] < 0:
            raise CommandError(_("期限天数不能为负数。"))
        try:
            due = due_date(
                start,
                options["length"],
                options["unit"],
                load_calendar(),
                count_start=options["count_start"],
            )
        except ValidationError as exc:
            raise CommandError("；".join(exc.messages)) from exc
        self.stdout.write(due.date.isoformat())
        # The explanation's steps are Chinese text (clocks store them so), shown
        # in the command's language.
        for step in due.steps:
            self.stdout.write(shown(step))
