"""Forms validate shape; the workflow validates the rules."""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

from django import forms
from django.core.validators import MaxValueValidator
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fazhi.core import years
from fazhi.core.forms import BoundedInputs, style_fields
from fazhi.core.models import OrgUnit
from fazhi.core.scope import units_visible_to

from .models import AnnualReport, Level, ReportSection, TemplateSection

TEXT_HELP = _(
    "数字请用指标占位（如 {mediation.committees}），不要直接输入数字，以便每个数字都能追溯到记录。"
)


def proposed_year(user: Any, unit: OrgUnit | None, today: dt.date) -> int:
    """The year a new report is proposed for: the year being reported on (in
    December the year under way, which townships draft before the holidays
    and regenerate in January; else the year just ended), or the latest year
    with records before it on a platform whose records stop earlier
    (core.years), unless `unit` already has that year's report."""
    reporting = today.year if today.month == 12 else today.year - 1
    found = years.latest(user, today=dt.date(reporting, 12, 31))
    reported = (
        found < reporting
        and unit is not None
        and AnnualReport.objects.filter(unit=unit, year=found).exists()
    )
    return reporting if reported else found


class CreateReportForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("单位"), queryset=OrgUnit.objects.none())
    year = forms.IntegerField(label=_("年度"), min_value=2000)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        unit = cast(forms.ModelChoiceField, self.fields["unit"])
        unit.queryset = units_visible_to(user).filter(
            Q(kind=OrgUnit.Kind.TOWNSHIP) | Q(kind=OrgUnit.Kind.COUNTY)
        )
        self.fields["unit"].error_messages["invalid_choice"] = _(
            "所选单位不存在或不在您的管辖范围内。"
        )
        today = timezone.localdate()
        year = cast(forms.IntegerField, self.fields["year"])
        year.max_value = today.year
        year.validators.append(MaxValueValidator(year.max_value))
        # A township's clerk writes the township's report: its own unit is
        # offered, not a blank choice (a county user picks among many).
        home = getattr(user, "home_unit", None)
        if home is not None and unit.queryset.filter(pk=home.pk).exists():
            unit.initial = home.pk
        year.initial = proposed_year(user, home if unit.initial else None, today)
        style_fields(self.fields)


class SectionForm(BoundedInputs, forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = ReportSection
        fields = ["title", "text", "included", "order"]
        widgets = {"text": forms.Textarea(attrs={"rows": 12, "class": "font-monospace"})}
        help_texts = {"text": TEXT_HELP}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style_fields(self.fields)  # the bare 40-column text box ran past a phone's screen


class SubmitForm(BoundedInputs, forms.Form):
    missing_reason = forms.CharField(
        label=_("缺项说明"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ReturnForm(BoundedInputs, forms.Form):
    comment = forms.CharField(label=_("审核意见"), widget=forms.Textarea(attrs={"rows": 3}))


class AcceptForm(BoundedInputs, forms.Form):
    note = forms.CharField(label=_("审核意见"), required=False)


class PublishForm(forms.Form):
    secrecy_reviewed = forms.BooleanField(
        label=_("已完成保密审查，报告不含涉密内容"), required=False
    )


class ShortcomingForm(BoundedInputs, forms.Form):
    text = forms.CharField(label=_("存在的问题"), widget=forms.Textarea(attrs={"rows": 2}))
    cause = forms.CharField(
        label=_("原因"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class TemplateSectionForm(BoundedInputs, forms.ModelForm):
    class Meta:
        model = TemplateSection
        fields = ["title", "level", "order", "included", "mandatory_item", "text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 6, "class": "font-monospace"})}
        help_texts = {"text": TEXT_HELP}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style_fields(self.fields, small=True)  # as SectionForm: the text box fits a phone

    def clean_level(self) -> int:
        level = int(self.cleaned_data["level"])
        if level not in Level.values:
            raise forms.ValidationError(_("层级不正确。"))
        return level

    def clean_mandatory_item(self) -> int:
        item = int(self.cleaned_data["mandatory_item"])
        if not 0 <= item <= 5:
            raise forms.ValidationError(_("法定内容应为0至5。"))
        return item
