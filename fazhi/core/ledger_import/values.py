"""Cell values as real ledgers hold them, parsed or refused with a message
the clerk can act on. Each parser raises `ValueError` with the reason (the
caller names the column) and returns warnings alongside where a value is
accepted but doubtful (an ID number whose check digit is wrong)."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_noop

from .. import inputs
from ..i18n import stored
from ..validators import (
    id_check_digit,
    normalize_id_number,
    normalize_phone,
    validate_id_number,
    validate_phone,
)

# Excel's 1900 date system (with its 1900-02-29 that never was): serial 1 is
# 1900-01-01, and every serial from 61 on counts from 1899-12-30.
_EXCEL_EPOCH = dt.date(1899, 12, 30)
# Serials from 1950 to 2100: a bare number outside is not a date in a ledger.
_SERIAL_MIN, _SERIAL_MAX = 18264, 73051

_DATE_RE = re.compile(
    r"^\s*(\d{4})\s*[年./\-－—]\s*(\d{1,2})\s*[月./\-－—]\s*(\d{1,2})\s*日?\s*"
    r"(?:\d{1,2}[:：]\d{2}(?:[:：]\d{2})?)?\s*$"
)
_COMPACT_DATE_RE = re.compile(r"^\s*(\d{4})(\d{2})(\d{2})\s*$")
_SERIAL_RE = re.compile(r"^\s*(\d{5})(?:\.0+)?\s*$")
_SCIENTIFIC_RE = re.compile(r"^\s*\d(?:\.\d+)?[eE]\+?\d+\s*$")
_ID_SHAPE_RE = re.compile(r"^\d{17}[\dX]$")


def text(value: Any) -> str:
    """A cell as text: None is empty, a whole float loses its `.0`."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).replace("\u3000", " ").strip()


def parse_date(value: Any, *, ahead: bool | None = None) -> dt.date | None:
    """2024.3.5, 2024/3/5, 2024-03-05, 2024年3月5日, 20240305, an Excel serial
    number (45356) or a date cell; empty is None. A date that does not exist
    (2024-02-30) is refused, never moved to a neighbouring day. With `ahead`
    given (the engine asks by the column's key; a kind reading a date out of
    a text cell asks False), so is one outside the forms' rule (core.inputs):
    before 1949-10-01, after tomorrow for something that has happened, past
    the horizon for one that may lie ahead."""
    day = _parse_date(value)
    if day is not None and ahead is not None:
        problem = inputs.date_problem(day, ahead=ahead)
        if problem is not None:
            message, params = problem
            raise ValueError(stored(message, what=gettext_noop("日期"), **params))
    return day


def _parse_date(value: Any) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return _from_serial(float(value))
    raw = text(value)
    if not raw:
        return None
    match = _DATE_RE.match(raw) or _COMPACT_DATE_RE.match(raw)
    if match:
        year, month, day = (int(g) for g in match.groups())
        try:
            return dt.date(year, month, day)
        except ValueError:
            raise ValueError(stored(gettext_noop("日期“%(raw)s”不存在"), raw=raw)) from None
    serial = _SERIAL_RE.match(raw)
    if serial:
        return _from_serial(float(serial.group(1)))
    raise ValueError(
        stored(
            gettext_noop("“%(raw)s”不是可识别的日期（可写作 2024-03-05、2024.3.5、2024年3月5日）"),
            raw=raw,
        )
    )


def _from_serial(serial: float) -> dt.date:
    if not serial.is_integer() and serial != int(serial):
        serial = float(int(serial))  # the time of day is not kept
    if not _SERIAL_MIN <= serial <= _SERIAL_MAX:
        raise ValueError(stored(gettext_noop("数字“%(raw)s”不是可识别的日期"), raw=text(serial)))
    return _EXCEL_EPOCH + dt.timedelta(days=int(serial))


