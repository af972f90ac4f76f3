"""`{% import_links %}`: the “导入台账” button on a ledger list page, for the
kinds whose list this is and only for roles that may import into it."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse
from django.utils.html import format_html_join
from django.utils.translation import gettext as _

from .. import ledger_import
from ..views_import import may_import

register = template.Library()


@register.simple_tag(takes_context=True)
def import_links(context: dict[str, Any]) -> str:
    request = context.get("request")
    match = getattr(request, "resolver_match", None)
    if request is None or match is None:
        return ""
    kinds = [
        k
        for k in ledger_import.all_kinds()
        if k.list_url == match.view_name and may_import(k, request.user)
    ]
    label = _("导入台账")
    return format_html_join(
        "",
        '<a class="btn btn-outline-primary btn-sm" href="{}" data-testid="import-ledger">{}</a>',
        (
            (reverse("core:import_start", args=[k.name]), label if len(kinds) == 1 else k.label)
            for k in kinds
        ),
    )
