"""Querying the index: `search(user, q)` on PostgreSQL (tsvector + pg_trgm)
or SQLite (FTS5), the same answer shape on both.

1. The query is read: an ID or phone number becomes its blind-index key and
   matches exactly (a part of a number matches nothing); anything else is
   segmented by jieba and every token is required, or the whole query as one
   record number (信〔2024〕12号).
2. Candidates: index rows matching it inside the user's scope (the unit rule
   of `visible_to`, on the row's unit), at most CANDIDATES, ranked: PostgreSQL
   ts_rank (title and names weigh A, the body D) plus the trigram similarity
   of the title and names to the query; SQLite bm25 with the same weights. Too
   few full-text hits: names and titles holding the query as a substring
   (pg_trgm's index on PostgreSQL) fill up the list.
3. The page: the best `limit` rows, each confirmed through its module's own
   `visible(user)` (a petition accusing the user's unit stays hidden), with a
   snippet in which the query's words are marked."""

from __future__ import annotations

import re
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from django.db import connection
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from ..models import SearchEntry, scope_prefix, scope_unit_ids
from ..validators import normalize_phone
from . import registry
from .index import exact_key, id_key, phone_key
from .snippet import highlight, snippet
from .tokens import mark_tokens, query_tokens

CANDIDATES = 2000
MAX_QUERY = 100
# An ID number opens with its region code, never 0: 0086 before a mobile is
# fifteen digits too.
_ID_RE = re.compile(r"^([1-9]\d{16}[\dXx]|[1-9]\d{14})$")
_PHONE_RE = re.compile(r"^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$")
# The trigram fallback needs three characters (a shorter pattern has no
# trigram for pg_trgm's index to find).
TRGM_MIN = 3
A_WEIGHT = 10.0
# Why a hit of a personal number is a hit: the number is in no text the page
# shows (masked, or not shown at all), so the hit says what matched.
MATCHED = {"id_number": _("身份证号码相符"), "phone": _("联系电话相符")}


@dataclass
class Hit:
    module: str
    label: str  # the model ("petitions.petition")
    kind: str  # what the record is, in words (信访事项)
    object_id: int
    title: SafeString
    url: str
    snippet: SafeString
    unit: str
    score: float
    obj: Any = None
    matched: str = ""  # 身份证号码相符 / 联系电话相符 for a personal number's hit


class Candidate(NamedTuple):
    """An index row as ranking sees it, before the page reads its texts."""

    pk: int
    module: str
    label: str
    object_id: int


@dataclass
class Group:
    module: str
    module_label: str
    count: int
    capped: bool
    hits: list[Hit] = field(default_factory=list)


@dataclass
class Result:
    q: str
    groups: list[Group]
    exact: bool = False

    @property
    def total(self) -> int:
        return sum(g.count for g in self.groups)

    @property
    def hits(self) -> list[Hit]:
        return [h for g in self.groups for h in g.hits]


@dataclass
class Query:
    """A query as the engines read it."""

    text: str
    words: list[str]  # all required (AND)
    keys: list[str]  # any of them (OR with the words)
    exact: bool  # a personal number: keys only, no substring fallback
    marks: list[str]
    matched: str = ""  # which personal number it is: "id_number" or "phone"

    @property
    def empty(self) -> bool:
        return not self.words and not self.keys


def parse(q: str) -> Query:
    text = (q or "").strip()[:MAX_QUERY]
    compact = re.sub(r"[\s\-]", "", text)
    if _ID_RE.match(compact):
        return Query(text, [], [k for k in [id_key(compact)] if k], True, [], "id_number")
    # A mobile as people write it (+86 138 0000 0000, 0086…, full-width) is
    # its 11 digits, as the forms store it (core.validators).
    phone = re.sub(r"[\s\-]", "", normalize_phone(text))
    if _PHONE_RE.match(phone):
        return Query(text, [], [k for k in [phone_key(phone)] if k], True, [], "phone")
    words = query_tokens(text)
    whole = exact_key(text)
    keys = [whole] if whole and whole not in words else []
    return Query(text, words, keys, False, mark_tokens(text))


# --- the engines -------------------------------------------------------------


def _row(row: tuple[Any, ...]) -> tuple[Candidate, float]:
    pk, module, label, object_id, score = row
    return Candidate(int(pk), module, label, int(object_id)), float(score)


def _pg_tsquery(query: Query) -> str:
    def lexeme(t: str) -> str:
        return "'" + t.replace("'", "''").replace("\\", "") + "'"

    parts = []
    if query.words:
        parts.append("(" + " & ".join(lexeme(t) for t in query.words) + ")")
    parts += [lexeme(k) for k in query.keys]
    return " | ".join(parts)


