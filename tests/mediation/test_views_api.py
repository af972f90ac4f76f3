"""Pages, Excel export and API: scope (owner / colleague / outsider → 404),
query counts on lists, workflow steps through the page and the API with
Chinese field errors, and concurrent edits refused."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from fazhi.core import clocks, documents
from fazhi.core.models import AuditEvent
from fazhi.mediation import rules, workflow
from fazhi.mediation.models import Agreement, Dispute, MediationCase, Screening
from fazhi.mediation.workflow import AgreementInput
from tests.factories import valid_id_number

from .conftest import D, Med

pytestmark = pytest.mark.django_db

# Factory people are born 1980-05-17 (tests/factories.py) with a session-wide
# sequence; an ID a test makes up must not depend on how many came before.
OUTSIDE_FACTORY = dt.date(1991, 2, 3)


def _urls(med: Med, case: MediationCase) -> list[str]:
    return [
        reverse("mediation:dispute_detail", args=[med.dispute.pk]),
        reverse("mediation:case_detail", args=[case.pk]),
        reverse("mediation:committee_detail", args=[med.village_committee.pk]),
        reverse("mediation:mediator_detail", args=[med.village_mediator.pk]),
    ]


def test_detail_pages_owner_colleague_outsider(med: Med) -> None:
    case = med.case()
    for url in _urls(med, case):
        assert med.world.client(med.world.owner).get(url).status_code == 200, url
        assert med.world.client(med.world.colleague).get(url).status_code == 200, url
        assert med.world.client(med.world.village_cadre).get(url).status_code == 200, url
        assert med.world.client(med.world.outsider).get(url).status_code == 404, url
        assert med.world.client(med.world.village2_cadre).get(url).status_code == 404, url


def test_api_scope(med: Med) -> None:
    case = med.case()
    for url in (
        f"/api/v1/mediation-disputes/{med.dispute.pk}/",
        f"/api/v1/mediation-cases/{case.pk}/",
        f"/api/v1/mediation-committees/{med.village_committee.pk}/",
        f"/api/v1/mediation-mediators/{med.village_mediator.pk}/",
    ):
        assert med.world.client(med.world.owner).get(url).status_code == 200, url
        assert med.world.client(med.world.colleague).get(url).status_code == 200, url
        assert med.world.client(med.world.outsider).get(url).status_code == 404, url
    listed = med.world.client(med.world.outsider).get("/api/v1/mediation-disputes/").json()
    assert listed["count"] == 0 if isinstance(listed, dict) else listed == []


def _export_rows(client, url: str) -> list[tuple]:
    response = client.get(url, {"export": "xlsx"})
    assert response.status_code == 200
    ws = load_workbook(io.BytesIO(response.content)).active
    return list(ws.iter_rows(values_only=True))


def test_export_in_scope_only(med: Med, world) -> None:
    workflow.register_dispute(
        Dispute(
            unit=world.other_township,
            title="外乡纠纷",
            category=med.dispute.category,
            facts="x",
            source="application",
            found_on=D(2024, 9, 1),
        ),
        by=world.outsider,
    )
    url = reverse("mediation:dispute_list")
    owner_rows = _export_rows(world.client(world.owner), url)
    assert owner_rows[1][:4] == ("编号", "登记日期", "所属单位", "纠纷简述")
    titles = [r[3] for r in owner_rows[2:]]
    assert titles == ["宅基地界址纠纷"]
    assert owner_rows[2][4] == "申请人甲、被申请人乙"
    outsider_titles = [r[3] for r in _export_rows(world.client(world.outsider), url)[2:]]
    assert outsider_titles == ["外乡纠纷"]
    assert [r[3] for r in _export_rows(world.client(world.village2_cadre), url)[2:]] == []


def test_dispute_list_filters_and_query_count(
    med: Med, world, django_assert_max_num_queries
) -> None:
    for i in range(15):
        workflow.register_dispute(
            Dispute(
                unit=world.village if i % 2 else world.village2,
                title=f"纠纷{i}",
                category=med.dispute.category,
                facts="x",
                source="application",
                found_on=D(2024, 10, 1),
                risk_level="high" if i % 5 == 0 else "low",
                risk_reason="风险",
            ),
            parties=[
                workflow.PartyInput(
                    name=f"甲{i}", id_number=valid_id_number(100 + i, birth=OUTSIDE_FACTORY)
                ),
                workflow.PartyInput(name=f"乙{i}", role="respondent"),
            ],
            by=world.owner,
        )
    med.case()
    client = world.client(world.owner)
    url = reverse("mediation:dispute_list")
    with django_assert_max_num_queries(16):
        response = client.get(url)
    assert response.status_code == 200
    body = response.content.decode()
    assert "纠纷14" in body
    response = client.get(url, {"risk_level": "high", "unit_tree": world.village2.pk})
    body = response.content.decode()
    assert "纠纷0" in body and "纠纷10" in body and "纠纷5" not in body
    response = client.get(url, {"mediator": med.village_mediator.pk})
    assert (
        "宅基地界址纠纷" in response.content.decode() and "纠纷14" not in response.content.decode()
    )


def test_case_list_query_count(med: Med, world, django_assert_max_num_queries) -> None:
    for i in range(6):
        d = workflow.register_dispute(
            Dispute(
                unit=world.village,
                title=f"案{i}",
                category=med.dispute.category,
                facts="x",
                source="application",
                found_on=D(2024, 9, 1),
            ),
            parties=[
                workflow.PartyInput(person=med.applicant),
                workflow.PartyInput(person=med.respondent, role="respondent"),
            ],
            by=world.owner,
        )
        case = workflow.apply(
            d,
            committee=med.village_committee,
            start="ex_officio",
            applied_on=D(2024, 9, 2),
            by=world.owner,
        )
        workflow.accept(case, on=D(2024, 9, 2), by=world.owner)
        workflow.assign_mediator(
            case, mediator=med.village_mediator, on=D(2024, 9, 2), by=world.owner
        )
    client = world.client(world.owner)
    with django_assert_max_num_queries(16):
        response = client.get(reverse("mediation:case_list"))
    assert response.status_code == 200
    assert "荆竹村调〔2024〕6号" in response.content.decode()
    assert "2024-10-08" in response.content.decode()  # the one-month due date joined in SQL


@pytest.mark.parametrize("name", ["screening_list", "committee_list", "mediator_list"])
def test_other_lists_query_count(med: Med, world, name: str, django_assert_max_num_queries) -> None:
    for i in range(10):
        Screening.objects.create(
            unit=world.village, screened_on=D(2024, 9, 1 + i), screeners="a", scope="b"
        )
    client = world.client(world.owner)
    with django_assert_max_num_queries(14):
        response = client.get(reverse(f"mediation:{name}"))
    assert response.status_code == 200
    assert world.client(world.outsider).get(reverse(f"mediation:{name}")).status_code == 200


def test_create_dispute_page_refuses_bad_id_naming_the_field(world) -> None:
    client = world.client(world.owner)
    from fazhi.mediation.models import DisputeCategory

    good = valid_id_number(3, birth=OUTSIDE_FACTORY)
    data = {
        "unit": world.village.pk,
        "title": "借款纠纷",
        "category": DisputeCategory.objects.get(code="debt").pk,
        "facts": "借款未还",
        "source": "application",
        "found_on": "2024-09-01",
        "risk_level": "low",
        "party1_name": "张三",
        "party1_id_number": good[:17] + ("0" if good[17] != "0" else "1"),
    }
    response = client.post(reverse("mediation:dispute_create"), data)
    assert response.status_code == 200
    assert "申请人身份证号码" in response.content.decode()
    assert not Dispute.objects.filter(title="借款纠纷").exists()
    data["party1_id_number"] = good
    data["party2_name"] = "李四"
    response = client.post(reverse("mediation:dispute_create"), data)
    assert response.status_code == 302
    d = Dispute.objects.get(title="借款纠纷")
    assert d.parties.count() == 2 and d.number.startswith("湘源纠〔2024〕")


def test_page_workflow_steps_and_refusals(med: Med) -> None:
    client = med.world.client(med.world.owner)
    case = med.case(assign=False)
    url = reverse("mediation:case_action", args=[case.pk, "assign"])
    response = client.post(
        url,
        {
            "mediator": med.village_mediator.pk,
            "on": "2024-09-02",
            "declared_related": "on",
            "version": case.version,
        },
    )
    assert response.status_code == 400
    assert "应当回避" in response.content.decode()
    response = client.post(
        url, {"mediator": med.village_mediator.pk, "on": "2024-09-02", "version": case.version}
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == MediationCase.Status.MEDIATING
    response = client.post(
        reverse("mediation:case_action", args=[case.pk, "agreement"]),
        {
            "form": "written",
            "dated": "2024-09-10",
            "terms": "赔偿",
            "version": case.version,
        },
    )
    assert response.status_code == 400
    assert "书面调解协议书应当载明纠纷的主要事实" in response.content.decode()
    # Read-only role: refused.
    assert (
        med.world.client(med.world.county_user)
        .post(reverse("mediation:case_action", args=[case.pk, "session"]), {})
        .status_code
        == 403
    )
    # Outsider: 404.
    assert (
        med.world.client(med.world.outsider)
        .post(reverse("mediation:case_action", args=[case.pk, "session"]), {})
        .status_code
        == 404
    )


def test_stale_page_form_is_refused(med: Med) -> None:
    case = med.case(accept=False)
    stale = case.version
    c1, c2 = med.world.client(med.world.owner), med.world.client(med.world.colleague)
    assert (
        c1.post(
            reverse("mediation:case_action", args=[case.pk, "accept"]),
            {"on": "2024-09-02", "version": stale},
        ).status_code
        == 302
    )
    response = c2.post(
        reverse("mediation:case_action", args=[case.pk, "decline"]),
        {"on": "2024-09-02", "reason": "拒绝", "version": stale},
    )
    assert response.status_code == 400
    assert "请刷新后重新编辑" in response.content.decode()


def test_agreement_docx(med: Med) -> None:
    case = med.case()
    agreement = workflow.record_agreement(
        case,
        AgreementInput(
            form=Agreement.Form.WRITTEN,
            dated=D(2024, 9, 10),
            terms="赔偿1000元。",
            facts="事实",
            issues="争议",
            responsibilities="责任",
            performance_manner="现金",
            performance_place="村委会",
            performance_deadline=D(2024, 10, 31),
        ),
        by=med.world.owner,
    )
    url = reverse("mediation:agreement_docx", args=[case.pk])
    response = med.world.client(med.world.owner).get(url, {"reason": "办理需要"})
    assert response.status_code == 200
    from docx import Document

    text = "\n".join(p.text for p in Document(io.BytesIO(response.content)).paragraphs)
    assert "人民调解协议书" in text and agreement.number in text
    assert med.applicant.id_number in text  # judicial office may see personal data
    cadre_doc = med.world.client(med.world.village_cadre).get(url)
    cadre_text = "\n".join(p.text for p in Document(io.BytesIO(cadre_doc.content)).paragraphs)
    assert med.applicant.id_number not in cadre_text  # masked for a village cadre
    assert med.world.client(med.world.outsider).get(url).status_code == 404


def _written_agreement(med: Med) -> MediationCase:
    case = med.case()
    workflow.record_agreement(
        case,
        AgreementInput(
            form=Agreement.Form.WRITTEN,
            dated=D(2024, 9, 10),
            terms="赔偿1000元。",
            facts="事实",
            issues="争议",
            responsibilities="责任",
            performance_manner="现金",
            performance_place="村委会",
            performance_deadline=D(2024, 10, 31),
        ),
        by=med.world.owner,
    )
    return case


def test_agreement_with_full_id_numbers_asks_for_a_reason_and_audits_it(med: Med) -> None:
    """The agreement shows a PII role each party's ID number and address in
    full: it leaves only with a reason, in the export audit event with the
    fields (core.reasons). The masked agreement of a village cadre needs none;
    an outsider gets 404 with or without a reason."""
    from docx import Document

    case = _written_agreement(med)
    url = reverse("mediation:agreement_docx", args=[case.pk])
    events = AuditEvent.objects.filter(object_id=str(case.pk), action__in=["export", "download"])
    for user in (med.world.owner, med.world.colleague):
        client = med.world.client(user)
        asked = client.get(url)
        assert asked.status_code == 200 and asked["Content-Type"].startswith("text/html")
        assert 'name="reason_choice"' in asked.content.decode()
        assert med.applicant.id_number not in asked.content.decode()
        short = client.get(url, {"reason": "查"})
        assert short.status_code == 400 and "查看理由" in short.content.decode()
        refused = client.post(url, {"reason_choice": "other", "reason_detail": ""})
        assert refused.status_code == 400
        assert not events.filter(actor=user).exists()
        given = client.post(url, {"reason_choice": "handling", "reason_detail": "司法确认"})
        assert given.status_code == 200 and given["Content-Type"] == documents.DOCX_MIME
        text = "\n".join(p.text for p in Document(io.BytesIO(given.content)).paragraphs)
        assert med.applicant.id_number in text
        event = events.get(actor=user)
        assert event.action == "export"
        assert event.changes == {"字段": ["身份证号码", "住址"], "理由": "办理需要：司法确认"}
        assert "理由：办理需要：司法确认" in event.note
    cadre = med.world.client(med.world.village_cadre).get(url)
    assert cadre.status_code == 200 and cadre["Content-Type"] == documents.DOCX_MIME
    assert events.get(actor=med.world.village_cadre).action == "download"
    assert "理由" not in events.get(actor=med.world.village_cadre).changes
    outsider = med.world.client(med.world.outsider)
    assert outsider.get(url).status_code == 404
    assert outsider.get(url, {"reason": "办理需要"}).status_code == 404
    assert outsider.post(url, {"reason_choice": "handling"}).status_code == 404
    assert not events.filter(actor=med.world.outsider).exists()


def test_api_create_dispute_with_bad_party_id_is_400(world, med: Med) -> None:
    client = world.client(world.owner)
    payload = {
        "unit": world.village.pk,
        "title": "API纠纷",
        "category": med.dispute.category.pk,
        "facts": "x",
        "source": "application",
        "found_on": "2024-09-01",
        "parties": [{"name": "甲", "id_number": "123"}],
    }
    response = client.post("/api/v1/mediation-disputes/", payload, content_type="application/json")
    assert response.status_code == 400
    assert "parties" in response.json()
    payload["parties"] = [{"name": "甲", "id_number": valid_id_number(9, birth=OUTSIDE_FACTORY)}]
    payload["unit"] = world.other_township.pk
    response = client.post("/api/v1/mediation-disputes/", payload, content_type="application/json")
    assert response.status_code == 400 and "unit" in response.json()
    payload["unit"] = world.village.pk
    payload["risk_level"] = "high"
    response = client.post("/api/v1/mediation-disputes/", payload, content_type="application/json")
    assert response.status_code == 400 and "risk_reason" in response.json()
    payload["risk_reason"] = "激化"
    response = client.post("/api/v1/mediation-disputes/", payload, content_type="application/json")
    assert response.status_code == 201, response.content
    assert response.json()["party_list"][0]["name"] == "甲"


def test_api_case_steps_and_errors(med: Med) -> None:
    client = med.world.client(med.world.owner)
    response = client.post(
        f"/api/v1/mediation-disputes/{med.dispute.pk}/apply/",
        {
            "committee": med.village_committee.pk,
            "start": "application",
            "applied_on": "2024-09-02",
            "applicant": "申请人甲",
        },
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    case_id = response.json()["id"]
    base = f"/api/v1/mediation-cases/{case_id}"
    assert (
        client.post(
            f"{base}/accept/", {"on": "2024-09-02"}, content_type="application/json"
        ).status_code
        == 200
    )
    response = client.post(
        f"{base}/assign/",
        {"mediator": med.village_mediator.pk, "on": "bad"},
        content_type="application/json",
    )
    assert response.status_code == 400 and "on" in response.json()
    assert (
        client.post(
            f"{base}/assign/",
            {"mediator": med.village_mediator.pk, "on": "2024-09-02"},
            content_type="application/json",
        ).status_code
        == 200
    )
    response = client.post(
        f"{base}/agreement/",
        {"form": "oral", "dated": "2024-09-01", "terms": "x"},
        content_type="application/json",
    )
    assert response.status_code == 400 and "dated" in response.json()
    response = client.post(
        f"{base}/agreement/",
        {"form": "oral", "dated": "2024-09-05", "terms": "道歉"},
        content_type="application/json",
    )
    assert response.status_code == 200
    response = client.post(
        f"{base}/confirm/",
        {"applied_on": "2024-10-09", "court": "蓝山县人民法院", "joint": True},
        content_type="application/json",
    )
    assert response.status_code == 200
    case = MediationCase.objects.get(pk=case_id)
    assert case.agreement.confirmation.late
    assert clocks.clock(case, rules.CLOCK_CONFIRMATION).status == "stopped"
    assert med.world.client(med.world.outsider).post(f"{base}/accept/", {}).status_code == 404
    assert med.world.client(med.world.county_user).post(f"{base}/session/", {}).status_code == 403


def test_api_concurrent_edit_refused(med: Med) -> None:
    url = f"/api/v1/mediation-disputes/{med.dispute.pk}/"
    version = med.dispute.version
    c1, c2 = med.world.client(med.world.owner), med.world.client(med.world.colleague)
    assert (
        c1.patch(
            url, {"title": "甲改", "version": version}, content_type="application/json"
        ).status_code
        == 200
    )
    response = c2.patch(url, {"title": "乙改", "version": version}, content_type="application/json")
    assert response.status_code == 409 and response.json()["field"] == "version"
    assert Dispute.objects.get(pk=med.dispute.pk).title == "甲改"


def test_overview_and_missed(med: Med, world) -> None:
    workflow.register_dispute(
        Dispute(
            unit=world.village,
            title="高风险山林纠纷",
            category=med.dispute.category,
            facts="x",
            source="application",
            found_on=D(2024, 9, 1),
            risk_level="high",
            risk_reason="冲突",
        ),
        by=world.owner,
    )
    response = world.client(world.colleague).get(reverse("mediation:overview"))
    assert response.status_code == 200
    assert "高风险山林纠纷" in response.content.decode()
    assert (
        "高风险山林纠纷"
        not in world.client(world.outsider).get(reverse("mediation:overview")).content.decode()
    )
    response = world.client(world.owner).get(
        reverse("mediation:screening_missed"), {"start": "2024-09-02", "end": "2024-09-15"}
    )
    assert response.status_code == 200 and "紫良村" in response.content.decode()
    assert (
        "紫良村"
        not in world.client(world.village_cadre)
        .get(reverse("mediation:screening_missed"), {"start": "2024-09-02", "end": "2024-09-15"})
        .content.decode()
    )


def test_category_pages(world) -> None:
    assert world.client(world.owner).get(reverse("mediation:category_list")).status_code == 200
    assert (
        world.client(world.village_cadre).get(reverse("mediation:category_create")).status_code
        == 403
    )
    response = world.client(world.owner).post(
        reverse("mediation:category_create"),
        {"code": "tourism", "name": "旅游纠纷", "order": 20, "active": "on"},
    )
    assert response.status_code == 302
