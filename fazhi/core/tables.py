"""Table columns and row rendering shared by every ledger page.

django-tables2 declares the columns, ordering and pagination; two things it
does per cell are too slow for a ledger page (measured: ~15 ms a row), so core
replaces them once for every module:

- `DateColumn` / `DateTimeColumn` format in Python; django-tables2's own render
  a template for every cell. Registered in the column library, so model date
  fields pick them up without a module naming them.
- `fast_rows(table)` renders cells with the callee's signature looked up once
  per function instead of `inspect.signature` for every cell, and works out
  once per table what django-tables2 works out per cell (`_Cells`): the column
  by name (a scan of every column), the accessor, the model field and, for a
  choice field, its labels (Django's `get_FOO_display` rebuilds the choices
  dict and hashes, so translates, every lazy label on every call). A 10^4-row
  export spent most of its time there (docs/performance.md, "The export and
  the ledger page").
- `row_html(row, context)` draws a page's row in Python (core/table.html):
  django-tables2's template loop did the template engine's work for every
  cell; a linked cell without attributes of its own is written directly
  (docs/performance.md, "Through a real server").

and what a cell says is the same in every module's list and export: a yes/no
column exports 是/否 (never True/False), an unknown one an empty cell; a user
is named by their person's name (`UserColumn`, `user_name`), never their
log-in.
"""

from __future__ import annotations

import datetime as dt
import functools
import html
from collections.abc import Callable, Iterator
from typing import Any, cast

import django_tables2 as tables
from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import F, OrderBy, Value
from django.db.models.functions import Length, StrIndex, Substr
from django.template import Context
from django.template.base import render_value_in_context
from django.utils import dateformat, timezone
from django.utils.encoding import force_str
from django.utils.hashable import make_hashable
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _
from django_tables2.columns import ManyToManyColumn, library
from django_tables2.columns.base import LinkTransform
from django_tables2.columns.linkcolumn import BaseLinkColumn
from django_tables2.rows import BoundRow, BoundRows
from django_tables2.utils import Accessor, call_with_appropriate, signature

from . import pii
from .models import Person

# The ledger look of every list page's table (Bootstrap's small, hoverable table).
ATTRS = {"class": "table table-sm table-hover align-middle"}


def unit_column(label: Any = None, **kwargs: Any) -> tables.Column:
    """The record's unit, by name: the column nearly every ledger has, so the
    accessor is written once (and a list selecting `unit` keeps its query
    count). `label` defaults to 单位."""
    return tables.Column(verbose_name=label or _("单位"), accessor="unit__name", **kwargs)


def linked_column(accessor: str, label: Any, **kwargs: Any) -> tables.Column:
    """A cell that links to the row's own page when the cell's value is
    another record's field (a person's name on a certificate, a village's
    name on its award): django-tables2's `linkify=True` would link to the
    other record, so the row's `get_absolute_url` is named here, once."""
    return tables.Column(verbose_name=label, accessor=accessor, linkify=_row_url, **kwargs)


def _row_url(record: Any) -> Any:
    return record.get_absolute_url()


