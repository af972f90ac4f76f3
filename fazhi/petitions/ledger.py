"""信访台账 imported (issue 18): each row a petition registered on its
received date and, when the ledger records them, accepted, answered, served
and closed on the recorded dates, through the same workflow steps a clerk
takes. So a closed historic matter is closed, its receipt-notice and handling
clocks met or missed as the dates say, and the indicators count it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.utils.translation import gettext, gettext_lazy, gettext_noop

from fazhi.core import links
from fazhi.core.errors import RuleViolation
from fazhi.core.ledger_import import Column, Context, LedgerKind, named_by, register
from fazhi.core.ledger_import.values import id_number_valid

from . import workflow
from .ledger_batch import LINK_KIND, ClosedMatters
from .ledger_outcome import OUTCOMES, reply_outcome
from .models import (
    AppealResult,
    Category,
    Channel,
    Petition,
    Procedure,
    Satisfaction,
    Source,
)

SAMPLES = Path(__file__).resolve().parent / "samples"

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
REVIEW_RESULTS: dict[str, str] = {str(c.label): c.value for c in AppealResult} | {
    "维持": AppealResult.UPHELD,
    "变更": AppealResult.CHANGED,
    "撤销": AppealResult.REVOKED,
}
RATINGS: dict[str, str] = {str(c.label): c.value for c in Satisfaction} | {
    "很满意": Satisfaction.SATISFIED,
    "比较满意": Satisfaction.BASICALLY,
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
    # 上级转送交办 (第二十三条第三款): who sent it, under which number.
    Column("sending_body", "转送交办机关", ("转送机关", "交办机关", "转办机关")),
    Column("sending_ref", "转送交办文号", ("转送文号", "交办文号", "转办文号")),
    # How the matter was decided on (受理 or not), on the 受理日期.
    Column("decision", "受理情况", ("是否受理", "受理意见", "受理结果")),
    Column("competent_body", "有权处理机关", ("告知有权处理机关", "导入机关")),
    Column("decision_note", "不予受理理由", ("决定理由", "异议理由", "不予受理原因")),
    Column("accepted_on", "受理日期", ("受理时间", "决定日期"), type="date"),
    Column("reply_on", "答复日期", ("答复时间", "出具意见日期"), type="date"),
    Column("served_on", "送达日期", ("送达时间",), type="date"),
    Column("closed_on", "办结日期", ("结案日期", "办结时间"), type="date"),
    Column("reply_facts", "办理结果", ("处理结果", "答复意见", "办理情况", "答复内容")),
    Column("reply_outcome", "处理意见", ("答复结论",), type="choice", choices=OUTCOMES),
    Column("reply_basis", "法律政策依据", ("政策依据", "依据")),
    Column("resolved", "是否化解", ("化解情况",), type="bool"),
    # 交办 / 分级负责 (a village or a township office), and a key case's leader (包案).
    Column("responsible_unit", "承办单位", ("责任单位", "交办单位"), type="unit"),
    Column("owner_leader", "包案领导", ("包案领导姓名",)),
    # 延期 (《信访工作条例》第三十四条): days, why, who approved, and the day
    # the petitioner was told (the ledger's one date: approved and told then).
    Column("extension_days", "延期天数", ("延长天数",), type="int"),
    Column("extension_reason", "延期理由", ("延期原因",)),
    Column("extension_approver", "延期批准人", ("批准人",)),
    Column("extension_on", "延期日期", ("延期告知日期", "延期批准日期"), type="date"),
    # 复查 (第三十五条): requested of a higher organ within 30 days of the reply.
    Column("review_requested_on", "复查申请日期", ("申请复查日期", "复查请求日期"), type="date"),
    Column("review_body", "复查机关", ("复查单位",)),
    Column("review_result", "复查结果", ("复查意见结果",), type="choice", choices=REVIEW_RESULTS),
    Column("review_decided_on", "复查意见日期", ("复查日期", "复查意见出具日期"), type="date"),
    Column("review_served_on", "复查意见送达日期", ("复查送达日期",), type="date"),
    Column("review_opinion", "复查意见", ("复查意见内容",)),
    Column("rating", "满意度", ("满意度评价", "评价结果"), type="choice", choices=RATINGS),
    Column("rating_on", "评价日期", ("满意度评价日期",), type="date"),
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
        # The column's warning has said so (values.parse_id_number).
        id_number = ""
    phone = values.get("phone") or ""
    content = values["content"]
    category = values.get("category")
    if not category:
        ctx.warn(gettext_noop("信访类别未填，按“建议意见类”导入"))
        category = Category.SUGGESTION
    title = values.get("title") or content[:30]
    sending_body = values.get("sending_body") or ""
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
        source=Source.TRANSFERRED if sending_body else Source.DIRECT,
        sending_body=sending_body,
        sending_ref=values.get("sending_ref") or "",
        by=ctx.by,
    )
    person = ctx.person(name, id_number, phone, unit)
    links.link(petition, person, kind=LINK_KIND, by=ctx.by, note=gettext_noop("台账导入"))
    reply_on = values.get("reply_on")
    closed_on = values.get("closed_on")
    accepted_on = values.get("accepted_on")
    if _not_accepted(petition, values, ctx):
        return petition
    if reply_on or closed_on or accepted_on or values.get("reply_facts"):
        petition = workflow.accept(petition, by=ctx.by, on=accepted_on or values["received_on"])
        petition = _handling(petition, values, ctx)
    elif values.get("responsible_unit") or values.get("extension_days"):
        raise RuleViolation(gettext("交办、延期的事项请填写受理日期。"), field="accepted_on")
    on = reply_on or closed_on
    if on is not None:
        served_on = values.get("served_on") or on
        outcome = reply_outcome(values)
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
    if values.get("review_requested_on"):
        petition = _review(petition, values, ctx)
    if closed_on:
        resolved = values.get("resolved")
        petition = workflow.close(
            petition, by=ctx.by, on=closed_on, resolved=True if resolved is None else resolved
        )
    elif values.get("resolved") is not None and not reply_on:
        raise RuleViolation(gettext("填写了“是否化解”但没有办结日期。"), field="closed_on")
    if values.get("rating"):
        petition = workflow.rate(
            petition,
            by=ctx.by,
            rating=values["rating"],
            on=values.get("rating_on") or closed_on or on or values["received_on"],
        )
    return petition


# 受理情况 other than 受理: the words a ledger writes, in the order they are tried.
DECLINED, REFERRED, OBJECTED = "declined", "referred", "objected"


def _decision(text: str) -> str:
    if not text or text in ("受理", "已受理", "予以受理", "是"):
        return ""
    if "不予受理" in text or text in ("否", "不受理"):
        return DECLINED
    if "异议" in text:
        return OBJECTED
    if "导入" in text or "程序" in text or any(str(p.label) in text for p in Procedure):
        return REFERRED
    raise RuleViolation(
        gettext("“%(text)s”应为受理、不予受理、导入法定程序（如“导入诉讼程序”）或转送异议。")
        % {"text": text},
        field="decision",
    )


def _not_accepted(petition: Petition, values: dict[str, Any], ctx: Context) -> bool:
    """不予受理 (第二十三条第二款), 导入法定程序 (第三十一条) or 转送异议
    (第二十三条第三款) on the 受理日期, as the ledger records it: the matter
    ends there (True), its receipt-notice clock stopped by the decision."""
    decision = _decision(values.get("decision") or "")
    if not decision:
        return False
    on = values.get("accepted_on")
    if on is None:
        raise RuleViolation(gettext("请填写作出决定的日期（受理日期一列）。"), field="accepted_on")
    if values.get("reply_on") or values.get("closed_on"):
        raise RuleViolation(
            gettext("未受理的事项不应有答复、办结日期，请核对受理情况。"), field="decision"
        )
    note = values.get("decision_note") or ""
    body = values.get("competent_body") or ""
    if decision == DECLINED:
        workflow.decline(petition, by=ctx.by, on=on, competent_body=body, reason=note)
    elif decision == OBJECTED:
        workflow.object_transfer(petition, by=ctx.by, on=on, reason=note)
    else:
        text = values.get("decision") or ""
        procedure = next(
            (p.value for p in Procedure if str(p.label) in text), Procedure.OTHER.value
        )
        workflow.refer(
            petition, by=ctx.by, on=on, procedure=procedure, competent_body=body, reason=note
        )
    return True


def _review(petition: Petition, values: dict[str, Any], ctx: Context) -> Petition:
    """复查 as the ledger records it: requested of the named organ and, when
    the opinion is in the ledger, decided and served on its dates."""
    workflow.request_review(
        petition,
        by=ctx.by,
        requested_on=values["review_requested_on"],
        body=values.get("review_body") or "",
    )
    result = values.get("review_result")
    if result:
        decided_on = values.get("review_decided_on")
        if decided_on is None:
            raise RuleViolation(gettext("请填写复查意见日期。"), field="review_decided_on")
        workflow.decide_review(
            petition,
            by=ctx.by,
            on=decided_on,
            result=result,
            opinion=values.get("review_opinion") or "",
            served_on=values.get("review_served_on"),
        )
    petition.refresh_from_db()
    return petition


def _leader(name: str, unit: Any, field: str) -> Any:
    """A leader of the township's leadership group named in the ledger (the
    workflow checks the post: 包案 and 延期 approval are theirs)."""
    if not name:
        return None
    township = workflow.township_of(unit)
    found = next((m.person for m in workflow.leaders_of(township) if m.person.name == name), None)
    if found is None:
        raise RuleViolation(
            gettext("“%(name)s”不是%(township)s领导小组的领导成员。")
            % {"name": name, "township": township.name},
            field=field,
        )
    return found


def _handling(petition: Petition, values: dict[str, Any], ctx: Context) -> Petition:
    """交办 to the ledger's 承办单位 (its level decides 化解在村/在乡), with the
    key case's 包案领导; 延期 as the ledger records it."""
    responsible = values.get("responsible_unit")
    leader = _leader(values.get("owner_leader") or "", petition.unit, "owner_leader")
    if responsible is not None or leader is not None:
        petition = workflow.assign(
            petition,
            by=ctx.by,
            responsible_unit=responsible or petition.unit,
            is_key_case=leader is not None,
            owner_leader=leader,
        )
    days = values.get("extension_days")
    if days:
        on = values.get("extension_on")
        if on is None:
            raise RuleViolation(gettext("延期的事项请填写延期日期。"), field="extension_on")
        petition = workflow.extend(
            petition,
            by=ctx.by,
            days=days,
            reason=values.get("extension_reason") or "",
            approver=_leader(
                values.get("extension_approver") or "", petition.unit, "extension_approver"
            ),
            on=on,
            notice_on=on,
        )
    return petition


KIND = register(
    LedgerKind(
        name="petitions",
        label=gettext_lazy("信访台账"),
        columns=COLUMNS,
        create=create,
        key_fields=("received_on", "name", "content"),
        list_url="petitions:list",
        samples=(SAMPLES / "信访台账样例.xlsx", SAMPLES / "信访台账样例_GBK.csv"),
        demo=(SAMPLES / "demo" / "湘江源瑶族乡信访台账.xlsx",),
        describe=named_by("number"),
        order=20,
        batch=ClosedMatters,
    )
)
