"""Capture without a signal (issue 18): the sync endpoint core.offline answers.

An entry lands exactly once whatever the repeats (also two uploads racing on
the unique client id), in the user's village with its audit event; a refusal
answers 400 with the Chinese message and leaves nothing; an edit of a record
changed meanwhile answers 409 with the server's version; a record or village
outside the user's scope is refused; an ended session answers 401. The
browser side is tests/browser/test_offline.py."""

from __future__ import annotations

import datetime as dt
import threading
import uuid
from typing import Any
from unittest import mock

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from fazhi.core import offline
from fazhi.core import workflow as core_workflow
from fazhi.core.models import Attachment, AuditEvent, OfflineSubmission
from fazhi.mediation.models import Screening
from fazhi.petitions.models import OutreachVisit
from tests.factories import World

SYNC = "/offline/sync/"
# The smallest PNG there is: a phone's photo as far as the checks go.
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f"
    b"\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00"
    b"\x00IEND\xaeB`\x82"
)


def screening(w: World, client_id: str, **over: Any) -> dict[str, Any]:
    data = {
        "offline_kind": "mediation.screening",
        "offline_client_id": client_id,
        "unit": w.village.pk,
        "screened_on": timezone.localdate().isoformat(),
        "screeners": "李四",
        "scope": "一组至三组",
        "note": "山林边界一起",
    }
    data.update(over)
    return data


def audited(record: Any, action: str = "create") -> int:
    return AuditEvent.objects.filter(
        content_type=ContentType.objects.get_for_model(record),
        object_id=str(record.pk),
        action=action,
    ).count()


def test_an_entry_lands_once_in_the_village_with_its_audit_event(world: World) -> None:
    cadre = world.client(world.village_cadre)
    cid = str(uuid.uuid4())
    photo = SimpleUploadedFile("现场.png", PNG, content_type="image/png")
    first = cadre.post(SYNC, {**screening(world, cid), "photos": photo})
    assert first.status_code == 201, first.content
    again = cadre.post(SYNC, screening(world, cid))
    assert again.status_code == 200
    assert again.json()["repeated"] is True
    assert again.json()["url"] == first.json()["url"]

    made = Screening.objects.get()
    assert made.unit == world.village
    assert made.created_by == world.village_cadre
    assert audited(made) == 1
    sub = OfflineSubmission.objects.get()
    assert (sub.client_id, sub.kind, sub.user, sub.record) == (
        uuid.UUID(cid),
        "mediation.screening",
        world.village_cadre,
        made,
    )
    assert Attachment.objects.get().object_id == made.pk


def test_the_loser_of_a_race_on_the_client_id_answers_the_first_result(world: World) -> None:
    """The second upload passed the look-up before the first committed: the
    unique index refuses its row (IntegrityError), and it answers the first
    result, its own record rolled back."""
    cadre = world.client(world.village_cadre)
    cid = str(uuid.uuid4())
    assert cadre.post(SYNC, screening(world, cid)).status_code == 201
    real_first = offline._first
    with mock.patch.object(offline, "_first", side_effect=[None, real_first(uuid.UUID(cid))]):
        late = cadre.post(SYNC, screening(world, cid, note="另一次上传"))
    assert late.status_code == 200
    assert late.json()["repeated"] is True
    assert Screening.objects.count() == 1
    assert OfflineSubmission.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_uploads_at_once_create_one_record(transactional_db: None, world: World) -> None:
    """Really concurrent, on PostgreSQL (SQLite serialises writers itself)."""
    if connection.vendor != "postgresql":
        pytest.skip("concurrent transactions need PostgreSQL")
    cid = str(uuid.uuid4())
    barrier = threading.Barrier(2)
    codes: list[int] = []

    def upload() -> None:
        client = Client()
        client.force_login(world.village_cadre)
        barrier.wait()
        try:
            codes.append(client.post(SYNC, screening(world, cid)).status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=upload) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(codes) == [200, 201]
    assert Screening.objects.count() == 1
    assert OfflineSubmission.objects.count() == 1


def test_a_refusal_answers_400_with_the_message_and_leaves_nothing(world: World) -> None:
    cadre = world.client(world.village_cadre)
    cid = str(uuid.uuid4())
    tomorrow = (timezone.localdate() + dt.timedelta(days=1)).isoformat()
    refused = cadre.post(SYNC, screening(world, cid, screened_on=tomorrow))
    assert refused.status_code == 400
    body = refused.json()
    assert body["status"] == "refused"
    assert f"排查日期（{tomorrow}）不能晚于今天。" in body["message"]
    assert not Screening.objects.exists()
    assert not OfflineSubmission.objects.exists()
    # Corrected on the phone, the same entry (same id) goes through.
    assert cadre.post(SYNC, screening(world, cid)).status_code == 201


