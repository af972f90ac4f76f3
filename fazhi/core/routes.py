"""The URL patterns of one kind of record, declared once.

Every ledger in every app has the same four pages, named the same way
(`<name>_list`, `<name>_create`, `<name>_detail`, `<name>_edit`) and served by
class-based views named after the model (`OfficerList`, `OfficerCreate`,
`OfficerDetail`, `OfficerUpdate`), and most have a step URL
(`<prefix>/<pk>/do/<action>/` → `<name>_action`). Each app's `urls.py` used
to spell those four or five lines out for every kind; `record_urls` writes
them from the convention, so a kind's pages are one line and a new kind cannot
get a name or a path subtly different from its siblings. Pages outside the
convention stay written out in the app's `urls.py`.
"""

from __future__ import annotations

from types import ModuleType

from django.urls import URLPattern, path

ALL_PAGES = ("list", "create", "detail", "edit")
NO_EDIT = ("list", "create", "detail")
READ_ONLY = ("list", "detail")

# page → (path below the prefix, the view's suffix after the model name)
_PAGES = {
    "list": ("", "List"),
    "create": ("new/", "Create"),
    "detail": ("<int:pk>/", "Detail"),
    "edit": ("<int:pk>/edit/", "Update"),
}


def record_urls(
    prefix: str,
    name: str,
    views: ModuleType,
    model: str,
    *,
    pages: tuple[str, ...] = ALL_PAGES,
    action: bool = False,
) -> list[URLPattern]:
    """`prefix/`, `prefix/new/`, `prefix/<pk>/`, `prefix/<pk>/edit/` served
    by `views.<model>List`/`Create`/`Detail`/`Update` and named
    `<name>_list`/`_create`/`_detail`/`_edit` (only the `pages` asked for, in
    that order); with `action`, also `prefix/<pk>/do/<action>/` served by
    `views.<name>_action`. A view the module lacks is an error at start-up,
    never a silently missing page."""
    unknown = set(pages) - set(ALL_PAGES)
    if unknown:
        raise ValueError(f"unknown pages {sorted(unknown)}; known: {ALL_PAGES}")
    out = []
    for page in ALL_PAGES:
        if page in pages:
            below, suffix = _PAGES[page]
            view = getattr(views, f"{model}{suffix}").as_view()
            out.append(path(f"{prefix}/{below}", view, name=f"{name}_{page}"))
    if action:
        view = getattr(views, f"{name}_action")
        out.append(path(f"{prefix}/<int:pk>/do/<str:action>/", view, name=f"{name}_action"))
    return out
