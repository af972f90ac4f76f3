"""Synthetic petitions for the province generator (core.builders, issue 19):
a township's petitions of every year with their petitioners and handling
clocks, spread over every stage, channel and category, more of them before
the Spring Festival and National Day (core.builders.Seasons)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.contenttypes.models import ContentType

from fazhi.core.builders import Row, Township, insert, register
from fazhi.core.models import Clock, OrgUnit

from . import rules
from .models import Category, Channel, Petition, Petitioner, Source, Stage

PER_TOWNSHIP_YEAR = 250

CHANNELS = [
    (Channel.ONLINE, 40),
    (Channel.VISIT, 35),
    (Channel.LETTER, 15),
    (Channel.CALL, 10),
]
CATEGORIES = [(Category.CLAIM, 60), (Category.SUGGESTION, 25), (Category.ACCUSATION, 15)]
# Matters received more than the handling period ago have mostly ended; the
# recent ones are mostly in hand. Every stage occurs.
OLD_STAGES = [
    (Stage.CLOSED, 55),
    (Stage.REPLIED, 14),
    (Stage.DECLINED, 5),
    (Stage.REFERRED, 5),
    (Stage.REVIEWED, 4),
    (Stage.REVIEW, 2),
    (Stage.FINAL, 2),
    (Stage.RE_REVIEW, 1),
    (Stage.OBJECTED, 1),
    (Stage.ACCEPTED, 9),  # still in hand after 60 days: overdue
    (Stage.REGISTERED, 2),
]
NEW_STAGES = [
    (Stage.REGISTERED, 15),
    (Stage.ACCEPTED, 50),
    (Stage.REPLIED, 15),
    (Stage.CLOSED, 10),
    (Stage.DECLINED, 5),
    (Stage.REFERRED, 5),
]
RUNNING = {Stage.ACCEPTED, Stage.REVIEW, Stage.RE_REVIEW}
NO_HANDLING = {Stage.REGISTERED, Stage.DECLINED, Stage.REFERRED, Stage.OBJECTED}
TITLES = (
    "拖欠工资",
    "土地承包",
    "宅基地",
    "征地补偿",
    "低保评定",
    "道路修建",
    "环境污染",
    "邻里纠纷",
)


def build(t: Township) -> int:
    petitions: list[Row] = []
    for year in t.years:
        for i in range(t.per_year(PER_TOWNSHIP_YEAR)):
            received = t.seasons.date(t.rng, year)
            old = (t.today - received).days > rules.HANDLING_DAYS
            stage = t.pick(OLD_STAGES if old else NEW_STAGES)
            channel = t.pick(CHANNELS)
            decided = (
                None
                if stage == Stage.REGISTERED
                else min(t.today, received + dt.timedelta(days=t.rng.randrange(1, 15)))
            )
            transferred = t.rng.random() < 0.2
            petitions.append(
                {
                    "unit_id": t.unit.pk,
                    "number": f"合成信〔{year}〕{t.index}-{i + 1}号",
                    "query_code": f"S{t.index:05d}{year % 100:02d}{i:06d}",
                    "channel": channel,
                    "source": Source.TRANSFERRED if transferred else Source.DIRECT,
                    "sending_body": "县信访局" if transferred else "",
                    "category": t.pick(CATEGORIES),
                    "title": f"{t.rng.choice(TITLES)}问题{i}",
                    "content": "合成数据",
                    "received_on": received,
                    "group_size": t.rng.randrange(5, 30)
                    if channel == Channel.VISIT and t.rng.random() < 0.05
                    else 1,
                    "stage": stage,
                    "decided_on": decided,
                    "closed_on": min(t.today, decided + dt.timedelta(days=t.rng.randrange(10, 70)))
                    if decided and stage == Stage.CLOSED
                    else None,
                }
            )
    n = insert(Petition, petitions)
    people = t.people
    n += insert(
        Petitioner,
        (
            {
                "petition_id": p["id"],
                "name": person["name"],
                "id_number": person["id_number"],
                "phone": person["phone"],
                "address": person["address"],
                "is_representative": p["group_size"] > 1,
            }
            for p in petitions
            for person in (t.rng.choice(people),)
        ),
    )
    ct = ContentType.objects.get_for_model(Petition)
    clocks = []
    for p in petitions:
        if p["stage"] in NO_HANDLING or p["decided_on"] is None:
            continue
        running = p["stage"] in RUNNING
        stopped = p["closed_on"] or min(
            t.today, p["decided_on"] + dt.timedelta(days=t.rng.randrange(20, 70))
        )
        clocks.append(
            handling_clock_row(
                p["id"],
                p["unit_id"],
                p["number"],
                p["decided_on"],
                ct,
                None if running else stopped,
            )
        )
    n += insert(Clock, clocks)
    through = Clock.recipients.through
    clerk = t.users.get("clerk")
    if clerk is not None:
        n += insert(
            through,
            (
                {"clock_id": c["id"], "user_id": clerk["id"]}
                for c in clocks
                if c["status"] == Clock.Status.RUNNING
            ),
        )
    return n


def bench_petition(
    i: int, unit: OrgUnit, received: dt.date, stage: str, word: str, code: str, **more: Any
) -> Petition:
    """The benches' petition `i`: numbered and titled with `word` (基准, 汇总),
    its query code `code` and `i`, every channel and category in turn, decided
    three days after it came in."""
    channels = Channel.values
    return Petition(
        unit=unit,
        number=f"{word}信〔{received.year}〕{i + 1}号",
        query_code=f"{code}{i:011d}",
        channel=channels[i % len(channels)],
        category=(Category.CLAIM, Category.SUGGESTION, Category.ACCUSATION)[i % 3],
        title=f"{word}事项{i}",
        content="基准内容",
        received_on=received,
        stage=stage,
        decided_on=received + dt.timedelta(days=3),
        **more,
    )


def handling_clock(p: Petition, ct: ContentType, stopped: dt.date | None) -> Clock:
    """The handling clock of `p` (running from its decision, stopped on
    `stopped` unless None), as the workflow's accept starts it: the benches
    write it set-based beside the petitions they insert."""
    assert p.decided_on is not None
    return Clock(**handling_clock_row(p.pk, p.unit_id, p.number, p.decided_on, ct, stopped))


def handling_clock_row(
    pk: int,
    unit_id: int,
    number: str,
    decided_on: dt.date,
    ct: ContentType,
    stopped: dt.date | None,
) -> Row:
    """The handling clock's row (core.builders.insert) of petition `pk`."""
    return {
        "unit_id": unit_id,
        "kind": rules.CLOCK_HANDLING,
        "label": f"{number} 办理答复",
        "content_type_id": ct.pk,
        "object_id": pk,
        "start_date": decided_on,
        "length": rules.HANDLING_DAYS,
        "day_unit": "calendar",
        "status": Clock.Status.RUNNING if stopped is None else Clock.Status.STOPPED,
        "due_date": decided_on + dt.timedelta(days=rules.HANDLING_DAYS),
        "stopped_on": stopped,
        "url": f"/petitions/{pk}/",
    }


register("petitions", build, order=10)
