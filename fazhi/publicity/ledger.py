"""普法活动台账 imported (issue 18): each row an activity recorded through
`workflow.save_activity`, as a clerk records one after the event — dated on
or before today, so it is recorded as held (已开展) and the year's figures
(activities held, by form, by sector reached, by topic) count it. The topics
come from the 宣传主题 column or, when it is empty, from the activity's name
(“反诈宣传进村入户” is 反电信网络诈骗); the sectors from 覆盖对象 (“村民、
学生” are 村庄 and 学校)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fazhi.core.errors import RuleViolation
from fazhi.core.ledger_import import Column, Context, LedgerKind, register
from fazhi.core.ledger_import.matching import Units
from fazhi.core.models import OrgUnit

from . import workflow
from .models import PublicityActivity, Sector, Topic

SAMPLES = Path(__file__).resolve().parent / "samples"
Kind = PublicityActivity.Kind

KINDS: dict[str, str] = {
    **{str(k.label): k.value for k in Kind},
    "讲座": Kind.LECTURE,
    "专题讲座": Kind.LECTURE,
    "法治课": Kind.LECTURE,
    "培训": Kind.LECTURE,
    "集中宣传": Kind.STALL,
    "摆摊设点": Kind.STALL,
    "宣传咨询": Kind.STALL,
    "现场宣传": Kind.STALL,
    "咨询": Kind.STALL,
    "入户宣传": Kind.STALL,
    "文艺演出": Kind.PERFORMANCE,
    "演出": Kind.PERFORMANCE,
    "文艺": Kind.PERFORMANCE,
    "横幅": Kind.BANNER,
    "标语": Kind.BANNER,
    "展板": Kind.BANNER,
    "以案释法": Kind.CASE_EXPLANATION,
    "网络宣传": Kind.ONLINE,
    "网络": Kind.ONLINE,
    "微信": Kind.ONLINE,
    "线上": Kind.ONLINE,
}
# Words a ledger uses for an audience, and the sector each reaches.
AUDIENCE: dict[str, str] = {
    "机关": Sector.Code.AGENCY,
    "干部": Sector.Code.AGENCY,
    "公职人员": Sector.Code.AGENCY,
    "企业": Sector.Code.ENTERPRISE,
    "职工": Sector.Code.ENTERPRISE,
    "商户": Sector.Code.ENTERPRISE,
    "村": Sector.Code.VILLAGE,
    "村民": Sector.Code.VILLAGE,
    "农民": Sector.Code.VILLAGE,
    "群众": Sector.Code.VILLAGE,
    "学校": Sector.Code.SCHOOL,
    "学生": Sector.Code.SCHOOL,
    "师生": Sector.Code.SCHOOL,
    "中小学": Sector.Code.SCHOOL,
    "社区": Sector.Code.COMMUNITY,
    "居民": Sector.Code.COMMUNITY,
}
# Short names ledgers give a topic, beside the topic's own name.
TOPIC_WORDS: dict[str, str] = {
    "反诈": "反电信网络诈骗",
    "诈骗": "反电信网络诈骗",
    "扫黑": "社会治安",
    "治安": "社会治安",
    "婚姻": "婚姻家庭",
    "家暴": "婚姻家庭",
    "土地": "土地管理",
    "妇女": "妇女儿童权益保障",
    "儿童": "妇女儿童权益保障",
    "未成年人": "妇女儿童权益保障",
    "消费": "消费者权益保护",
    "防火": "森林防火",
}
_TOKENS = re.compile(r"[、，,；;／/\s]+")

COLUMNS = (
    Column("seq", "序号"),
    Column(
        "date", "活动日期", ("日期", "活动时间", "开展时间", "时间"), type="date", required=True
    ),
    Column(
        "title",
        "活动名称",
        ("活动主题", "活动名称/主题", "活动名称（主题）", "名称", "活动内容"),
        required=True,
    ),
    Column(
        "kind",
        "活动形式",
        ("形式", "宣传形式", "活动方式", "方式"),
        type="choice",
        choices=KINDS,
        required=True,
    ),
    Column("topics", "宣传主题", ("宣传法律", "主题法律", "宣传内容")),
    Column("venue", "地点", ("活动地点", "地址", "宣传地点")),
    Column("unit", "村（社区）", ("村(社区)", "所在村", "村别"), type="unit"),
    Column(
        "participants",
        "参与人数",
        ("人数", "参加人数", "受众人数", "受教育人数", "参与人数（人）"),
        type="int",
    ),
    Column("materials", "发放资料", ("发放资料（份）", "发放资料数", "资料份数"), type="int"),
    Column("lead_unit", "主办单位", ("牵头单位", "组织单位", "举办单位", "承办单位")),
    Column("audience", "覆盖对象", ("宣传对象", "受众", "对象", "覆盖领域")),
    Column("summary", "活动情况", ("备注", "活动简况")),
)
FIELD_COLUMNS = {"sectors": "audience", "units_reached": "unit"}


def _topics(values: dict[str, Any]) -> list[Topic]:
    """The topics the 宣传主题 column names or, empty, the activity's name."""
    text = values.get("topics") or values["title"]
    topics = list(Topic.objects.filter(is_active=True))
    by_name = {t.name: t for t in topics}
    found = {t.pk: t for t in topics if t.name in text}
    for word, name in TOPIC_WORDS.items():
        if word in text and name in by_name:
            found.setdefault(by_name[name].pk, by_name[name])
    if not found:
        names = "、".join(t.name for t in topics)
        raise RuleViolation(
            _("从“%(text)s”看不出宣传主题，请在“宣传主题”一列写明（可选：%(names)s）。")
            % {"text": text, "names": names},
            field="topics",
        )
    return list(found.values())


