"""Generic pages every module reuses: a scoped list (filter, sort, paginate,
export the filtered list to .xlsx as a 台账), a detail page with history and
attachments, and create/edit forms that save through the workflow.

A module's page is a subclass naming its model, table, filterset and form.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Page, Paginator
from django.db import connections, models, transaction
from django.db.models import Count, F, OrderBy, Window
from django.db.models.functions import Coalesce
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils import timezone, translation
from django.utils.cache import patch_vary_headers
from django.utils.functional import cached_property, lazy
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.generic import DetailView, FormView
from django_filters.views import FilterView
from django_tables2 import RequestConfig, SingleTableMixin
from openpyxl import Workbook

from . import audit, dashboard, pii, reasons, workflow
from .attachments import attach, attachments_of
from .filters import wants_own_work
from .forms import put_errors
from .i18n import chinese, stored
from .models import AuditEvent, scope_prefix, scope_unit_ids
from .scope import units_visible_to
from .tables import PiiColumn, fast_rows
from .validators import mask_id_number, mask_phone

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class ScopedQuerysetMixin(LoginRequiredMixin):
    model: type[models.Model]
    request: HttpRequest

    def scoped_queryset(self) -> models.QuerySet[Any]:
        return self.model.objects.visible_to(self.request.user)  # type: ignore[attr-defined]

    def optimize(self, qs: models.QuerySet[Any]) -> models.QuerySet[Any]:
        """Add select_related/annotations so the list runs in a fixed number of queries."""
        return qs

    def get_queryset(self) -> models.QuerySet[Any]:
        return self.optimize(self.scoped_queryset())


def xlsx_response(title: str, header: list[str], rows: Any, filename: str) -> HttpResponse:
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(title=title[:31])
    ws.append([title])
    ws.append(header)
    for row in rows:
        ws.append([_cell(v) for v in row])
    response = HttpResponse(content_type=XLSX_MIME)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{_quote(filename)}"
    wb.save(response)
    return response


def _cell(value: Any) -> Any:
    """An Excel cell: empty for None, 是/否 for a yes/no, local time for a moment."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("是") if value else _("否")
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
    if isinstance(value, str | int | float | dt.date):
        return value
    return str(value)


def _quote(name: str) -> str:
    from urllib.parse import quote

    return quote(name)


def pii_columns(table_class: Any) -> list[str]:
    """The columns of a table that hold personal data (`PiiColumn`s, and those
    a table names in `pii_columns` for a column it renders itself)."""
    named = [
        name for name, column in table_class.base_columns.items() if isinstance(column, PiiColumn)
    ]
    return named + [n for n in getattr(table_class, "pii_columns", ()) if n not in named]


class PagePaginator(Paginator):
    """A list page's pages of `size` rows, the page's own size. django-tables2's
    RequestConfig passes `?per_page=` from the address as typed, and the pages
    offer none: -5 raised EmptyPage (a 500), 10^9 drew a whole ledger on one
    page."""

    def __init__(self, object_list: Any, per_page: int, *args: Any, size: int, **kw: Any):
        super().__init__(object_list, size, *args, **kw)


class CountedPaginator(PagePaginator):
    """Pages of the rows shown, counted over `count_from`: the same rows
    without the joins only the page needs (a ledger's count kept the join to
    each record's clock, 13 ms against 1.5 ms at 10^5 petitions)."""

    def __init__(
        self,
        object_list: Any,
        per_page: int,
        *args: Any,
        count_from: Any,
        sort_the_matches: bool = False,
        **kw: Any,
    ):
        super().__init__(object_list, per_page, *args, **kw)
        self.count_from = count_from
        self.sort_the_matches = sort_the_matches

    @cached_property
    def count(self) -> int:
        return int(self.count_from.count())


