"""What importing the sample 信访台账 writes, in full (issue 18): every
petition's number, stage, dates and repeat flags, its petitioners, stage
history, clocks (due dates, met or missed, their events and recipients),
audit events (one per workflow step, with the fields each changed), the
people and their links, the search entries and the import's own rows —
compared with fixed expectations, so a faster import path (a set-based
`register_many`, docs/import.md "Speed") that dropped a rule, an audit row
or a clock event fails here. Ids, times, query codes and hashes vary from run
to run and are left out; the audit chain is verified instead. A second
import of the same file writes nothing."""

from __future__ import annotations

import functools
from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType

from fazhi.core import auditchain
from fazhi.core.ledger_import import engine
from fazhi.core.models import (
    AuditEvent,
    Clock,
    ClockEvent,
    ImportedRow,
    Person,
    RecordLink,
    SearchEntry,
)
from fazhi.petitions.ledger import KIND
from fazhi.petitions.models import Petition, Petitioner, StageChange
from tests import ledgers
from tests.factories import World

pytestmark = pytest.mark.django_db

_run = functools.partial(ledgers.run, KIND)

# The petition's fields compared (the rest are ids, times or random codes).
PETITION_FIELDS = (
    "number",
    "stage",
    "channel",
    "source",
    "category",
    "title",
    "content",
    "received_on",
    "decided_on",
    "reply_on",
    "reply_served_on",
    "reply_request",
    "reply_facts",
    "reply_outcome",
    "reply_basis",
    "closed_on",
    "resolved",
    "is_repeat",
    "repeat_reason",
    "after_final",
    "group_size",
    "version",
)
# Audit changes whose values vary between runs (ids, times, random codes):
# compared by presence only (a repeat's original is compared by its number).
VOLATILE = frozenset(
    {"id", "created_at", "query_code", "created_by", "updated_by", "unit", "at", "repeat_of"}
)


def _value(value: Any) -> Any:
    return value.isoformat() if hasattr(value, "isoformat") else value


def _changes(changes: dict[str, Any]) -> dict[str, Any]:
    return {
        key: "<varies>" if key in VOLATILE else [_value(v) for v in pair]
        for key, pair in sorted(changes.items())
    }


def _events(obj: Any) -> list[tuple[str, str, dict[str, Any]]]:
    ct = ContentType.objects.get_for_model(obj)
    return [
        (e.action, e.note, _changes(e.changes))
        for e in AuditEvent.objects.filter(content_type=ct, object_id=str(obj.pk)).order_by("pk")
    ]


def _clock(clock: Clock) -> dict[str, Any]:
    met = None
    if clock.stopped_on is not None and clock.due_date is not None:
        met = clock.stopped_on <= clock.due_date
    return {
        "kind": clock.kind,
        "label": clock.label,
        "basis": clock.legal_basis,
        "start": _value(clock.start_date),
        "length": clock.length,
        "unit": clock.day_unit,
        "due": _value(clock.due_date),
        "stopped": _value(clock.stopped_on),
        "status": clock.status,
        "met": met,
        "holder": clock.unit.name,
        "recipients": sorted(u.username for u in clock.recipients.all()),
        "events": [
            (e.kind, _value(e.on), e.days)
            for e in ClockEvent.objects.filter(clock=clock).order_by("pk")
        ],
        "audit": _events(clock),
    }


def written() -> dict[str, Any]:
    """Everything the import wrote, by petition in the order registered."""
    ct = ContentType.objects.get_for_model(Petition)
    out: dict[str, Any] = {}
    for p in Petition.objects.order_by("pk"):
        links = RecordLink.objects.filter(from_type=ct, from_id=p.pk, kind="petitioner_person")
        out[p.number] = {
            **{f: _value(getattr(p, f)) for f in PETITION_FIELDS},
            "unit": p.unit.name,
            "repeat_of": p.repeat_of.number if p.repeat_of_id else None,
            "petitioners": [
                (x.name, x.id_number, x.phone, x.is_representative)
                for x in Petitioner.objects.filter(petition=p).order_by("pk")
            ],
            "stages": [
                (s.from_stage, s.to_stage, _value(s.on), s.note)
                for s in StageChange.objects.filter(petition=p).order_by("pk")
            ],
            "clocks": [
                _clock(c)
                for c in Clock.objects.filter(content_type=ct, object_id=p.pk).order_by("pk")
            ],
            "audit": _events(p),
            "people": sorted(
                (person.name, person.id_number, person.unit.name, len(_events(person)))
                for person in Person.objects.filter(pk__in=[link.to_id for link in links])
            ),
            "search": sorted(
                (e.title, e.names, getattr(e.unit, "name", None))
                for e in SearchEntry.objects.filter(object_id=p.pk, label="petitions.petition")
            ),
            "imported": ImportedRow.objects.filter(record_type=ct, record_id=p.pk).count(),
        }
    return out


