from typing import Any

from django import template

register = template.Library()


@register.filter
def get_item(mapping: Any, key: Any) -> Any:
    """`{{ dict|get_item:key }}` for dicts keyed by variables."""
    try:
        return mapping.get(key)
    except AttributeError:
        return None
