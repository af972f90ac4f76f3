"""The ledger of petitions and the registration page."""

from __future__ import annotations

from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _g
from django.utils.translation import gettext_lazy as _

from fazhi.core import steps as core_steps
from fazhi.core.actions import put_errors
from fazhi.core.listing import ScopedListView

from .. import forms, queries
from .. import workflow as wf
from ..filters import PetitionFilter
from ..models import (
    Petition,
    Reception,
)
from ..tables import PetitionTable


class PetitionList(ScopedListView):
    model = Petition
    table_class = PetitionTable
    filterset_class = PetitionFilter
    title = cast(str, _("信访台账"))
    export_name = _("信访事项")
    page_ids_first = True

    def scoped_queryset(self) -> QuerySet[Petition]:
        return queries.ledger_rows(self.request.user, core_steps.today())

    def count_queryset(self) -> QuerySet[Petition]:
        return queries.ledger_counted(self.request.user)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        if getattr(self.request.user, "can_write", False):
            ctx["create_url"] = reverse("petitions:create")
        return ctx


@login_required
def create(request: HttpRequest) -> HttpResponse:
    """登记: staff register a petition from any channel, also on a citizen's behalf."""
    if not getattr(request.user, "can_write", False):
        raise PermissionDenied(_g("您的角色为只读。"))
    initial: dict[str, Any] = {}
    from_reception = request.GET.get("reception", "")
    if from_reception.isdigit():
        # From a reception record: what it already says (来访, its day).
        reception = (
            Reception.objects.visible_to(request.user).filter(pk=int(from_reception)).first()
        )
        if reception is not None:
            initial = {
                "reception": reception.pk,
                "channel": "visit",
                "received_on": reception.held_on,
            }
    form = forms.RegisterForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            petition = wf.register(
                unit=d["unit"],
                channel=d["channel"],
                category=d["category"],
                title=d["title"],
                content=d["content"],
                received_on=d["received_on"],
                petitioners=form.petitioners(),
                by=request.user,
                source=d["source"],
                sending_body=d["sending_body"],
                sending_ref=d["sending_ref"],
                group_size=d["group_size"],
                involved_unit=d["involved_unit"],
                accused_unit=d["accused_unit"],
                reception=d["reception"],
            )
        except ValidationError as exc:
            put_errors(form, exc)
        else:
            messages.success(request, _g("已登记，编号 %(number)s。") % {"number": petition.number})
            if petition.is_repeat:
                messages.warning(
                    request, _g("重复信访提示：%(reason)s") % {"reason": petition.repeat_reason}
                )
            return redirect(petition)
    return render(request, "petitions/form.html", {"form": form, "title": _("登记信访事项")})