# A page's ids are read by sorting the matching rows (the bitmap of the
# scope's units, a top-N sort) rather than by walking a date index backwards
# until enough of them turn up when at most this many rows match, in a scope
# of at most this many units (a township: its villages and offices). A
# township's 500 petitions: ~0.8 ms against 4-16 ms for the walk at 10^5; a
# county's 221 units checked on each of a province's rows in a stage: 20 ms
# against 12 for the walk, so a county keeps the walk.
SORT_THE_MATCHES = 1000
SORT_IN_SCOPES_OF = 64
# In any scope, the matches are sorted too when they are sparse in their
# table. To reach a page's last row (`top`) the walk reads about top × the
# table's rows ÷ the matches rows, and more when the matches are old (an
# overdue filter: the walk passes every newer row first); the sort reads the
# matches once and evaluates the filter over the scope again. A sorted match
# is weighed as SORT_SPARSE_WEIGHT walked rows, so the matches are sorted when
# WEIGHT × matches² ≤ top × the table's rows (the planner's estimate), and
# never more than SORT_SPARSE_MATCHES_UP_TO. A county's ledger in a province
# of 10^6 petitions (docs/performance.md, "Sparse matches in a wide scope"):
# 1,168 overdue matches, the walk 688 ms, the sort 83 ms; 467 declined, 125
# against 26 ms; 1,276 accepted, recent ones the walk finds soon, 17 against
# 36 ms (the one loss); its 3,504 visits and 10,000 rows keep the walk.
SORT_SPARSE_WEIGHT = 4
SORT_SPARSE_MATCHES_UP_TO = 20_000


class IdsFirstPaginator(CountedPaginator):
    """A small scope's page read in two steps inside one query: the page's
    ids from the counted rows (`count_from`: the scope and the filters, no
    joins), then the rows the table shows for those ids, joined and ordered
    again.

    PostgreSQL orders a ledger's newest 25 by walking its date index
    backwards and dropping every row outside the scope: a township's
    clerk's page read 3,600-4,500 other townships' petitions to find its 25
    (4-16 ms at 10^5 petitions, ten times that at 10^6), because it takes
    the scope's `unit_id IN (...) OR responsible_unit_id IN (...)` for ten
    times the rows it holds. In a small scope (`sort_the_matches`) and up
    to `SORT_THE_MATCHES` rows the ids query sorts on the ordering's
    columns wrapped as COALESCE(x, x) (the same order, nulls included),
    which no index provides, so the plan is the scope's own rows and a
    top-N sort. In any scope the same is done when the matches are sparse
    in the table (`sparse`). Otherwise the walk finds its rows soon and the
    page's query is left as it was. The scope and filters are applied in both
    steps; the page's order gets the primary key last either way, so that
    rows on the same date keep one order from page to page."""

    def page(self, number: Any) -> Any:
        rows: Any = self.object_list  # django-tables2's BoundRows over the ordered rows
        queryset = getattr(getattr(rows, "data", None), "data", None)
        ordering = page_ordering(queryset) if isinstance(queryset, models.QuerySet) else None
        if ordering is None or queryset is None:
            return super().page(number)
        counted = self.counted_page(number, ordering, queryset)
        if counted is not None:
            return counted
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        small = self.sort_the_matches and self.count <= SORT_THE_MATCHES
        if not self.sorts_counted_rows(ordering, queryset) or (not small and not self.sparse(top)):
            # The walk: the page's query as it was, its order made whole.
            rows.data.data = queryset.order_by(*ordering)
            return super().page(number)
        keys = [_unindexed(term) for term in ordering]
        ids = self.count_from.order_by(*keys).values("pk")[bottom:top]
        records = queryset.filter(pk__in=ids).order_by(*ordering)
        page_rows = type(rows)(records, table=rows.table, pinned_data=rows.pinned_data)
        return Page(page_rows, number, self)

    def counted_page(
        self, number: Any, ordering: list[str], queryset: models.QuerySet[Any]
    ) -> Page | None:
        """In a small scope, the page's ids and the number of matches read in
        one query (`COUNT(*) OVER ()` beside the sorted ids), then the rows
        for those ids: the count's own query, and the ids' sub-select in the
        rows' query, each built the scope's and the filters' conditions again
        (a ledger page's SQL compilation was ~16 % of its CPU;
        docs/performance.md, "Counted with the page's ids"). None when the
        count must come first: a page past the matches (then counted and
        refused as before), more than SORT_THE_MATCHES matches (the count is
        kept and the walk or the sparse sort decides), distinct rows (a
        window counts before DISTINCT)."""
        query = self.count_from.query
        if (
            not self.sort_the_matches
            or "count" in self.__dict__
            or query.distinct
            or query.group_by is not None
            or not self.sorts_counted_rows(ordering, queryset)
        ):
            return None
        try:
            wanted = int(number)
        except (TypeError, ValueError):
            return None
        bottom = (wanted - 1) * self.per_page
        if not 0 <= bottom < SORT_THE_MATCHES:
            # Past SORT_THE_MATCHES rows the page is past the matches or
            # the matches too many to sort: counted first (and no OFFSET
            # out of the database's range, ?page=9223372036854775808).
            return None
        keys = [_unindexed(term) for term in ordering]
        found = list(
            self.count_from.order_by(*keys)
            .annotate(fz_matches=Window(Count("*")))
            .values_list("pk", "fz_matches")[bottom : bottom + self.per_page + self.orphans]
        )
        if not found:
            return None
        self.__dict__["count"] = matches = int(found[0][1])
        if matches > SORT_THE_MATCHES:
            return None
        number = self.validate_number(wanted)
        top = bottom + self.per_page
        if top + self.orphans >= matches:
            top = matches
        ids = [pk for pk, _matches in found[: top - bottom]]
        rows: Any = self.object_list
        records = queryset.filter(pk__in=ids).order_by(*ordering)
        return Page(
            type(rows)(records, table=rows.table, pinned_data=rows.pinned_data), number, self
        )

    def sorts_counted_rows(self, ordering: list[str], queryset: models.QuerySet[Any]) -> bool:
        """Whether the counted rows can be sorted in the page's order: a
        column the page's query annotates (the petition ledger's 办理期限, its
        handling clock's due date) is not on them, and its ids are read by
        the walk instead of a query that cannot name it."""
        page_only = set(queryset.query.annotations) - set(self.count_from.query.annotations)
        return not any(term.lstrip("-") in page_only for term in ordering)

    def sparse(self, top: int) -> bool:
        """Whether the matches are few for their table: the walk would read
        about `top` × rows ÷ matches rows to reach the page's last, the sort
        reads the matches, each SORT_SPARSE_WEIGHT times a walked row."""
        if not 0 < self.count <= SORT_SPARSE_MATCHES_UP_TO:
            return False
        rows = estimated_rows(self.count_from)
        return rows is not None and SORT_SPARSE_WEIGHT * self.count**2 <= top * rows