@library.register
class DateColumn(tables.Column):
    """A date in a Django date format (the ledger's 2024-03-05 by default)."""

    def __init__(self, *args: Any, format: str = "Y-m-d", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.format = format

    def render(self, value: Any) -> str:
        # On one line: squeezed, the browser broke 2026-12-28 at its hyphen
        # (2026-12- / 28) in every ledger at 1366 px. A span, since the page's
        # rows are drawn without the columns' td attributes (row_html); a
        # date's digits and hyphens need no escaping.
        if type(value) is dt.date and self.format == "Y-m-d":
            text = value.isoformat()  # the same text, without dateformat's parse
        elif isinstance(value, dt.date):
            text = conditional_escape(dateformat.format(value, self.format))
        else:
            return str(value)
        return SafeString(f'<span class="text-nowrap">{text}</span>')

    def value(self, value: Any) -> Any:
        return value

    @classmethod
    def from_field(cls, field: Any, **kwargs: Any) -> DateColumn | None:
        if isinstance(field, models.DateField) and not isinstance(field, models.DateTimeField):
            return cls(**kwargs)
        return None


class DueDateColumn(DateColumn):
    """A clock's due date with the 暂定 mark when it was computed on the
    provisional calendar (core.workdays). The list annotates the clock's
    `provisional_year` beside the date as `<accessor>_provisional` (or names
    it with `provisional=`); the export keeps the bare date."""

    def __init__(self, *args: Any, provisional: str | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.provisional = provisional

    def render(self, value: Any, record: Any = None, bound_column: Any = None) -> str:
        from django.utils.html import format_html

        from .templatetags.clock_tags import provisional_html

        text = super().render(value)
        name = self.provisional
        if name is None and bound_column is not None:
            name = f"{str(bound_column.accessor).replace('__', '_')}_provisional"
        year = getattr(record, name, None) if name and isinstance(value, dt.date) else None
        return format_html("{}{}", text, provisional_html(year)) if year else text


@library.register
class DocumentNumberColumn(tables.Column):
    """A document or case number (湘源信〔2024〕12号, GB/T 9704 §7.2.4): the
    serial has no leading zeros, so as text 10号 sorts before 2号 and a
    ledger sorted by 编号 read 9, 8 … 4, 34, 33 … 30, 3, 29. Sorted as a
    clerk reads it: by what stands up to 〔year〕, then the serial's length,
    then the text (so 2号 before 10号); rows without a number last either
    way, the primary key breaking ties."""

    def order(self, queryset: Any, is_descending: bool) -> tuple[Any, bool]:
        name = str(self.accessor).replace(".", "__")
        keys: list[Any] = [
            Substr(F(name), 1, StrIndex(F(name), Value("〕"))),
            Length(name),
            F(name),
        ]
        terms = [OrderBy(k, descending=is_descending, nulls_last=True) for k in keys]
        pk = "-pk" if is_descending else "pk"
        return queryset.order_by(*terms, pk), True


class DateTimeColumn(tables.Column):
    """A moment in local time, 2024-03-05 14:30 by default."""

    def __init__(self, *args: Any, format: str = "Y-m-d H:i", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.format = format

    def render(self, value: Any) -> str:
        if isinstance(value, dt.datetime):
            if timezone.is_aware(value):
                value = timezone.localtime(value)
            return dateformat.format(value, self.format)
        return str(value)

    def value(self, value: Any) -> Any:
        return value

    @classmethod
    def from_field(cls, field: Any, **kwargs: Any) -> DateTimeColumn | None:
        if isinstance(field, models.DateTimeField):
            return cls(**kwargs)
        return None


@functools.lru_cache(maxsize=4096)
def _parameters(func: Callable[..., Any], bound: bool) -> tuple[tuple[str, ...], bool]:
    args, catch_all = signature(func)
    return (args[1:] if bound else args), catch_all is not None


def _call(fn: Callable[..., Any], kwargs: dict[str, Any]) -> Any:
    """django-tables2's `call_with_appropriate`, with the signature cached."""
    func = getattr(fn, "__func__", None)
    try:
        args, catch_all = _parameters(func or fn, func is not None)
    except TypeError:  # an unhashable callable object: no cache
        return call_with_appropriate(fn, kwargs)
    if catch_all:
        return fn(**kwargs)
    if any(arg not in kwargs for arg in args):
        return None
    return fn(**{arg: kwargs[arg] for arg in args})


def yes_no(value: Any) -> str:
    """A yes/no cell of an export: 是/否, empty when not known yet."""
    if value is None or value == "":
        return ""
    return str(_("是") if value else _("否"))


@library.register
class YesNoColumn(tables.BooleanColumn):
    """A yes/no cell reads 是/否 on the page, as in the export (`yes_no`):
    django-tables2's ✔/✘ put a cross, which reads as 错, beside every
    petition that is simply not a repeat (重复 ✘ on nearly every row of the
    ledger), every officer not in post, every disclosure not on time. Model
    boolean fields pick it up; a module's explicit yes/no column is one."""

    def __init__(self, *args: Any, yesno: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, yesno=yesno or (_("是"), _("否")), **kwargs)


def user_name(user: Any) -> str:
    """How a user is named on a page or in an export: their person's name,
    else their full name, else the log-in (a user without a person)."""
    if user is None:
        return ""
    return str(getattr(user, "display_name", None) or user)


def _own_value(bound_column: Any) -> bool:
    """True when the column's export value is its own (no value_/render_ method of the table)."""
    return getattr(bound_column.value, "__func__", None) is type(bound_column.column).value


_STOCK_DISPLAY = models.Model._get_FIELD_display  # type: ignore[attr-defined]
_FAILED = object()  # a lookup django-tables2's Accessor would have raised on
_EACH_TIME = object()  # a column's default asked on every empty cell
_CALL_DISPLAY = object()  # a model's own get_FOO_display: called as it is


def _step(current: Any, bit: str) -> Any:
    """One step of `Accessor.resolve`: a model instance's attribute directly
    (the dictionary lookup django-tables2 tries first raises and is caught on
    every cell), anything else as django-tables2 looks it up."""
    if isinstance(current, models.Model) and not hasattr(current, "__getitem__"):
        try:
            current = getattr(current, bit)
        except (TypeError, AttributeError):
            return _FAILED
    else:
        try:
            current = current[bit]
        except (TypeError, AttributeError, KeyError):
            try:
                current = getattr(current, bit)
            except (TypeError, AttributeError):
                try:
                    current = current[int(bit)]
                except (IndexError, ValueError, KeyError, TypeError):
                    return _FAILED
    if callable(current):
        if getattr(current, "alters_data", False):
            return _FAILED
        if not getattr(current, "do_not_call_in_templates", False):
            current = current()
    return current


def _walk(current: Any, bits: tuple[str, ...]) -> Any:
    """`Accessor.resolve` along `bits`; `_FAILED` where it would raise."""
    for bit in bits:
        try:
            current = _step(current, bit)
        except Exception:
            return _FAILED
        if current is _FAILED or current is None:
            return current
    return current


class _Plan:
    """A column's accessor split as `BoundRow._get_and_render_with` splits it."""

    def __init__(self, accessor: Accessor) -> None:
        self.accessor = accessor
        path, _sep, self.remainder = accessor.rpartition(accessor.SEPARATOR)
        self.path = tuple(Accessor(path).bits)
        self.displays: dict[tuple[type, type], Any] = {}


class _Cells:
    """What a table's cells need that does not change from row to row."""

    def __init__(self, table: Any) -> None:
        self.by_name = {column.name: column for column in table.columns.iterall()}
        self.plans: dict[str, _Plan | None] = {}
        self.booleans: dict[tuple[str, type, Any], Any] = {}
        self._shown: list[tuple[Any, Any]] | None = None

    def shown(self, table: Any) -> list[tuple[Any, Any]]:
        """The columns a row draws (visible, in order) with each one's
        default, or `_EACH_TIME` for a default that is a callable."""
        if self._shown is None:
            self._shown = [
                (column, _EACH_TIME if callable(column.column._default) else column.default)
                for column in table.columns
            ]
        return self._shown

    def plan(self, bound_column: Any) -> _Plan | None:
        name = bound_column.name
        if name not in self.plans:
            accessor = Accessor(bound_column.accessor)
            plain = (
                accessor.SEPARATOR == Accessor.SEPARATOR
                and not accessor.callable_args
                and not accessor.callable_kwargs
            )
            self.plans[name] = _Plan(accessor) if plain else None
        return self.plans[name]

    def display(self, plan: _Plan, record: models.Model, penultimate: models.Model) -> Any:
        """For a choice field: its labels by value (the model's stock
        get_FOO_display, read once), `_CALL_DISPLAY` (a display method of the
        model's own) or None (not shown by its display)."""
        key = (type(record), type(penultimate))
        if key not in plan.displays:
            plan.displays[key] = self._display(plan, record, penultimate)
        return plan.displays[key]

    @staticmethod
    def _display(plan: _Plan, record: models.Model, penultimate: models.Model) -> Any:
        name = f"get_{plan.remainder}_display"
        try:
            field = plan.accessor.get_field(record)
        except FieldDoesNotExist:
            return None
        if not getattr(field, "choices", ()) or getattr(penultimate, name, None) is None:
            return None
        stock = None
        for klass in type(penultimate).__mro__:
            if name in vars(klass):
                stock = vars(klass)[name]
                break
        if not (isinstance(stock, functools.partialmethod) and stock.func is _STOCK_DISPLAY):
            return _CALL_DISPLAY
        own = stock.keywords["field"]
        choices = dict(make_hashable(own.flatchoices))
        return own.attname, {k: force_str(v, strings_only=True) for k, v in choices.items()}


def _cells(table: Any) -> _Cells:
    cells = table.__dict__.get("_fast_cells")
    if cells is None:
        cells = table._fast_cells = _Cells(table)
    return cells


class FastBoundRow(BoundRow):
    def _column(self, name: str) -> Any:
        column = _cells(self._table).by_name.get(name)
        return self.table.columns[name] if column is None else column

    def get_cell(self, name: str) -> Any:
        column = self._column(name)
        return self._get_and_render_with(column, self._call_render, column.default)

    def get_cell_value(self, name: str) -> Any:
        return self._get_and_render_with(self._column(name), self._call_value, None)

    def _get_and_render_with(self, bound_column: Any, render_func: Any, default: Any) -> Any:
        """django-tables2's, with the per-table parts looked up once (`_Cells`):
        the same value, display and empty-value rules, cell by cell."""
        record = self._record
        cells = _cells(self._table)
        plan = cells.plan(bound_column)
        if plan is None or not isinstance(record, models.Model):
            return super()._get_and_render_with(bound_column, render_func, default)
        column = bound_column.column
        value = None
        penultimate = _walk(record, plan.path)
        remainder = plan.remainder
        if isinstance(penultimate, models.Model):
            display = cells.display(plan, record, penultimate)
            if display is _CALL_DISPLAY:
                value = getattr(penultimate, f"get_{remainder}_display")()
                remainder = ""
            elif display is not None:
                attname, labels = display
                raw = getattr(penultimate, attname)
                value = labels.get(make_hashable(raw), force_str(raw, strings_only=True))
                remainder = ""
        if remainder:
            value = (
                _walk(penultimate, (remainder,))
                if penultimate is not None and penultimate is not _FAILED
                else penultimate
            )
            if value is _FAILED:
                value = None
                if isinstance(column, BaseLinkColumn) and column.text is not None:
                    return render_func(bound_column)
        if value in column.empty_values or (
            isinstance(column, ManyToManyColumn) and not cast(Any, value).exists()
        ):
            return default
        return render_func(bound_column, value)

    def _call_render(self, bound_column: Any, value: Any = None) -> Any:
        if (
            getattr(bound_column.render, "__func__", None) is tables.BooleanColumn.render
            and not bound_column.link
            and isinstance(self._record, models.Model)
        ):
            # A stock yes/no cell depends only on the column, the model and the
            # value: its span is built once per table, not once per row.
            booleans = _cells(self._table).booleans
            key = (bound_column.name, type(self._record), value)
            try:
                return booleans[key]
            except KeyError:
                html = booleans[key] = self._render(bound_column, value)
                return html
            except TypeError:  # an unhashable value: as it is
                pass
        return self._render(bound_column, value)

    def _render(self, bound_column: Any, value: Any) -> Any:
        kwargs = self._optional_cell_arguments(bound_column, value)
        content = _call(bound_column.render, kwargs)
        link = bound_column.link
        if not link:
            return content
        if type(link) is LinkTransform and not link.attrs:
            # linkify=… without attributes of its own: django-tables2's
            # <a href="…">…</a>, without building and joining an attribute
            # dict, and a callable url called with its signature cached.
            if link.url and callable(link.url):
                url = _call(link.url, kwargs)
            else:
                url = link.compose_url(**kwargs)
            if url is None:
                return content
            href, text = conditional_escape(url), conditional_escape(content)
            return mark_safe(f'<a href="{href}">{text}</a>')  # noqa: S308 - both escaped
        return link(content, **kwargs)

    def _call_value(self, bound_column: Any, value: Any = None) -> Any:
        column = bound_column.column
        if isinstance(column, tables.BooleanColumn) and _own_value(bound_column):
            # django-tables2 exports str(bool): "True"/"False".
            if value is None:
                return ""
            return yes_no(column._get_bool_value(self.record, value, bound_column))
        kwargs = self._optional_cell_arguments(bound_column, value)
        if getattr(bound_column.value, "__func__", None) is tables.Column.value:
            # Column.value is call_with_appropriate(self.render): the signature
            # looked up on every cell.
            return _call(column.render, kwargs)
        return _call(bound_column.value, kwargs)


class FastBoundRows(BoundRows):
    def __iter__(self) -> Iterator[BoundRow]:
        yield from self.generator_pinned_row(self.pinned_data.get("top"))
        for record in self.data:
            yield FastBoundRow(record, table=self.table)
        yield from self.generator_pinned_row(self.pinned_data.get("bottom"))

    def __getitem__(self, key: Any) -> Any:
        if isinstance(key, slice):
            return FastBoundRows(self.data[key], table=self.table, pinned_data=self.pinned_data)
        return FastBoundRow(record=self.data[key], table=self.table)


def row_html(row: BoundRow, context: Context) -> SafeString:
    """A row of a ledger page, as `{% for cell in row %}<td>{{ cell }}</td>
    {% endfor %}` inside `<tr {{ row.attrs.as_html }}>` draws it, without the
    template engine's work per cell (core/table.html; docs/performance.md,
    "Through a real server"): the same cells, each shown as a template shows
    a variable (localized, escaped unless safe)."""
    table = row.table
    fast = isinstance(row, FastBoundRow)
    if fast and not table.row_attrs and _stock_attrs(type(row)):
        # No row attributes of the table's own: django-tables2's are the
        # even/odd class alone, written without computing and joining a dict.
        parts = ['<tr class="odd">' if row.row_counter % 2 else '<tr class="even">']
    else:
        parts = ["<tr ", conditional_escape(row.attrs.as_html()), ">"]
    for bound_column, default in _cells(table).shown(table):
        if not fast:
            cell = row.get_cell(bound_column.name)
        else:
            if default is _EACH_TIME:
                default = bound_column.default
            cell = row._get_and_render_with(bound_column, row._call_render, default)
        parts += ("<td>", _shown(cell, context), "</td>")
    parts.append("</tr>")
    return mark_safe("".join(parts))  # noqa: S308 - each part escaped above


def _stock_attrs(row_class: type[BoundRow]) -> bool:
    return (
        row_class.attrs is BoundRow.attrs
        and row_class.get_even_odd_css_class is BoundRow.get_even_odd_css_class
    )


def _shown(cell: Any, context: Context) -> str:
    """`render_value_in_context(cell, context)`: a cell as `{{ cell }}` shows
    it. Most cells are text already (a name, a label, a date drawn in Python,
    a link or badge made safe), which a template neither localizes nor
    converts: safe text as it is, plain text escaped (Django's `escape` is
    `html.escape`); anything else goes through the template's own steps."""
    kind = type(cell)
    if kind is SafeString and context.autoescape:
        return cast(str, cell)
    if kind is str and context.autoescape:
        return html.escape(cell)
    return render_value_in_context(cell, context)


def fast_rows(table: tables.Table) -> tables.Table:
    """Render `table`'s rows through the cached-signature path (before paginating)."""
    table.rows = FastBoundRows(data=table.data, table=table, pinned_data=table.pinned_data)
    return table


@library.register
class UserColumn(tables.Column):
    """A user, named by their person (`user_name`). Model foreign keys to the
    user model pick it up; the list selects `<field>__person` to stay at a
    fixed number of queries."""

    def render(self, value: Any) -> str:
        return user_name(value)

    def value(self, value: Any) -> str:
        return user_name(value)

    @classmethod
    def from_field(cls, field: Any, **kwargs: Any) -> UserColumn | None:
        model = getattr(field, "related_model", None)
        if (
            isinstance(field, models.ForeignKey)
            and model is not None
            and model._meta.label == settings.AUTH_USER_MODEL
        ):
            return cls(**kwargs)
        return None


class PiiColumn(tables.Column):
    """A personal-data column (an ID number, a phone, an address). Two paths,
    kept apart on purpose:

    - `render` (the page): masked for every role; a role that may see it in
      full gets "显示" beside each value, which asks the reason and audits the
      one value (core.templatetags.pii_tags, core.pii.reveal).
    - `value` (the .xlsx export): in full for such a role (core.pii.for_export)
      — the export asks the reason first and is audited as a whole with 字段
      and 理由 (core.listing.ScopedListView.export_with_reason); masked for
      the others.

    The accessor names the field, on the row (`phone`) or on a record the row
    points to (`person__phone`: the value, and the reveal, are that record's)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("orderable", False)
        kwargs.setdefault("empty_values", ())
        super().__init__(*args, **kwargs)

    def _target(self, record: Any) -> tuple[Any, str]:
        *path, field = str(self.accessor).split("__")
        for step in path:
            record = getattr(record, step, None) if record is not None else None
        return record, field

    def render(self, value: Any, record: Any, table: Any = None, **kwargs: Any) -> Any:
        from .templatetags.pii_tags import pii_html

        obj, field = self._target(record)
        if obj is None:
            return "—"
        user = getattr(getattr(table, "request", None), "user", None)
        return pii_html(obj, field, user, label=self.verbose_name)

    def value(self, value: Any, record: Any, table: Any = None, **kwargs: Any) -> str:
        obj, field = self._target(record)
        if obj is None:
            return ""
        user = getattr(getattr(table, "request", None), "user", None)
        return pii.for_export(obj, field, user)


class PersonTable(tables.Table):
    name = tables.Column(linkify=True)
    unit = unit_column(_("所属单位"))
    id_number = PiiColumn(verbose_name=_("身份证号码"), accessor="id_number", empty_values=())
    phone = PiiColumn(verbose_name=_("联系电话"), accessor="phone", empty_values=())

    class Meta:
        model = Person
        fields = ("name", "gender", "ethnicity", "unit", "title", "id_number", "phone", "is_cadre")
        order_by = ("name",)
        attrs = ATTRS
