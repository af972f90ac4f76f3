"""Forms validate shape (types, required fields, choices in scope); the
workflow validates the rules. The step forms serve both the pages and the API."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fazhi.core.forms import (
    ActionForm,
    DateInput,
    ScopedModelForm,
    date_widgets,
    stated,
    style_fields,
    style_small,
)
from fazhi.core.models import Person
from fazhi.core.serving import offer_serving, serving_people

from . import workflow
from .models import (
    EnforcementCase,
    EnforcementComplaint,
    EnforcementField,
    Evidence,
    Exam,
    Hearing,
    InvestigationStep,
    LegalReview,
    Measure,
    Officer,
    Training,
)

Case = EnforcementCase


# An officer who has left the post (调离, 离职) is no longer 在岗: a case step
# offers only those who are (core.serving), as the workflow allows no other
# (workflow.officers.officer_problem).
def serving_officers() -> Q:
    """Officers 在岗 whose person has not left (core.serving)."""
    return Q(is_active=True) & serving_people(prefix="person__")


def _date(label: Any, required: bool = True, initial: Any = None) -> forms.DateField:
    return forms.DateField(label=label, required=required, widget=DateInput(), initial=initial)


def _money(label: Any, required: bool = False) -> forms.DecimalField:
    # Negative amounts reach the workflow, which refuses them with the rule's message.
    return forms.DecimalField(label=label, required=required, max_digits=14, decimal_places=2)


class RecordForm(ScopedModelForm):
    """A record's page form (a case, an officer, a training, an exam, a
    complaint): Bootstrap's classes on every widget, so a drop-down fits its
    column (an unstyled <select> takes its longest option's width: the case
    form's 案件来源 ran 28 px past a phone's screen in English)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style_fields(self.fields)


