"""人民调解案件登记台账 imported (issue 18): each row a mediation case taken
through the same steps a mediator takes in fazhi — the dispute registered
with its parties (申请人/被申请人, several to a cell as “张三、李四”), the
case applied for and accepted on the recorded date (numbered, its one-month
clock started), the named mediators assigned (recusal checked), and, when the
register says how it ended, the agreement recorded or the mediation ended as
failed on the mediation date (the clock met or missed by those dates), the
agreement's judicial confirmation and the follow-up visit recorded. So a
closed historic case is closed with its agreement and the year's figures
count it."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from fazhi.core.errors import RuleViolation
from fazhi.core.ledger_import import Column, Context, LedgerKind, named_by, register
from fazhi.core.ledger_import import values as V
from fazhi.core.models import OrgUnit

from . import workflow
from .ledger import RISKS, SOURCES, _category, _screening
from .models import (
    Agreement,
    CommitteeLevel,
    Dispute,
    DisputeParty,
    FollowUp,
    JudicialConfirmation,
    MediationCase,
    MediationCommittee,
    Mediator,
)

SAMPLES = Path(__file__).resolve().parent / "samples"

AGREED, FAILED = "agreed", "failed"
RESULTS: dict[str, str] = {
    "调解成功": AGREED,
    "成功": AGREED,
    "达成协议": AGREED,
    "调解不成功": FAILED,
    "调解不成": FAILED,
    "不成功": FAILED,
    "未达成协议": FAILED,
    "终止调解": FAILED,
    "失败": FAILED,
}
FORMS: dict[str, str] = {
    "书面": Agreement.Form.WRITTEN,
    "书面协议": Agreement.Form.WRITTEN,
    "协议书": Agreement.Form.WRITTEN,
    "口头": Agreement.Form.ORAL,
    "口头协议": Agreement.Form.ORAL,
}
HONOURED: dict[str, str] = {
    "已履行": FollowUp.Honoured.YES,
    "履行完毕": FollowUp.Honoured.YES,
    "已履行完毕": FollowUp.Honoured.YES,
    "即时履行": FollowUp.Honoured.YES,
    "部分履行": FollowUp.Honoured.PARTLY,
    "未履行": FollowUp.Honoured.NO,
    "未履行完毕": FollowUp.Honoured.PARTLY,
}
# A screening's find is mediated on the committee's own initiative, a
# referral at the request of the body that sent it (《人民调解法》第十七、十八条).
STARTS: dict[str, str] = {
    Dispute.Source.APPLICATION: MediationCase.Start.APPLICATION,
    Dispute.Source.POLICE: MediationCase.Start.REFERRAL,
    Dispute.Source.COURT: MediationCase.Start.REFERRAL,
}
# The routes a failed mediation told the parties of (人民调解法第二十六条), as
# registers write them: “调解不成功，已告知当事人依法向法院起诉”.
ROUTE_WORDS: tuple[tuple[str, str], ...] = (
    ("仲裁", MediationCase.Route.ARBITRATION),
    ("诉讼", MediationCase.Route.LITIGATION),
    ("起诉", MediationCase.Route.LITIGATION),
    ("法院", MediationCase.Route.LITIGATION),
    ("行政", MediationCase.Route.ADMINISTRATIVE),
    ("主管部门", MediationCase.Route.ADMINISTRATIVE),
)
_DATE_IN_TEXT = re.compile(r"\d{4}\s*[年./\-]\s*\d{1,2}\s*[月./\-]\s*\d{1,2}\s*日?")
_YES = {"是", "已确认", "确认", "已司法确认", "√"}
_NO = {"否", "未", "无", "不申请", "未申请", "×", "/"}

COLUMNS = (
    Column("seq", "序号"),
    Column(
        "accepted_on",
        "受理日期",
        ("登记日期", "受理时间", "登记时间", "申请日期", "立案日期", "日期"),
        type="date",
        required=True,
    ),
    Column("unit", "村（社区）", ("村(社区)", "所在村", "村别", "村居"), type="unit"),
    Column("committee", "调委会", ("人民调解委员会", "调解委员会", "调解组织")),
    Column("source", "纠纷来源", ("来源", "案件来源"), type="choice", choices=SOURCES),
    Column("found_on", "发现日期", ("排查日期", "纠纷发现日期"), type="date"),
    Column(
        "applicants",
        "申请人",
        ("当事人申请人", "申请人姓名", "当事人", "当事人姓名"),
        required=True,
        many=True,
    ),
    Column("respondents", "被申请人", ("当事人被申请人", "对方当事人", "被申请人姓名"), many=True),
    Column(
        "id_numbers",
        "身份证号码",
        ("身份证号", "公民身份号码", "当事人身份证号"),
        type="id_number",
        many=True,
    ),
    Column("phones", "联系电话", ("电话", "联系方式", "手机"), type="phone", many=True),
    Column("category", "纠纷类型", ("纠纷类别", "案件类型", "类型", "类别")),
    Column(
        "summary",
        "纠纷简要情况",
        ("简要案情", "纠纷事由", "纠纷简述", "纠纷主要事实", "基本案情"),
        required=True,
    ),
    # Stated, as on the registration form and the 排查台账 (ledger.COLUMNS).
    Column("risk_level", "风险等级", ("风险",), type="choice", choices=RISKS, required=True),
    Column("risk_reason", "风险判断理由", ("风险理由", "风险说明")),
    # 移交 (人民调解法第三十四条): a village committee handed the case up to the
    # township's; 调委会 is the one that accepted it, 调解员 those who concluded it.
    Column("escalated_on", "移交日期", ("移交乡调委会日期",), type="date"),
    Column("escalated_to", "移交调委会", ("移交至", "接收调委会")),
    Column("escalation_reason", "移交理由", ("移交原因",)),
    Column("mediators", "调解员", ("承办调解员", "主持调解员", "调解人员"), many=True),
    Column("mediated_on", "调解日期", ("调解时间", "调结日期", "结案日期"), type="date"),
    Column("result", "调解结果", ("调处结果", "调解情况", "是否调解成功")),
    Column("form", "协议形式", ("协议类型",), type="choice", choices=FORMS),
    Column("terms", "协议内容", ("调解协议内容", "协议主要内容")),
    Column("performance", "履行情况", ("协议履行情况", "履行"), type="choice", choices=HONOURED),
    Column("confirmation", "司法确认", ("是否司法确认", "司法确认情况")),
    Column("court", "受理法院", ("确认法院",)),
    Column("followup_on", "回访日期", ("回访时间",), type="date"),
    Column("note", "备注"),
)
# Workflow refusals name their fields; these are the columns behind them.
FIELD_COLUMNS = {
    "found_on": "accepted_on",
    "applied_on": "accepted_on",
    "on": "mediated_on",
    "dated": "mediated_on",
    "name": "applicants",
    "id_number": "id_numbers",
    "mediator": "mediators",
    "declared_related": "mediators",
    "failure_reason": "result",
    "routes_given": "result",
    "done_on": "followup_on",
    "honoured": "performance",
    "to_committee": "escalated_to",
    "reason": "escalation_reason",
}


def _committee(values: dict[str, Any], ctx: Context, unit: OrgUnit, on: dt.date) -> Any:
    """The committee the register belongs to: the one named (loosely) among
    those of the import's unit and below, else the import unit's own."""
    committees = MediationCommittee.objects.filter(
        unit__path__startswith=ctx.unit.path
    ).select_related("unit")
    named = values.get("committee") or ""
    if named:
        exact = [c for c in committees if c.name == named]
        short = named.removesuffix("人民调解委员会").removesuffix("调委会")
        found = exact or [c for c in committees if short and short in c.name]
        if len(found) != 1:
            raise RuleViolation(
                _("“%(named)s”不是%(unit)s的人民调解委员会，请写全称。")
                % {"named": named, "unit": ctx.unit.name},
                field="committee",
            )
        return found[0]
    own = [c for c in committees if c.unit_id == ctx.unit.pk and c.in_office_on(on)]
    if not own:
        raise RuleViolation(
            _(
                "%(unit)s在%(date)s没有存续的人民调解委员会，"
                "请先在“人民调解委员会”中登记，或在台账中注明调委会。"
            )
            % {"unit": ctx.unit.name, "date": on.isoformat()},
            field="committee",
        )
    return own[0]


def _township_committee(named: str, unit: OrgUnit, on: dt.date) -> MediationCommittee:
    """The township committee a case was handed up to: the one named, else
    the township's only one in office."""
    township = unit.township() or unit
    found = [
        c
        for c in MediationCommittee.objects.filter(
            unit__path__startswith=township.path, level=CommitteeLevel.TOWNSHIP
        )
        if (c.name == named or (named and named in c.name)) or (not named and c.in_office_on(on))
    ]
    if len(found) != 1:
        raise RuleViolation(
            _("找不到%(township)s的乡级人民调解委员会“%(named)s”，请写全称。")
            % {"township": township.name, "named": named},
            field="to_committee",
        )
    return found[0]


