"""`reverse` for the URLs a list draws on every row (a record's page, a
personal value's "显示" button): the pattern is reversed once with
placeholder numbers and the row's ids are written into its shape.

Django's `reverse` matches the pattern's regular expression and quotes the
arguments on every call; a ledger page of 25 rows spent ~2 ms of its CPU on it
(docs/performance.md, "Through a real server"). Only the URL's shape is kept
(never a record or a value): per view name, the text arguments given (a field
name), the script prefix, the URL configuration and the language, so it is
never stale for a request. Whole numbers are written in; any other argument,
or a pattern whose shape is not plain (a converter that rewrites or refuses a
number), goes to `reverse` as before.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.core.signals import setting_changed
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.translation import get_language

# Placeholders for the whole-number arguments: long enough that none occurs
# in a URL by chance; the shape is checked against a second reverse with
# small numbers before it is used.
_PLACEHOLDER = 804_731_962_519
_CHECK = 7
_LIMIT = 10**15
_MAX_SHAPES = 2048

_Shape = tuple[str, ...]  # the URL's text between the whole-number arguments
_shapes: dict[tuple[Any, ...], _Shape | None] = {}


def reverse_ids(viewname: str, args: Sequence[Any]) -> str:
    """`reverse(viewname, args=args)`, the same text, with whole-number
    arguments written into the view's URL shape."""
    slots = []
    fixed: list[Any] = []
    for arg in args:
        if type(arg) is int and 0 <= arg < _LIMIT:
            slots.append(arg)
            fixed.append(None)
        elif type(arg) is str:
            fixed.append(arg)
        else:
            return reverse(viewname, args=args)
    key = (
        viewname,
        tuple(fixed),
        get_script_prefix(),
        get_urlconf(settings.ROOT_URLCONF),
        get_language(),
    )
    try:
        shape = _shapes[key]
    except KeyError:
        shape = _shape(viewname, fixed)
        if len(_shapes) >= _MAX_SHAPES:
            _shapes.clear()
        _shapes[key] = shape
    if shape is None:
        return reverse(viewname, args=args)
    return _written(shape, slots)


def _written(shape: _Shape, numbers: list[int]) -> str:
    parts = [shape[0]]
    for number, text in zip(numbers, shape[1:], strict=True):
        parts.append(str(number))
        parts.append(text)
    return "".join(parts)


def _shape(viewname: str, fixed: list[Any]) -> _Shape | None:
    placeholders = [_PLACEHOLDER + i for i in range(len(fixed))]
    try:
        url = reverse(viewname, args=_filled(fixed, placeholders))
    except Exception:  # the real arguments may still reverse: reverse says
        return None
    shape: list[str] = []
    rest = url
    for i, arg in enumerate(fixed):
        if arg is not None:
            continue
        before, found, after = rest.partition(str(placeholders[i]))
        if not found or str(placeholders[i]) in after:
            return None
        shape.append(before)
        rest = after
    shape.append(rest)
    # A converter that refuses or rewrites a small number shows here.
    small = [_CHECK + i for i in range(len(fixed))]
    try:
        checked = reverse(viewname, args=_filled(fixed, small))
    except Exception:
        return None
    numbers = [n for n, arg in zip(small, fixed, strict=True) if arg is None]
    return tuple(shape) if checked == _written(tuple(shape), numbers) else None


def _filled(fixed: list[Any], numbers: list[int]) -> list[Any]:
    return [number if arg is None else arg for arg, number in zip(fixed, numbers, strict=True)]


def _forget(**kwargs: Any) -> None:
    _shapes.clear()


setting_changed.connect(_forget)
