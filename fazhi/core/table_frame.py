"""A list table's frame — its heading row and its page links — drawn in Python.

django-tables2's Bootstrap 5 template draws the heading and the pagination
with a `{% querystring_replace %}` per sortable column and per page link,
each copying and encoding the request's query string through the template
engine. On a ledger page that was about a sixth of the request's CPU (the
petition ledger, docs/performance.md, "The table's frame in Python"). These
two functions give the same elements, attributes, links and words as
`django_tables2/bootstrap5.html`'s `table.thead` and `pagination` blocks
(core/table.html uses them); only the whitespace between tags differs.
tests/core/test_table_frame.py compares them with the stock blocks.

A heading is the same for every request that asks for the same table, the
same columns, order and query string in the same language, so it is drawn
once per process for each of those (`_HEADS`): at ~2 ms a ledger page, the
column attributes, the ordering classes and the translated headers were
~6 % of the petition ledger's CPU (docs/performance.md, "Kept headings").
A table whose headings depend on the instance (none does yet) sets
`heading_varies = True` and is drawn each time.
"""

from __future__ import annotations

from typing import Any

from django.template import Context
from django.template.base import render_value_in_context
from django.utils.html import escape
from django.utils.http import urlencode
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext
from django_tables2.templatetags.django_tables2 import table_page_range


class _Links:
    """`{% querystring_replace key=value %}` for one request: the query
    string's parameters are read once, each link replaces one of them."""

    def __init__(self, context: Context) -> None:
        self.params: dict[str, Any] = dict(context["request"].GET)

    def __call__(self, key: str, value: Any) -> str:
        params = self.params
        if key:
            params = {**params, key: value}
        return escape("?" + urlencode(params, doseq=True))


# (table class, columns, order, sort key, orderable, query string, language)
# -> the drawn heading; bounded, as query strings are the client's to vary.
_HEADS: dict[tuple[Any, ...], SafeString] = {}
_HEADS_KEPT = 1024


def head_html(table: Any, context: Context) -> SafeString:
    """The `<thead>`: a heading per column, a sort link on the sortable ones."""
    if not table.show_header:
        return mark_safe("")
    if getattr(table, "heading_varies", False):
        return _draw_head(table, context)
    key = (
        type(table),
        tuple(column.name for column in table.columns),
        tuple(table.order_by or ()),
        table.prefixed_order_by_field,
        table.orderable,
        context["request"].GET.urlencode(),
        get_language(),
    )
    head = _HEADS.get(key)
    if head is None:
        if len(_HEADS) >= _HEADS_KEPT:
            _HEADS.clear()
        head = _HEADS[key] = _draw_head(table, context)
    return head


def _draw_head(table: Any, context: Context) -> SafeString:
    links = _Links(context)
    key = table.prefixed_order_by_field
    # `{{ table.attrs.thead.as_html }}`: attributes only when given as an
    # AttributeDict, as the template's lookup finds them.
    thead = table.attrs.get("thead")
    parts = [f"<thead {thead.as_html() if hasattr(thead, 'as_html') else ''}><tr>"]
    for column in table.columns:
        header = render_value_in_context(column.header, context)
        if column.orderable:
            href = links(key, column.order_by_alias.next)
            header = f'<a href="{href}">{header}</a>'
        parts.append(f'<th {column.attrs["th"].as_html()} scope="col">{header}</th>')
    parts.append("</tr></thead>")
    return mark_safe("".join(parts))  # noqa: S308 - headers escaped, links escaped


def pagination_html(table: Any, context: Context) -> SafeString:
    """The page links under a table of more than one page: previous, the
    page numbers (at most ten, with … between), next."""
    page = getattr(table, "page", None)  # none before paginate()
    if not page or table.paginator.num_pages <= 1:
        return mark_safe("")
    links = _Links(context)
    key = table.prefixed_page_field
    parts = ['<nav aria-label="Table navigation"><ul class="pagination justify-content-center">']
    if page.has_previous():
        href = links(key, page.previous_page_number())
        parts.append(
            f'<li class="previous page-item"><a href="{href}" class="page-link">'
            f'<span aria-hidden="true">&laquo;</span> {escape(gettext("previous"))}</a></li>'
        )
    if page.has_previous() or page.has_next():
        for p in table_page_range(page, table.paginator):
            active = " active" if page.number == p else ""
            href = "" if p == "..." else f' href="{links(key, p)}"'
            shown = render_value_in_context(p, context)
            parts.append(
                f'<li class="page-item{active}"><a class="page-link"{href}>{shown}</a></li>'
            )
    if page.has_next():
        href = links(key, page.next_page_number())
        parts.append(
            f'<li class="next page-item"><a href="{href}" class="page-link">'
            f'{escape(gettext("next"))} <span aria-hidden="true">&raquo;</span></a></li>'
        )
    parts.append("</ul></nav>")
    return mark_safe("".join(parts))  # noqa: S308 - every part escaped above