def _mediator(name: str, committee: Any, on: dt.date) -> Mediator:
    found = Mediator.objects.filter(committee=committee, person__name=name).select_related("person")
    in_office = [m for m in found if m.appointed_on <= on and (m.left_on is None or m.left_on > on)]
    if not in_office:
        raise RuleViolation(
            _("“%(name)s”不是%(committee)s在%(date)s在任的调解员，请先在“人民调解员”中登记。")
            % {"name": name, "committee": committee.name, "date": on.isoformat()},
            field="mediators",
        )
    return in_office[0]


def _align(
    items: list[Any], people: int, applicants: int, key: str, *, loose: bool = False
) -> list[Any]:
    """ID numbers or phones of a cell matched to the parties in order: one per
    applicant, or one per party (applicants first); none is fine. `loose`
    (phones): fewer than the parties go to the first of them."""
    if len(items) == applicants or (loose and len(items) < people):
        return items + [""] * (people - len(items))
    if not items or len(items) == people:
        return items or [""] * people
    raise RuleViolation(
        _("有%(count)s个，与当事人人数（%(people)s人）不符，请按当事人顺序填写。")
        % {"count": len(items), "people": people},
        field=key,
    )


def _confirmation_day(raw: str) -> dt.date | None:
    """A date (the court's confirmation), or None when the register says
    none was applied for; a bare “是” is refused: the date is the record."""
    text = raw.strip()
    if not text or text in _NO:
        return None
    found = _DATE_IN_TEXT.search(text)
    try:
        if found:
            return V.parse_date(found.group(0), ahead=False)
        if text.isdigit():
            return V.parse_date(int(text), ahead=False)
    except ValueError as exc:
        raise RuleViolation(str(exc), field="confirmation") from None
    if text in _YES or "确认" in text:
        raise RuleViolation(_("请写明法院确认的日期，如“2024.5.10”。"), field="confirmation")
    raise RuleViolation(
        _("“%(text)s”应为法院确认的日期，或“否”（未申请）。") % {"text": text}, field="confirmation"
    )


