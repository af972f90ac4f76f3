"""Demo data: a year (2024) of petitions for the demo township across channels
and outcomes, reception days for each leader, outreach visits, key cases owned
by leaders and one review. Idempotent: every record is looked up by a natural
key first, so running load_demo twice changes nothing.

All state changes go through `workflow`, so the demo's clocks, history and
audit rows are what real use would produce.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from fazhi.core import steps as core_steps
from fazhi.core.demo import DemoWorld, make_id_number, person
from fazhi.core.models import OrgUnit, Person, User

from . import workflow as wf
from .models import Petition, Reception, ReceptionDuty, Source

YEAR = 2024
OFFICE = "综治中心（信访办）"
SEED = 4_2024

CLAIMS = [
    "土地承包经营权纠纷",
    "山林权属争议",
    "拖欠务工工资",
    "宅基地边界争议",
    "低保评定异议",
    "危房改造补助发放",
    "道路修建占地补偿",
    "饮水工程用水纠纷",
    "退耕还林补助发放",
    "医疗救助申请",
]
SUGGESTIONS = ["建议修缮村组道路", "建议增设路灯", "建议加强河道清理", "建议增加农村客运班次"]
ACCUSATIONS = ["反映村干部优亲厚友", "反映村务公开不及时", "反映集体资金使用不规范"]
SURNAMES = "盘赵李邓黄冯唐蒋奉雷"
GIVEN = [
    "春生",
    "秋菊",
    "有福",
    "桂英",
    "永贵",
    "小军",
    "建华",
    "美玲",
    "德明",
    "金花",
    "长青",
    "玉兰",
]
PLACES = {"morning": "乡政府群众接待室", "afternoon": "乡综治中心", "full_day": "乡政府群众接待室"}


@dataclass
class Spec:
    key: int
    received_on: dt.date
    channel: str
    category: str
    title: str
    path: str  # what happens to it
    village: OrgUnit
    name: str
    id_number: str
    key_leader: int | None = None
    transferred: bool = False
    reception: Reception | None = None


def _leaders(world: DemoWorld) -> list[Person]:
    return [m.person for m in wf.leaders_of(world.township)]


def _duty(world: DemoWorld, leader: Person, day: dt.date, clerk: User) -> ReceptionDuty:
    """A leader's published morning at the reception room, made once."""
    duty, _ = ReceptionDuty.objects.get_or_create(
        leader=leader,
        date=day,
        slot=ReceptionDuty.Slot.MORNING,
        defaults={
            "unit": world.township,
            "place": PLACES["morning"],
            "topic": "群众来访接待",
            "published": True,
            "created_by": clerk,
            "updated_by": clerk,
        },
    )
    return duty


def _duties(world: DemoWorld, leaders: list[Person], clerk: User) -> list[Reception]:
    """Each leader receives visitors one day a month (staggered weeks)."""
    receptions = []
    rng = random.Random(SEED)
    for month in range(1, 13):
        for i, leader in enumerate(leaders):
            day = dt.date(YEAR, month, 1) + dt.timedelta(days=7 * i + 2)
            while day.weekday() >= 5:
                day += dt.timedelta(days=1)
            duty = _duty(world, leader, day, clerk)
            visitors = rng.randint(1, 7)
            reception, _ = Reception.objects.get_or_create(
                duty=duty,
                defaults={
                    "unit": world.township,
                    "leader": leader,
                    "held_on": day,
                    "place": duty.place,
                    "visitor_count": visitors,
                    "summary": f"接待来访群众{visitors}人次，现场答复、登记交办。",
                    "created_by": clerk,
                    "updated_by": clerk,
                },
            )
            receptions.append(reception)
    # Next year's rota, published so the public page has something ahead.
    for i, leader in enumerate(leaders):
        day = dt.date(YEAR + 1, 1, 6) + dt.timedelta(days=7 * i)
        _duty(world, leader, day, clerk)
    return receptions


