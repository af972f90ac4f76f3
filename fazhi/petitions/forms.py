"""Forms validate shape; the workflow validates rules and names the field at fault."""

from __future__ import annotations

import re
import unicodedata
from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fazhi.core import steps as core_steps
from fazhi.core.errors import RuleViolation
from fazhi.core.forms import (
    ActionForm,
    BoundedInputs,
    ContactNumbers,
    DateInput,
    ScopedModelForm,
    UnitNames,
    mask_personal_fields,
    stated,
    style_fields,
)
from fazhi.core.models import OrgUnit, Person, User
from fazhi.core.scope import units_visible_to
from fazhi.core.serving import offer_serving, serving_accounts, serving_people
from fazhi.core.validators import normalize_id_number, validate_id_number, validate_phone

from .models import (
    AppealLevel,
    AppealResult,
    Category,
    Channel,
    Outcome,
    OutreachVisit,
    Petition,
    Petitioner,
    Procedure,
    Reception,
    ReceptionDuty,
    Satisfaction,
    Source,
)
from .workflow import (
    PetitionerData,
    assignable_handlers,
    assignable_units,
    check_reception,
    extension_approvers,
    leaders_of,
    removable_petitioners,
    township_of,
)


def _set_qs(form: Any, name: str, qs: Any) -> None:
    """Limit a choice field's queryset (typed: only model choice fields have one)."""
    field = form.fields[name]
    assert isinstance(field, forms.ModelChoiceField)
    field.queryset = qs


def _date(label: Any, required: bool = False, initial: Any = None) -> forms.DateField:
    return forms.DateField(label=label, required=required, initial=initial, widget=DateInput())


def _text(label: Any, rows: int = 3, required: bool = False) -> forms.CharField:
    return forms.CharField(
        label=label, required=required, widget=forms.Textarea(attrs={"rows": rows})
    )


class BootstrapMixin:
    """Bootstrap classes on every widget."""

    fields: dict[str, forms.Field]

    def style(self) -> None:
        style_fields(self.fields)


def parse_others(text: str) -> list[PetitionerData]:
    """Other petitioners, one a line: 姓名 身份证号码 [电话] [代表]."""
    people = []
    for raw in (text or "").splitlines():
        parts = raw.replace("，", " ").replace(",", " ").split()
        if not parts:
            continue
        rep = any(p in {"代表", "是"} for p in parts[1:])
        rest = [p for p in parts[1:] if p not in {"代表", "是"}]
        id_number = next((p for p in rest if len(p) == 18), "")
        phone = next((p for p in rest if p != id_number), "")
        people.append(PetitionerData(parts[0], id_number, phone, "", rep))
    return people


def _county_units(user: Any) -> models.QuerySet[OrgUnit]:
    """Every unit of the county the user works in (all units for a user above
    or outside any county)."""
    home = getattr(user, "home_unit", None)
    county = (
        home.ancestors().filter(kind=OrgUnit.Kind.COUNTY).order_by("-depth").first()
        if home is not None
        else None
    )
    units = county.subtree() if county is not None else OrgUnit.objects.all()
    return units.order_by("path")


