"""`{% table_row row %}`: a ledger row drawn by core.tables.row_html (the
template of every list, core/table.html). Registered as the template library
`table_tags` in settings.TEMPLATES (not under core/templatetags, which
core.tables imports)."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.safestring import SafeString

from fazhi.core.tables import row_html

register = template.Library()


@register.simple_tag(takes_context=True)
def table_row(context: template.Context, row: Any) -> SafeString:
    return row_html(row, context)
