"""An export or download audited while a request is served records the
client's address (issue 17; GB/T 22239-2019 8.1.4.3 b): the rows the list
pages' export (core.listing), the mediation ledger, the cadre-study ledger and
the OGI annual table write directly carried none. core's AuditEvent fills it
from the request (core.middleware.current_ip) unless its writer gave one; a
row written outside a request (a daily job) has none. Personas: owner
(judicial office), colleague in scope (township leader), outsider (another
township: their own, empty export is audited with their address too)."""

from __future__ import annotations

import pytest
from django.test import Client

from fazhi.core import audit
from fazhi.core.models import AuditEvent
from tests.factories import World

pytestmark = pytest.mark.django_db

ADDRESS = "203.0.113.7"
EXPORTS = [
    "/people/?export=xlsx&reason=核对台账",
    "/people/?export=xlsx",  # the masked export of a role without PII rights needs none
    "/mediation/disputes/?export=xlsx&reason=核对台账",
    "/publicity/cadres/?year=2024&export=xlsx",
    "/governance/ogi-report/?year=2024&export=xlsx",
]


def exported(client: Client, url: str) -> AuditEvent:
    response = client.get(url, REMOTE_ADDR=ADDRESS)
    assert response.status_code == 200, (url, response.status_code)
    assert response["Content-Type"].startswith("application/vnd.openxml"), url
    return AuditEvent.objects.filter(action__in=["export", "download"]).latest("pk")


@pytest.mark.parametrize("persona", ["owner", "colleague", "outsider"])
@pytest.mark.parametrize("url", EXPORTS)
def test_an_export_records_the_client_address(world: World, persona: str, url: str) -> None:
    user = getattr(world, persona)
    if url == "/people/?export=xlsx":
        user = world.village_cadre if persona == "owner" else user
        if persona != "owner":
            pytest.skip("a PII role is asked for a reason (tests/core/test_audit_reasons.py)")
    event = exported(world.client(user), url)
    assert event.actor == user and event.ip == ADDRESS


def test_an_address_the_writer_gives_is_kept_and_none_outside_a_request(world: World) -> None:
    token = audit.current_ip.set(ADDRESS)
    try:
        given = AuditEvent.objects.create(action="export", object_repr="x", ip="198.51.100.1")
        filled = AuditEvent.objects.create(action="export", object_repr="x")
    finally:
        audit.current_ip.reset(token)
    job = AuditEvent.objects.create(action="transition", object_repr="x")
    assert (given.ip, filled.ip, job.ip) == ("198.51.100.1", ADDRESS, None)
