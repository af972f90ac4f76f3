"""The deadline calculator: staff check a statutory due date and its reasoning
with the same rules and calendar the clocks use (core.workdays); and the work
calendar page where the system administrator enters a year's State Council
holiday notice (core.calendar_entry)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import calendar_entry, clocks
from .clocks import load_calendar
from .errors import RuleViolation
from .models import CalendarDay, CalendarYear
from .roles import Role
from .workdays import CALENDAR, WORKING, CalendarMissing, Due, due_date

# Long enough for any period in LAW.md §13 (the longest in days is 90, the
# five-year certificate validity is a date, not a count), short enough that a
# typo cannot make the server count for decades.
MAX_LENGTH = 3660


class CalculatorForm(forms.Form):
    start = forms.DateField(
        label=_("起算日"),
        widget=forms.DateInput(attrs={"type": "date", "class": "form-control"}, format="%Y-%m-%d"),
        help_text=_("如收到申请、受理、作出决定之日。"),
        error_messages={"required": _("请填写起算日。"), "invalid": _("请按“年-月-日”填写日期。")},
    )
    length = forms.IntegerField(
        label=_("期限"),
        min_value=0,
        max_value=MAX_LENGTH,
        widget=forms.NumberInput(attrs={"class": "form-control", "min": 0, "max": MAX_LENGTH}),
        error_messages={
            "required": _("请填写期限天数。"),
            "invalid": _("期限应为整数。"),
            "min_value": _("期限不能为负数。"),
            "max_value": _("期限不能超过%(limit_value)s天。"),
        },
    )
    unit = forms.ChoiceField(
        label=_("计算单位"),
        choices=[(CALENDAR, _("日（自然日）")), (WORKING, _("工作日"))],
        initial=CALENDAR,
        widget=forms.Select(attrs={"class": "form-select"}),
        error_messages={"required": _("请选择计算单位。"), "invalid_choice": _("计算单位无效。")},
    )
    count_start = forms.BooleanField(
        label=_("起算日计入期限"),
        required=False,
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
        help_text=_("一般不勾选：起算日当天不计入，自次日起计算（民法典第二百零一条）。"),
    )


@login_required
def calculator(request: HttpRequest) -> HttpResponse:
    """GET form: start date, length, unit, count-start → due date and steps."""
    due: Due | None = None
    missing_year: int | None = None
    if request.GET:
        form = CalculatorForm(request.GET)
        if form.is_valid():
            data = form.cleaned_data
            try:
                due = due_date(
                    data["start"],
                    data["length"],
                    data["unit"],
                    load_calendar(),
                    count_start=data["count_start"],
                )
            except CalendarMissing as exc:
                # A year before the first one the calendar holds.
                form.add_error(None, exc)
                missing_year = exc.year
            except ValidationError as exc:
                form.add_error(None, exc)
    else:
        form = CalculatorForm(initial={"start": timezone.localdate(), "unit": CALENDAR})
    context: dict[str, Any] = {
        "form": form,
        "due": due,
        "title": _("期限计算器"),
        "missing_year": missing_year,
        "can_enter_calendar": can_enter_calendar(request.user),
    }
    return render(request, "core/calculator.html", context)


# ---------------------------------------------------------------------------
# The work calendar page (system administrator)
# ---------------------------------------------------------------------------

FIRST_ENTRY_YEAR = 2000
LAST_ENTRY_YEAR = 2099


def can_enter_calendar(user: Any) -> bool:
    """Who keeps the work calendar: the system administrator (三员分立)."""
    return bool(
        getattr(user, "is_authenticated", False)
        and (user.is_superuser or getattr(user, "role", "") == Role.SYSTEM_ADMIN)
    )


def _require_calendar_admin(request: HttpRequest) -> None:
    if not can_enter_calendar(request.user):
        raise PermissionDenied(_("只有系统管理员可以维护工作日历。"))


class NoticeForm(forms.Form):
    text = forms.CharField(
        label=_("通知原文"),
        required=False,
        widget=forms.Textarea(
            attrs={"class": "form-control font-monospace", "rows": 9, "spellcheck": "false"}
        ),
        help_text=_(
            "从国务院办公厅关于部分节假日安排的通知中复制各项粘贴于此，如："
            "“一、元旦：1月1日（周五）放假，与周末连休。二、春节：2月15日至23日放假调休，"
            "共9天。2月14日（周六）、2月28日（周六）上班。”"
        ),
    )
    days = forms.CharField(
        label=_("逐日录入或更正"),
        required=False,
        widget=forms.Textarea(
            attrs={"class": "form-control font-monospace", "rows": 5, "spellcheck": "false"}
        ),
        help_text=_(
            "每行一天：“2027-02-05 放假 春节”或“2027-02-20 上班 春节”；"
            "与通知原文同一天的，以此为准。"
        ),
    )
    source = forms.CharField(
        label=_("来源"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"class": "form-control"}),
        help_text=_("如“国办发明电〔2026〕X号”；不填则记为该年度的国务院办公厅通知。"),
    )
    note = forms.CharField(
        label=_("说明"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not (data.get("text") or "").strip() and not (data.get("days") or "").strip():
            raise ValidationError(_("请粘贴通知原文，或逐日录入放假日和调休上班日。"))
        return data


def _entered_lines(year: int) -> str:
    kinds = {CalendarDay.Kind.HOLIDAY: "放假", CalendarDay.Kind.WORKDAY: "上班"}
    return "\n".join(
        f"{d.date.isoformat()} {kinds.get(CalendarDay.Kind(d.kind), d.kind)} {d.name}".rstrip()
        for d in CalendarDay.objects.filter(date__year=year).order_by("date")
    )


@login_required
def calendar_years(request: HttpRequest) -> HttpResponse:
    """Every year of the work calendar: entered (final) or provisional, with
    the open clocks resting on a provisional year."""
    _require_calendar_admin(request)
    wanted = request.GET.get("year", "")
    if wanted.isdigit() and FIRST_ENTRY_YEAR <= int(wanted) <= LAST_ENTRY_YEAR:
        return redirect("core:calendar_enter", year=int(wanted))
    today = clocks._today()
    context: dict[str, Any] = {
        "title": _("工作日历"),
        "rows": calendar_entry.year_rows(today),
        "missing_next": calendar_entry.notice_missing(today),
        "first_year": load_calendar().first_year(),
    }
    return render(request, "core/calendar_years.html", context)


@login_required
def calendar_enter(request: HttpRequest, year: int) -> HttpResponse:
    """Enter (or correct) a year's State Council notice: paste the text or
    type it day by day, preview the days and the clocks that move, save."""
    _require_calendar_admin(request)
    if not FIRST_ENTRY_YEAR <= year <= LAST_ENTRY_YEAR:
        raise Http404
    entry = CalendarYear.objects.filter(year=year).first()
    notice: calendar_entry.Notice | None = None
    moves: list[calendar_entry.Move] = []
    if request.method == "POST":
        form = NoticeForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            notice = calendar_entry.read(year, data["text"], data["days"])
            if not notice.errors:
                if request.POST.get("action") == "save":
                    try:
                        done = calendar_entry.enter_year(
                            notice, by=request.user, source=data["source"], note=data["note"]
                        )
                    except RuleViolation as exc:
                        form.add_error(None, exc.message)
                    else:
                        moved = sum(1 for m in done.moves if m.moved)
                        messages.success(
                            request,
                            _(
                                "已录入%(year)s年放假安排；%(moved)s个办理时限的截止日已调整，"
                                "已通知%(notified)s人次。"
                            )
                            % {"year": year, "moved": moved, "notified": done.notified},
                        )
                        return redirect("core:calendar")
                moves = calendar_entry.preview(notice)
    else:
        initial = {"days": _entered_lines(year)} if entry else {}
        if entry:
            initial.update(source=entry.source, note=entry.note)
        form = NoticeForm(initial=initial)
    context: dict[str, Any] = {
        "title": _("录入%(year)s年放假安排") % {"year": year},
        "year": year,
        "entry": entry,
        "form": form,
        "notice": notice,
        "moves": moves,
        "moved": [m for m in moves if m.moved],
    }
    return render(request, "core/calendar_enter.html", context)
