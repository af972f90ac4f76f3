"""The publicity form that works offline (core.offline, issue 18): a
publicity activity (普法活动) recorded where it was held, new or edited."""

from __future__ import annotations

from typing import Any, cast

from django.utils.translation import gettext_lazy

from fazhi.core import offline

from . import forms, workflow


def _save(instance: Any, form: Any, by: Any, **kw: Any) -> Any:
    data = form.cleaned_data
    return workflow.save_activity(
        instance,
        by=by,
        topics=list(data["topics"]),
        sectors=list(data["sectors"]),
        units_reached=list(data["units_reached"]),
        partner_units=list(data.get("partner_units") or []),
        **kw,
    )


offline.register(
    "publicity.activity",
    offline.form_handler(forms.ActivityForm, _save, _save),
    label=cast(str, gettext_lazy("普法活动")),
    create_page="publicity:activity_create",
    edit_page="publicity:activity_edit",
)