class StepForm(ActionForm):
    """A workflow step's input. `user` limits officer and person choices to scope."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        user = self.user
        for field in self.fields.values():
            if isinstance(field, forms.ModelChoiceField | forms.ModelMultipleChoiceField):
                model = cast(Any, field.queryset).model
                if hasattr(model.objects, "visible_to"):
                    qs = model.objects.visible_to(user)
                    if model is Officer:
                        qs = qs.select_related("person").order_by("person__name")
                    field.queryset = qs
                field.error_messages["invalid_choice"] = _("所选项不存在或不在您的管辖范围内。")
                if model is Officer:
                    offer_serving(field, serving_officers())
        style_small(self.fields)


def officer_choices(label: Any = None) -> forms.ModelMultipleChoiceField:
    return forms.ModelMultipleChoiceField(
        label=label or _("执法人员"), queryset=Officer.objects.all()
    )


class OfficerForm(RecordForm):
    class Meta:
        model = Officer
        fields = ["unit", "person", "title", "fields", "area", "is_active", "note"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        person = cast(forms.ModelChoiceField, self.fields["person"])
        cadres = cast(Any, person.queryset).filter(is_cadre=True)
        if self.instance.pk is None:
            # Registering: only those the step takes (not an officer already).
            cadres = workflow.registrable(cadres)
        person.queryset = cadres


class IssueForm(StepForm):
    number = forms.CharField(label=_("证件编号"), max_length=40)
    issuing_authority = forms.CharField(
        label=_("发证机关"), max_length=100, initial="湖南省人民政府"
    )
    issued_on = _date(_("发证日期"))
    categories = forms.ModelMultipleChoiceField(
        label=_("执法类别"), queryset=EnforcementField.objects.all()
    )


class RenewForm(StepForm):
    # The new certificate runs from the old one's expiry, which may lie ahead.
    dates_ahead = ("issued_on",)
    on = _date(_("换证日期"))
    number = forms.CharField(label=_("新证件编号"), max_length=40)
    issued_on = _date(_("新证发证日期（默认原证到期次日）"), required=False)


class CertReasonForm(StepForm):
    on = _date(_("日期"))
    reason = forms.CharField(label=_("理由/说明"), max_length=300, required=False)


class TrainingForm(RecordForm):
    # 类别 is what the training taught, stated (it opened on 公共法律知识).
    stated_fields = ("kind",)
    attendee_list = forms.ModelMultipleChoiceField(
        label=_("参训人员"), queryset=Officer.objects.all(), required=False
    )

    class Meta:
        model = Training
        fields = ["unit", "title", "kind", "held_on", "hours", "organizer", "location"]
        widgets = date_widgets(Training)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(
            forms.ModelMultipleChoiceField, self.fields["attendee_list"]
        ).queryset = Officer.objects.visible_to(self.user).select_related("person")


class ExamForm(RecordForm):
    # 类别 is which exam it is, stated (it opened on 行政执法资格考试).
    stated_fields = ("kind",)

    class Meta:
        model = Exam
        fields = [
            "unit",
            "title",
            "kind",
            "sitting_on",
            "registration_deadline",
            "pass_mark",
            "organizer",
        ]
        widgets = date_widgets(Exam)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["pass_mark"].required = False
        self.fields["pass_mark"].help_text = _("留空则按规则设置（默认60分）。")


class RegistrationForm(StepForm):
    """报名 on an exam's page (`record` is the exam): only those not yet
    registered for it are offered, as the step takes them."""

    person = forms.ModelChoiceField(label=_("报名人"), queryset=Person.objects.all())
    registered_on = _date(_("报名日期"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.record is not None:
            field = cast(forms.ModelChoiceField, self.fields["person"])
            field.queryset = workflow.not_registered(self.record, cast(Any, field.queryset))


class ResultForm(StepForm):
    score = forms.DecimalField(label=_("成绩"), max_digits=5, decimal_places=1, required=False)
    absent = forms.BooleanField(label=_("缺考"), required=False)


CASE_FIELDS = [
    "unit",
    "case_type",
    "title",
    "field",
    "source",
    "party_type",
    "party_name",
    "id_number",
    "phone",
    "address",
    "act_date",
    "discovered_on",
    "extended_limitation",
    "circumstances_complex",
    "serious_violation",
    "major_public_interest",
    "multiple_legal_relations",
    "review_required_by_law",
    "publish_decision",
]


class CaseUnitForm(RecordForm):
    """A form that enters a case: its 所属单位 offers only the units a case is
    registered to (workflow.case_units: the township), as the workflow refuses
    a village or an office."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        unit = self.fields.get("unit")
        if isinstance(unit, forms.ModelChoiceField) and unit.queryset is not None:
            unit.queryset = workflow.case_units(unit.queryset)


class CaseForm(CaseUnitForm):
    """A clue (线索): the case before filing. 案件来源 and 当事人类型 are the
    officer's to state (core.forms.state_choices): the page opened on 日常检查发现
    and 公民, kept for a report or a company unnoticed, and 当事人类型 decides
    how the ID number is checked and who is told of a hearing."""

    stated_fields = ("source", "party_type")

    class Meta:
        model = EnforcementCase
        fields = CASE_FIELDS
        widgets = date_widgets(EnforcementCase)


class SummaryForm(CaseUnitForm):
    """The summary procedure: the case and the on-the-spot decision in one form.
    当事人类型 stated, as on a clue; its 案件来源 stays 日常检查发现 (a penalty
    given on the spot is found there)."""

    stated_fields = ("party_type",)

    on = _date(_("处罚日期"))
    penalty_kind = forms.ChoiceField(
        label=_("处罚种类"),
        choices=stated(
            [
                (Case.PenaltyKind.WARNING, Case.PenaltyKind.WARNING.label),
                (Case.PenaltyKind.FINE, Case.PenaltyKind.FINE.label),
            ]
        ),
    )
    fine_amount = _money(_("罚款金额（元）"))
    officer_list = officer_choices()

    class Meta:
        model = EnforcementCase
        fields = [
            "unit",
            "title",
            "field",
            "party_type",
            "party_name",
            "id_number",
            "phone",
            "address",
            "act_date",
        ]
        widgets = date_widgets(EnforcementCase)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(
            forms.ModelMultipleChoiceField, self.fields["officer_list"]
        ).queryset = Officer.objects.visible_to(self.user).select_related("person")
        offer_serving(self.fields["officer_list"], serving_officers())
        self.fields["act_date"].required = False


