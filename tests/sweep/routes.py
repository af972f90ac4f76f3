"""Every URL pattern of the site, for the sweeps that walk them all (the
render sweep, the scope matrix, the bad-input sweeps)."""

from __future__ import annotations

from collections.abc import Iterator

from django.urls import URLPattern, URLResolver, get_resolver


def url_patterns() -> Iterator[tuple[str, str | None, URLPattern]]:
    """(route, namespace, pattern) of every pattern, the includes walked in
    the order Django resolves them."""

    def walk(
        resolver: URLResolver, prefix: str, namespace: str | None
    ) -> Iterator[tuple[str, str | None, URLPattern]]:
        for entry in resolver.url_patterns:
            if isinstance(entry, URLResolver):
                ns = namespace
                if entry.namespace:
                    ns = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
                yield from walk(entry, prefix + str(entry.pattern), ns)
            else:
                yield prefix + str(entry.pattern), namespace, entry

    return walk(get_resolver(), "", None)


def qualified(namespace: str | None, name: str) -> str:
    """A pattern's name as `reverse` takes it."""
    return f"{namespace}:{name}" if namespace else name
