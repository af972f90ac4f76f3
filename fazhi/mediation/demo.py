"""Demo data of 湘江源瑶族乡: one township and five village mediation
committees with six full-time mediators (the seed report's 2024 figures come
from these rows), weekly/monthly screening rounds, and a year of disputes and
cases run through the real workflow. Idempotent: everything is looked up by a
natural key first, so a second run changes nothing."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from fazhi.core import demo
from fazhi.core.demo import DemoWorld
from fazhi.core.models import OrgUnit, Person

from . import builders, workflow
from .models import (
    Agreement,
    CommitteeLevel,
    CommitteeMember,
    Dispute,
    DisputeCategory,
    FollowUp,
    JudicialConfirmation,
    MediationCase,
    MediationCommittee,
    Mediator,
    MediatorTraining,
    Screening,
)
from .workflow import AgreementInput

F, M = Person.Gender.FEMALE, Person.Gender.MALE
YAO, HAN = "瑶族", "汉族"
TERM_START = dt.date(2024, 3, 1)
TOWNSHIP_COMMITTEE = "湘江源瑶族乡人民调解委员会"

# committee key ("township" or village name): members (name, gender, ethnicity,
# position); the first member marked True is the full-time mediator.
MEMBERS: dict[str, list[tuple[str, str, str, str, bool]]] = {
    "township": [
        ("赵文清", M, HAN, CommitteeMember.Position.CHAIR, False),
        ("盘秀娥", F, YAO, CommitteeMember.Position.VICE_CHAIR, True),
        ("邓国华", M, YAO, CommitteeMember.Position.MEMBER, False),
        ("李春梅", F, HAN, CommitteeMember.Position.MEMBER, False),
        ("黄立法", M, HAN, CommitteeMember.Position.MEMBER, False),
    ],
    "荆竹村": [
        ("盘有德", M, YAO, CommitteeMember.Position.CHAIR, False),
        ("赵金凤", F, YAO, CommitteeMember.Position.VICE_CHAIR, True),
        ("邓小军", M, YAO, CommitteeMember.Position.MEMBER, False),
    ],
    "紫良村": [
        ("冯德明", M, YAO, CommitteeMember.Position.CHAIR, False),
        ("李玉兰", F, HAN, CommitteeMember.Position.VICE_CHAIR, False),
        ("盘志强", M, YAO, CommitteeMember.Position.MEMBER, True),
    ],
    "坪源村": [
        ("赵明亮", M, YAO, CommitteeMember.Position.CHAIR, True),
        ("黄桂英", F, YAO, CommitteeMember.Position.VICE_CHAIR, False),
        ("唐建平", M, HAN, CommitteeMember.Position.MEMBER, False),
        ("盘春花", F, YAO, CommitteeMember.Position.MEMBER, False),
    ],
    "大桥村": [
        ("邓永福", M, YAO, CommitteeMember.Position.CHAIR, False),
        ("冯小红", F, YAO, CommitteeMember.Position.VICE_CHAIR, True),
        ("刘长春", M, HAN, CommitteeMember.Position.MEMBER, False),
    ],
    "源桐村": [
        ("李光荣", M, YAO, CommitteeMember.Position.CHAIR, True),
        ("赵秀珍", F, YAO, CommitteeMember.Position.VICE_CHAIR, False),
        ("黄家旺", M, YAO, CommitteeMember.Position.MEMBER, False),
    ],
}

# Weeks (Mondays) a village held no screening round: listed as missed.
MISSED_WEEKS: dict[str, set[dt.date]] = {
    "源桐村": {dt.date(2024, 4, 1), dt.date(2024, 9, 30)},
    "大桥村": {dt.date(2024, 2, 5)},
    "紫良村": {dt.date(2026, 11, 9)},
}
SCREENING_START = dt.date(2024, 1, 1)
SCREENING_END = dt.date(2026, 11, 22)


@dataclass
class Spec:
    village: str
    title: str
    category: str
    found: dt.date
    parties: list[tuple[str, str]]
    facts: str
    outcome: str  # spot, agreed_written, agreed_oral, failed, escalated, open, registered
    source: str = Dispute.Source.SCREENING
    # Each dispute's 风险等级 stated, as a clerk states it (the form proposes none).
    risk: str = field(kw_only=True)
    risk_reason: str = ""
    amount: int | None = None
    terms: str = "双方自愿达成协议，按约定履行。"
    confirm: bool = False
    honoured: str = FollowUp.Honoured.YES
    extra: dict[str, Any] = field(default_factory=dict)


SPECS: list[Spec] = [
    Spec(
        "荆竹村",
        "盘某某与赵某某宅基地界址纠纷",
        "land",
        dt.date(2024, 1, 17),
        [("盘石生", M), ("赵长贵", M)],
        "双方因老屋宅基地界址争执，均主张滴水线以外两尺归己。",
        "agreed_written",
        terms="以村委会2019年丈量图为准，重新埋设界桩，赵长贵拆除越界围墙0.4米。",
        confirm=True,
        risk=Dispute.Risk.LOW,
    ),
    Spec(
        "荆竹村",
        "邓某与邓某某赡养纠纷",
        "marriage_family",
        dt.date(2024, 3, 6),
        [("邓秋菊", F), ("邓满仓", M)],
        "老人邓秋菊年迈，三子对赡养费分担有争议。",
        "agreed_oral",
        source=Dispute.Source.APPLICATION,
        terms="三兄弟每人每月给付赡养费300元。",
        risk=Dispute.Risk.LOW,
    ),
    Spec(
        "荆竹村",
        "山林界址争议",
        "forest",
        dt.date(2024, 5, 15),
        [("盘福林", M), ("邓光明", M)],
        "两户对承包山林交界处约3亩杉木林权属有争议，曾发生推搡。",
        "escalated",
        risk=Dispute.Risk.HIGH,
        risk_reason="双方曾发生肢体冲突，涉及宗族，有激化风险。",
        amount=36000,
        terms="争议杉木林按林权证四至确认归盘福林，盘福林补偿邓光明种植投入6000元。",
        confirm=True,
    ),
    Spec(
        "荆竹村",
        "邻里排水纠纷",
        "neighbour",
        dt.date(2024, 8, 21),
        [("赵玉莲", F), ("盘金水", M)],
        "屋后排水沟堵塞致雨水漫入邻居厨房。",
        "spot",
        risk=Dispute.Risk.LOW,
    ),
    Spec(
        "紫良村",
        "冯某某与李某借款纠纷",
        "debt",
        dt.date(2024, 2, 28),
        [("冯春生", M), ("李志勇", M)],
        "2022年借款2万元未按期归还。",
        "agreed_written",
        source=Dispute.Source.APPLICATION,
        amount=20000,
        terms="李志勇于2024年6月30日前分两次归还借款2万元。",
        risk=Dispute.Risk.LOW,
    ),
    Spec(
        "紫良村",
        "婚姻家庭纠纷（分家析产）",
        "marriage_family",
        dt.date(2024, 4, 10),
        [("盘细妹", F), ("盘大有", M)],
        "兄妹对父母遗留房屋分配有争议。",
        "agreed_written",
        terms="老屋归盘大有所有，盘大有补偿盘细妹人民币15000元。",
        amount=15000,
        risk=Dispute.Risk.LOW,
    ),
    Spec(
        "紫良村",
        "务工工资纠纷",
        "labour",
        dt.date(2024, 7, 3),
        [("李海军", M), ("冯建设", M)],
        "村民在本村包工头处务工，工资8500元未结清。",
        "failed",
        amount=8500,
        source=Dispute.Source.APPLICATION,
        risk=Dispute.Risk.LOW,
    ),
    Spec(
        "紫良村",
        "耕牛损害庄稼纠纷",
        "damage",
        dt.date(2024, 9, 11),
        [("冯桂花", F), ("李三妹", F)],
        "耕牛进入邻户稻田损毁稻谷约半亩。",
        "agreed_oral",
        terms="李三妹赔偿冯桂花稻谷200斤。",
        risk=Dispute.Risk.LOW,
    ),
    Spec(
        "坪源村",
        "土地承包经营权纠纷",
        "land",
        dt.date(2024, 1, 24),
        [("赵土生", M), ("唐志明", M)],
        "对2.1亩水田的承包经营权有争议。",
        "agreed_written",
        terms="按二轮延包合同确认水田由赵土生承包，唐志明于本季收割后交还。",
        confirm=True,
        risk=Dispute.Risk.LOW,
    ),
    Spec(
        "坪源村",
        "相邻通行纠纷",
        "neighbour",
        dt.date(2024, 4, 17),
        [("黄有才", M), ("赵四妹", F)],
        "一方砌墙堵塞多年通行小路。",
        "agreed_oral",
        terms="拆除新砌围墙，保留1.2米通道。",
        risk=Dispute.Risk.LOW,
    ),
    Spec(
        "坪源村",
        "村务公开纠纷",
        "village_affairs",
        dt.date(2024, 6, 12),
        [("唐国庆", M), ("赵明辉", M)],
        "村民对公益林补偿款分配有疑问。",
        "spot",
        source=Dispute.Source.PETITION,
        risk=Dispute.Risk.LOW,
    ),
    Spec(
        "坪源村",
        "婚约财产纠纷",
        "marriage_family",
        dt.date(2024, 10, 16),
        [("赵彩云", F), ("黄小龙", M)],
        "解除婚约后彩礼返还有争议。",
        "agreed_written",
        amount=38000,
        terms="赵彩云返还彩礼28000元，于2024年12月31日前付清。",
        risk=Dispute.Risk.LOW,
    ),
    Spec(
        "大桥村",
        "山林承包费纠纷",
        "forest",
        dt.date(2024, 3, 13),
        [("邓春来", M), ("刘有福", M)],
        "山林承包费逾期未付。",
        "agreed_written",
        amount=12000,
        terms="刘有福于2024年5月31日前支付承包费12000元。",
        risk=Dispute.Risk.LOW,
    ),
    Spec(
        "大桥村",
        "交通事故赔偿纠纷",
        "damage",
        dt.date(2024, 5, 29),
        [("冯大山", M), ("刘小兵", M)],
        "摩托车与三轮车相撞致一方轻伤。",
        "agreed_written",
        source=Dispute.Source.POLICE,
        amount=9000,
        terms="刘小兵赔偿冯大山医疗费等共计9000元。",
        risk=Dispute.Risk.LOW,
    ),
    Spec(
        "大桥村",
        "邻里噪音纠纷",
        "neighbour",
        dt.date(2024, 8, 7),
        [("邓美英", F), ("刘强", M)],
        "夜间加工竹木噪音扰民。",
        "spot",
        risk=Dispute.Risk.LOW,
    ),
    Spec(
        "大桥村",
        "农资买卖合同纠纷",
        "contract",
        dt.date(2024, 11, 20),
        [("邓建国", M), ("刘金花", F)],
        "化肥质量问题导致减产，双方对赔偿有争议。",
        "failed",
        amount=5000,
        risk=Dispute.Risk.LOW,
    ),
    Spec(
        "源桐村",
        "家庭暴力引发的婚姻纠纷",
        "marriage_family",
        dt.date(2024, 2, 21),
        [("李秋月", F), ("黄建军", M)],
        "丈夫酒后多次殴打妻子，妻子要求离婚。",
        "agreed_written",
        risk=Dispute.Risk.HIGH,
        risk_reason="存在家庭暴力，有民转刑风险，已通报派出所。",
        terms="黄建军书面保证不再实施家庭暴力，双方分居三个月冷静期，财产暂由李秋月管理。",
    ),
    Spec(
        "源桐村",
        "水源使用纠纷",
        "neighbour",
        dt.date(2024, 6, 26),
        [("李水生", M), ("黄德才", M)],
        "两户共用山泉水源，干旱期用水有争议。",
        "agreed_oral",
        terms="按日轮流用水，单日李家、双日黄家。",
        risk=Dispute.Risk.LOW,
    ),
    Spec(
        "源桐村",
        "林木采伐纠纷",
        "forest",
        dt.date(2024, 10, 9),
        [("赵林生", M), ("李贵平", M)],
        "越界采伐杉木12棵。",
        "agreed_written",
        amount=4800,
        terms="李贵平赔偿赵林生林木损失4800元，并补种杉苗30株。",
        risk=Dispute.Risk.LOW,
    ),
    # Live in 2026: a high-risk dispute not yet mediated and a case in mediation.
    Spec(
        "紫良村",
        "土地征收补偿分配纠纷",
        "land",
        dt.date(2026, 11, 11),
        [("冯长寿", M), ("李满堂", M)],
        "高速公路征地补偿款在两户间分配有争议，双方情绪激动。",
        "registered",
        risk=Dispute.Risk.HIGH,
        risk_reason="涉及补偿款较大，双方扬言到县上访。",
        amount=86000,
    ),
    Spec(
        "坪源村",
        "宅基地相邻采光纠纷",
        "neighbour",
        dt.date(2026, 11, 4),
        [("唐玉梅", F), ("赵富贵", M)],
        "新建房屋遮挡邻户采光。",
        "open",
        source=Dispute.Source.APPLICATION,
        risk=Dispute.Risk.LOW,
    ),
]


def _person(world: DemoWorld, name: str, unit: OrgUnit, **fields: Any) -> Person:
    """A demo person of `unit` or its offices (the township's cadres sit in the
    司法所 and other offices), created once."""
    existing = (
        Person.objects.filter(unit__path__startswith=unit.path, name=name).order_by("pk").first()
    )
    return existing or demo.person(world, name, unit, **fields)


def _wednesday(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday()) + dt.timedelta(days=2)


def _committees(world: DemoWorld) -> dict[str, MediationCommittee]:
    by = world.users["sifasuo"]
    out: dict[str, MediationCommittee] = {}
    targets: list[tuple[str, OrgUnit, str, str, dt.date]] = [
        (
            "township",
            world.township,
            TOWNSHIP_COMMITTEE,
            CommitteeLevel.TOWNSHIP,
            dt.date(2015, 12, 1),
        )
    ]
    targets += [
        (v.name, v, f"{v.name}人民调解委员会", CommitteeLevel.VILLAGE, dt.date(2016, 3, 1))
        for v in world.villages
    ]
    for key, unit, name, level, established in targets:
        address = unit.name + ("人民政府" if level == CommitteeLevel.TOWNSHIP else "村民委员会")
        out[key] = builders.committee(
            unit,
            name,
            level,
            established=established,
            term_start=TERM_START,
            by=by,
            address=address,
        )
    return out


def _members_and_mediators(
    world: DemoWorld, committees: dict[str, MediationCommittee]
) -> dict[str, Mediator]:
    by = world.users["sifasuo"]
    mediators: dict[str, Mediator] = {}
    for key, rows in MEMBERS.items():
        committee = committees[key]
        unit = committee.unit
        for name, gender, ethnicity, position, full_time in rows:
            person = _person(world, name, unit, gender=gender, ethnicity=ethnicity)
            builders.member(committee, person, position, elected=TERM_START, by=by)
            if full_time:
                mediator = builders.mediator(
                    committee, person, appointed=dt.date(2023, 3, 1), by=by
                )
                if not mediator.trainings.exists():
                    MediatorTraining.objects.create(
                        mediator=mediator,
                        held_on=dt.date(2024, 6, 18),
                        title="全县人民调解员业务培训",
                        organiser="蓝山县司法局",
                        hours=8,
                    )
                mediators[key] = mediator
    return mediators


def _screenings(world: DemoWorld) -> None:
    rows: list[Screening] = []
    admin = world.users["sifasuo"]
    for unit in [world.township, *world.villages]:
        existing = set(Screening.objects.filter(unit=unit).values_list("screened_on", flat=True))
        if unit.kind == OrgUnit.Kind.TOWNSHIP:
            days = []
            day = SCREENING_START.replace(day=25)
            while day <= SCREENING_END:
                days.append(day)
                day = (day.replace(day=1) + dt.timedelta(days=32)).replace(day=25)
            screeners, scope = "司法所、综治中心", "全乡各村及重点领域"
        else:
            days = []
            monday = SCREENING_START - dt.timedelta(days=SCREENING_START.weekday())
            while monday + dt.timedelta(days=2) <= SCREENING_END:
                if monday not in MISSED_WEEKS.get(unit.name, set()):
                    days.append(monday + dt.timedelta(days=2))
                monday += dt.timedelta(days=7)
            chair = MEMBERS[unit.name][0][0]
            screeners, scope = f"{chair}等村调委会成员", f"{unit.name}各村民小组"
        rows += [
            Screening(
                unit=unit,
                screened_on=d,
                screeners=screeners,
                scope=scope,
                note="逐户走访，重点排查婚姻家庭、山林土地、邻里纠纷。",
                created_by=admin,
                updated_by=admin,
            )
            for d in days
            if d not in existing
        ]
    Screening.objects.bulk_create(rows, batch_size=500)


def _run_case(
    world: DemoWorld,
    spec: Spec,
    dispute: Dispute,
    committees: dict[str, MediationCommittee],
    mediators: dict[str, Mediator],
) -> None:
    by = world.users["sifasuo"]
    committee, mediator = committees[spec.village], mediators[spec.village]
    applied = dispute.found_on + dt.timedelta(days=1)
    start = (
        MediationCase.Start.APPLICATION
        if spec.source == Dispute.Source.APPLICATION
        else (
            MediationCase.Start.REFERRAL
            if spec.source in (Dispute.Source.POLICE, Dispute.Source.COURT)
            else MediationCase.Start.EX_OFFICIO
        )
    )
    applicant = spec.parties[0][0] if start != MediationCase.Start.REFERRAL else "湘江源派出所"
    accepted = applied + dt.timedelta(days=1)
    case = builders.open_case(
        dispute,
        committee=committee,
        start=start,
        applied=applied,
        applicant=applicant,
        request=f"请求调解：{spec.title}",
        accepted=accepted,
        mediator=mediator,
        by=by,
    )
    names = "、".join(p[0] for p in spec.parties)
    workflow.record_session(
        case,
        held_on=accepted + dt.timedelta(days=3),
        place=f"{spec.village}调解室",
        attendees=f"{names}、调解员{mediator}",
        record=f"听取双方陈述：{spec.facts}",
        by=by,
    )
    if spec.outcome == "open":
        return
    if spec.outcome == "escalated":
        case = workflow.escalate(
            case,
            to_committee=committees["township"],
            on=accepted + dt.timedelta(days=10),
            reason="双方分歧大，涉及跨村山林，村调委会调解未果。",
            by=by,
        )
        workflow.assign_mediator(
            case, mediator=mediators["township"], on=case.accepted_on or applied, by=by
        )
        accepted = case.accepted_on or applied
        workflow.record_session(
            case,
            held_on=accepted + dt.timedelta(days=5),
            place="乡人民调解委员会调解室",
            attendees=f"{names}、调解员{mediators['township']}、林业站工作人员",
            record="现场勘验林地四至，对照林权证。",
            by=by,
        )
    if spec.outcome == "failed":
        workflow.fail(
            case,
            on=accepted + dt.timedelta(days=20),
            reason="双方分歧较大，经多次调解未能达成协议。",
            routes=[MediationCase.Route.LITIGATION, MediationCase.Route.ARBITRATION]
            if spec.category == "labour"
            else [MediationCase.Route.LITIGATION],
            by=by,
        )
        return
    dated = accepted + dt.timedelta(days=12)
    written = spec.outcome in ("agreed_written", "escalated")
    agreement = workflow.record_agreement(
        case,
        AgreementInput(
            form=Agreement.Form.WRITTEN if written else Agreement.Form.ORAL,
            dated=dated,
            terms=spec.terms,
            facts=spec.facts,
            issues=f"{spec.title}的责任与处理",
            responsibilities="双方均有一定责任，本着互谅互让原则协商解决。",
            performance_manner="当面履行，调解员见证" if written else "",
            performance_place=f"{spec.village}村民委员会" if written else "",
            performance_deadline=dated + dt.timedelta(days=30),
        ),
        by=by,
    )
    if written:
        workflow.sign_agreement(
            agreement,
            parties_signed_on=dated,
            mediator_signed_on=dated,
            seal_recorded_on=dated,
            by=by,
        )
    effective = agreement.effective_on or dated
    if spec.confirm:
        confirmation = workflow.apply_confirmation(
            agreement,
            applied_on=effective + dt.timedelta(days=10),
            court="蓝山县人民法院",
            joint=True,
            by=by,
        )
        workflow.record_confirmation_result(
            confirmation,
            result=JudicialConfirmation.Result.CONFIRMED,
            decided_on=confirmation.applied_on + dt.timedelta(days=12),
            ruling_no=f"（{effective.year}）湘1127民特{dispute.pk}号",
            by=by,
        )
    else:
        workflow.waive_confirmation(agreement, on=effective + dt.timedelta(days=3), by=by)
    for followup in FollowUp.objects.filter(case=case, done_on__isnull=True):
        workflow.record_followup(
            followup,
            done_on=followup.scheduled_on,
            visitor=str(mediator),
            honoured=spec.honoured,
            note="当事人确认已按协议履行。",
            by=by,
        )


def _disputes(
    world: DemoWorld, committees: dict[str, MediationCommittee], mediators: dict[str, Mediator]
) -> None:
    by = world.users["sifasuo"]
    units = {v.name: v for v in world.villages}
    categories = {c.code: c for c in DisputeCategory.objects.all()}
    for spec in SPECS:
        unit = units[spec.village]
        if Dispute.objects.filter(unit=unit, title=spec.title).exists():
            continue
        screening = None
        found = spec.found
        if spec.source == Dispute.Source.SCREENING:
            found = _wednesday(spec.found)
            screening = (
                Screening.objects.filter(unit=unit, screened_on__lte=found)
                .order_by("-screened_on")
                .first()
            )
            assert screening is not None
            found = screening.screened_on
        parties = [
            _person(
                world, name, unit, gender=gender, address=f"湖南省蓝山县湘江源瑶族乡{unit.name}"
            )
            for name, gender in spec.parties
        ]
        dispute = builders.dispute(
            unit,
            spec.title,
            parties,
            category=categories[spec.category],
            facts=spec.facts,
            amount=spec.amount,
            source=spec.source,
            screening=screening,
            found_on=found,
            risk_level=spec.risk,
            risk_reason=spec.risk_reason,
            by=by,
        )
        if spec.outcome == "registered":
            continue
        if spec.outcome == "spot":
            workflow.close_dispute(
                dispute,
                outcome=Dispute.Status.RESOLVED,
                on=found + dt.timedelta(days=2),
                note="村调委会当场调处，双方握手言和。",
                by=by,
            )
            continue
        _run_case(world, spec, dispute, committees, mediators)


def organisation(world: DemoWorld) -> tuple[dict[str, MediationCommittee], dict[str, Mediator]]:
    """The committees, their members and full-time mediators: the township's
    set-up (core.demo.register_setup), which the case register names and
    which no ledger kind creates."""
    committees = _committees(world)
    return committees, _members_and_mediators(world, committees)


def build(world: DemoWorld) -> None:
    committees, mediators = organisation(world)
    _screenings(world)
    _disputes(world, committees, mediators)