class InspectionForm(CaseUnitForm):
    """An administrative inspection: 当事人类型 stated, as on a clue; its 案件来源
    is 日常检查发现 by what it is."""

    stated_fields = ("party_type",)
    on = _date(_("检查日期"))

    class Meta:
        model = EnforcementCase
        fields = ["unit", "title", "field", "party_type", "party_name", "address"]


# --- Case steps --------------------------------------------------------------


class FileForm(StepForm):
    # Filed as the officer records it, nearly always that day: the page
    # proposes the township's today (as petitions' 受理日期), changed at will.
    on = _date(_("立案日期"), initial=timezone.localdate)


class InvestigateForm(StepForm):
    kind = forms.ChoiceField(label=_("调查方式"), choices=stated(InvestigationStep.Kind.choices))
    on = _date(_("日期"))
    place = forms.CharField(label=_("地点"), max_length=200)
    summary = forms.CharField(label=_("笔录摘要"), widget=forms.Textarea(attrs={"rows": 2}))
    officers = officer_choices()


class EvidenceForm(StepForm):
    kind = forms.ChoiceField(label=_("证据种类"), choices=stated(Evidence.Kind.choices))
    description = forms.CharField(label=_("证据说明"), max_length=300)
    collected_on = _date(_("收集日期"))
    place = forms.CharField(label=_("收集地点"), max_length=200)
    collected_by = officer_choices(_("收集人"))
    file = forms.FileField(label=_("证据文件"), required=False)


class PreserveForm(StepForm):
    started_on = _date(_("登记保存日期"))
    items = forms.CharField(label=_("登记保存物品"), widget=forms.Textarea(attrs={"rows": 2}))
    approved_by = forms.CharField(label=_("批准负责人"), max_length=50)