def _fts5_match(query: Query) -> str:
    def phrase(t: str) -> str:
        return '"' + t.replace('"', '""') + '"'

    parts = []
    if query.words:
        parts.append("(" + " AND ".join(phrase(t) for t in query.words) + ")")
    parts += [phrase(k) for k in query.keys]
    return " OR ".join(parts)


def _scope_sql(user: Any) -> tuple[str, list[Any]] | None:
    """The scope condition on the index row's unit: None when the user sees
    nothing, "" when everything."""
    prefix = scope_prefix(user)
    if prefix is None:
        return None
    if prefix == "":
        return "", []
    ids = scope_unit_ids(user, prefix)
    if not ids:
        return None
    listed = ",".join(str(int(i)) for i in ids)
    return f"(e.unit_id IN ({listed}) OR e.extra_unit_id IN ({listed}))", []


def _module_sql(modules: list[str] | None) -> tuple[str, list[Any]]:
    if not modules:
        return "", []
    return "e.module IN (" + ",".join(["%s"] * len(modules)) + ")", list(modules)


def _where(*conds: tuple[str, list[Any]]) -> tuple[str, list[Any]]:
    sql = [c for c, _ in conds if c]
    params = [p for _, ps in conds for p in ps]
    return (" AND ".join(sql) if sql else "TRUE"), params


def _candidates_pg(
    query: Query, scope: tuple[str, list[Any]], modules: tuple[str, list[Any]]
) -> list[tuple[Candidate, float]]:
    where, params = _where(scope, modules)
    tsq = _pg_tsquery(query)
    sql = f"""
        WITH q AS (SELECT to_tsquery('simple', %s) AS tsq),
        matched AS (
            SELECT e.id, e.module, e.label, e.object_id, e.title, e.names, e.tsv
            FROM core_searchentry e, q
            WHERE e.tsv @@ q.tsq AND {where}
            LIMIT {CANDIDATES}
        )
        SELECT m.id, m.module, m.label, m.object_id,
               ts_rank(m.tsv, q.tsq)
               + similarity(m.title, %s) + similarity(m.names, %s) AS score
        FROM matched m, q
    """  # noqa: S608  (only ints, placeholders and constants are formatted in)
    with connection.cursor() as cur:
        cur.execute(sql, [tsq, *params, query.text, query.text])
        rows = [_row(r) for r in cur.fetchall()]
    if not query.exact and len(rows) < CANDIDATES and len(query.text) >= TRGM_MIN:
        seen = {c.pk for c, _ in rows}
        like = "%" + query.text.replace("\\", "\\\\").replace("%", r"\%").replace("_", r"\_") + "%"
        sql = f"""
            SELECT e.id, e.module, e.label, e.object_id,
                   0.5 * (similarity(e.title, %s) + similarity(e.names, %s))
            FROM core_searchentry e
            WHERE (e.title ILIKE %s OR e.names ILIKE %s) AND {where}
            LIMIT {CANDIDATES - len(rows)}
        """  # noqa: S608  (only ints, placeholders and constants are formatted in)
        with connection.cursor() as cur:
            cur.execute(sql, [query.text, query.text, like, like, *params])
            rows += [_row(r) for r in cur.fetchall() if int(r[0]) not in seen]
    return rows


def _candidates_sqlite(
    query: Query, scope: tuple[str, list[Any]], modules: tuple[str, list[Any]]
) -> list[tuple[Candidate, float]]:
    where, params = _where(scope, modules)
    where = where.replace("TRUE", "1")
    sql = f"""
        SELECT e.id, e.module, e.label, e.object_id,
               -bm25(core_searchentry_fts, {A_WEIGHT}, 1.0) AS score
        FROM core_searchentry_fts f JOIN core_searchentry e ON e.id = f.rowid
        WHERE core_searchentry_fts MATCH %s AND {where}
        LIMIT {CANDIDATES}
    """  # noqa: S608  (only ints, placeholders and constants are formatted in)
    with connection.cursor() as cur:
        cur.execute(sql, [_fts5_match(query), *params])
        rows = [_row(r) for r in cur.fetchall()]
    if not query.exact and len(rows) < CANDIDATES:
        seen = {c.pk for c, _ in rows}
        like = "%" + query.text.replace("\\", "\\\\").replace("%", r"\%").replace("_", r"\_") + "%"
        sql = f"""
            SELECT e.id, e.module, e.label, e.object_id, 0.1 FROM core_searchentry e
            WHERE (e.title LIKE %s ESCAPE '\\' OR e.names LIKE %s ESCAPE '\\') AND {where}
            LIMIT {CANDIDATES - len(rows)}
        """  # noqa: S608  (only ints, placeholders and constants are formatted in)
        with connection.cursor() as cur:
            cur.execute(sql, [like, like, *params])
            rows += [_row(r) for r in cur.fetchall() if int(r[0]) not in seen]
    return rows


