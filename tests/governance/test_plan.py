"""Annual plan tasks (clock, reminders, overdue), meetings, the leader page."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from fazhi.core import workflow as core_workflow
from fazhi.core.errors import RuleViolation
from fazhi.core.indicators import Period, compute
from fazhi.core.models import GroupMembership, LeadershipGroup, Reminder
from fazhi.governance import workflow as wf
from fazhi.governance.models import LawReport, Meeting, WorkPlan, WorkTask

from .conftest import D, PersonFactory, make_task

pytestmark = pytest.mark.django_db


def test_task_due_date_is_the_deadline_the_plan_sets(world, plan):
    # 2024-10-05 is inside the National Day holiday and 2024-12-22 a Sunday:
    # a date set by the plan is not a period, it does not roll (issue 15 item
    # 12: 完成时限 2026-12-20 read 截止日 2026-12-21, "期限1024日 from 2024-03-01").
    for deadline in (D(2024, 10, 5), D(2024, 12, 22)):
        task = make_task(world, plan, deadline)
        task.refresh_from_db()
        assert task.due_date == deadline
    from fazhi.core import clocks

    assert not clocks.clocks_for(task).exists()
    page = world.client(world.owner).get(reverse("governance:task_detail", args=[task.pk]))
    body = page.content.decode()
    assert 'data-testid="clocks"' not in body  # no period counted from the plan's date
    assert "期限" not in " ".join(str(label) for label, _v in page.context["field_rows"])


def test_a_task_belongs_to_the_plan_of_its_year(world, plan):
    with pytest.raises(RuleViolation) as exc:
        make_task(world, plan, D(2026, 12, 20))
    assert "plan" in exc.value.message_dict
    assert not WorkTask.objects.exists()
    plan_2026 = wf.add_year_plan(world.township, 2026, by=world.owner)
    assert plan_2026.year == 2026 and plan_2026.unit == world.township
    assert wf.add_year_plan(world.township, 2026, by=world.owner) == plan_2026  # once
    task = make_task(world, plan_2026, D(2026, 12, 20))
    assert task.plan == plan_2026 and task.due_date == D(2026, 12, 20)
    with pytest.raises(RuleViolation):
        wf.add_year_plan(world.village, 2026, by=world.village_cadre)
    with pytest.raises(RuleViolation):
        wf.add_year_plan(world.township, 2026, by=world.county_user)  # read-only


def test_task_form_proposes_this_years_plan_and_the_page_creates_it(world, plan, monkeypatch):
    from django.utils import timezone

    monkeypatch.setattr(timezone, "localdate", lambda *a: D(2026, 12, 4))
    c = world.client(world.owner)
    home = c.get(reverse("governance:index")).content.decode()
    assert "2026年工作方案尚未制定" in home
    r = c.post(reverse("governance:plan_for_year"))
    this_year = WorkPlan.objects.get(unit=world.township, year=2026)
    assert r.status_code == 302 and r["Location"] == this_year.get_absolute_url()
    form = c.get(reverse("governance:task_create")).context["form"]
    assert form.initial["plan"] == this_year.pk


def test_task_deadline_before_plan_is_refused(world, plan):
    with pytest.raises(RuleViolation) as exc:
        make_task(world, plan, D(2024, 2, 1))
    assert "deadline" in exc.value.message_dict
    assert not WorkTask.objects.exists()


def test_task_outside_plan_unit_is_refused(world, plan):
    with pytest.raises(RuleViolation):
        make_task(world, plan, D(2024, 6, 1), unit=world.other_township)


def test_complete_requires_result_and_stops_clock(world, plan):
    task = make_task(world, plan, D(2024, 6, 28))
    with pytest.raises(RuleViolation) as exc:
        wf.complete_task(task, on=D(2024, 6, 20), result="  ", by=world.owner)
    assert "result" in exc.value.message_dict
    task = wf.complete_task(task, on=D(2024, 6, 20), result="已完成，见附件。", by=world.owner)
    assert task.status == WorkTask.Status.DONE
    assert not task.is_overdue


def test_done_task_cannot_be_cancelled(world, plan):
    task = make_task(world, plan, D(2024, 6, 28))
    wf.complete_task(task, on=D(2024, 6, 20), result="完成", by=world.owner)
    with pytest.raises(RuleViolation):
        wf.cancel_task(task, on=D(2024, 6, 21), reason="重复", by=world.owner)


def test_overdue_task_reminds_owner_and_counts(world, plan, django_capture_on_commit_callbacks):
    late = make_task(world, plan, D(2024, 6, 28), title="超期任务", owner_user=world.colleague)
    on_time = make_task(world, plan, D(2024, 12, 31), title="按期任务")
    soon = make_task(world, plan, D(2024, 7, 3), title="临近任务")
    from fazhi.core import daily

    for _ in range(2):  # the daily job may run twice: each reminder arrives once
        with django_capture_on_commit_callbacks(execute=True):
            daily.run_all(D(2024, 7, 2))
    assert (
        Reminder.objects.filter(
            user=world.colleague, kind="overdue", title__contains="超期任务"
        ).count()
        == 1
    )
    assert (
        Reminder.objects.filter(
            user=world.owner, kind="due_soon", title__contains="临近任务"
        ).count()
        == 1
    )
    assert not Reminder.objects.filter(title__contains="按期任务").exists()
    wf.cancel_task(soon, on=D(2024, 7, 2), reason="合并", by=world.owner)
    wf.complete_task(late, on=D(2024, 7, 5), result="补做完成", by=world.owner)
    period = Period.year(2024)
    # Still open today (2026) past its 2024 due date: overdue too.
    assert compute("governance.plan.tasks.overdue", world.township, period) == 2
    wf.complete_task(on_time, on=D(2024, 12, 20), result="完成", by=world.owner)
    period = Period.year(2024)
    assert compute("governance.plan.tasks", world.township, period) == 2
    assert compute("governance.plan.tasks.done", world.township, period) == 2
    assert compute("governance.plan.tasks.overdue", world.township, period) == 1


def test_overdue_filter_on_task_list(world, plan):
    make_task(world, plan, D(2024, 6, 28), title="甲任务超期")
    c = world.client(world.owner)
    html = c.get(reverse("governance:task_list") + "?overdue=true").content.decode()
    assert "甲任务超期" in html


def test_plan_docx_lists_tasks(world, plan):
    make_task(world, plan, D(2024, 6, 28), title="制定普法计划")
    r = world.client(world.owner).get(reverse("governance:plan_docx", args=[plan.pk]))
    assert r.status_code == 200
    import io
    import zipfile

    xml = zipfile.ZipFile(io.BytesIO(r.content)).read("word/document.xml").decode()
    assert "制定普法计划" in xml
    assert (
        world.client(world.outsider)
        .get(reverse("governance:plan_docx", args=[plan.pk]))
        .status_code
        == 404
    )


def test_leader_page_counts_duties(world, plan):
    secretary = PersonFactory(unit=world.township, name="盘建国")
    head = PersonFactory(unit=world.township, name="赵永明")
    group = LeadershipGroup.objects.create(unit=world.township, name="推进依法行政工作领导小组")
    GroupMembership.objects.create(
        group=group, person=secretary, position="chair", is_first_responsible=True
    )
    GroupMembership.objects.create(group=group, person=head, position="vice_chair")
    for day in (D(2024, 2, 26), D(2024, 4, 18)):
        core_workflow.create_record(
            Meeting(
                unit=world.township,
                held_on=day,
                kind="party_committee",
                title="党委会",
                topics="法治",
                chair=secretary,
            ),
            by=world.owner,
        )
    core_workflow.create_record(
        LawReport(unit=world.township, person=secretary, year=2024, reported_on=D(2024, 12, 26)),
        by=world.owner,
    )
    make_task(world, plan, D(2024, 6, 28), owner_person=secretary)
    rows = {
        r.membership.person.name: r
        for r in __import__("fazhi.governance.queries", fromlist=["x"]).first_responsible_duties(
            group, 2024, world.owner
        )
    }
    assert rows["盘建国"].meetings_chaired == 2
    assert rows["盘建国"].law_report is not None
    assert rows["盘建国"].tasks_owned == 1
    assert rows["赵永明"].law_report is None
    html = (
        world.client(world.colleague)
        .get(reverse("governance:leaders") + "?year=2024")
        .content.decode()
    )
    assert "第一责任人" in html and "未述法" in html
    assert compute("governance.meetings", world.township, Period.year(2024)) == 2


def test_edit_with_stale_version_is_refused(world, plan):
    c = world.client(world.owner)
    url = reverse("governance:plan_edit", args=[plan.pk])
    data = {"unit": world.township.pk, "year": 2024, "title": "新标题", "version": plan.version}
    assert c.post(url, data).status_code == 302
    data["title"] = "另一个标题"
    r = c.post(url, data)  # still the old version
    assert r.status_code == 200 and "已被" in r.content.decode()
    plan.refresh_from_db()
    assert plan.title == "新标题"


def test_today_is_fixed():
    assert dt.date(2026, 11, 25) > D(2024, 1, 1)


def test_complete_on_page_with_evidence_attachment(world, plan):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from fazhi.core.attachments import attachments_of

    task = make_task(world, plan, D(2024, 6, 28))
    c = world.client(world.owner)
    url = reverse("governance:action", args=["task", task.pk, "complete"])
    r = c.post(
        url,
        {
            "complete-on": "2024-06-20",
            "complete-result": "已制定计划",
            "complete-evidence": SimpleUploadedFile(
                "计划.pdf", b"%PDF-1.4 test", "application/pdf"
            ),
        },
    )
    assert r.status_code == 302
    task.refresh_from_db()
    assert task.status == "done" and attachments_of(task).count() == 1
    detail = c.get(task.get_absolute_url()).content.decode()
    assert "计划.pdf" in detail


def test_year_pages_open_on_the_latest_year_with_records(world, plan, monkeypatch):
    """The leaders' duties and the OGI report tables open on the latest year
    with records (core.years), not on the calendar year (issue 15 item 9)."""
    from fazhi.core import years

    monkeypatch.setattr(years, "_today", lambda: D(2026, 12, 4))
    group = LeadershipGroup.objects.create(unit=world.township, name="领导小组")
    secretary = PersonFactory(unit=world.township, name="盘建国")
    GroupMembership.objects.create(group=group, person=secretary, position="chair")
    make_task(world, plan, D(2024, 6, 28), owner_person=secretary)
    r = world.client(world.colleague).get(reverse("governance:leaders"))
    assert r.context["year"] == 2024
    assert r.context["sections"][0]["rows"][0].tasks_owned == 1
    assert '<option value="2024" selected>2024年</option>' in r.content.decode()
    assert (
        world.client(world.colleague).get(reverse("governance:ogi_report")).context["year"] == 2026
    )  # no request or document yet: the current year


def test_leader_page_and_home_count_the_same_tasks(world, plan):
    """A task whose reminder account is the leader's counts as the leader's on
    the leaders' page as on the home page (issue 15: 牵头任务 0 beside 我负责的 1)."""
    secretary = PersonFactory(unit=world.township, name="盘建国")
    world.colleague.person = secretary
    world.colleague.save()
    group = LeadershipGroup.objects.create(unit=world.township, name="领导小组")
    GroupMembership.objects.create(group=group, person=secretary, position="chair")
    make_task(world, plan, D(2024, 6, 28), owner_user=world.colleague)  # no 责任人 named
    make_task(world, plan, D(2024, 7, 28), owner_person=secretary, owner_user=world.owner)
    from fazhi.governance import queries

    row = queries.first_responsible_duties(group, 2024, world.colleague)[0]
    mine = {f.label: f.value for f in queries.dashboard_panel(world.colleague, D(2024, 1, 5))}
    assert row.tasks_owned == 2 == mine["我负责的"]


