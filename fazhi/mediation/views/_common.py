"""What the mediation pages share: the detail page with its workflow steps, the
step runner, who may write, the unit a user's ledger entries belong to."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse

from fazhi.core import actions as core_actions

from .. import actions
from ..models import MediationCase


def _can_write(request: HttpRequest) -> bool:
    return bool(getattr(request.user, "can_write", False))


class ActionDetailView(core_actions.ActionDetailView):
    """A detail page offering the record's workflow steps (actions.ACTIONS_FOR)
    as POST forms. The inputs are not prefixed: a page posts the same names as
    the API."""

    prefixed = False

    def get_actions(self) -> dict[str, actions.Action]:
        return actions.ACTIONS_FOR[self.model]


def _created_case(obj: Any, result: Any, user: Any) -> Any:
    """Escalation and a new application lead to the case they created, when
    the user sees it (a village cadre hands a case up to the township, whose
    records they do not see: they stay on their own case)."""
    created = isinstance(result, MediationCase) and not (
        isinstance(obj, MediationCase) and result.pk == obj.pk
    )
    if created and MediationCase.objects.visible_to(user).filter(pk=result.pk).exists():
        return result
    return obj


def run_action(
    request: HttpRequest,
    model: type[Any],
    pk: int,
    name: str,
    detail: type[ActionDetailView],
    refused: core_actions.Refused | None = None,
) -> HttpResponse:
    """Take step `name` on the record; a new case created by the step is where
    the user lands (`_created_case`); `refused` shows a refusal other than on
    the record's own page (a party's steps)."""
    return core_actions.run_action(
        request,
        model,
        pk,
        name,
        actions.ACTIONS_FOR[model],
        detail,
        target=lambda obj, result: _created_case(obj, result, request.user),
        refused=refused,
    )


def _ledger_unit(user: Any) -> Any:
    """The unit a user's screening rounds and disputes belong to: their
    village or township; an office's staff work for its township."""
    unit = getattr(user, "home_unit", None)
    if unit is None:
        return None
    if unit.kind not in (unit.Kind.TOWNSHIP, unit.Kind.VILLAGE, unit.Kind.COMMUNITY):
        return unit.township() or unit
    return unit


def _ledger_initial(user: Any) -> dict[str, Any]:
    unit = _ledger_unit(user)
    return {"unit": unit.pk} if unit is not None else {}