def candidates(
    user: Any, query: Query, modules: list[str] | None = None
) -> list[tuple[Candidate, float]]:
    """(index row, score) of the rows matching `query` in `user`'s unit scope."""
    if query.empty:
        return []
    scope = _scope_sql(user)
    if scope is None:
        return []
    run = _candidates_pg if connection.vendor == "postgresql" else _candidates_sqlite
    return run(query, scope, _module_sql(modules))


# --- the page ----------------------------------------------------------------


def search(user: Any, q: str, limit: int = 20, module: str | None = None) -> Result:
    """Hits for `q` that `user` may open, grouped by module (the module of
    the best hit first), each group with its count; at most `limit` hits in
    all (with `module`, only that module's)."""
    query = parse(q)
    rows = candidates(user, query, [module] if module else None)
    if not rows:
        return Result(query.text, [], query.exact)
    # Ranking and the counts need only what the candidates' query returns;
    # the texts are read for the page alone (_confirm). A county's 2,000
    # candidates read again as model instances with their bodies were most
    # of a search at 10^6 records.
    scores = {c.pk: score for c, score in rows}
    # Best first; ties by the newest record.
    ranked = sorted((c for c, _ in rows), key=lambda c: (-scores[c.pk], -c.object_id))
    counts: dict[str, int] = {}
    for c in ranked:
        counts[c.module] = counts.get(c.module, 0) + 1
    capped = len(rows) >= CANDIDATES

    page = _confirm(user, ranked, limit)
    groups: OrderedDict[str, Group] = OrderedDict()
    for entry, obj in page:
        source = registry.source_for(entry.label)
        if source is None:
            continue
        group = groups.get(entry.module)
        if group is None:
            group = groups[entry.module] = Group(
                entry.module, str(source.module_label), counts[entry.module], capped
            )
        group.hits.append(
            Hit(
                module=entry.module,
                label=entry.label,
                kind=str(source.model._meta.verbose_name),
                object_id=entry.object_id,
                title=highlight(entry.title, query.marks),
                url=obj.get_absolute_url(),
                snippet=snippet(entry.names, entry.body, query.marks),
                unit=str(getattr(obj, "unit", "") or ""),
                score=scores[entry.pk],
                obj=obj,
                # An exact query matches the number's key and nothing else.
                matched=str(MATCHED.get(query.matched, "")),
            )
        )
    # Modules with hits only beyond the page still show their count.
    for e in ranked:
        if e.module not in groups:
            source = registry.source_for(e.label)
            if source is not None:
                groups[e.module] = Group(
                    e.module, str(source.module_label), counts[e.module], capped
                )
    return Result(query.text, list(groups.values()), query.exact)


def _confirm(user: Any, ranked: list[Candidate], limit: int) -> list[tuple[SearchEntry, Any]]:
    """The first `limit` entries whose record the module's own `visible`
    still shows the user, with the records."""
    page: list[tuple[SearchEntry, Any]] = []
    start = 0
    while len(page) < limit and start < len(ranked):
        wanted = ranked[start : start + limit * 2]
        start += len(wanted)
        read = SearchEntry.objects.filter(pk__in=[c.pk for c in wanted]).only(
            "id", "module", "label", "object_id", "title", "names", "body", "unit_path", "unit_id"
        )
        by_pk = {e.pk: e for e in read}
        chunk = [by_pk[c.pk] for c in wanted if c.pk in by_pk]
        by_label: dict[str, list[int]] = {}
        for e in chunk:
            by_label.setdefault(e.label, []).append(e.object_id)
        found: dict[tuple[str, int], Any] = {}
        for label, ids in by_label.items():
            source = registry.source_for(label)
            if source is None:
                continue
            qs = source.visible(user).filter(pk__in=ids)
            if any(f.name == "unit" for f in source.model._meta.concrete_fields):
                qs = qs.select_related("unit")
            for obj in qs:
                found[(label, obj.pk)] = obj
        for e in chunk:
            obj = found.get((e.label, e.object_id))
            if obj is not None and len(page) < limit:
                page.append((e, obj))
    return page