def _counts() -> dict[str, int]:
    models = (Petition, Petitioner, StageChange, Clock, ClockEvent, AuditEvent, Person)
    return {m.__name__: m.objects.count() for m in (*models, RecordLink, ImportedRow, SearchEntry)}


def test_sample_writes_exactly_this(world: World, django_capture_on_commit_callbacks: Any) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        report = _run(world, dry_run=False)
    assert report.counts()[engine.CREATED] == 6
    assert written() == EXPECTED
    assert auditchain.verify().ok
    before = _counts()
    with django_capture_on_commit_callbacks(execute=True):
        again = _run(world, dry_run=False)
    assert again.counts()[engine.DUPLICATE] == 6
    assert _counts() == before
    assert written() == EXPECTED


# Generated from the step-by-step import (2026-12-06) and read through.
EXPECTED: dict[str, Any] = {
    "湘源信〔2024〕1号": {
        "number": "湘源信〔2024〕1号",
        "stage": "closed",
        "channel": "visit",
        "source": "direct",
        "category": "claim",
        "title": "反映承包地被邻组占用，要求恢复边界",
        "content": "反映承包地被邻组占用，要求恢复边界",
        "received_on": "2024-03-05",
        "decided_on": "2024-03-08",
        "reply_on": "2024-04-20",
        "reply_served_on": "2024-04-20",
        "reply_request": "反映承包地被邻组占用，要求恢复边界",
        "reply_facts": "经实地丈量，按1998年二轮承包台账恢复边界",
        "reply_outcome": "support",
        "reply_basis": "《农村土地承包法》第三十一条",
        "closed_on": "2024-04-25",
        "resolved": True,
        "is_repeat": False,
        "repeat_reason": "",
        "after_final": False,
        "group_size": 1,
        "version": 4,
        "unit": "荆竹村",
        "repeat_of": None,
        "petitioners": [("王德华", "431127196503120113", "13807461201", False)],
        "stages": [
            ("", "registered", "2024-03-05", ""),
            ("registered", "accepted", "2024-03-08", ""),
            ("accepted", "replied", "2024-04-20", ""),
            ("replied", "closed", "2024-04-25", ""),
        ],
        "clocks": [
            {
                "kind": "petitions.receipt_notice",
                "label": "湘源信〔2024〕1号 书面告知（收到之日起15日）",
                "basis": "《信访工作条例》第二十三条",
                "start": "2024-03-05",
                "length": 15,
                "unit": "calendar",
                "due": "2024-03-20",
                "stopped": "2024-03-08",
                "status": "stopped",
                "met": True,
                "holder": "荆竹村",
                "recipients": ["owner"],
                "events": [("start", "2024-03-05", 15), ("stop", "2024-03-08", 0)],
                "audit": [
                    (
                        "transition",
                        "按期办结",
                        {"status": ["running", "stopped"], "stopped_on": [None, "2024-03-08"]},
                    )
                ],
            },
            {
                "kind": "petitions.handling",
                "label": "湘源信〔2024〕1号 办理答复（受理之日起60日）",
                "basis": "《信访工作条例》第三十四条",
                "start": "2024-03-08",
                "length": 60,
                "unit": "calendar",
                "due": "2024-05-07",
                "stopped": "2024-04-20",
                "status": "stopped",
                "met": True,
                "holder": "荆竹村",
                "recipients": ["owner"],
                "events": [("start", "2024-03-08", 60), ("stop", "2024-04-20", 0)],
                "audit": [
                    (
                        "transition",
                        "按期办结",
                        {"status": ["running", "stopped"], "stopped_on": [None, "2024-04-20"]},
                    )
                ],
            },
        ],
        "audit": [
            (
                "create",
                "",
                {
                    "category": [None, "claim"],
                    "channel": [None, "visit"],
                    "content": [None, "反映承包地被邻组占用，要求恢复边界"],
                    "created_at": "<varies>",
                    "created_by": "<varies>",
                    "group_size": [None, 1],
                    "id": "<varies>",
                    "number": [None, "湘源信〔2024〕1号"],
                    "query_code": "<varies>",
                    "received_on": [None, "2024-03-05"],
                    "source": [None, "direct"],
                    "stage": [None, "registered"],
                    "title": [None, "反映承包地被邻组占用，要求恢复边界"],
                    "unit": "<varies>",
                    "updated_by": "<varies>",
                },
            ),
            (
                "transition",
                "受理",
                {"decided_on": [None, "2024-03-08"], "stage": ["registered", "accepted"]},
            ),
            (
                "transition",
                "答复：予以支持",
                {
                    "reply_basis": ["", "《农村土地承包法》第三十一条"],
                    "reply_facts": ["", "经实地丈量，按1998年二轮承包台账恢复边界"],
                    "reply_on": [None, "2024-04-20"],
                    "reply_outcome": ["", "support"],
                    "reply_request": ["", "反映承包地被邻组占用，要求恢复边界"],
                    "reply_served_on": [None, "2024-04-20"],
                    "stage": ["accepted", "replied"],
                },
            ),
            (
                "transition",
                "办结",
                {
                    "closed_on": [None, "2024-04-25"],
                    "resolved": [False, True],
                    "stage": ["replied", "closed"],
                },
            ),
        ],
        "people": [("王德华", "431127196503120113", "荆竹村", 1)],
        "search": [("湘源信〔2024〕1号 反映承包地被邻组占用，要求恢复边界", "王德华", "荆竹村")],
        "imported": 1,
    },
    "湘源信〔2024〕2号": {
        "number": "湘源信〔2024〕2号",
        "stage": "closed",
        "channel": "call",
        "source": "direct",
        "category": "suggestion",
        "title": "建议在村口增设路灯",
        "content": "建议在村口增设路灯",
        "received_on": "2024-03-18",
        "decided_on": "2024-03-19",
        "reply_on": "2024-04-02",
        "reply_served_on": "2024-04-02",
        "reply_request": "",
        "reply_facts": "已列入年度民生实事，年内安装",
        "reply_outcome": "",
        "reply_basis": "",
        "closed_on": "2024-04-03",
        "resolved": True,
        "is_repeat": False,
        "repeat_reason": "",
        "after_final": False,
        "group_size": 1,
        "version": 4,
        "unit": "荆竹村",
        "repeat_of": None,
        "petitioners": [("李秀英", "43112719720101028X", "13907462202", False)],
        "stages": [
            ("", "registered", "2024-03-18", ""),
            ("registered", "accepted", "2024-03-19", ""),
            ("accepted", "replied", "2024-04-02", ""),
            ("replied", "closed", "2024-04-03", ""),
        ],
        "clocks": [
            {
                "kind": "petitions.receipt_notice",
                "label": "湘源信〔2024〕2号 书面告知（收到之日起15日）",
                "basis": "《信访工作条例》第二十三条",
                "start": "2024-03-18",
                "length": 15,
                "unit": "calendar",
                "due": "2024-04-02",
                "stopped": "2024-03-19",
                "status": "stopped",
                "met": True,
                "holder": "荆竹村",
                "recipients": ["owner"],
                "events": [("start", "2024-03-18", 15), ("stop", "2024-03-19", 0)],
                "audit": [
                    (
                        "transition",
                        "按期办结",
                        {"status": ["running", "stopped"], "stopped_on": [None, "2024-03-19"]},
                    )
                ],
            },
            {
                "kind": "petitions.handling",
                "label": "湘源信〔2024〕2号 办理答复（受理之日起60日）",
                "basis": "《信访工作条例》第三十四条",
                "start": "2024-03-19",
                "length": 60,
                "unit": "calendar",
                "due": "2024-05-20",
                "stopped": "2024-04-02",
                "status": "stopped",
                "met": True,
                "holder": "荆竹村",
                "recipients": ["owner"],
                "events": [("start", "2024-03-19", 60), ("stop", "2024-04-02", 0)],
                "audit": [
                    (
                        "transition",
                        "按期办结",
                        {"status": ["running", "stopped"], "stopped_on": [None, "2024-04-02"]},
                    )
                ],
            },
        ],
        "audit": [
            (
                "create",
                "",
                {
                    "category": [None, "suggestion"],
                    "channel": [None, "call"],
                    "content": [None, "建议在村口增设路灯"],
                    "created_at": "<varies>",
                    "created_by": "<varies>",
                    "group_size": [None, 1],
                    "id": "<varies>",
                    "number": [None, "湘源信〔2024〕2号"],
                    "query_code": "<varies>",
                    "received_on": [None, "2024-03-18"],
                    "source": [None, "direct"],
                    "stage": [None, "registered"],
                    "title": [None, "建议在村口增设路灯"],
                    "unit": "<varies>",
                    "updated_by": "<varies>",
                },
            ),
            (
                "transition",
                "受理",
                {"decided_on": [None, "2024-03-19"], "stage": ["registered", "accepted"]},
            ),
            (
                "transition",
                "答复：",
                {
                    "reply_facts": ["", "已列入年度民生实事，年内安装"],
                    "reply_on": [None, "2024-04-02"],
                    "reply_served_on": [None, "2024-04-02"],
                    "stage": ["accepted", "replied"],
                },
            ),
            (
                "transition",
                "办结",
                {
                    "closed_on": [None, "2024-04-03"],
                    "resolved": [False, True],
                    "stage": ["replied", "closed"],
                },
            ),
        ],
        "people": [("李秀英", "43112719720101028X", "荆竹村", 1)],
        "search": [("湘源信〔2024〕2号 建议在村口增设路灯", "李秀英", "荆竹村")],
        "imported": 1,
    },
    "湘源信〔2024〕3号": {
        "number": "湘源信〔2024〕3号",
        "stage": "closed",
        "channel": "letter",
        "source": "direct",
        "category": "claim",
        "title": "反映低保评定不公，要求重新评议",
        "content": "反映低保评定不公，要求重新评议",
        "received_on": "2024-04-02",
        "decided_on": "2024-04-03",
        "reply_on": "2024-06-20",
        "reply_served_on": "2024-06-20",
        "reply_request": "反映低保评定不公，要求重新评议",
        "reply_facts": "经重新入户核查，不符合低保条件，已作解释",
        "reply_outcome": "not_support",
        "reply_basis": "《社会救助暂行办法》第十一条",
        "closed_on": "2024-06-25",
        "resolved": True,
        "is_repeat": False,
        "repeat_reason": "",
        "after_final": False,
        "group_size": 1,
        "version": 4,
        "unit": "紫良村",
        "repeat_of": None,
        "petitioners": [("赵国强", "431127198805060311", "13707463303", False)],
        "stages": [
            ("", "registered", "2024-04-02", ""),
            ("registered", "accepted", "2024-04-03", ""),
            ("accepted", "replied", "2024-06-20", ""),
            ("replied", "closed", "2024-06-25", ""),
        ],
        "clocks": [
            {
                "kind": "petitions.receipt_notice",
                "label": "湘源信〔2024〕3号 书面告知（收到之日起15日）",
                "basis": "《信访工作条例》第二十三条",
                "start": "2024-04-02",
                "length": 15,
                "unit": "calendar",
                "due": "2024-04-17",
                "stopped": "2024-04-03",
                "status": "stopped",
                "met": True,
                "holder": "紫良村",
                "recipients": ["owner"],
                "events": [("start", "2024-04-02", 15), ("stop", "2024-04-03", 0)],
                "audit": [
                    (
                        "transition",
                        "按期办结",
                        {"status": ["running", "stopped"], "stopped_on": [None, "2024-04-03"]},
                    )
                ],
            },
            {
                "kind": "petitions.handling",
                "label": "湘源信〔2024〕3号 办理答复（受理之日起60日）",
                "basis": "《信访工作条例》第三十四条",
                "start": "2024-04-03",
                "length": 60,
                "unit": "calendar",
                "due": "2024-06-03",
                "stopped": "2024-06-20",
                "status": "stopped",
                "met": False,
                "holder": "紫良村",
                "recipients": ["owner"],
                "events": [("start", "2024-04-03", 60), ("stop", "2024-06-20", 0)],
                "audit": [
                    (
                        "transition",
                        "超期办结",
                        {"status": ["running", "stopped"], "stopped_on": [None, "2024-06-20"]},
                    )
                ],
            },
        ],
        "audit": [
            (
                "create",
                "",
                {
                    "category": [None, "claim"],
                    "channel": [None, "letter"],
                    "content": [None, "反映低保评定不公，要求重新评议"],
                    "created_at": "<varies>",
                    "created_by": "<varies>",
                    "group_size": [None, 1],
                    "id": "<varies>",
                    "number": [None, "湘源信〔2024〕3号"],
                    "query_code": "<varies>",
                    "received_on": [None, "2024-04-02"],
                    "source": [None, "direct"],
                    "stage": [None, "registered"],
                    "title": [None, "反映低保评定不公，要求重新评议"],
                    "unit": "<varies>",
                    "updated_by": "<varies>",
                },
            ),
            (
                "transition",
                "受理",
                {"decided_on": [None, "2024-04-03"], "stage": ["registered", "accepted"]},
            ),
            (
                "transition",
                "答复：不予支持",
                {
                    "reply_basis": ["", "《社会救助暂行办法》第十一条"],
                    "reply_facts": ["", "经重新入户核查，不符合低保条件，已作解释"],
                    "reply_on": [None, "2024-06-20"],
                    "reply_outcome": ["", "not_support"],
                    "reply_request": ["", "反映低保评定不公，要求重新评议"],
                    "reply_served_on": [None, "2024-06-20"],
                    "stage": ["accepted", "replied"],
                },
            ),
            (
                "transition",
                "办结",
                {
                    "closed_on": [None, "2024-06-25"],
                    "resolved": [False, True],
                    "stage": ["replied", "closed"],
                },
            ),
        ],
        "people": [("赵国强", "431127198805060311", "紫良村", 1)],
        "search": [("湘源信〔2024〕3号 反映低保评定不公，要求重新评议", "赵国强", "紫良村")],
        "imported": 1,
    },
    "湘源信〔2024〕4号": {
        "number": "湘源信〔2024〕4号",
        "stage": "accepted",
        "channel": "visit",
        "source": "direct",
        "category": "claim",
        "title": "反映宅基地审批久拖未办",
        "content": "反映宅基地审批久拖未办",
        "received_on": "2024-05-06",
        "decided_on": "2024-05-07",
        "reply_on": None,
        "reply_served_on": None,
        "reply_request": "",
        "reply_facts": "",
        "reply_outcome": "",
        "reply_basis": "",
        "closed_on": None,
        "resolved": False,
        "is_repeat": False,
        "repeat_reason": "",
        "after_final": False,
        "group_size": 1,
        "version": 2,
        "unit": "紫良村",
        "repeat_of": None,
        "petitioners": [("陈桂兰", "", "0746-5123456", False)],
        "stages": [
            ("", "registered", "2024-05-06", ""),
            ("registered", "accepted", "2024-05-07", ""),
        ],
        "clocks": [
            {
                "kind": "petitions.receipt_notice",
                "label": "湘源信〔2024〕4号 书面告知（收到之日起15日）",
                "basis": "《信访工作条例》第二十三条",
                "start": "2024-05-06",
                "length": 15,
                "unit": "calendar",
                "due": "2024-05-21",
                "stopped": "2024-05-07",
                "status": "stopped",
                "met": True,
                "holder": "紫良村",
                "recipients": ["owner"],
                "events": [("start", "2024-05-06", 15), ("stop", "2024-05-07", 0)],
                "audit": [
                    (
                        "transition",
                        "按期办结",
                        {"status": ["running", "stopped"], "stopped_on": [None, "2024-05-07"]},
                    )
                ],
            },
            {
                "kind": "petitions.handling",
                "label": "湘源信〔2024〕4号 办理答复（受理之日起60日）",
                "basis": "《信访工作条例》第三十四条",
                "start": "2024-05-07",
                "length": 60,
                "unit": "calendar",
                "due": "2024-07-08",
                "stopped": None,
                "status": "running",
                "met": None,
                "holder": "紫良村",
                "recipients": ["owner"],
                "events": [("start", "2024-05-07", 60)],
                "audit": [],
            },
        ],
        "audit": [
            (
                "create",
                "",
                {
                    "category": [None, "claim"],
                    "channel": [None, "visit"],
                    "content": [None, "反映宅基地审批久拖未办"],
                    "created_at": "<varies>",
                    "created_by": "<varies>",
                    "group_size": [None, 1],
                    "id": "<varies>",
                    "number": [None, "湘源信〔2024〕4号"],
                    "query_code": "<varies>",
                    "received_on": [None, "2024-05-06"],
                    "source": [None, "direct"],
                    "stage": [None, "registered"],
                    "title": [None, "反映宅基地审批久拖未办"],
                    "unit": "<varies>",
                    "updated_by": "<varies>",
                },
            ),
            (
                "transition",
                "受理",
                {"decided_on": [None, "2024-05-07"], "stage": ["registered", "accepted"]},
            ),
        ],
        "people": [("陈桂兰", "", "紫良村", 1)],
        "search": [("湘源信〔2024〕4号 反映宅基地审批久拖未办", "陈桂兰", "紫良村")],
        "imported": 1,
    },
    "湘源信〔2024〕5号": {
        "number": "湘源信〔2024〕5号",
        "stage": "closed",
        "channel": "online",
        "source": "direct",
        "category": "accusation",
        "title": "反映村务公开不及时",
        "content": "反映村务公开不及时",
        "received_on": "2024-06-07",
        "decided_on": "2024-06-08",
        "reply_on": "2024-06-27",
        "reply_served_on": "2024-06-27",
        "reply_request": "",
        "reply_facts": "已督促村委会按季度公开村务",
        "reply_outcome": "",
        "reply_basis": "",
        "closed_on": "2024-06-28",
        "resolved": True,
        "is_repeat": False,
        "repeat_reason": "",
        "after_final": False,
        "group_size": 1,
        "version": 4,
        "unit": "荆竹村",
        "repeat_of": None,
        "petitioners": [("刘建军", "431127195908300513", "13607465505", False)],
        "stages": [
            ("", "registered", "2024-06-07", ""),
            ("registered", "accepted", "2024-06-08", ""),
            ("accepted", "replied", "2024-06-27", ""),
            ("replied", "closed", "2024-06-28", ""),
        ],
        "clocks": [
            {
                "kind": "petitions.receipt_notice",
                "label": "湘源信〔2024〕5号 书面告知（收到之日起15日）",
                "basis": "《信访工作条例》第二十三条",
                "start": "2024-06-07",
                "length": 15,
                "unit": "calendar",
                "due": "2024-06-24",
                "stopped": "2024-06-08",
                "status": "stopped",
                "met": True,
                "holder": "荆竹村",
                "recipients": ["owner"],
                "events": [("start", "2024-06-07", 15), ("stop", "2024-06-08", 0)],
                "audit": [
                    (
                        "transition",
                        "按期办结",
                        {"status": ["running", "stopped"], "stopped_on": [None, "2024-06-08"]},
                    )
                ],
            },
            {
                "kind": "petitions.handling",
                "label": "湘源信〔2024〕5号 办理答复（受理之日起60日）",
                "basis": "《信访工作条例》第三十四条",
                "start": "2024-06-08",
                "length": 60,
                "unit": "calendar",
                "due": "2024-08-07",
                "stopped": "2024-06-27",
                "status": "stopped",
                "met": True,
                "holder": "荆竹村",
                "recipients": ["owner"],
                "events": [("start", "2024-06-08", 60), ("stop", "2024-06-27", 0)],
                "audit": [
                    (
                        "transition",
                        "按期办结",
                        {"status": ["running", "stopped"], "stopped_on": [None, "2024-06-27"]},
                    )
                ],
            },
        ],
        "audit": [
            (
                "create",
                "",
                {
                    "category": [None, "accusation"],
                    "channel": [None, "online"],
                    "content": [None, "反映村务公开不及时"],
                    "created_at": "<varies>",
                    "created_by": "<varies>",
                    "group_size": [None, 1],
                    "id": "<varies>",
                    "number": [None, "湘源信〔2024〕5号"],
                    "query_code": "<varies>",
                    "received_on": [None, "2024-06-07"],
                    "source": [None, "direct"],
                    "stage": [None, "registered"],
                    "title": [None, "反映村务公开不及时"],
                    "unit": "<varies>",
                    "updated_by": "<varies>",
                },
            ),
            (
                "transition",
                "受理",
                {"decided_on": [None, "2024-06-08"], "stage": ["registered", "accepted"]},
            ),
            (
                "transition",
                "答复：",
                {
                    "reply_facts": ["", "已督促村委会按季度公开村务"],
                    "reply_on": [None, "2024-06-27"],
                    "reply_served_on": [None, "2024-06-27"],
                    "stage": ["accepted", "replied"],
                },
            ),
            (
                "transition",
                "办结",
                {
                    "closed_on": [None, "2024-06-28"],
                    "resolved": [False, True],
                    "stage": ["replied", "closed"],
                },
            ),
        ],
        "people": [("刘建军", "431127195908300513", "荆竹村", 1)],
        "search": [("湘源信〔2024〕5号 （检举控告类，查看需填写理由）", "", "荆竹村")],
        "imported": 1,
    },
    "湘源信〔2024〕6号": {
        "number": "湘源信〔2024〕6号",
        "stage": "accepted",
        "channel": "visit",
        "source": "direct",
        "category": "claim",
        "title": "再次反映承包地界桩被移动",
        "content": "再次反映承包地界桩被移动",
        "received_on": "2024-08-12",
        "decided_on": "2024-08-12",
        "reply_on": None,
        "reply_served_on": None,
        "reply_request": "",
        "reply_facts": "",
        "reply_outcome": "",
        "reply_basis": "",
        "closed_on": None,
        "resolved": False,
        "is_repeat": True,
        "repeat_reason": "同一信访人（身份证号码相同）：湘源信〔2024〕1号",
        "after_final": False,
        "group_size": 1,
        "version": 2,
        "unit": "荆竹村",
        "repeat_of": "湘源信〔2024〕1号",
        "petitioners": [("王德华", "431127196503120113", "13807461201", False)],
        "stages": [
            ("", "registered", "2024-08-12", ""),
            ("registered", "accepted", "2024-08-12", ""),
        ],
        "clocks": [
            {
                "kind": "petitions.receipt_notice",
                "label": "湘源信〔2024〕6号 书面告知（收到之日起15日）",
                "basis": "《信访工作条例》第二十三条",
                "start": "2024-08-12",
                "length": 15,
                "unit": "calendar",
                "due": "2024-08-27",
                "stopped": "2024-08-12",
                "status": "stopped",
                "met": True,
                "holder": "荆竹村",
                "recipients": ["owner"],
                "events": [("start", "2024-08-12", 15), ("stop", "2024-08-12", 0)],
                "audit": [
                    (
                        "transition",
                        "按期办结",
                        {"status": ["running", "stopped"], "stopped_on": [None, "2024-08-12"]},
                    )
                ],
            },
            {
                "kind": "petitions.handling",
                "label": "湘源信〔2024〕6号 办理答复（受理之日起60日）",
                "basis": "《信访工作条例》第三十四条",
                "start": "2024-08-12",
                "length": 60,
                "unit": "calendar",
                "due": "2024-10-11",
                "stopped": None,
                "status": "running",
                "met": None,
                "holder": "荆竹村",
                "recipients": ["owner"],
                "events": [("start", "2024-08-12", 60)],
                "audit": [],
            },
        ],
        "audit": [
            (
                "create",
                "",
                {
                    "category": [None, "claim"],
                    "channel": [None, "visit"],
                    "content": [None, "再次反映承包地界桩被移动"],
                    "created_at": "<varies>",
                    "created_by": "<varies>",
                    "group_size": [None, 1],
                    "id": "<varies>",
                    "is_repeat": [None, True],
                    "number": [None, "湘源信〔2024〕6号"],
                    "query_code": "<varies>",
                    "received_on": [None, "2024-08-12"],
                    "repeat_of": "<varies>",
                    "repeat_reason": [None, "同一信访人（身份证号码相同）：湘源信〔2024〕1号"],
                    "source": [None, "direct"],
                    "stage": [None, "registered"],
                    "title": [None, "再次反映承包地界桩被移动"],
                    "unit": "<varies>",
                    "updated_by": "<varies>",
                },
            ),
            (
                "transition",
                "受理",
                {"decided_on": [None, "2024-08-12"], "stage": ["registered", "accepted"]},
            ),
        ],
        "people": [("王德华", "431127196503120113", "荆竹村", 1)],
        "search": [("湘源信〔2024〕6号 再次反映承包地界桩被移动", "王德华", "荆竹村")],
        "imported": 1,
    },
}
