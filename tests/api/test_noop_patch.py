"""A PATCH that changes nothing is a no-op (core.api.WorkflowViewSet): an
empty body ({}), or the record's own values sent back, answers 200 with the
record as it is, its version not bumped and no audit event written. Before,
every such PATCH bumped the version and wrote an "update" with no changes, so
a client that saved an untouched form made the next editor's save a conflict.

Every editable API resource of the demo township, as the first demo user who
may edit it; the report sections' PATCH (reports.api.SectionViewSet) too."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fazhi.api_router import router
from fazhi.core.models import AuditEvent

from .conftest import token_for

pytestmark = pytest.mark.django_db

# Who edits what in the demo: the first of these the resource lets write.
WRITERS = ("sifasuo", "xinfang", "leader", "zhifa", "cun")
# Sent back masked (core.serializers.MaskedPii): not the record's value.
MASKED = {"id_number", "phone", "address"}


def patchable() -> list[tuple[str, Any]]:
    return [
        (f"/api/v1/{prefix}/", viewset)
        for prefix, viewset, _basename in router.registry
        if "patch" in getattr(viewset, "http_method_names", ())
        and hasattr(viewset, "partial_update")
        and prefix != "report-sections"
    ]


def _id(value: Any) -> str:
    return str(getattr(value, "__qualname__", value))


def _client(demo: Any, username: str) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Token {token_for(demo, username)}")


def _record(demo: Any, url: str) -> tuple[Client, dict[str, Any]]:
    """A writer's client and a record of `url` they may edit."""
    for username in WRITERS:
        client = _client(demo, username)
        listed = client.get(url)
        if listed.status_code != 200:
            continue
        body = listed.json()
        rows = body.get("results", body) if isinstance(body, dict) else body
        for row in rows[:5]:
            probe = client.patch(f"{url}{row['id']}/", {}, content_type="application/json")
            if probe.status_code not in (403, 404, 405):
                return client, client.get(f"{url}{row['id']}/").json()
    pytest.skip(f"no demo user edits a record of {url}")


def _events() -> int:
    return AuditEvent.objects.count()


@pytest.mark.parametrize(("url", "viewset"), patchable(), ids=_id)
def test_an_empty_patch_changes_nothing(demo_world: Any, url: str, viewset: Any) -> None:
    client, record = _record(demo_world, url)
    detail = f"{url}{record['id']}/"
    events = _events()
    for body in ({}, {"version": record.get("version")}):
        answer = client.patch(detail, body, content_type="application/json")
        assert answer.status_code == 200, answer.content
        assert answer.json() == record
    assert client.get(detail).json() == record
    assert _events() == events


@pytest.mark.parametrize(("url", "viewset"), patchable(), ids=_id)
def test_its_own_values_sent_back_change_nothing(demo_world: Any, url: str, viewset: Any) -> None:
    """Any part of the record as the API answers it, PATCHed back (hypothesis
    picks the fields), changes nothing; a real change still saves, bumps the
    version and is audited."""
    client, record = _record(demo_world, url)
    detail = f"{url}{record['id']}/"
    serializer = viewset.serializer_class()
    writable = sorted(
        name
        for name, field in serializer.fields.items()
        if not field.read_only and name in record and name not in MASKED
    )
    if not writable:
        pytest.skip("nothing writable is answered back")
    events = _events()

    @given(st.sets(st.sampled_from(writable), min_size=1))
    @settings(
        max_examples=15,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    def sent_back(names: set[str]) -> None:
        body = {name: record[name] for name in names}
        answer = client.patch(detail, body, content_type="application/json")
        assert answer.status_code == 200, (body, answer.content)
        assert answer.json() == record, body

    sent_back()
    assert _events() == events
    assert client.get(detail).json() == record


def test_a_real_change_still_saves_and_is_audited(demo_world: Any) -> None:
    client, record = _record(demo_world, "/api/v1/people/")
    detail = f"/api/v1/people/{record['id']}/"
    events = _events()
    answer = client.patch(detail, {"title": "调解员（新）"}, content_type="application/json")
    assert answer.status_code == 200, answer.content
    assert answer.json()["title"] == "调解员（新）"
    assert answer.json()["version"] == record["version"] + 1
    assert _events() == events + 1


def test_a_linked_list_only_patch_is_audited_by_name(demo_world: Any) -> None:
    """A 下访 visit's participants changed alone: the update's event names the
    list with its ids before and after (it was an update with no changes)."""
    url = "/api/v1/petition-outreach-visits/"
    client, record = _record(demo_world, url)
    before = sorted(record["participants"])
    after = before[1:] if len(before) > 1 else []
    answer = client.patch(
        f"{url}{record['id']}/", {"participants": after}, content_type="application/json"
    )
    assert answer.status_code == 200, answer.content
    event = AuditEvent.objects.filter(
        content_type__model="outreachvisit", object_id=str(record["id"]), action="update"
    ).latest("pk")
    assert event.changes["participants"] == [before, after]


def test_a_report_section_patch_that_changes_nothing(demo_world: Any) -> None:
    from fazhi.reports.models import ReportSection

    section = ReportSection.objects.filter(report__unit=demo_world.township).first()
    if section is None:
        pytest.skip("the demo has no report")
    client = _client(demo_world, "sifasuo")
    detail = f"/api/v1/report-sections/{section.pk}/"
    before = client.get(detail).json()
    events = _events()
    for body in (
        {"version": section.version},
        {"version": section.version, "text": section.text, "title": section.title},
    ):
        answer = client.patch(detail, body, content_type="application/json")
        assert answer.status_code == 200, answer.content
        assert answer.json() == before
    section.refresh_from_db()
    assert section.version == before["version"]
    assert _events() == events
