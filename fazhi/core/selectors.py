"""Reads one domain app offers another, without either importing the other.

Domain apps never import each other (import-linter checks it, see
docs/architecture.md). Where one needs a read that another owns — publicity's
cadre ledger shows the 述法 that governance records, and the enforcement
training hours that enforcement records — the owner registers the selector
here from its registry.py, under a name of the form "app.selector", and the
reader asks for it by that name:

    # governance/registry.py
    selectors.provide("governance.law_reports_of", queries.law_reports_of)

    # publicity/queries.py
    law_reports_of = selectors.get("governance.law_reports_of")

`get` answers None while the owning app is not installed (a deployment without
enforcement), so the reader decides what to show instead of failing."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

_REGISTRY: dict[str, Callable[..., Any]] = {}


def provide(name: str, fn: Callable[..., Any]) -> None:
    """Offer `fn` under `name` ("app.selector"). Registering the same function
    again is harmless (registry modules may be imported twice in tests); a
    different function under a taken name is a programming error."""
    if "." not in name:
        raise ValueError(f"selector names read 'app.selector', not {name!r}")
    current = _REGISTRY.get(name)
    if current is not None and current is not fn and current.__qualname__ != fn.__qualname__:
        raise ValueError(f"selector {name!r} is already provided by {current.__module__}")
    _REGISTRY[name] = fn


def get(name: str) -> Callable[..., Any] | None:
    """The selector registered under `name`, or None if no app provides it."""
    return _REGISTRY.get(name)


def provided() -> list[str]:
    """The names on offer, for docs and tests."""
    return sorted(_REGISTRY)
