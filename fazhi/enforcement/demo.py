"""Demo enforcement records of 湘江源瑶族乡, built through the workflow.

Officers: 16 cadres of the comprehensive enforcement team. In 2024, 11 of them
hold a certificate (the seed report: "2024年全乡共有11名年轻干部拥有行政执法证"):
nine with the province-wide cards of 2022-11-01 (valid to 2027-10-31, LAW.md §4),
one who renewed a sector card in 2024 and one first certified in 2024. The
others make the count non-trivial: a card that expired in 2023 and was not
renewed, a card revoked in 2024, a cadre who failed the 2024 exam, an
auxiliary cadre with no card, and one who passed in November 2024 but was
issued the card in 2025.

Idempotent: every record is looked up by a natural key first (officer by
person, certificate by number, training/exam/case/complaint by title and
date), so running load_demo twice changes nothing.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from fazhi.core import demo, steps
from fazhi.core.demo import DemoWorld

from . import jobs, workflow
from .builders import CREW, CaseScript, Cast, Fine, Staff, evidence, inquiry, run_case, step
from .models import (
    Certificate,
    EnforcementComplaint,
    EnforcementField,
    Exam,
    ExamRegistration,
    Officer,
    Training,
)

D = dt.date
TEAM = "综合行政执法队"
AUTHORITY = "湖南省人民政府"
GENERAL_FIELDS = [
    "natural_resources",
    "agriculture",
    "environment",
    "forestry",
    "urban",
    "safety",
    "fire",
]

# name, gender, title
OFFICERS = [
    ("邓志刚", "M", "综合行政执法队队长"),
    ("盘小军", "M", "执法队员"),
    ("赵丽娟", "F", "执法队员"),
    ("李明辉", "M", "执法队员"),
    ("黄海涛", "M", "执法队员"),
    ("唐静", "F", "执法队员"),
    ("奉雪梅", "F", "执法队员"),
    ("陈志远", "M", "执法队员"),
    ("雷勇", "M", "执法队员"),
    ("周建华", "M", "自然资源执法专干"),
    ("盘晓燕", "F", "执法队员"),
    ("李国平", "M", "原执法队员（已调岗）"),
    ("冯志强", "M", "原执法队员（已调离）"),
    ("赵小兵", "M", "综合干事"),
    ("蒋文斌", "M", "执法辅助人员"),
    ("胡思远", "M", "执法队员"),
]
SERIES_2022 = OFFICERS[:9]


def build(world: DemoWorld) -> None:
    team = world.offices[TEAM]
    by = world.users["zhifa"]
    fields = {f.code: f for f in EnforcementField.objects.all()}
    officers = {
        name: _officer(world, name, gender, title, team, fields) for name, gender, title in OFFICERS
    }
    exams = _exams(world, by)
    _certificates(world, officers, exams, fields, by)
    _trainings(world, officers, by)
    cases = _cases(world, officers, fields)
    _complaints(world, officers, cases, by)
    # The daily job would have expired the 2023 card long ago.
    jobs.expire_certificates(steps.today())


def _officer(
    world: DemoWorld,
    name: str,
    gender: str,
    title: str,
    team: Any,
    fields: dict[str, EnforcementField],
) -> Officer:
    person = demo.person(
        world,
        name,
        team,
        gender=gender,
        title=title,
        is_cadre=True,
        ethnicity="瑶族" if name.startswith("盘") or name.startswith("奉") else "汉族",
    )
    existing = Officer.objects.filter(person=person).first()
    if existing is not None:
        return existing
    active = name not in {"李国平", "冯志强"}
    officer = Officer(unit=team, person=person, title=title, area=world.township, is_active=active)
    return workflow.register_officer(
        officer, fields=[fields[c] for c in GENERAL_FIELDS], by=world.users["zhifa"]
    )


def _exam(world: DemoWorld, title: str, sitting: dt.date, by: Any) -> Exam:
    exam = Exam.objects.filter(unit=world.township, title=title).first()
    if exam is None:
        exam = workflow.create_exam(
            Exam(
                unit=world.township,
                title=title,
                sitting_on=sitting,
                registration_deadline=sitting - dt.timedelta(days=20),
                organizer="湖南省司法厅",
            ),
            by=by,
        )
    return exam


# key: title, sitting
EXAMS = {
    "2018": ("2018年湖南省行政执法资格考试", D(2018, 4, 21)),
    "2019": ("2019年湖南省行政执法资格考试（自然资源类）", D(2019, 6, 15)),
    "2022": ("2022年湖南省行政执法资格考试（换发全国统一证件）", D(2022, 9, 17)),
    "2024a": ("2024年上半年湖南省行政执法资格考试", D(2024, 5, 18)),
    "2024b": ("2024年下半年湖南省行政执法资格考试", D(2024, 11, 16)),
}


def _exams(world: DemoWorld, by: Any) -> dict[str, Exam]:
    return {key: _exam(world, title, on, by) for key, (title, on) in EXAMS.items()}


def _sit(world: DemoWorld, exam: Exam, officer: Officer, score: str, by: Any) -> ExamRegistration:
    reg = ExamRegistration.objects.filter(exam=exam, person=officer.person).first()
    if reg is None:
        on = (exam.registration_deadline or exam.sitting_on) - dt.timedelta(days=10)
        reg = workflow.register_for_exam(exam, person=officer.person, on=on, by=by)
    if reg.result == ExamRegistration.Result.PENDING:
        reg = workflow.record_exam_result(reg, score=Decimal(score), by=by)
    return reg


def _issue(
    officer: Officer,
    number: str,
    on: dt.date,
    codes: list[str],
    fields: dict[str, EnforcementField],
    by: Any,
) -> Certificate:
    cert = Certificate.objects.filter(number=number).first()
    if cert is None:
        cert = workflow.issue_certificate(
            officer,
            number=number,
            issuing_authority=AUTHORITY,
            issued_on=on,
            fields=[fields[c] for c in codes],
            by=by,
        )
    return cert


# Exams sat and cards issued besides the 2022 series, in order: officer, exam,
# score, then the card (number, issued on, fields; None where the exam gave none).
CARDS: list[tuple[str, str, str, tuple[str, dt.date, list[str]] | None]] = [
    # A 2022-series card revoked in 2024 when its holder left enforcement work.
    ("冯志强", "2022", "81", ("43112722000010", D(2022, 11, 1), GENERAL_FIELDS)),
    # A card that expired in 2023 and was not renewed (holder moved to another post).
    ("李国平", "2018", "77", ("湘执43112718000231", D(2018, 6, 1), GENERAL_FIELDS)),
    # A sector card, renewed within its window in 2024 after passing the exam.
    (
        "周建华",
        "2019",
        "84",
        ("湘执43112719000518", D(2019, 9, 1), ["natural_resources", "forestry"]),
    ),
    ("周建华", "2024a", "88", None),
    # First certified in 2024.
    (
        "盘晓燕",
        "2024a",
        "79",
        ("43112724000003", D(2024, 7, 1), ["agriculture", "urban", "safety"]),
    ),
    # Failed in 2024; passed in November 2024 but issued in 2025.
    ("赵小兵", "2024b", "52", None),
    ("胡思远", "2024b", "83", ("43112725000002", D(2025, 3, 1), GENERAL_FIELDS)),
]


def _certificates(
    world: DemoWorld,
    officers: dict[str, Officer],
    exams: dict[str, Exam],
    fields: dict[str, EnforcementField],
    by: Any,
) -> None:
    for i, (name, _g, _t) in enumerate(SERIES_2022, start=1):
        _sit(world, exams["2022"], officers[name], str(70 + (i * 7) % 25), by)
        _issue(officers[name], f"43112722{i:06d}", D(2022, 11, 1), GENERAL_FIELDS, fields, by)
    for name, exam, score, card in CARDS:
        _sit(world, exams[exam], officers[name], score, by)
        if card is not None:
            _issue(officers[name], *card, fields, by)
    feng = Certificate.objects.get(number="43112722000010")
    if feng.status != Certificate.Status.REVOKED:
        workflow.revoke_certificate(
            feng, on=D(2024, 6, 15), reason="调离行政执法岗位，证件注销", by=by
        )
    old = Certificate.objects.get(number="湘执43112719000518")
    if not Certificate.objects.filter(previous=old).exists():
        workflow.renew_certificate(old, on=D(2024, 7, 10), number="43112724000007", by=by)
    # Annual review of one card (a recorded event; Hunan practice UNCONFIRMED).
    deng = Certificate.objects.get(number="43112722000001")
    if not deng.events.filter(kind="annual_review").exists():
        workflow.annual_review(deng, on=D(2024, 12, 20), note="2024年度年审合格", by=by)


TRAININGS = [
    # title, kind, date, hours, attendees
    (
        "《行政处罚法》专题培训",
        "general",
        D(2024, 3, 15),
        "8",
        [
            "邓志刚",
            "盘小军",
            "赵丽娟",
            "李明辉",
            "黄海涛",
            "唐静",
            "奉雪梅",
            "陈志远",
            "雷勇",
            "周建华",
            "赵小兵",
            "蒋文斌",
        ],
    ),
    (
        "行政执法程序与文书规范培训",
        "practice",
        D(2024, 6, 20),
        "16",
        ["邓志刚", "盘小军", "赵丽娟", "李明辉", "黄海涛", "盘晓燕", "周建华", "胡思远"],
    ),
    (
        "自然资源和林业执法业务培训",
        "sector",
        D(2024, 9, 12),
        "24",
        ["邓志刚", "周建华", "李明辉", "黄海涛", "盘小军"],
    ),
    (
        "湖南省行政执法人员网络培训（公共法律知识）",
        "general",
        D(2024, 11, 22),
        "40",
        ["邓志刚", "盘小军", "李明辉", "周建华", "唐静", "盘晓燕"],
    ),
    # 2026, the year the demo is live in: ten officers reach the yearly 60
    # hours; 雷勇 missed the online course and 胡思远 the practice one, so
    # the leaders' dashboard has two officers who ended 2026 short to name
    # in January 2027 (not all twelve, as a year without trainings would).
    (
        "湖南省行政执法人员网络培训（2026年度公共法律知识）",
        "general",
        D(2026, 4, 23),
        "40",
        [
            "邓志刚",
            "盘小军",
            "赵丽娟",
            "李明辉",
            "黄海涛",
            "唐静",
            "奉雪梅",
            "陈志远",
            "周建华",
            "盘晓燕",
            "胡思远",
        ],
    ),
    (
        "行政执法案卷评查与文书规范培训",
        "practice",
        D(2026, 8, 20),
        "24",
        [
            "邓志刚",
            "盘小军",
            "赵丽娟",
            "李明辉",
            "黄海涛",
            "唐静",
            "奉雪梅",
            "陈志远",
            "雷勇",
            "周建华",
            "盘晓燕",
        ],
    ),
]


def _trainings(world: DemoWorld, officers: dict[str, Officer], by: Any) -> None:
    team = world.offices[TEAM]
    for title, kind, on, hours, names in TRAININGS:
        if on > steps.today():  # not held yet on the day the demo is built
            continue
        if Training.objects.filter(unit=team, title=title, held_on=on).exists():
            continue
        workflow.record_training(
            Training(
                unit=team,
                title=title,
                kind=kind,
                held_on=on,
                hours=Decimal(hours),
                organizer="蓝山县司法局" if kind != "sector" else "蓝山县自然资源局",
                location="乡政府三楼会议室",
            ),
            attendees=[officers[n] for n in names],
            by=by,
        )


def _party(kind: str, name: str, place: str, on: dt.date) -> dict[str, Any]:
    """A party found on the day of the act, in a village of the township."""
    return {
        "party_type": kind,
        "party_name": name,
        "address": f"蓝山县湘江源瑶族乡{place}",
        "act_date": on,
        "discovered_on": on,
    }


def _inspection(
    title: str, code: str, on: dt.date, crew: tuple[str, str], place: str
) -> CaseScript:
    """An inspection that found nothing, closed the day after."""
    return CaseScript(
        title,
        code,
        crew=crew,
        party={
            "party_type": "organisation",
            "party_name": "辖区经营户/隐患点",
            "act_date": on,
            "discovered_on": on,
        },
        steps=[
            step("open_inspection", on=on),
            inquiry(on, place, "检查未发现违法行为，已作安全提示。"),
            step("close", on=on + dt.timedelta(days=1), note="检查完毕"),
        ],
    )


# The demo township's 2024 cases (and one under investigation now), in the
# order they are filed, so their numbers stay those of the report.
CASES = [
    # 1. Ordinary procedure, organisation, fine below the hearing threshold, published on time.
    CaseScript(
        "未经批准占用林地堆放石材废料",
        "forestry",
        crew=("邓志刚", "盘小军"),
        party={
            "case_type": "penalty",
            "party_type": "organisation",
            "party_name": "蓝山县源兴石材加工厂",
            "id_number": "92431127MA4L0Q3R18",
            "address": "蓝山县湘江源瑶族乡紫良村6组",
            "phone": "07465012345",
            "act_date": D(2024, 3, 2),
            "discovered_on": D(2024, 3, 5),
            "source": "inspection",
        },
        steps=[
            step("register_clue"),
            *Fine(
                filed=D(2024, 3, 6),
                inquiries=[
                    inquiry(
                        D(2024, 3, 7), "紫良村6组林地", "现场勘验：占用林地约0.3亩堆放石材废料。"
                    ),
                    evidence(
                        "record",
                        "现场勘验笔录及照片",
                        D(2024, 3, 7),
                        "紫良村6组林地",
                        files=[("现场勘验笔录.txt", "2024年3月7日现场勘验笔录（演示）")],
                    ),
                    evidence("statement", "厂负责人询问笔录", D(2024, 3, 8), "乡综合行政执法队"),
                ],
                reviewed=D(2024, 4, 10),
                notified=D(2024, 4, 12),
                amount="5000",
                facts="当事人未经批准占用林地约0.3亩堆放石材废料，有现场勘验笔录、询问笔录为证。",
                basis="《中华人民共和国森林法》第七十三条、《中华人民共和国森林法实施条例》相关规定",
                heard=[
                    step(
                        "record_statement",
                        kind="statement",
                        on=D(2024, 4, 16),
                        text="当事人称已开始清运废料，请求从轻处罚；经复核，已在拟处罚幅度内考虑。",
                    )
                ],
                decided=D(2024, 4, 25),
                performance="自收到本决定书之日起十五日内到指定银行或者通过电子支付系统缴纳罚款。",
                served=D(2024, 4, 26),
                method="direct",
                published=D(2024, 4, 29),
                paid=(D(2024, 5, 8), "5000", "湘非税2024-0508-017"),
                closed=(D(2024, 5, 10), "罚款已缴清，案卷归档"),
            ).steps(),
        ],
    ),
    # 2. Ordinary procedure with a hearing and a legal review; paid late with the surcharge.
    CaseScript(
        "未经批准占用耕地建房",
        "natural_resources",
        crew=("李明辉", "黄海涛"),
        party={
            "case_type": "penalty",
            "party_type": "citizen",
            "party_name": "盘德旺",
            "id_number": demo.make_id_number("431127", D(1976, 2, 15), 15, False),
            "address": "蓝山县湘江源瑶族乡荆竹村3组12号",
            "phone": "13807461234",
            "act_date": D(2024, 5, 20),
            "discovered_on": D(2024, 6, 3),
            "source": "report",
        },
        steps=[
            step("register_clue"),
            *Fine(
                filed=D(2024, 6, 4),
                inquiries=[
                    inquiry(
                        D(2024, 6, 5), "荆竹村3组", "现场测量：新建房屋地基占用耕地约80平方米。"
                    ),
                    inquiry(
                        D(2024, 6, 6),
                        "乡综合行政执法队",
                        "询问当事人，承认未办理用地审批。",
                        "interview",
                    ),
                    evidence("record", "现场测量记录", D(2024, 6, 5), "荆竹村3组"),
                ],
                reviewed=D(2024, 7, 1),
                notified=D(2024, 7, 3),
                amount="2000",
                facts="当事人未经批准占用耕地约80平方米建房，有现场测量记录、询问笔录为证。",
                basis="《中华人民共和国土地管理法》第七十八条",
                heard=[
                    step("request_hearing", on=D(2024, 7, 5)),
                    step(
                        "schedule_hearing",
                        notice_on=D(2024, 7, 8),
                        scheduled_on=D(2024, 7, 19),
                        place="乡政府会议室",
                        chair=Staff("赵文清", "司法所"),
                        officers=("邓志刚", "赵丽娟"),
                    ),
                    step(
                        "hold_hearing",
                        held_on=D(2024, 7, 19),
                        outcome="held",
                        transcript="当事人陈述建房系为家庭居住需要，对事实无异议，请求减轻处罚。",
                    ),
                    step("submit_legal_review", on=D(2024, 7, 22)),
                    step(
                        "record_legal_review",
                        by="shenhe",
                        result="passed",
                        on=D(2024, 7, 24),
                        opinion="事实清楚，证据确凿，程序合法，适用依据正确，处罚幅度适当。",
                    ),
                ],
                decided=D(2024, 7, 26),
                performance="自收到本决定书之日起十五日内到指定银行缴纳罚款，并自行拆除违法建筑部分。",
                served=D(2024, 7, 29),
                method="direct",
                published=D(2024, 8, 12),
                paid=(D(2024, 8, 16), "2180", "湘非税2024-0816-003"),
                closed=(D(2024, 8, 20), "罚款及加处罚款已缴清，案卷归档"),
            ).steps(),
        ],
    ),
    # 3–4. Summary procedure on the spot.
    CaseScript(
        "野外违规用火（春节后森林防火期）",
        "fire",
        crew=("盘小军", "唐静"),
        party=_party("citizen", "李春生", "坪源村2组", D(2024, 2, 18)),
        steps=[
            step(
                "summary_penalty",
                on=D(2024, 2, 18),
                penalty_kind="warning",
                fine_amount=None,
                officers=CREW,
            )
        ],
    ),
    CaseScript(
        "占道经营影响通行",
        "urban",
        crew=("陈志远", "雷勇"),
        party=_party("citizen", "赵桂花", "大桥村圩场", D(2024, 9, 10)),
        steps=[
            step(
                "summary_penalty",
                on=D(2024, 9, 10),
                penalty_kind="fine",
                fine_amount=Decimal("100"),
                officers=CREW,
            ),
            step(
                "record_payment",
                paid_on=D(2024, 9, 10),
                amount=Decimal("100"),
                receipt_no="当场收缴0910-01",
            ),
            step("close", on=D(2024, 9, 11)),
        ],
    ),
    # 5–6. Inspections.
    _inspection(
        "烟花爆竹经营户安全生产专项检查",
        "safety",
        D(2024, 10, 15),
        ("陈志远", "雷勇"),
        "大桥村圩场各经营点",
    ),
    _inspection(
        "汛期地质灾害隐患点巡查",
        "natural_resources",
        D(2024, 6, 20),
        ("邓志刚", "周建华"),
        "源桐村滑坡隐患点",
    ),
    # 7. A compulsory measure: seizure of illegally transported timber.
    CaseScript(
        "无证运输木材",
        "forestry",
        crew=("周建华", "邓志刚"),
        party={"case_type": "coercion", **_party("citizen", "黄运来", "源桐村4组", D(2024, 11, 4))}
        | {"discovered_on": D(2024, 11, 5)},
        steps=[
            step("register_clue"),
            step("file_case", on=D(2024, 11, 5)),
            step(
                "apply_measure",
                kind="seize",
                started_on=D(2024, 11, 5),
                items="杉木原木3.2立方米",
                approved_by="赵永明",
                officers=CREW,
            ),
            step("lift_measure", on=D(2024, 11, 20)),
            step("close", on=D(2024, 11, 21), note="当事人补办运输手续，解除扣押"),
        ],
    ),
    # 8. No penalty: a first, minor violation corrected at once (《行政处罚法》第三十三条).
    CaseScript(
        "农药经营台账记录不全",
        "agriculture",
        crew=("盘晓燕", "赵丽娟"),
        party={
            "case_type": "penalty",
            **_party("organisation", "湘江源农资经营部", "大桥村", D(2024, 8, 1)),
        }
        | {"discovered_on": D(2024, 8, 5)},
        steps=[
            step("register_clue"),
            step("file_case", on=D(2024, 8, 6)),
            inquiry(D(2024, 8, 7), "湘江源农资经营部", "台账缺少3笔进货记录，当场补正。"),
            step("review", by="leader", outcome="no_penalty_minor", on=D(2024, 8, 20)),
        ],
    ),
    # 9. A case under investigation now (its 90-day clock running).
    CaseScript(
        "擅自在河道内采砂",
        "environment",
        crew=("邓志刚", "盘小军"),
        party={"case_type": "penalty", "source": "report"}
        | _party("citizen", "唐永胜", "坪源村5组", D(2026, 9, 12))
        | {"discovered_on": D(2026, 9, 18)},
        not_before=D(2026, 9, 23),
        steps=[
            step("register_clue"),
            step("file_case", on=D(2026, 9, 21)),
            inquiry(D(2026, 9, 22), "坪源村5组河段", "现场发现采砂设备一台，砂堆约20立方米。"),
        ],
    ),
]


def _cases(
    world: DemoWorld, o: dict[str, Officer], f: dict[str, EnforcementField]
) -> dict[str, Any]:
    def staff(name: str, office: str) -> Any:
        return demo.person(world, name, world.offices[office])

    cast = Cast(users=world.users, officers=o, staff=staff)
    return {s.title: run_case(world.township, f, s, cast) for s in CASES}


def _complaints(world: DemoWorld, o: dict[str, Officer], cases: dict[str, Any], by: Any) -> None:
    items = [
        (
            D(2024, 5, 15),
            "王某",
            "selective",
            "反映执法队只查处小加工厂，不查处其他占用林地的企业。",
            cases.get("未经批准占用林地堆放石材废料"),
            None,
            "unsubstantiated",
            "经核查，同期对辖区内3家企业开展了检查，未发现选择性执法。",
            "经调查核实，您反映的问题不属实。执法队已按年度检查计划对辖区企业全覆盖检查。",
            D(2024, 5, 30),
        ),
        (
            D(2024, 9, 20),
            "刘某",
            "attitude",
            "反映执法人员在圩场检查时态度生硬。",
            None,
            o["唐静"],
            "partly",
            "经调取执法记录仪视频，执法人员用语欠规范，已批评教育。",
            "经调查，部分属实。已对相关执法人员批评教育，并组织文明执法培训。",
            D(2024, 10, 10),
        ),
    ]
    for (
        received,
        who,
        conduct,
        content,
        case,
        officer,
        finding,
        investigation,
        reply,
        replied,
    ) in items:
        if EnforcementComplaint.objects.filter(
            unit=world.township, complainant=who, received_on=received
        ).exists():
            continue
        c = workflow.register_complaint(
            EnforcementComplaint(
                unit=world.township,
                received_on=received,
                complainant=who,
                phone="13907465566",
                conduct=conduct,
                content=content,
                case=case if case and case.pk else None,
                officer=officer,
            ),
            by=by,
        )
        workflow.investigate_complaint(c, note="已交乡纪委、司法所联合核查。", by=by)
        workflow.answer_complaint(
            c, finding=finding, investigation=investigation, reply=reply, on=replied, by=by
        )
