"""The annual plan (年度工作方案) and its tasks: adding, starting, completing,
cancelling, and the daily reminders of tasks due soon or overdue."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from fazhi.core import audit, clocks, steps
from fazhi.core import workflow as core_workflow
from fazhi.core.errors import RuleViolation
from fazhi.core.i18n import stored
from fazhi.core.models import OrgUnit

from ..models import WorkPlan, WorkTask
from ._common import CLOCK_TASK, _within_parent


@transaction.atomic
def add_task(task: WorkTask, *, by: Any) -> WorkTask:
    """Add a task to the plan of the year it belongs to. Its 完成时限 is a date
    the plan sets, not a statutory period: it is the task's due date as
    written (a Sunday stays a Sunday; 民法典第二百零三条 rolls the end of a
    period counted in days, not a date fixed by a plan). The owner is reminded
    when it is due soon and when overdue (`remind_tasks`, daily)."""
    plan = task.plan
    _within_parent(task, "plan")
    if task.deadline.year != plan.year:
        raise RuleViolation(
            _(
                "完成时限（%(deadline)s）不在“%(title)s”的年度（%(year)s年）内，请将任务列入%(year2)s年的工作方案。"
            )
            % {
                "deadline": format(task.deadline, "%Y-%m-%d"),
                "title": plan.title,
                "year": plan.year,
                "year2": task.deadline.year,
            },
            field="plan",
        )
    steps.check_not_before(
        task.deadline, plan.issued_on, "deadline", _("完成时限"), _("方案印发日期")
    )
    task.due_date = task.deadline
    return core_workflow.create_record(task, by=by)


def remind_tasks(today: dt.date) -> dict[str, int]:
    """The daily reminders of plan tasks (their reminder account, else who
    added them): due within FAZHI_DUE_SOON_WORKING_DAYS working days, and
    overdue. Keyed by task, kind and due date, so each arrives once however
    often the job runs."""
    from django.conf import settings

    from fazhi.core import reminders
    from fazhi.core.workdays import due_soon_threshold

    soon = due_soon_threshold(
        today, clocks.load_calendar(), int(settings.FAZHI_DUE_SOON_WORKING_DAYS)
    )
    open_tasks = WorkTask.objects.filter(
        status__in=[WorkTask.Status.OPEN, WorkTask.Status.IN_PROGRESS], due_date__lte=soon
    ).select_related("owner_user", "created_by")
    counts = {"due_soon": 0, "overdue": 0}
    with transaction.atomic():
        for task in open_tasks.iterator(chunk_size=500):
            assert task.due_date is not None
            kind = "overdue" if task.due_date < today else "due_soon"
            word = gettext_noop("已超期") if kind == "overdue" else gettext_noop("即将到期")
            user = task.owner_user or task.created_by
            if user is None:
                continue
            reminders.post(
                user,
                key=f"governance.task.{kind}:{task.pk}:{task.due_date:%Y%m%d}",
                title=stored(
                    gettext_noop("工作任务“%(title)s”%(word)s（完成时限%(due_date)s）"),
                    title=task.title[:60],
                    word=word,
                    due_date=format(task.due_date, "%Y-%m-%d"),
                ),
                url=task.get_absolute_url(),
                kind=kind,
            )
            counts[kind] += 1
    return counts


def plan_units(units: QuerySet[OrgUnit]) -> QuerySet[OrgUnit]:
    """Those of `units` that make a 年度工作方案: a township (or county)
    government, never a village or an office of the township. The plan steps
    check it; the plan form offers only these."""
    return units.filter(kind__in=(OrgUnit.Kind.TOWNSHIP, OrgUnit.Kind.COUNTY))


def _check_plan_unit(unit: OrgUnit) -> None:
    if not plan_units(OrgUnit.objects.filter(pk=unit.pk)).exists():
        raise RuleViolation(_("年度工作方案由乡镇制定。"), field="unit")


@transaction.atomic
def create_plan(plan: WorkPlan, *, by: Any) -> WorkPlan:
    """A plan entered on the new-plan page or through the API: made by a unit
    `plan_units` takes (scope, audit through core.workflow)."""
    _check_plan_unit(plan.unit)
    return core_workflow.create_record(plan, by=by)


@transaction.atomic
def add_year_plan(unit: OrgUnit, year: int, *, by: Any) -> WorkPlan:
    """The unit's plan for `year`, created if it has none yet (年度工作方案:
    tasks of a year belong to that year's plan). Only a township (or county)
    makes one (`plan_units`); its text and number are completed on the plan's
    page."""
    steps.check_writer(by)
    core_workflow.check_unit_in_scope(unit, by)
    _check_plan_unit(unit)
    existing = WorkPlan.objects.filter(unit=unit, year=year).order_by("pk").first()
    if existing is not None:
        return existing
    return core_workflow.create_record(
        WorkPlan(
            unit=unit,
            year=year,
            title=stored(
                gettext_noop("%(name)s%(year)s年法治政府建设工作方案"), name=unit.name, year=year
            ),
        ),
        by=by,
    )


@transaction.atomic
def start_task(task: WorkTask, *, by: Any) -> WorkTask:
    """Work on an open task has started (open → in progress)."""
    task = steps.lock(task, by=by)
    before = audit.snapshot(task)
    steps.move(task, WorkTask.Status.IN_PROGRESS)
    return steps.save_audited(task, by=by, before=before, note=gettext_noop("开始推进"), clean=True)


@transaction.atomic
def complete_task(task: WorkTask, *, on: dt.date, result: str, by: Any) -> WorkTask:
    """Mark a task done. The result (what was done, evidence named or attached)
    is required: a task without evidence is not done."""
    task = steps.lock(task, by=by)
    result = steps.require_text(result, "result", _("完成情况（工作成效及佐证材料）"))
    before = audit.snapshot(task)
    steps.move(task, WorkTask.Status.DONE)
    task.done_on = on
    task.result = result
    steps.stop_clock(task, CLOCK_TASK, on, by)
    late = task.due_date is not None and on > task.due_date
    return steps.save_audited(
        task,
        by=by,
        before=before,
        note=gettext_noop("超期完成") if late else gettext_noop("按期完成"),
        clean=True,
    )


@transaction.atomic
def cancel_task(task: WorkTask, *, on: dt.date, reason: str, by: Any) -> WorkTask:
    """Cancel a task with the reason stated; its reason stands as the result."""
    task = steps.lock(task, by=by)
    reason = steps.require_text(reason, "reason", _("取消理由"))
    before = audit.snapshot(task)
    steps.move(task, WorkTask.Status.CANCELLED)
    steps.stop_clock(task, CLOCK_TASK, on, by)
    task.result = reason
    return steps.save_audited(
        task,
        by=by,
        before=before,
        note=stored(gettext_noop("取消：%(reason)s"), reason=reason),
        clean=True,
    )
