"""The governance pages in English (issue 15): every page of the module, an
export and a generated document hold no Chinese but the records' own data
(names, units, titles, 文号) and the laws' titles, which stay Chinese with their
English names beside them (core.i18n.glossed)."""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.utils import translation
from openpyxl import load_workbook

from fazhi.core import audit
from fazhi.core import workflow as core_workflow
from fazhi.core.errors import RuleViolation
from fazhi.core.i18n import chinese_number, glossed
from fazhi.core.indicators import REGISTRY
from fazhi.core.models import OrgUnit, Person, User
from fazhi.governance import rules
from fazhi.governance import workflow as wf
from fazhi.governance.models import (
    Assessment,
    AssessmentItem,
    WorkPlan,
)
from fazhi.governance.urls import PATHS
from tests.core.test_i18n import CJK, _ct, _english, _visible_texts, english_page, export_header

from .conftest import (
    D,
    approved_document,
    make_adviser,
    make_check,
    make_decision,
    make_request,
    make_task,
    order_finding,
)


def test_chinese_numbers_of_articles() -> None:
    assert [chinese_number(n) for n in ("三", "十五", "三十六", "二百零五", "一百", "24")] == [
        3,
        15,
        36,
        205,
        100,
        24,
    ]


def test_a_law_title_stays_chinese_with_its_english_name_beside_it() -> None:
    with translation.override("en"):
        assert glossed(rules.REPLY_RULE) == (
            "《政府信息公开条例》第三十三条 (Regulations on Open Government Information, Art. 33)"
        )
        assert glossed(rules.THIRD_PARTY_RULE) == (
            "《政府信息公开条例》第三十二条、第三十四条 "
            "(Regulations on Open Government Information, Art. 32, Art. 34)"
        )
        assert glossed(rules.EFFECT_RULE) == (
            "《湖南省规范性文件管理办法》（2018年修正）第二十条 (Hunan Provincial Measures for "
            "the Administration of Normative Documents (2018 amendment), Art. 20)"
        )
        assert glossed(rules.DECISION_REG) == (
            "《重大行政决策程序暂行条例》 "
            "(Interim Regulations on Major Administrative Decision-Making Procedures)"
        )
        # A citation that is a catalogue entry is translated whole, its 文号 kept.
        assert glossed(rules.CONSULTATION_RULE) == (
            "Rule-of-law government model indicators, item 24 (国办发〔2018〕37号)"
        )
        # A refusal names its rule the same way.
        refused = RuleViolation("x", field="on", rule=rules.REPLY_RULE)
        assert refused.messages == [
            "x (basis: 《政府信息公开条例》第三十三条 "
            "(Regulations on Open Government Information, Art. 33))"
        ]
    # Chinese stays as it is.
    assert glossed(rules.REPLY_RULE) == "《政府信息公开条例》第三十三条"


def _records(world: Any) -> dict[str, Any]:
    """One record of each register, taken through its first steps (clocks,
    history and audit notes written in Chinese, as a clerk would)."""
    plan = core_workflow.create_record(
        WorkPlan(unit=world.township, year=2024, title="2024年法治政府建设工作方案"),
        by=world.owner,
    )
    task = make_task(world, plan, D(2024, 6, 30), title="开展述法评议")
    document = approved_document(world)
    request = make_request(world, D(2024, 9, 25))
    wf.reply_request(
        request, on=D(2024, 10, 9), reply_type="provided", reply_text="见附件", by=world.owner
    )
    adviser = make_adviser(world)
    decision = make_decision(world)
    check = make_check(world)
    rectification = order_finding(world, check, "笔录未签名", owner_user=world.officer)
    assessment = core_workflow.create_record(
        Assessment(unit=world.township, year=2024, title="2024年依法行政考核"), by=world.owner
    )
    AssessmentItem.objects.create(
        assessment=assessment,
        name="按期答复",
        max_score=Decimal("20"),
        source_key="governance.ogi.on_time_rate",
    )
    return {
        "plan": plan,
        "task": task,
        "document": document,
        "request": request,
        "adviser": adviser,
        "decision": decision,
        "check": check,
        "rectification": rectification,
        "assessment": assessment,
    }


