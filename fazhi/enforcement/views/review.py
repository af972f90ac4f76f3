"""The legal-review queue, the disclosure ledger and the public disclosure
page (no login)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _g
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from fazhi.core.listing import ScopedListView
from fazhi.core.scope import get_visible_or_404

from .. import forms, workflow
from ..filters import (
    DisclosureFilter,
    ReviewFilter,
)
from ..models import (
    Disclosure,
    LegalReview,
)
from ..tables import (
    DisclosureTable,
    ReviewTable,
)
from ._common import _can_write, _step


class ReviewQueue(ScopedListView):
    model = LegalReview
    table_class = ReviewTable
    filterset_class = ReviewFilter
    title: Any = _("法制审核")
    export_name = _("法制审核")
    template_name = "enforcement/review_queue.html"

    def optimize(self, qs: QuerySet[Any]) -> QuerySet[Any]:
        return qs.select_related("case")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        ctx["pending"] = (
            self.get_queryset()
            .filter(result=LegalReview.Result.PENDING)
            .select_related("case")[:50]
        )
        ctx["review_form"] = kwargs.get("review_form") or forms.LegalReviewForm(
            user=self.request.user, prefix="lr"
        )
        ctx["error_pk"] = kwargs.get("error_pk")
        return ctx


@login_required
@require_POST
def review_record(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_visible_or_404(LegalReview, request.user, pk=pk)
    _can_write(request)
    form = forms.LegalReviewForm(request.POST, user=request.user, prefix="lr")
    if _step(
        request,
        form,
        lambda d: workflow.record_legal_review(
            item, result=d["result"], opinion=d["opinion"], on=d["on"], by=request.user
        ),
        _g("提交审核意见"),
    ):
        return HttpResponseRedirect(reverse("enforcement:review_queue"))
    view = ReviewQueue()
    view.setup(request)
    view.object_list = view.get_queryset()
    view.filterset = view.get_filterset(view.get_filterset_class())
    view.object_list = view.filterset.qs
    return render(
        request,
        view.template_name,
        view.get_context_data(review_form=form, error_pk=pk),
        status=400,
    )


class DisclosureList(ScopedListView):
    model = Disclosure
    table_class = DisclosureTable
    filterset_class = DisclosureFilter
    title: Any = _("执法决定公示")
    export_name = _("执法决定公示")

    def optimize(self, qs: QuerySet[Any]) -> QuerySet[Any]:
        return qs.select_related("case")


def public_list(request: HttpRequest) -> HttpResponse:
    """公示 page for the public (no login): published decisions only, with the
    party's personal details masked and no ID number, phone or address."""
    rows = (
        Disclosure.objects.filter(status=Disclosure.Status.PUBLISHED)
        .select_related("case", "unit")
        .only(
            "published_on",
            "decision_on",
            "public_summary",
            "unit__name",
            "case__decision_number",
            "case__title",
            "case__party_type",
            "case__party_name",
            "case__penalty_kind",
            "case__fine_amount",
        )
        .order_by("-published_on", "-pk")
    )
    q = (request.GET.get("q") or "").strip()
    if q:
        rows = rows.filter(Q(case__decision_number__contains=q) | Q(case__title__contains=q))
    page = Paginator(rows, 20).get_page(request.GET.get("page"))
    return render(
        request,
        "enforcement/public_list.html",
        {"page": page, "q": q, "title": _g("行政执法决定公示")},
    )