def estimated_rows(queryset: models.QuerySet[Any]) -> int | None:
    """The planner's estimate of the rows in `queryset`'s table
    (`pg_class.reltuples`, kept by ANALYZE and autovacuum), read on the
    database the queryset reads; None on SQLite, and for a table never
    analysed (-1) or empty."""
    alias = queryset.db
    if connections[alias].vendor != "postgresql":
        return None
    with connections[alias].cursor() as cursor:
        cursor.execute(
            "SELECT reltuples FROM pg_class WHERE oid = to_regclass(%s)",
            [queryset.model._meta.db_table],
        )
        row = cursor.fetchone()
    return int(row[0]) if row and row[0] > 0 else None


def small_scope(user: Any) -> bool:
    """Whether `user` sees the records of at most SORT_IN_SCOPES_OF units
    (the ids the scope lists already, read once a request)."""
    prefix = scope_prefix(user)
    if not prefix:  # nobody's or everything
        return False
    return len(scope_unit_ids(user, prefix)) <= SORT_IN_SCOPES_OF


def page_ordering(queryset: models.QuerySet[Any]) -> list[str] | None:
    """The queryset's order as field names, the primary key last (in the
    first term's direction); None for an order that is not plain names."""
    query = queryset.query
    terms: list[Any] = list(query.order_by) or (
        list(query.get_meta().ordering or ()) if query.default_ordering else []
    )
    if query.extra_order_by or not all(isinstance(t, str) and t not in ("?", "") for t in terms):
        return None
    names = [t.lstrip("-") for t in terms]
    if "pk" not in names and query.get_meta().pk.name not in names:
        terms.append("-pk" if terms and terms[0].startswith("-") else "pk")
    return terms


def _unindexed(term: str) -> OrderBy:
    """`term`'s order written as COALESCE(x, x): the same values and nulls, no index's."""
    name = term.lstrip("-")
    return OrderBy(Coalesce(F(name), F(name)), descending=term.startswith("-"))


