"""What a township clerk reads on the governance pages (issue 15 item 12):
no developer notes, names instead of codes, states from the clock."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from lxml import html

from tests.factories import World

from .conftest import D, approved_document

pytestmark = pytest.mark.django_db

INTERNAL = re.compile(r"LAW\.md|UNCONFIRMED|\[S\]|\[C\]")


def visible_text(response) -> str:
    tree = html.fromstring(response.content)
    for node in tree.xpath("//script|//style"):
        node.drop_tree()
    return " ".join(t.strip() for t in tree.itertext() if t.strip())


def test_document_deadlines_show_the_legal_basis_without_markers(world: World) -> None:
    doc = approved_document(world, start=D(2024, 5, 6))
    text = visible_text(
        world.client(world.owner).get(reverse("governance:document_detail", args=[doc.pk]))
    )
    assert "国办发〔2018〕115号" in text  # the review period's basis, readable
    assert not INTERNAL.search(text), INTERNAL.findall(text)


def test_assessment_indicator_options_show_names_not_codes(world: World) -> None:
    from fazhi.core.indicators import REGISTRY
    from fazhi.governance.forms import AssessmentItemForm

    form = AssessmentItemForm(user=world.owner)
    rendered = str(form["source_key"])
    assert "依申请公开按期答复率" in rendered
    assert "（governance." not in rendered and "on_time_rate）" not in rendered
    offered = [k for _g, opts in form.fields["source_key"].choices[1:] for k, _l in opts]
    assert sorted(offered) == sorted(k for k, i in REGISTRY.items() if i.is_rate)


def test_demo_assessment_scores_are_numbers_and_add_up(world: World) -> None:
    """The demo's 2024 assessment after 系统计算得分: every cell a number (a
    unit with nothing to count loses nothing), 总分 their sum."""
    from decimal import Decimal

    from fazhi.core import demo
    from fazhi.governance import workflow as wf
    from fazhi.governance.demo import build
    from fazhi.governance.models import Assessment

    demo_world = demo.build_core()
    build(demo_world)
    a = Assessment.objects.get(unit=demo_world.township, year=2024)
    by = demo_world.users["sifasuo"]
    targets = list({s.target for s in a.scores.all()})
    assert wf.compute_scores(a, targets=targets, by=by) > 0
    response = world.client(by).get(reverse("governance:assessment_detail", args=[a.pk]))
    rows = html.fromstring(response.content).xpath('//table[@data-testid="scores"]/tbody/tr')
    assert len(rows) == len(targets)
    for row in rows:
        cells = [c.text_content().strip() for c in row.xpath("./td")][1:]
        *scores, total = cells
        assert all(re.fullmatch(r"\d+\.\d", s) for s in scores), cells
        assert Decimal(total) == sum(Decimal(s) for s in scores), cells
    enforcement = next(t for t in targets if t.name == "综合行政执法队")
    rect = a.scores.get(item__name="问题整改落实", target=enforcement)
    assert rect.score == Decimal("20.0") and "%" in rect.evidence  # from its records
    village = a.scores.get(item__name="依申请公开按期答复", target__name="荆竹村")
    assert village.score == Decimal("20.0") and "不扣分" in village.evidence


def test_overdue_request_reads_overdue_in_list_and_detail(world: World) -> None:
    """A request past its reply deadline reads 已超期 (the clock's state, as the
    home page counts it), not the clock row's 计时中."""
    from .conftest import make_request

    late = make_request(world, D(2024, 9, 25))  # due in 2024, never answered
    c = world.client(world.owner)
    listing = visible_text(c.get(reverse("governance:request_list")))
    assert "时限状态" in listing and "已超期" in listing
    detail = c.get(reverse("governance:request_detail", args=[late.pk]))
    states = html.fromstring(detail.content).xpath('//td[@data-testid="clock-state"]/text()')
    assert [s.strip() for s in states] == ["已超期"]
    assert "计时中" not in visible_text(detail)


def test_rectification_export_names_the_owner(world: World) -> None:
    import io

    from openpyxl import load_workbook

    from fazhi.governance import workflow as wf
    from fazhi.governance.models import Rectification

    from .conftest import PersonFactory, make_check

    world.officer.person = PersonFactory(unit=world.township, name="邓志刚")
    world.officer.save()
    wf.order_rectification(
        Rectification(
            unit=world.township,
            check_record=make_check(world),
            finding="笔录未签名",
            owner_user=world.officer,
            ordered_on=D(2024, 6, 20),
            deadline=D(2024, 7, 20),
        ),
        by=world.owner,
    )
    c = world.client(world.owner)
    assert "邓志刚" in visible_text(c.get(reverse("governance:rectification_list")))
    r = c.get(reverse("governance:rectification_list") + "?export=xlsx")
    cells = [str(v) for row in load_workbook(io.BytesIO(r.content)).active.values for v in row]
    assert "邓志刚" in cells and world.officer.username not in cells


def _options(response, name: str) -> list[str]:
    tree = html.fromstring(response.content)
    return [
        o.text_content().strip()
        for o in tree.xpath(f'//select[@name="{name}"]/option')
        if o.get("value")
    ]


