"""矛盾纠纷排查台账 imported (issue 18): each row a dispute registered in the
live ledger through `workflow.register_dispute`, found in a screening round of
its village on its date (the round recorded once per village and day through
`workflow.record_screening`) unless its 纠纷来源 names another source, its
parties linked to one Person each, and —
when the ledger records how it ended — closed on that date through
`workflow.close_dispute`, so the year's figures count it as resolved or not."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from fazhi.core.errors import RuleViolation
from fazhi.core.ledger_import import Column, Context, LedgerKind, named_by, register
from fazhi.core.ledger_import.values import id_number_valid

from . import workflow
from .models import Dispute, DisputeCategory, DisputeParty, Screening

SAMPLES = Path(__file__).resolve().parent / "samples"

RISKS: dict[str, str] = {
    **{str(c.label): c.value for c in Dispute.Risk},
    "一般": Dispute.Risk.LOW,
    "较大": Dispute.Risk.MEDIUM,
    "重大": Dispute.Risk.HIGH,
    "低风险": Dispute.Risk.LOW,
    "中风险": Dispute.Risk.MEDIUM,
    "高风险": Dispute.Risk.HIGH,
}

# 纠纷来源 as ledgers write it.
SOURCES: dict[str, str] = {str(c.label): c.value for c in Dispute.Source} | {
    "排查": Dispute.Source.SCREENING,
    "申请": Dispute.Source.APPLICATION,
    "派出所移送": Dispute.Source.POLICE,
    "公安移送": Dispute.Source.POLICE,
    "法院委托": Dispute.Source.COURT,
    "信访": Dispute.Source.PETITION,
}

COLUMNS = (
    Column("seq", "序号"),
    Column(
        "found_on",
        "排查日期",
        ("发现日期", "登记日期", "排查时间", "受理日期", "日期"),
        type="date",
        required=True,
    ),
    Column("unit", "村（社区）", ("村(社区)", "所在村", "村别", "村居", "所属单位"), type="unit"),
    # A 排查台账 row is a screening's find unless the ledger says otherwise.
    Column("source", "纠纷来源", ("来源",), type="choice", choices=SOURCES),
    Column("category", "纠纷类型", ("纠纷类别", "类型", "类别")),
    Column(
        "name",
        "当事人",
        ("申请人", "当事人姓名", "申请人姓名", "姓名", "当事人（申请人）"),
        required=True,
    ),
    Column("id_number", "身份证号码", ("身份证号", "公民身份号码"), type="id_number"),
    Column("phone", "联系电话", ("电话", "手机", "联系方式"), type="phone"),
    Column("respondent", "被申请人", ("对方当事人", "另一方当事人", "被申请人姓名")),
    Column(
        "title",
        "纠纷简述",
        ("矛盾纠纷简要情况", "纠纷事由", "简要情况", "纠纷名称", "反映问题"),
        required=True,
    ),
    Column("facts", "纠纷事实", ("基本情况", "主要情况", "纠纷详情")),
    Column("amount", "涉及金额", ("涉及金额（元）", "标的额", "金额"), type="decimal"),
    # Stated as on the registration form (forms.DisputeForm.stated_fields): an
    # empty cell was read as 低, a judgement nobody made. A row without it is
    # refused naming the column (【风险等级】不能为空), the file's other rows kept.
    Column("risk_level", "风险等级", ("风险", "等级"), type="choice", choices=RISKS, required=True),
    Column("risk_reason", "风险判断理由", ("风险理由", "风险说明")),
    Column("outcome_note", "化解情况", ("处理结果", "办理结果", "调处结果", "处理情况")),
    Column("resolved_on", "化解日期", ("办结日期", "调处日期", "结案日期"), type="date"),
    Column("resolved", "是否化解", ("化解与否",), type="bool"),
)


# Who screened, on a round the import creates: kept in Chinese (a row's text).
IMPORTED = gettext_noop("台账导入")


def _category(name: str) -> DisputeCategory:
    categories = list(DisputeCategory.objects.filter(active=True))
    if not name:
        other = next((c for c in categories if c.code == "other"), None)
        if other is None:
            raise RuleViolation(_("请填写纠纷类型。"), field="category")
        return other
    exact = next((c for c in categories if c.name == name), None)
    if exact is not None:
        return exact
    core = name.removesuffix("纠纷")
    loose = [c for c in categories if core and core in c.name]
    if len(loose) == 1:
        return loose[0]
    names = "、".join(c.name for c in categories)
    raise RuleViolation(
        _("纠纷类型“%(name)s”不在本系统的类型中（%(names)s）。") % {"name": name, "names": names},
        field="category",
    )


def _screening(ctx: Context, unit: Any, day: Any) -> Screening:
    """One screening round per village and day in the ledger: the rows of a
    round share it (the indicators count rounds and what they found)."""
    found = Screening.objects.filter(unit=unit, screened_on=day, screeners=IMPORTED).first()
    if found is not None:
        return found
    return workflow.record_screening(
        Screening(
            unit=unit,
            screened_on=day,
            screeners=IMPORTED,
            scope=unit.name,
            note=gettext_noop("由排查台账导入"),
        ),
        by=ctx.by,
    )


def create(values: dict[str, Any], ctx: Context) -> Dispute:
    unit = values.get("unit") or ctx.unit
    id_number = values.get("id_number") or ""
    if id_number and not id_number_valid(id_number):
        # The column's warning has said so (values.parse_id_number).
        id_number = ""
    found_on = values["found_on"]
    title = values["title"]
    risk = values["risk_level"]
    source = values.get("source") or Dispute.Source.SCREENING
    reason = values.get("risk_reason") or ""
    applicant = ctx.person(values["name"], id_number, values.get("phone") or "", unit)
    parties = [workflow.PartyInput(role=DisputeParty.Role.APPLICANT, person=applicant)]
    if values.get("respondent"):
        parties.append(
            workflow.PartyInput(name=values["respondent"], role=DisputeParty.Role.RESPONDENT)
        )
    dispute = workflow.register_dispute(
        Dispute(
            unit=unit,
            title=title[:200],
            category=_category(values.get("category") or ""),
            facts=values.get("facts") or title,
            amount=values.get("amount"),
            source=source,
            screening=_screening(ctx, unit, found_on)
            if source == Dispute.Source.SCREENING
            else None,
            found_on=found_on,
            risk_level=risk,
            risk_reason=reason,
        ),
        parties=parties,
        by=ctx.by,
    )
    resolved_on = values.get("resolved_on")
    resolved = values.get("resolved")
    if resolved_on is not None:
        workflow.close_dispute(
            dispute,
            outcome=Dispute.Status.UNRESOLVED if resolved is False else Dispute.Status.RESOLVED,
            on=resolved_on,
            note=values.get("outcome_note") or "",
            by=ctx.by,
        )
    elif resolved is not None:
        raise RuleViolation(_("填写了“是否化解”，请同时填写化解日期。"), field="resolved_on")
    return dispute


KIND = register(
    LedgerKind(
        name="disputes",
        label=gettext_lazy("矛盾纠纷排查台账"),
        columns=COLUMNS,
        create=create,
        key_fields=("found_on", "name", "title"),
        list_url="mediation:dispute_list",
        samples=(SAMPLES / "矛盾纠纷排查台账样例.xlsx", SAMPLES / "矛盾纠纷排查台账样例.xls"),
        demo=(SAMPLES / "demo" / "湘江源瑶族乡矛盾纠纷排查台账.xlsx",),
        describe=named_by("number"),
        order=30,
    )
)
