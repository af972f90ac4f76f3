"""After a workflow step every module says one sentence, 已办理：<step>。
(core.actions.step_done). Walking the demo, enforcement's 立案 said 已保存。,
mediation's steps 已办理：受理登记 without its full stop, governance's
已完成：开始推进 and law publicity its own words (计划已印发。); petitions said
已办理：受理。 already. A form that saves a record's facts, not a step, still
says 已保存。 (core.listing)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from fazhi.core import workflow as core_workflow
from fazhi.governance import workflow as gov_workflow
from fazhi.governance.models import WorkPlan, WorkTask
from tests.enforcement.conftest import enf  # noqa: F401  (fixtures used by name)
from tests.factories import World, world  # noqa: F401
from tests.mediation.conftest import med  # noqa: F401
from tests.petitions.conftest import leaders, register  # noqa: F401
from tests.publicity import helpers as publicity

D = dt.date
Step = tuple[Any, str, dict[str, Any]]  # (who posts, where, what)


def _enforcement_file(request: pytest.FixtureRequest) -> Step:
    e = request.getfixturevalue("enf")
    case = e.clue()
    url = reverse("enforcement:case_action", args=[case.pk, "file"])
    return e.by, url, {"file-on": "2024-03-05", "version": case.version}


def _enforcement_exam_register(request: pytest.FixtureRequest) -> Step:
    e = request.getfixturevalue("enf")
    person = e.person("报名人")
    url = reverse("enforcement:exam_register", args=[e.exam.pk])
    return e.by, url, {"reg-person": person.pk, "reg-registered_on": "2018-04-01"}


def _petitions_accept(request: pytest.FixtureRequest) -> Step:
    p = request.getfixturevalue("register")()
    clerk = request.getfixturevalue("leaders").clerk
    url = f"/petitions/{p.pk}/step/accept/"
    return clerk, url, {"accept-on": "2024-09-25", "version": p.version}


def _mediation_accept(request: pytest.FixtureRequest) -> Step:
    m = request.getfixturevalue("med")
    case = m.case(accept=False)
    url = reverse("mediation:case_action", args=[case.pk, "accept"])
    return m.world.owner, url, {"on": "2024-09-02", "version": case.version}


def _governance_start(request: pytest.FixtureRequest) -> Step:
    w: World = request.getfixturevalue("world")
    plan = core_workflow.create_record(
        WorkPlan(unit=w.township, year=2024, title="2024年法治政府建设工作方案"), by=w.owner
    )
    task = gov_workflow.add_task(
        WorkTask(
            plan=plan, unit=w.township, title="任务", deadline=D(2024, 6, 28), owner_user=w.owner
        ),
        by=w.owner,
    )
    return w.owner, reverse("governance:action", args=["task", task.pk, "start"]), {}


def _publicity_adopt(request: pytest.FixtureRequest) -> Step:
    w: World = request.getfixturevalue("world")
    plan = publicity.plan(w)
    publicity.item(w, plan)
    url = reverse("publicity:plan_adopt", args=[plan.pk])
    return w.owner, url, {"adopted_on": "2024-03-01", "doc_no": "湘源发〔2024〕1号"}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("build", "sentence"),
    [
        pytest.param(_enforcement_file, "已办理：立案。", id="enforcement-file"),
        pytest.param(_enforcement_exam_register, "已办理：报名。", id="enforcement-exam"),
        pytest.param(_petitions_accept, "已办理：受理。", id="petitions-accept"),
        pytest.param(_mediation_accept, "已办理：受理登记。", id="mediation-accept"),
        pytest.param(_governance_start, "已办理：开始推进。", id="governance-start"),
        pytest.param(_publicity_adopt, "已办理：印发。", id="publicity-adopt"),
    ],
)
def test_a_step_in_every_module_says_the_one_sentence(
    request: pytest.FixtureRequest, build: Callable[[pytest.FixtureRequest], Step], sentence: str
) -> None:
    user, url, data = build(request)
    response = request.getfixturevalue("world").client(user).post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert [str(m) for m in get_messages(response.wsgi_request)] == [sentence]
