"""Access for every record kind: owner and colleague in scope see it; an
outsider gets 404 on the page, the API and the export; lists run in a fixed
number of queries."""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from fazhi.core import workflow as core_workflow
from fazhi.governance import workflow as wf
from fazhi.governance.api import API_PATHS
from fazhi.governance.models import (
    Assessment,
    CaseFileEvaluation,
    CleanupRound,
    Consultation,
    DecisionCatalogue,
    LawReport,
    LitigationCase,
    Meeting,
    ProactiveDisclosure,
    ReconsiderationCase,
    Rectification,
    SupervisionCheck,
    WorkPlan,
    WorkTask,
)

from .conftest import (
    D,
    PersonFactory,
    catalogue_item,
    make_adviser,
    make_decision,
    make_document,
    make_request,
)

pytestmark = pytest.mark.django_db


def _plan(w, i):
    return core_workflow.create_record(
        WorkPlan(unit=w.township, year=2024, title=f"方案记录{i}"), by=w.owner
    )


def _task(w, i):
    plan = WorkPlan.objects.filter(unit=w.township).first() or _plan(w, 99)
    return wf.add_task(
        WorkTask(
            plan=plan,
            unit=w.township,
            title=f"任务记录{i}",
            deadline=D(2024, 6, 28),
            owner_person=PersonFactory(unit=w.township),
        ),
        by=w.owner,
    )


def _meeting(w, i):
    return core_workflow.create_record(
        Meeting(
            unit=w.township,
            held_on=D(2024, 3, i + 1),
            kind="party_committee",
            title=f"会议记录{i}",
            topics="法治",
            chair=PersonFactory(unit=w.township),
        ),
        by=w.owner,
    )


def _lawreport(w, i):
    return core_workflow.create_record(
        LawReport(
            unit=w.township,
            person=PersonFactory(unit=w.township),
            year=2024,
            reported_on=D(2024, 12, 26),
            occasion=f"述法记录{i}",
        ),
        by=w.owner,
    )


def _document(w, i):
    doc = make_document(w)
    doc.title = f"文件记录{i}"
    doc.save()
    return doc


def _cleanup(w, i):
    return core_workflow.create_record(
        CleanupRound(unit=w.township, year=2024, title=f"清理记录{i}", started_on=D(2024, 3, 1)),
        by=w.owner,
    )


def _adviser(w, i):
    a = make_adviser(w)
    a.name = f"顾问记录{i}"
    a.save()
    return a


def _consultation(w, i):
    return wf.request_consultation(
        Consultation(
            unit=w.township,
            adviser=make_adviser(w),
            kind="contract_review",
            matter=f"合同记录{i}",
            requested_on=D(2024, 5, 6),
        ),
        by=w.owner,
    )


def _catalogue(w, i):
    return core_workflow.create_record(
        DecisionCatalogue(unit=w.township, year=2024 - i, title=f"目录记录{i}", entries="a"),
        by=w.owner,
    )


def _decision(w, i):
    d = make_decision(w)
    d.title = f"决策记录{i}"
    d.save()
    return d


def _proactive(w, i):
    item = catalogue_item(w)
    return wf.register_proactive(
        ProactiveDisclosure(
            unit=w.township, item=item, title=f"公开记录{i}", content="x", created_on=D(2024, 5, 6)
        ),
        by=w.owner,
    )


def _request(w, i):
    return make_request(w, D(2024, 5, 6), name=f"申请人记录{i}")


def _check(w, i):
    return core_workflow.create_record(
        SupervisionCheck(
            unit=w.township,
            title=f"检查记录{i}",
            kind="routine",
            checked_unit=w.township,
            checked_on=D(2024, 6, 1),
        ),
        by=w.owner,
    )


def _evaluation(w, i):
    return core_workflow.create_record(
        CaseFileEvaluation(
            unit=w.township,
            case_ref=f"评查记录{i}",
            case_title="案",
            evaluated_on=D(2024, 6, 1),
            score=Decimal("90"),
            grade="excellent",
        ),
        by=w.owner,
    )


def _rectification(w, i):
    return wf.order_rectification(
        Rectification(
            unit=w.township,
            check_record=_check(w, 100 + i),
            finding=f"整改记录{i}",
            ordered_on=D(2024, 6, 3),
            deadline=D(2024, 7, 3),
        ),
        by=w.owner,
    )


def _assessment(w, i):
    return core_workflow.create_record(
        Assessment(unit=w.township, year=2020 + i, title=f"考核记录{i}"), by=w.owner
    )


def _reconsideration(w, i):
    return wf.register_reconsideration(
        ReconsiderationCase(
            unit=w.township,
            case_no=f"复议记录{i}",
            applicant="欧某",
            matter="x",
            organ="县政府",
            copy_received_on=D(2024, 8, 5),
        ),
        by=w.owner,
    )


