"""Open government information: the catalogue, proactive disclosure and
requests answered in 2024."""

from __future__ import annotations

import datetime as dt
from typing import Any

from fazhi.core.demo import DemoWorld

from .. import workflow as wf
from ..models import DisclosureCatalogueItem, DisclosureRequest, ProactiveDisclosure

D = dt.date


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
