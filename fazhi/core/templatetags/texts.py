"""`{{ text|shown }}`: Chinese text stored on a row (a clock's label and
explanation, a history row's note) in the reader's language (core.i18n).

    {% load texts %}
    {{ clock.label|shown }}
"""

from __future__ import annotations

from typing import Any

from django import template

from fazhi.core.i18n import shown as shown_text

register = template.Library()


@register.filter
def shown(value: Any) -> str:
    return shown_text(value)
