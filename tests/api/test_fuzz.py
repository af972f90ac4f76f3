"""schemathesis over every operation of /api/schema/ as a township clerk
(信访办), a village cadre and a county supervisor of the demo township: no
server error, only documented status codes, responses as documented, no
record outside the caller's scope in any answer (see tests/api/fuzz.py;
`make fuzz` runs a longer pass with every check)."""

from __future__ import annotations

import os
from typing import Any

import pytest
from django.db import connection
from django.test import Client

from fazhi.wsgi import application

from .conftest import token_for
from .fuzz import LONG, fuzz, listed_ids, load_schema

pytestmark = pytest.mark.django_db


# `make test` fuzzes on its PostgreSQL pass: the database production runs, and the
# stricter one (a NUL byte, an integer past its column, a text past its length are
# errors there and pass on SQLite), while the page sweeps take the SQLite pass; the
# two passes share CI's 20 minutes. `make fuzz` (FAZHI_FUZZ_EXAMPLES) runs wherever
# it is pointed, SQLite by default.
on_sqlite_pass = pytest.mark.skipif(
    connection.vendor == "sqlite" and not LONG,
    reason="fuzzed on the PostgreSQL pass (make fuzz runs it on SQLite)",
)


@on_sqlite_pass
@pytest.mark.parametrize("username", ["xinfang", "cun", "county"])
def test_every_operation_as(username: str, demo_world: Any) -> None:
    token = token_for(demo_world, username)
    schema = load_schema(application, token)
    client = Client()
    cache: dict[str, list[int]] = {}

    def ids_for(path: str) -> list[int]:
        if path not in cache:
            cache[path] = listed_ids(client, token, path)
        return cache[path]

    run = fuzz(
        schema,
        token,
        ids_for,
        only=os.environ.get("FAZHI_FUZZ_ONLY", ""),
        user=demo_world.users[username],
    )
    report = "\n\n".join(f"=== {f.label}\n{f.message}" for f in run.failures)
    print(
        f"{username}: {run.operations} operations, {run.cases} cases, {len(run.failures)} failing"
    )
    if out := os.environ.get("FAZHI_FUZZ_REPORT"):
        with open(f"{out}-{username}.txt", "w") as fh:
            fh.write(report)
    assert not run.failures, f"{len(run.failures)} of {run.operations} operations fail:\n{report}"


def test_the_scope_check_finds_a_record_outside(demo_world: Any) -> None:
    """The fuzz pass's own check: a township petition in the village cadre's
    answer is named, the same petition in the clerk's is not."""
    from fazhi.petitions.models import Petition

    from .fuzz import out_of_scope

    clerk, cadre = demo_world.users["xinfang"], demo_world.users["cun"]
    outside = Petition.objects.visible_to(clerk).exclude(
        pk__in=Petition.objects.visible_to(cadre).values("pk")
    )
    pk = outside.values_list("pk", flat=True).first()
    assert pk is not None
    body = {"count": 1, "results": [{"id": pk, "unit": {"id": 1}}]}
    assert out_of_scope(cadre, "/api/v1/petitions/", body) == [pk]
    assert out_of_scope(clerk, "/api/v1/petitions/", body) == []
    assert out_of_scope(cadre, f"/api/v1/petitions/{pk}/accept/", {"id": pk}) == [pk]


def test_the_auth_check_finds_an_operation_that_ignores_the_token(
    demo_world: Any, monkeypatch: Any
) -> None:
    """The fuzz pass's `ignored_auth` (tests/api/fuzz.py): the token is the
    case's own auth, so an operation that answers without it is named; as the
    app stands every operation refuses (tests/api/test_auth_required.py)."""
    from rest_framework.permissions import AllowAny

    from fazhi.core.api_views import PersonViewSet

    token = token_for(demo_world, "xinfang")
    schema = load_schema(application, token)
    run = fuzz(schema, token, lambda path: [], only="GET /api/v1/people/", examples=1)
    assert run.operations == 2
    assert not any("IgnoredAuth" in f.message for f in run.failures), run.failures
    monkeypatch.setattr(PersonViewSet, "permission_classes", [AllowAny])
    run = fuzz(schema, token, lambda path: [], only="GET /api/v1/people/", examples=1)
    assert any("IgnoredAuth" in f.message for f in run.failures), run.failures
