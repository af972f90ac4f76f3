"""信访台账 imported (issue 18): each row a petition registered on its
received date and, when the ledger records them, accepted, answered, served
and closed on the recorded dates, through the same workflow steps a clerk
takes. So a closed historic matter is closed, its receipt-notice and handling
clocks met or missed as the dates say, and the indicators count it."""

from __future__ import annotations

from pathlib import Path
from typing import Any, cast

from django.utils.translation import gettext, gettext_lazy, gettext_noop

from fazhi.core import links
from fazhi.core.errors import RuleViolation
from fazhi.core.ledger_import import Column, Context, LedgerKind, register
from fazhi.core.ledger_import.values import id_number_valid

from . import workflow
from .models import Category, Channel, Outcome, Petition

SAMPLES = Path(__file__).resolve().parent / "samples"
LINK_KIND = "petitioner_person"

CHANNELS: dict[str, str] = {
    **{str(c.label): c.value for c in Channel},
    "走访": Channel.VISIT,
    "上访": Channel.VISIT,
    "电话": Channel.CALL,
    "网上": Channel.ONLINE,
    "网信": Channel.ONLINE,
    "信件": Channel.LETTER,
}
CATEGORIES: dict[str, str] = {
    **{str(c.label): c.value for c in Category},
    "申诉求决": Category.CLAIM,
    "求决": Category.CLAIM,
    "申诉": Category.CLAIM,
    "诉求": Category.CLAIM,
    "建议意见": Category.SUGGESTION,
    "建议": Category.SUGGESTION,
    "意见": Category.SUGGESTION,
    "检举控告": Category.ACCUSATION,
    "检举": Category.ACCUSATION,
    "控告": Category.ACCUSATION,
    "举报": Category.ACCUSATION,
}
OUTCOMES: dict[str, str] = {str(c.label): c.value for c in Outcome} | {
    "支持": Outcome.SUPPORT,
    "解释": Outcome.EXPLAIN,
}

COLUMNS = (
    Column("seq", "序号", ("编号序号",)),
    Column("name", "姓名", ("信访人", "信访人姓名", "来访人", "来访人姓名"), required=True),
    Column("id_number", "身份证号码", ("身份证号", "公民身份号码", "身份证"), type="id_number"),
    Column("phone", "联系电话", ("电话", "手机", "手机号码", "联系方式"), type="phone"),
    Column("address", "住址", ("家庭住址", "地址", "现住址")),
    Column(
        "unit",
        "村（社区）",
        ("村(社区)", "所在村", "村别", "村居", "所属村", "所属单位"),
        type="unit",
    ),
    Column(
        "received_on",
        "来访日期",
        ("登记日期", "收到日期", "信访日期", "来信来访日期", "时间", "日期"),
        type="date",
        required=True,
    ),
    Column(
        "channel", "信访形式", ("来访形式", "信访方式", "方式"), type="choice", choices=CHANNELS
    ),
    Column(
        "category", "信访类别", ("问题类别", "类别", "信访类型"), type="choice", choices=CATEGORIES
    ),
    Column("title", "信访事由", ("事由", "问题摘要", "标题")),
    Column(
        "content",
        "反映问题",
        ("主要诉求", "信访内容", "反映内容", "诉求", "主要问题", "反映问题及诉求"),
        required=True,
    ),
    Column("group_size", "人数", ("来访人数", "人次"), type="int"),
    Column("accepted_on", "受理日期", ("受理时间",), type="date"),
    Column("reply_on", "答复日期", ("答复时间", "出具意见日期"), type="date"),
    Column("served_on", "送达日期", ("送达时间",), type="date"),
    Column("closed_on", "办结日期", ("结案日期", "办结时间"), type="date"),
    Column("reply_facts", "办理结果", ("处理结果", "答复意见", "办理情况", "答复内容")),
    Column("reply_outcome", "处理意见", ("答复结论",), type="choice", choices=OUTCOMES),
    Column("reply_basis", "法律政策依据", ("政策依据", "依据")),
    Column("resolved", "是否化解", ("化解情况",), type="bool"),
)
links.register_kind(
    LINK_KIND,
    "petitions.Petition",
    "core.Person",
    a_label=gettext_lazy("信访人"),
    b_label=gettext_lazy("信访事项"),
)


def create(values: dict[str, Any], ctx: Context) -> Petition:
    unit = values.get("unit") or ctx.unit
    name = values["name"]
    id_number = values.get("id_number") or ""
    if id_number and not id_number_valid(id_number):
        ctx.warn(gettext_noop("身份证号码校验位错误，未录入身份证号码，请核对原件后在系统中补录"))
        id_number = ""
    phone = values.get("phone") or ""
    content = values["content"]
    category = values.get("category")
    if not category:
        ctx.warn(gettext_noop("信访类别未填，按“建议意见类”导入"))
        category = Category.SUGGESTION
    title = values.get("title") or content[:30]
    petition = workflow.register(
        unit=unit,
        channel=values.get("channel") or Channel.VISIT,
        category=category,
        title=title,
        content=content,
        received_on=values["received_on"],
        petitioners=[
            workflow.PetitionerData(
                name=name,
                id_number=id_number,
                phone=phone,
                address=values.get("address") or "",
                is_representative=(values.get("group_size") or 1) > 5,
            )
        ],
        group_size=values.get("group_size") or 1,
        by=ctx.by,
    )
    person = ctx.person(name, id_number, phone, unit)
    links.link(petition, person, kind=LINK_KIND, by=ctx.by, note=gettext_noop("台账导入"))
    reply_on = values.get("reply_on")
    closed_on = values.get("closed_on")
    accepted_on = values.get("accepted_on")
    if reply_on or closed_on or accepted_on or values.get("reply_facts"):
        petition = workflow.accept(petition, by=ctx.by, on=accepted_on or values["received_on"])
    on = reply_on or closed_on
    if on is not None:
        served_on = values.get("served_on") or on
        outcome = values.get("reply_outcome") or ""
        petition = workflow.reply(
            petition,
            by=ctx.by,
            on=on,
            request=content if category == Category.CLAIM else "",
            facts=values.get("reply_facts") or "",
            outcome=outcome,
            basis=values.get("reply_basis") or "",
            served_on=served_on,
        )
    if closed_on:
        resolved = values.get("resolved")
        petition = workflow.close(
            petition, by=ctx.by, on=closed_on, resolved=True if resolved is None else resolved
        )
    elif values.get("resolved") is not None and not reply_on:
        raise RuleViolation(gettext("填写了“是否化解”但没有办结日期。"), field="closed_on")
    return petition


KIND = register(
    LedgerKind(
        name="petitions",
        label=cast(str, gettext_lazy("信访台账")),
        columns=COLUMNS,
        create=create,  # type: ignore[arg-type]
        key_fields=("received_on", "name", "content"),
        list_url="petitions:list",
        samples=(SAMPLES / "信访台账样例.xlsx", SAMPLES / "信访台账样例_GBK.csv"),
        describe=lambda p: getattr(p, "number", str(p)),
        order=20,
    )
)