def test_a_form_error_names_the_field(world: World) -> None:
    refused = world.client(world.village_cadre).post(
        SYNC, screening(world, str(uuid.uuid4()), screeners="")
    )
    assert refused.status_code == 400
    assert refused.json()["message"].startswith("排查人员：")


def test_an_entry_for_a_village_outside_the_users_scope_is_refused(world: World) -> None:
    cadre = world.client(world.village_cadre)
    refused = cadre.post(SYNC, screening(world, str(uuid.uuid4()), unit=world.village2.pk))
    assert refused.status_code == 400
    assert "所选项不存在或不在您的管辖范围内" in refused.json()["message"]
    # The township's judicial office covers both villages; the county
    # supervisor reads only.
    assert (
        world.client(world.owner)
        .post(SYNC, screening(world, str(uuid.uuid4()), unit=world.village2.pk))
        .status_code
        == 201
    )
    ro = world.client(world.county_user).post(SYNC, screening(world, str(uuid.uuid4())))
    assert ro.status_code == 400
    assert "只读" in ro.json()["message"]
    assert Screening.objects.count() == 1


def test_a_client_id_answers_only_the_account_that_sent_it(world: World) -> None:
    cid = str(uuid.uuid4())
    assert world.client(world.owner).post(SYNC, screening(world, cid)).status_code == 201
    other = world.client(world.colleague).post(SYNC, screening(world, cid))
    assert other.status_code == 400
    assert "url" not in other.json()


def outreach_edit(w: World, visit: OutreachVisit, version: int, cid: str) -> dict[str, Any]:
    return {
        "offline_kind": "petitions.outreach",
        "offline_client_id": cid,
        "offline_record": visit.pk,
        "offline_version": version,
        "unit": w.village.pk,
        "visited_on": visit.visited_on.isoformat(),
        "visited_party": visit.visited_party,
        "findings": "本机：当事人同意调解",
    }


def test_an_edit_of_a_record_changed_meanwhile_answers_409_with_both(world: World) -> None:
    visit = core_workflow.create_record(
        OutreachVisit(unit=world.village, visited_on=timezone.localdate(), visited_party="王五"),
        by=world.owner,
    )
    # Changed on the server while the phone was offline.
    before = {"findings": ""}
    visit.findings = "服务器：已走访两次"
    core_workflow.update_record(visit, by=world.owner, version=1, before=before)

    cadre = world.client(world.village_cadre)
    cid = str(uuid.uuid4())
    stale = cadre.post(SYNC, outreach_edit(world, visit, 1, cid))
    assert stale.status_code == 409
    body = stale.json()
    assert body["status"] == "conflict"
    assert body["version"] == 2
    theirs = {f["name"]: f["text"] for f in body["theirs"]}
    assert theirs["findings"] == "服务器：已走访两次"
    assert theirs["unit"] == "荆竹村"
    visit.refresh_from_db()
    assert visit.findings == "服务器：已走访两次"  # nothing lost, nothing overwritten
    assert not OfflineSubmission.objects.exists()

    # “Keep mine”: the same entry against the version the person saw.
    kept = cadre.post(SYNC, outreach_edit(world, visit, 2, cid))
    assert kept.status_code == 201
    visit.refresh_from_db()
    assert (visit.findings, visit.version) == ("本机：当事人同意调解", 3)
    assert audited(visit, "update") == 2

    # An outsider's edit of it: not in their scope, 404.
    out = world.client(world.outsider).post(SYNC, outreach_edit(world, visit, 3, str(uuid.uuid4())))
    assert out.status_code == 404
    assert "不在您的管辖范围内" in out.json()["message"]


def test_an_ended_session_answers_401_and_keeps_nothing(world: World) -> None:
    answer = Client().post(SYNC, screening(world, str(uuid.uuid4())))
    assert answer.status_code == 401
    assert answer.json()["login_url"] == reverse("login")
    assert not Screening.objects.exists()


def test_the_sync_needs_the_csrf_token(world: World) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.village_cadre)
    assert client.post(SYNC, screening(world, str(uuid.uuid4()))).status_code == 403


def test_the_worker_is_served_from_the_root_never_cached(client: Client) -> None:
    answer = client.get("/sw.js")
    assert answer.status_code == 200
    assert answer["Content-Type"].startswith("application/javascript")
    assert answer["Service-Worker-Allowed"] == "/"
    assert answer["Cache-Control"] == "no-cache"
    assert client.get("/sw.js", HTTP_IF_NONE_MATCH=answer["ETag"]).status_code == 304


