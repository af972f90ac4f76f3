"""A plausible 2024 for 湘江源瑶族乡: the rule-of-law work plan with its tasks
broken down (seed report 一（一）), the meetings that studied it, 述法, two
normative documents through every gate and a cleanup round, two major
decisions, legal advisers (one per village), open government information,
supervision, assessment, and one reconsideration and one litigation case.

Every record goes through the workflow with its 2024 dates, so clocks, audit
rows and figures are real. Idempotent: each record is looked up by a natural
key first and skipped if present.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from fazhi.core import demo
from fazhi.core import workflow as core_workflow
from fazhi.core.demo import DemoWorld
from fazhi.core.models import OrgUnit

from . import workflow as wf
from .models import (
    Assessment,
    AssessmentItem,
    CaseFileEvaluation,
    CaseResult,
    CleanupDecision,
    CleanupRound,
    Consultation,
    DecisionCatalogue,
    DisclosureCatalogueItem,
    DisclosureRequest,
    LawReport,
    LegalAdviser,
    LitigationCase,
    MajorDecision,
    Meeting,
    NormativeDocument,
    ProactiveDisclosure,
    ReconsiderationCase,
    Rectification,
    SupervisionCheck,
    WorkPlan,
    WorkTask,
)

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


def build(world: DemoWorld) -> None:
    by = world.users["leader"]
    admin = world.admin
    t = world.township
    people = _people(world)
    _plan(world, by, people)
    meetings = _meetings(world, by, people)
    _law_reports(world, by, people)
    advisers = _advisers(world, by)
    # The legal reviewer (法制审核人员) reviews; the superuser only if the demo has none.
    _documents(world, by, world.users.get("shenhe", admin), meetings, advisers)
    _decisions(world, by, meetings, advisers)
    _consultations(world, by, advisers)
    _ogi(world, by)
    _supervision(world, by)
    _assessment(world, by)
    _cases(world, by, people)
    assert t is not None


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


def _advisers(world: DemoWorld, by: Any) -> dict[str, LegalAdviser]:
    rows = [
        ("雷正言", "湖南舜陵律师事务所", [world.township], "乡党委政府常年法律顾问"),
        ("欧阳明", "湖南舜陵律师事务所", world.villages[:2], "村（社区）法律顾问"),
        ("唐慧", "湖南九嶷律师事务所", world.villages[2:4], "村（社区）法律顾问"),
        ("黄一帆", "湖南九嶷律师事务所", world.villages[4:], "村（社区）法律顾问"),
    ]
    out: dict[str, LegalAdviser] = {}
    for name, firm, units, scope in rows:
        a = LegalAdviser.objects.filter(unit=world.township, name=name).first()
        if a is None:
            a = core_workflow.create_record(
                LegalAdviser(
                    unit=world.township,
                    name=name,
                    firm=firm,
                    contract_no=f"湘源法顾〔2024〕{len(out) + 1}号",
                    term_start=D(2024, 1, 1),
                    term_end=D(2024, 12, 31),
                    scope=scope,
                    fee=Decimal("20000") if units == [world.township] else Decimal("6000"),
                ),
                by=by,
            )
            a.units_served.set(units)
        out[name] = a
    return out


def _documents(
    world: DemoWorld,
    by: Any,
    reviewer: Any,
    meetings: dict[str, Meeting],
    advisers: dict[str, LegalAdviser],
) -> None:
    t = world.township
    docs = [
        (
            "湘江源瑶族乡农村村民建房管理办法",
            False,
            D(2024, 5, 6),
            "政府常务会：审议农村建房管理办法",
        ),
        ("湘江源瑶族乡森林防火管理规定", False, D(2024, 9, 2), "政府常务会：审议森林防火管理规定"),
    ]
    for title, market, start, meeting in docs:
        if NormativeDocument.objects.filter(unit=t, title=title).exists():
            continue
        doc = core_workflow.create_record(
            NormativeDocument(
                unit=t,
                title=title,
                drafting_office=world.offices["党政综合办公室"],
                market_related=market,
                summary=f"{title}（草案）",
            ),
            by=by,
        )
        wf.start_consultation(doc, on=start, by=by)
        doc.refresh_from_db()
        assert doc.consultation_min_end is not None
        end = doc.consultation_min_end + dt.timedelta(days=3)
        wf.close_consultation(doc, on=end, summary="收到意见5条，采纳3条。", by=by)
        wf.submit_for_review(doc, on=end + dt.timedelta(days=1), reviewer=reviewer, by=by)
        wf.give_review_opinion(
            doc,
            on=end + dt.timedelta(days=8),
            conclusion="with_changes",
            opinion="经审核，修改后符合法律法规规定，同意提交审议。",
            by=reviewer,
        )
        m = meetings[meeting]
        wf.deliberate(
            doc,
            on=max(m.held_on, end + dt.timedelta(days=9)),
            minutes="会议审议通过。",
            adopted=True,
            meeting=m,
            by=by,
        )
        doc.refresh_from_db()
        assert doc.deliberated_on is not None
        on = doc.deliberated_on + dt.timedelta(days=5)
        wf.register_number(doc, on=on, by=by)
        wf.publish_document(doc, on=on, effective_on=on + dt.timedelta(days=30), by=by)
        wf.file_document(
            doc, on=on + dt.timedelta(days=10), filing_no=f"蓝司备〔{on.year}〕{doc.pk}号", by=by
        )
        Consultation.objects.get_or_create(
            unit=t,
            adviser=advisers["雷正言"],
            kind=Consultation.Kind.DOCUMENT_REVIEW,
            matter=f"审核《{title}》",
            defaults={
                "requested_on": end + dt.timedelta(days=1),
                "status": Consultation.Status.ANSWERED,
                "answered_on": end + dt.timedelta(days=6),
                "conclusion": "with_changes",
                "opinion": "建议删除设定罚款的条款。",
                "adopted": True,
                "document": doc,
                "created_by": by,
            },
        )
    # An old document (2019) kept by hand-entered history, and the 2024 cleanup round.
    old_title = "湘江源瑶族乡集镇管理暂行规定"
    old = NormativeDocument.objects.filter(unit=t, title=old_title).first()
    if old is None:
        old = core_workflow.create_record(
            NormativeDocument(
                unit=t,
                title=old_title,
                status=NormativeDocument.Status.PUBLISHED,
                doc_no="湘源规〔2019〕1号",
                reviewed_on=D(2019, 3, 1),
                review_conclusion="lawful",
                deliberated_on=D(2019, 3, 10),
                deliberation_minutes="审议通过。",
                published_on=D(2019, 3, 20),
                effective_on=D(2019, 4, 20),
                valid_until=D(2024, 4, 19),
                filed_on=D(2019, 3, 28),
                filed_on_time=True,
            ),
            by=by,
        )
    title = "2024年规范性文件清理"
    rnd = CleanupRound.objects.filter(unit=t, title=title).first()
    if rnd is None:
        rnd = core_workflow.create_record(
            CleanupRound(
                unit=t, year=2024, title=title, started_on=D(2024, 3, 1), trigger="定期清理"
            ),
            by=by,
        )
        wf.add_cleanup_decision(
            rnd,
            document=old,
            outcome=CleanupDecision.Outcome.REPEAL,
            reason="已被《湘江源瑶族乡农村村民建房管理办法》等取代。",
            by=by,
        )
        wf.publish_cleanup(rnd, on=D(2024, 4, 10), by=by)


def _decisions(
    world: DemoWorld, by: Any, meetings: dict[str, Meeting], advisers: dict[str, LegalAdviser]
) -> None:
    t = world.township
    cat = DecisionCatalogue.objects.filter(unit=t, year=2024).first()
    if cat is None:
        cat = core_workflow.create_record(
            DecisionCatalogue(
                unit=t,
                year=2024,
                title="湘江源瑶族乡2024年重大行政决策事项目录",
                party_consent_on=D(2024, 2, 26),
                published_on=D(2024, 3, 1),
                entries="高标准农田建设项目实施方案\n集镇生活污水处理设施建设方案",
            ),
            by=by,
        )
    rows = [
        (
            "湘江源瑶族乡2024年高标准农田建设项目实施方案",
            D(2024, 4, 1),
            True,
            True,
            "党政联席会：高标准农田建设项目决策",
        ),
        (
            "湘江源瑶族乡集镇生活污水处理设施建设方案",
            D(2024, 8, 1),
            False,
            True,
            "党委会：听取年度法治政府建设情况汇报",
        ),
    ]
    for title, launched, expert, risk, meeting in rows:
        if MajorDecision.objects.filter(unit=t, title=title).exists():
            continue
        dec = core_workflow.create_record(
            MajorDecision(
                unit=t,
                catalogue=cat,
                title=title,
                lead_office=world.offices["党政综合办公室"],
                launched_on=launched,
                draft_text=f"{title}（草案）",
                expert_review_required=expert,
                risk_assessment_required=risk,
            ),
            by=by,
        )
        start = launched + dt.timedelta(days=10)
        wf.record_participation(
            dec,
            summary="网上征求意见30日，收到意见12条，采纳8条。",
            by=by,
            consultation_start=start,
            consultation_end=start + dt.timedelta(days=31),
        )
        if expert:
            wf.record_expert_review(
                dec, on=start + dt.timedelta(days=20), summary="3名专家论证，意见均已采纳。", by=by
            )
        if risk:
            wf.record_risk_assessment(
                dec,
                on=start + dt.timedelta(days=25),
                level="低",
                report="社会稳定风险低，已制定化解预案。",
                by=by,
            )
        submitted = start + dt.timedelta(days=35)
        wf.submit_decision_review(dec, on=submitted, by=by)
        c = wf.request_consultation(
            Consultation(
                unit=t,
                adviser=advisers["雷正言"],
                kind=Consultation.Kind.DECISION_REVIEW,
                matter=f"《{title}》合法性审查",
                requested_on=submitted,
                decision=dec,
            ),
            by=by,
        )
        wf.answer_consultation(
            c,
            on=submitted + dt.timedelta(days=5),
            conclusion="lawful",
            opinion="草案内容合法，程序完备。",
            by=by,
        )
        wf.mark_adopted(c, adopted=True, by=by)
        dec.refresh_from_db()
        assert dec.review_min_end is not None
        wf.give_decision_review(dec, on=dec.review_min_end, opinion="经审查，草案合法。", by=by)
        m = meetings[meeting]
        on = max(m.held_on, dec.review_min_end + dt.timedelta(days=1))
        wf.decide(
            dec,
            on=on,
            minutes="会议讨论通过，行政首长最后发表意见。",
            adopted=True,
            head_spoke_last=True,
            meeting=m,
            dissent="1名同志建议分期实施。",
            by=by,
        )
        wf.publish_decision(
            dec, on=on + dt.timedelta(days=7), party_reported_on=on + dt.timedelta(days=2), by=by
        )


def _consultations(world: DemoWorld, by: Any, advisers: dict[str, LegalAdviser]) -> None:
    t = world.township
    contracts = [
        ("集镇道路保洁服务合同", "蓝山县洁美环卫有限公司", "120000", D(2024, 3, 4), True),
        ("村部维修工程施工合同", "蓝山县永兴建筑有限公司", "86000", D(2024, 5, 13), True),
        ("高标准农田建设勘察设计合同", "永州市农林规划设计院", "210000", D(2024, 6, 3), True),
        ("林地流转协议", "湘江源生态茶业合作社", "45000", D(2024, 8, 19), False),
        ("乡敬老院食材采购合同", "蓝山县绿源农产品配送中心", "60000", D(2024, 10, 8), True),
    ]
    for matter, party, amount, on, adopted in contracts:
        if Consultation.objects.filter(unit=t, matter=matter).exists():
            continue
        c = wf.request_consultation(
            Consultation(
                unit=t,
                adviser=advisers["雷正言"],
                kind=Consultation.Kind.CONTRACT_REVIEW,
                matter=matter,
                counterparty=party,
                amount=Decimal(amount),
                requested_on=on,
            ),
            by=by,
        )
        wf.answer_consultation(
            c,
            on=on + dt.timedelta(days=4),
            conclusion="with_changes",
            opinion="建议完善违约责任和争议解决条款。",
            by=by,
        )
        wf.mark_adopted(c, adopted=adopted, by=by)
    advice = [
        ("欧阳明", "荆竹村土地承包经营权纠纷咨询", D(2024, 4, 9)),
        ("唐慧", "坪源村山林权属争议咨询", D(2024, 7, 2)),
        ("黄一帆", "源桐村村规民约合法性咨询", D(2024, 9, 23)),
    ]
    for name, matter, on in advice:
        if Consultation.objects.filter(unit=t, matter=matter).exists():
            continue
        c = wf.request_consultation(
            Consultation(
                unit=t,
                adviser=advisers[name],
                kind=Consultation.Kind.ADVICE,
                matter=matter,
                requested_on=on,
            ),
            by=by,
        )
        wf.answer_consultation(
            c, on=on + dt.timedelta(days=2), conclusion="advice", opinion="已提供法律意见。", by=by
        )
        wf.mark_adopted(c, adopted=True, by=by)


PROACTIVE = [
    ("21-01", "2024年耕地地力保护补贴发放情况公示"),
    ("21-01", "2024年农机购置补贴公示"),
    ("21-03", "荆竹村土地经营权流转情况公示"),
    ("21-04", "2024年第一批农村宅基地审批情况公示"),
    ("21-04", "2024年第二批农村宅基地审批情况公示"),
    ("21-04", "2024年第三批农村宅基地审批情况公示"),
    ("21-07", "2024年村级公益事业一事一议筹资筹劳公示"),
    ("21-08", "2024年第一季度城乡低保名单公示"),
    ("21-08", "2024年第二季度城乡低保名单公示"),
    ("21-08", "2024年第三季度城乡低保名单公示"),
    ("21-08", "2024年第四季度城乡低保名单公示"),
    ("21-08", "2024年特困供养人员名单公示"),
    ("21-02", "高标准农田建设项目建设情况公示"),
    ("20-08", "湘江源瑶族乡2024年部门预算公开"),
    ("20-01", "湘江源瑶族乡农村村民建房管理办法"),
    ("20-02", "湘江源瑶族乡机构职能及联系方式"),
]


def _ogi(world: DemoWorld, by: Any) -> None:
    t = world.township
    wf.load_standard_catalogue(t, by=by)
    items = {i.code: i for i in DisclosureCatalogueItem.objects.filter(unit=t)}
    for i, (code, title) in enumerate(PROACTIVE):
        if ProactiveDisclosure.objects.filter(unit=t, title=title).exists():
            continue
        created = D(2024, 1, 15) + dt.timedelta(days=21 * i)
        pd = wf.register_proactive(
            ProactiveDisclosure(
                unit=t,
                item=items[code],
                title=title,
                content=f"{title}（全文略）。",
                created_on=created,
            ),
            by=by,
        )
        # One item published late (after 20 working days), the rest within a week.
        late = i == 6
        wf.publish_proactive(pd, on=created + dt.timedelta(days=40 if late else 6), by=by)
    rows = [
        ("张明华", "natural_person", "2024年荆竹村低保评议会议记录", D(2024, 4, 8), "provided"),
        (
            "湖南某茶业有限公司",
            "business",
            "湘江源瑶族乡林地流转相关批复文件",
            D(2024, 7, 15),
            "not_exist",
        ),
        ("李建军", "natural_person", "本人宅基地审批材料", D(2024, 10, 21), "correction"),
    ]
    for name, kind, desc, received, outcome in rows:
        if DisclosureRequest.objects.filter(
            unit=t, applicant_name=name, received_on=received
        ).exists():
            continue
        seq = DisclosureRequest.objects.count() + 1
        req = wf.register_request(
            DisclosureRequest(
                unit=t,
                applicant_kind=kind,
                applicant_name=name,
                phone=f"1387466{seq:04d}",
                channel=DisclosureRequest.Channel.IN_PERSON,
                submitted_on=received,
                received_on=received,
                description=desc,
                requested_form="纸质",
            ),
            by=by,
        )
        if outcome == "correction":
            wf.request_correction(
                req,
                on=received + dt.timedelta(days=3),
                content="请明确宅基地审批年份及地块位置。",
                deadline=received + dt.timedelta(days=18),
                by=by,
            )
            wf.receive_correction(req, on=received + dt.timedelta(days=10), by=by)
            wf.reply_request(
                req,
                on=received + dt.timedelta(days=20),
                reply_type="provided",
                reply_text="现向您提供宅基地审批表复印件。",
                by=by,
            )
        else:
            wf.reply_request(
                req,
                on=received + dt.timedelta(days=12),
                reply_type=outcome,
                reply_text="特此答复。",
                by=by,
            )


def _supervision(world: DemoWorld, by: Any) -> None:
    t = world.township
    team = world.offices["综合行政执法队"]
    owner = world.users.get("zhifa")
    check = SupervisionCheck.objects.filter(unit=t, title="2024年行政执法专项监督检查").first()
    if check is None:
        check = core_workflow.create_record(
            SupervisionCheck(
                unit=t,
                title="2024年行政执法专项监督检查",
                kind=SupervisionCheck.Kind.SPECIAL,
                checked_unit=team,
                checked_on=D(2024, 6, 18),
                inspectors="赵文清、黄立法",
                summary="抽查执法案卷及执法记录仪使用情况。",
            ),
            by=by,
        )
        for finding, closed in [
            ("部分案件调查笔录未由当事人逐页签名", D(2024, 7, 10)),
            ("执法公示信息更新不及时", D(2024, 7, 30)),
        ]:
            r = wf.order_rectification(
                Rectification(
                    unit=team,
                    check_record=check,
                    finding=finding,
                    requirement="限期整改并建立长效机制。",
                    owner_user=owner,
                    ordered_on=D(2024, 6, 20),
                    deadline=D(2024, 7, 20),
                ),
                by=by,
            )
            wf.close_rectification(r, on=closed, note="已整改到位。", by=by)
    grades = [
        ("湘源执罚〔2024〕3号", Decimal("92"), "excellent"),
        ("湘源执罚〔2024〕5号", Decimal("85"), "qualified"),
        ("湘源执罚〔2024〕8号", Decimal("78"), "qualified"),
        ("湘源执罚〔2024〕11号", Decimal("88"), "qualified"),
    ]
    for ref, score, grade in grades:
        if CaseFileEvaluation.objects.filter(unit=t, case_ref=ref).exists():
            continue
        ev = core_workflow.create_record(
            CaseFileEvaluation(
                unit=t,
                case_ref=ref,
                case_title=f"行政处罚案件（{ref}）",
                evaluated_on=D(2024, 11, 20),
                evaluator="赵文清",
                score=score,
                grade=grade,
                summary="案卷总体规范。",
            ),
            by=by,
        )
        if score < 80:
            r = wf.order_rectification(
                Rectification(
                    unit=team,
                    evaluation=ev,
                    finding="证据目录不完整",
                    owner_user=owner,
                    ordered_on=D(2024, 11, 22),
                    deadline=D(2024, 12, 20),
                ),
                by=by,
            )
            wf.close_rectification(r, on=D(2024, 12, 12), note="已补齐证据目录。", by=by)


def _assessment(world: DemoWorld, by: Any) -> None:
    t = world.township
    if Assessment.objects.filter(unit=t, year=2024).exists():
        return
    a = core_workflow.create_record(
        Assessment(unit=t, year=2024, title="2024年度依法行政考核"), by=by
    )
    items = [
        AssessmentItem.objects.create(
            assessment=a,
            name="依申请公开按期答复",
            max_score=Decimal("20"),
            source_key="governance.ogi.on_time_rate",
            order=1,
        ),
        AssessmentItem.objects.create(
            assessment=a,
            name="问题整改落实",
            max_score=Decimal("20"),
            source_key="governance.rectification_rate",
            order=2,
        ),
        AssessmentItem.objects.create(
            assessment=a, name="学法用法与普法宣传", max_score=Decimal("30"), order=3
        ),
        AssessmentItem.objects.create(
            assessment=a, name="依法决策与规范执法", max_score=Decimal("30"), order=4
        ),
    ]
    targets: list[OrgUnit] = [
        world.offices["综合行政执法队"],
        world.offices["司法所"],
        *world.villages,
    ]
    wf.compute_scores(a, targets=targets, by=by)
    for i, target in enumerate(targets):
        wf.enter_score(
            a,
            item=items[2],
            target=target,
            score=Decimal(26 + i % 4),
            evidence="学法记录及普法台账",
            by=by,
        )
        wf.enter_score(
            a,
            item=items[3],
            target=target,
            score=Decimal(25 + (i * 3) % 5),
            evidence="工作台账",
            by=by,
        )


def _cases(world: DemoWorld, by: Any, people: dict[str, Any]) -> None:
    t = world.township
    if not ReconsiderationCase.objects.filter(unit=t, case_no="蓝政复〔2024〕12号").exists():
        case = wf.register_reconsideration(
            ReconsiderationCase(
                unit=t,
                case_no="蓝政复〔2024〕12号",
                applicant="欧某",
                matter="责令限期拆除违法建筑决定",
                organ="蓝山县人民政府",
                copy_received_on=D(2024, 8, 5),
            ),
            by=by,
        )
        wf.answer_reconsideration(case, on=D(2024, 8, 14), by=by)
        wf.conclude_case(case, on=D(2024, 10, 8), result=CaseResult.UPHELD, by=by)
    if not LitigationCase.objects.filter(unit=t, case_no="（2024）湘1127行初15号").exists():
        lit = core_workflow.create_record(
            LitigationCase(
                unit=t,
                case_no="（2024）湘1127行初15号",
                plaintiff="唐某",
                matter="土地权属争议处理决定",
                court="蓝山县人民法院",
                filed_on=D(2024, 9, 2),
                hearing_on=D(2024, 11, 6),
                head_appeared=True,
                appeared_person=people["赵永明"],
            ),
            by=by,
        )
        wf.conclude_case(lit, on=D(2024, 12, 18), result=CaseResult.UPHELD, by=by)
