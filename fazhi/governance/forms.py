"""Forms: record forms (create/edit) validate shape; action forms collect the
inputs of one workflow step. Rules live in workflow.py, not here."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fazhi.core.forms import ActionForm as CoreActionForm
from fazhi.core.forms import (
    BoundedInputs,
    DateInput,
    ScopedModelForm,
    UnitNames,
    date_widgets,
    state_choices,
    stated,
)
from fazhi.core.models import OrgUnit, ScopedModel, User
from fazhi.core.roles import READ_ONLY_ROLES, Role
from fazhi.core.scope import units_visible_to
from fazhi.core.serving import offer_serving, serving_accounts, serving_people

from .models import (
    ISSUING_KINDS,
    Assessment,
    AssessmentItem,
    CaseFileEvaluation,
    CaseResult,
    CleanupDecision,
    CleanupRound,
    Consultation,
    DecisionCatalogue,
    DisclosureCatalogueItem,
    DisclosureRequest,
    LawReport,
    LegalAdviser,
    LitigationCase,
    MajorDecision,
    Meeting,
    NormativeDocument,
    ProactiveDisclosure,
    ReconsiderationCase,
    Rectification,
    SupervisionCheck,
    WorkPlan,
    WorkTask,
)
from .workflow import cleanable_documents, cleanup_units, manual_items, plan_units, reviewers_for


def assignable_users(user: Any) -> Any:
    """Who may be given a task or a rectification: active accounts of the
    user's scope that do case work (models.check_assignee: not the three
    administrators, not a read-only county supervisor, not a role-less
    account), by name with their unit."""
    return case_workers(user).filter(serving_accounts())


def case_workers(user: Any) -> Any:
    """`assignable_users` and those of them who have left (core.serving: a
    task already given to one keeps them; a new choice of one is refused)."""
    return (
        User.objects.filter(home_unit__in=units_visible_to(user))
        .exclude(role__in=READ_ONLY_ROLES)
        .exclude(role="")
        .select_related("person", "home_unit")
        .order_by("home_unit__path", "username")
    )


def _user_label(user: Any) -> Callable[[Any], str]:
    """An account in a choice of people, named for `user` (UnitNames.person)."""
    names = UnitNames.of(user)
    return lambda u: names.person(u.display_name, u.home_unit if u.home_unit_id else None)


def _person_label(user: Any) -> Callable[[Any], str]:
    """A cadre in a choice of people, named for `user` (UnitNames.person)."""
    names = UnitNames.of(user)
    return lambda p: names.person(p.name, p.unit if p.unit_id else None)


class GovernanceForm(ScopedModelForm):
    """The scoped record form, plus the choices the governance rules allow:
    assignees who do case work, and only township governments as the issuing
    unit of a normative document or a major decision (models.ISSUING_KINDS)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Nobody who has left is given new work; a record naming one keeps
        # them (core.serving).
        owner = self.fields.get("owner_user")
        if isinstance(owner, forms.ModelChoiceField):
            owner.queryset = case_workers(self.user)
            owner.label_from_instance = _user_label(self.user)  # type: ignore[method-assign, assignment]
            offer_serving(
                owner, serving_accounts(), [getattr(self.instance, "owner_user_id", None)]
            )
        person = self.fields.get("owner_person")
        if isinstance(person, forms.ModelChoiceField):
            # The one responsible is a cadre (or holds an account), never a
            # petitioner or a dispute party; the unit tells two namesakes apart.
            current = getattr(self.instance, "owner_person_id", None)
            person.queryset = (
                _qs(person)
                .filter(Q(is_cadre=True) | Q(user__isnull=False) | Q(pk=current))
                .select_related("unit")
                .order_by("unit__path", "name")
            )
            person.label_from_instance = _person_label(self.user)  # type: ignore[method-assign, assignment]
            offer_serving(person, serving_people(), [current])
        plan = self.fields.get("plan")
        if self._meta.model is WorkTask and isinstance(plan, forms.ModelChoiceField):
            # A new task belongs to this year's plan unless another is chosen.
            plan.queryset = _qs(plan).order_by("-year", "pk")
            if not self.is_bound and not self.initial.get("plan"):
                current = _qs(plan).filter(year=timezone.localdate().year).first()
                if current is not None:
                    self.initial["plan"] = current.pk
        for name in ("plan", "item"):
            parent = self.fields.get(name)
            if self._meta.model in (WorkTask, ProactiveDisclosure) and isinstance(
                parent, forms.ModelChoiceField
            ):
                _name_their_units(parent)
        unit = self.fields.get("unit")
        if self._meta.model in (NormativeDocument, MajorDecision) and isinstance(
            unit, forms.ModelChoiceField
        ):
            unit.queryset = _qs(unit).filter(kind__in=ISSUING_KINDS)
        if self._meta.model is WorkPlan and isinstance(unit, forms.ModelChoiceField):
            # A village or an office was offered and then refused (年度工作方案由乡镇制定).
            unit.queryset = plan_units(_qs(unit))
        if self._meta.model is CleanupRound and isinstance(unit, forms.ModelChoiceField):
            # A village's or an office's round had no document to decide on.
            unit.queryset = cleanup_units(_qs(unit))