def _specs(world: DemoWorld, receptions: list[Reception]) -> list[Spec]:
    rng = random.Random(SEED + 1)
    paths = (
        ["village"] * 14
        + ["township"] * 10
        + ["extended"] * 3
        + ["late"] * 2
        + ["declined"] * 2
        + ["referred"] * 2
        + ["objected"]
        + ["key"] * 4
        + ["review"]
        + ["open"] * 2
        + ["registered"]
    )
    channels = ["visit", "visit", "letter", "call", "online"]
    specs: list[Spec] = []
    for key, path in enumerate(paths, start=1):
        village = world.villages[key % len(world.villages)]
        if path == "objected":
            category, subject = "claim", "社保待遇核定"
        elif key % 9 == 0:
            category, subject = "accusation", ACCUSATIONS[key % len(ACCUSATIONS)]
        elif key % 5 == 0:
            category, subject = "suggestion", SUGGESTIONS[key % len(SUGGESTIONS)]
        else:
            category, subject = "claim", CLAIMS[key % len(CLAIMS)]
        month = 1 + (key * 5) % 11 if path not in {"open", "registered"} else 12
        received = dt.date(YEAR, month, 1 + rng.randint(0, 20))
        if path == "registered":
            received = dt.date(YEAR, 12, 27)
        channel = channels[key % len(channels)]
        reception = None
        if channel == "visit" and key % 2 == 0:
            reception = receptions[(key * 3) % len(receptions)]
            received = reception.held_on
        name = SURNAMES[key % len(SURNAMES)] + GIVEN[key % len(GIVEN)]
        birth = dt.date(1950 + key % 40, 1 + key % 12, 1 + key % 27)
        id_number = make_id_number("431127", birth, 500 + key, key % 2 == 0)
        specs.append(
            Spec(
                key=key,
                received_on=received,
                channel=channel,
                category=category,
                title=f"{village.name}{1 + key % 6}组{subject}",
                path=path,
                village=village,
                name=name,
                id_number=id_number,
                key_leader=key % 3 if path == "key" else None,
                transferred=path == "objected" or key % 7 == 0,
                reception=reception,
            )
        )
    # A repeat petition: the first village claimant comes back on the same matter.
    first = next(s for s in specs if s.path == "village")
    specs.append(
        Spec(
            key=len(specs) + 1,
            received_on=dt.date(YEAR, 12, 10),
            channel="visit",
            category=first.category,
            title=first.title,
            path="open",
            village=first.village,
            name=first.name,
            id_number=first.id_number,
        )
    )
    return specs


def _days(d: dt.date, n: int) -> dt.date:
    return d + dt.timedelta(days=n)


# The matters still open on 2024-12-31 (received in December, or on a
# reception day and not replied by the year end) end in early 2025: replied in
# January (inside the 60-day clock of those accepted in December; the one
# accepted in May was past its clock at the year end and is replied late),
# closed and rated in February; the one only registered is decided on
# 2025-01-02, inside its clocks. The 2024 report counts what was true at the
# year end (replies, closures and ratings by their date, acceptance by stage),
# so its figures are unchanged; on the day the demo is built no 2024 matter is
# left running, overdue two years on.
CONCLUDED_FROM = dt.date(YEAR + 1, 1, 6)
DECIDED_REGISTERED = dt.date(YEAR + 1, 1, 2)
CONCLUDED_BY = dt.date(YEAR + 1, 3, 31)  # the last step (the rating) is done by then


def _concluded(spec: Spec) -> dt.date | None:
    """The day in January 2025 a matter open at the 2024 year end is replied
    to (or, registered only, decided), when the demo is built after its last
    step's day; else None (it stays open)."""
    if spec.path not in {"open", "registered"} or core_steps.today() < CONCLUDED_BY:
        return None
    if spec.path == "registered":
        # Inside its 转送异议 window (5 working days from 12-27: 2025-01-06)
        # and its 15-day receipt notice.
        return DECIDED_REGISTERED
    day = CONCLUDED_FROM + dt.timedelta(days=spec.key % 10)
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    return day


