"""The OpenAPI schema says what the API does (issues 15 and 17): the reads that
answer personal data in full with `?reason=` (core.api_pii) document it, and
no other operation does."""

from __future__ import annotations

from typing import Any

import pytest
from drf_spectacular.generators import SchemaGenerator


@pytest.fixture(scope="module")
def schema() -> dict[str, Any]:
    return SchemaGenerator().get_schema(request=None, public=True)  # type: ignore[no-any-return]


def operations(schema: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (method.upper(), path, op)
        for path, methods in schema["paths"].items()
        for method, op in methods.items()
        if isinstance(op, dict) and "responses" in op
    ]


def params(op: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {p["name"]: p for p in op.get("parameters", []) if p.get("in") == "query"}


# The reads whose answer holds an ID number, phone or address (core.serializers
# .MaskedPii with one of them, or mediation's parties through core.api_pii).
READS_WITH_PII = {
    "/api/v1/people/",
    "/api/v1/petitions/",
    "/api/v1/enforcement/cases/",
    "/api/v1/enforcement/complaints/",
    "/api/v1/governance/disclosure-requests/",
    "/api/v1/mediation-disputes/",
}


def test_reason_is_documented_on_every_read_that_honours_it(schema: dict[str, Any]) -> None:
    documented = {
        (method, path) for method, path, op in operations(schema) if "reason" in params(op)
    }
    expected = {("GET", p) for p in READS_WITH_PII} | {("GET", p + "{id}/") for p in READS_WITH_PII}
    assert documented == expected
    people = params(schema["paths"]["/api/v1/people/"]["get"])["reason"]
    assert people["schema"]["type"] == "string" and "审计" in people["description"]
    # The petitions say what else the reason unlocks: an accusation's text.
    petitions = params(schema["paths"]["/api/v1/petitions/"]["get"])["reason"]
    assert "检举控告" in petitions["description"]
