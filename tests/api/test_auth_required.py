"""Every API operation refuses a caller without valid credentials (GB/T
22239-2019 8.1.4.1 身份鉴别): no token, a garbage token, a garbage session
cookie, the right token under the wrong scheme — 401 or 403 for each operation
of /api/schema/, before anything is read or written. The fuzz pass checks the
same on its 2xx answers (schemathesis `ignored_auth`, tests/api/fuzz.py); this
test sends every operation, whatever the fuzzer draws."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client

from .conftest import token_for

pytestmark = pytest.mark.django_db


def operations(client: Client, token: str) -> list[tuple[str, str]]:
    """Each operation with its path filled in: `{id}` 1, a step's name the
    first its schema allows (so the route is found and only the credentials
    decide)."""
    schema = client.get("/api/schema/?format=json", HTTP_AUTHORIZATION=f"Token {token}").json()
    out = []
    for path, item in schema["paths"].items():
        for method, op in item.items():
            if method not in {"get", "post", "put", "patch", "delete"}:
                continue
            values = {
                p["name"]: str((p.get("schema", {}).get("enum") or [1])[0])
                for p in op.get("parameters", [])
                if p.get("in") == "path"
            }
            out.append(
                (method.upper(), re.sub(r"\{([^}]+)\}", lambda m: values.get(m[1], "1"), path))
            )
    return out


def test_every_operation_refuses_missing_or_wrong_credentials(demo_world: Any) -> None:
    token = token_for(demo_world, "xinfang")
    ops = operations(Client(), token)
    assert len(ops) > 200
    wrong = {
        "no credentials": {},
        "garbage token": {"HTTP_AUTHORIZATION": "Token 0123456789abcdef0123456789abcdef01234567"},
        "token under another scheme": {"HTTP_AUTHORIZATION": f"Bearer {token}"},
        "bare token": {"HTTP_AUTHORIZATION": token},
    }
    answered: list[str] = []
    for what, headers in wrong.items():
        for method, path in ops:
            client = Client()
            if what == "no credentials":
                client.cookies["sessionid"] = "not-a-session"
            response = client.generic(method, path, "{}", "application/json", **headers)
            if response.status_code not in (401, 403):
                answered.append(f"{what}: {method} {path} → {response.status_code}")
    assert not answered, "\n".join(answered)


def test_the_token_alone_is_enough(demo_world: Any) -> None:
    """The control: the same client with the token reads (the refusals above
    are the credentials', not the route's)."""
    token = token_for(demo_world, "xinfang")
    client = Client()
    client.cookies["sessionid"] = "not-a-session"
    assert client.get("/api/v1/people/", HTTP_AUTHORIZATION=f"Token {token}").status_code == 200
    assert client.get("/api/v1/people/").status_code == 403
