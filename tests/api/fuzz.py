"""schemathesis over /api/schema/, in-process against the WSGI app.

Each operation of the schema is fuzzed as one demo user: the generated case is
sent through Django's WSGI handler (with the user's API token), inside a
savepoint that is rolled back after the response, so every example starts from
the same demo township and a step that breaks the transaction cannot leak into
the next one. A path `{id}` is drawn mostly from the records the user can list
(so steps reach real petitions, cases, people…), sometimes from an id that does
not exist (404).

The checks: no server error, every status code documented for the operation,
every response body conforms to its documented schema (`make fuzz` adds the
others schemathesis has), and no record outside the caller's scope in any
answer (`out_of_scope`: every object id of a JSON answer is compared with the
ids `visible_to(user)` allows for the operation's model). A server error's
traceback is kept and shown with the failure.
"""

from __future__ import annotations

import logging
import os
import re
import traceback
from collections.abc import Callable, Iterator, MutableMapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import hypothesis
import schemathesis
from django.core.signals import got_request_exception, request_finished, request_started
from django.db import close_old_connections, transaction
from hypothesis import HealthCheck, given
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.core.parameters import ParameterLocation
from schemathesis.specs.openapi.checks import (
    ignored_auth,
    response_schema_conformance,
    status_code_conformance,
)

# `ignored_auth`: a 2xx answer is sent again without the token and with a
# garbage one, each of which must be refused (401/403). It is meaningful only
# because the token is the case's own auth (`use_token`): given as an extra
# header beside the credentials schemathesis generates for the declared
# schemes (a random `Authorization`, a random `sessionid` cookie), every 2xx
# looked like "generated auth accepted" — the 185 operations of an earlier
# pass, which answered 200 because the real token was sent too.
CI_CHECKS = [
    not_a_server_error,
    status_code_conformance,
    response_schema_conformance,
    ignored_auth,
]
# In `make test` (CI) one example per operation and role: 228 operations × 3
# roles, about four CPU-minutes at four examples (measured on a shared, loaded
# machine: 1,270 s wall for 2,736 cases), so CI keeps to one and the edge
# cases go to `make fuzz`: FAZHI_FUZZ_EXAMPLES raises the examples per
# operation, and the pass runs every check schemathesis has (checks=None),
# both generation modes, with a random seed.
LONG = bool(os.environ.get("FAZHI_FUZZ_EXAMPLES"))
EXAMPLES = int(os.environ.get("FAZHI_FUZZ_EXAMPLES") or 1)
MISSING_ID = 987654321
ID_PATH = re.compile(r"^(?P<list>/api/v1/[^{]+/)\{id\}/")


@dataclass
class Failure:
    label: str
    message: str


@dataclass
class Run:
    failures: list[Failure] = field(default_factory=list)
    cases: int = 0
    operations: int = 0


@contextmanager
def in_process() -> Iterator[list[str]]:
    """Requests run in the test's database transaction: Django's own test client
    does the same (close_old_connections would close a connection that is in
    a transaction). Tracebacks of server errors are collected."""
    tracebacks: list[str] = []

    def keep(sender: Any, request: Any = None, **kw: Any) -> None:
        tracebacks.append(traceback.format_exc())

    request_log = logging.getLogger("django.request")
    level = request_log.level
    request_log.setLevel(logging.CRITICAL)  # every 4xx would be logged otherwise
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    got_request_exception.connect(keep)
    try:
        yield tracebacks
    finally:
        got_request_exception.disconnect(keep)
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
        request_log.setLevel(level)


def load_schema(app: Any, token: str) -> Any:
    """The schema as the app serves it (to a signed-in user), fetched in the
    test's transaction like every request here; every case it generates then
    carries the user's token and nothing else (`use_token`)."""
    with in_process():
        schema = schemathesis.openapi.from_wsgi(
            "/api/schema/?format=json", app, headers={"Authorization": f"Token {token}"}
        )
    use_token(schema, token)
    return schema


def use_token(schema: Any, token: str) -> None:
    """The token as the schema's own auth provider: schemathesis sets it on
    every generated case in place of the credentials it would generate (its
    random `Authorization` header and `sessionid` cookie for the declared
    schemes), and knows it as explicit, so `ignored_auth` removes it and sends
    a garbage one to see both refused."""

    @schema.auth()
    class Token:
        def get(self, case: Any, ctx: Any) -> str:
            return token

        def set(self, case: Any, data: str, ctx: Any) -> None:
            # A negative case may have made a container something else.
            if not isinstance(case.cookies, MutableMapping):
                case.cookies = {}
            if not isinstance(case.headers, MutableMapping):
                case.headers = {}
            case.cookies.pop("sessionid", None)
            case.headers["Authorization"] = f"Token {data}"


def listed_ids(client: Any, token: str, path: str) -> list[int]:
    """The ids on the first page of the list endpoint `path`, as the user sees it."""
    response = client.get(path, HTTP_AUTHORIZATION=f"Token {token}")
    if response.status_code != 200:
        return []
    body = response.json()
    rows = body.get("results", body) if isinstance(body, dict) else body
    return [row["id"] for row in rows if isinstance(row, dict) and "id" in row][:20]


def model_for(path: str) -> Any:
    """The model whose records the API path answers with (None: not a record
    endpoint, e.g. the schema)."""
    from django.urls import Resolver404, resolve

    try:
        view = getattr(resolve(path.split("?")[0]).func, "cls", None)
    except Resolver404:
        return None
    queryset = getattr(view, "queryset", None)
    if queryset is not None:
        return queryset.model
    meta = getattr(getattr(view, "serializer_class", None), "Meta", None)
    return getattr(meta, "model", None)


