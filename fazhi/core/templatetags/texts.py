"""`{{ text|shown }}`: Chinese text stored on a row (a clock's label and
explanation, a history row's note) in the reader's language (core.i18n).
`{{ citation|glossed }}`: a legal basis with the laws' titles kept in Chinese
and their English names beside them in English (core.i18n.glossed).

    {% load texts %}
    {{ clock.label|shown }}
    {{ clock.legal_basis|glossed }}
"""

from __future__ import annotations

from typing import Any

from django import template

from fazhi.core.errors import labelled as labelled_text
from fazhi.core.i18n import glossed as glossed_text
from fazhi.core.i18n import shown as shown_text

register = template.Library()


@register.filter
def shown(value: Any) -> str:
    return shown_text(value)


@register.filter
def glossed(value: Any) -> str:
    return glossed_text(value)


@register.filter
def labelled(error: Any, label: Any) -> str:
    """`{{ e|labelled:field.label }}`: a field's error under its label, once
    (core.errors.labelled)."""
    return labelled_text(error, label)