@pytest.mark.django_db
def test_governance_pages_and_export_in_english(world: Any) -> None:
    """Log in, switch to English, open every register of the module and a
    record of each: what is left in Chinese is the records' data (titles,
    names, units, 文号) and the laws' titles."""
    made = _records(world)
    document, request = made["document"], made["request"]
    data = {
        "2024年法治政府建设工作方案",
        "开展述法评议",
        "农村村民建房管理办法",
        "采纳3条。",
        "合法。",
        "审议通过。",
        "张明华",
        "张*华",
        "2024年低保评议会议记录",
        "见附件",
        "雷正言",
        "湖南舜陵律师事务所",
        "高标准农田建设项目实施方案",
        "草案",
        "专项检查",
        "笔录未签名",
        "2024年依法行政考核",
        "按期答复",
        "司法所",  # the role's name glossed: “Judicial office (司法所)”
        rules.NORMATIVE_NOTICE,  # a 文号 cited beside an English rule
        "国办发〔2018〕115号",
        world.township.name,
        world.county.name,
        world.village.name,
        world.village2.name,
        world.other_township.name,
        *(p.name for p in Person.objects.all()),
        *(u.display_name for u in User.objects.all()),
    }
    request.refresh_from_db()
    data |= {value for value in (document.doc_no, request.reply_no) if value}  # 文号
    # The assessment offers every module's figures as sources: the labels of
    # the other modules' figures are theirs to translate (issue 15, app by app).
    data |= {str(i.label) for key, i in REGISTRY.items() if not key.startswith("governance.")}
    data |= {request.code, *(u.name for u in OrgUnit.objects.all())}
    client = world.client(world.owner)
    pages = [
        "/governance/",
        "/governance/plans/",
        made["plan"].get_absolute_url(),
        "/governance/tasks/",
        made["task"].get_absolute_url(),
        "/governance/documents/",
        document.get_absolute_url(),
        "/governance/decisions/",
        made["decision"].get_absolute_url(),
        "/governance/advisers/",
        made["adviser"].get_absolute_url(),
        "/governance/requests/",
        request.get_absolute_url(),
        "/governance/checks/",
        made["check"].get_absolute_url(),
        "/governance/rectifications/",
        made["rectification"].get_absolute_url(),
        "/governance/assessments/",
        made["assessment"].get_absolute_url(),
        "/governance/leaders/",
        "/governance/ogi-report/?year=2024",
        "/governance/ogi-catalogue/",
        # The history tabs: notes stored in Chinese, shown in English.
        *(f"/history/{_ct(made[k])}/{made[k].pk}/" for k in ("document", "request", "task")),
        # Every other register, and the forms that create a record.
        *(f"/governance/{prefix}/" for prefix in PATHS.values()),
        *(f"/governance/{prefix}/new/" for prefix in PATHS.values()),
    ]
    left = {url: english_page(client, url, data) for url in pages}
    left = {url: texts for url, texts in left.items() if texts}
    assert not left, "\n".join(f"{url}: {texts}" for url, texts in left.items())
    for url in (
        "/governance/tasks/?export=xlsx",
        "/governance/documents/?export=xlsx",
        "/governance/rectifications/?export=xlsx",
    ):
        header = export_header(client, url)
        assert header and not [h for h in header if CJK.search(h)], (url, header)
    # The OGI annual report tables: every row label in English too.
    response = _english(client).get("/governance/ogi-report/?year=2024&export=xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    labels = [str(row[0]) for row in sheet.iter_rows(values_only=True) if row[0]]
    assert not [x for x in labels if CJK.search(x)], labels


@pytest.mark.django_db
def test_a_law_title_is_glossed_on_a_clock(world: Any) -> None:
    """A clock's legal basis is stored in Chinese and shown with its English
    gloss; the refusal of a step names its rule the same way."""
    request = make_request(world, D(2024, 9, 25))
    english = _visible_texts(
        _english(world.client(world.owner)).get(request.get_absolute_url()).content
    )
    assert rules.REPLY_RULE + " (Regulations on Open Government Information, Art. 33)" in english
    chinese = _visible_texts(world.client(world.owner).get(request.get_absolute_url()).content)
    assert rules.REPLY_RULE in chinese


@pytest.mark.django_db
def test_official_documents_stay_chinese_for_an_english_reader(world: Any) -> None:
    """The OGI reply (.docx) is an official document: Chinese, whoever
    downloads it; its file name follows the reader's language."""
    request = make_request(world, D(2024, 9, 25))
    wf.reply_request(
        request, on=D(2024, 10, 9), reply_type="provided", reply_text="见附件", by=world.owner
    )
    response = _english(world.client(world.owner)).get(
        f"/governance/requests/{request.pk}/reply.docx"
    )
    assert response.status_code == 200
    assert f"Reply-{request.code}.docx" in response["Content-Disposition"]
    from docx import Document

    text = "\n".join(p.text for p in Document(io.BytesIO(response.content)).paragraphs)
    assert "政府信息公开申请答复书" in text or "根据《政府信息公开条例》第三十六条第二项" in text
    assert "Regulations" not in text
    note = audit.history(request).filter(action="download").latest("pk").note
    assert note == f"下载 答复书-{request.code}.docx"


@pytest.mark.django_db
def test_public_pages_in_english(world: Any) -> None:
    """The citizen's pages (documents in force, proactive disclosures, the
    application form, tracking by code) switch to English too."""
    request = make_request(world, D(2024, 9, 25))
    data = {
        world.township.name,
        world.county.name,
        *(u.name for u in OrgUnit.objects.all()),
        "2024年低保评议会议记录",
        request.code,
    }
    client = Client()
    for url in (
        "/governance/public/documents/",
        "/governance/public/disclosures/",
        "/governance/public/disclosure/apply/",
        f"/governance/public/disclosure/track/?code={request.code}",
    ):
        left = english_page(client, url, data)
        assert not left, (url, left)