class RegisterForm(ContactNumbers, BoundedInputs, BootstrapMixin, forms.Form):
    """Staff registration from any channel (incl. on a citizen's behalf)."""

    unit = forms.ModelChoiceField(label=_("登记单位"), queryset=OrgUnit.objects.none())
    # 信访形式 and 信访类别 are the clerk's to state (a preselected 来访 and
    # 建议意见类 were kept unnoticed); a reception's registration proposes 来访.
    channel = forms.ChoiceField(label=_("信访形式"), choices=stated(Channel.choices))
    source = forms.ChoiceField(label=_("来源"), choices=Source.choices, initial=Source.DIRECT)
    sending_body = forms.CharField(label=_("转送交办机关"), max_length=100, required=False)
    sending_ref = forms.CharField(label=_("转送交办文号"), max_length=60, required=False)
    category = forms.ChoiceField(label=_("信访类别"), choices=stated(Category.choices))
    # Most matters are registered the day they arrive (at the counter, by
    # phone): today is offered, as the mediation forms offer it.
    received_on = _date(_("收到日期"), required=True, initial=timezone.localdate)
    title = forms.CharField(label=_("信访事由"), max_length=200)
    content = _text(_("信访内容"), rows=5, required=True)
    involved_unit = forms.ModelChoiceField(
        label=_("涉及单位"), queryset=OrgUnit.objects.none(), required=False
    )
    accused_unit = forms.ModelChoiceField(
        label=_("被检举控告单位"), queryset=OrgUnit.objects.none(), required=False
    )
    group_size = forms.IntegerField(label=_("来访人数"), min_value=1, initial=1)
    name = forms.CharField(label=_("信访人姓名"), max_length=50)
    id_number = forms.CharField(label=_("身份证号码"), max_length=18, required=False)
    phone = forms.CharField(label=_("联系电话"), max_length=20, required=False)
    address = forms.CharField(label=_("住址"), max_length=200, required=False)
    is_representative = forms.BooleanField(label=_("代表人"), required=False)
    others = _text(
        _("其他信访人"),
        rows=3,
    )
    reception = forms.ModelChoiceField(
        label=_("来源接访记录"), queryset=Reception.objects.none(), required=False
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        units = units_visible_to(user).order_by("path")
        _set_qs(self, "unit", units)
        _set_qs(self, "involved_unit", units)
        # The accused unit may be outside the clerk's scope (its own people must
        # not see the matter), so the picker is not scoped: it offers the units
        # of the clerk's county, where a township's accusations are handled
        # (属地管理; one outside goes on by 转送). A province-wide list was 2,211
        # options at 200 townships, and the form took 0.7 s to draw.
        _set_qs(self, "accused_unit", _county_units(user))
        _set_qs(self, "reception", Reception.objects.visible_to(user).select_related("leader"))
        self.fields["others"].help_text = _(
            "每行一人：姓名 身份证号码 电话 代表（集体访代表不超过5人）"
        )
        home = getattr(user, "home_unit", None)
        if home is not None:
            self.fields["unit"].initial = home.pk
        self.style()

    def petitioners(self) -> list[PetitionerData]:
        d = self.cleaned_data
        first = PetitionerData(
            d["name"], d["id_number"], d["phone"], d["address"], d["is_representative"]
        )
        return [first, *parse_others(d.get("others", ""))]


class PublicSubmitForm(BoundedInputs, BootstrapMixin, forms.Form):
    """The citizen's online form (网上信访) on the public site."""

    township = forms.ModelChoiceField(
        label=_("向哪个乡镇反映"), queryset=OrgUnit.objects.filter(kind=OrgUnit.Kind.TOWNSHIP)
    )
    category = forms.ChoiceField(label=_("信访类别"), choices=stated(Category.choices))
    title = forms.CharField(label=_("事由"), max_length=200)
    content = _text(_("具体内容（请求、事实和理由）"), rows=6, required=True)
    name = forms.CharField(label=_("姓名"), max_length=50)
    id_number = forms.CharField(label=_("身份证号码"), max_length=18)
    phone = forms.CharField(label=_("联系电话"), max_length=20)
    address = forms.CharField(label=_("住址"), max_length=200, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.style()

    def clean_id_number(self) -> str:
        value = normalize_id_number(self.cleaned_data.get("id_number", ""))
        validate_id_number(value)
        return value

    def clean_phone(self) -> str:
        value = (self.cleaned_data.get("phone") or "").strip()
        validate_phone(value)
        return value


# What a citizen may type between a query code's letters: a code read off the
# receipt or over the phone comes back grouped ("NVZW-FT9N-HZYB", "nvzw ft9n
# hzyb"), often from a Chinese keyboard (full-width －, 　, ＡＢＣ; NFKC folds
# those) or a word processor's en/em dash.
_TRACK_SEPARATORS = re.compile(r"[\s\-\u2010-\u2015\u2212]+")


class TrackForm(BootstrapMixin, forms.Form):
    # Room for separators; the code itself is at most Petition.query_code's 16.
    code = forms.CharField(label=_("查询码"), max_length=40)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.style()

    def clean_code(self) -> str:
        value = unicodedata.normalize("NFKC", self.cleaned_data.get("code") or "")
        return _TRACK_SEPARATORS.sub("", value).upper()


class EditForm(BoundedInputs, BootstrapMixin, forms.Form):
    title = forms.CharField(label=_("信访事由"), max_length=200)
    content = _text(_("信访内容"), rows=5, required=True)
    involved_unit = forms.ModelChoiceField(
        label=_("涉及单位"), queryset=OrgUnit.objects.none(), required=False
    )
    group_size = forms.IntegerField(label=_("来访人数"), min_value=1)

    def __init__(self, *args: Any, user: Any, petition: Petition, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _set_qs(self, "involved_unit", units_visible_to(user).order_by("path"))
        self.style()


# ---------------------------------------------------------------------------
# Step forms (POST on the detail page); the workflow decides what is allowed
# ---------------------------------------------------------------------------


class StepForm(BootstrapMixin, ActionForm):
    """A step's input; its inputs carry the step's own prefix (`prefix_name`)."""

    record: Petition
    # Inputs the workflow requires: marked * on the page (the workflow, not
    # the form, refuses them empty, with the rule's own message).
    marked: tuple[str, ...] = ()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", self.prefix_name)
        super().__init__(*args, **kwargs)
        self.setup()
        for name in self.marked:
            self.mark(name)
        self.style()

    prefix_name = ""

    def mark(self, name: str) -> None:
        field = self.fields[name]
        field.marked = True  # type: ignore[attr-defined]  # read by _form_fields.html
        field.widget.attrs["aria-required"] = "true"

    def setup(self) -> None:
        """Fill choices that depend on the petition."""


class AcceptForm(StepForm):
    prefix_name = "accept"
    marked = ("on",)
    # Accepted, declined or referred as the clerk records it, nearly always
    # that day: the page proposes today, which the clerk may change.
    on = _date(_("受理日期"), initial=timezone.localdate)
    note = _text(_("说明"), rows=2)


class DeclineForm(StepForm):
    prefix_name = "decline"
    marked = ("on", "competent_body", "reason")
    on = _date(_("决定日期"), initial=timezone.localdate)
    competent_body = forms.CharField(label=_("有权处理机关"), max_length=100, required=False)
    reason = _text(_("不予受理理由"), rows=2)


class ReferForm(StepForm):
    prefix_name = "refer"
    marked = ("on", "procedure", "competent_body")
    on = _date(_("决定日期"), initial=timezone.localdate)
    procedure = forms.ChoiceField(
        label=_("导入的法定程序"), choices=[("", "---------"), *Procedure.choices], required=False
    )
    competent_body = forms.CharField(label=_("有权处理机关"), max_length=100, required=False)
    reason = _text(_("说明"), rows=2)


class ObjectForm(StepForm):
    prefix_name = "object"
    marked = ("on", "reason")
    on = _date(_("异议日期"))
    reason = _text(_("异议理由"), rows=2)


def _township_leaders(petition: Petition) -> Any:
    township = township_of(petition.unit)
    return Person.objects.filter(pk__in=leaders_of(township).values("person"))


class HandlerChoiceField(forms.ModelChoiceField):
    """A handler by name and unit: two cadres may share a name. `names`: the
    form's user's way of naming units (core.forms.UnitNames.person)."""

    names: UnitNames | None = None

    def label_from_instance(self, obj: Any) -> str:
        names = self.names if self.names is not None else UnitNames(None)
        return names.person(obj.display_name, obj.home_unit)


class AssignForm(StepForm):
    prefix_name = "assign"
    township_handlers: models.QuerySet[User]  # the 承办人 offered for no unit
    responsible_unit = forms.ModelChoiceField(label=_("承办单位"), queryset=OrgUnit.objects.none())
    handler = HandlerChoiceField(label=_("承办人"), queryset=User.objects.none(), required=False)
    is_key_case = forms.BooleanField(label=_("重点案件"), required=False)
    owner_leader = forms.ModelChoiceField(
        label=_("包案领导"), queryset=Person.objects.none(), required=False
    )

    def setup(self) -> None:
        # Only what 交办 takes: an accusation's accused unit and its people
        # were offered and then refused (第三十条); and only the units of the
        # user's scope — a village cadre was offered the whole township's.
        _set_qs(
            self,
            "responsible_unit",
            assignable_units(self.record, by=self.user).order_by("path"),
        )
        _set_qs(
            self,
            "handler",
            assignable_handlers(self.record, left_too=True)
            .select_related("person", "home_unit")
            .order_by("home_unit__path", "username"),
        )
        cast(HandlerChoiceField, self.fields["handler"]).names = UnitNames.of(self.user)
        _set_qs(self, "owner_leader", _township_leaders(self.record))
        # 交办 gives the matter anew: nobody who has left (core.serving); the
        # workflow refuses them too (can_handle, check_leader).
        offer_serving(self.fields["handler"], serving_accounts())
        offer_serving(self.fields["owner_leader"], serving_people())
        handler = self.fields["handler"]
        assert isinstance(handler, forms.ModelChoiceField) and handler.queryset is not None
        self.township_handlers = handler.queryset
        p = self.record
        self.initial.update(
            {
                "responsible_unit": p.responsible_unit_id,
                "handler": p.handler_id,
                "is_key_case": p.is_key_case,
                "owner_leader": p.owner_leader_id,
            }
        )
        # Choosing a 承办单位 asks for the 承办人 field again, offering only
        # those the step takes for it (views.assign_handlers, htmx); without
        # scripts the township's list stays and the step refuses a mismatch.
        handler_id = self["handler"].auto_id
        self.fields["responsible_unit"].widget.attrs.update(
            {
                "hx-get": reverse("petitions:assign_handlers", args=[p.pk]),
                "hx-trigger": "change",
                "hx-include": f"#{handler_id}",
                "hx-target": f"#{handler_id}-field",
                "hx-swap": "outerHTML",
                "hx-sync": "this:replace",
            }
        )
        if not self.is_bound and p.responsible_unit_id:
            self.narrow(p.responsible_unit)
        elif not self.is_bound:
            # One unit offered (a village cadre's own village) is proposed
            # (core.forms.PreselectSingleChoice): its 承办人 from the start.
            units = self.fields["responsible_unit"]
            assert isinstance(units, forms.ModelChoiceField) and units.queryset is not None
            only = list(units.queryset[:2])
            if len(only) == 1:
                self.narrow(only[0])

    def narrow(self, unit: OrgUnit | None) -> None:
        """Offer as 承办人 only those the step takes for the 承办单位 `unit`
        (workflow.assignable_handlers with `unit`: their scope holds it); no
        unit, the township's list."""
        handlers = self.township_handlers
        if unit is not None:
            covering = assignable_handlers(self.record, unit=unit, left_too=True)
            handlers = handlers.filter(pk__in=covering.values("pk"))
        _set_qs(self, "handler", handlers)

    def full_clean(self) -> None:
        # Checked against the township's list, so that a handler the unit
        # does not take reaches the step and is refused naming the rule; the
        # form shown again (a refused post) offers the unit's list.
        super().full_clean()
        if self.is_bound and self.cleaned_data.get("responsible_unit") is not None:
            self.narrow(self.cleaned_data["responsible_unit"])


class HandlingForm(StepForm):
    prefix_name = "handling"
    investigation = _text(_("调查核实情况"))
    hearing_on = _date(_("听证日期"))
    hearing_note = _text(_("听证情况"), rows=2)
    settlement = _text(_("和解/调解协议"), rows=2)

    def setup(self) -> None:
        p = self.record
        self.initial.update(
            {
                "investigation": p.investigation,
                "hearing_on": p.hearing_on,
                "hearing_note": p.hearing_note,
                "settlement": p.settlement,
            }
        )


class ExtendForm(StepForm):
    prefix_name = "extend"
    marked = ("days", "reason", "approver", "on", "notice_on")
    days = forms.IntegerField(label=_("延长天数"), required=False)
    reason = _text(_("延期理由"), rows=2)
    approver = forms.ModelChoiceField(
        label=_("批准人（本机关负责人）"), queryset=Person.objects.none(), required=False
    )
    on = _date(_("批准日期"))
    notice_on = _date(_("告知信访人日期"))

    def setup(self) -> None:
        # Only the leaders who may approve (本机关负责人): the township's other
        # leaders were offered and then refused.
        approvers = extension_approvers(township_of(self.record.unit))
        _set_qs(self, "approver", Person.objects.filter(pk__in=approvers.values("person")))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("days") is None and not self.errors.get("days"):
            raise ValidationError({"days": _("请填写延长天数。")})
        return data


class ReplyForm(StepForm):
    prefix_name = "reply"
    marked = ("on", "facts")
    # The day the opinion is issued, as it is recorded; not its service
    # (送达日期), which may come later and is left for the clerk to fill.
    on = _date(_("答复日期"), initial=timezone.localdate)
    request = _text(_("信访请求"), rows=2)
    facts = _text(_("事实和理由"))
    outcome = forms.ChoiceField(
        label=_("处理意见"), choices=[("", "---------"), *Outcome.choices], required=False
    )
    basis = _text(_("法律政策依据"), rows=2)
    served_on = _date(_("送达日期"))

    def setup(self) -> None:
        p = self.record
        if p is None:
            return
        if p.category == Category.CLAIM:
            # 《信访工作条例》第三十二条: a claim's opinion states all four parts.
            for name in ("request", "outcome", "basis"):
                self.mark(name)
        # What the petitioner asked is on record: the subject, or an earlier draft.
        self.initial.setdefault("request", p.reply_request or p.title)


class ServeForm(StepForm):
    prefix_name = "serve"
    marked = ("served_on",)
    served_on = _date(_("答复送达日期"))


class CloseForm(StepForm):
    prefix_name = "close"
    marked = ("on",)
    on = _date(_("办结日期"))
    resolved = forms.BooleanField(label=_("已化解"), required=False, initial=True)


class AppealRequestForm(StepForm):
    prefix_name = "appeal_request"
    marked = ("requested_on", "body")
    requested_on = _date(_("请求日期"))
    body = forms.CharField(label=_("复查/复核机关"), max_length=100, required=False)


class ReviewRequestForm(AppealRequestForm):
    prefix_name = "review_request"

    def setup(self) -> None:
        # 《信访工作条例》第三十五条: the review is asked of the organ one level up
        # (for a township, its county's government).
        township = township_of(self.record.unit) if self.record is not None else None
        parent = township.parent if township is not None else None
        if parent is not None:
            self.initial.setdefault("body", f"{parent.name}人民政府")


class ReReviewRequestForm(AppealRequestForm):
    prefix_name = "re_review_request"


class AppealDecisionForm(StepForm):
    prefix_name = "appeal_decision"
    marked = ("on", "result", "opinion")
    on = _date(_("意见出具日期"))
    result = forms.ChoiceField(
        label=_("结果"), choices=[("", "---------"), *AppealResult.choices], required=False
    )
    opinion = _text(_("意见"), rows=3)
    served_on = _date(_("送达日期"))


class ReviewDecisionForm(AppealDecisionForm):
    prefix_name = "review_decision"


class ReReviewDecisionForm(AppealDecisionForm):
    prefix_name = "re_review_decision"


class AppealServeForm(StepForm):
    prefix_name = "appeal_serve"
    marked = ("level", "served_on")
    level = forms.ChoiceField(label=_("层级"), choices=AppealLevel.choices)
    served_on = _date(_("意见送达日期"))

    def setup(self) -> None:
        waiting = (
            [a.level for a in self.record.appeals.all() if a.decided_on and not a.served_on]
            if self.record is not None
            else []
        )
        if waiting:
            self.initial.setdefault("level", waiting[0])


class HearingStartForm(StepForm):
    prefix_name = "hearing_start"
    marked = ("on",)
    on = _date(_("听证开始日期"))
    reason = forms.CharField(label=_("说明"), required=False, initial="复核听证")


class HearingEndForm(StepForm):
    prefix_name = "hearing_end"
    marked = ("on",)
    on = _date(_("听证结束日期"))


class RateForm(StepForm):
    prefix_name = "rate"
    marked = ("rating", "on")
    rating = forms.ChoiceField(
        label=_("满意度"), choices=[("", "---------"), *Satisfaction.choices], required=False
    )
    on = _date(_("评价日期"))


class PetitionerAddForm(ContactNumbers, StepForm):
    """添加信访人 on the detail page (until the reply)."""

    prefix_name = "petitioner_add"
    name = forms.CharField(label=_("姓名"), max_length=50)
    id_number = forms.CharField(label=_("身份证号码"), max_length=18, required=False)
    phone = forms.CharField(label=_("联系电话"), max_length=20, required=False)
    address = forms.CharField(label=_("住址"), max_length=200, required=False)
    is_representative = forms.BooleanField(label=_("代表人"), required=False)

    def person(self) -> PetitionerData:
        d = self.cleaned_data
        return PetitionerData(
            d["name"], d["id_number"], d["phone"], d["address"], d["is_representative"]
        )


class PetitionerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


class PetitionerEditForm(PetitionerAddForm):
    """更正信访人: opened filled from the record (`for_petitioner`). An ID
    number, phone or address left empty keeps the one on record, so a role
    that sees them masked corrects the rest (as the mediation party form)."""

    prefix_name = "petitioner_update"
    petitioner = PetitionerChoiceField(
        label=_("信访人"), queryset=Petitioner.objects.none(), widget=forms.HiddenInput()
    )
    field_order = ["petitioner", "name", "id_number", "phone", "address", "is_representative"]

    def setup(self) -> None:
        _set_qs(self, "petitioner", Petitioner.objects.filter(petition=self.record))
        self.fields["petitioner"].error_messages["invalid_choice"] = _(
            "该信访人不属于本事项或已被移除。"
        )
        for name in ("id_number", "phone", "address"):
            self.fields[name].help_text = _("留空则保留已登记的内容。")

    def for_petitioner(self, person: Petitioner) -> PetitionerEditForm:
        """Fill the form from the record; the ID number, phone and address
        start empty with what is on record masked as the placeholder, for
        every role (core.forms.mask_personal_fields): the page reveals them
        one at a time, audited."""
        self.initial.update(
            petitioner=person.pk, name=person.name, is_representative=person.is_representative
        )
        mask_personal_fields(self, person)
        return self


class PetitionerRemoveForm(StepForm):
    prefix_name = "petitioner_remove"
    petitioner = PetitionerChoiceField(
        label=_("信访人"), queryset=Petitioner.objects.none(), widget=forms.HiddenInput()
    )
    reason = forms.CharField(label=_("移除理由"), max_length=200, required=True)

    def setup(self) -> None:
        _set_qs(self, "petitioner", Petitioner.objects.filter(petition=self.record))

    def offers(self, person: Petitioner) -> bool:
        """Whether the petitioner's page offers removing `person`: the one
        petitioner of a matter was offered, then refused (信访事项至少要有一位
        信访人). A post of one still reaches the step, which says so."""
        return removable_petitioners(self.record).filter(pk=person.pk).exists()


# ---------------------------------------------------------------------------
# Reception days and outreach visits (plain records through core.workflow)
# ---------------------------------------------------------------------------


class LeaderChoiceMixin:
    fields: dict[str, forms.Field]
    user: Any

    def limit_leaders(self, *names: str) -> None:
        home = getattr(self.user, "home_unit", None)
        township = township_of(home) if home is not None else None
        qs = (
            Person.objects.filter(pk__in=leaders_of(township).values("person"))
            if township is not None
            else Person.objects.none()
        )
        for name in names:
            _set_qs(self, name, qs)


class ReceptionDutyForm(LeaderChoiceMixin, BootstrapMixin, ScopedModelForm):
    class Meta:
        model = ReceptionDuty
        fields = ["unit", "leader", "date", "slot", "place", "topic", "published"]
        widgets = {"date": DateInput()}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.limit_leaders("leader")
        self.style()


class ReceptionForm(LeaderChoiceMixin, BootstrapMixin, ScopedModelForm):
    class Meta:
        model = Reception
        fields = ["unit", "duty", "leader", "held_on", "place", "visitor_count", "summary"]
        widgets = {"held_on": DateInput()}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.limit_leaders("leader")
        # A reception is recorded after it took place: only duties up to today,
        # the latest first (workflow.check_reception holds the rule).
        _set_qs(
            self,
            "duty",
            ReceptionDuty.objects.visible_to(self.user)
            .filter(date__lte=core_steps.today())
            .select_related("leader")
            .order_by("-date", "pk"),
        )
        self.fields["duty"].help_text = _("只能关联接访当天的接访日安排。")
        self.style()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        try:
            check_reception(
                held_on=data.get("held_on"),
                duty=data.get("duty"),
                unit=data.get("unit"),
                by=self.user,
            )
        except RuleViolation as exc:
            self.add_error(exc.field if exc.field in self.fields else None, exc.messages)
        return data


class OutreachVisitForm(LeaderChoiceMixin, BootstrapMixin, ScopedModelForm):
    class Meta:
        model = OutreachVisit
        fields = [
            "unit",
            "visited_on",
            "leader",
            "participants",
            "visited_party",
            "place",
            "findings",
            "actions",
            "petitions",
        ]
        widgets = {"visited_on": DateInput()}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.limit_leaders("leader")
        _set_qs(self, "participants", Person.objects.visible_to(self.user).filter(is_cadre=True))
        _set_qs(self, "petitions", Petition.objects.visible_to(self.user).order_by("-received_on"))
        self.style()