def _build_one(
    world: DemoWorld, spec: Spec, office: OrgUnit, clerk: User, leaders: list[Person], cadre: User
) -> None:
    if Petition.objects.filter(
        unit=office, title=spec.title, received_on=spec.received_on
    ).exists():
        return
    rng = random.Random(SEED + spec.key)
    accused = spec.village if spec.category == "accusation" else None
    p = wf.register(
        unit=office,
        channel=spec.channel,
        category=spec.category,
        title=spec.title,
        content=f"信访人{spec.name}反映：{spec.title}，请求依法处理。",
        received_on=spec.received_on,
        petitioners=[
            wf.PetitionerData(
                spec.name,
                spec.id_number,
                f"139{spec.key:08d}",
                f"湖南省蓝山县湘江源瑶族乡{spec.village.name}",
            )
        ],
        by=clerk,
        source=Source.TRANSFERRED if spec.transferred else Source.DIRECT,
        sending_body="蓝山县信访局" if spec.transferred else "",
        sending_ref=f"蓝信转〔{YEAR}〕{spec.key}号" if spec.transferred else "",
        involved_unit=spec.village,
        accused_unit=accused,
        reception=spec.reception,
    )
    concluded = _concluded(spec)
    if spec.path == "registered":
        if concluded is not None:
            # Decided in January 2025: not taken in (the 2024 report counts
            # it as received, not accepted), the claim channelled to arbitration.
            wf.refer(
                p,
                by=clerk,
                on=concluded,
                procedure="arbitration",
                competent_body="蓝山县劳动人事争议仲裁委员会",
                reason="该请求属于劳动争议，应通过仲裁解决。",
            )
        return
    decided = _days(spec.received_on, rng.randint(1, 4))
    if spec.path == "declined":
        wf.decline(
            p,
            by=clerk,
            on=decided,
            competent_body="蓝山县人力资源和社会保障局",
            reason="该事项属于县级主管部门职权范围。",
        )
        return
    if spec.path == "referred":
        wf.refer(
            p,
            by=clerk,
            on=decided,
            procedure="litigation",
            competent_body="蓝山县人民法院",
            reason="该请求属于民事争议，应通过诉讼解决。",
        )
        return
    if spec.path == "objected":
        wf.object_transfer(
            p, by=clerk, on=decided, reason="该事项属于县社保中心职责，不属于本乡职责范围。"
        )
        return
    p = wf.accept(p, by=clerk, on=decided)
    village_level = spec.path == "village" and accused is None
    unit = spec.village if village_level else world.offices["司法所" if spec.key % 2 else OFFICE]
    leader = leaders[spec.key_leader] if spec.key_leader is not None and leaders else None
    # The handler must be able to open the matter (wf.assignable_handlers): the
    # demo's one village cadre handles their own village's matters, the
    # petition office the other villages'.
    own_village = village_level and cadre.home_unit_id == unit.pk
    p = wf.assign(
        p,
        by=clerk,
        responsible_unit=unit,
        handler=cadre if own_village else clerk,
        is_key_case=leader is not None,
        owner_leader=leader,
    )
    p = wf.record_handling(
        p,
        by=clerk,
        investigation="经走访当事人、查阅档案资料，情况基本属实。",
        settlement="双方达成和解。" if village_level else "",
    )
    if spec.path == "open" and concluded is None:
        return
    days = {"extended": 75, "late": 66}.get(spec.path, rng.randint(12, 50))
    if spec.path == "extended":
        head = next(
            (
                m.person
                for m in wf.leaders_of(world.township)
                if m.leadership_role == "township_head"
            ),
            None,
        )
        p = wf.extend(
            p,
            by=clerk,
            days=30,
            reason="涉及多方当事人，需进一步调查核实。",
            approver=head,
            on=_days(decided, 50),
            notice_on=_days(decided, 51),
        )
    replied = concluded if spec.path == "open" and concluded else _days(decided, days)
    claim = spec.category == "claim"
    p = wf.reply(
        p,
        by=clerk,
        on=replied,
        request=spec.title if claim else "",
        facts="经调查核实，情况如下……",
        outcome=["support", "explain", "not_support"][spec.key % 3],
        basis="《中华人民共和国农村土地承包法》等相关规定" if claim else "",
        served_on=_days(replied, rng.randint(1, 3)),
    )
    served = p.reply_served_on
    assert served is not None
    if spec.path == "review":
        wf.request_review(p, by=clerk, requested_on=_days(served, 15), body="蓝山县人民政府")
        p.refresh_from_db()
        wf.decide_review(
            p,
            by=clerk,
            on=_days(served, 40),
            result="upheld",
            opinion="维持原处理意见。",
            served_on=_days(served, 42),
        )
        p.refresh_from_db()
        served = _days(served, 42)
    p = wf.close(p, by=clerk, on=_days(served, 31), resolved=spec.key % 11 != 0)
    rating = (
        "unsatisfied" if spec.key % 11 == 0 else ("basically" if spec.key % 4 == 0 else "satisfied")
    )
    wf.rate(p, by=clerk, rating=rating, on=_days(served, 32))


