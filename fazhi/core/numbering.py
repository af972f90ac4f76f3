"""Case numbers in the official style, e.g. 湘源信〔2024〕12号.

One counter row per issuer, kind and year, taken under a row lock inside the
caller's transaction: numbers are gap-free as long as the caller's transaction
commits, and two clerks creating at once never get the same number.

The issuer is the unit whose short form heads the number. An office inside a
township (综合行政执法队, 司法所 …) issues in the township's name: its
inspection reads 湘源综执检〔2026〕1号, not 综合行政执法队综执检〔2026〕1号, and
shares the township's counter, so two offices never draw the same number.
"""

from __future__ import annotations

from django.db import transaction

from .models import NumberSequence, OrgUnit


def issuer(unit: OrgUnit) -> OrgUnit:
    """The unit a number is issued in the name of: the unit itself when it has
    a short form (文号简称) or is not an office; an office's township otherwise."""
    if unit.abbreviation or unit.kind != OrgUnit.Kind.DEPARTMENT:
        return unit
    return unit.township() or unit


def next_value(unit: OrgUnit, kind: str, year: int) -> int:
    return next_block(unit, kind, year, 1)


def next_block(unit: OrgUnit, kind: str, year: int, count: int) -> int:
    """The first of `count` consecutive values, the counter locked and
    advanced once by `count` (a ledger import numbers a batch of rows so)."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("next_value must run inside the transaction that stores the number")
    # Create the counter if it is the year's first number; a concurrent creator
    # loses the race harmlessly (ignore_conflicts) and both then lock the row.
    NumberSequence.objects.bulk_create(
        [NumberSequence(unit=unit, kind=kind, year=year, last_value=0)], ignore_conflicts=True
    )
    seq = NumberSequence.objects.select_for_update().get(unit=unit, kind=kind, year=year)
    first = seq.last_value + 1
    seq.last_value += count
    seq.save(update_fields=["last_value"])
    return first


def format_number(unit: OrgUnit, word: str, year: int, value: int) -> str:
    """GB/T 9704 §7.2.4: issuer's abbreviation, year in 〔〕, serial number without padding."""
    return f"{unit.abbreviation or unit.name}{word}〔{year}〕{value}号"


def next_number(unit: OrgUnit, kind: str, year: int, word: str) -> str:
    """The next number of `kind` for a record of `unit`, in its issuer's short form."""
    by = issuer(unit)
    return format_number(by, word, year, next_value(by, kind, year))