class ReviewForm(StepForm):
    outcome = forms.ChoiceField(label=_("审查结论"), choices=stated(Case.ReviewOutcome.choices))
    on = _date(_("审查日期"))
    deliberated_on = _date(_("集体讨论日期"), required=False)
    deliberation_minutes = forms.CharField(
        label=_("集体讨论纪要"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class NotifyForm(StepForm):
    on = _date(_("告知日期"))
    penalty_kind = forms.ChoiceField(
        label=_("拟处罚种类"), choices=stated(Case.PenaltyKind.choices)
    )
    fine_amount = _money(_("拟罚款金额（元）"))
    confiscated_amount = _money(_("拟没收金额（元）"))
    facts = forms.CharField(label=_("违法事实"), widget=forms.Textarea(attrs={"rows": 2}))
    legal_basis = forms.CharField(label=_("处罚依据"), widget=forms.Textarea(attrs={"rows": 2}))


class StatementForm(StepForm):
    kind = forms.ChoiceField(label=_("陈述申辩情况"), choices=stated(Case.StatementKind.choices))
    on = _date(_("日期"))
    text = forms.CharField(
        label=_("陈述申辩内容及采纳情况"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class HearingRequestForm(StepForm):
    on = _date(_("申请日期"))


class ScheduleHearingForm(StepForm):
    notice_on = _date(_("通知日期"))
    scheduled_on = _date(_("听证日期"))
    place = forms.CharField(label=_("听证地点"), max_length=200)
    chair = forms.ModelChoiceField(label=_("主持人"), queryset=Person.objects.all())
    officers = officer_choices(_("送达通知的执法人员"))
    public = forms.BooleanField(label=_("公开举行"), required=False, initial=True)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        offer_serving(self.fields["chair"], serving_people())


class HoldHearingForm(StepForm):
    held_on = _date(_("举行日期"))
    outcome = forms.ChoiceField(
        label=_("结果"), choices=stated(c for c in Hearing.Outcome.choices if c[0] != "pending")
    )
    transcript = forms.CharField(
        label=_("听证笔录摘要"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class SubmitReviewForm(StepForm):
    on = _date(_("送审日期"))


class LegalReviewForm(StepForm):
    result = forms.ChoiceField(
        label=_("审核结果"),
        choices=stated(c for c in LegalReview.Result.choices if c[0] != "pending"),
    )
    opinion = forms.CharField(label=_("审核意见"), widget=forms.Textarea(attrs={"rows": 2}))
    on = _date(_("审核日期"))


class DecideForm(StepForm):
    on = _date(_("决定日期"))
    penalty_kind = forms.ChoiceField(label=_("处罚种类"), choices=stated(Case.PenaltyKind.choices))
    fine_amount = _money(_("罚款金额（元）"))
    confiscated_amount = _money(_("没收金额（元）"))
    performance = forms.CharField(
        label=_("履行方式和期限"),
        max_length=200,
        initial="自收到本决定书之日起十五日内到指定银行或者通过电子支付系统缴纳罚款。",
    )


class ServeForm(StepForm):
    on = _date(_("送达日期"))
    method = forms.ChoiceField(label=_("送达方式"), choices=stated(Case.ServiceMethod.choices))
    officers = forms.ModelMultipleChoiceField(
        label=_("送达人员"), queryset=Officer.objects.all(), required=False
    )
    late_reason = forms.CharField(label=_("逾期送达原因"), max_length=200, required=False)


class DeferForm(StepForm):
    until = _date(_("延期至"))
    instalments = forms.IntegerField(label=_("分期数"), min_value=1, initial=1)
    reason = forms.CharField(label=_("理由"), max_length=200)
    approver = forms.CharField(label=_("批准人"), max_length=50)
    on = _date(_("批准日期"))


class PaymentForm(StepForm):
    paid_on = _date(_("缴款日期"))
    amount = _money(_("缴款金额（元）"), required=True)
    receipt_no = forms.CharField(label=_("票据号"), max_length=60, required=False)


class MeasureForm(StepForm):
    kind = forms.ChoiceField(label=_("措施"), choices=stated(Measure.Kind.choices))
    started_on = _date(_("实施日期"))
    items = forms.CharField(label=_("对象及清单"), widget=forms.Textarea(attrs={"rows": 2}))
    approved_by = forms.CharField(label=_("批准负责人"), max_length=50)
    officers = officer_choices()


class LiftForm(StepForm):
    on = _date(_("解除日期"))


class CloseForm(StepForm):
    on = _date(_("结案日期"))
    note = forms.CharField(label=_("结案说明"), max_length=300, required=False)


class PublishForm(StepForm):
    on = _date(_("公示日期"))
    summary = forms.CharField(
        label=_("公示内容（留空自动生成，隐去个人信息）"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ChangedForm(StepForm):
    changed_on = _date(_("决定变更/撤销日期"))
    reason = forms.CharField(label=_("变更/撤销说明"), max_length=300)


class WithdrawForm(StepForm):
    on = _date(_("撤回日期"))


class ComplaintForm(RecordForm):
    class Meta:
        model = EnforcementComplaint
        fields = [
            "unit",
            "received_on",
            "complainant",
            "phone",
            "conduct",
            "content",
            "case",
            "officer",
        ]
        widgets = date_widgets(EnforcementComplaint)


class ComplaintInvestigateForm(StepForm):
    note = forms.CharField(
        label=_("调查安排"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ComplaintAnswerForm(StepForm):
    # No finding proposed: a preselected 属实 recorded the complaint as true
    # for an officer who did not open the list.
    finding = forms.ChoiceField(
        label=_("核查结论"), choices=stated(EnforcementComplaint.Finding.choices)
    )
    investigation = forms.CharField(
        label=_("调查核实情况"), widget=forms.Textarea(attrs={"rows": 2})
    )
    reply = forms.CharField(label=_("答复意见"), widget=forms.Textarea(attrs={"rows": 2}))
    # The day the answer is given, as it is recorded (as petitions' 答复日期).
    on = _date(_("答复日期"), initial=timezone.localdate)