def _outreach(world: DemoWorld, leaders: list[Person], clerk: User) -> None:
    from .models import OutreachVisit

    cadres = [
        person(world, "李秀英", world.offices[OFFICE], is_cadre=True),
        person(world, "赵文清", world.offices["司法所"], is_cadre=True),
    ]
    petitions = list(
        Petition.objects.in_unit(world.township).filter(received_on__year=YEAR).order_by("pk")
    )
    for i in range(16):
        day = dt.date(YEAR, 1 + (i * 3) % 12, 8 + i % 15)
        village = world.villages[i % len(world.villages)]
        party = f"{village.name}{SURNAMES[i % len(SURNAMES)]}{GIVEN[(i + 3) % len(GIVEN)]}"
        visit, created = OutreachVisit.objects.get_or_create(
            unit=world.township,
            visited_on=day,
            visited_party=party,
            defaults={
                "leader": leaders[i % len(leaders)] if leaders else None,
                "place": village.name,
                "findings": "了解群众诉求，宣传信访法规，引导依法逐级反映。",
                "actions": "现场答复政策问题，需办理事项登记交办。",
                "created_by": clerk,
                "updated_by": clerk,
            },
        )
        if created:
            visit.participants.set(cadres)
            if petitions:
                visit.petitions.set([petitions[(i * 2) % len(petitions)]])


def build(world: DemoWorld) -> None:
    office = world.offices[OFFICE]
    clerk = world.users["xinfang"]
    cadre = world.users["cun"]
    leaders = _leaders(world)
    receptions = _duties(world, leaders, clerk)
    for spec in sorted(_specs(world, receptions), key=lambda s: (s.received_on, s.key)):
        _build_one(world, spec, office, clerk, leaders, cadre)
    _outreach(world, leaders, clerk)
    _live(world, office, clerk, cadre)


# Open matters dated from the day the demo is built (core.steps.today), so a
# first look shows work in progress: one overdue, one due this week, one on
# time, one accepted a few days ago (in December its 60-day clock crosses the
# year end: a 暂定 due date while next year's notice is not entered) and one
# registered yesterday, waiting to be accepted. The 2024 records above are the
# annual report's; those open at its year end ended in early 2025 (_concluded).
LIVE = [
    # (days before today received, days until accepted, title, surname+given)
    (78, 2, "土地承包经营权纠纷（进行中）", "邓长青"),
    (60, 2, "拖欠务工工资（进行中）", "黄玉兰"),
    (32, 1, "饮水工程用水纠纷（进行中）", "冯德明"),
    (4, 1, "宅基地边界争议（进行中）", "唐金花"),
    (1, None, "危房改造补助发放（待受理）", "蒋有福"),
]


def _live(world: DemoWorld, office: OrgUnit, clerk: User, cadre: User) -> None:
    today = core_steps.today()
    for i, (ago, accept_after, subject, name) in enumerate(LIVE):
        village = world.villages[i % len(world.villages)]
        title = f"{village.name}{subject}"
        if Petition.objects.filter(unit=office, title=title).exists():
            continue
        received = today - dt.timedelta(days=ago)
        birth = dt.date(1960 + i * 3, 3 + i, 10 + i)
        p = wf.register(
            unit=office,
            channel="visit",
            category="claim",
            title=title,
            content=f"信访人{name}反映：{title}，请求依法处理。",
            received_on=received,
            petitioners=[
                wf.PetitionerData(
                    name,
                    make_id_number("431127", birth, 900 + i, i % 2 == 0),
                    f"137{i:08d}",
                    f"湖南省蓝山县湘江源瑶族乡{village.name}",
                )
            ],
            by=clerk,
            involved_unit=village,
        )
        if accept_after is None:
            continue
        p = wf.accept(p, by=clerk, on=received + dt.timedelta(days=accept_after))
        wf.assign(p, by=clerk, responsible_unit=office, handler=clerk)