def _name_their_units(field: forms.ModelChoiceField) -> None:
    """A choice of the record a new one is filed under (a task's 年度工作方案,
    a 主动公开 item's 目录事项) names each one's unit when they are more than
    one unit's, by unit: a county user read every township's “2024年法治政府
    建设工作方案” and “财政预算、决算” alike, chose another township's, and
    the step refused the unit (workflow._within_parent)."""
    qs = _qs(field)
    if qs.order_by().values("unit").distinct().count() < 2:
        return
    field.queryset = qs.select_related("unit").order_by("unit__path", *qs.model._meta.ordering)
    field.label_from_instance = _with_unit  # type: ignore[method-assign, assignment]


def _with_unit(record: Any) -> str:
    return f"{record}（{record.unit.name}）"


def _form(
    model: Any, field_names: list[str], *, stated: tuple[str, ...] = (), **extra_widgets: Any
) -> type[ScopedModelForm]:
    """`stated`: the choices the clerk states on a new record
    (core.forms.state_choices), required on the API too (api.serializer_for)."""
    widgets = {k: v for k, v in date_widgets(model).items() if k in field_names}
    widgets.update(extra_widgets)
    meta = type("Meta", (), {"model": model, "fields": field_names, "widgets": widgets})
    attrs = {"Meta": meta, "stated_fields": stated}
    return type(f"{model.__name__}Form", (GovernanceForm,), attrs)


TEXT = forms.Textarea(attrs={"rows": 3})