def parse_id_number(value: Any) -> tuple[str, list[str]]:
    """A citizen ID number (GB 11643-1999) as text; empty is "". A number cell
    or scientific notation (4.31127E+17) is refused: Excel keeps 15 significant
    digits, so the last ones are already lost. A lower-case x check digit is
    accepted as X; a wrong check digit is accepted with a warning (the ledger
    is the record; the clerk checks it against the person)."""
    if value is None or value == "":
        return "", []
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        raise ValueError(
            gettext_noop(
                "身份证号码被 Excel 存成了数字，末几位已丢失；请把该列设为“文本”后按原件重新录入"
            )
        )
    # Half-width (a number typed with a Chinese IME: １２３…Ｘ), no spaces.
    raw = normalize_id_number(text(value)).replace(" ", "")
    if raw.startswith("'"):
        raw = raw[1:]
    if _SCIENTIFIC_RE.match(raw):
        raise ValueError(
            stored(
                gettext_noop(
                    "身份证号码“%(raw)s”是科学计数法，末几位已丢失；"
                    "请把该列设为“文本”后按原件重新录入"
                ),
                raw=raw,
            )
        )
    if not _ID_SHAPE_RE.match(raw):
        raise ValueError(
            stored(
                gettext_noop("身份证号码“%(raw)s”应为18位，前17位为数字，最后一位为数字或X"),
                raw=raw,
            )
        )
    try:
        validate_id_number(raw)
    except ValidationError as exc:
        if exc.code == "check_digit":
            expected = id_check_digit(raw[:17])
            return raw, [
                # The one warning the row gets: every kind leaves the number out.
                stored(
                    gettext_noop(
                        "身份证号码校验位应为%(digit)s，未录入身份证号码，请核对原件后在系统中补录"
                    ),
                    digit=expected,
                )
            ]
        raise ValueError(
            stored(gettext_noop("身份证号码“%(raw)s”：%(error)s"), raw=raw, error=exc.messages[0])
        ) from None
    return raw, []


def parse_phone(value: Any) -> tuple[str, list[str]]:
    """A phone number as text; a malformed one is kept with a warning (old
    ledgers hold extensions and notes), a number cell is read as its digits."""
    raw = normalize_phone(text(value))
    if not raw:
        return "", []
    try:
        validate_phone(raw)
    except ValidationError:
        return raw[:20], [stored(gettext_noop("电话号码“%(raw)s”格式不规范，请核对"), raw=raw)]
    return raw, []


def parse_int(value: Any) -> int | None:
    raw = text(value)
    if not raw:
        return None
    raw = raw.rstrip("人名户次")
    try:
        return int(Decimal(raw))
    except (InvalidOperation, ValueError):
        raise ValueError(stored(gettext_noop("“%(raw)s”不是整数"), raw=raw)) from None


def parse_decimal(value: Any) -> Decimal | None:
    raw = text(value).replace(",", "").replace("，", "").rstrip("元")
    if not raw:
        return None
    try:
        return Decimal(raw)
    except InvalidOperation:
        raise ValueError(stored(gettext_noop("“%(raw)s”不是金额"), raw=raw)) from None


def parse_bool(value: Any) -> bool | None:
    raw = text(value)
    if not raw:
        return None
    if raw in {"是", "已", "已化解", "化解", "√", "Y", "y", "1", "true", "True"}:
        return True
    if raw in {"否", "未", "未化解", "×", "N", "n", "0", "false", "False"}:
        return False
    raise ValueError(stored(gettext_noop("“%(raw)s”应为“是”或“否”"), raw=raw))


def parse_choice(value: Any, choices: dict[str, str]) -> str | None:
    """A label (or one that contains it: “来访（集体）”) to its stored value."""
    raw = text(value)
    if not raw:
        return None
    choices = {str(k): str(v) for k, v in choices.items()}
    if raw in choices:
        return choices[raw]
    for label, code in sorted(choices.items(), key=lambda kv: -len(kv[0])):
        if label and (label in raw or raw in label):
            return code
    raise ValueError(
        stored(
            gettext_noop("“%(raw)s”不是可选值（%(choices)s）"),
            raw=raw,
            choices="、".join(dict.fromkeys(choices)),
        )
    )


def id_number_valid(value: str) -> bool:
    """Whether an ID number parsed (possibly with a warning) passes GB 11643
    in full: the workflows store only those."""
    try:
        validate_id_number(value)
    except ValidationError:
        return False
    return True
