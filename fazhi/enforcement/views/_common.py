"""What the pages of enforcement share: the write check and a step run from a
form (its refusal shown beside the field, core's one sentence after it)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _g

from fazhi.core.actions import put_errors, step_done


def _can_write(request: HttpRequest) -> None:
    if not getattr(request.user, "can_write", False):
        raise PermissionDenied(_g("您的角色为只读。"))


def _step(request: HttpRequest, form: Any, call: Any, label: Any) -> bool:
    """Validate the form, run the workflow call; on a refusal put the
    messages on the form (named fields where they exist). True on success,
    and the step `label` is reported as every module's steps are
    (core.actions.step_done)."""
    if not form.is_valid():
        return False
    try:
        call(form.cleaned_data)
    except ValidationError as exc:
        put_errors(form, exc)
        return False
    step_done(request, label)
    return True
