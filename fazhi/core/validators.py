"""Validation of personal identifiers (GB 11643-1999) and phone numbers.

A number typed with a Chinese IME comes in full-width (１２３…Ｘ, ０７４６－…,
an ideographic space): each is normalised (NFKC) before it is checked, by
the normalisers every form, serializer and the ledger import use
(core.forms / core.serializers.BoundedInputs), so the half-width number is
what is checked, stored and indexed."""

import datetime as dt
import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"
_ID_RE = re.compile(r"^\d{17}[\dX]$")
_MOBILE_RE = re.compile(r"^1[3-9]\d{9}$")
_LANDLINE_RE = re.compile(r"^0\d{2,3}-?\d{7,8}$")
_SPACES = re.compile(r"\s")


def id_check_digit(first17: str) -> str:
    """GB 11643-1999 §8.2: ISO 7064 MOD 11-2 over the first 17 digits."""
    total = sum(int(d) * w for d, w in zip(first17, _ID_WEIGHTS, strict=True))
    return _ID_CHECK[total % 11]


def normalize_id_number(value: str) -> str:
    """Half-width (NFKC: full-width digits and Ｘ), trimmed, X upper-case."""
    return unicodedata.normalize("NFKC", value or "").strip().upper()


# A mobile as ledgers write it, once half-width and without spaces: dashes
# or brackets anywhere (138-0000-0000, (+86)138…), the country code before it
# (+86, 0086, 86). What remains must be the 11 digits.
_MOBILE_MARKS = re.compile(r"[-()]")
_MOBILE_WRITTEN = re.compile(r"^(?:\+86|0086|86)?(1[3-9]\d{9})$")


def normalize_phone(value: str) -> str:
    """Half-width (NFKC: full-width digits, －, ＋), without the spaces a
    ledger or an IME puts in ("138 0746 1234"). A mobile written with dashes
    or the country code (138-0000-0000, +86 138 0000 0000, 0086…) is its 11
    digits; anything else is left for the check to judge, a landline's dash
    after the area code kept, as the check allows it (0746-1234567)."""
    compact = _SPACES.sub("", unicodedata.normalize("NFKC", value or ""))
    mobile = _MOBILE_WRITTEN.match(_MOBILE_MARKS.sub("", compact))
    return mobile.group(1) if mobile else compact


def validate_id_number(value: str) -> None:
    value = normalize_id_number(value)
    if not _ID_RE.match(value):
        raise ValidationError(
            _("身份证号码应为18位，前17位为数字，最后一位为数字或X。"), code="format"
        )
    try:
        dt.date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError:
        raise ValidationError(_("身份证号码中的出生日期无效。"), code="birth_date") from None
    if id_check_digit(value[:17]) != value[17]:
        raise ValidationError(_("身份证号码校验位错误，请核对。"), code="check_digit")


# GB 32100-2015 统一社会信用代码: 18 characters from 31 (no I, O, Z, S, V); the
# last is a check character, MOD 31 over the first 17 with these weights (§4.3).
_USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_USCC_RE = re.compile(rf"^[{_USCC_CHARS}]{{18}}$")


def credit_code_check(first17: str) -> str:
    total = sum(_USCC_CHARS.index(c) * w for c, w in zip(first17, _USCC_WEIGHTS, strict=True))
    return _USCC_CHARS[(31 - total % 31) % 31]


def validate_credit_code(value: str) -> None:
    """A 统一社会信用代码 (GB 32100-2015) with its check character."""
    value = normalize_id_number(value)
    if not _USCC_RE.match(value):
        raise ValidationError(
            _("统一社会信用代码应为18位数字或大写字母（不含I、O、Z、S、V）。"), code="format"
        )
    if credit_code_check(value[:17]) != value[17]:
        raise ValidationError(_("统一社会信用代码校验位错误，请核对。"), code="check_digit")


def validate_phone(value: str) -> None:
    value = normalize_phone(value)
    if not (_MOBILE_RE.match(value) or _LANDLINE_RE.match(value)):
        raise ValidationError(
            _("电话号码格式不正确：手机为11位（1开头），座机如 0746-1234567。"), code="phone"
        )


def mask_id_number(value: str) -> str:
    if not value:
        return ""
    return value[:4] + "*" * (len(value) - 8) + value[-4:] if len(value) > 8 else "*" * len(value)


def mask_phone(value: str) -> str:
    if not value:
        return ""
    if len(value) <= 7:
        return "*" * len(value)
    return value[:3] + "*" * (len(value) - 7) + value[-4:]


def mask_address(value: str) -> str:
    if not value:
        return ""
    return value[:6] + "****" if len(value) > 6 else value[:2] + "****"


# The masks of personal fields by field name (pii reveals them, audit masks them
# in the history; both read this one table).
MASKERS = {"id_number": mask_id_number, "phone": mask_phone, "address": mask_address}
