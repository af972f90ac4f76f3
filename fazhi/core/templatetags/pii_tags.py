"""`{% pii obj "id_number" %}`: a personal value as every page shows it —
masked for every role (core.pii.masked) — and, for a role that may see it in
full, the "显示" button beside it. The button posts to core.views.reveal, which
asks for the reason in the value's place and shows the value once the reason
is given, audited with it (core.pii.reveal). Lists use the same HTML through
core.tables.PiiColumn.render; exports never do (PiiColumn.value,
core.pii.for_export).

    {% load pii_tags %}
    {% pii object "phone" %}
    {% pii row.party.person "id_number" label=_("身份证号码") %}
"""

from __future__ import annotations

from typing import Any

from django import template
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from fazhi.core import pii as core_pii
from fazhi.core.reversing import reverse_ids

register = template.Library()


def pii_html(obj: models.Model, field: str, user: Any, label: Any = None) -> SafeString | str:
    """The masked value (— when none is on record) and, for a PII role, the
    reveal button. The span holding both has an id unique on the page (content
    type, record, field) so that several records' values can sit in one list;
    the button's accessible name says what it shows ("显示完整联系电话")."""
    shown = core_pii.masked(obj, field)
    if not shown:
        return "—"
    if not getattr(user, "can_reveal_pii", False):
        return shown
    ct = ContentType.objects.get_for_model(obj).pk
    target = f"pii-{ct}-{obj.pk}-{field}"
    name = label if label is not None else _(core_pii.LABELS[field])
    # The button targets the span holding both the value and itself: the
    # reason form, then the value, take the place of both, so a value shown
    # in full has no second "显示" beside it asking again.
    return format_html(
        '<span id="{}" class="fz-pii"><span class="fz-pii-value">{}</span>'
        '<button type="button" class="btn btn-link btn-sm p-0 ms-1 align-baseline fz-reveal"'
        ' hx-post="{}" hx-target="#{}" hx-swap="innerHTML" aria-label="{}"'
        ' data-testid="reveal">{}</button></span>',
        target,
        shown,
        reverse_ids("core:reveal", [ct, obj.pk, field]),
        target,
        _("显示完整%(field)s") % {"field": name},
        _("显示"),
    )


@register.simple_tag(takes_context=True)
def pii(context: template.Context, obj: Any, field: str, label: Any = None) -> SafeString | str:
    """The value masked, with "显示" for a role that may see it (see module doc)."""
    if obj is None:
        return "—"
    request = context.get("request")
    user = getattr(request, "user", None) or context.get("user")
    return pii_html(obj, field, user, label)
