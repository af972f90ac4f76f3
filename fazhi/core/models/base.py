"""The data scope (one rule, everywhere) and the abstract base of scoped records."""

from __future__ import annotations

from typing import Any, ClassVar, Self

from django.apps import apps
from django.db import models
from django.utils.translation import gettext_lazy as _

from .mixins import ref, user_ref


def scope_prefix(user: Any) -> str | None:
    """The org-unit path prefix a user may see; "" means everything, None nothing."""
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    if user.is_superuser:
        return ""
    return user.scope_path()


def scope_unit_ids(user: Any, prefix: str) -> list[int]:
    """The ids of the units a user's scope covers, read once per user object
    (request.user lives for one request).

    Lists filter on these ids as literals: the planner then estimates from the
    `unit_id` column statistics how few rows a township holds and scans its
    index, where a sub-select or parameter array leaves it guessing (and, at a
    million rows, walking a date index backwards through the whole province)."""
    # By name, not import: org.py builds on this module (no import circle).
    OrgUnit = apps.get_model("core", "OrgUnit")
    cache: dict[str, list[int]] = user.__dict__.setdefault("_fazhi_scope_unit_ids", {})
    if prefix not in cache:
        cache[prefix] = list(
            OrgUnit.objects.filter(path__startswith=prefix).order_by().values_list("pk", flat=True)
        )
    return cache[prefix]


class ScopedQuerySet(models.QuerySet):
    """`visible_to(user)` is the single decision on what a user may see.

    A model names the path to its OrgUnit in `scope_field`; a user sees records
    of their home unit and every unit below it (`in_subtree`, see core/lookups.py).
    """

    def visible_to(self, user: Any) -> Self:
        prefix = scope_prefix(user)
        if prefix is None:
            return self.none()
        if prefix == "":
            return self
        scope_field = getattr(self.model, "scope_field", "unit")
        return self.filter(**{f"{scope_field}__in": scope_unit_ids(user, prefix)})

    def in_unit(self, unit: Any) -> Self:
        """Records of `unit` and the units below it (for indicators and roll-ups).

        Under a root unit (the province: every unit of the database, or most)
        a semi-join, `unit_id IN (SELECT id …)`, not the `in_subtree` array:
        PostgreSQL cannot see how many ids an array holds, estimates a few
        thousand rows, and walks the unit_id index through the whole table
        (the province roll-up at 10^6 petitions: 2.0 s for the petitions'
        figures against 1.1 s as a hash join over a parallel scan)."""
        if unit.parent_id is None:
            OrgUnit = apps.get_model("core", "OrgUnit")
            scope_field = getattr(self.model, "scope_field", "unit")
            subtree = OrgUnit.objects.filter(path__startswith=unit.path).order_by().values("pk")
            return self.filter(**{f"{scope_field}__in": subtree})
        return self.under(unit.path)

    def under(self, prefix: str) -> Self:
        scope_field = getattr(self.model, "scope_field", "unit")
        return self.filter(**{f"{scope_field}__in_subtree": prefix})


class ScopedManager(models.Manager.from_queryset(ScopedQuerySet)):  # type: ignore[misc]
    def visible_to(self, user: Any) -> Any:
        """`Model.objects.visible_to(user)`, the scope's conditions built once
        per user object (request.user lives for one request), as its unit ids
        are: a ledger page asks for the same scope three times (its rows, its
        count, a drop-down's sub-select) and building the conditions again,
        the scope's OR and a model's exclusions, was ~7 % of the petition
        ledger's time (docs/performance.md, "The scope built once"). Each
        caller gets its own copy to filter (`.all()`). Only the model's own
        managers keep it: a related manager (`petition.petitioners`) filters
        on its instance."""
        prefix = scope_prefix(user)
        if not prefix or self is not self.model._meta.managers_map.get(self.name):
            return self.get_queryset().visible_to(user)
        memo: dict[tuple[str, str, str], Any] = user.__dict__.setdefault("_fazhi_visible_to", {})
        key = (self.model._meta.label, self.name, prefix)
        if key not in memo:
            memo[key] = self.get_queryset().visible_to(user)
        return memo[key].all()


class ScopedModel(models.Model):
    """A record that belongs to an org unit, with who/when and an edit version.

    `version` guards against lost updates: an edit submitted against an older
    version is refused ("changed by X at T") instead of overwriting.
    """

    scope_field: ClassVar[str] = "unit"

    unit = ref("core.OrgUnit", _("所属单位"))
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("修改时间"), auto_now=True)
    created_by = user_ref(_("创建人"))
    updated_by = user_ref(_("修改人"))
    version = models.PositiveIntegerField(_("版本"), default=1, editable=False)

    objects = ScopedManager()

    class Meta:
        abstract = True


class TransitionRecord(models.Model):
    """State history as rows (Signalen style): who moved a record from what to
    what, when, and why. A subclass adds the foreign key to its record (and a
    business date `on` where the step has one); a model whose state is called
    something else overrides `from_status`/`to_status` with its own fields
    (e.g. `from_stage = ...; from_status = None`) and names them in
    `from_field`/`to_field`. Rows are written with `write`, by the workflow only.
    """

    from_field: ClassVar[str] = "from_status"
    to_field: ClassVar[str] = "to_status"

    from_status = models.CharField(_("原状态"), max_length=20, blank=True)
    to_status = models.CharField(_("新状态"), max_length=20)
    by = user_ref(_("操作人"))
    at = models.DateTimeField(_("记录时间"), auto_now_add=True)
    note = models.CharField(_("说明"), max_length=300, blank=True)

    class Meta:
        abstract = True
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{getattr(self, self.from_field)}→{getattr(self, self.to_field)}"

    @classmethod
    def write(cls, old: str, new: str, *, by: Any, note: str = "", **fields: Any) -> Self:
        """One history row from `old` to `new`. `by` is kept only when it is a
        signed-in user (scheduled jobs and the public leave it empty); the note
        is cut to the column's length."""
        limit = getattr(cls._meta.get_field("note"), "max_length", None)
        return cls._default_manager.create(
            **{cls.from_field: old, cls.to_field: new},
            by=by if getattr(by, "is_authenticated", False) else None,
            note=note[:limit] if limit else note,
            **fields,
        )
