"""交办's 承办人 drop-down following the 承办单位 chosen: the clerk picking a
unit is offered only the people the step takes for it, not the township's
every case worker to hunt through and be refused after posting."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _g

from fazhi.core.forms import LARGEST_ID
from fazhi.core.scope import get_visible_or_404

from .. import forms
from ..actions import STEPS
from ..models import Petition
from ..workflow import assignable_units
from .matter import _step_page


def _is_id(text: str) -> bool:
    """A record id as typed in an address: ASCII digits a column can hold."""
    return text.isascii() and text.isdigit() and int(text) <= LARGEST_ID


@login_required
def assign_handlers(request: HttpRequest, pk: int) -> HttpResponse:
    """The 交办 form's 承办人 for the 承办单位 in `?assign-responsible_unit=`
    (forms.AssignForm.narrow: the step's own rule), the one chosen in
    `?assign-handler=` kept if still offered; no unit, the township's list.
    To htmx (the unit's change) the field alone; opened as a page, the 交办
    form with it. A matter or a unit outside the user's scope answers 404,
    as does a unit 交办 does not take for this matter."""
    petition = get_visible_or_404(Petition, request.user, pk=pk)
    if not getattr(request.user, "can_write", False):
        raise PermissionDenied(_g("您的角色为只读。"))
    form = forms.AssignForm(user=request.user, record=petition)
    raw = request.GET.get("assign-responsible_unit", "").strip()
    unit = None
    if raw:
        if not _is_id(raw):
            raise Http404
        unit = assignable_units(petition, by=request.user).filter(pk=int(raw)).first()
        if unit is None:
            raise Http404
    form.narrow(unit)
    form.initial["responsible_unit"] = unit.pk if unit is not None else None
    handler = request.GET.get("assign-handler", "").strip()
    form.initial["handler"] = int(handler) if _is_id(handler) else None
    if getattr(request, "htmx", False):  # django_htmx's middleware
        response = render(request, "petitions/_field.html", {"field": form["handler"]})
    else:
        response = _step_page(
            request, petition, STEPS["assign"], form, version=petition.version, status=200
        )
    # The same address answers the field or the page (the header decides).
    patch_vary_headers(response, ("HX-Request",))
    return response
