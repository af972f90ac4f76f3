"""A form page that works offline says so on its <form> (static/js/offline.js
queues it in IndexedDB when there is no signal; core.offline)."""

from __future__ import annotations

from django import template
from django.utils.html import format_html_join
from django.utils.safestring import SafeString

from ..views_offline import form_attrs

register = template.Library()


@register.simple_tag(takes_context=True)
def offline_form_attrs(context: template.Context) -> SafeString:
    request = context.get("request")
    match = getattr(request, "resolver_match", None)
    if match is None or not match.view_name:
        return SafeString("")
    attrs = form_attrs(match.view_name, match.kwargs)
    return format_html_join("", ' {}="{}"', attrs.items())


@register.simple_tag(takes_context=True)
def offline_form(context: template.Context) -> bool:
    """Whether this form page works offline (it then takes photos as well)."""
    request = context.get("request")
    match = getattr(request, "resolver_match", None)
    return bool(match is not None and match.view_name and form_attrs(match.view_name, match.kwargs))
