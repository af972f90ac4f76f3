"""Saving a record's edit page with nothing changed is a no-op
(core.listing.RecordUpdateView, as the API's PATCH since 6a57bd7): the
version stays, no audit row is written, the clerk reads 未作修改。. Before,
every such save bumped the version and wrote an "update" with no changes, so
a colleague who had the page open got a conflict for nothing.

Every edit page of the demo township built on RecordUpdateView, as the first
demo user who may edit a record of it: the form as the page serves it, posted
back. A change in a linked list only (the many-to-many fields saved after the
record's own) still saves, bumps the version and is audited."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse
from lxml import html

from fazhi.core import audit
from fazhi.core.listing import RecordUpdateView
from fazhi.core.models import AuditEvent
from tests.api.conftest import demo_world  # noqa: F401  (the demo township, once a module)
from tests.sweep.routes import qualified, url_patterns
from tests.twofactor import verified_client

pytestmark = pytest.mark.django_db

WRITERS = ("sifasuo", "xinfang", "leader", "zhifa", "cun")


def edit_pages() -> list[tuple[str, type[RecordUpdateView]]]:
    seen: dict[type[RecordUpdateView], str] = {}
    for _route, namespace, pattern in url_patterns():
        view = getattr(pattern.callback, "view_class", None)
        if view is not None and issubclass(view, RecordUpdateView) and pattern.name:
            seen.setdefault(view, qualified(namespace, pattern.name))
    return [(name, view) for view, name in seen.items()]


def _id(value: Any) -> str:
    return str(getattr(value, "__name__", value))


def _editable(demo: Any, name: str, view: Any) -> Iterator[tuple[Client, Any, str]]:
    """A writer's client, a record they may edit and its edit page."""
    model = view.model
    for username in WRITERS:
        user = demo.users[username]
        if not getattr(user, "can_write", False):
            continue
        client = verified_client(user)
        for record in model.objects.visible_to(user).order_by("pk")[:5]:
            url = reverse(name, kwargs={"pk": record.pk})
            if client.get(url).status_code == 200:
                yield client, record, url
                return


def _served_form(client: Client, url: str) -> tuple[Any, list[tuple[str, str]]]:
    """The record's edit form as the page serves it, and what it posts."""
    root = html.fromstring(client.get(url).content.decode())
    forms = [f for f in root.forms if "version" in f.inputs]
    assert forms, f"{url}: no edit form with a version"
    form = forms[0]
    return form, [(k, v) for k, v in form.form_values() if k != "csrfmiddlewaretoken"]


def _post(client: Client, url: str, values: list[tuple[str, str]]) -> Any:
    data: dict[str, list[str]] = {}
    for key, value in values:
        data.setdefault(key, []).append(value)
    return client.post(url, data)


def _errors(response: Any) -> str:
    """What the page said when it refused the save (the test's failure text)."""
    root = html.fromstring(response.content.decode())
    shown = root.xpath("//*[contains(@class, 'invalid-feedback') or contains(@class, 'alert')]")
    return " / ".join(e.text_content().strip() for e in shown)


def _messages(response: Any) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


@pytest.mark.parametrize(("name", "view"), edit_pages(), ids=_id)
def test_an_unchanged_save_changes_nothing(demo_world: Any, name: str, view: Any) -> None:  # noqa: F811
    found = list(_editable(demo_world, name, view))
    if not found:
        pytest.skip(f"no demo user edits a record of {name}")
    client, record, url = found[0]
    version = getattr(record, "version", None)
    events = AuditEvent.objects.count()
    _form, values = _served_form(client, url)
    response = _post(client, url, values)
    assert response.status_code == 302, _errors(response)
    assert _messages(response) == ["未作修改。"]
    record.refresh_from_db()
    assert getattr(record, "version", None) == version
    assert AuditEvent.objects.count() == events


def _linked_list_pages() -> list[tuple[str, Any, str]]:
    return [
        (name, view, field.name)
        for name, view in edit_pages()
        for field in view.model._meta.many_to_many
        if field.name in _form_class(view).base_fields
    ]


def _form_class(view: Any) -> Any:
    return view.kind.edit_form if hasattr(view, "kind") else view.form_class


@pytest.mark.parametrize(("name", "view", "field"), _linked_list_pages(), ids=_id)
def test_a_change_in_a_linked_list_only_saves(
    demo_world: Any,  # noqa: F811
    name: str,
    view: Any,
    field: str,
) -> None:
    found = list(_editable(demo_world, name, view))
    if not found:
        pytest.skip(f"no demo user edits a record of {name}")
    client, record, url = found[0]
    version = getattr(record, "version", None)
    events = AuditEvent.objects.count()
    form, values = _served_form(client, url)
    chosen = {v for k, v in values if k == field}
    options = form.xpath(
        f".//select[@name='{field}']/option/@value | .//input[@name='{field}']/@value"
    )
    # Put one more on the list, or take one off a list that has them all.
    more = [o for o in options if o and o not in chosen]
    if more:
        values.append((field, more[0]))
    else:
        drop = sorted(chosen)[0]
        values = [(k, v) for k, v in values if not (k == field and v == drop)]
    before = set(getattr(record, field).values_list("pk", flat=True))
    response = _post(client, url, values)
    assert response.status_code == 302, _errors(response)
    assert _messages(response) != ["未作修改。"]
    record.refresh_from_db()
    after = getattr(record, field).all()
    assert {o.pk for o in after} != before
    assert getattr(record, "version", 0) == (version or 0) + 1
    assert AuditEvent.objects.count() > events
    # The update's audit row names the list, and the history tab shows it by
    # its label with the items' names (an update with no changes before:
    # 下访 participants, an officer's 执法类别, an adviser's units).
    event = audit.history(record).filter(action="update").order_by("-pk")[0]
    assert field in event.changes, event.changes
    label = str(view.model._meta.get_field(field).verbose_name)
    shown = {c.label: c for c in audit.history_rows([event])[0].changes}
    assert label in shown, shown
    new = shown[label].new
    assert all(audit.display_name(o) in new or str(o) in new for o in after), new
    if all(isinstance(v, int) for side in event.changes[field] for v in side):  # by id
        assert event.changes[field] == [sorted(before), sorted(o.pk for o in after)]
