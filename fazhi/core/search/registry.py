"""What each module contributes to the search index.

A domain app registers its searchable models from its registry.py (core
imports no app):

    search.register(
        Petition,
        module="petitions",
        module_label=_("信访"),
        document=petition_document,        # obj -> Document
        queryset=lambda: Petition.objects.prefetch_related("petitioners"),
        follows={Petitioner: lambda p: p.petition},
    )

`document` says what the record holds (title, names, body, exact keys and the
ID/phone numbers to blind-index); `visible(user)` is the app's own scope
(default: the model's `visible_to`), asked again for every page of hits, so a
rule finer than the unit (the accused unit of a petition) still holds;
`follows` names other models whose audited change re-indexes records of this
one: a child's parent (a petitioner's petition), or the records that show
what it holds (a dispute's cases), as one record or an iterable of them."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import models


@dataclass
class Document:
    """A record as the index sees it. `ids` and `phones` are personal numbers:
    they are stored only as blind indexes, and never belong in `body`."""

    title: str
    unit: Any = None
    extra_unit: Any = None  # a second unit whose scope also sees the record
    names: Iterable[str] = ()
    body: Iterable[str] = ()
    keys: Iterable[str] = ()
    ids: Iterable[str] = ()
    phones: Iterable[str] = ()


@dataclass
class Source:
    model: type[models.Model]
    module: str
    module_label: Any
    document: Callable[[Any], Document]
    visible: Callable[[Any], models.QuerySet[Any]]
    queryset: Callable[[], models.QuerySet[Any]]
    order: int = 100
    follows: dict[type[models.Model], Callable[[Any], Any]] = field(default_factory=dict)

    @property
    def label(self) -> str:
        return self.model._meta.label_lower


_SOURCES: dict[str, Source] = {}
# Child model -> (parent source, how to reach the parent), for the audit hook.
_FOLLOWERS: dict[type[models.Model], list[tuple[Source, Callable[[Any], Any]]]] = {}


def _with_unit(manager: Any) -> models.QuerySet[Any]:
    """What indexing reads by default: the records with their unit, which every
    `Document` names (each module passed the same `select_related("unit")`)."""
    names = {f.name for f in manager.model._meta.get_fields() if f.is_relation}
    return manager.select_related("unit") if "unit" in names else manager.all()


def register(
    model: type[models.Model],
    *,
    module: str,
    module_label: Any,
    document: Callable[[Any], Document],
    visible: Callable[[Any], models.QuerySet[Any]] | None = None,
    queryset: Callable[[], models.QuerySet[Any]] | None = None,
    follows: dict[type[models.Model], Callable[[Any], Any]] | None = None,
    order: int = 100,
) -> Source:
    """Make `model`'s records searchable. Registering again replaces the entry
    (registry modules may be imported twice in tests)."""
    manager: Any = model._default_manager
    source = Source(
        model=model,
        module=module,
        module_label=module_label,
        document=document,
        visible=visible or (lambda user: manager.visible_to(user)),
        queryset=queryset or (lambda: _with_unit(manager)),
        order=order,
        follows=dict(follows or {}),
    )
    _SOURCES[source.label] = source
    for child, parent_of in source.follows.items():
        entries = [(s, f) for s, f in _FOLLOWERS.get(child, []) if s.label != source.label]
        _FOLLOWERS[child] = [*entries, (source, parent_of)]
    return source


def sources() -> list[Source]:
    return sorted(_SOURCES.values(), key=lambda s: (s.order, s.label))


def source_for(label: str) -> Source | None:
    return _SOURCES.get(label.lower())


def indexes(model: type[models.Model]) -> bool:
    """Whether a change to a row of `model` re-indexes a record (`targets`)."""
    return model._meta.label_lower in _SOURCES or model in _FOLLOWERS


def targets(obj: models.Model) -> list[tuple[Source, Any]]:
    """The indexed records a change to `obj` touches: itself if registered,
    and those its followers name (a record, or a queryset of them)."""
    found: list[tuple[Source, Any]] = []
    # Through `_meta`, not type(): the audited object may be request.user, a
    # SimpleLazyObject around the model instance.
    meta = getattr(obj, "_meta", None)
    if meta is None:
        return found
    model = meta.model
    own = _SOURCES.get(meta.label_lower)
    if own is not None:
        found.append((own, obj))
    for source, parent_of in _FOLLOWERS.get(model, []):
        parent = parent_of(obj)
        if parent is None:
            continue
        # One record (a party's dispute), or a queryset of several (a
        # dispute's cases, which show its facts and its parties), read when
        # the change commits (core.search.index.flush), not at every step.
        found.append((source, parent))
    return found