def test_the_manifest_names_the_four_forms_for_a_writer_only(world: World) -> None:
    pages = world.client(world.village_cadre).get("/offline/manifest.json").json()["pages"]
    for name in (
        "mediation:screening_create",
        "mediation:dispute_create",
        "petitions:outreach_create",
        "publicity:activity_create",
    ):
        assert reverse(name) in pages
    ro = world.client(world.county_user).get("/offline/manifest.json").json()
    assert ro["pages"] == ["/offline/"]


def test_the_queue_page_offers_the_forms_to_a_writer_only(world: World) -> None:
    """待上传's buttons open the forms that work offline; a read-only account
    (the county supervisor) was offered all four, each answering 403 (found
    walking the demo as county)."""
    forms = [
        reverse(name)
        for name in (
            "mediation:screening_create",
            "mediation:dispute_create",
            "petitions:outreach_create",
            "publicity:activity_create",
        )
    ]
    cadre = world.client(world.village_cadre)
    html = cadre.get(reverse("core:offline_queue")).content.decode()
    assert all(f'href="{url}"' in html for url in forms)
    assert all(cadre.get(url).status_code == 200 for url in forms)
    county = world.client(world.county_user)
    response = county.get(reverse("core:offline_queue"))
    assert response.status_code == 200
    assert not any(f'href="{url}"' in response.content.decode() for url in forms)


def test_the_form_page_says_it_works_offline(world: World) -> None:
    page = world.client(world.village_cadre).get(reverse("mediation:screening_create"))
    html = page.content.decode()
    assert 'data-offline-kind="mediation.screening"' in html
    assert 'name="photos"' in html


def test_a_publicity_activity_and_a_dispute_arrive_through_their_workflows(world: World) -> None:
    from fazhi.mediation.models import Dispute, DisputeCategory
    from fazhi.publicity.models import PublicityActivity, Sector, Topic

    cadre = world.client(world.village_cadre)
    today = timezone.localdate().isoformat()
    activity = cadre.post(
        SYNC,
        {
            "offline_kind": "publicity.activity",
            "offline_client_id": str(uuid.uuid4()),
            "unit": world.village.pk,
            "title": "民法典进村庄",
            "date": today,
            "kind": "lecture",
            "topics": Topic.objects.first().pk,  # type: ignore[union-attr]
            "sectors": Sector.objects.get(code="village").pk,
            "units_reached": world.village.pk,
            "lead_unit": world.township.pk,
            "participants": 40,
            "materials": 100,
            "cost": 0,
        },
    )
    assert activity.status_code == 201, activity.content
    made = PublicityActivity.objects.get()
    assert (made.unit, made.created_by) == (world.village, world.village_cadre)
    assert audited(made) == 1

    dispute = cadre.post(
        SYNC,
        {
            "offline_kind": "mediation.dispute",
            "offline_client_id": str(uuid.uuid4()),
            "unit": world.village.pk,
            "title": "宅基地纠纷",
            "category": DisputeCategory.objects.filter(active=True).first().pk,  # type: ignore[union-attr]
            "facts": "两户因宅基地边界发生争执。",
            "source": "application",
            "found_on": today,
            "risk_level": "low",
            "party1_name": "王大山",
        },
    )
    assert dispute.status_code == 201, dispute.content
    registered = Dispute.objects.get()
    assert registered.number  # numbered by the workflow
    assert registered.parties.get().person.name == "王大山"


def test_a_request_during_discovery_waits_for_every_kind(monkeypatch: Any) -> None:
    """A threaded server's first requests (a page, its service worker's
    manifest) ask for the kinds at once (found walking the demo: 500 on
    /offline/manifest.json, dictionary changed size during iteration): a
    request while another finds them gets the whole set, not the dict being
    filled."""
    monkeypatch.setattr(offline, "_KINDS", {})
    monkeypatch.setattr(offline, "_discovered", False)
    seen: list[list[str]] = []
    others: list[threading.Thread] = []

    def ask() -> None:
        seen.append(sorted(offline.kinds()))

    def discover(name: str) -> None:
        offline.register("a.first", mock.Mock(), label="甲", create_page="core:offline_queue")
        other = threading.Thread(target=ask)
        others.append(other)
        other.start()
        other.join(timeout=0.5)  # it waits for the rest (the old code read the dict now)
        offline.register("b.second", mock.Mock(), label="乙", create_page="core:offline_queue")
        seen.append(["discovered"])

    monkeypatch.setattr(offline, "autodiscover_modules", discover)
    ask()
    others[0].join(timeout=5)
    assert seen[0] == ["discovered"]
    assert seen[1:] == [["a.first", "b.second"], ["a.first", "b.second"]]
