"""Seed the work calendar (holidays and make-up workdays, 调休) from the
maintained `chinese_calendar` library (package chinesecalendar), which follows
the State Council's annual holiday notices.

Only years from 2020 that the library covers in full are seeded. Later years
are added with `manage.py seed_calendar` once the library knows them, or by
the system administrator in the admin when the notice is published.

Self-contained on purpose: a migration must not import application code that
may change after it has run (manage.py seed_calendar holds the same logic).
"""

from django.db import migrations

FIRST_YEAR = 2020
SOURCE = "chinesecalendar {version}（国务院办公厅关于部分节假日安排的通知）"

# chinese_calendar names holidays in English; clerks read Chinese.
NAMES = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "National Day": "国庆节",
    "Mid-autumn Festival": "中秋节",
    "Anti-Fascist 70th Day": "抗战胜利70周年纪念日",
}


def _library_years():
    from chinese_calendar import constants

    years = {d.year for d in constants.holidays}
    # A year is complete only if the library has its whole notice: Spring
    # Festival and National Day are in every notice, so a year with only a
    # spill-over New Year's Day is not taken for a known year.
    full = []
    for year in sorted(years):
        names = {n for d, n in constants.holidays.items() if d.year == year}
        if year >= FIRST_YEAR and {"Spring Festival", "National Day"} <= names:
            full.append(year)
    return full


def seed(apps, schema_editor):
    import chinese_calendar
    from chinese_calendar import constants

    CalendarYear = apps.get_model("core", "CalendarYear")
    CalendarDay = apps.get_model("core", "CalendarDay")
    version = getattr(chinese_calendar, "__version__", "")
    for year in _library_years():
        rows = {}
        for kind, table in (("holiday", constants.holidays), ("workday", constants.workdays)):
            for day, name in table.items():
                if day.year == year:
                    rows[day] = (kind, NAMES.get(name, name))
        for day, (kind, name) in sorted(rows.items()):
            CalendarDay.objects.update_or_create(date=day, defaults={"kind": kind, "name": name})
        CalendarDay.objects.filter(date__year=year).exclude(date__in=list(rows)).delete()
        CalendarYear.objects.update_or_create(
            year=year,
            defaults={"source": SOURCE.format(version=version).strip(), "note": "系统初始化导入"},
        )


def unseed(apps, schema_editor):
    CalendarYear = apps.get_model("core", "CalendarYear")
    CalendarDay = apps.get_model("core", "CalendarDay")
    # Only the years this seed wrote; a year the administrator entered by hand
    # (another source) is kept.
    years = list(
        CalendarYear.objects.filter(
            year__in=_library_years(), source__startswith="chinesecalendar"
        ).values_list("year", flat=True)
    )
    CalendarDay.objects.filter(date__year__in=years).delete()
    CalendarYear.objects.filter(year__in=years).delete()


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