class ScopedListView(ScopedQuerysetMixin, SingleTableMixin, FilterView):
    """A ledger page. `?export=xlsx` exports the filtered rows (same scope, same
    filters) with personal data masked unless the role may see it. An export
    that holds personal data unmasked (a PII role, a table with such columns)
    first asks for the reason (core.reasons; the form posts to the same URL,
    or `reason=` on the query string), written into its audit event."""

    template_name = "core/list.html"
    title: Any = ""
    create_url: str | None = None
    paginate_by = 25
    export_name: Any = ""
    # Query parameters outside the filter set that filtering keeps (the
    # training-hours page's ?year=): the filter form carries them as hidden
    # inputs and its 清除 keeps them, so a filter does not fall back to the
    # page's default year.
    kept_params: tuple[str, ...] = ()
    # A page's ids read first (IdsFirstPaginator), for a list whose
    # count_queryset is its scope and filters without joins.
    page_ids_first = False

    def get_table_kwargs(self) -> dict[str, Any]:
        # No `request`: a table given one paginates itself in __init__ with a
        # plain paginator, counting the page's query before get_table's own
        # RequestConfig (which sets `table.request`) paginates it again.
        return {}

    def get_table(self, **kwargs: Any) -> Any:
        table = fast_rows(self.get_table_class()(data=self.get_table_data(), **kwargs))
        if table.empty_text is None:
            # Worked out only when drawn: a table with rows never shows it.
            table.empty_text = lazy(self.empty_text, str)()
        return RequestConfig(self.request, paginate=self.get_table_pagination(table)).configure(
            table
        )

    def empty_text(self) -> str:
        """What a table without rows says, inside the table: the filter form
        submits by htmx and only the table is swapped in, so a filter the form
        refused (收到日期 2024-02-30) names its field and error here, where
        the clerk looks, rather than leaving an empty table."""
        filterset = getattr(self, "filterset", None)
        if filterset is None or not filterset.is_bound:
            return _("暂无记录")
        form = filterset.form
        if not form.is_valid():
            # The punctuation is the reader's language's: "收到日期起：…；…" in
            # Chinese, "Received from: …; …" in English.
            refused = str(_("；")).join(
                f"{_label(form, name)}{str(_('，')).join(errors)}"
                for name, errors in form.errors.items()
            )
            return _("筛选条件有误，请修改后再筛选：%(errors)s") % {"errors": refused}
        if conditions_text(filterset):
            return _("没有符合筛选条件的记录。")
        return _("暂无记录")

    def get_paginate_by(self, queryset: Any) -> None:
        # The table paginates; ListView paginating too would count the rows twice.
        return None

    def get_table_pagination(self, table: Any) -> dict[str, Any]:
        counted = self.count_queryset()
        if counted is None:
            return {
                "per_page": self.paginate_by,
                "size": self.paginate_by,
                "paginator_class": PagePaginator,
            }
        if not self.page_ids_first:
            return {
                "per_page": self.paginate_by,
                "size": self.paginate_by,
                "paginator_class": CountedPaginator,
                "count_from": self.filtered(counted),
            }
        return {
            "per_page": self.paginate_by,
            "size": self.paginate_by,
            "paginator_class": IdsFirstPaginator,
            "count_from": self.filtered(counted),
            "sort_the_matches": small_scope(self.request.user),
        }

    def filtered(self, queryset: models.QuerySet[Any]) -> models.QuerySet[Any]:
        """The page's filters over `queryset` (a filter that needs a join makes
        it itself): the page's filter set, already bound and validated, filters
        it as it filtered the page's rows (FilterSet.qs), instead of a second
        filter set built, its drop-downs' querysets and form included, for it."""
        filterset = getattr(self, "filterset", None)
        if filterset is None:
            filterset = self.filterset_class(
                data=self.request.GET or None, request=self.request, queryset=queryset
            )
            return filterset.qs  # type: ignore[no-any-return]
        if not filterset.is_bound:
            return queryset.all()
        filterset.errors  # noqa: B018 - validated, as FilterSet.qs does first
        return filterset.filter_queryset(queryset.all())  # type: ignore[no-any-return]

    def count_queryset(self) -> models.QuerySet[Any] | None:
        """The rows in scope without what only the page shows, when that makes
        them cheaper to count (a join for a column); None: count the page's own
        query. Same scope, same records: the filters run over both."""
        return None

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        ctx["title"] = self.title
        if wants_own_work(getattr(self, "filterset", None)):
            # ?work=mine (core.filters.OwnWorkFilter): the heading says whose
            # rows, as the 工作台 figure that links here does.
            # （%(unit)s）: the catalogue's parenthesis, not a new pattern a
            # stored text (书面告知（收到之日起15日）) would match (core.i18n).
            whose = _("（%(unit)s）") % {"unit": dashboard.whose(self.request.user)}
            ctx["title"] = f"{self.title}{whose}"
        ctx["create_url"] = (
            self.create_url if getattr(self.request.user, "can_write", False) else None
        )
        kept = [(n, v) for n in self.kept_params for v in self.request.GET.getlist(n)]
        ctx["kept_params"] = kept
        ctx["kept_query"] = urlencode(kept)
        query = self.request.GET.copy()
        query["export"] = "xlsx"
        query.pop("page", None)
        ctx["export_query"] = query.urlencode()
        return ctx

    export_reason = ""

    def export_pii(self) -> list[str]:
        """The personal fields this user's export would show in full."""
        if not getattr(self.request.user, "can_reveal_pii", False):
            return []
        return pii_columns(self.get_table_class())

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.GET.get("export") == "xlsx":
            return self.export_with_reason()
        response = super().get(request, *args, **kwargs)
        # The same address answers a page or, to the filter form's htmx, its table.
        patch_vary_headers(response, ("HX-Request",))
        return response

    def table_only(self) -> bool:
        """The filter form (core/list.html) asks by htmx for #list-table alone
        and swaps only it in: answer with the table, not the whole page (the
        menu, the form, the scripts drawn and sent to be thrown away). A
        history restore (back after the browser dropped its copy) gets the
        page."""
        htmx = getattr(self.request, "htmx", None)
        return bool(
            htmx
            and htmx.target == "list-table"
            and not htmx.history_restore_request
            and self.template_name == ScopedListView.template_name
        )

    def get_template_names(self) -> list[str]:
        if self.table_only():
            return ["core/_list_table.html"]
        return super().get_template_names()

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        """The reason form of an export posts here."""
        if request.GET.get("export") != "xlsx":
            return self.http_method_not_allowed(request, *args, **kwargs)
        return self.export_with_reason()

    def export_with_reason(self) -> HttpResponse:
        self.export_reason = ""
        if self.export_pii():
            what = _("导出含完整个人信息的“%(name)s”") % {"name": self.export_name or self.title}
            asked = reasons.ask(self.request, title=str(self.title), what=what)
            if isinstance(asked, HttpResponse):
                return asked
            self.export_reason = asked
        return self.export()

    def export(self) -> HttpResponse:
        filterset = self.get_filterset(self.get_filterset_class())
        qs = filterset.qs if filterset.is_valid() else self.get_queryset().none()
        # Sorted as the page (`?sort=`), never paginated: the export is every
        # row, and `?per_page=-5` made the paginator built for nothing raise.
        table = fast_rows(self.get_table_class()(qs))
        RequestConfig(self.request, paginate=False).configure(table)
        values = table.as_values()
        header = [str(h) for h in next(values)]
        name = self.export_name or self.title
        # The audit note is kept in Chinese whoever exports (core.i18n.stored).
        with translation.override(settings.LANGUAGE_CODE):
            conditions = conditions_text(filterset) or gettext_noop("无")
        note = stored(
            gettext_noop("导出“%(name)s” %(count)d 条，条件：%(conditions)s"),
            name=name,
            count=qs.count(),
            conditions=conditions,
        )
        changes: dict[str, Any] = {}
        if self.export_reason:
            changes = {
                gettext_noop("字段"): self.export_pii(),
                gettext_noop("理由"): self.export_reason,
            }
            note += stored(
                gettext_noop("；含完整个人信息，理由：%(reason)s"), reason=self.export_reason
            )
        AuditEvent.objects.create(
            actor=self.request.user,
            actor_name=getattr(self.request.user, "display_name", ""),
            action=AuditEvent.Action.EXPORT,
            object_repr=chinese(name)[:200],
            unit=getattr(self.request.user, "home_unit", None),
            changes=changes,
            note=note,
        )
        stamp = timezone.localdate().strftime("%Y%m%d")
        filename = _("%(name)s台账-%(date)s.xlsx") % {"name": name, "date": stamp}
        return xlsx_response(str(name), header, values, filename)


