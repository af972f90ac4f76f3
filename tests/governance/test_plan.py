"""Annual plan tasks (clock, reminders, overdue), meetings, the leader page."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from fazhi.core import reminders
from fazhi.core import workflow as core_workflow
from fazhi.core.errors import RuleViolation
from fazhi.core.indicators import Period, compute
from fazhi.core.models import GroupMembership, LeadershipGroup, Reminder
from fazhi.governance import workflow as wf
from fazhi.governance.models import LawReport, Meeting, WorkTask

from .conftest import D, PersonFactory, make_task

pytestmark = pytest.mark.django_db


def test_task_due_date_rolls_past_national_day(world, plan):
    # 2024-10-05 is inside the National Day holiday (10-01..10-07): the last
    # day rolls to the next working day (民法典第二百零三条).
    task = make_task(world, plan, D(2024, 10, 5))
    assert task.due_date == D(2024, 10, 8)


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
    from fazhi.core import clocks

    c = clocks.clock(task, wf.CLOCK_TASK)
    assert c.status == "stopped" and c.on_time


def test_done_task_cannot_be_cancelled(world, plan):
    task = make_task(world, plan, D(2024, 6, 28))
    wf.complete_task(task, on=D(2024, 6, 20), result="完成", by=world.owner)
    with pytest.raises(RuleViolation):
        wf.cancel_task(task, on=D(2024, 6, 21), reason="重复", by=world.owner)


def test_overdue_task_reminds_owner_and_counts(world, plan):
    late = make_task(world, plan, D(2024, 6, 28), title="超期任务", owner_user=world.colleague)
    on_time = make_task(world, plan, D(2024, 12, 31), title="按期任务")
    reminders.scan(D(2024, 7, 2))
    assert Reminder.objects.filter(
        user=world.colleague, kind="overdue", title__contains="超期任务"
    ).exists()
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
