"""Model fields that keep citizens' identities encrypted in the database
(PIPL art. 51; docs/security.md, "Encryption of personal information").

`EncryptedCharField`: the Python value is the plaintext (forms, validators,
masking and `core.pii` see the number as before, `max_length` bounds the
plaintext); the column is a text column holding `core.crypto.encrypt`'s
token. It cannot be searched by value: an `exact`/`in` lookup with a value
other than "" raises instead of silently matching nothing, and the other
lookups (`icontains`, `startswith` …) do not exist on it.

`BlindIndexField`: the companion column of a field that must be found by
equality (ID number, phone): `core.crypto.blind_index(kind, plaintext)`,
computed on every save from the source field. Search with
`Model.objects.filter(**by_blind_index("id_number", value))` (through a
relation: `by_blind_index("id_number", value, prefix="petitioners__")`).

A model with blind-indexed fields saves its index columns along with their
sources when `save(update_fields=…)` names only the source: `MaskedContact`
does that for the models that carry personal data (`with_blind_indexes`).
`QuerySet.update(phone=…)` and `bulk_update` bypass it: write personal data
through `save()`.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import FieldError
from django.db import models
from django.db.models.lookups import Exact, In, IsNull

from . import crypto

INDEX_SUFFIX = "_index"


def _refuse(field: Any, lookup: str) -> FieldError:
    return FieldError(
        f"{field.model.__name__}.{field.name} is encrypted: a {lookup} lookup by value "
        f"cannot match; use by_blind_index({field.name!r}, value) (core.fields)."
    )


class EncryptedExact(Exact):
    """Only `field=""` (blank) can be compared in the database."""

    def get_prep_lookup(self) -> Any:
        if self.rhs not in ("", None) and not hasattr(self.rhs, "resolve_expression"):
            raise _refuse(self.lhs.output_field, "exact")
        return super().get_prep_lookup()


class EncryptedIn(In):
    def get_prep_lookup(self) -> Any:
        if not hasattr(self.rhs, "resolve_expression") and any(
            v not in ("", None) for v in self.rhs
        ):
            raise _refuse(self.lhs.output_field, "in")
        return super().get_prep_lookup()


class EncryptedCharField(models.CharField):  # type: ignore[type-arg]
    """Plaintext in Python, an SM4-GCM token (`v<n>:…`) in a text column."""

    description = "Encrypted text (SM4-GCM, core.crypto)"
    ALLOWED_LOOKUPS = {"exact": EncryptedExact, "in": EncryptedIn, "isnull": IsNull}

    def get_internal_type(self) -> str:
        # The token is longer than the plaintext (base64 of nonce, text, tag):
        # a text column, whatever the plaintext's max_length.
        return "TextField"

    def get_lookup(self, lookup_name: str) -> Any:
        return self.ALLOWED_LOOKUPS.get(lookup_name)

    def get_transform(self, lookup_name: str) -> Any:
        return None

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> Any:
        if value is None or value == "":
            return value
        return crypto.decrypt(value)

    def get_db_prep_save(self, value: Any, connection: Any) -> Any:
        value = self.get_prep_value(value)
        if value is None or value == "":
            return value
        return crypto.encrypt(str(value))


class BlindIndexField(models.CharField):  # type: ignore[type-arg]
    """HMAC-SM3 of another field's normalised plaintext (hex, 64 characters),
    "" when that field is blank. Computed on save, never edited."""

    description = "Blind index (HMAC-SM3, core.crypto)"

    def __init__(self, *args: Any, source: str = "", kind: str = "", **kwargs: Any) -> None:
        self.source = source
        self.kind = kind or source
        kwargs.setdefault("max_length", 64)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("default", "")
        kwargs.setdefault("editable", False)
        kwargs.setdefault("db_index", True)
        super().__init__(*args, **kwargs)

    def deconstruct(self) -> Any:
        name, path, args, kwargs = super().deconstruct()
        kwargs["source"] = self.source
        if self.kind != self.source:
            kwargs["kind"] = self.kind
        for key, value in (("max_length", 64), ("blank", True), ("default", "")):
            if kwargs.get(key) == value:
                del kwargs[key]
        kwargs.pop("editable", None)  # always False
        if kwargs.get("db_index") is True:
            del kwargs["db_index"]
        else:
            kwargs["db_index"] = False
        return name, path, args, kwargs

    def pre_save(self, model_instance: models.Model, add: bool) -> str:
        value = crypto.blind_index(self.kind, getattr(model_instance, self.source) or "")
        setattr(model_instance, self.attname, value)
        return value


def blind_index_fields(model: type[models.Model]) -> list[BlindIndexField]:
    return [f for f in model._meta.concrete_fields if isinstance(f, BlindIndexField)]


def with_blind_indexes(model: type[models.Model], update_fields: Iterable[str]) -> list[str]:
    """`update_fields` plus the index column of every source it names."""
    names = list(update_fields)
    for f in blind_index_fields(model):
        if f.source in names and f.name not in names:
            names.append(f.name)
    return names


def by_blind_index(field: str, value: str, *, prefix: str = "") -> dict[str, Any]:
    """Filter arguments that find `value` in the encrypted `field` by its
    blind index: ``Person.objects.filter(**by_blind_index("id_number", v))``.
    A blank value matches nothing (a blank number is no one's number)."""
    digest = crypto.blind_index(field, value)
    if not digest:
        return {f"{prefix}pk__in": []}
    return {f"{prefix}{field}{INDEX_SUFFIX}": digest}


def by_blind_index_in(field: str, values: Iterable[str], *, prefix: str = "") -> dict[str, Any]:
    """The same for any of several values (`__in` over their indexes)."""
    digests = sorted({d for d in (crypto.blind_index(field, v) for v in values) if d})
    return {f"{prefix}{field}{INDEX_SUFFIX}__in": digests}