def _litigation(w, i):
    return core_workflow.create_record(
        LitigationCase(
            unit=w.township,
            case_no=f"诉讼记录{i}",
            plaintiff="唐某",
            matter="x",
            court="法院",
            filed_on=D(2024, 9, 2),
        ),
        by=w.owner,
    )


MAKERS: dict[str, Any] = {
    "plan": _plan,
    "task": _task,
    "meeting": _meeting,
    "lawreport": _lawreport,
    "document": _document,
    "cleanup": _cleanup,
    "adviser": _adviser,
    "consultation": _consultation,
    "catalogue": _catalogue,
    "decision": _decision,
    "proactive": _proactive,
    "request": _request,
    "check": _check,
    "evaluation": _evaluation,
    "rectification": _rectification,
    "assessment": _assessment,
    "reconsideration": _reconsideration,
    "litigation": _litigation,
}
MARK = {
    "plan": "方案记录",
    "task": "任务记录",
    "meeting": "会议记录",
    "lawreport": "述法记录",
    "document": "文件记录",
    "cleanup": "清理记录",
    "adviser": "顾问记录",
    "consultation": "合同记录",
    "catalogue": "目录记录",
    "decision": "决策记录",
    "proactive": "公开记录",
    "request": "申请人记录",
    "check": "检查记录",
    "evaluation": "评查记录",
    "rectification": "整改记录",
    "assessment": "考核记录",
    "reconsideration": "复议记录",
    "litigation": "诉讼记录",
}


@pytest.mark.parametrize("kind", list(MAKERS))
def test_scope_on_page_api_and_export(world, kind):
    obj = MAKERS[kind](world, 1)
    detail = reverse(f"governance:{kind}_detail", args=[obj.pk])
    lst = reverse(f"governance:{kind}_list")
    api = f"/api/v1/governance/{API_PATHS[kind]}/"
    for user in (world.owner, world.colleague):
        c = world.client(user)
        assert c.get(detail).status_code == 200
        assert MARK[kind] in c.get(lst).content.decode()
        assert c.get(f"{api}{obj.pk}/").status_code == 200
    out = world.client(world.outsider)
    assert out.get(detail).status_code == 404
    assert MARK[kind] not in out.get(lst).content.decode()
    assert out.get(f"{api}{obj.pk}/").status_code == 404
    assert out.get(api).json()["count"] == 0
    assert out.post(reverse("governance:action", args=[kind, obj.pk, "x"])).status_code == 404
    wb = load_workbook(io.BytesIO(out.get(lst + "?export=xlsx&reason=办理需要").content))
    cells = " ".join(str(c.value) for row in wb.active.iter_rows() for c in row)
    assert MARK[kind] not in cells
    wb = load_workbook(
        io.BytesIO(world.client(world.owner).get(lst + "?export=xlsx&reason=办理需要").content)
    )
    cells = " ".join(str(c.value) for row in wb.active.iter_rows() for c in row)
    assert MARK[kind] in cells


@pytest.mark.parametrize("kind", list(MAKERS))
def test_list_queries_do_not_grow(world, kind, django_assert_max_num_queries):
    for i in range(1, 4):
        MAKERS[kind](world, i)
    c = world.client(world.colleague)
    c.get(reverse(f"governance:{kind}_list"))  # warm caches (content types, sessions)
    with django_assert_max_num_queries(12):
        r = c.get(reverse(f"governance:{kind}_list"))
    assert r.status_code == 200


def test_village_cadre_sees_only_own_village(world):
    plan = _plan(world, 1)
    own = wf.add_task(
        WorkTask(plan=plan, unit=world.village, title="荆竹村任务", deadline=D(2024, 6, 28)),
        by=world.owner,
    )
    other = wf.add_task(
        WorkTask(plan=plan, unit=world.village2, title="紫良村任务", deadline=D(2024, 6, 28)),
        by=world.owner,
    )
    c = world.client(world.village_cadre)
    assert c.get(reverse("governance:task_detail", args=[own.pk])).status_code == 200
    assert c.get(reverse("governance:task_detail", args=[other.pk])).status_code == 404


def test_county_supervisor_reads_but_cannot_act(world):
    obj = _task(world, 1)
    c = world.client(world.county_user)
    assert c.get(reverse("governance:task_detail", args=[obj.pk])).status_code == 200
    r = c.post(reverse("governance:action", args=["task", obj.pk, "start"]))
    assert r.status_code == 403
    assert c.post(f"/api/v1/governance/tasks/{obj.pk}/actions/start/", {}).status_code == 403
