"""Pages of training sessions, training hours and qualification exams."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _g
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from fazhi.core import years
from fazhi.core.indicators import Period
from fazhi.core.listing import RecordCreateView, ScopedDetailView, ScopedListView
from fazhi.core.scope import get_visible_or_404

from .. import forms, queries, workflow
from ..filters import (
    ExamFilter,
    OfficerFilter,
    TrainingFilter,
)
from ..models import (
    Exam,
    ExamRegistration,
    Officer,
    Training,
)
from ..tables import (
    ExamTable,
    TrainingHoursTable,
    TrainingTable,
)
from ._common import _can_write, _step


class TrainingList(ScopedListView):
    model = Training
    table_class = TrainingTable
    filterset_class = TrainingFilter
    title: Any = _("执法培训")
    export_name = _("执法培训")

    def optimize(self, qs: QuerySet[Any]) -> QuerySet[Any]:
        return qs.annotate(n_attendees=Count("attendance"))

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        if getattr(self.request.user, "can_write", False):
            ctx["create_url"] = reverse("enforcement:training_create")
        return ctx


class TrainingDetail(ScopedDetailView):
    model = Training
    template_name = "enforcement/training_detail.html"
    fields = ["title", "kind", "held_on", "hours", "organizer", "location", "unit"]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        ctx["attendance"] = self.object.attendance.select_related("officer__person")
        return ctx


class TrainingCreate(RecordCreateView):
    model = Training
    form_class = forms.TrainingForm
    title: Any = _("登记执法培训")

    def persist(self, instance: Training, form: Any) -> Training:
        return workflow.record_training(
            instance, attendees=form.cleaned_data["attendee_list"], by=self.request.user
        )


class TrainingHours(ScopedListView):
    """Each certified officer's training hours in a year against the yearly
    target: the officers the target applies to (queries.training_population),
    the population the leaders' dashboard's training card counts."""

    model = Officer
    table_class = TrainingHoursTable
    filterset_class = OfficerFilter
    title: Any = _("执法人员年度培训学时")
    export_name = _("执法人员培训学时")
    template_name = "enforcement/training_hours.html"
    kept_params = ("year",)

    def year(self) -> int:
        """The year asked for (the page's year switcher), else the year the
        leaders' dashboard judges the training target for (core.years:
        in the first quarter the year just ended)."""
        raw = self.request.GET.get("year", "")
        if raw.isdigit() and 2000 <= int(raw) <= 2100:
            return int(raw)
        return years.judged_year(timezone.localdate())

    def optimize(self, qs: QuerySet[Any]) -> QuerySet[Any]:
        year = Period.year(self.year())
        return queries.with_training_hours(
            queries.training_population(qs, year).select_related("person", "unit"),
            year.start,
            year.end,
        )

    def target(self) -> Any:
        return queries.training_target(getattr(self.request.user, "scope_unit", None))

    def get_table_kwargs(self) -> dict[str, Any]:
        return {**super().get_table_kwargs(), "target": self.target()}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        target = self.target()
        ctx["target"] = target
        # What the page counts, said above the table (one query).
        ctx["counted"] = self.object_list.aggregate(
            officers=Count("pk"), short=Count("pk", filter=Q(hours__lt=target))
        )
        ctx["year"] = self.year()
        # The year switcher keeps the filters chosen (and the order), as the
        # filter form keeps the year.
        ctx["filters_kept"] = [
            (name, value)
            for name, values in self.request.GET.lists()
            if name not in ("year", "page")
            for value in values
        ]
        ctx["title"] = _("%(year)s年%(title)s") % {"year": self.year(), "title": self.title}
        return ctx


class ExamList(ScopedListView):
    model = Exam
    table_class = ExamTable
    filterset_class = ExamFilter
    title: Any = _("执法资格考试")
    export_name = _("执法资格考试")

    def optimize(self, qs: QuerySet[Any]) -> QuerySet[Any]:
        return qs.annotate(
            n_registered=Count("registrations"),
            n_passed=Count(
                "registrations", filter=Q(registrations__result=ExamRegistration.Result.PASSED)
            ),
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        if getattr(self.request.user, "can_write", False):
            ctx["create_url"] = reverse("enforcement:exam_create")
        return ctx


class ExamDetail(ScopedDetailView):
    model = Exam
    template_name = "enforcement/exam_detail.html"
    fields = ["title", "kind", "sitting_on", "registration_deadline", "pass_mark", "organizer"]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        ctx["registrations"] = self.object.registrations.select_related("person")
        ctx["register_form"] = kwargs.get("register_form") or forms.RegistrationForm(
            user=self.request.user, record=self.object, prefix="reg"
        )
        ctx["result_form"] = kwargs.get("result_form") or forms.ResultForm(
            user=self.request.user, prefix="res"
        )
        return ctx


class ExamCreate(RecordCreateView):
    model = Exam
    form_class = forms.ExamForm
    title: Any = _("登记执法考试")

    def persist(self, instance: Exam, form: Any) -> Exam:
        return workflow.create_exam(instance, by=self.request.user)


def _exam_error(request: HttpRequest, exam: Exam, **forms_: Any) -> HttpResponse:
    view = ExamDetail()
    view.setup(request, pk=exam.pk)
    view.object = exam
    return render(
        request, view.template_name, view.get_context_data(object=exam, **forms_), status=400
    )


@login_required
@require_POST
def exam_register(request: HttpRequest, pk: int) -> HttpResponse:
    exam = get_visible_or_404(Exam, request.user, pk=pk)
    _can_write(request)
    form = forms.RegistrationForm(request.POST, user=request.user, record=exam, prefix="reg")
    if _step(
        request,
        form,
        lambda d: workflow.register_for_exam(
            exam, person=d["person"], on=d["registered_on"], by=request.user
        ),
        _g("报名"),
    ):
        return HttpResponseRedirect(exam.get_absolute_url())
    return _exam_error(request, exam, register_form=form)


@login_required
@require_POST
def exam_result(request: HttpRequest, pk: int) -> HttpResponse:
    reg = get_visible_or_404(ExamRegistration, request.user, pk=pk)
    _can_write(request)
    form = forms.ResultForm(request.POST, user=request.user, prefix="res")
    if _step(
        request,
        form,
        lambda d: workflow.record_exam_result(
            reg, score=d.get("score"), absent=d.get("absent", False), by=request.user
        ),
        _g("登记成绩"),
    ):
        return HttpResponseRedirect(reg.exam.get_absolute_url())
    return _exam_error(request, reg.exam, result_form=form)
