"""X-Fazhi-Queries: the number of SQL queries a request ran, as a response
header — for `make bench-http` only (issue 19). settings.py installs it first
in MIDDLEWARE when FAZHI_BENCH_QUERY_HEADER=1, so it counts what the other
middleware query too (session, user); never enabled otherwise."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import connections
from django.http import HttpRequest, HttpResponse

HEADER = "X-Fazhi-Queries"


class QueryCountMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        count = [0]

        def counter(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
            count[0] += 1
            return execute(sql, params, many, context)

        wrappers = [connections[alias].execute_wrapper(counter) for alias in connections]
        for w in wrappers:
            w.__enter__()
        try:
            response = self.get_response(request)
            # A streamed or lazily rendered body runs its queries later; the
            # pages measured are rendered here.
        finally:
            for w in reversed(wrappers):
                w.__exit__(None, None, None)
        response[HEADER] = str(count[0])
        return response