def _sectors(values: dict[str, Any], unit: OrgUnit, ctx: Context) -> list[str]:
    text = values.get("audience") or ""
    if not text:
        # A village's activity reaches the village; elsewhere the ledger must say.
        if unit.kind == OrgUnit.Kind.VILLAGE:
            return [Sector.Code.VILLAGE]
        raise RuleViolation(_("请填写覆盖对象（机关、企业、村庄、学校、社区）。"), field="sectors")
    codes: list[str] = []
    unknown: list[str] = []
    for token in _TOKENS.split(text):
        if not token:
            continue
        hits = [code for word, code in AUDIENCE.items() if word in token]
        codes += hits
        if not hits:
            unknown.append(token)
    if unknown:
        ctx.warn(
            _("覆盖对象“%(unknown)s”未对应到宣传对象领域，未计入") % {"unknown": "、".join(unknown)}
        )
    if not codes:
        raise RuleViolation(
            _("覆盖对象“%(text)s”不是机关、企业、村庄、学校、社区中的任何一类。") % {"text": text},
            field="sectors",
        )
    return list(dict.fromkeys(codes))


def _lead_unit(text: str, ctx: Context) -> OrgUnit | None:
    """The organiser as a unit of the import (“荆竹村委会”, a township office).
    A unit of the township outside the import's (another village) is
    refused; a body fazhi does not hold (“县司法局”) is None, with a warning."""
    if not text:
        return None
    name = text.removesuffix("人民政府")
    try:
        found, warning = Units(ctx.unit).match(name)
    except ValueError as exc:
        try:
            Units(ctx.unit.township() or ctx.unit).match(name)
        except ValueError:
            ctx.warn(
                _("主办单位“%(text)s”不是系统中的单位，牵头单位按活动所在单位登记") % {"text": text}
            )
            return None
        raise RuleViolation(str(exc), field="lead_unit") from None
    if warning:
        ctx.warn(warning)
    return found


def create(values: dict[str, Any], ctx: Context) -> PublicityActivity:
    lead = _lead_unit(values.get("lead_unit") or "", ctx)
    # Without a 村 column, a village's own activity (organised by the village
    # committee) is the village's.
    unit = values.get("unit") or (
        lead if lead is not None and lead.kind == OrgUnit.Kind.VILLAGE else ctx.unit
    )
    activity = PublicityActivity(
        unit=unit,
        title=values["title"][:200],
        date=values["date"],
        kind=values["kind"],
        venue=(values.get("venue") or "")[:200],
        participants=values.get("participants") or 0,
        materials=values.get("materials") or 0,
        lead_unit=lead or unit,
        summary=values.get("summary") or "",
    )
    return workflow.save_activity(
        activity,
        by=ctx.by,
        topics=_topics(values),
        sectors=_sectors(values, unit, ctx),
        units_reached=[unit],
    )


KIND = register(
    LedgerKind(
        name="activities",
        label=gettext_lazy("普法活动台账"),
        columns=COLUMNS,
        create=create,
        key_fields=("date", "title"),
        list_url="publicity:activity_list",
        samples=(SAMPLES / "普法活动台账样例.xlsx",),
        demo=(SAMPLES / "demo" / "湘江源瑶族乡普法活动台账.xlsx",),
        describe=str,
        order=45,
        field_columns=FIELD_COLUMNS,
    )
)
