"""The data scope (one rule, everywhere) and the abstract base of scoped records."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar, Self

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from .org import User


def scope_prefix(user: Any) -> str | None:
    """The org-unit path prefix a user may see; "" means everything, None nothing."""
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    if user.is_superuser:
        return ""
    return user.scope_path()


def units_under(prefix: str) -> models.QuerySet[Any]:
    """The ids of the units whose path starts with `prefix`, as a subquery.

    Records filter on `unit_id IN (this)` rather than joining OrgUnit and
    testing its path: the planner then drives from the records' own `unit_id`
    index (a township is a handful of units among millions of records), and
    OR-ed scopes (held by / assigned to) stay index lookups."""
    from .org import OrgUnit

    return OrgUnit.objects.filter(path__startswith=prefix).values("pk")


class ScopedQuerySet(models.QuerySet):
    """`visible_to(user)` is the single decision on what a user may see.

    A model names the path to its OrgUnit in `scope_field`; a user sees records
    of their home unit and every unit below it (an indexed subquery on the path).
    """

    def visible_to(self, user: User | Any) -> Self:
        prefix = scope_prefix(user)
        if prefix is None:
            return self.none()
        if prefix == "":
            return self
        return self.under(prefix)

    def in_unit(self, unit: Any) -> Self:
        """Records of `unit` and the units below it (for indicators and roll-ups)."""
        return self.under(unit.path)

    def under(self, prefix: str) -> Self:
        scope_field = getattr(self.model, "scope_field", "unit")
        return self.filter(**{f"{scope_field}__in": units_under(prefix)})


class ScopedManager(models.Manager.from_queryset(ScopedQuerySet)):  # type: ignore[misc]
    pass


class ScopedModel(models.Model):
    """A record that belongs to an org unit, with who/when and an edit version.

    `version` guards against lost updates: an edit submitted against an older
    version is refused ("changed by X at T") instead of overwriting.
    """

    scope_field: ClassVar[str] = "unit"

    unit = models.ForeignKey(
        "core.OrgUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("所属单位")
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("修改时间"), auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("创建人"),
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("修改人"),
    )
    version = models.PositiveIntegerField(_("版本"), default=1, editable=False)

    objects = ScopedManager()

    class Meta:
        abstract = True
