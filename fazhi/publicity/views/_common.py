"""What the publicity pages share: the detail page with its edit link, the
`persist` hook that hands a form to a workflow step, refusals shown as
messages naming the field, and the unit a page opens on."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Model
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _g
from django.utils.translation import gettext_lazy as _

from fazhi.core.i18n import glossed
from fazhi.core.listing import ScopedDetailView
from fazhi.core.models import OrgUnit
from fazhi.core.scope import get_visible_or_404, units_visible_to


def simple_persist(fn: Any) -> Any:
    def persist(self: Any, instance: Any, form: Any, **kw: Any) -> Model:
        return fn(instance, by=self.request.user, **kw)  # type: ignore[no-any-return, unused-ignore]

    return persist


class Detail(ScopedDetailView):
    """A detail page with an edit link for roles that may write. Names kept in
    Chinese on the rows (a record's “2024年3月10日 …” name, a seeded topic or
    campaign) are shown in the reader's language (core.i18n.shown), the laws a
    record names with their titles glossed (core.i18n.glossed)."""

    edit_url_name = ""

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        if ctx["can_write"] and self.edit_url_name:
            ctx["edit_url"] = reverse(self.edit_url_name, args=[self.object.pk])
        ctx["title"] = self.object.display_name
        ctx["field_rows"] = [
            (label, _shown_value(name, value))
            for name, (label, value) in zip(self.fields, ctx["field_rows"], strict=True)
        ]
        return ctx


def _shown_value(name: str, value: Any) -> Any:
    if name == "laws":
        return glossed(value)
    if isinstance(value, Model) and value._meta.app_label == "publicity":
        return value.display_name  # type: ignore[attr-defined]
    return value


def writable_or_404(request: HttpRequest, model: type[Model], pk: int) -> Any:
    if not getattr(request.user, "can_write", False):
        raise PermissionDenied(_g("您的角色为只读。"))
    return get_visible_or_404(model, request.user, pk=pk)


def refused(request: HttpRequest, exc: ValidationError) -> None:
    for field, errors in exc.message_dict.items():
        for e in errors:
            messages.error(request, e if field == "__all__" else f"{field_label(field)}：{e}")


FIELD_LABELS = {
    "participants": _("参与人数"),
    "materials": _("发放资料份数"),
    "cost": _("经费"),
    "date": _("活动日期"),
    "reason": _("原因"),
    "review": _("年终总结"),
    "adopted_on": _("印发日期"),
    "items": _("工作项目"),
    "status": _("状态"),
    "year": _("年度"),
    "unit": _("单位"),
}


def field_label(field: str) -> str:
    return str(FIELD_LABELS.get(field, field))


def root_for(user: Any, chosen: OrgUnit | None) -> OrgUnit | None:
    """The unit a ledger opens on: the one chosen, else the user's own scope
    (a county user sees the county), else the highest unit they may see."""
    if chosen is not None:
        return chosen
    scope = getattr(user, "scope_unit", None)
    if scope is not None:
        return scope
    return units_visible_to(user).order_by("depth").first()