def _court(values: dict[str, Any], ctx: Context, unit: OrgUnit) -> str:
    if values.get("court"):
        return str(values["court"])
    county = unit.ancestors().filter(kind=OrgUnit.Kind.COUNTY).first()
    court = f"{county.name}人民法院" if county else "人民法院"
    ctx.warn(_("未填受理法院，按“%(court)s”登记，请核对") % {"court": court})
    return court


def create(values: dict[str, Any], ctx: Context) -> MediationCase:
    unit = values.get("unit") or ctx.unit
    accepted_on: dt.date = values["accepted_on"]
    summary: str = values["summary"]
    applicants: list[str] = list(values["applicants"])
    respondents: list[str] = list(values.get("respondents") or [])
    names = applicants + respondents
    ids = _align(list(values.get("id_numbers") or []), len(names), len(applicants), "id_numbers")
    phones = _align(
        list(values.get("phones") or []), len(names), len(applicants), "phones", loose=True
    )
    parties = []
    for i, name in enumerate(names):
        id_number = ids[i]
        if id_number and not V.id_number_valid(id_number):
            ctx.warn(
                _("%(name)s的身份证号码校验位错误，未录入，请核对原件后在系统中补录")
                % {"name": name}
            )
            id_number = ""
        person = ctx.person(name, id_number, phones[i], unit, workflow.gender_from_id(id_number))
        role = DisputeParty.Role.APPLICANT if i < len(applicants) else DisputeParty.Role.RESPONDENT
        parties.append(workflow.PartyInput(role=role, person=person))
    committee = _committee(values, ctx, unit, accepted_on)
    source = values.get("source") or Dispute.Source.APPLICATION
    found_on = values.get("found_on") or accepted_on
    if found_on > accepted_on:
        raise RuleViolation(_("发现日期晚于受理日期，请核对。"), field="found_on")
    dispute = workflow.register_dispute(
        Dispute(
            unit=unit,
            title=summary[:200],
            category=_category(values.get("category") or ""),
            facts=summary,
            source=source,
            screening=_screening(ctx, unit, found_on)
            if source == Dispute.Source.SCREENING
            else None,
            found_on=found_on,
            risk_level=values["risk_level"],
            risk_reason=values.get("risk_reason") or "",
        ),
        parties=parties,
        by=ctx.by,
    )
    case = workflow.apply(
        dispute,
        committee=committee,
        start=STARTS.get(source, MediationCase.Start.EX_OFFICIO),
        applied_on=accepted_on,
        applicant="、".join(applicants),
        request=summary,
        by=ctx.by,
    )
    workflow.accept(case, on=accepted_on, by=ctx.by)
    escalated_on = values.get("escalated_on")
    if escalated_on is not None:
        case = workflow.escalate(
            case,
            to_committee=_township_committee(values.get("escalated_to") or "", unit, escalated_on),
            on=escalated_on,
            reason=values.get("escalation_reason") or "",
            by=ctx.by,
        )
        committee = case.committee
    elif values.get("escalated_to"):
        raise RuleViolation(_("请填写移交日期。"), field="escalated_on")
    assigned_on = case.accepted_on or accepted_on
    mediators = [_mediator(n, committee, assigned_on) for n in values.get("mediators") or []]
    for mediator in mediators:
        workflow.assign_mediator(case, mediator=mediator, on=assigned_on, by=ctx.by)
    raw_result = values.get("result") or ""
    try:
        result = V.parse_choice(raw_result, RESULTS)
    except ValueError as exc:
        raise RuleViolation(str(exc), field="result") from None
    if result is None:
        if values.get("terms") or values.get("followup_on"):
            raise RuleViolation(_("填写了协议内容或回访日期，请填写调解结果。"), field="result")
        return case
    on = values.get("mediated_on")
    if on is None:
        raise RuleViolation(_("请填写调解日期（调解成功或不成功的日期）。"), field="mediated_on")
    if not mediators:
        raise RuleViolation(_("请填写主持调解的调解员。"), field="mediators")
    if result == FAILED:
        text = " ".join(str(values.get(k) or "") for k in ("result", "terms", "note"))
        routes = list(dict.fromkeys(route for word, route in ROUTE_WORDS if word in text))
        if not routes:
            raise RuleViolation(
                _(
                    "调解不成功时应写明已告知当事人的途径（仲裁、行政、诉讼），"
                    "如“调解不成功，已告知当事人依法向法院起诉”。"
                ),
                field="result",
            )
        workflow.fail(case, on=on, reason=raw_result, routes=routes, by=ctx.by)
        return case
    _agreement(case, values, ctx, unit, on, mediators)
    return case


