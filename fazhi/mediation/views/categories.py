"""Dispute categories: the list and the edit form (data, not code)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView

from fazhi.core import audit

from .. import forms
from ..models import DisputeCategory


def _may_edit_categories(user: Any) -> bool:
    return bool(
        user.is_superuser or getattr(user, "role", "") in ("judicial_office", "township_leader")
    )


@login_required
def category_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "mediation/category_list.html",
        {
            "title": _("纠纷类型"),
            "categories": DisputeCategory.objects.all(),
            "can_edit": _may_edit_categories(request.user),
        },
    )


class CategoryEdit(LoginRequiredMixin, FormView):
    template_name = "core/form.html"
    form_class = forms.CategoryForm
    title: Any = _("纠纷类型")

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.user.is_authenticated and not _may_edit_categories(request.user):
            raise PermissionDenied(_("只有司法所或乡镇领导可以维护纠纷类型。"))
        self.object = (
            get_object_or_404(DisputeCategory, pk=kwargs["pk"]) if "pk" in kwargs else None
        )
        return super().dispatch(request, *args, **kwargs)  # type: ignore[return-value]

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = self.object
        return kwargs

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        ctx["title"] = self.title
        return ctx

    def form_valid(self, form: Any) -> HttpResponse:
        before = audit.snapshot(self.object) if self.object else {}
        obj = form.save()
        audit.record(
            obj,
            by=self.request.user,
            action="update" if before else "create",
            changes=audit.diff(before, audit.snapshot(obj)),
        )
        return HttpResponseRedirect(reverse("mediation:category_list"))
