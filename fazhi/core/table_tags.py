"""`{% table_row row %}`: a ledger row drawn by core.tables.row_html;
`{% table_head table %}` and `{% table_pagination table %}`: its heading and
page links, by core.table_frame (the template of every list,
core/table.html). Registered as the template library
`table_tags` in settings.TEMPLATES (not under core/templatetags, which
core.tables imports)."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.safestring import SafeString

from fazhi.core.table_frame import head_html, pagination_html
from fazhi.core.tables import row_html

register = template.Library()


@register.simple_tag(takes_context=True)
def table_row(context: template.Context, row: Any) -> SafeString:
    return row_html(row, context)


@register.simple_tag(takes_context=True)
def table_head(context: template.Context, table: Any) -> SafeString:
    return head_html(table, context)


@register.simple_tag(takes_context=True)
def table_pagination(context: template.Context, table: Any) -> SafeString:
    return pagination_html(table, context)
