"""Rules a township may change (LAW.md items tagged [S] or UNCONFIRMED).

Each module declares its settings with the default from LAW.md and the source;
`get(unit, key)` returns the nearest override up the unit tree, else the default.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from . import batch
from .models import OrgUnit, Setting


@dataclass(frozen=True)
class RuleSetting:
    key: str
    default: Any
    label: str
    source: str


REGISTRY: dict[str, RuleSetting] = {}


def declare(key: str, default: Any, label: str, source: str) -> RuleSetting:
    setting = RuleSetting(key=key, default=default, label=label, source=source)
    REGISTRY[key] = setting
    return setting


def get(unit: OrgUnit | None, key: str) -> Any:
    declared = REGISTRY[key]
    if unit is None:
        return declared.default
    # The deepest unit on the path with an override wins: a township can differ
    # from its county's default.
    row = batch.memo(
        ("setting", unit.pk, key),
        lambda: (
            Setting.objects.filter(key=key, unit__in=unit.ancestors())
            .order_by("-unit__depth")
            .values_list("value", flat=True)
            .first()
        ),
    )
    return declared.default if row is None else row


def get_many(units: Iterable[OrgUnit], key: str) -> dict[int, Any]:
    """`get` for many units in one query (a roll-up's townships): every
    override of the key, the deepest on each unit's path winning."""
    declared = REGISTRY[key]
    overrides = dict(Setting.objects.filter(key=key).values_list("unit__path", "value"))
    out: dict[int, Any] = {}
    for unit in units:
        deepest = max((p for p in overrides if unit.path.startswith(p)), key=len, default=None)
        out[unit.pk] = declared.default if deepest is None else overrides[deepest]
    return out


def setting_source(key: str) -> str:
    return REGISTRY[key].source
