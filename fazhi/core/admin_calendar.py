"""Admin pages for the work calendar, for the system administrator.

The usual way in is the calendar page (/calendar/, core.views_calendar and
core.calendar_entry): paste the notice, preview the clocks that move, save
(recomputed, audited, holders notified). These admin pages remain for single
corrections; after one, the clocks touching the year are recomputed by
entering the year again on the calendar page.

Entering a new year when the State Council publishes its holiday notice
(usually in October–November for the next year):

1. add every holiday day (including the weekend days inside a holiday block)
   and every make-up working Saturday/Sunday (调休上班日) under “节假日/调休日”;
2. then add the year under “工作日历年度”.

The year row comes last on purpose: working-day arithmetic uses a year only
once its row exists, so a half-entered year is never used. Years the
chinesecalendar library already knows can instead be imported with
`manage.py seed_calendar <year>`.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from .clocks import invalidate_calendar
from .models import CalendarDay, CalendarYear
from .workdays import weekday_name


class CalendarDayForm(forms.ModelForm):
    class Meta:
        model = CalendarDay
        fields = ["date", "kind", "name"]
        help_texts = {
            "name": _("节日名称，如“国庆节”；调休上班日填所属节日。"),
            "kind": _("放假日（含假期中的周六、周日）选“法定节假日”；周末补班选“调休上班日”。"),
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        day, kind = data.get("date"), data.get("kind")
        # A make-up workday only means something on a weekend: a weekday is a
        # working day already, so entering it is a sign of a typo in the date.
        if day and kind == CalendarDay.Kind.WORKDAY and day.weekday() < 5:
            self.add_error(
                "date",
                _("调休上班日应为周六或周日（%(day)s 是%(wd)s）。")
                % {"day": day, "wd": weekday_name(day)},
            )
        return data


@admin.register(CalendarDay)
class CalendarDayAdmin(admin.ModelAdmin):
    form = CalendarDayForm
    list_display = ["date", "weekday", "kind", "name"]
    list_filter = ["kind"]
    search_fields = ["name"]
    date_hierarchy = "date"
    ordering = ["date"]

    @admin.display(description=_("星期"))
    def weekday(self, obj: CalendarDay) -> str:
        return weekday_name(obj.date)

    def save_model(self, request: HttpRequest, obj: CalendarDay, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        # The fingerprint in load_calendar catches other processes; this one
        # forgets its copy at once (a name-only edit may not change the print).
        invalidate_calendar()

    def delete_model(self, request: HttpRequest, obj: CalendarDay) -> None:
        super().delete_model(request, obj)
        invalidate_calendar()

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[CalendarDay]) -> None:
        super().delete_queryset(request, queryset)
        invalidate_calendar()


def _days_in_year(kind: str) -> Coalesce:
    days = (
        CalendarDay.objects.filter(date__year=OuterRef("year"), kind=kind)
        .order_by()
        .values("kind")
        .annotate(n=Count("pk"))
        .values("n")[:1]
    )
    return Coalesce(Subquery(days, output_field=IntegerField()), 0)


@admin.register(CalendarYear)
class CalendarYearAdmin(admin.ModelAdmin):
    list_display = ["year", "holiday_count", "workday_count", "source", "note"]
    ordering = ["-year"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[CalendarYear]:
        # Days have no foreign key to their year: count them with a subquery
        # per kind, in the page's one query, not one query per cell.
        return (
            super()
            .get_queryset(request)
            .annotate(
                holidays=_days_in_year(CalendarDay.Kind.HOLIDAY),
                makeup_workdays=_days_in_year(CalendarDay.Kind.WORKDAY),
            )
        )

    @admin.display(description=_("节假日天数"), ordering="holidays")
    def holiday_count(self, obj: CalendarYear) -> int:
        return int(getattr(obj, "holidays", 0))

    @admin.display(description=_("调休上班日天数"), ordering="makeup_workdays")
    def workday_count(self, obj: CalendarYear) -> int:
        return int(getattr(obj, "makeup_workdays", 0))

    def save_model(self, request: HttpRequest, obj: CalendarYear, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        invalidate_calendar()

    def delete_model(self, request: HttpRequest, obj: CalendarYear) -> None:
        super().delete_model(request, obj)
        invalidate_calendar()

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[CalendarYear]) -> None:
        super().delete_queryset(request, queryset)
        invalidate_calendar()