_DIGITS = re.compile(r"\d[\d\s-]{5,}[\dXx]")


def _masked_numbers(text: str) -> str:
    """An ID number or a phone typed into a filter, masked as lists show them:
    the audit trail holds no personal number in clear."""

    def mask(match: re.Match[str]) -> str:
        number = re.sub(r"[\s-]", "", match.group(0)).upper()
        return mask_id_number(number) if len(number) == 18 else mask_phone(number)

    return _DIGITS.sub(mask, text)


def conditions_text(filterset: Any) -> str:
    """An export's filters as a person reads them: 姓名：盘；登记日期：2024-01-01—
    2024-12-31 (labels and choice labels, not the query string's codes)."""
    form = filterset.form
    if not form.is_valid():
        return ""
    parts = []
    for name, field in form.fields.items():
        value = form.cleaned_data.get(name)
        if value in (None, "", [], ()) or (isinstance(value, slice) and value == slice(None)):
            continue
        if isinstance(value, slice):
            shown = f"{value.start or ''}—{value.stop or ''}"
        elif isinstance(value, (list, tuple, models.QuerySet)):
            shown = "、".join(_choice_label(field, v) for v in value)
        else:
            shown = _choice_label(field, value)
        parts.append(f"{field.label or name}：{_masked_numbers(shown)}")
    return "；".join(parts)


