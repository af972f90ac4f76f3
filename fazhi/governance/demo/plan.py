"""The 2024 plan and its tasks (seed report 一（一）), the meetings that studied
it, and the leaders' reports on their legal duties (述法)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from fazhi.core import demo
from fazhi.core import workflow as core_workflow
from fazhi.core.demo import DemoWorld

from .. import workflow as wf
from ..models import LawReport, Meeting, WorkPlan, WorkTask

D = dt.date


TASKS = [
    # title, office (or village), owner, deadline, done_on (None: cancelled never)
    (
        "制定2024年法治政府建设工作方案并分解任务",
        "党政综合办公室",
        "冯晓东",
        D(2024, 3, 15),
        D(2024, 3, 12),
    ),
    (
        "召开党委会专题研究法治政府建设工作",
        "党政综合办公室",
        "盘建国",
        D(2024, 4, 30),
        D(2024, 4, 18),
    ),
    (
        "落实班子成员定期接访、变上访为下访",
        "综治中心（信访办）",
        "李秀英",
        D(2024, 12, 31),
        D(2024, 12, 20),
    ),
    ("开展矛盾纠纷排查调处并实行动态管理", "司法所", "赵文清", D(2024, 12, 31), D(2024, 12, 25)),
    (
        "组织执法人员证件换发及培训考试报名",
        "综合行政执法队",
        "邓志刚",
        D(2024, 9, 30),
        D(2024, 9, 20),
    ),
    ("细化执法流程、规范取证活动", "综合行政执法队", "邓志刚", D(2024, 6, 30), D(2024, 7, 12)),
    ("制定年度普法工作计划并组织实施", "司法所", "赵文清", D(2024, 3, 31), D(2024, 3, 20)),
    ("重大节日开展法治专题宣传", "司法所", "赵文清", D(2024, 12, 10), D(2024, 12, 4)),
    ("规范性文件合法性审核和备案", "司法所", "赵文清", D(2024, 12, 31), D(2024, 12, 16)),
    (
        "完善政府法律顾问制度，实现一村一法律顾问",
        "司法所",
        "赵文清",
        D(2024, 5, 31),
        D(2024, 5, 28),
    ),
    (
        "推进政务公开，按时公开主动公开事项",
        "党政综合办公室",
        "冯晓东",
        D(2024, 12, 31),
        D(2024, 12, 30),
    ),
    ("开展行政执法案卷评查", "司法所", "赵文清", D(2024, 11, 30), D(2024, 11, 22)),
]

MEETINGS = [
    (
        D(2024, 2, 26),
        Meeting.Kind.PARTY_COMMITTEE,
        "党委会：研究2024年法治政府建设工作方案",
        "盘建国",
    ),
    (D(2024, 3, 5), Meeting.Kind.LEADERSHIP_GROUP, "推进依法行政工作领导小组第一次会议", "盘建国"),
    (D(2024, 4, 18), Meeting.Kind.PARTY_COMMITTEE, "党委会：专题研究法治政府建设工作", "盘建国"),
    (
        D(2024, 5, 10),
        Meeting.Kind.GOVERNMENT_EXECUTIVE,
        "政府常务会：会前学法《行政处罚法》",
        "赵永明",
    ),
    (
        D(2024, 6, 20),
        Meeting.Kind.GOVERNMENT_EXECUTIVE,
        "政府常务会：审议农村建房管理办法",
        "赵永明",
    ),
    (D(2024, 7, 25), Meeting.Kind.JOINT, "党政联席会：高标准农田建设项目决策", "盘建国"),
    (D(2024, 9, 12), Meeting.Kind.STUDY, "会前学法：《信访工作条例》", "赵永明"),
    (
        D(2024, 10, 17),
        Meeting.Kind.GOVERNMENT_EXECUTIVE,
        "政府常务会：审议森林防火管理规定",
        "赵永明",
    ),
    (
        D(2024, 11, 14),
        Meeting.Kind.LEADERSHIP_GROUP,
        "推进依法行政工作领导小组第二次会议",
        "盘建国",
    ),
    (
        D(2024, 12, 19),
        Meeting.Kind.PARTY_COMMITTEE,
        "党委会：听取年度法治政府建设情况汇报",
        "盘建国",
    ),
]


def _people(world: DemoWorld) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, unit in [
        ("盘建国", world.township),
        ("赵永明", world.township),
        ("李桂兰", world.township),
    ]:
        out[name] = demo.person(world, name, unit)
    for name, office in [
        ("赵文清", "司法所"),
        ("李秀英", "综治中心（信访办）"),
        ("邓志刚", "综合行政执法队"),
        ("冯晓东", "党政综合办公室"),
    ]:
        out[name] = demo.person(world, name, world.offices[office])
    return out


def _plan(world: DemoWorld, by: Any, people: dict[str, Any]) -> None:
    title = "湘江源瑶族乡2024年法治政府建设工作方案"
    plan = WorkPlan.objects.filter(unit=world.township, year=2024, title=title).first()
    if plan is None:
        plan = core_workflow.create_record(
            WorkPlan(
                unit=world.township,
                year=2024,
                title=title,
                document_no="湘源发〔2024〕5号",
                issued_on=D(2024, 3, 1),
                goals="将法治工作纳入党委政府年度工作计划，细化依法行政工作任务，全面推进依法行政。",
            ),
            by=by,
        )
    for title_, office, owner, deadline, done_on in TASKS:
        if WorkTask.objects.filter(plan=plan, title=title_).exists():
            continue
        task = wf.add_task(
            WorkTask(
                plan=plan,
                unit=world.offices[office],
                title=title_,
                owner_person=people[owner],
                deadline=deadline,
            ),
            by=by,
        )
        wf.start_task(task, by=by)
        wf.complete_task(task, on=done_on, result="已按方案完成，佐证材料已归档。", by=by)


def _meetings(world: DemoWorld, by: Any, people: dict[str, Any]) -> dict[str, Meeting]:
    group = world.extra.get("leadership_group")
    out = {}
    for held_on, kind, title, chair in MEETINGS:
        m = Meeting.objects.filter(unit=world.township, held_on=held_on, title=title).first()
        if m is None:
            m = core_workflow.create_record(
                Meeting(
                    unit=world.township,
                    held_on=held_on,
                    kind=kind,
                    title=title,
                    chair=people[chair],
                    group=group if kind == Meeting.Kind.LEADERSHIP_GROUP else None,
                    topics=title.split("：")[-1],
                    decisions="会议议定按分工抓好落实。",
                    attendees=12,
                ),
                by=by,
            )
        out[title] = m
    return out


def _law_reports(world: DemoWorld, by: Any, people: dict[str, Any]) -> None:
    """The principal leaders' 述法 at the county's review, and each village
    Party secretary's at the township's; 源桐村's secretary has not reported yet."""
    rows: list[tuple[Any, Any, dt.date | None, str]] = [
        (people[name], world.township, D(2024, 12, 26), "县委全面依法治县委员会年度述法评议会")
        for name in ("盘建国", "赵永明")
    ]
    secretaries = demo.village_secretaries(world)
    for i, person in enumerate(secretaries):
        done = i < len(secretaries) - 1
        rows.append(
            (person, person.unit, D(2024, 12, 20) if done else None, "乡党委书记述职述法评议会")
        )
    for person, unit, on, occasion in rows:
        if LawReport.objects.filter(person=person, year=2024).exists():
            continue
        leader = unit == world.township
        core_workflow.create_record(
            LawReport(
                unit=unit,
                person=person,
                title=person.title,
                year=2024,
                reported_on=on,
                occasion=occasion if on else "",
                summary="履行推进法治建设第一责任人职责情况。" if leader else "",
                rating="好" if on else "",
            ),
            by=by,
        )
