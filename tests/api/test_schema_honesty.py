"""The OpenAPI schema says what the API does (issues 15 and 17), as
schemathesis checks it (tests/api/test_fuzz.py): the reads that answer
personal data in full with `?reason=` (core.api_pii) document it, and no other
operation does; a list refuses a filter or page value the schema refuses
(core.api_query: 400 naming the parameter, 404 for a page); an unmatched API
URL answers JSON; 415 is documented where a body is read."""

from __future__ import annotations

from typing import Any

import pytest
from drf_spectacular.generators import SchemaGenerator

from tests.factories import World


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


# --- list filters and pages refuse what the schema refuses (core.api_query) -------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url", "param"),
    [
        ("/api/v1/petitions/?stage=", "stage"),  # an enum's empty value
        ("/api/v1/petitions/?stage=bogus", "stage"),
        ("/api/v1/enforcement/complaints/?finding=", "finding"),
        ("/api/v1/people/?is_cadre=maybe", "is_cadre"),  # a boolean
        ("/api/v1/people/?is_cadre=", "is_cadre"),
        ("/api/v1/petition-receptions/?held_on=2024-1-5", "held_on"),  # not ISO
        ("/api/v1/petition-receptions/?held_on=", "held_on"),
        ("/api/v1/petition-receptions/?leader=", "leader"),  # an id
        ("/api/v1/units/?parent=x", "parent"),
    ],
)
def test_a_filter_value_outside_the_schema_is_400_naming_it(
    world: World, url: str, param: str
) -> None:
    response = world.client(world.owner).get(url)
    assert response.status_code == 400, (url, response.content)
    assert list(response.json()) == [param]


@pytest.mark.django_db
def test_valid_filters_and_free_text_answer(world: World) -> None:
    client = world.client(world.owner)
    for url in (
        "/api/v1/people/?is_cadre=true",
        "/api/v1/people/?is_cadre=false&name=",  # free text may be empty
        "/api/v1/petition-receptions/?held_on=2024-01-05",
        "/api/v1/petitions/?stage=accepted&page=1",
    ):
        assert client.get(url).status_code == 200, url


@pytest.mark.django_db
@pytest.mark.parametrize("page", ["", "abc", "0", "1.5", "99"])
def test_a_page_that_is_not_one_is_404(world: World, page: str) -> None:
    response = world.client(world.owner).get("/api/v1/petitions/", {"page": page})
    assert response.status_code == 404 and "detail" in response.json()


# --- the answers the API gives, with their content types --------------------------


@pytest.mark.django_db
def test_an_unmatched_api_url_answers_json_404(world: World) -> None:
    """A step name with a character the route does not take matched no URL
    pattern and got Django's HTML page (schemathesis: UndefinedContentType)."""
    client = world.client(world.owner)
    for url in ("/api/v1/mediation-cases/1/no.such/", "/api/v1/nothing-here/"):
        response = client.post(url, {}, content_type="application/json")
        assert response.status_code == 404
        assert response["Content-Type"] == "application/json" and "detail" in response.json()
    page = client.get("/no-such-page/")
    assert page.status_code == 404 and page["Content-Type"].startswith("text/html")


@pytest.mark.django_db
def test_an_unsupported_body_type_is_415_and_documented(
    world: World, schema: dict[str, Any]
) -> None:
    response = world.client(world.owner).post(
        "/api/v1/people/", "name=x", content_type="text/plain"
    )
    assert response.status_code == 415 and "detail" in response.json()
    for method, path, op in operations(schema):
        assert ("415" in op["responses"]) == (method in {"POST", "PUT", "PATCH"}), (method, path)
        if method in {"POST", "PUT", "PATCH"} and "requestBody" in op:
            assert "application/json" in op["requestBody"]["content"], path
