"""Capture without a signal (issue 18): the forms a village cadre fills in
where the signal is weak, queued on the phone and sent when it returns.

Each module registers the kinds of entry it takes offline
(`register(kind, handler, ...)`, in its `offline.py`, found on first use as
Django finds `admin.py`), so core never imports a module. A handler turns
one entry (the form's fields as posted, its photos) into a record through the
module's own workflow step, as the logged-in user: scope, rules and audit as
on the page.

`receive` makes an entry land exactly once: the phone gives every entry an id
(`client_id`, crypto.randomUUID) and sends it again until it hears an answer;
an `OfflineSubmission` row with that id is written in the same transaction as
the record, so a repeat (or two sends racing each other, the unique index
refusing the second) answers the first result and never creates twice.
docs/architecture.md, "Offline capture"."""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.http import QueryDict
from django.utils.datastructures import MultiValueDict
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from . import attachments, audit
from .errors import ConcurrentEdit, RuleViolation
from .models.offline import OfflineSubmission
from .steps import SCOPE_REFUSAL

# The form field a phone's photos travel in (Blobs in IndexedDB until sent).
PHOTO_FIELD = "photos"


@dataclass(frozen=True)
class Entry:
    """One queued entry as it arrives: what the form held when it was filled in."""

    kind: str
    client_id: uuid.UUID
    user: Any
    data: QueryDict
    files: MultiValueDict[str, Any] = field(default_factory=MultiValueDict)
    # An edit of an existing record: its id and the version the form showed.
    record: int | None = None
    version: int | None = None


Handler = Callable[[Entry], models.Model]


@dataclass(frozen=True)
class Kind:
    name: str
    label: str
    handler: Handler
    # The form pages (URL names) that queue this kind when offline: the new
    # record's page (precached by the service worker) and the edit page.
    create_page: str
    edit_page: str = ""


@dataclass(frozen=True)
class Received:
    """The answer to an entry: the record it created (or, for a repeat, the
    record the first upload created)."""

    submission: OfflineSubmission
    repeated: bool


class OfflineConflict(RuleViolation):
    """The record an entry edits changed on the server since the form was
    filled in: both versions go back to the phone for a person to choose."""

    def __init__(self, message: str, *, theirs: list[dict[str, Any]], version: int) -> None:
        super().__init__(message)
        self.theirs = theirs
        self.version = version


class OutOfScope(RuleViolation):
    """The record an entry edits is not in the user's scope (or is gone): 404."""


_KINDS: dict[str, Kind] = {}
_discovered = False
_discovering = threading.Lock()


def register(
    kind: str, handler: Handler, *, label: str, create_page: str, edit_page: str = ""
) -> None:
    """A kind of entry the phone may queue (`mediation.dispute`, …)."""
    _KINDS[kind] = Kind(kind, label, handler, create_page, edit_page)


def kinds() -> dict[str, Kind]:
    """Every module's kinds, found on first use. A threaded server's first
    requests ask at once (a page and its service worker's manifest): one
    finds them, the others wait for the whole set rather than read the dict
    while it is filled (RuntimeError: dictionary changed size during
    iteration, a 500 on /offline/manifest.json) or a manifest without the
    kinds not yet registered."""
    global _discovered
    if not _discovered:
        with _discovering:
            if not _discovered:
                autodiscover_modules("offline")
                _discovered = True
    return _KINDS


def kind_for_page(view_name: str) -> tuple[Kind, bool] | None:
    """The kind a form page queues, and whether it edits a record."""
    for kind in kinds().values():
        if view_name == kind.create_page:
            return kind, False
        if kind.edit_page and view_name == kind.edit_page:
            return kind, True
    return None


# --- handlers made of a module's form and workflow step -----------------------------


def form_refusal(form: Any) -> RuleViolation:
    """The form's errors as one refusal, each named by its field's label."""
    errors: dict[str, list[str]] = {}
    for name, messages in form.errors.items():
        label = str(form.fields[name].label) if name in form.fields else ""
        errors[name] = [f"{label}：{m}" if label else str(m) for m in messages]
    exc = RuleViolation("；".join(m for ms in errors.values() for m in ms))
    exc.error_dict = ValidationError(errors).error_dict  # type: ignore[attr-defined]
    return exc