def test_assignees_are_people_who_do_case_work(world: World) -> None:
    """Task and rectification owners: never the three administrators, the
    read-only county supervisor or a role-less account (form and workflow)."""
    from django.core.exceptions import ValidationError

    from fazhi.core.roles import Role
    from fazhi.governance import workflow as wf
    from fazhi.governance.models import Rectification, WorkTask
    from tests.factories import UserFactory

    from .conftest import make_check, make_task

    sysadmin = UserFactory(username="sysadmin", role=Role.SYSTEM_ADMIN, home_unit=world.township)
    auditor = UserFactory(username="auditadmin", role=Role.AUDIT_ADMIN, home_unit=world.township)
    c = world.client(world.owner)
    for url in (reverse("governance:task_create"), reverse("governance:rectification_create")):
        offered = " ".join(_options(c.get(url), "owner_user"))
        assert world.officer.username in offered and world.colleague.username in offered
        for outsider in (sysadmin, auditor, world.county_user):
            assert outsider.username not in offered, (url, outsider.username)
    from fazhi.core import workflow as core_workflow
    from fazhi.governance.models import WorkPlan

    the_plan = core_workflow.create_record(
        WorkPlan(unit=world.township, year=2024, title="方案", issued_on=D(2024, 3, 1)),
        by=world.owner,
    )
    for bad in (sysadmin, world.county_user):
        with pytest.raises(ValidationError) as exc:
            make_task(world, the_plan, D(2024, 6, 28), owner_user=bad)
        assert "owner_user" in exc.value.message_dict
        with pytest.raises(ValidationError) as exc:
            wf.order_rectification(
                Rectification(
                    unit=world.township,
                    check_record=make_check(world),
                    finding="x",
                    owner_user=bad,
                    ordered_on=D(2024, 6, 20),
                    deadline=D(2024, 7, 20),
                ),
                by=world.owner,
            )
        assert "owner_user" in exc.value.message_dict
    assert not WorkTask.objects.exists() and not Rectification.objects.exists()


def test_only_the_township_issues_documents_and_decisions(world: World) -> None:
    from django.core.exceptions import ValidationError

    from fazhi.governance import workflow as wf
    from fazhi.governance.models import MajorDecision, NormativeDocument

    c = world.client(world.owner)
    for name, url in (
        ("document", reverse("governance:document_create")),
        ("decision", reverse("governance:decision_create")),
    ):
        offered = _options(c.get(url), "unit")
        assert offered == [world.township.name], (name, offered)
    r = c.post(
        reverse("governance:document_create"),
        {"unit": world.village.pk, "title": "村规民约", "drafting_office": "", "summary": ""},
    )
    assert r.status_code == 200 and not NormativeDocument.objects.exists()
    with pytest.raises(ValidationError) as exc:
        wf.draft_document(NormativeDocument(unit=world.village, title="村规"), by=world.owner)
    assert "unit" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        wf.launch_decision(
            MajorDecision(unit=world.village, title="村道", launched_on=D(2024, 4, 1)),
            by=world.owner,
        )
    assert "unit" in exc.value.message_dict
    assert not MajorDecision.objects.exists()
    # The API creates through the same step.
    api = c.post(
        "/api/v1/governance/normative-documents/",
        {"unit": world.village.pk, "title": "村规民约"},
        content_type="application/json",
    )
    assert api.status_code == 400 and not NormativeDocument.objects.exists()


def test_consultation_closed_after_its_minimum_is_not_late(world: World) -> None:
    doc = approved_document(world, start=D(2024, 5, 6))
    r = world.client(world.owner).get(reverse("governance:document_detail", args=[doc.pk]))
    states = [
        s.strip()
        for s in html.fromstring(r.content).xpath('//td[@data-testid="clock-state"]/text()')
    ]
    # The minimum is no clock (governance migration 0007): the page lists the
    # review's and filing's limits, none of them late.
    labels = html.fromstring(r.content).xpath('//table[@data-testid="clocks"]//td[1]//text()')
    assert not [t for t in labels if "征求意见" in t], labels
    assert states and "超期办结" not in " ".join(states), states


def test_home_lists_limits_but_not_a_consultations_minimum(world: World) -> None:
    from fazhi.governance import workflow as wf

    from .conftest import make_document, make_request

    make_request(world, D(2024, 9, 25))  # reply overdue since 2024
    wf.start_consultation(make_document(world), on=D(2024, 5, 6), by=world.owner)  # still open
    bench = world.client(world.owner).get(reverse("governance:index")).context["bench"]
    kinds = [c.kind for c in bench.clocks]
    assert kinds == [wf.CLOCK_REPLY]
    assert [c.state_label for c in bench.clocks] == ["已超期"]


def test_a_choice_left_blank_is_not_shown_as_a_bare_label(world: World) -> None:
    """A document in consultation has no 审核结论 yet: the page showed the
    label over nothing (walking the demo, 29 December); a blank choice is
    left out as every blank field is."""
    from fazhi.governance import workflow as wf

    from .conftest import make_document

    doc = make_document(world)
    wf.start_consultation(doc, on=D(2024, 5, 6), by=world.owner)
    r = world.client(world.owner).get(reverse("governance:document_detail", args=[doc.pk]))
    terms = [t.strip() for t in html.fromstring(r.content).xpath("//main//dl/dt/text()")]
    assert "征求意见开始日" in terms and "审核结论" not in terms, terms