def out_of_scope(user: Any, path: str, body: Any) -> list[int]:
    """The ids of the records in the JSON answer `body` (a list page's rows or
    one record) that `user` may not see. Nested objects (a petition's unit, a
    case's parties) are other models, checked where they are listed."""
    from fazhi.core.models import OrgUnit
    from fazhi.core.scope import units_visible_to

    model = model_for(path)
    if model is None or user is None:
        return []
    rows = body.get("results", body) if isinstance(body, dict) else body
    rows = rows if isinstance(rows, list) else [rows]
    ids = {row["id"] for row in rows if isinstance(row, dict) and isinstance(row.get("id"), int)}
    if not ids:
        return []
    if model is OrgUnit:
        allowed = units_visible_to(user)
    elif hasattr(model._default_manager, "visible_to"):
        allowed = model._default_manager.visible_to(user)
    else:
        return []  # reference data (categories, sectors): no scope
    seen = set(allowed.filter(pk__in=ids).values_list("pk", flat=True))
    return sorted(ids - seen)


def negatable(operation: Any) -> bool:
    """Whether schemathesis can make an invalid case of `operation`: one with
    no parameter and no body (the publicity reference lists) has nothing to
    make invalid, and negative generation reports `Unsatisfiable` for it."""
    containers = (operation.path_parameters, operation.query, operation.headers)
    return any(len(c) for c in containers) or len(operation.body) > 0


def negative_in(case: Any, location: ParameterLocation) -> bool:
    """Whether the case's `location` (its path) was generated invalid: then
    the harness keeps it, rather than put a listed record's id in its place,
    which made the case valid (an integer id) while schemathesis still counted
    it invalid and reported `AcceptedNegativeData` for the 200."""
    meta = case.meta
    component = meta.components.get(location) if meta is not None else None
    return component is not None and component.mode.is_negative


class OutOfScope(AssertionError):
    """A record the caller may not see, in an API answer."""


def describe(exc: BaseException) -> str:
    """A failure in a few lines: each check that failed, with its message and
    the server's traceback (if any)."""
    parts = getattr(exc, "exceptions", None) or [exc]
    lines = [
        f"{type(p).__name__}: {getattr(p, 'title', '')}: {str(getattr(p, 'message', p))[:400]}"
        for p in parts
    ]
    notes = "\n".join(getattr(exc, "__notes__", []))
    return "\n".join(lines) + ("\n" + notes if notes else "")


def fuzz(
    schema: Any,
    token: str,
    ids_for: Callable[[str], list[int]],
    *,
    examples: int = EXAMPLES,
    only: str = "",
    user: Any = None,
) -> Run:
    """Fuzz every operation of `schema` (or those whose label contains `only`);
    with `user`, every answer is also checked for records outside their scope."""
    run = Run()
    checks = None if LONG else CI_CHECKS
    settings = hypothesis.settings(
        max_examples=examples,
        deadline=None,
        database=None,
        derandomize=not LONG,
        suppress_health_check=list(HealthCheck),
        phases=[hypothesis.Phase.explicit, hypothesis.Phase.generate],
        print_blob=False,
    )
    operations = [result.ok() for result in schema.get_all_operations()]
    operations = [op for op in operations if not only or only in op.label]
    # The records each path's `{id}` is drawn from, listed before the pass:
    # `ids_for` lists through Django's test client, which connects
    # close_old_connections to the request signals again when its request
    # ends, and the next in-process request then closed the test's
    # connection (in its transaction, so "unusable"): on PostgreSQL every
    # request after the first failed with "the connection is closed" (SQLite's
    # in-memory test database ignores the close).
    pools = {
        op.label: ids_for(match["list"]) if (match := ID_PATH.match(op.path)) else None
        for op in operations
    }
    with in_process() as tracebacks:
        for operation in operations:
            label = operation.label
            run.operations += 1
            pool = pools[label]
            match = pool is not None
            id_strategy = st.sampled_from([*(pool or []), MISSING_ID]) if match else st.none()
            modes = [schemathesis.GenerationMode.POSITIVE]
            if LONG and negatable(operation):
                modes.append(schemathesis.GenerationMode.NEGATIVE)
            for mode in modes:

                @settings
                @given(case=operation.as_strategy(generation_mode=mode), pick=id_strategy)
                def one(case: Any, pick: int | None) -> None:
                    if pick is not None and not negative_in(case, ParameterLocation.PATH):
                        case.path_parameters = {**(case.path_parameters or {}), "id": pick}
                    run.cases += 1
                    del tracebacks[:]
                    leaked: list[int] = []
                    with transaction.atomic():
                        response = case.call()
                        # Inside the savepoint: a record the call created is
                        # still there to be checked.
                        if response.status_code < 300 and "json" in response.headers.get(
                            "Content-Type", ""
                        ):
                            leaked = out_of_scope(user, case.formatted_path, response.json())
                        transaction.set_rollback(True)
                    if leaked:
                        raise OutOfScope(
                            f"{case.method} {case.formatted_path} answered records "
                            f"outside the caller's scope: ids {leaked}"
                        )
                    try:
                        case.validate_response(response, checks=checks)
                    except (Exception, BaseExceptionGroup) as exc:
                        if tracebacks:
                            exc.add_note("Server traceback:\n" + tracebacks[-1])
                        raise

                try:
                    one()
                except hypothesis.errors.Unsatisfiable:
                    # An operation whose only inputs are the token (the
                    # publicity reference lists) has no invalid case to make.
                    if mode is schemathesis.GenerationMode.POSITIVE:
                        raise
                except (Exception, BaseExceptionGroup) as exc:
                    run.failures.append(Failure(label, describe(exc)))
    return run