WorkPlanForm = _form(WorkPlan, ["unit", "year", "title", "document_no", "issued_on", "goals"])
WorkTaskForm = _form(
    WorkTask,
    ["plan", "unit", "title", "measures", "owner_person", "owner_user", "deadline"],
    measures=TEXT,
)
WorkTaskEditForm = _form(
    WorkTask, ["title", "measures", "owner_person", "owner_user"], measures=TEXT
)
MeetingForm = _form(
    Meeting,
    ["unit", "held_on", "kind", "title", "group", "chair", "topics", "decisions", "attendees"],
    topics=TEXT,
    decisions=TEXT,
)
LawReportForm = _form(
    LawReport,
    ["unit", "person", "title", "year", "reported_on", "occasion", "summary", "rating"],
)
NormativeDocumentForm = _form(
    NormativeDocument,
    ["unit", "title", "drafting_office", "summary", "market_related"],
    summary=TEXT,
)
CleanupRoundForm = _form(CleanupRound, ["unit", "year", "title", "started_on", "trigger"])
LegalAdviserForm = _form(
    LegalAdviser,
    [
        "unit",
        "name",
        "kind",
        "firm",
        "contract_no",
        "term_start",
        "term_end",
        "scope",
        "units_served",
        "fee",
    ],
    # 类别 stated: it opened on 执业律师, so a 公职律师 or 法学专家 engaged by
    # a clerk who did not open the list was recorded as a practising lawyer.
    stated=("kind",),
    scope=TEXT,
)
ConsultationForm = _form(
    Consultation,
    [
        "unit",
        "adviser",
        "kind",
        "matter",
        "counterparty",
        "amount",
        "requested_on",
        "document",
        "decision",
        "case_ref",
    ],
)
DecisionCatalogueForm = _form(
    DecisionCatalogue, ["unit", "year", "title", "party_consent_on", "published_on", "entries"]
)
MajorDecisionForm = _form(
    MajorDecision,
    [
        "unit",
        "catalogue",
        "title",
        "lead_office",
        "launched_on",
        "draft_text",
        "expert_review_required",
        "risk_assessment_required",
        "market_related",
    ],
)
MajorDecisionEditForm = _form(
    MajorDecision,
    [
        "title",
        "lead_office",
        "draft_text",
        "implementation_notes",
        "post_evaluated_on",
        "post_evaluation",
    ],
)
CatalogueItemForm = _form(DisclosureCatalogueItem, ["unit", "code", "name", "article", "order"])
ProactiveForm = _form(ProactiveDisclosure, ["unit", "item", "title", "content", "created_on"])
DisclosureRequestForm = _form(
    DisclosureRequest,
    [
        "unit",
        "applicant_kind",
        "applicant_name",
        "id_number",
        "phone",
        "address",
        "email",
        "channel",
        "submitted_on",
        "received_on",
        "description",
        "requested_form",
    ],
    # 申请人类别 stated: it opened on 公民, and it decides whether the
    # 身份证件号码 is checked as a citizen's ID number.
    stated=("applicant_kind",),
    description=TEXT,
)
SupervisionCheckForm = _form(
    SupervisionCheck,
    ["unit", "title", "kind", "checked_unit", "checked_on", "inspectors", "summary"],
    summary=TEXT,
)
CaseFileEvaluationForm = _form(
    CaseFileEvaluation,
    ["unit", "case_ref", "case_title", "evaluated_on", "evaluator", "score", "grade", "summary"],
    summary=TEXT,
)
RectificationForm = _form(
    Rectification,
    [
        "unit",
        "check_record",
        "evaluation",
        "finding",
        "requirement",
        "owner_user",
        "ordered_on",
        "deadline",
    ],
    finding=TEXT,
    requirement=TEXT,
)
AssessmentForm = _form(Assessment, ["unit", "year", "title"])
ReconsiderationForm = _form(
    ReconsiderationCase,
    ["unit", "case_no", "applicant", "matter", "organ", "copy_received_on", "ogi_related", "note"],
)
LitigationForm = _form(
    LitigationCase,
    [
        "unit",
        "case_no",
        "plaintiff",
        "matter",
        "court",
        "after_reconsideration",
        "ogi_related",
        "filed_on",
        "hearing_on",
        "head_appeared",
        "appeared_person",
        "note",
    ],
)
LitigationEditForm = _form(
    LitigationCase, ["hearing_on", "head_appeared", "appeared_person", "note"]
)


class PublicRequestForm(BoundedInputs, forms.ModelForm):
    """The public's application form (条例第二十九条 lists its contents)."""

    unit = forms.ModelChoiceField(
        label=_("向哪个乡镇人民政府申请"),
        queryset=OrgUnit.objects.filter(kind=OrgUnit.Kind.TOWNSHIP),
    )

    class Meta:
        model = DisclosureRequest
        fields = [
            "unit",
            "applicant_kind",
            "applicant_name",
            "id_number",
            "phone",
            "address",
            "email",
            "description",
            "requested_form",
        ]
        widgets = {"description": TEXT}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        given = dict(kwargs.get("initial") or {})
        super().__init__(*args, **kwargs)
        state_choices(self, ("applicant_kind",), given=given)  # as the clerk's form
        for name in ("applicant_name", "phone", "description"):
            self.fields[name].required = True
        self.fields["id_number"].required = True

    def clean_id_number(self) -> str:
        from fazhi.core.validators import normalize_id_number, validate_id_number

        value = normalize_id_number(self.cleaned_data.get("id_number", ""))
        if self.cleaned_data.get("applicant_kind", "natural_person") == "natural_person":
            validate_id_number(value)
        return value

    def clean_phone(self) -> str:
        from fazhi.core.validators import validate_phone

        value = (self.cleaned_data.get("phone") or "").strip()
        validate_phone(value)
        return value


