"""Who may be given new work: nobody who has left (离职、调离).

Departure is recorded where each kind of person is kept: an account is
deactivated by the security administrator (`User.is_active`); a person whose
account is deactivated has left with it; a person (with an account or
without one, as most village cadres are) has a 离职日期 (`Person.departed_on`,
recorded by `core.workflow.record_departure`) and is gone from that day on;
an enforcement officer is no longer 在岗 (`enforcement.Officer.is_active`,
given by that app as a `Q`).

A form that gives someone work — a task's 责任人, a case's officers, a
matter's 承办人 — offers only those still serving (`offer_serving`). A record
that already names someone who has since left keeps them: its form offers its
current value too, and saves it unchanged. Choosing someone who has left is
refused on the field, in words that name them and the field, not as the
generic “not in your scope” (they are in scope; they have left).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Model, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _


def serving_people(today: dt.date | None = None, prefix: str = "") -> Q:
    """People (`prefix`: the path to a Person, e.g. "person__") still serving
    on `today`: their account, if any, not deactivated, and no 离职日期 on or
    before today (a departure entered ahead takes effect on its day)."""
    today = today or timezone.localdate()
    return ~Q(**{f"{prefix}user__is_active": False}) & (
        Q(**{f"{prefix}departed_on__isnull": True}) | Q(**{f"{prefix}departed_on__gt": today})
    )


def serving_accounts(today: dt.date | None = None) -> Q:
    """Accounts still serving on `today`: active, and their person (if any)
    not departed."""
    today = today or timezone.localdate()
    return Q(is_active=True) & (
        Q(person__isnull=True)
        | Q(person__departed_on__isnull=True)
        | Q(person__departed_on__gt=today)
    )


def departed_message(names: Iterable[str], field_label: Any) -> str:
    """Led by the field's label, as the API's messages are (core.api.form_errors
    adds none then): 责任人“冯志强”已离职或调离，请另选他人。"""
    return _("%(field)s%(names)s已离职或调离，请另选他人。") % {
        "field": field_label,
        "names": "、".join(f"“{name}”" for name in names),
    }


def offer_serving(field: forms.Field | None, serving: Q, current: Iterable[Any] = ()) -> None:
    """Narrow a choice of people (its queryset already the user's scope) to
    those `serving`, plus `current` (the record's present value or values,
    which stay selectable and save unchanged). A posted choice that is in the
    scope but has left is refused naming them and the field."""
    if not isinstance(field, forms.ModelChoiceField):
        return
    scope: QuerySet[Any] = field.queryset  # type: ignore[assignment]
    keep = [pk for pk in current if pk is not None]
    field.queryset = scope.filter(serving | Q(pk__in=keep))
    field.__class__ = _serving_class(type(field))
    field.departed = scope.exclude(serving).exclude(pk__in=keep)  # type: ignore[attr-defined]


class _RefusesDeparted:
    """Mixed into a narrowed field's class by `offer_serving`: a value the
    field no longer offers is looked up among those who left before the
    field's own refusal (not found, out of scope) is given."""

    departed: QuerySet[Any]
    label: Any

    def to_python(self, value: Any) -> Any:
        try:
            return super().to_python(value)  # type: ignore[misc]
        except ValidationError as exc:
            if exc.code == "invalid_choice":
                self._refuse_departed([value])
            raise

    def _check_values(self, value: Any) -> Any:
        try:
            return super()._check_values(value)  # type: ignore[misc]
        except ValidationError as exc:
            if exc.code == "invalid_choice":
                self._refuse_departed(value)
            raise

    def _refuse_departed(self, values: Iterable[Any]) -> None:
        ids = [int(v) for v in values if str(v).strip().isdigit() and len(str(v)) < 19]
        gone = list(self.departed.filter(pk__in=ids)) if ids else []
        if gone:
            label_of = getattr(self, "label_from_instance", str)
            raise ValidationError(
                departed_message([label_of(o) for o in gone], self.label or ""),
                code="departed",
            )


_CLASSES: dict[type[Any], type[Any]] = {}


def _serving_class(cls: type[Any]) -> type[Any]:
    """The field's class with `_RefusesDeparted` mixed in (one per class)."""
    if issubclass(cls, _RefusesDeparted):
        return cls
    if cls not in _CLASSES:
        _CLASSES[cls] = type(f"Serving{cls.__name__}", (_RefusesDeparted, cls), {})
    return _CLASSES[cls]


def changed(record: Model, field: str) -> bool:
    """`record`'s foreign key `field` differs from what is stored (a new
    record: always): a rule about who may be chosen applies to a new choice,
    not to one a record already holds."""
    value = getattr(record, f"{field}_id")
    if record.pk is None:
        return value is not None
    stored = (
        type(record)._default_manager.filter(pk=record.pk).values_list(f"{field}_id", flat=True)
    )
    return value is not None and list(stored) != [value]
