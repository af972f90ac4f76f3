"""The REST API: creation through the workflow, steps as actions, refusals
as HTTP 400 naming the field in Chinese, personal data masked."""

from __future__ import annotations

import pytest

from fazhi.governance.models import DisclosureRequest, WorkPlan

from .conftest import D, make_request

pytestmark = pytest.mark.django_db


def test_create_task_via_api_starts_clock(world):
    plan = WorkPlan.objects.create(
        unit=world.township, year=2024, title="方案", issued_on=D(2024, 3, 1)
    )
    c = world.client(world.owner)
    r = c.post(
        "/api/v1/governance/tasks/",
        {
            "plan": plan.pk,
            "unit": world.township.pk,
            "title": "制定普法计划",
            "deadline": "2024-10-05",
        },
        content_type="application/json",
    )
    assert r.status_code == 201, r.content
    assert r.json()["due_date"] == "2024-10-05"  # the date the plan sets
    r = c.post(
        "/api/v1/governance/tasks/",
        {"plan": plan.pk, "unit": world.other_township.pk, "title": "x", "deadline": "2024-10-05"},
        content_type="application/json",
    )
    assert r.status_code == 400 and "单位" in r.json()["unit"][0]


def test_out_of_scope_reference_is_refused(world):
    other = WorkPlan.objects.create(unit=world.other_township, year=2024, title="外乡方案")
    r = world.client(world.owner).post(
        "/api/v1/governance/tasks/",
        {"plan": other.pk, "unit": world.township.pk, "title": "x", "deadline": "2024-10-05"},
        content_type="application/json",
    )
    assert r.status_code == 400 and "管辖范围" in r.json()["plan"][0]


def test_action_refusal_is_400_with_field_and_article(world):
    req = make_request(world, D(2024, 9, 25))
    c = world.client(world.owner)
    url = f"/api/v1/governance/disclosure-requests/{req.pk}/actions/extend/"
    r = c.post(
        url,
        {"on": "2024-10-21", "days": 25, "approver": "李主任", "reason": "数量大"},
        content_type="application/json",
    )
    assert r.status_code == 400
    assert "第三十三条" in r.json()["days"][0]
    r = c.post(url, {"on": "2024-10-21", "reason": "数量大"}, content_type="application/json")
    assert (
        r.status_code == 400 and "批准人" in r.json()["days"][0] + r.json().get("approver", [""])[0]
    )
    r = c.post(
        f"/api/v1/governance/disclosure-requests/{req.pk}/actions/reply/",
        {"on": "2024-10-09", "reply_type": "provided", "reply_text": "现提供"},
        content_type="application/json",
    )
    assert r.status_code == 200 and r.json()["status"] == "replied"
    # A write's echo is masked; the judicial office reads it in full with a
    # reason (core.api_pii).
    assert r.json()["phone"] == "138****1234"
    url = f"/api/v1/governance/disclosure-requests/{req.pk}/"
    assert c.get(url, {"reason": "答复送达"}).json()["phone"] == "13874661234"
    req.refresh_from_db()
    assert req.reply_no


def test_pii_masked_for_village_cadre_list(world):
    make_request(world, D(2024, 9, 25), unit=world.village)
    data = world.client(world.village_cadre).get("/api/v1/governance/disclosure-requests/").json()
    assert data["count"] == 1 and data["results"][0]["phone"].startswith("138****")
    assert DisclosureRequest.objects.get().phone == "13874661234"


def test_no_put_or_delete(world):
    req = make_request(world, D(2024, 9, 25))
    c = world.client(world.owner)
    assert c.delete(f"/api/v1/governance/disclosure-requests/{req.pk}/").status_code == 405
    assert (
        c.patch(
            f"/api/v1/governance/disclosure-requests/{req.pk}/", {}, content_type="application/json"
        ).status_code
        == 405
    )