def test_governance_index_for_owner_colleague_outsider(world, plan):
    make_task(world, plan, D(2024, 6, 28), title="甲任务")
    for user, sees in ((world.owner, True), (world.colleague, True), (world.outsider, False)):
        r = world.client(user).get(reverse("governance:index"))
        assert r.status_code == 200
        figures = {str(f.label): f.value for f in r.context["bench"].figures}
        assert figures["未完成的工作任务"] == (1 if sees else 0), user.username
    assert world.client(world.county_user).get(reverse("governance:index")).status_code == 200
    from django.test import Client

    assert Client().get(reverse("governance:index")).status_code == 302


def test_task_owner_is_offered_among_cadres_only(world, plan):
    """责任人 lists the township's cadres (and account holders), each with its
    unit, never a petitioner or a dispute party; the outsider's cadres stay out."""
    from fazhi.governance.forms import WorkTaskForm

    cadre = PersonFactory(name="乡干部甲", unit=world.township, is_cadre=True)
    citizen = PersonFactory(name="群众乙", unit=world.village)
    foreign = PersonFactory(name="外乡干部", unit=world.other_township, is_cadre=True)
    field = WorkTaskForm(user=world.owner).fields["owner_person"]
    offered = set(field.queryset)
    assert cadre in offered
    assert citizen not in offered and foreign not in offered
    assert field.label_from_instance(cadre) == "乡干部甲（湘江源瑶族乡）"


def test_the_plan_form_offers_only_units_that_make_a_plan(world, plan):
    """单位 on the plan form listed every unit in scope, the villages and the
    township's offices too, while 年度工作方案由乡镇制定 (workflow.plan_units,
    which create_plan and add_year_plan check)."""
    create = reverse("governance:plan_create")
    edit = reverse("governance:plan_edit", args=[plan.pk])
    for user in (world.owner, world.colleague):
        for url in (create, edit):
            units = set(world.client(user).get(url).context["form"].fields["unit"].queryset)
            assert world.township in units and world.village not in units, (user, url)
    assert world.client(world.outsider).get(edit).status_code == 404
    with pytest.raises(RuleViolation, match="年度工作方案由乡镇制定"):
        wf.create_plan(WorkPlan(unit=world.village, year=2024, title="村方案"), by=world.owner)
    with pytest.raises(RuleViolation, match="年度工作方案由乡镇制定"):
        wf.add_year_plan(world.village, 2024, by=world.owner)
