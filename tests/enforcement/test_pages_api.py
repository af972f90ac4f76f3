"""Pages, exports and the API: scope (owner / colleague / outsider → 404),
query counts, field errors, the public page and the case file."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from typing import Any

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from fazhi.core.documents import DOCX_MIME
from fazhi.core.models import AuditEvent
from fazhi.enforcement import workflow
from fazhi.enforcement.models import Disclosure, EnforcementCase

from .conftest import Enf

pytestmark = pytest.mark.django_db
D = dt.date

LISTS = [
    "case_list",
    "officer_list",
    "certificate_list",
    "training_list",
    "training_hours",
    "exam_list",
    "review_queue",
    "disclosure_list",
    "complaint_list",
]


def test_case_access_owner_colleague_outsider(enf: Enf) -> None:
    case = enf.to_stage("decided")
    url = reverse("enforcement:case_detail", args=[case.pk])
    api = f"/api/v1/enforcement/cases/{case.pk}/"
    for user, status in [(enf.w.officer, 200), (enf.w.colleague, 200), (enf.w.outsider, 404)]:
        client = enf.w.client(user)
        assert client.get(url).status_code == status
        assert client.get(api).status_code == status
        assert client.get(reverse("enforcement:case_file", args=[case.pk])).status_code == status
        export = client.get(
            reverse("enforcement:case_list"), {"export": "xlsx", "reason": "办理需要"}
        )
        rows = list(load_workbook(io.BytesIO(export.content)).active.iter_rows(values_only=True))
        found = any(case.number in [str(c) for c in row] for row in rows)
        assert found is (status == 200)


def test_api_list_is_scoped_and_pii_masked(enf: Enf) -> None:
    enf.to_stage("filed")
    data = enf.w.client(enf.w.officer).get("/api/v1/enforcement/cases/").json()
    assert data["count"] == 1 and data["results"][0]["id_number"].startswith("4311*")
    assert enf.w.client(enf.w.outsider).get("/api/v1/enforcement/cases/").json()["count"] == 0


@pytest.mark.parametrize("name", LISTS)
def test_list_pages_fixed_query_count(
    enf: Enf, name: str, django_assert_max_num_queries: Any
) -> None:
    for _ in range(3):
        enf.to_stage("decided")
    client = enf.w.client(enf.w.colleague)
    client.get(reverse(f"enforcement:{name}"))  # warm caches (content types, calendar)
    with django_assert_max_num_queries(22):
        response = client.get(reverse(f"enforcement:{name}"))
    assert response.status_code == 200


def test_case_list_filters(enf: Enf) -> None:
    officers = enf.pair()
    enf.to_stage("investigating", officers=officers)
    enf.clue(title="另一线索")
    client = enf.w.client(enf.w.officer)
    base = reverse("enforcement:case_list")
    assert "另一线索" not in client.get(base, {"stage": "investigating"}).content.decode()
    assert "占用林地" in client.get(base, {"officer": officers[0].person.name}).content.decode()
    assert "占用林地" in client.get(base, {"clock_state": "overdue"}).content.decode()
    assert "占用林地" not in client.get(base, {"clock_state": "on_time"}).content.decode()


def test_api_step_refusal_is_400_with_field(enf: Enf) -> None:
    case = enf.to_stage("filed")
    one = enf.officer("独行")
    client = enf.w.client(enf.w.officer)
    url = f"/api/v1/enforcement/cases/{case.pk}/steps/investigate/"
    body = {
        "kind": "inspection",
        "on": "2024-03-06",
        "place": "现场",
        "summary": "检查",
        "officers": [one.pk],
    }
    response = client.post(url, body)
    assert response.status_code == 400
    assert "第四十二条" in response.json()["officers"][0]
    missing = client.post(url, {"kind": "inspection"})
    assert missing.status_code == 400 and "地点" in missing.json()["place"][0]
    body["officers"] = [one.pk, enf.officer("同伴").pk]
    assert client.post(url, body).status_code == 200
    assert EnforcementCase.objects.get(pk=case.pk).stage == "investigating"


def test_page_step_refusal_shows_field_error_and_saves_nothing(enf: Enf) -> None:
    case = enf.to_stage("reviewed")
    client = enf.w.client(enf.w.officer)
    url = reverse("enforcement:case_action", args=[case.pk, "notify"])
    response = client.post(
        url,
        {
            "notify-on": "2024-03-17",
            "notify-penalty_kind": "fine",
            "notify-fine_amount": "-5",
            "notify-facts": "f",
            "notify-legal_basis": "b",
        },
    )
    assert response.status_code == 400
    assert "罚款金额不能为负数" in response.content.decode()
    assert EnforcementCase.objects.get(pk=case.pk).stage == "reviewed"


def test_public_page_without_login_masks_personal_details(enf: Enf, client: Any) -> None:
    case = enf.to_stage("decided")
    workflow.publish(Disclosure.objects.get(case=case), on=D(2024, 3, 20), by=enf.by)
    enf.to_stage("decided", party_name="李四")  # not published
    html = client.get(reverse("enforcement:public")).content.decode()
    assert case.decision_number in html and "张*" in html
    assert "张三" not in html and "李四" not in html and "431127198005170010" not in html
    assert "13812345678" not in html


def test_case_file_zip_has_decision_and_manifest(enf: Enf) -> None:
    case = enf.to_stage("decided")
    response = enf.w.client(enf.w.officer).get(
        reverse("enforcement:case_file", args=[case.pk]), {"reason": "办理需要"}
    )
    names = zipfile.ZipFile(io.BytesIO(response.content)).namelist()
    assert "manifest.json" in names and "01_文书/行政处罚决定书.docx" in names
    assert "00_办案过程.txt" in names
    docx = enf.w.client(enf.w.officer).get(
        reverse("enforcement:case_decision", args=[case.pk]), {"reason": "办理需要"}
    )
    assert docx.status_code == 200 and docx.content[:2] == b"PK"


def test_detail_pages_render(enf: Enf) -> None:
    officer = enf.officer("页面")
    case = enf.to_stage("served")
    client = enf.w.client(enf.w.colleague)
    for url in [
        officer.get_absolute_url(),
        officer.certificates.get().get_absolute_url(),
        case.get_absolute_url(),
        reverse("enforcement:case_create"),
        reverse("enforcement:summary_create"),
        reverse("enforcement:officer_create"),
        reverse("enforcement:training_create"),
    ]:
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize(
    ("name", "mime"),
    [
        ("enforcement:case_file", "application/zip"),
        ("enforcement:case_decision", DOCX_MIME),
    ],
)
def test_case_documents_ask_for_a_reason_and_audit_it(enf: Enf, name: str, mime: str) -> None:
    """The decision names the party with ID number and address in full, and
    the case file holds the decision: like every full-PII export each leaves
    only with a reason, in its export audit event with the fields."""
    case = enf.to_stage("decided")
    url = reverse(name, args=[case.pk])
    exports = AuditEvent.objects.filter(action="export", object_id=str(case.pk))
    for user in (enf.w.officer, enf.w.colleague):
        client = enf.w.client(user)
        asked = client.get(url)
        page = asked.content.decode()
        assert asked.status_code == 200 and asked["Content-Type"].startswith("text/html")
        assert 'name="reason_choice"' in page and case.number in page
        assert not exports.filter(actor=user).exists()
        short = client.get(url, {"reason": "查"})
        assert short.status_code == 400 and "查看理由" in short.content.decode()
        refused = client.post(url, {"reason_choice": "other", "reason_detail": ""})
        assert refused.status_code == 400 and not exports.filter(actor=user).exists()
        given = client.post(url, {"reason_choice": "contact", "reason_detail": "送达核对"})
        assert given.status_code == 200 and given.content[:2] == b"PK"
        assert given["Content-Type"] == mime
        event = exports.get(actor=user)
        assert event.changes["理由"] == "联系当事人：送达核对"
        assert "身份证号码/统一社会信用代码" in event.changes["字段"]
        assert "理由：联系当事人：送达核对" in event.note
    outsider = enf.w.client(enf.w.outsider)
    assert outsider.get(url).status_code == 404
    assert outsider.get(url, {"reason": "办理需要"}).status_code == 404
    assert outsider.post(url, {"reason_choice": "handling"}).status_code == 404
    assert not exports.filter(actor=enf.w.outsider).exists()


def test_the_filed_decision_attachment_asks_for_a_reason(enf: Enf) -> None:
    """The decision the workflow files on the case is the same full-PII
    document by another door (core.views.attachment_download asks when the
    owner says so: EnforcementCase.attachment_holds_pii)."""
    from fazhi.core.attachments import attachments_of

    case = enf.to_stage("decided")
    filed = [a for a in attachments_of(case) if a.description == "行政处罚决定书"]
    assert filed, "the decided case has its decision filed"
    url = reverse("core:attachment", args=[filed[0].pk])
    exports = AuditEvent.objects.filter(action="export", object_id=str(case.pk))
    for user in (enf.w.officer, enf.w.colleague):
        client = enf.w.client(user)
        asked = client.get(url)
        assert asked.status_code == 200 and 'name="reason_choice"' in asked.content.decode()
        assert client.get(url, {"reason": "查"}).status_code == 400
        assert not exports.filter(actor=user).exists()
        given = client.get(url, {"reason": "送达核对"})
        assert given.status_code == 200 and b"".join(given.streaming_content)[:2] == b"PK"
        assert exports.get(actor=user).changes["理由"] == "送达核对"
    outsider = enf.w.client(enf.w.outsider)
    assert outsider.get(url).status_code == 404
    assert outsider.get(url, {"reason": "办理需要"}).status_code == 404
