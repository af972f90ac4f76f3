"""Forms check the shape of input (types, required, choices in scope); the
workflow checks the rules. Action forms are shared by the pages and the API."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django import forms
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fazhi.core.forms import ActionForm as CoreActionForm
from fazhi.core.forms import (
    ContactNumbers,
    DateInput,
    ScopedModelForm,
    mask_personal_fields,
    stated,
    style_small,
)
from fazhi.core.models import Person
from fazhi.core.validators import (
    normalize_id_number,
    normalize_phone,
    validate_id_number,
    validate_phone,
)

from .models import (
    Agreement,
    CommitteeMember,
    Dispute,
    DisputeCategory,
    DisputeParty,
    FollowUp,
    JudicialConfirmation,
    MediationCase,
    MediationCommittee,
    Mediator,
    Relative,
    Screening,
)
from .workflow import PartyInput, not_members


class BootstrapMixin:
    """Bootstrap 5 classes on every widget (core's forms leave styling to apps)."""

    fields: dict[str, forms.Field]

    def style(self) -> None:
        style_small(self.fields)


class StyledModelForm(BootstrapMixin, ScopedModelForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.style()


class ActionForm(BootstrapMixin, CoreActionForm):
    """A workflow step's input. `version` is the record version the user saw.

    The page shows every offered step's form unprefixed (it posts the same
    names as the API), so the element ids carry the form's name: two steps
    with a date `on` must not share `id_on`, or the second label names the
    first step's input. `marked_required` names fields the step needs in some
    cases only (the workflow decides): the page marks them like required ones."""

    version = forms.IntegerField(required=False, widget=forms.HiddenInput)
    marked_required: tuple[str, ...] = ()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", f"id_{type(self).__name__.lower()}_%s")
        super().__init__(*args, **kwargs)
        if self.record is not None:
            self.initial.setdefault("version", getattr(self.record, "version", None))
        for field in self.fields.values():
            if isinstance(field, forms.DateField):
                field.widget = DateInput()
                field.input_formats = ["%Y-%m-%d"]
        self.style()


def _date(label: Any, **kwargs: Any) -> forms.DateField:
    kwargs.setdefault("initial", lambda: timezone.localdate())
    return forms.DateField(label=label, **kwargs)


# ---------------------------------------------------------------------------
# Disputes
# ---------------------------------------------------------------------------


def _party_fields(prefix: str, label: str, required: bool) -> dict[str, forms.Field]:
    return {
        f"{prefix}_name": forms.CharField(
            label=_("%(p)s姓名") % {"p": label}, max_length=50, required=required
        ),
        f"{prefix}_gender": forms.ChoiceField(
            label=_("%(p)s性别") % {"p": label},
            choices=[("", "—"), *Person.Gender.choices],
            required=False,
        ),
        f"{prefix}_id_number": forms.CharField(
            label=_("%(p)s身份证号码") % {"p": label}, max_length=18, required=False
        ),
        f"{prefix}_phone": forms.CharField(
            label=_("%(p)s联系电话") % {"p": label}, max_length=20, required=False
        ),
    }


# The 排查轮次 drop-down: a village screens every week, so a township's list
# grows by some 300 rounds a year. The list offers the latest rounds; older
# ones are found by the search beside it (views.screening_options).
RECENT_SCREENINGS = 20
SCREENING_SEARCH_LIMIT = 50


def screening_label(screening: Screening) -> str:
    return f"{screening.screened_on:%Y-%m-%d} {screening.unit.name} · {screening.scope}"


class ScreeningSelect(forms.Select):
    template_name = "mediation/widgets/screening_select.html"

    def get_context(self, name: str, value: Any, attrs: Any) -> dict[str, Any]:
        ctx = super().get_context(name, value, attrs)
        ctx["widget"]["search_url"] = reverse("mediation:screening_options")
        ctx["widget"]["recent"] = RECENT_SCREENINGS
        return ctx


class DisputeForm(StyledModelForm):
    # 风险等级 is the clerk's judgement (a high one calls the leaders in,
    # 人民调解法第二十五条): a new dispute opened on 低 and was saved so for a
    # cadre who never opened the list.
    stated_fields = ("risk_level",)

    class Meta:
        model = Dispute
        fields = [
            "unit",
            "title",
            "category",
            "facts",
            "amount",
            "source",
            "screening",
            "found_on",
            "risk_level",
            "risk_reason",
        ]
        widgets = {"found_on": DateInput(), "screening": ScreeningSelect()}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = DisputeCategory.objects.filter(active=True)  # type: ignore[attr-defined]
        field = self.fields["screening"]
        assert isinstance(field, forms.ModelChoiceField)
        visible = Screening.objects.visible_to(self.user).select_related("unit")
        field.queryset = visible  # any visible round is valid; the list shows the latest
        recent = list(visible.order_by("-screened_on", "-pk")[:RECENT_SCREENINGS])
        chosen = self._chosen_screening(visible)
        if chosen is not None and chosen not in recent:
            recent.insert(0, chosen)
        field.widget.choices = [("", "---------")] + [(s.pk, screening_label(s)) for s in recent]
        if self.instance.pk is None:
            self.fields.update(_party_fields("party1", str(_("申请人")), True))
            self.fields.update(_party_fields("party2", str(_("被申请人")), False))
            self.style()

    def _chosen_screening(self, visible: Any) -> Screening | None:
        """The round the form holds (posted, given, or the record's), listed
        even when it is older than the latest ones."""
        if self.is_bound:
            raw = self.data.get(self.add_prefix("screening"))
        else:
            raw = self.initial.get("screening") or self.instance.screening_id
        pk = getattr(raw, "pk", raw)
        if pk in (None, "") or not str(pk).isdigit():
            return None
        found: Screening | None = visible.filter(pk=int(str(pk))).first()
        return found

    def _clean_party(self, prefix: str) -> None:
        id_number = normalize_id_number(self.cleaned_data.get(f"{prefix}_id_number", ""))
        if id_number:
            try:
                validate_id_number(id_number)
            except forms.ValidationError as exc:
                self.add_error(f"{prefix}_id_number", exc)
        self.cleaned_data[f"{prefix}_id_number"] = id_number
        # Ledgers write "138 0746 1234": the spaces are not part of the number.
        phone = re.sub(r"\s", "", self.cleaned_data.get(f"{prefix}_phone") or "")
        self.cleaned_data[f"{prefix}_phone"] = phone
        if phone:
            try:
                validate_phone(phone)
            except forms.ValidationError as exc:
                self.add_error(f"{prefix}_phone", exc)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.instance.pk is None:
            for prefix in ("party1", "party2"):
                self._clean_party(prefix)
        return data

    def parties(self) -> list[PartyInput]:
        out = []
        for prefix, role in (
            ("party1", DisputeParty.Role.APPLICANT),
            ("party2", DisputeParty.Role.RESPONDENT),
        ):
            name = (self.cleaned_data.get(f"{prefix}_name") or "").strip()
            if name:
                out.append(
                    PartyInput(
                        name=name,
                        role=role,
                        id_number=self.cleaned_data.get(f"{prefix}_id_number", ""),
                        gender=self.cleaned_data.get(f"{prefix}_gender", ""),
                        phone=self.cleaned_data.get(f"{prefix}_phone", ""),
                    )
                )
        return out


class PartyForm(ContactNumbers, ActionForm):
    name = forms.CharField(label=_("姓名"), max_length=50)
    role = forms.ChoiceField(label=_("身份"), choices=stated(DisputeParty.Role.choices))
    gender = forms.ChoiceField(
        label=_("性别"), choices=[("", "—"), *Person.Gender.choices], required=False
    )
    ethnicity = forms.CharField(label=_("民族"), max_length=20, required=False, initial="汉族")
    id_number = forms.CharField(label=_("身份证号码"), max_length=18, required=False)
    phone = forms.CharField(label=_("联系电话"), max_length=20, required=False)
    address = forms.CharField(label=_("住址"), max_length=200, required=False)

    @staticmethod
    def party_from(d: dict[str, Any]) -> PartyInput:
        return PartyInput(
            name=d["name"],
            role=d["role"],
            gender=d.get("gender", ""),
            ethnicity=d.get("ethnicity", ""),
            id_number=d.get("id_number", ""),
            phone=d.get("phone", ""),
            address=d.get("address", ""),
        )


class _PartyChoice(ActionForm):
    party = forms.ModelChoiceField(label=_("当事人"), queryset=DisputeParty.objects.none())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["party"]
        assert isinstance(field, forms.ModelChoiceField)
        if self.record is not None:
            field.queryset = self.record.parties.select_related("person")
        field.error_messages["invalid_choice"] = _("该当事人不属于本纠纷或已被移除。")


class PartyEditForm(_PartyChoice, PartyForm):
    """更正当事人. The page opens it filled from the party (`for_party`); an ID
    number, phone or address left empty keeps the one on record, so a role
    that sees them masked can correct the rest."""

    field_order = ["party", "name", "role", "gender", "ethnicity", "id_number", "phone"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["party"].widget = forms.HiddenInput()
        for name in ("id_number", "phone", "address"):
            self.fields[name].help_text = _("留空则保留已登记的内容。")

    @classmethod
    def initial_for(cls, party: DisputeParty, user: Any) -> dict[str, Any]:
        person = party.person
        initial: dict[str, Any] = {
            "party": party.pk,
            "name": person.name,
            "role": party.role,
            "gender": person.gender,
            "ethnicity": person.ethnicity,
        }
        return initial

    def placeholders(self, party: DisputeParty, user: Any) -> None:
        """The ID number, phone and address start empty with what is on record
        masked as the placeholder, for every role (core.forms.mask_personal_fields):
        the page reveals them one at a time, audited."""
        mask_personal_fields(self, party.person)


class PartyRemoveForm(_PartyChoice):
    reason = forms.CharField(label=_("移除理由"), max_length=200, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["party"].widget = forms.HiddenInput()


class CloseDisputeForm(ActionForm):
    outcome = forms.ChoiceField(
        label=_("处理结果"),
        choices=stated(
            [(Dispute.Status.RESOLVED, _("已化解")), (Dispute.Status.UNRESOLVED, _("未化解"))]
        ),
    )
    on = _date(_("日期"))
    note = forms.CharField(label=_("处理情况"), widget=forms.Textarea)


class ApplyForm(ActionForm):
    committee = forms.ModelChoiceField(
        label=_("调委会"), queryset=MediationCommittee.objects.none()
    )
    start = forms.ChoiceField(
        label=_("启动方式"),
        choices=stated(
            c for c in MediationCase.Start.choices if c[0] != MediationCase.Start.ESCALATION
        ),
    )
    applied_on = _date(_("申请/启动日期"))
    applicant = forms.CharField(
        label=_("申请人/移送单位"),
        max_length=100,
        required=False,
        help_text=_("当事人申请、委托移送时必填；已按纠纷的申请人填好，可修改。"),
    )
    request = forms.CharField(label=_("调解请求"), widget=forms.Textarea, required=False)
    marked_required = ("applicant",)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        qs = MediationCommittee.objects.visible_to(self.user).filter(dissolved_on__isnull=True)
        if self.record is not None:
            # Only the committees whose area covers the dispute.
            ancestors = list(self.record.unit.ancestors().values_list("pk", flat=True))
            qs = qs.filter(unit_id__in=ancestors)
            # The dispute knows its applicants: the application names them.
            applicants = self.record.parties.filter(role=DisputeParty.Role.APPLICANT).order_by("pk")
            names = "、".join(applicants.values_list("person__name", flat=True))
            self.initial.setdefault("applicant", names[:100])
        self.fields["committee"].queryset = qs  # type: ignore[attr-defined]
        self.fields["committee"].error_messages["invalid_choice"] = _(
            "所选调委会不存在或不在您的管辖范围内。"
        )


class RelativeForm(ActionForm):
    person = forms.ModelChoiceField(label=_("人员"), queryset=Person.objects.none())
    relative = forms.ModelChoiceField(label=_("亲属"), queryset=Person.objects.none())
    relation = forms.ChoiceField(label=_("关系"), choices=stated(Relative.Relation.choices))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("person", "relative"):
            self.fields[name].queryset = Person.objects.visible_to(self.user)  # type: ignore[attr-defined]


# ---------------------------------------------------------------------------
# Case steps
# ---------------------------------------------------------------------------


class AcceptForm(ActionForm):
    on = _date(_("受理日期"))


class DeclineForm(ActionForm):
    on = _date(_("决定日期"))
    reason = forms.CharField(label=_("不予受理理由"), widget=forms.Textarea)


class AssignForm(ActionForm):
    mediator = forms.ModelChoiceField(label=_("调解员"), queryset=Mediator.objects.none())
    on = _date(_("指定日期"))
    chosen_by_parties = forms.BooleanField(label=_("当事人选定"), required=False)
    declared_related = forms.BooleanField(
        label=_("调解员声明与当事人有亲属或利害关系"), required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        qs = Mediator.objects.visible_to(self.user).select_related("person", "committee")
        if self.record is not None:
            qs = qs.filter(committee=self.record.committee)
        self.fields["mediator"].queryset = qs  # type: ignore[attr-defined]
        self.fields["mediator"].error_messages["invalid_choice"] = _(
            "所选调解员不存在或不在您的管辖范围内。"
        )


class SessionForm(ActionForm):
    held_on = _date(_("调解日期"))
    place = forms.CharField(label=_("调解地点"), max_length=200)
    attendees = forms.CharField(label=_("参加人员"), max_length=300)
    public = forms.BooleanField(label=_("公开调解"), required=False)
    record = forms.CharField(label=_("调解记录"), widget=forms.Textarea)


class ExtendForm(ActionForm):
    days = forms.IntegerField(label=_("延长天数"), min_value=1)
    reason = forms.CharField(label=_("延长理由"), max_length=300)
    parties_consent = forms.BooleanField(label=_("双方当事人同意延长"), required=False)
    on = _date(_("同意日期"))


WRITTEN_ONLY = _("书面协议必填。")


class AgreementForm(ActionForm):
    """The fields a written agreement must state (人民调解法第二十九条) are
    marked; the dispute's facts are filled in from the ledger."""

    marked_required = (
        "facts",
        "issues",
        "responsibilities",
        "performance_manner",
        "performance_place",
        "performance_deadline",
    )
    form = forms.ChoiceField(label=_("协议形式"), choices=stated(Agreement.Form.choices))
    dated = _date(_("达成日期"))
    facts = forms.CharField(label=_("纠纷主要事实"), widget=forms.Textarea, required=False)
    issues = forms.CharField(label=_("争议事项"), widget=forms.Textarea, required=False)
    responsibilities = forms.CharField(
        label=_("各方当事人的责任"), widget=forms.Textarea, required=False
    )
    terms = forms.CharField(label=_("协议内容"), widget=forms.Textarea)
    performance_manner = forms.CharField(label=_("履行方式"), max_length=200, required=False)
    performance_place = forms.CharField(label=_("履行地点"), max_length=200, required=False)
    performance_deadline = forms.DateField(label=_("履行期限"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in self.marked_required:
            self.fields[name].help_text = WRITTEN_ONLY
        if self.record is not None:
            self.initial.setdefault("facts", self.record.dispute.facts)


class SignForm(ActionForm):
    parties_signed_on = forms.DateField(label=_("当事人签名日期"), required=False)
    mediator_signed_on = forms.DateField(label=_("调解员签名日期"), required=False)
    seal_recorded_on = forms.DateField(label=_("加盖调委会印章日期"), required=False)


class FailForm(ActionForm):
    on = _date(_("终止日期"))
    failure_reason = forms.CharField(label=_("终止调解理由"), widget=forms.Textarea)
    routes_given = forms.MultipleChoiceField(
        label=_("已告知的其他途径"),
        choices=MediationCase.Route.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )


class EscalateForm(ActionForm):
    to_committee = forms.ModelChoiceField(
        label=_("移交至"), queryset=MediationCommittee.objects.none()
    )
    on = _date(_("移交日期"))
    reason = forms.CharField(label=_("移交理由"), widget=forms.Textarea)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["to_committee"]
        assert isinstance(field, forms.ModelChoiceField)
        # The township committee(s) above the case's village, whether or not
        # the user's scope reaches the township: a village cadre hands cases
        # up to the committee above them (the case itself is in their scope).
        qs = MediationCommittee.objects.none()
        if self.record is not None:
            qs = MediationCommittee.objects.filter(
                level=MediationCommittee.Level.TOWNSHIP,
                dissolved_on__isnull=True,
                unit__in=self.record.unit.ancestors(),
            ).order_by("name")
        field.queryset = qs
        field.error_messages["invalid_choice"] = _("请选择本乡的乡级调委会。")
        if qs.count() == 1:
            field.initial = qs.first()


class ConfirmForm(ActionForm):
    applied_on = _date(_("申请日期"))
    court = forms.CharField(label=_("受理法院"), max_length=100, initial="蓝山县人民法院")
    joint = forms.BooleanField(label=_("双方当事人共同申请"), required=False)


class ConfirmResultForm(ActionForm):
    result = forms.ChoiceField(
        label=_("审查结果"),
        choices=stated(
            c
            for c in JudicialConfirmation.Result.choices
            if c[0] != JudicialConfirmation.Result.PENDING
        ),
    )
    decided_on = _date(_("裁定日期"))
    ruling_no = forms.CharField(label=_("裁定书文号"), max_length=60, required=False)
    note = forms.CharField(label=_("备注"), required=False)


class WaiveForm(ActionForm):
    on = _date(_("登记日期"))


class FollowUpForm(ActionForm):
    followup = forms.ModelChoiceField(label=_("回访计划"), queryset=FollowUp.objects.none())
    done_on = _date(_("回访日期"))
    visitor = forms.CharField(label=_("回访人"), max_length=100)
    honoured = forms.ChoiceField(label=_("履行情况"), choices=stated(FollowUp.Honoured.choices))
    note = forms.CharField(label=_("回访情况"), widget=forms.Textarea, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        qs = FollowUp.objects.filter(done_on__isnull=True)
        field = self.fields["followup"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = qs.filter(case=self.record) if self.record is not None else qs.none()
        # The visit due first is the one usually made.
        self.initial.setdefault("followup", field.queryset.order_by("scheduled_on", "pk").first())


class ScheduleFollowUpForm(ActionForm):
    scheduled_on = _date(_("计划回访日期"), initial=None)  # a plan: never today unasked


# ---------------------------------------------------------------------------
# Master data
# ---------------------------------------------------------------------------


class CommitteeForm(StyledModelForm):
    class Meta:
        model = MediationCommittee
        fields = [
            "unit",
            "name",
            "level",
            "established_on",
            "dissolved_on",
            "term_start",
            "address",
            "phone",
            "note",
        ]
        widgets = {
            "established_on": DateInput(),
            "dissolved_on": DateInput(),
            "term_start": DateInput(),
        }

    def clean_phone(self) -> str:
        return committee_phone(self.cleaned_data.get("phone"))


def committee_phone(value: str | None) -> str:
    """A committee's 联系电话 as the other phones are checked (core.validators):
    a mobile or a landline, the spaces of a ledger's "0746 1234567" dropped,
    full-width digits read half-width, a mobile's +86 and dashes dropped. The
    page and the API took anything (+86 128-…, 12345)."""
    value = normalize_phone(value or "")
    if value:
        validate_phone(value)
    return value


class MemberForm(ActionForm):
    person = forms.ModelChoiceField(label=_("人员"), queryset=Person.objects.none())
    position = forms.ChoiceField(label=_("职务"), choices=stated(CommitteeMember.Position.choices))
    elected_on = _date(_("当选日期"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        people = Person.objects.visible_to(self.user).order_by("name")  # type: ignore[attr-defined]
        if self.record is not None:  # the committee: its serving members are not offered
            people = not_members(self.record, people)
        self.fields["person"].queryset = people  # type: ignore[attr-defined]
        self.fields["person"].error_messages["invalid_choice"] = _(
            "所选人员不存在或不在您的管辖范围内。"
        )


class EndMemberForm(ActionForm):
    member = forms.ModelChoiceField(label=_("委员"), queryset=CommitteeMember.objects.none())
    left_on = _date(_("离任日期"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.record is not None:
            self.fields["member"].queryset = self.record.members.filter(left_on__isnull=True)  # type: ignore[attr-defined]


class RenewForm(ActionForm):
    term_start = _date(_("新一届任期开始日期"), initial=None)


class MediatorForm(StyledModelForm):
    class Meta:
        model = Mediator
        fields = ["person", "committee", "full_time", "appointed_on", "left_on", "note"]
        widgets = {"appointed_on": DateInput(), "left_on": DateInput()}


class TrainingForm(ActionForm):
    held_on = _date(_("培训日期"))
    title = forms.CharField(label=_("培训内容"), max_length=200)
    organiser = forms.CharField(label=_("组织单位"), max_length=100, required=False)
    hours = forms.DecimalField(
        label=_("学时"), max_digits=5, decimal_places=1, min_value=0, initial=0
    )


class ScreeningForm(StyledModelForm):
    class Meta:
        model = Screening
        fields = ["unit", "screened_on", "screeners", "scope", "note"]
        widgets = {"screened_on": DateInput()}


class CategoryForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = DisputeCategory
        fields = ["code", "name", "order", "active"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.pop("user", None)
        super().__init__(*args, **kwargs)
        self.style()


# The longest period the 未按期排查 page lists: a year (a county's year of
# weekly rounds is 52 periods for each of its units); the page drew every week
# since the year typed (0001-01-01: the calendar's first week, a 500).
MISSED_PERIOD_DAYS = 366
MISSED_DEFAULT_DAYS = 90


class MissedRoundsForm(forms.Form):
    """The period of the 未按期排查的单位 page: up to today (a period counts
    once it has ended), the last 90 days when not given, at most a year."""

    start = forms.DateField(label=_("起"), required=False)
    end = forms.DateField(label=_("止"), required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        today = timezone.localdate()
        end = min(data.get("end") or today, today)
        start = data.get("start") or end - dt.timedelta(days=MISSED_DEFAULT_DAYS)
        if "start" in self.errors or "end" in self.errors:
            return data
        if start > end:
            self.add_error("start", _("起始日期不能晚于截止日期（或今天）。"))
        elif (end - start).days > MISSED_PERIOD_DAYS:
            longest = _("查询期间最长一年（%(days)s天），请缩短起止日期。")
            self.add_error("start", longest % {"days": MISSED_PERIOD_DAYS})
        data["start"], data["end"] = start, end
        return data

    def period(self) -> tuple[dt.date, dt.date]:
        """The period asked for, or the default one when the form was refused."""
        if self.is_bound and self.is_valid():
            return self.cleaned_data["start"], self.cleaned_data["end"]
        today = timezone.localdate()
        return today - dt.timedelta(days=MISSED_DEFAULT_DAYS), today

    def refusals(self) -> list[str]:
        """Each refusal with the field it is about: "起：请按 2024-03-05 的样式…"."""
        if not self.is_bound:
            return []
        return [
            f"{self.fields[name].label}{_('：')}{message}" if name in self.fields else str(message)
            for name, messages in self.errors.items()
            for message in messages
        ]
