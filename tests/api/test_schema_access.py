"""The API schema and its docs need a log-in (issue 15 §11): an anonymous
visitor of /api/docs/ is sent to the login page, an anonymous request for
/api/schema/ is refused; a signed-in user (session or API token) gets both."""

from __future__ import annotations

import pytest
from django.test import Client
from rest_framework.authtoken.models import Token

from tests.factories import World

pytestmark = pytest.mark.django_db


def test_anonymous_gets_neither_schema_nor_docs() -> None:
    client = Client()
    schema = client.get("/api/schema/")
    assert schema.status_code == 403 and b"openapi" not in schema.content
    docs = client.get("/api/docs/")
    assert docs.status_code == 302 and docs["Location"].startswith("/login/?next=/api/docs/")


def test_signed_in_user_gets_schema_and_docs(world: World) -> None:
    client = world.client(world.county_user)
    assert client.get("/api/docs/").status_code == 200
    schema = client.get("/api/schema/?format=json")
    assert schema.status_code == 200 and "/api/v1/people/" in schema.json()["paths"]


def test_api_token_gets_the_schema(world: World) -> None:
    token = Token.objects.create(user=world.village_cadre)
    response = Client().get("/api/schema/?format=json", HTTP_AUTHORIZATION=f"Token {token.key}")
    assert response.status_code == 200 and response.json()["openapi"].startswith("3.")
