"""Query codes (registration.new_query_codes): twelve letters of the
alphabet read over the phone, each letter equally likely, none a code a
petition already has, one look-up for a ledger's many (issue 18: made from
one read of the random source)."""

from __future__ import annotations

import collections
from typing import Any

import pytest

from fazhi.petitions.workflow import registration
from fazhi.petitions.workflow.registration import (
    QUERY_ALPHABET,
    QUERY_CODE_LENGTH,
    new_query_codes,
)

pytestmark = pytest.mark.django_db


def test_codes_are_letters_of_the_alphabet_each_equally_likely() -> None:
    assert len(QUERY_ALPHABET) == 32 == len(set(QUERY_ALPHABET))
    codes = new_query_codes(2000)
    assert len(set(codes)) == 2000
    assert all(len(c) == QUERY_CODE_LENGTH and set(c) <= set(QUERY_ALPHABET) for c in codes)
    counts = collections.Counter("".join(codes))
    expected = 2000 * QUERY_CODE_LENGTH / 32  # 750 each
    assert set(counts) == set(QUERY_ALPHABET)
    # Chi-squared with 31 degrees of freedom: above 70 once in ~10^4 runs.
    assert sum((n - expected) ** 2 / expected for n in counts.values()) < 70


def test_a_code_a_petition_has_is_never_given(monkeypatch: Any, register: Any) -> None:
    taken = register().query_code
    # The first draw gives the petition's code (each letter's position in the
    # alphabet), the second a code of the first letter only.
    draws = iter([bytes(QUERY_ALPHABET.index(c) for c in taken), bytes(QUERY_CODE_LENGTH)])

    def token_bytes(n: int) -> bytes:
        raw = next(draws)
        assert n == len(raw)
        return raw

    monkeypatch.setattr(registration.secrets, "token_bytes", token_bytes)
    assert new_query_codes(1) == [QUERY_ALPHABET[0] * QUERY_CODE_LENGTH]
