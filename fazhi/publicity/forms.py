"""Forms check shape; workflow.py checks the rules."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from fazhi.core.forms import (
    BoundedInputs,
    ScopedModelForm,
    UnitChoiceLabels,
    UnitNames,
    date_widgets,
    style_fields,
)
from fazhi.core.i18n import shown
from fazhi.core.models import OrgUnit, Person
from fazhi.core.scope import units_visible_to

from .models import (
    CultureSite,
    LawExam,
    LawStudy,
    LegalLiterateVillager,
    ModelVillage,
    PlanItem,
    PublicityActivity,
    PublicityPlan,
    Sector,
)

SECTOR_INVALID = _("宣传对象领域“%(value)s”不在列表中（机关、企业、村庄、学校、社区）。")


def township_units(user: Any) -> Any:
    """Units of the user's township (lead and partner units may be any office
    of the township even for a village cadre, whose own scope is the village)."""
    home = getattr(user, "home_unit", None)
    if home is None or getattr(user, "is_superuser", False):
        return units_visible_to(user)
    town = home.township() or home
    return OrgUnit.objects.filter(Q(path__startswith=town.path) | Q(pk__in=units_visible_to(user)))


class MonthField(forms.DateField):
    """`<input type="month">` (2024-03) stored as the month's first day."""

    widget = forms.DateInput(attrs={"type": "month"}, format="%Y-%m")
    input_formats = ["%Y-%m", "%Y-%m-%d"]


def _set_qs(form: forms.BaseForm, name: str, queryset: Any) -> None:
    field = form.fields[name]
    assert isinstance(field, forms.ModelChoiceField)
    field.queryset = queryset


def _shown_label(obj: Any) -> str:
    return str(obj.display_name)


# Choices named in Chinese on their rows (seeded sectors, topics and campaigns,
# a plan item's month and title), offered in the reader's language.
SHOWN_CHOICES = ("sectors", "target_sectors", "topic", "topics", "campaign", "plan_item")


