"""core.reversing.reverse_ids writes ids into a pattern reversed once: it
must give what Django's reverse gives, for every named pattern of the site,
and fall back to reverse where the shape is not plain."""

from __future__ import annotations

import pytest
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse
from django.urls.base import get_script_prefix, set_script_prefix
from django.utils import translation

from fazhi.core.reversing import _shapes, reverse_ids


def _named(patterns: list, prefix: str = "") -> list[tuple[str, list[str]]]:
    out = []
    for p in patterns:
        if isinstance(p, URLResolver):
            ns = f"{prefix}{p.namespace}:" if p.namespace else prefix
            out += _named(p.url_patterns, ns)
        elif isinstance(p, URLPattern) and p.name:
            converters = [type(c).__name__ for c in p.pattern.converters.values()]
            out.append((prefix + p.name, converters))
    return out


def _args(converters: list[str]) -> list[object] | None:
    args: list[object] = []
    for i, name in enumerate(converters):
        if name == "IntConverter":
            args.append(40 + i)
        elif name in ("StringConverter", "SlugConverter"):
            args.append(f"f{i}_x")
        else:
            return None
    return args


def test_every_named_pattern_reverses_as_django_does() -> None:
    checked = 0
    for name, converters in _named(get_resolver().url_patterns):
        args = _args(converters)
        if args is None:
            continue
        try:
            want = reverse(name, args=args)
        except NoReverseMatch:
            with pytest.raises(NoReverseMatch):
                reverse_ids(name, args)
            continue
        assert reverse_ids(name, args) == want, name
        assert reverse_ids(name, args) == want, name  # from the shape kept
        checked += 1
    assert checked > 100


def test_ids_of_any_length_and_the_field_name() -> None:
    for ids in ([0, 5, "id_number"], [12, 987654321012, "phone"], [3, 3, "address"]):
        assert reverse_ids("core:reveal", ids) == reverse("core:reveal", args=ids)


def test_what_is_not_a_plain_id_goes_to_reverse() -> None:
    with pytest.raises(NoReverseMatch):
        reverse_ids("core:reveal", [-1, 2, "phone"])  # int converter: no minus sign
    with pytest.raises(NoReverseMatch):
        reverse_ids("core:reveal", ["a", 2, "phone"])
    with pytest.raises(NoReverseMatch):
        reverse_ids("core:reveal", [True, 2, "phone"])  # reverse's own answer
    text = "名 字/?"  # quoted by reverse, kept as reverse quotes it
    with pytest.raises(NoReverseMatch):
        reverse_ids("core:reveal", [1, 2, text])


def test_the_script_prefix_and_language_are_part_of_the_shape() -> None:
    before = get_script_prefix()
    try:
        want = reverse("core:reveal", args=[1, 2, "phone"])
        assert reverse_ids("core:reveal", [1, 2, "phone"]) == want
        set_script_prefix("/fazhi/")
        assert reverse_ids("core:reveal", [1, 2, "phone"]) == "/fazhi" + want
        with translation.override("en"):
            assert reverse_ids("core:reveal", [1, 2, "phone"]) == reverse(
                "core:reveal", args=[1, 2, "phone"]
            )
    finally:
        set_script_prefix(before)


def test_no_record_or_value_is_kept() -> None:
    _shapes.clear()
    reverse_ids("core:reveal", [1, 2, "phone"])
    reverse_ids("core:reveal", [3, 4, "phone"])
    assert len(_shapes) == 1
    (shape,) = _shapes.values()
    assert shape is not None
    assert not any(str(n) in "".join(shape) for n in (1, 2, 3, 4))