def _agreement(
    case: MediationCase,
    values: dict[str, Any],
    ctx: Context,
    unit: OrgUnit,
    on: dt.date,
    mediators: list[Mediator],
) -> None:
    terms = values.get("terms") or ""
    if not terms:
        raise RuleViolation(_("调解成功的案件请填写协议内容。"), field="terms")
    form = values.get("form") or Agreement.Form.WRITTEN
    agreement = workflow.record_agreement(
        case,
        workflow.AgreementInput(form=form, dated=on, terms=terms, facts=case.dispute.facts),
        by=ctx.by,
        archived=True,
    )
    if form == Agreement.Form.WRITTEN:
        # Signed and sealed when reached: the register records one date.
        workflow.sign_agreement(
            agreement, parties_signed_on=on, mediator_signed_on=on, seal_recorded_on=on, by=ctx.by
        )
    agreement.refresh_from_db()
    confirmed_on = _confirmation_day(values.get("confirmation") or "")
    if confirmed_on is not None and confirmed_on < on:
        raise RuleViolation(
            _("司法确认日期（%(confirmed)s）早于调解日期（%(mediated)s）。")
            % {"confirmed": confirmed_on.isoformat(), "mediated": on.isoformat()},
            field="confirmation",
        )
    if confirmed_on is not None:
        applied = workflow.apply_confirmation(
            agreement,
            applied_on=confirmed_on,
            court=_court(values, ctx, unit),
            joint=True,
            by=ctx.by,
        )
        workflow.record_confirmation_result(
            applied,
            result=JudicialConfirmation.Result.CONFIRMED,
            decided_on=confirmed_on,
            note=gettext_noop("台账导入"),
            by=ctx.by,
        )
    else:
        # The register shows no application: the 30-day window is closed as
        # not used, so it does not stand overdue on today's dashboards.
        assert agreement.effective_on is not None
        workflow.waive_confirmation(agreement, on=agreement.effective_on, by=ctx.by)
    followup_on = values.get("followup_on")
    honoured = values.get("performance")
    if followup_on is not None:
        visit = case.followups.filter(done_on__isnull=True).first() or workflow.schedule_followup(
            case, scheduled_on=followup_on, by=ctx.by
        )
        workflow.record_followup(
            visit,
            done_on=followup_on,
            visitor="、".join(m.person.name for m in mediators),
            honoured=honoured or FollowUp.Honoured.YES,
            note=gettext_noop("台账导入"),
            by=ctx.by,
        )
        if honoured is None:
            ctx.warn(_("未填履行情况，回访按“已履行”登记，请核对"))
    elif honoured is not None:
        ctx.warn(_("填写了履行情况但没有回访日期，履行情况未登记"))


KIND = register(
    LedgerKind(
        name="mediation_cases",
        label=gettext_lazy("人民调解案件登记台账"),
        columns=COLUMNS,
        create=create,
        key_fields=("accepted_on", "applicants", "summary"),
        list_url="mediation:case_list",
        samples=(SAMPLES / "人民调解案件登记台账样例.xlsx",),
        demo=(SAMPLES / "demo" / "湘江源瑶族乡人民调解案件登记台账.xlsx",),
        describe=named_by("number"),
        order=35,
        field_columns=FIELD_COLUMNS,
    )
)
