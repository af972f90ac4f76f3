"""The petitions form that works offline (core.offline, issue 18): the
outreach visit (下访/走访), recorded where it took place, new or edited (an
edit meets the server's version: a conflict, shown for a person to resolve)."""

from __future__ import annotations

from typing import Any, cast

from django.utils.translation import gettext_lazy

from fazhi.core import offline
from fazhi.core import workflow as core_workflow

from . import forms


def _create(instance: Any, form: Any, by: Any) -> Any:
    obj = core_workflow.create_record(instance, by=by)
    form.save_m2m()
    return obj


def _update(instance: Any, form: Any, by: Any, **kw: Any) -> Any:
    obj = core_workflow.update_record(instance, by=by, **kw)
    form.save_m2m()
    return obj


offline.register(
    "petitions.outreach",
    offline.form_handler(forms.OutreachVisitForm, _create, _update),
    label=cast(str, gettext_lazy("下访记录")),
    create_page="petitions:outreach_create",
    edit_page="petitions:outreach_edit",
)
