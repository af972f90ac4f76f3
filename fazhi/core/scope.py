"""Scope helpers over the one rule in ScopedQuerySet.visible_to."""

from __future__ import annotations

from typing import Any, TypeVar

from django.db import models
from django.http import Http404

from . import batch
from .models import OrgUnit, scope_prefix

M = TypeVar("M", bound=models.Model)


def units_visible_to(user: Any) -> models.QuerySet[OrgUnit]:
    prefix = scope_prefix(user)
    if prefix is None:
        return OrgUnit.objects.none()
    return OrgUnit.objects.filter(path__startswith=prefix)


def unit_in_scope(user: Any, unit: OrgUnit | None) -> bool:
    """Whether `unit` is one of `user`'s units: the rule every write into a
    unit checks (asked once per unit in a `core.batch.run()`, an import)."""
    if unit is None or unit.pk is None:
        return False
    prefix = scope_prefix(user)
    if prefix is None:
        return False
    return batch.memo(
        ("in-scope", prefix, unit.pk),
        lambda: OrgUnit.objects.filter(path__startswith=prefix, pk=unit.pk).exists(),
    )


def get_visible_or_404(model: type[M], user: Any, **lookup: Any) -> M:
    """The record if the user may see it; otherwise 404, never 403, so that a
    record's existence outside one's scope is not revealed."""
    try:
        return model.objects.visible_to(user).get(**lookup)  # type: ignore[attr-defined]
    except model.DoesNotExist:  # type: ignore[attr-defined]
        raise Http404 from None