def shown_values(form_class: Any, record: models.Model, user: Any) -> list[dict[str, Any]]:
    """A record as its form shows it: each field's label, raw value(s) and text
    (choices by their labels), for the phone to set beside the user's own."""
    form = form_class(instance=record, user=user)
    out = []
    for name, bound in form.fields.items():
        value = form.initial.get(name)
        raw = value if isinstance(value, list | tuple) else ([] if value in (None, "") else [value])
        raw = [getattr(v, "pk", v) for v in raw]
        choices = getattr(bound, "choices", None)
        if choices is not None and raw:
            labels = {str(k): str(v) for k, v in _flat(choices)}
            text = "、".join(labels.get(str(v), str(v)) for v in raw)
        else:
            text = "、".join(str(v) for v in raw)
        out.append(
            {"name": name, "label": str(bound.label), "value": [str(v) for v in raw], "text": text}
        )
    return out


def _flat(choices: Any) -> list[tuple[Any, Any]]:
    flat: list[tuple[Any, Any]] = []
    for key, label in choices:
        if isinstance(label, list | tuple):
            flat.extend(_flat(label))
        else:
            flat.append((getattr(key, "value", key), label))
    return flat


def form_handler(
    form_class: Any,
    create: Callable[[Any, Any, Any], models.Model],
    update: Callable[..., models.Model] | None = None,
) -> Handler:
    """A handler that fills the module's own form (so an entry is checked as
    the page checks it) and saves through the module's workflow step:
    `create(instance, form, by)`, `update(instance, form, by, version=, before=)`."""
    model = form_class._meta.model

    def handle(entry: Entry) -> models.Model:
        instance = None
        before: dict[str, Any] = {}
        if entry.record is not None:
            if update is None:
                raise RuleViolation(_("该类型的记录不能离线修改。"))
            instance = model.objects.visible_to(entry.user).filter(pk=entry.record).first()
            if instance is None:
                raise OutOfScope(SCOPE_REFUSAL)
            before = audit.snapshot(instance)
        form = form_class(data=entry.data, files=entry.files, instance=instance, user=entry.user)
        if not form.is_valid():
            raise form_refusal(form)
        obj = form.save(commit=False)
        if instance is None:
            return create(obj, form, entry.user)
        assert update is not None
        try:
            return update(obj, form, entry.user, version=entry.version, before=before)
        except ConcurrentEdit as exc:
            current = model.objects.get(pk=entry.record)
            raise OfflineConflict(
                "；".join(exc.messages),
                theirs=shown_values(form_class, current, entry.user),
                version=current.version,
            ) from exc

    return handle


# --- exactly once ------------------------------------------------------------------------


def _first(client_id: uuid.UUID) -> OfflineSubmission | None:
    return OfflineSubmission.objects.filter(client_id=client_id).first()


def _repeat(first: OfflineSubmission, entry: Entry) -> Received:
    if first.user_id != entry.user.pk:  # type: ignore[attr-defined]
        # A client id is the phone's; another account cannot read its answer.
        raise RuleViolation(_("该条目编号已被使用，请重新填写。"))
    return Received(first, repeated=True)


def receive(entry: Entry) -> Received:
    """Create the entry's record once: the first upload runs the handler and
    its photos in one transaction with the OfflineSubmission row; a repeat, or
    the loser of two uploads racing (IntegrityError on the unique client id),
    answers the first result. A refusal leaves nothing, so the corrected entry
    can be sent again with the same id."""
    kind = kinds().get(entry.kind)
    if kind is None:
        raise RuleViolation(_("未知的离线录入类型。"), field="kind")
    first = _first(entry.client_id)
    if first is not None:
        return _repeat(first, entry)
    try:
        with transaction.atomic():
            submission = OfflineSubmission.objects.create(
                client_id=entry.client_id, kind=kind.name, user=entry.user
            )
            record = kind.handler(entry)
            for photo in entry.files.getlist(PHOTO_FIELD):
                unit = record.unit  # type: ignore[attr-defined]
                attachments.attach(
                    record, photo, unit=unit, by=entry.user, description=gettext_noop("现场照片")
                )
            submission.content_type = ContentType.objects.get_for_model(record)
            submission.object_id = record.pk
            submission.url = record.get_absolute_url()  # type: ignore[attr-defined]
            submission.save(update_fields=["content_type", "object_id", "url"])
    except IntegrityError:
        first = _first(entry.client_id)
        if first is None:
            raise
        return _repeat(first, entry)
    return Received(submission, repeated=False)
