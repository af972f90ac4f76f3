"""A query code typed as the citizen reads it off the receipt finds the matter."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from fazhi.petitions.models import Petition

pytestmark = pytest.mark.django_db


def _grouped(code: str, sep: str) -> str:
    return sep.join(code[i : i + 4] for i in range(0, len(code), 4))


def test_tracking_accepts_the_code_grouped_with_dashes_and_spaces(
    submit_public: Callable[..., Any],
) -> None:
    c = Client()
    r = submit_public(c)
    assert r.status_code == 302
    p = Petition.objects.get()
    # The receipt prints the code as it is stored: that is accepted as printed.
    assert p.query_code in c.get("/petitions/public/submitted/").content.decode()
    fullwidth = "".join(chr(ord(ch) + 0xFEE0) for ch in p.query_code)
    for typed in (
        p.query_code,
        _grouped(p.query_code, "-"),
        _grouped(p.query_code.lower(), " "),
        _grouped(p.query_code.lower(), " - "),
        _grouped(p.query_code, "－"),  # full-width hyphen-minus
        _grouped(p.query_code, "–"),  # en dash
        _grouped(p.query_code, "\u3000"),  # full-width space
        f"  {_grouped(fullwidth, '－')}  ",
    ):
        html = c.get("/petitions/public/track/", {"code": typed}).content.decode()
        assert p.number in html, typed
        assert 'data-testid="track-result"' in html, typed
    html = c.get("/petitions/public/track/", {"code": "NOPE-NOPE"}).content.decode()
    assert 'data-testid="track-none"' in html
