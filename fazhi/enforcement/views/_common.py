"""What the pages of enforcement share: the write check and a step run from a
form (its refusal shown beside the field)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _g
from django.utils.translation import gettext_lazy as _

from fazhi.core.actions import put_errors


def _can_write(request: HttpRequest) -> None:
    if not getattr(request.user, "can_write", False):
        raise PermissionDenied(_g("您的角色为只读。"))


# After a step, the pages of this module say "saved".
DONE = _("已保存。")


def _step(request: HttpRequest, form: Any, call: Any) -> bool:
    """Validate the form, run the workflow call; on a refusal put the
    messages on the form (named fields where they exist). True on success."""
    if not form.is_valid():
        return False
    try:
        call(form.cleaned_data)
    except ValidationError as exc:
        put_errors(form, exc)
        return False
    messages.success(request, str(DONE))
    return True
