"""Search across modules (issue 18): the registry each app fills, the index
kept by the audit write and `manage.py reindex`, and `search(user, q)`.

See docs/architecture.md, “Search”."""

from . import people  # noqa: F401  (registers core.Person)
from .engine import Group, Hit, Result, search
from .index import rebuild, reindex, schedule
from .registry import Document, Source, register, sources

__all__ = [
    "Document",
    "Group",
    "Hit",
    "Result",
    "Source",
    "rebuild",
    "register",
    "reindex",
    "schedule",
    "search",
    "sources",
]
