"""Documents of a case: the penalty decision (.docx through core.documents)
and the full-process case file (.zip with the documents, the evidence files
and a manifest of SHA-256 sums and the timeline: 全过程记录)."""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from pathlib import Path

from django.conf import settings
from django.utils import translation

from fazhi.core import audit
from fazhi.core.attachments import attachments_of
from fazhi.core.documents import Document, chinese_date, render

from . import rules
from .models import EnforcementCase

APP_DIR = Path(__file__).resolve().parent


def decision_document(case: EnforcementCase) -> Document:
    """The written decision with every element of 《行政处罚法》第五十九条."""
    organ = f"{case.unit.name}人民政府" if not case.unit.name.endswith("政府") else case.unit.name
    doc = Document(
        title="行政处罚决定书",
        doc_no=case.decision_number,
        issuer=organ,
        signature=f"{organ}（印章）",
        date=case.decided_on,
    )
    party = (
        "法人或其他组织" if case.party_type == EnforcementCase.PartyType.ORGANISATION else "公民"
    )
    doc.add(f"当事人：{case.party_name}（{party}）")
    if case.id_number:
        doc.add(f"身份证号码/统一社会信用代码：{case.id_number}")
    doc.add(f"住址/住所：{case.address}")
    doc.add("一、违法事实和证据", 1)
    doc.add(case.facts)
    evidence = "；".join(f"{e.get_kind_display()}：{e.description}" for e in case.evidence.all())
    if evidence:
        doc.add(f"以上事实有下列证据证明：{evidence}。")
    if case.statement_kind:
        notified = chinese_date(case.notified_on) if case.notified_on else ""
        doc.add(
            f"本机关于{notified}告知当事人拟作出的行政处罚及其权利，"
            f"当事人{case.get_statement_kind_display()}。{case.statement_text}"
        )
    doc.add("二、行政处罚的种类和依据", 1)
    fine = f"罚款人民币{case.fine_amount}元" if case.fine_amount else ""
    confiscated = (
        f"，没收违法所得、非法财物人民币{case.confiscated_amount}元"
        if case.confiscated_amount
        else ""
    )
    penalty = case.get_penalty_kind_display() + (f"：{fine}" if fine else "")
    doc.add(f"依据{case.legal_basis}，本机关决定对当事人给予{penalty}{confiscated}。")
    doc.add("三、行政处罚的履行方式和期限", 1)
    doc.add(case.performance)
    if case.fine_amount:
        doc.add(
            "到期不缴纳罚款的，每日按罚款数额的百分之三加处罚款，加处罚款的数额不超出罚款的数额"
            f"（{rules.ART_72}）。"
        )
    doc.add("四、申请行政复议、提起行政诉讼的途径和期限", 1)
    county = case.unit.parent.name if case.unit.parent else ""
    doc.add(
        f"当事人如不服本决定，可以在收到本决定书之日起{rules.RECONSIDERATION_DAYS}日内向{county}人民政府申请行政复议，"
        f"或者在{rules.LITIGATION_MONTHS}个月内依法向人民法院提起行政诉讼。"
    )
    doc.add(f"{organ}")
    doc.add(chinese_date(case.decided_on) if case.decided_on else "")
    return doc


def decision_docx(case: EnforcementCase) -> bytes:
    # An official document: Chinese, its choice labels too, whoever downloads it.
    with translation.override(settings.LANGUAGE_CODE):
        return render(
            decision_document(case),
            name="enforcement_decision",
            unit=case.unit,
            search=[APP_DIR / "doc_templates"],
        )


def case_file_zip(case: EnforcementCase) -> bytes:
    """The case file: decision .docx, every attachment of the case and of its
    evidence, the timeline and audit trail, and a manifest with SHA-256 sums."""
    out = io.BytesIO()
    manifest: list[dict[str, str | int]] = []
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as zf:

        def put(name: str, data: bytes, what: str) -> None:
            zf.writestr(name, data)
            manifest.append(
                {
                    "file": name,
                    "what": what,
                    "size": len(data),
                    "sha256": hashlib.sha256(data).hexdigest(),
                }
            )

        if case.decided_on and case.decision_number:
            put(
                "01_文书/行政处罚决定书.docx",
                decision_docx(case),
                "行政处罚决定书（按当前记录生成）",
            )
        for att in attachments_of(case):
            with att.file.open("rb") as fh:
                put(f"01_文书/{att.pk}_{att.name}", fh.read(), att.description or "案件附件")
        for i, ev in enumerate(case.evidence.all(), start=1):
            for att in attachments_of(ev):
                with att.file.open("rb") as fh:
                    put(
                        f"02_证据/{i:02d}_{att.name}",
                        fh.read(),
                        f"{ev.get_kind_display()}：{ev.description}",
                    )
        lines = [f"{case.number} {case.title}", ""]
        for e in case.events.all():
            lines.append(f"{chinese_date(e.on)}  {e.label}  {e.note}".rstrip())
        put("00_办案过程.txt", "\n".join(lines).encode("utf-8"), "案件环节时间线")
        # The trail as a person reads it (labels, names, dates); the JSON below
        # keeps the stored values for integrity checks.
        readable = [f"{case.number} {case.title} 操作记录", ""]
        for row in audit.history_rows(audit.history(case).order_by("at", "pk")):
            readable.append(f"{row.at}  {row.actor}  {row.action}  {row.note}".rstrip())
            readable.extend(f"    {c.label}：{c.old} → {c.new}" for c in row.changes)
        put("00_操作记录.txt", "\n".join(readable).encode("utf-8"), "全过程操作记录（可读）")
        trail = [
            {
                "at": ev.at.isoformat(),
                "by": ev.actor_name,
                "action": ev.action,
                "changes": ev.changes,
                "note": ev.note,
            }
            for ev in audit.history(case)
        ]
        put(
            "00_操作记录.json",
            json.dumps(trail, ensure_ascii=False, indent=1).encode("utf-8"),
            "全过程操作记录",
        )
        zf.writestr("manifest.json", json.dumps(manifest, ensure_ascii=False, indent=1))
    return out.getvalue()
