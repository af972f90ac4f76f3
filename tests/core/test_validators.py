import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from fazhi.core.validators import (
    id_check_digit,
    mask_id_number,
    mask_phone,
    validate_id_number,
    validate_phone,
)

births = st.dates(min_value=dt.date(1920, 1, 1), max_value=dt.date(2020, 12, 31))


def make(area: str, birth: dt.date, seq: int) -> str:
    first17 = f"{area}{birth:%Y%m%d}{seq:03d}"
    return first17 + id_check_digit(first17)


def test_known_valid_id_number() -> None:
    # The GB 11643-1999 standard's worked example.
    validate_id_number("11010519491231002X")


@given(births, st.integers(0, 999))
def test_generated_ids_validate(birth: dt.date, seq: int) -> None:
    validate_id_number(make("431127", birth, seq))


@given(births, st.integers(0, 999), st.integers(0, 16), st.integers(1, 9))
def test_any_single_digit_change_is_caught(birth: dt.date, seq: int, pos: int, delta: int) -> None:
    good = make("431127", birth, seq)
    digit = (int(good[pos]) + delta) % 10
    bad = good[:pos] + str(digit) + good[pos + 1 :]
    # Changing a birth-date digit may also break the date: either way it is refused.
    with pytest.raises(ValidationError):
        validate_id_number(bad)


@pytest.mark.parametrize(
    "value", ["", "123", "43112719800517001", "4311271980051700AX", "431127198013170011"]
)
def test_malformed_ids_refused(value: str) -> None:
    with pytest.raises(ValidationError):
        validate_id_number(value)


def test_masks() -> None:
    assert mask_id_number("431127198005170011") == "4311**********0011"
    assert mask_phone("13812345678") == "138****5678"


# A mobile as ledgers write it (138-1234-5678) is its 11 digits
# (tests/core/test_phone_as_written.py).
@pytest.mark.parametrize("value", ["13812345678", "0746-7221234", "07467221234", "138-1234-5678"])
def test_phones_accepted(value: str) -> None:
    validate_phone(value)


@pytest.mark.parametrize("value", ["12812345678", "1381234567", "abc", "138-1234-567"])
def test_phones_refused(value: str) -> None:
    with pytest.raises(ValidationError):
        validate_phone(value)
