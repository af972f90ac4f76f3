"""The deadline calculator: staff check a statutory due date and its reasoning
with the same rules and calendar the clocks use (core.workdays)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .clocks import load_calendar
from .workdays import CALENDAR, WORKING, Due, due_date

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
            except ValidationError as exc:
                # CalendarMissing: the year's holidays are not entered yet.
                form.add_error(None, exc)
    else:
        form = CalculatorForm(initial={"start": timezone.localdate(), "unit": CALENDAR})
    context: dict[str, Any] = {"form": form, "due": due, "title": _("期限计算器")}
    return render(request, "core/calculator.html", context)
