"""Write the demo township's ledgers from the demo itself (issue 18's "the
seed township's demo can be rebuilt from sample ledgers alone"):

    python scripts/export_demo_ledgers.py   # builds the demo in a scratch SQLite file
    DATABASE_URL=… python scripts/export_demo_ledgers.py --database-ready   # load_demo ran there

One generator and no copy of the demo's data: every row is read from the
records `manage.py load_demo` built, and written as the township would keep
it in Excel (a title row, the header the import recognises, one row per
record, ID numbers as text). Each file goes where its ledger kind says
(`LedgerKind.demo`, under `fazhi/<app>/samples/demo/`); `manage.py load_demo
--from-ledgers` imports them into a township that has only its set-up.

What a ledger cannot say (a petition referred to another procedure, a
mediation escalated to the township committee, a certificate renewed from
an earlier one …) is left out or written as the ledger can say it; the
figures this leaves different are listed, with the reason, in
tests/reports/test_demo_from_ledgers.py and docs/import.md."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _setup(database_ready: bool) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fazhi.settings")
    if not database_ready:
        scratch = Path(tempfile.mkdtemp(prefix="fazhi-demo-ledgers-")) / "demo.sqlite3"
        os.environ["DATABASE_URL"] = f"sqlite:///{scratch}"
    import django

    django.setup()
    if not database_ready:
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115


def _day(value: dt.date | None) -> str:
    return value.isoformat() if value else ""


def _village(unit: Any) -> str:
    return unit.name if unit.kind == "village" else ""


def _same(path: Path, cells: list[list[Any]]) -> bool:
    """Whether the file already holds these cells (an .xlsx's bytes change
    with every save: a ledger whose records did not change is not rewritten)."""
    from openpyxl import load_workbook

    if not path.exists():
        return False
    held = [list(r) for r in load_workbook(path).active.iter_rows(values_only=True)]
    wanted = [[None if c in ("", None) else c for c in r] for r in cells]
    width = max(len(r) for r in held + wanted)
    return [r + [None] * (width - len(r)) for r in held] == [
        r + [None] * (width - len(r)) for r in wanted
    ]


def _write(path: Path, title: str, header: list[str], rows: list[list[Any]]) -> bool:
    """The ledger laid out as the sample ledgers are (make_sample_ledgers's
    `_workbook`: a merged title row, the header, the rows, a fixed creation
    time), with every cell below the header as text: an ID number or phone
    Excel must not turn into a number. Not written when it holds these cells."""
    from make_sample_ledgers import _workbook  # this script's neighbour

    if _same(path, [[title], header, *rows]):
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    width = max([len(header), *(len(row) for row in rows)])
    _workbook(
        path,
        sheet=title[-31:],
        title=title,
        header=header,
        rows=rows,
        first_row=3,
        text_columns=tuple(range(1, width + 1)),
    )
    return True


def petitions(township: Any) -> tuple[list[str], list[list[Any]]]:
    from fazhi.petitions.models import Petition

    header = [
        "序号",
        "姓名",
        "身份证号码",
        "联系电话",
        "住址",
        "村（社区）",
        "来访日期",
        "信访形式",
        "信访类别",
        "信访事由",
        "反映问题",
        "人数",
        "转送交办机关",
        "转送交办文号",
        "受理情况",
        "受理日期",
        "有权处理机关",
        "不予受理理由",
        "答复日期",
        "送达日期",
        "办结日期",
        "办理结果",
        "处理意见",
        "法律政策依据",
        "是否化解",
        "承办单位",
        "包案领导",
        "延期天数",
        "延期理由",
        "延期批准人",
        "延期日期",
        "复查申请日期",
        "复查机关",
        "复查结果",
        "复查意见日期",
        "复查意见送达日期",
        "复查意见",
        "满意度",
        "评价日期",
    ]
    rows = []
    qs = (
        Petition.objects.in_unit(township)
        .select_related("unit", "responsible_unit", "owner_leader", "extension_approver")
        .order_by("received_on", "pk")
    )
    for n, p in enumerate(qs, start=1):
        first = p.petitioners.order_by("pk").first()
        # The decision on the matter and its date (受理日期 holds it for
        # every decision); a matter not accepted has no reply or closing date.
        decision = {
            "registered": "",
            "declined": "不予受理",
            "referred": f"导入{p.get_procedure_display()}程序" if p.procedure else "导入法定程序",
            "objected": "转送异议",
        }.get(p.stage, "受理")
        accepted = decision == "受理"
        review = p.appeals.filter(level="review").first()
        rows.append(
            [
                n,
                first.name if first else "",
                first.id_number if first else "",
                first.phone if first else "",
                first.address if first else "",
                _village(p.unit),
                _day(p.received_on),
                p.get_channel_display(),
                p.get_category_display(),
                p.title,
                p.content,
                p.group_size,
                p.sending_body,
                p.sending_ref,
                decision,
                _day(p.decided_on),
                p.competent_body if not accepted else "",
                p.decision_note if not accepted else "",
                _day(p.reply_on),
                _day(p.reply_served_on),
                _day(p.closed_on) if accepted else "",
                p.reply_facts,
                p.get_reply_outcome_display() if p.reply_outcome else "",
                p.reply_basis,
                ("是" if p.resolved else "否") if p.closed_on and accepted else "",
                p.responsible_unit.name if p.responsible_unit else "",
                p.owner_leader.name if p.owner_leader else "",
                p.extension_days or "",
                p.extension_reason,
                p.extension_approver.name if p.extension_approver else "",
                _day(p.extension_notice_on),
                _day(review.requested_on) if review else "",
                review.body if review else "",
                review.get_result_display() if review and review.result else "",
                _day(review.decided_on) if review else "",
                _day(review.served_on) if review else "",
                review.opinion if review else "",
                p.get_satisfaction_display() if p.satisfaction else "",
                _day(p.satisfaction_on),
            ]
        )
    return header, rows


def _parties(dispute: Any) -> tuple[list[Any], list[Any]]:
    parties = list(dispute.parties.select_related("person").order_by("pk"))
    applicants = [p.person for p in parties if p.role == "applicant"]
    respondents = [p.person for p in parties if p.role != "applicant"]
    return applicants, respondents


def disputes(township: Any) -> tuple[list[str], list[list[Any]]]:
    """The disputes no mediation case took up (a case is a row of the case
    register, which registers its dispute itself)."""
    from fazhi.mediation.models import Dispute

    header = [
        "序号",
        "排查日期",
        "村（社区）",
        "纠纷来源",
        "纠纷类型",
        "当事人",
        "身份证号码",
        "联系电话",
        "被申请人",
        "纠纷简述",
        "纠纷事实",
        "涉及金额",
        "风险等级",
        "风险判断理由",
        "化解情况",
        "化解日期",
        "是否化解",
    ]
    rows = []
    qs = (
        Dispute.objects.in_unit(township)
        .filter(cases__isnull=True)
        .select_related("unit", "category")
        .order_by("found_on", "pk")
    )
    for n, d in enumerate(qs, start=1):
        applicants, respondents = _parties(d)
        a = applicants[0]
        closed = d.status in ("resolved", "unresolved")
        rows.append(
            [
                n,
                _day(d.found_on),
                _village(d.unit),
                d.get_source_display(),
                d.category.name,
                a.name,
                a.id_number,
                a.phone,
                respondents[0].name if respondents else "",
                d.title,
                d.facts,
                str(d.amount) if d.amount is not None else "",
                d.get_risk_level_display(),
                d.risk_reason,
                d.outcome_note,
                _day(d.resolved_on) if closed else "",
                ("是" if d.status == "resolved" else "否") if closed else "",
            ]
        )
    return header, rows


ROUTE_WORDS = {
    "litigation": "依法向法院起诉",
    "arbitration": "申请仲裁",
    "administrative": "请求行政处理",
}


def mediation_cases(township: Any) -> tuple[list[str], list[list[Any]]]:
    """One row per dispute a case took up: the committee that accepted it,
    the township committee it was handed up to (移交), the mediators and
    the end of the case it ended in."""
    from fazhi.mediation.models import Dispute, FollowUp, MediationCase

    header = [
        "序号",
        "受理日期",
        "村（社区）",
        "调委会",
        "纠纷来源",
        "发现日期",
        "申请人",
        "被申请人",
        "身份证号码",
        "联系电话",
        "纠纷类型",
        "纠纷简要情况",
        "风险等级",
        "风险判断理由",
        "移交日期",
        "移交调委会",
        "移交理由",
        "调解员",
        "调解日期",
        "调解结果",
        "协议形式",
        "协议内容",
        "履行情况",
        "司法确认",
        "受理法院",
        "回访日期",
    ]
    rows = []
    qs = (
        Dispute.objects.in_unit(township)
        .filter(cases__isnull=False)
        .distinct()
        .select_related("unit", "category")
        .order_by("found_on", "pk")
    )
    for n, d in enumerate(qs, start=1):
        cases = list(d.cases.order_by("pk"))
        last: MediationCase = cases[-1]
        first: MediationCase = cases[0]
        applicants, respondents = _parties(d)
        people = applicants + respondents
        mediators = [
            a.mediator.person.name
            for a in last.assignments.select_related("mediator__person").order_by("pk")
        ]
        agreement = getattr(last, "agreement", None)
        result = form = terms = performance = confirmation = court = followup = ""
        mediated = None
        if agreement is not None:
            result, mediated = "调解成功", agreement.dated
            form, terms = agreement.get_form_display(), agreement.terms
            confirmed = getattr(agreement, "confirmation", None)
            if confirmed is not None and confirmed.decided_on:
                confirmation, court = _day(confirmed.decided_on), confirmed.court
            else:
                confirmation = "否"
            visit = last.followups.filter(done_on__isnull=False).order_by("done_on").first()
            if visit is not None:
                followup = _day(visit.done_on)
                honoured: dict[str, str] = {
                    FollowUp.Honoured.YES: "已履行",
                    FollowUp.Honoured.PARTLY: "部分履行",
                    FollowUp.Honoured.NO: "未履行",
                }
                performance = honoured.get(visit.honoured, "")
        elif last.status == "failed":
            routes = "、".join(
                ROUTE_WORDS[r] for r in (last.routes_given or []) if r in ROUTE_WORDS
            )
            result, mediated = f"调解不成功，已告知当事人{routes}", last.concluded_on
        rows.append(
            [
                n,
                _day(first.accepted_on),
                _village(d.unit),
                first.committee.name,
                d.get_source_display(),
                _day(d.found_on),
                "、".join(p.name for p in applicants),
                "、".join(p.name for p in respondents),
                "、".join(p.id_number or "" for p in people)
                if all(p.id_number for p in people)
                else "",
                "、".join(p.phone or "" for p in people) if all(p.phone for p in people) else "",
                d.category.name,
                d.title,
                d.get_risk_level_display(),
                d.risk_reason,
                _day(last.applied_on) if last.escalated_from_id else "",
                last.committee.name if last.escalated_from_id else "",
                last.escalation_reason if last.escalated_from_id else "",
                "、".join(mediators),
                _day(mediated),
                result,
                form,
                terms,
                performance,
                confirmation,
                court,
                followup,
            ]
        )
    return header, rows


def officers(township: Any) -> tuple[list[str], list[list[Any]]]:
    from fazhi.enforcement.models import Certificate

    header = [
        "序号",
        "姓名",
        "性别",
        "身份证号码",
        "执法主体",
        "职务",
        "执法证号",
        "执法类别",
        "发证机关",
        "发证日期",
        "有效期至",
        "联系电话",
    ]
    rows = []
    # A roster lists the certificates held: a revoked one is off it.
    qs = (
        Certificate.objects.in_unit(township)
        .exclude(status=Certificate.Status.REVOKED)
        .select_related("officer__person", "officer__unit")
        .order_by("issued_on", "pk")
    )
    for n, c in enumerate(qs, start=1):
        person = c.officer.person
        rows.append(
            [
                n,
                person.name,
                person.get_gender_display() if person.gender else "",
                person.id_number,
                c.officer.unit.name,
                c.officer.title,
                c.number,
                "、".join(f.name for f in c.fields.order_by("pk")),
                c.issuing_authority,
                _day(c.issued_on),
                _day(c.expires_on),
                person.phone,
            ]
        )
    return header, rows


def activities(township: Any) -> tuple[list[str], list[list[Any]]]:
    from fazhi.publicity.models import PublicityActivity

    header = [
        "序号",
        "活动日期",
        "活动名称",
        "活动形式",
        "宣传主题",
        "地点",
        "村（社区）",
        "参与人数",
        "发放资料",
        "主办单位",
        "覆盖对象",
        "活动情况",
    ]
    rows = []
    qs = (
        PublicityActivity.objects.in_unit(township)
        .filter(status=PublicityActivity.Status.HELD)
        .select_related("unit", "lead_unit")
        .order_by("date", "pk")
    )
    for n, a in enumerate(qs, start=1):
        rows.append(
            [
                n,
                _day(a.date),
                a.title,
                a.get_kind_display(),
                "、".join(t.name for t in a.topics.order_by("pk")),
                a.venue,
                _village(a.unit),
                a.participants,
                a.materials,
                a.lead_unit.name if a.lead_unit else "",
                "、".join(s.name for s in a.sectors.order_by("pk")),
                a.summary,
            ]
        )
    return header, rows


def normative(township: Any) -> tuple[list[str], list[list[Any]]]:
    from fazhi.governance.models import NormativeDocument

    header = [
        "序号",
        "文件名称",
        "文号",
        "制定机关",
        "发布日期",
        "施行日期",
        "是否经合法性审核",
        "备案情况",
        "报备日期",
        "有效状态",
        "失效/废止日期",
    ]
    labels = {"published": "有效", "expired": "失效", "repealed": "废止"}
    rows = []
    qs = (
        NormativeDocument.objects.in_unit(township)
        .exclude(doc_no="")
        .filter(status__in=labels)
        .select_related("drafting_office")
        .order_by("published_on", "pk")
    )
    for n, d in enumerate(qs, start=1):
        reviewed = f"经合法性审核（{_day(d.reviewed_on)}）" if d.reviewed_on else "否"
        filed = f"已备案 {d.filing_no}".strip() if d.filed_on else "未备案"
        rows.append(
            [
                n,
                d.title,
                d.doc_no,
                d.drafting_office.name if d.drafting_office else f"{township.name}人民政府",
                _day(d.published_on),
                _day(d.effective_on),
                reviewed,
                filed,
                _day(d.filed_on),
                labels[d.status],
                _day(d.repealed_on),
            ]
        )
    return header, rows


EXPORTS = {
    "petitions": petitions,
    "disputes": disputes,
    "mediation_cases": mediation_cases,
    "officers": officers,
    "activities": activities,
    "normative": normative,
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--database-ready",
        action="store_true",
        help="use DATABASE_URL as it is (load_demo has run there) instead of a scratch database",
    )
    args = parser.parse_args()
    _setup(args.database_ready)
    from django.utils import translation

    from fazhi.core import demo, ledger_import
    from fazhi.core.models import OrgUnit

    township = OrgUnit.objects.get(name=demo.TOWNSHIP)
    with translation.override("zh-hans"):
        for name, export in EXPORTS.items():
            kind = ledger_import.get(name)
            assert kind is not None and kind.demo, name
            header, rows = export(township)
            path = kind.demo[0]
            written = _write(path, f"{township.name}{kind.label}（演示）", header, rows)
            state = "已写出" if written else "未变"
            print(f"{len(rows):4d} 行  {state}  {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
