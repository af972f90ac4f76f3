"""Cadres' law study and exam pages, the exam roll and the cadre ledger."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Model, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _g
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_POST

from fazhi.core import steps, years
from fazhi.core.i18n import stored
from fazhi.core.listing import RecordCreateView, RecordUpdateView, ScopedListView, xlsx_response
from fazhi.core.models import AuditEvent, Person

from .. import filters, queries, tables, workflow
from .. import forms as pforms
from ..models import LawExam, LawStudy
from ._common import Detail, field_label, refused, root_for, simple_persist


def _study_persist(self: Any, instance: LawStudy, form: Any, **kw: Any) -> Model:
    return workflow.save_study(
        instance, by=self.request.user, attendees=list(form.cleaned_data["attendees"]), **kw
    )


# ---------------------------------------------------------------------------
# Cadres' study, exams, 述法
# ---------------------------------------------------------------------------


class StudyList(ScopedListView):
    model = LawStudy
    table_class = tables.StudyTable
    filterset_class = filters.StudyFilter
    title: Any = _("干部学法")
    export_name = "干部学法"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        if getattr(self.request.user, "can_write", False):
            ctx["create_url"] = reverse("publicity:study_create")
        return ctx

    def optimize(self, qs: QuerySet[Any]) -> QuerySet[Any]:
        return (
            qs.select_related("unit")
            .annotate(n_attendees=Count("attendance"))
            .order_by("-date", "-pk")
        )


class StudyDetail(Detail):
    edit_url_name = "publicity:study_edit"
    model = LawStudy
    template_name = "publicity/study_detail.html"
    fields = ["date", "kind", "title", "laws", "hours", "speaker", "unit"]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        ctx["attendance"] = self.object.attendance.select_related(
            "person", "person__unit"
        ).order_by("person__unit__path", "person__name")
        return ctx


class StudyCreate(RecordCreateView):
    model = LawStudy
    form_class = pforms.StudyForm
    title: Any = _("登记学法活动")
    persist = _study_persist


class StudyUpdate(RecordUpdateView):
    model = LawStudy
    form_class = pforms.StudyForm
    title: Any = _("编辑学法活动")
    persist = _study_persist


class ExamList(ScopedListView):
    model = LawExam
    table_class = tables.ExamTable
    filterset_class = filters.ExamFilter
    title: Any = _("学法考试")
    export_name = _("学法考试成绩")
    template_name = "publicity/exam_list.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        if getattr(self.request.user, "can_write", False):
            ctx["create_url"] = reverse("publicity:exam_create")
            ctx["roll_form"] = pforms.ExamRollForm(
                user=self.request.user, initial={"year": steps.today().year}
            )
        return ctx

    def optimize(self, qs: QuerySet[Any]) -> QuerySet[Any]:
        return qs.select_related("unit", "person")


class ExamDetail(Detail):
    edit_url_name = "publicity:exam_edit"
    model = LawExam
    template_name = "publicity/simple_detail.html"
    fields = [
        "year",
        "person",
        "unit",
        "sat",
        "exam_date",
        "score",
        "pass_mark",
        "passed",
        "absence_reason",
    ]


class ExamCreate(RecordCreateView):
    model = LawExam
    form_class = pforms.ExamForm
    title: Any = _("登记学法考试")
    persist = simple_persist(workflow.save_exam)


class ExamUpdate(RecordUpdateView):
    model = LawExam
    form_class = pforms.ExamForm
    title: Any = _("编辑学法考试")
    persist = simple_persist(workflow.save_exam)


@login_required
@require_POST
def exam_roll(request: HttpRequest) -> HttpResponse:
    if not getattr(request.user, "can_write", False):
        raise PermissionDenied(_g("您的角色为只读。"))
    form = pforms.ExamRollForm(request.POST, user=request.user)
    if not form.is_valid():
        for field, errors in form.errors.items():
            for e in errors:
                messages.error(request, f"{field_label(field)}：{e}")
        return redirect("publicity:exam_list")
    try:
        n = workflow.open_exam_roll(
            form.cleaned_data["unit"], form.cleaned_data["year"], by=request.user
        )
        messages.success(request, _g("已将%(n)d名干部列入考试名单。") % {"n": n})
    except ValidationError as exc:
        refused(request, exc)
    return redirect(reverse("publicity:exam_list") + f"?year={form.cleaned_data['year']}")


@login_required
def cadres(request: HttpRequest) -> HttpResponse:
    """Each cadre's study hours, exam result and 述法 in a year; who has not
    studied or sat the exam stands out. `?export=xlsx` exports the ledger."""
    year, offered = years.from_request(
        request, "publicity.study", "publicity.exams", today=steps.today(), last=2100
    )
    root = root_for(request.user, None)
    people = Person.objects.visible_to(request.user)
    rows, note = queries.cadre_rows(people, year, root) if root is not None else ([], "")
    if request.GET.get("export") == "xlsx":
        AuditEvent.objects.create(
            actor=request.user,
            actor_name=getattr(request.user, "display_name", ""),
            action=AuditEvent.Action.EXPORT,
            # Kept in Chinese whoever exports (core.i18n.stored), shown translated.
            object_repr=gettext_noop("干部学法用法台账"),
            unit=getattr(request.user, "home_unit", None),
            note=stored(
                gettext_noop("导出“%(name)s” %(count)d 条，年度 %(year)s"),
                name=gettext_noop("干部学法用法台账"),
                count=len(rows),
                year=year,
            ),
        )
        header = [
            _g("姓名"),
            _g("单位"),
            _g("职务"),
            _g("学法次数"),
            _g("学法学时"),
            _g("考试"),
            _g("成绩"),
            _g("合格"),
            _g("述法"),
            _g("执法培训学时"),
        ]
        body = [
            [
                r.person.name,
                r.person.unit.name,
                r.person.title,
                r.sessions,
                float(r.hours),
                _g("已参考") if r.sat_exam else (_g("未参考") if r.exam else _g("未列入名单")),
                float(r.exam.score) if r.exam and r.exam.score is not None else "",
                (_g("合格") if r.exam and r.exam.passed else _g("不合格")) if r.sat_exam else "",
                (_g("已述法") if getattr(r.law_report, "reported_on", None) else _g("未述法"))
                if r.law_report
                else "",
                float(r.enforcement_hours) if r.enforcement_hours is not None else "",
            ]
            for r in rows
        ]
        name = _g("%(year)s年干部学法用法台账") % {"year": year}
        return xlsx_response(name, header, body, f"{name}.xlsx")
    ctx = {
        "title": _g("干部学法用法台账"),
        "year": year,
        "rows": rows,
        "note": note,
        "not_studied": [r for r in rows if not r.studied],
        "not_sat": [r for r in rows if not r.sat_exam],
        "years": offered,
    }
    return render(request, "publicity/cadres.html", ctx)
