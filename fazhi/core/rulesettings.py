"""Rules a township may change (LAW.md items tagged [S] or UNCONFIRMED).

Each module declares its settings with the default from LAW.md and the source;
`get(unit, key)` returns the nearest override up the unit tree, else the default.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

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
    row = (
        Setting.objects.filter(key=key, unit__in=unit.ancestors())
        .order_by("-unit__depth")
        .values_list("value", flat=True)
        .first()
    )
    return declared.default if row is None else row


def setting_source(key: str) -> str:
    return REGISTRY[key].source
