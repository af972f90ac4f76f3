"""Model shapes that several apps share, written once.

Each app used to spell these out field by field; the copies drifted apart only
by accident, never on purpose. Nothing here adds a column: the factories build
exactly the field a model declared before (same arguments, so no migration),
and `MaskedContact` adds only properties and the saving of blind indexes.
"""

from __future__ import annotations

from typing import Any, ClassVar, TypeVar, overload

from django.conf import settings
from django.db import models

from ..fields import with_blind_indexes
from ..reversing import reverse_ids
from ..validators import MASKERS


def user_ref(verbose_name: Any, **extra: Any) -> models.ForeignKey[Any, Any]:
    """An account named on a record: who created or edited it, who handles,
    reviews or answers for it.

    Always the same four decisions, which is why they live here: optional
    (scheduled jobs and the public act without an account), `SET_NULL` (a
    removed account never takes records with it), blank in forms, and no
    reverse accessor on the user (`related_name="+"`; a user would otherwise
    grow one per app and field). `extra` carries `help_text` and the like."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=verbose_name,
        **extra,
    )


_M = TypeVar("_M", bound=models.Model)


@overload
def ref(to: type[_M], verbose_name: Any, **extra: Any) -> models.ForeignKey[_M, _M]: ...
@overload
def ref(to: str, verbose_name: Any, **extra: Any) -> models.ForeignKey[Any, Any]: ...
def ref(to: Any, verbose_name: Any, **extra: Any) -> models.ForeignKey[Any, Any]:
    """A required link to a record the row cannot stand without (the unit, the
    person named, the category): `PROTECT`, since records are evidence and
    what they name is not deleted from under them, and no reverse accessor
    (`related_name="+"`), as `optional_ref` without the "optional". `extra`
    carries `help_text`, `db_index` and the like."""
    return models.ForeignKey(
        to, on_delete=models.PROTECT, related_name="+", verbose_name=verbose_name, **extra
    )


@overload
def optional_ref(
    to: type[_M],
    verbose_name: Any,
    *,
    on_delete: Any = ...,
    related_name: str = ...,
    **extra: Any,
) -> models.ForeignKey[_M | None, _M | None]: ...
@overload
def optional_ref(
    to: str,
    verbose_name: Any,
    *,
    on_delete: Any = ...,
    related_name: str = ...,
    **extra: Any,
) -> models.ForeignKey[Any, Any]: ...
def optional_ref(
    to: Any,
    verbose_name: Any,
    *,
    on_delete: Any = models.PROTECT,
    related_name: str = "+",
    **extra: Any,
) -> models.ForeignKey[Any, Any]:
    """An optional link to another record (a unit, a person, an earlier record).

    `null` and `blank` go together, so "optional" means the same in the
    database and in the form. `PROTECT` unless told otherwise: records are
    evidence, and a unit or person they name is not deleted from under them.
    No reverse accessor unless `related_name` names one."""
    return models.ForeignKey(
        to,
        on_delete=on_delete,
        null=True,
        blank=True,
        related_name=related_name,
        verbose_name=verbose_name,
        **extra,
    )


class MaskedContact(models.Model):
    """The masked forms of a record's personal contact data, as lists, detail
    pages and templates show them to roles that may not see them in full.

    A subclass has the fields it masks under the names `core.pii` reveals
    (`id_number`, `phone`, `address`); the masks are the ones `core.pii` and
    the audit trail use (`core.validators.MASKERS`), so a record shows the
    same masked value everywhere. Adds no column.

    The fields are encrypted (`core.fields.EncryptedCharField`), and those
    searched by equality have a blind index: `save(update_fields=["phone"])`
    also writes `phone_index`, so a partial save never leaves a stale index."""

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = with_blind_indexes(type(self), kwargs["update_fields"])
        super().save(*args, **kwargs)

    def masked(self, field: str) -> str:
        return MASKERS[field](getattr(self, field) or "")

    @property
    def id_number_masked(self) -> str:
        return self.masked("id_number")

    @property
    def phone_masked(self) -> str:
        return self.masked("phone")

    @property
    def address_masked(self) -> str:
        return self.masked("address")


class DetailPage(models.Model):
    """A record with a page of its own: `detail_view` names the URL pattern
    ("petitions:petition_detail") that takes the record's pk, and
    `get_absolute_url` reverses it, as Django's admin, the tables' linked
    cells and the workflow's reminders ask. Written once here instead of the
    same two lines in forty models (issue 16). Adds no column."""

    detail_view: ClassVar[str]

    class Meta:
        abstract = True

    def get_absolute_url(self) -> str:
        # Written into the pattern's shape: a list asks once a row.
        return reverse_ids(self.detail_view, [self.pk])
