"""The demo township, built once per test module inside a transaction that is
rolled back when the module ends (each test then runs in a savepoint of it), and
an API token for each demo user a test names."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.db import transaction

from tests.factories import world  # noqa: F401  (the personas fixture)


@pytest.fixture(scope="module")
def demo_world(django_db_setup: None, django_db_blocker: Any) -> Iterator[Any]:
    from fazhi.core import demo

    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            world = demo.build()
        except BaseException:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            raise
    try:
        yield world
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


def token_for(demo: Any, username: str) -> str:
    from rest_framework.authtoken.models import Token

    token, _ = Token.objects.get_or_create(user=demo.users[username])
    return token.key
