"""A petition's 编辑 page saved with nothing changed is no edit, as every
other record's edit page (core.listing.RecordUpdateView) and the API's PATCH:
the version stays, no audit row is written, the clerk reads 未作修改。. The
petition's edit goes through its own workflow (petitions.workflow.edit), so
it is held here; a real change still saves, bumps and is audited."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.messages import get_messages

from fazhi.core.models import AuditEvent

from .conftest import Leaders

pytestmark = pytest.mark.django_db


def _form(p: Any, **changes: Any) -> dict[str, Any]:
    return {
        "title": p.title,
        "content": p.content,
        "involved_unit": p.involved_unit_id or "",
        "group_size": p.group_size,
        "version": p.version,
        **changes,
    }


def test_an_unchanged_save_is_no_edit(register: Any, leaders: Leaders, world: Any) -> None:
    p = register()
    client = world.client(leaders.clerk)
    events = AuditEvent.objects.count()
    r = client.post(f"/petitions/{p.pk}/edit/", _form(p))
    assert r.status_code == 302
    assert [str(m) for m in get_messages(r.wsgi_request)] == ["未作修改。"]
    version = p.version
    p.refresh_from_db()
    assert p.version == version
    assert AuditEvent.objects.count() == events


def test_a_change_still_saves(register: Any, leaders: Leaders, world: Any) -> None:
    p = register()
    client = world.client(leaders.clerk)
    events = AuditEvent.objects.count()
    r = client.post(f"/petitions/{p.pk}/edit/", _form(p, group_size=3))
    assert r.status_code == 302
    assert [str(m) for m in get_messages(r.wsgi_request)] == ["已保存。"]
    version = p.version
    p.refresh_from_db()
    assert (p.group_size, p.version) == (3, version + 1)
    assert AuditEvent.objects.count() == events + 1