class PublicityForm(ScopedModelForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("sectors", "target_sectors"):
            if name in self.fields:
                self.fields[name].error_messages["invalid_choice"] = SECTOR_INVALID
                self.fields[name].error_messages["invalid_pk_value"] = SECTOR_INVALID
        for name in SHOWN_CHOICES:
            field = self.fields.get(name)
            if isinstance(field, forms.ModelChoiceField):
                field.label_from_instance = _shown_label  # type: ignore[method-assign]
        style_fields(self.fields)


class PlanForm(PublicityForm):
    # 类别 stated (core.forms.state_choices): it opened on 年度计划, and a
    # 五年规划 saved so is no parent to the years' plans.
    stated_fields = ("kind",)

    class Meta:
        model = PublicityPlan
        fields = ["unit", "title", "kind", "start_year", "end_year", "parent", "summary"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["end_year"].required = False
        _set_qs(
            self,
            "parent",
            PublicityPlan.objects.visible_to(self.user).filter(kind=PublicityPlan.Kind.FIVE_YEAR),
        )


class PlanItemForm(PublicityForm):
    planned_month = MonthField(label=_("计划月份"))

    class Meta:
        model = PlanItem
        fields = [
            "plan",
            "title",
            "topic",
            "campaign",
            "target_sectors",
            "target_units",
            "planned_month",
            "lead_unit",
            "budget",
        ]
        widgets = {"target_sectors": forms.CheckboxSelectMultiple}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _set_qs(
            self,
            "plan",
            PublicityPlan.objects.visible_to(self.user).exclude(status=PublicityPlan.Status.CLOSED),
        )
        _set_qs(self, "lead_unit", township_units(self.user))
        self.fields["target_units"].widget.attrs["size"] = 8


class ActivityForm(PublicityForm):
    class Meta:
        model = PublicityActivity
        fields = [
            "unit",
            "title",
            "date",
            "kind",
            "topics",
            "laws",
            "sectors",
            "units_reached",
            "venue",
            "lead_unit",
            "partner_units",
            "participants",
            "materials",
            "cost",
            "plan_item",
            "campaign",
            "summary",
        ]
        widgets = {**date_widgets(PublicityActivity), "sectors": forms.CheckboxSelectMultiple}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        town = township_units(self.user)
        _set_qs(self, "lead_unit", town)
        _set_qs(self, "partner_units", town)
        _set_qs(
            self,
            "plan_item",
            PlanItem.objects.filter(
                Q(pk__in=PlanItem.objects.visible_to(self.user)) | Q(unit__in=town)
            )
            .exclude(status=PlanItem.Status.CANCELLED)
            .select_related("plan"),
        )
        self.fields["units_reached"].widget.attrs["size"] = 8
        # Negative numbers are refused here with the field's name, before the workflow.
        for name in ("participants", "materials"):
            field = self.fields[name]
            assert isinstance(field, forms.IntegerField)
            field.min_value = None
            field.validators = []

    def clean_participants(self) -> int:
        return _non_negative(self.cleaned_data.get("participants"), _("参与人数"))

    def clean_materials(self) -> int:
        return _non_negative(self.cleaned_data.get("materials"), _("发放资料份数"))


def _non_negative(value: int | None, label: Any) -> int:
    if value is None:
        return 0
    if value < 0:
        raise forms.ValidationError(_("%(label)s不能为负数。") % {"label": label})
    return value


class HoldForm(BoundedInputs, forms.Form):
    participants = forms.IntegerField(label=_("参与人数"))
    materials = forms.IntegerField(label=_("发放资料(份)"), required=False)
    cost = forms.DecimalField(label=_("经费(元)"), required=False, min_value=Decimal("0"))
    summary = forms.CharField(
        label=_("活动情况"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def clean_participants(self) -> int:
        return _non_negative(self.cleaned_data.get("participants"), _("参与人数"))

    def clean_materials(self) -> int:
        return _non_negative(self.cleaned_data.get("materials"), _("发放资料份数"))


class ReasonForm(BoundedInputs, forms.Form):
    reason = forms.CharField(label=_("原因"), max_length=300)


class AdoptForm(BoundedInputs, forms.Form):
    adopted_on = forms.DateField(label=_("印发日期"), initial=dt.date.today)
    doc_no = forms.CharField(label=_("文号"), max_length=50, required=False)


class CloseForm(BoundedInputs, forms.Form):
    review = forms.CharField(label=_("年终总结"), widget=forms.Textarea(attrs={"rows": 4}))


class CultureSiteForm(PublicityForm):
    class Meta:
        model = CultureSite
        fields = [
            "unit",
            "name",
            "kind",
            "location",
            "opened_on",
            "last_refreshed_on",
            "closed_on",
            "note",
        ]
        widgets = date_widgets(CultureSite)


class VillagerForm(PublicityForm):
    class Meta:
        model = LegalLiterateVillager
        fields = ["unit", "person", "appointed_on", "ended_on", "training_hours", "note"]
        widgets = date_widgets(LegalLiterateVillager)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _set_qs(
            self,
            "unit",
            units_visible_to(self.user).filter(
                kind__in=[OrgUnit.Kind.VILLAGE, OrgUnit.Kind.COMMUNITY]
            ),
        )


class ModelVillageForm(PublicityForm):
    class Meta:
        model = ModelVillage
        fields = ["unit", "level", "awarded_year", "revoked_year", "document_no"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _set_qs(
            self,
            "unit",
            units_visible_to(self.user).filter(
                kind__in=[OrgUnit.Kind.VILLAGE, OrgUnit.Kind.COMMUNITY]
            ),
        )


class StudyForm(PublicityForm):
    attendees = forms.ModelMultipleChoiceField(
        label=_("参学人员"),
        queryset=Person.objects.none(),
        widget=forms.SelectMultiple(attrs={"size": 10}),
    )

    class Meta:
        model = LawStudy
        fields = ["unit", "date", "kind", "title", "laws", "hours", "speaker", "attendees"]
        widgets = date_widgets(LawStudy)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["attendees"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        # Each cadre with their unit, grouped by unit: a county user choosing
        # attendees read every township's 张伟 alike.
        field.queryset = (
            Person.objects.visible_to(self.user)
            .filter(is_cadre=True)
            .select_related("unit")
            .order_by("unit__path", "name", "pk")
        )
        field.label_from_instance = _with_unit(self.user)  # type: ignore[method-assign, assignment]
        field.error_messages["invalid_choice"] = _("所选人员不存在或不在您的管辖范围内。")
        if self.instance.pk:
            self.initial["attendees"] = list(
                self.instance.attendance.values_list("person_id", flat=True)
            )


def _with_unit(user: Any) -> Callable[[Any], str]:
    """A cadre's label in a choice of people (core.forms.UnitNames.person)."""
    names = UnitNames.of(user)
    return lambda person: names.person(person.name, person.unit if person.unit_id else None)


class ExamForm(PublicityForm):
    class Meta:
        model = LawExam
        fields = ["year", "person", "sat", "exam_date", "score", "absence_reason"]
        widgets = date_widgets(LawExam)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _set_qs(self, "person", Person.objects.visible_to(self.user).filter(is_cadre=True))


class ExamRollForm(UnitChoiceLabels, forms.Form):
    unit = forms.ModelChoiceField(label=_("单位"), queryset=OrgUnit.objects.none())
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        self.user = user
        super().__init__(*args, **kwargs)
        unit = self.fields["unit"]
        assert isinstance(unit, forms.ModelChoiceField)
        unit.queryset = units_visible_to(user)
        style_fields(self.fields)


def sector_choices() -> list[tuple[str, str]]:
    return [(s.code, shown(s.name)) for s in Sector.objects.all()]