def _label(form: Any, name: str) -> str:
    """A field's label before its errors (none for the form's own errors)."""
    field = form.fields.get(name)
    return f"{field.label or name}{_('：')}" if field is not None else ""


def _choice_label(field: Any, value: Any) -> str:
    if isinstance(value, bool):
        return _("是") if value else _("否")
    for key, label in getattr(field, "choices", None) or ():
        if str(key) == str(value) and not isinstance(label, (list, tuple)):
            return str(label)
    return str(value)


class ScopedDetailView(ScopedQuerysetMixin, DetailView):
    """Out-of-scope records are simply not in the queryset: 404."""

    template_name = "core/detail.html"
    fields: list[str] = []

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        obj = self.object
        ctx["title"] = str(obj)
        ctx["history"] = pii.readable(audit.history_rows(audit.history(obj)[:200]))
        ctx["attachments"] = attachments_of(obj)
        ctx["can_write"] = getattr(self.request.user, "can_write", False)
        ctx["field_rows"] = [
            (obj._meta.get_field(name).verbose_name, _display(obj, name)) for name in self.fields
        ]
        return ctx


def _display(obj: models.Model, name: str) -> Any:
    getter = getattr(obj, f"get_{name}_display", None)
    # A choice left blank shows "—" as any blank does: get_…_display gives
    # "" for it, and the page showed the label over nothing (审核结论 on a
    # document not yet reviewed).
    value = getter() if callable(getter) else getattr(obj, name)
    if isinstance(value, bool):
        return _("是") if value else _("否")
    return value if value not in (None, "") else "—"


class RecordFormMixin(LoginRequiredMixin):
    """Create or edit a scoped record through core.workflow: the form validates
    shape, the workflow validates rules; a refusal leaves nothing saved."""

    template_name: str | None = "core/form.html"
    form_class: Any
    model: type[models.Model]
    title: Any = ""
    # Shown after a save; a module says "已登记。" where the record is a registration.
    success_message: Any = _("已保存。")
    request: HttpRequest

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.user.is_authenticated and not getattr(request.user, "can_write", False):
            raise PermissionDenied(_("您的角色为只读。"))
        return super().dispatch(request, *args, **kwargs)  # type: ignore[misc, return-value]

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()  # type: ignore[misc]
        kwargs["user"] = self.request.user
        return kwargs

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)  # type: ignore[misc]
        ctx["title"] = self.title
        return ctx

    def apply_rule_error(self, form: Any, exc: ValidationError) -> HttpResponse:
        put_errors(form, exc)
        return self.form_invalid(form)  # type: ignore[attr-defined, no-any-return]


def attach_photos(request: HttpRequest, obj: models.Model) -> None:
    """The photos a form that works offline takes (core/form.html's 现场照片),
    attached to the record it saved, in the same transaction."""
    for photo in request.FILES.getlist("photos"):
        attach(obj, photo, unit=obj.unit, by=request.user, description=_("现场照片"))  # type: ignore[attr-defined]