class TrackForm(forms.Form):
    code = forms.CharField(label=_("查询码"), max_length=16)


# ---------------------------------------------------------------------------
# Action forms: the inputs of one workflow step
# ---------------------------------------------------------------------------


def _qs(field: forms.ModelChoiceField) -> Any:
    assert field.queryset is not None
    return field.queryset


class ActionForm(CoreActionForm):
    """Choices of users, people and records are limited to the user's scope."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        user = self.user
        for name, field in self.fields.items():
            if isinstance(field, forms.ModelChoiceField):
                model = _qs(field).model
                if model is User:
                    field.queryset = User.objects.filter(
                        home_unit__in=units_visible_to(user)
                    ).order_by("username")
                elif model is OrgUnit:
                    field.queryset = units_visible_to(user)
                elif issubclass(model, ScopedModel) or hasattr(model.objects, "visible_to"):
                    field.queryset = model.objects.visible_to(user)
                field.error_messages["invalid_choice"] = _("所选项不存在或不在您的管辖范围内。")
            if isinstance(field, forms.DateField):
                field.widget = DateInput()
                if name == "on":
                    # The step's own date, most often today; the others (施行日期,
                    # 补正期限, 有效期至, 向党委请示报告日期 …) lie before or after
                    # it, and a proposed today would state a false fact unnoticed
                    # (a prefilled 有效期至 even overrode 留空按默认有效期).
                    field.initial = field.initial or timezone.localdate


def _on(label: Any = None) -> forms.DateField:
    return forms.DateField(label=label or _("日期"))


class OnForm(ActionForm):
    on = _on()


class CompleteTaskForm(ActionForm):
    on = _on(_("完成日期"))
    result = forms.CharField(label=_("完成情况"), widget=TEXT)
    evidence = forms.FileField(label=_("佐证材料"), required=False)


class ReasonForm(ActionForm):
    on = _on()
    reason = forms.CharField(label=_("理由"), max_length=300)


class CloseConsultationForm(ActionForm):
    on = _on(_("征求意见结束日"))
    summary = forms.CharField(label=_("意见采纳情况"), widget=TEXT)


class SubmitReviewForm(ActionForm):
    on = _on(_("送审日期"))
    reviewer = forms.ModelChoiceField(label=_("审核人"), queryset=User.objects.all())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["reviewer"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = _qs(field).filter(role__in=[Role.LEGAL_REVIEWER, Role.JUDICIAL_OFFICE])
        if self.record is not None:  # the document: only those who see it review it
            field.queryset = reviewers_for(self.record, _qs(field))
        offer_serving(field, serving_accounts())


FLAG_CHOICES = [
    ("licence", _("设定行政许可")),
    ("penalty", _("设定行政处罚")),
    ("compulsion", _("设定行政强制")),
    ("fee", _("设定收费")),
]


class ReviewOpinionForm(ActionForm):
    on = _on(_("审核意见日期"))
    conclusion = forms.ChoiceField(
        label=_("审核结论"), choices=stated(NormativeDocument.ReviewConclusion.choices)
    )
    opinion = forms.CharField(label=_("审核意见"), widget=TEXT)
    flags = forms.MultipleChoiceField(
        label=_("违法设定事项"),
        choices=FLAG_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    flag_reason = forms.CharField(label=_("违法设定事项说明"), required=False, widget=TEXT)


class DeliberateForm(ActionForm):
    on = _on(_("审议日期"))
    meeting = forms.ModelChoiceField(
        label=_("审议会议"), queryset=Meeting.objects.all(), required=False
    )
    minutes = forms.CharField(label=_("审议纪要"), widget=TEXT)
    adopted = forms.TypedChoiceField(
        label=_("审议结果"),
        choices=stated([("1", _("通过")), ("0", _("未通过"))]),
        coerce=lambda v: v == "1",
    )


class PublishDocumentForm(ActionForm):
    on = _on(_("公布日期"))
    effective_on = forms.DateField(label=_("施行日期"))
    immediate_effect_reason = forms.CharField(
        label=_("公布即施行或不足30日施行的理由"), required=False, widget=TEXT
    )
    valid_until = forms.DateField(label=_("有效期至（留空按默认有效期）"), required=False)


class FileDocumentForm(ActionForm):
    on = _on(_("报送备案日期"))
    filing_no = forms.CharField(label=_("备案登记号"), required=False, max_length=60)


class CleanupDecisionForm(ActionForm):
    document = forms.ModelChoiceField(label=_("文件"), queryset=NormativeDocument.objects.all())
    # No outcome proposed (a preselected 继续有效 was kept unnoticed).
    outcome = forms.ChoiceField(
        label=_("清理结果"), choices=stated(CleanupDecision.Outcome.choices)
    )
    reason = forms.CharField(label=_("理由"), required=False, max_length=300)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["document"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = _qs(field).filter(status=NormativeDocument.Status.PUBLISHED)
        if self.record is not None:  # the round: documents issued within its unit
            field.queryset = cleanable_documents(self.record, _qs(field))


class AnswerConsultationForm(ActionForm):
    on = _on(_("出具意见日期"))
    conclusion = forms.ChoiceField(label=_("结论"), choices=stated(Consultation.Conclusion.choices))
    opinion = forms.CharField(label=_("法律意见"), widget=TEXT)


class AdoptedForm(ActionForm):
    adopted = forms.TypedChoiceField(
        label=_("是否采纳"),
        choices=stated([("1", _("采纳")), ("0", _("未采纳"))]),
        coerce=lambda v: v == "1",
    )


class ParticipationForm(ActionForm):
    consultation_start = forms.DateField(label=_("公开征求意见开始日"), required=False)
    consultation_end = forms.DateField(label=_("公开征求意见结束日"), required=False)
    urgency_reason = forms.CharField(label=_("缩短期限的紧急理由"), required=False, widget=TEXT)
    hearing_on = forms.DateField(label=_("听证日期"), required=False)
    materials_sent_on = forms.DateField(label=_("听证材料送达日期"), required=False)
    summary = forms.CharField(label=_("公众意见采纳情况"), widget=TEXT)


class SummaryForm(ActionForm):
    on = _on()
    summary = forms.CharField(label=_("意见及采纳情况"), widget=TEXT)


class RiskForm(ActionForm):
    on = _on(_("评估日期"))
    level = forms.ChoiceField(
        label=_("风险等级"), choices=stated([("低", _("低")), ("中", _("中")), ("高", _("高"))])
    )
    report = forms.CharField(label=_("风险评估报告摘要"), widget=TEXT)


class OpinionForm(ActionForm):
    on = _on(_("意见日期"))
    opinion = forms.CharField(label=_("合法性审查意见"), widget=TEXT)


class DecideForm(ActionForm):
    on = _on(_("集体讨论日期"))
    meeting = forms.ModelChoiceField(
        label=_("讨论会议"), queryset=Meeting.objects.all(), required=False
    )
    minutes = forms.CharField(label=_("会议纪要"), widget=TEXT)
    dissent = forms.CharField(label=_("不同意见"), required=False, widget=TEXT)
    head_spoke_last = forms.BooleanField(label=_("行政首长最后发言"), required=False)
    adopted = forms.TypedChoiceField(
        label=_("决定"),
        choices=stated([("1", _("通过")), ("0", _("不予通过"))]),
        coerce=lambda v: v == "1",
    )


class PublishDecisionForm(ActionForm):
    on = _on(_("公布日期"))
    party_reported_on = forms.DateField(label=_("向党委请示报告日期"))


class CorrectionForm(ActionForm):
    on = _on(_("补正告知日期"))
    content = forms.CharField(label=_("需补正事项"), widget=TEXT)
    deadline = forms.DateField(label=_("补正期限"))


class ThirdPartyForm(ActionForm):
    on = _on(_("征求意见日期"))
    third_party = forms.CharField(label=_("第三方"), max_length=200)


class ThirdPartyReplyForm(ActionForm):
    on = _on(_("第三方答复日期"))
    opinion = forms.CharField(label=_("第三方意见"), widget=TEXT)


class ExtendForm(ActionForm):
    on = _on(_("批准日期"))
    days = forms.IntegerField(label=_("延长工作日数"), min_value=1)
    approver = forms.CharField(label=_("批准人（政府信息公开工作机构负责人）"), max_length=50)
    reason = forms.CharField(label=_("延长理由"), max_length=300)


class ReplyForm(ActionForm):
    on = _on(_("答复日期"))
    reply_type = forms.ChoiceField(
        label=_("答复类型"), choices=stated(DisclosureRequest.ReplyType.choices)
    )
    withheld_reason = forms.ChoiceField(
        label=_("不予公开理由"),
        choices=[("", "—"), *DisclosureRequest.WithheldReason.choices],
        required=False,
    )
    where_public = forms.CharField(label=_("已公开信息的获取途径"), required=False, max_length=300)
    right_organ = forms.CharField(label=_("负责公开的机关"), required=False, max_length=200)
    reply_text = forms.CharField(label=_("答复内容"), widget=TEXT)


class CloseRectificationForm(ActionForm):
    on = _on(_("销号日期"))
    note = forms.CharField(label=_("整改情况"), widget=TEXT)


# Report sections (core.indicators.Indicator.section) by their Chinese names.
SECTION_NAMES = {
    "leadership": _("组织领导"),
    "petitions": _("信访"),
    "disputes": _("矛盾纠纷调处"),
    "enforcement": _("行政执法"),
    "publicity": _("普法与学法"),
    "governance": _("依法行政"),
}


class AssessmentItemForm(ActionForm):
    name = forms.CharField(label=_("考核指标"), max_length=200)
    max_score = forms.DecimalField(label=_("分值"), max_digits=5, decimal_places=1, min_value=0)
    source_key = forms.ChoiceField(label=_("数据来源指标（系统计算）"), required=False)
    order = forms.IntegerField(label=_("排序"), required=False, min_value=0)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from fazhi.core.indicators import REGISTRY

        field = self.fields["source_key"]
        assert isinstance(field, forms.ChoiceField)
        # The rate's Chinese name, grouped by the report section it belongs
        # to (two modules may both have a 按期答复率); never its code.
        groups: dict[str, list[tuple[str, str]]] = {}
        for key, ind in sorted(REGISTRY.items(), key=lambda kv: (kv[1].section, kv[1].order)):
            if ind.is_rate:
                group = str(SECTION_NAMES.get(ind.section, _("其他")))
                groups.setdefault(group, []).append((key, ind.label))
        field.choices = [("", _("—（人工评分）")), *groups.items()]


class ComputeScoresForm(ActionForm):
    targets = forms.ModelMultipleChoiceField(
        label=_("被考核单位"), queryset=OrgUnit.objects.all(), widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["targets"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = units_visible_to(self.user).filter(
            kind__in=[OrgUnit.Kind.DEPARTMENT, OrgUnit.Kind.VILLAGE, OrgUnit.Kind.COMMUNITY]
        )
        if self.record is not None:
            field.queryset = _qs(field).filter(path__startswith=self.record.unit.path)


class EnterScoreForm(ComputeScoresForm):
    item = forms.ModelChoiceField(label=_("考核指标"), queryset=AssessmentItem.objects.all())
    target = forms.ModelChoiceField(label=_("被考核单位"), queryset=OrgUnit.objects.all())
    score = forms.DecimalField(label=_("得分"), max_digits=5, decimal_places=1)
    evidence = forms.CharField(label=_("依据/佐证"), widget=TEXT)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        targets = self.fields.pop("targets")
        assert isinstance(targets, forms.ModelMultipleChoiceField)
        target = self.fields["target"]
        assert isinstance(target, forms.ModelChoiceField)
        target.queryset = targets.queryset
        item = self.fields["item"]
        assert isinstance(item, forms.ModelChoiceField)
        # Only the items scored by hand: a computed one was offered and then
        # refused (该指标由系统根据业务数据计算，不能手工录入).
        item.queryset = manual_items(self.record) if self.record else _qs(item).none()


class ConcludeForm(ActionForm):
    on = _on(_("审结日期"))
    result = forms.ChoiceField(
        label=_("结果"), choices=stated(c for c in CaseResult.choices if c[0] != CaseResult.PENDING)
    )
