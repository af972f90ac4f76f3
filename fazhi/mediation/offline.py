"""The mediation forms that work offline (core.offline, issue 18): a
screening round (排查) and a new dispute, entered in a village without a
signal and sent when it returns; a dispute's edit as well, which meets the
server's version (a conflict, shown for a person to resolve)."""

from __future__ import annotations

from typing import Any, cast

from django.utils.translation import gettext_lazy

from fazhi.core import offline

from . import forms, workflow


def _screening(instance: Any, form: Any, by: Any) -> Any:
    return workflow.record_screening(instance, by=by)


def _dispute(instance: Any, form: Any, by: Any) -> Any:
    return workflow.register_dispute(instance, parties=form.parties(), by=by)


def _dispute_edit(instance: Any, form: Any, by: Any, **kw: Any) -> Any:
    return workflow.update_dispute(instance, by=by, **kw)


offline.register(
    "mediation.screening",
    offline.form_handler(forms.ScreeningForm, _screening),
    label=cast(str, gettext_lazy("矛盾纠纷排查")),
    create_page="mediation:screening_create",
)
offline.register(
    "mediation.dispute",
    offline.form_handler(forms.DisputeForm, _dispute, _dispute_edit),
    label=cast(str, gettext_lazy("矛盾纠纷登记")),
    create_page="mediation:dispute_create",
    edit_page="mediation:dispute_edit",
)