class RecordCreateView(RecordFormMixin, FormView):
    """Create a record. `persist` saves it: by default core.workflow.create_record
    (scope, audit) plus the form's many-to-many fields; a module whose record
    has rules of its own overrides `persist` to call its workflow function."""

    def get_initial(self) -> dict[str, Any]:
        initial = super().get_initial()
        unit = getattr(self.request.user, "home_unit", None)
        if unit is not None:
            initial.setdefault("unit", unit.pk)
        return initial  # type: ignore[no-any-return]

    def get_form(self, form_class: Any = None) -> Any:
        """The user's home unit is proposed only where the form offers it: an
        officer of the 综合行政执法队 registering a case, which only the
        township takes (enforcement.workflow.case_units), found 所属单位 on
        --------- beside its one option, and was refused for it; the one
        option is then proposed (core.forms.PreselectSingleChoice)."""
        form = super().get_form(form_class)
        field = form.fields.get("unit")
        proposed = form.initial.get("unit")
        if (
            not form.is_bound
            and proposed is not None
            and isinstance(field, forms.ModelChoiceField)
            and field.queryset is not None
        ):
            # A view may propose the unit as a record, not its id.
            try:
                offered = field.queryset.filter(pk=getattr(proposed, "pk", proposed)).exists()
            except (TypeError, ValueError):
                offered = False
            if not offered:
                del form.initial["unit"]
        return form

    def persist(self, instance: Any, form: Any) -> models.Model:
        obj = workflow.create_record(instance, by=self.request.user)
        form.save_m2m()
        return obj

    def form_valid(self, form: Any) -> HttpResponse:
        try:
            with transaction.atomic():
                obj = self.persist(form.save(commit=False), form)
                attach_photos(self.request, obj)
        except ValidationError as exc:
            return self.apply_rule_error(form, exc)
        messages.success(self.request, self.success_message)
        return HttpResponseRedirect(obj.get_absolute_url())  # type: ignore[attr-defined]


class RecordUpdateView(RecordFormMixin, ScopedQuerysetMixin, FormView):
    def get_object(self) -> models.Model:
        try:
            return self.get_queryset().get(pk=self.kwargs["pk"])
        except self.model.DoesNotExist:  # type: ignore[attr-defined]
            raise Http404 from None

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self) -> dict[str, Any]:
        self.object = self.get_object()
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = self.object
        return kwargs

    def persist(
        self, instance: Any, form: Any, *, version: int | None, before: dict[str, Any]
    ) -> models.Model:
        """Save an edit; `version` is the one the form was loaded with (refused
        if the record changed since), `before` the audit snapshot."""
        obj = workflow.update_record(
            instance, by=self.request.user, version=version, before=before, lists=form_m2m(form)
        )
        form.save_m2m()
        return obj

    def form_valid(self, form: Any) -> HttpResponse:
        current = self.get_object()
        before = audit.snapshot(current)
        instance = form.save(commit=False)
        # Saved as it was opened, linked lists too: nothing to write, no
        # version for the next editor to trip on (as the API's PATCH).
        unchanged = not audit.changes_anything(instance, before, {}, form_m2m(form))
        try:
            with transaction.atomic():
                obj = (
                    current
                    if unchanged
                    else self.persist(
                        instance, form, version=posted_version(self.request), before=before
                    )
                )
                attach_photos(self.request, obj)  # kept even when nothing else changed
        except ValidationError as exc:
            return self.apply_rule_error(form, exc)
        if unchanged and not self.request.FILES.getlist("photos"):
            messages.info(self.request, _("未作修改。"))
        else:
            messages.success(self.request, self.success_message)
        return HttpResponseRedirect(obj.get_absolute_url())  # type: ignore[attr-defined]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        ctx["object"] = self.object
        ctx["version"] = getattr(self.object, "version", "")
        return ctx


def form_m2m(form: Any) -> dict[str, Any]:
    """The linked lists (many-to-many fields) an edit form posted, by name:
    saved after the record's own fields (`save_m2m`), compared with them."""
    return {
        field.name: form.cleaned_data[field.name]
        for field in form.instance._meta.many_to_many
        if field.name in form.cleaned_data
    }


def posted_version(request: HttpRequest) -> int | None:
    """The record version an edit form was loaded with (its hidden `version`)."""
    raw = request.POST.get("version", "")
    return int(raw) if raw.isdigit() else None


def unit_choices_for(user: Any) -> models.QuerySet[Any]:
    return units_visible_to(user).order_by("path")
