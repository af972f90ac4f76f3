"""The ledger's page read ids first (core.listing.IdsFirstPaginator, issue 19):
the same rows in the same order as the ordered ledger sliced, on every page,
sort and filter, by either plan; out-of-scope rows never on it; no more
queries than before."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from fazhi.core import listing
from fazhi.petitions import queries
from fazhi.petitions import workflow as wf
from fazhi.petitions.models import Petition

from .conftest import Leaders
from .test_access import LEDGER_PAGE_QUERIES

pytestmark = pytest.mark.django_db

ROW_LINK = re.compile(r'href="/petitions/(\d+)/"')


def _page_ids(client: Any, query: str) -> list[int]:
    response = client.get("/petitions/" + query)
    assert response.status_code == 200
    return [record.pk for record in response.context["table"].page.object_list.data]


def _expected(user: Any, query: str, page: int, order: list[str]) -> list[int]:
    rows = queries.ledger_counted(user)
    if "stage=accepted" in query:
        rows = rows.filter(stage="accepted")
    if order[0].lstrip("-") == "number":
        # As a clerk counts (core.tables.DocumentNumberColumn): one issuer and
        # year here, so the serial's length, then its text (2号 before 10号).
        numbered = sorted(rows.values_list("number", "pk"), key=lambda r: (len(r[0]), r))
        ids = [pk for _number, pk in numbered]
        if order[0].startswith("-"):
            ids.reverse()
        return ids[(page - 1) * 5 : page * 5]
    ids = list(rows.order_by(*order).values_list("pk", flat=True))
    return ids[(page - 1) * 5 : page * 5]


@pytest.fixture
def ledger(register: Any, leaders: Leaders, world: Any) -> list[Petition]:
    """17 matters of the township, several on one date (ties), some accepted
    and assigned to a village; one of the other township's."""
    made = []
    for i in range(17):
        p = register(title=f"事项{i}", received_on=dt.date(2024, 9, 1 + i // 3))
        if i % 2:
            p = wf.accept(p, by=leaders.clerk, on=dt.date(2024, 9, 20))
            if i % 4 == 1:
                p = wf.assign(p, by=leaders.clerk, responsible_unit=world.village)
        made.append(p)
    register(title="别乡事项", unit=world.other_township, by=world.outsider)
    return made


@pytest.mark.parametrize("sort_the_matches", [5000, 0], ids=["sorted matches", "index walk"])
@pytest.mark.parametrize(
    ("query", "order"),
    [
        ("", ["-received_on", "-pk"]),
        ("sort=number", ["number", "pk"]),
        ("sort=-number", ["-number", "-pk"]),
        ("sort=received_on", ["received_on", "pk"]),
        ("sort=responsible_unit", ["responsible_unit__name", "pk"]),
        ("stage=accepted", ["-received_on", "-pk"]),
    ],
)
def test_each_page_holds_the_rows_of_the_ordered_ledger(
    ledger: list[Petition],
    leaders: Leaders,
    world: Any,
    monkeypatch: Any,
    query: str,
    order: list[str],
    sort_the_matches: int,
) -> None:
    monkeypatch.setattr(listing, "SORT_THE_MATCHES", sort_the_matches)
    monkeypatch.setattr(listing.ScopedListView, "paginate_by", 5)
    client = world.client(leaders.clerk)
    seen: list[int] = []
    page = 1
    while expected := _expected(leaders.clerk, query, page, order):
        shown = _page_ids(client, f"?{query}&page={page}")
        assert shown == expected, (query, page)
        seen += shown
        page += 1
    assert page > 2 and len(seen) == len(set(seen))  # several pages, no row on two


def test_the_page_shows_only_the_rows_in_scope(
    ledger: list[Petition], leaders: Leaders, world: Any
) -> None:
    """Owner, colleague in scope, outsider; a village cadre sees only what
    was assigned to the village (分级负责), every page read ids first."""
    mine = {p.pk for p in ledger}
    assigned = {p.pk for p in ledger if p.responsible_unit_id == world.village.pk}
    for user, expected in (
        (leaders.clerk, mine),
        (world.colleague, mine),
        (world.village_cadre, assigned),
        (world.outsider, set(Petition.objects.exclude(pk__in=mine).values_list("pk", flat=True))),
    ):
        client = world.client(user)
        shown: set[int] = set()
        for page in (1, 2):
            html = client.get(f"/petitions/?page={page}").content.decode()
            shown |= {int(pk) for pk in ROW_LINK.findall(html)}
        assert shown == expected, user.username


def test_the_page_reads_its_ids_with_the_count(
    ledger: list[Petition], leaders: Leaders, world: Any
) -> None:
    """In a small scope the page's ids and the number of matches come from
    one query (the count's own query, and the ids' sub-select in the rows'
    query, each built the scope again); the rows are read for those ids."""
    client = world.client(world.colleague)  # as test_access counts them
    client.get("/petitions/")
    with CaptureQueriesContext(connection) as ctx:
        assert client.get("/petitions/?stage=accepted").status_code == 200
    sql = [q["sql"] for q in ctx.captured_queries]
    assert len(sql) == LEDGER_PAGE_QUERIES, "\n".join(q[:150] for q in sql)
    assert not [q for q in sql if "COUNT(*) AS" in q], sql  # no count of its own
    counted = [q for q in sql if "COUNT(*) OVER ()" in q]
    assert len(counted) == 1, sql
    # The ids: the scope's matching rows sorted (COALESCE: no index walk),
    # limited to the page, counted beside them.
    assert "COALESCE" in counted[0] and "LIMIT 25" in counted[0], counted[0]
    page = [q for q in sql if q.startswith('SELECT "petitions_petition"."id", ')]
    assert len(page) == 1, page
    ids = re.search(r'"petitions_petition"\."id" IN \(([\d, ]+)\)\)', page[0])
    assert ids is not None and len(ids.group(1).split(",")) == 8, page[0]  # 8 accepted
    assert "COALESCE" not in page[0] and "LIMIT" not in page[0], page[0]


def test_a_page_past_the_matches_is_counted_first(
    ledger: list[Petition], leaders: Leaders, world: Any
) -> None:
    """?page=99 reads no ids of its own: it is counted, and the last page is
    shown (django-tables2's silent pagination), not an empty one."""
    client = world.client(leaders.clerk)
    response = client.get("/petitions/?stage=accepted&page=99")
    assert response.status_code == 200
    shown = [record.pk for record in response.context["table"].page.object_list.data]
    accepted = queries.ledger_counted(leaders.clerk).filter(stage="accepted")
    assert shown == list(accepted.order_by("-received_on", "-pk").values_list("pk", flat=True))
    assert response.context["table"].page.number == 1


def test_a_wide_scope_keeps_the_index_walk(
    ledger: list[Petition], world: Any, monkeypatch: Any
) -> None:
    """A scope of more units than SORT_IN_SCOPES_OF (a county's hundreds)
    keeps the date index's walk: each of a province's rows would be checked
    against its list of units (20 ms against 12 for a county at 10^5)."""
    client = world.client(world.county_user)
    # The table's size unknown (SQLite; a table never analysed): no sparse rule.
    monkeypatch.setattr(listing, "estimated_rows", lambda queryset: None)
    for scope_units, sorted_ in ((64, True), (2, False)):
        monkeypatch.setattr(listing, "SORT_IN_SCOPES_OF", scope_units)
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/petitions/").status_code == 200
        sql = [q["sql"] for q in ctx.captured_queries]
        page = [q for q in sql if '"petitions_petition"."number"' in q]
        # Sorted: the ids read with the count (COALESCE: no index); walked:
        # the page's own query down the date index.
        ids = [q for q in sql if "COUNT(*) OVER ()" in q]
        assert len(page) == 1 and len(ids) == int(sorted_), sql
        assert ("COALESCE" in (ids or page)[0]) is sorted_, sql


def _page_query(client: Any, query: str) -> tuple[str, list[int]]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get("/petitions/" + query)
    assert response.status_code == 200
    page = [q["sql"] for q in ctx.captured_queries if '"petitions_petition"."number"' in q["sql"]]
    assert len(page) == 1, page
    return page[0], [record.pk for record in response.context["table"].page.object_list.data]


def test_a_wide_scope_sorts_matches_that_are_sparse_in_their_table(
    ledger: list[Petition], world: Any, leaders: Leaders, monkeypatch: Any
) -> None:
    """A county supervisor's overdue or declined petitions, a few among a
    province's: the walk down the date index would pass every newer row of
    the province to find them (530-560 ms at 10^6), so they are sorted
    (WEIGHT × matches² ≤ the page's last row × the table's rows). Dense
    matches keep the walk; both give the ordered ledger's rows on each page."""
    monkeypatch.setattr(listing, "SORT_IN_SCOPES_OF", 0)  # the county's scope is wide
    monkeypatch.setattr(listing.ScopedListView, "paginate_by", 5)
    county = world.client(world.county_user)
    accepted = Petition.objects.filter(stage="accepted").count()  # 8, the township's
    order = ["-received_on", "-pk"]
    expected = list(
        queries.ledger_counted(world.county_user)
        .filter(stage="accepted")
        .order_by(*order)
        .values_list("pk", flat=True)
    )
    for table_rows, sorted_ in (
        # 4 × 8² = 256 ≤ 5 × 60: a province's worth of other rows, sorted.
        (60, True),
        # 256 > 5 × 50: as dense as the walk likes, walked.
        (50, False),
    ):
        monkeypatch.setattr(listing, "estimated_rows", lambda queryset, n=table_rows: n)
        sql, shown = _page_query(county, "?stage=accepted")
        assert ("COALESCE" in sql) is sorted_, (table_rows, sql)
        assert shown == expected[:5]
        # The second page's last row is the 8th: 4 × 64 ≤ 8 × 50, sorted.
        sql, shown = _page_query(county, "?stage=accepted&page=2")
        assert "COALESCE" in sql and shown == expected[5:10]
    assert accepted == len(expected) == 8
    # Unknown size, or more matches than SORT_SPARSE_MATCHES_UP_TO: the walk.
    monkeypatch.setattr(listing, "SORT_SPARSE_MATCHES_UP_TO", 7)
    sql, shown = _page_query(county, "?stage=accepted")
    assert "COALESCE" not in sql and shown == expected[:5]
    # The outsider's county page holds none of the township's rows either way.
    html = world.client(world.outsider).get("/petitions/?stage=accepted").content.decode()
    assert not {int(pk) for pk in ROW_LINK.findall(html)} & set(expected)


def test_the_tables_estimated_size_is_read_from_postgresql(
    ledger: list[Petition], world: Any
) -> None:
    rows = Petition.objects.all()
    if connection.vendor != "postgresql":
        assert listing.estimated_rows(rows) is None
        return
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE petitions_petition")
    assert listing.estimated_rows(rows) == Petition.objects.count() == 18


@pytest.mark.parametrize("sort_the_matches", [5000, 0], ids=["sorted matches", "index walk"])
@pytest.mark.parametrize("sort", ["handling_due", "-handling_due"])
def test_the_ledger_sorts_by_its_handling_due_column(
    ledger: list[Petition],
    leaders: Leaders,
    world: Any,
    monkeypatch: Any,
    sort: str,
    sort_the_matches: int,
) -> None:
    """办理期限's heading sorts the ledger (found walking the demo as xinfang:
    ?sort=handling_due answered 500). The column is the handling clock's due
    date, which the page's query annotates and the counted rows do not have:
    its pages are the ledger ordered by it, by either plan."""
    monkeypatch.setattr(listing, "SORT_THE_MATCHES", sort_the_matches)
    monkeypatch.setattr(listing.ScopedListView, "paginate_by", 5)
    client = world.client(leaders.clerk)
    today = dt.date(2024, 10, 1)
    order = [sort, "-pk" if sort.startswith("-") else "pk"]
    expected = list(
        queries.ledger(leaders.clerk, today).order_by(*order).values_list("pk", flat=True)
    )
    shown: list[int] = []
    for page in range(1, 5):
        shown += _page_ids(client, f"?sort={sort}&page={page}")
    assert shown == expected and len(expected) == 17
