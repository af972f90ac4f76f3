"""Import holidays and make-up workdays (调休) from the chinese_calendar library.

    manage.py seed_calendar            # every full year from 2020 the library knows
    manage.py seed_calendar 2027       # one year, once a library upgrade knows it
    manage.py seed_calendar 2027 --force   # also replace a year entered by hand

Safe to run twice: each year's days are made equal to the library's. A year
the administrator entered in the admin (its source is not the library) is
left alone unless --force, so a hand correction is never silently undone.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from fazhi.core.cli import Command as BaseCommand
from fazhi.core.models import CalendarDay, CalendarYear

FIRST_YEAR = 2020
LIBRARY_PREFIX = "chinesecalendar"
NOTICE = "国务院办公厅关于部分节假日安排的通知"

# chinese_calendar names holidays in English; the calendar's rows keep the
# Chinese names (stored data, shown translated).
NAMES = {
    "New Year's Day": gettext_noop("元旦"),
    "Spring Festival": gettext_noop("春节"),
    "Tomb-sweeping Day": gettext_noop("清明节"),
    "Labour Day": gettext_noop("劳动节"),
    "Dragon Boat Festival": gettext_noop("端午节"),
    "National Day": gettext_noop("国庆节"),
    "Mid-autumn Festival": gettext_noop("中秋节"),
    "Anti-Fascist 70th Day": gettext_noop("抗战胜利70周年纪念日"),
}


def library_version() -> str:
    import chinese_calendar

    return str(getattr(chinese_calendar, "__version__", ""))


def library_years() -> list[int]:
    """Years the library covers in full: every State Council notice has
    Spring Festival and National Day, so a year holding only a spill-over
    New Year's Day is not mistaken for a known year."""
    from chinese_calendar import constants

    names_by_year: dict[int, set[str]] = {}
    for day, name in constants.holidays.items():
        names_by_year.setdefault(day.year, set()).add(name)
    return sorted(
        year
        for year, names in names_by_year.items()
        if {"Spring Festival", "National Day"} <= names
    )


def library_days(year: int) -> dict[dt.date, tuple[str, str]]:
    """{date: (kind, Chinese name)} of one year from the library."""
    from chinese_calendar import constants

    rows: dict[dt.date, tuple[str, str]] = {}
    for kind, table in (
        (CalendarDay.Kind.HOLIDAY, constants.holidays),
        (CalendarDay.Kind.WORKDAY, constants.workdays),
    ):
        for day, name in table.items():
            if day.year == year:
                rows[day] = (str(kind), NAMES.get(name, name))
    return rows


@transaction.atomic
def seed_year(year: int, *, force: bool = False) -> str:
    """Make one year's rows equal to the library's; returns what was done."""
    existing = CalendarYear.objects.filter(year=year).first()
    if existing and not existing.source.startswith(LIBRARY_PREFIX) and not force:
        return "skipped"
    rows = library_days(year)
    for day, (kind, name) in sorted(rows.items()):
        CalendarDay.objects.update_or_create(date=day, defaults={"kind": kind, "name": name})
    CalendarDay.objects.filter(date__year=year).exclude(date__in=list(rows)).delete()
    # The year row last: until it exists the days are not used (core.clocks).
    CalendarYear.objects.update_or_create(
        year=year,
        defaults={
            "source": f"{LIBRARY_PREFIX} {library_version()}（{NOTICE}）",
            "note": existing.note if existing else gettext_noop("从 chinesecalendar 库导入"),
        },
    )
    return "updated" if existing else "created"


class Command(BaseCommand):
    help = gettext_lazy("从 chinesecalendar 库导入法定节假日和调休上班日（可重复运行）。")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("years", nargs="*", type=int, help=_("年度，如 2027；省略则导入全部"))
        parser.add_argument("--force", action="store_true", help=_("覆盖系统管理员手工录入的年度"))

    def handle(self, *args: Any, **options: Any) -> None:
        known = library_years()
        wanted: list[int] = options["years"] or [y for y in known if y >= FIRST_YEAR]
        missing = [y for y in wanted if y not in known]
        if missing:
            span = f"{known[0]}–{known[-1]}" if known else _("无")
            raise CommandError(
                _(
                    "chinesecalendar %(version)s 没有 %(missing)s 年的完整节假日安排"
                    "（已知 %(span)s 年）。请升级该库，"
                    "或由系统管理员在“工作日历”页面（/calendar/）录入通知。"
                )
                % {
                    "version": library_version(),
                    "missing": "、".join(map(str, missing)),
                    "span": span,
                }
            )
        labels = {
            "created": _("已导入"),
            "updated": _("已更新"),
            "skipped": _("已跳过（手工录入，如需覆盖请加 --force）"),
        }
        for year in wanted:
            result = seed_year(year, force=options["force"])
            self.stdout.write(
                _("%(year)s年：%(result)s") % {"year": year, "result": labels[result]}
            )
