# ruff: noqa: E501  (the reply wording quotes the regulation in full sentences)
""".docx documents of this app, rendered through core.documents (GB/T 9704).

Each OGI reply type has its own template name (`ogi_reply_<type>`), so a
township can upload its own wording for each type of 条例第三十六条; without
an upload the shared official layout is used with the content below.
"""

from __future__ import annotations

import csv
import functools
import io
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils import translation

from fazhi.core import audit
from fazhi.core.attachments import attachments_of
from fazhi.core.documents import Document, chinese_date, render

from . import rules
from .models import DisclosureRequest, MajorDecision, WorkPlan

TEMPLATES = [Path(__file__).resolve().parent / "doc_templates"]
RT = DisclosureRequest.ReplyType


def official(build: Callable[..., bytes]) -> Callable[..., bytes]:
    """An official document is Chinese, its choice labels too, whoever downloads
    it (as the penalty decision, enforcement.documents): built under the default
    language."""

    @functools.wraps(build)
    def wrapper(*args: Any, **kwargs: Any) -> bytes:
        with translation.override(settings.LANGUAGE_CODE):
            return build(*args, **kwargs)

    return wrapper


REPLY_BODY: dict[str, str] = {
    RT.ALREADY_PUBLIC: "经查，您申请获取的政府信息已经主动公开，根据《政府信息公开条例》第三十六条第一项的规定，告知您获取该政府信息的方式和途径：{where_public}。",
    RT.PROVIDED: "经审查，您申请获取的政府信息属于可以公开的政府信息，根据《政府信息公开条例》第三十六条第二项的规定，现向您提供。",
    RT.PARTIAL: "经审查，您申请获取的政府信息中含有不应当公开的内容，但能够作区分处理，根据《政府信息公开条例》第三十七条的规定，向您提供可以公开的部分；不予公开部分的理由：{withheld_reason}。",
    RT.WITHHELD: "经审查，您申请获取的政府信息依法不予公开，根据《政府信息公开条例》第三十六条第三项的规定，告知您不予公开的理由：{withheld_reason}。",
    RT.NOT_EXIST: "经检索，本机关没有您所申请公开的政府信息，根据《政府信息公开条例》第三十六条第四项的规定，告知您该政府信息不存在。",
    RT.NOT_THIS_ORGAN: "经查，您申请获取的政府信息不属于本机关负责公开，根据《政府信息公开条例》第三十六条第五项的规定告知您。{right_organ}",
    RT.NEEDS_CREATION: "您申请获取的信息需要本机关对现有政府信息进行加工、分析，根据《政府信息公开条例》第三十八条的规定，本机关可以不予提供。",
    RT.STILL_UNCLEAR: "经补正后，您的申请内容仍不明确，根据《政府信息公开条例》第三十条的规定，本机关无法提供。",
    RT.PETITION: "您以政府信息公开申请的形式进行信访、投诉、举报等活动，根据《政府信息公开条例》第三十九条的规定，请依照有关法律、行政法规的规定办理。",
    RT.REPEAT: "本机关已就您提出的相同申请作出答复，您重复申请公开相同政府信息，根据《政府信息公开条例》第三十六条第六项的规定，不予重复处理。",
    RT.PUBLICATION: "您申请获取的是公开出版物，根据《政府信息公开条例》第三十九条的规定，请通过公开渠道获取。",
    RT.EXCESSIVE: "您申请公开政府信息的数量、频次明显超过合理范围，根据《政府信息公开条例》第三十五条的规定，本机关不予处理。",
    RT.RECONFIRM: "您要求本机关确认或重新出具已获取的信息，根据《政府信息公开条例》第三十九条的规定，不作为政府信息公开申请处理。",
    RT.SPECIAL_LAW: "您申请获取的信息，法律、行政法规对其获取另有规定，根据《政府信息公开条例》第三十六条第七项的规定，请依照有关规定办理。",
}


@official
def reply_document(req: DisclosureRequest) -> bytes:
    """The written reply (政府信息公开申请答复书) with the remedies stated (第五十一条)."""
    unit = req.unit
    doc = Document(
        title="政府信息公开申请答复书",
        doc_no=req.reply_no,
        addressee=req.applicant_name,  # the template writes the colon
        issuer=unit.name,
        signature=f"{unit.name}人民政府" if unit.kind == "township" else unit.name,
        date=req.replied_on,
    )
    received = chinese_date(req.received_on) if req.received_on else ""
    doc.add(
        f"本机关于{received}收到您提出的政府信息公开申请（查询码：{req.code}），申请获取：{req.description}"
    )
    body = REPLY_BODY.get(req.reply_type, "")
    doc.add(
        body.format(
            where_public=req.where_public or "",
            withheld_reason=req.get_withheld_reason_display() or "",
            right_organ=f"负责公开该政府信息的机关为：{req.right_organ}。"
            if req.right_organ
            else "",
        )
    )
    if req.reply_text:
        doc.add(req.reply_text)
    doc.add(
        "如对本答复不服，可以依照《政府信息公开条例》第五十一条的规定，向上一级行政机关或者政府信息公开工作主管部门投诉、举报，"
        "也可以自收到本答复之日起六十日内依法申请行政复议，或者自收到本答复之日起六个月内依法提起行政诉讼。"
    )
    return render(doc, name=f"ogi_reply_{req.reply_type}", unit=unit, search=TEMPLATES)


@official
def plan_document(plan: WorkPlan) -> bytes:
    """The annual rule-of-law work plan with its task breakdown (任务分解表)."""
    doc = Document(
        title=plan.title,
        doc_no=plan.document_no,
        issuer=plan.unit.name,
        signature=plan.unit.name,
        date=plan.issued_on,
    )
    if plan.goals:
        doc.add("一、总体目标", level=1).add(plan.goals)
    doc.add("二、任务分解", level=1)
    tasks = plan.tasks.select_related("unit", "owner_person").order_by("deadline", "pk")
    for i, task in enumerate(tasks, 1):
        owner = task.owner_person.name if task.owner_person else ""
        doc.add(f"（{i}）{task.title}", level=2)
        line = f"责任单位：{task.unit.name}；责任人：{owner or '—'}；完成时限：{chinese_date(task.deadline)}。"
        doc.add(line + (task.measures or ""))
    return render(doc, name="governance_work_plan", unit=plan.unit, search=TEMPLATES)


@official
def decision_case_file(dec: MajorDecision) -> bytes:
    """The whole case file of a major decision as a .zip (条例第三十三条 归档):
    a summary .docx of every step, the attachments, and the audit trail."""
    doc = Document(
        title=f"重大行政决策案卷：{dec.title}",
        issuer=dec.unit.name,
        date=dec.archived_on or dec.published_on,
    )
    steps = [
        ("启动", dec.launched_on, dec.lead_office.name if dec.lead_office else ""),
        ("决策草案", None, dec.draft_text),
        (
            "公众参与",
            dec.consultation_start,
            dec.participation_summary
            + (f"（紧急理由：{dec.urgency_reason}）" if dec.urgency_reason else ""),
        ),
        ("听证", dec.hearing_on, f"材料送达：{dec.hearing_materials_sent_on or '—'}"),
        ("专家论证", dec.expert_review_on, dec.expert_summary),
        ("风险评估", dec.risk_assessed_on, f"{dec.risk_level} {dec.risk_report}"),
        ("公平竞争审查", dec.fair_competition_on, ""),
        ("合法性审查", dec.reviewed_on, dec.review_opinion),
        ("集体讨论决定", dec.meeting_on, f"{dec.minutes}\n不同意见：{dec.dissent or '无'}"),
        ("向党委请示报告", dec.party_reported_on, ""),
        ("公布", dec.published_on, ""),
        ("执行情况", None, dec.implementation_notes),
        ("决策后评估", dec.post_evaluated_on, dec.post_evaluation),
    ]
    for i, (label, on, text) in enumerate(steps, 1):
        doc.add(f"{i}. {label}" + (f"（{chinese_date(on)}）" if on else ""), level=2)
        doc.add(text or "—")
    for c in dec.consultations.select_related("adviser"):
        doc.add(f"法律顾问意见：{c.adviser.name}（{c.answered_on or '未出具'}）{c.opinion}")
    doc.add(f"依据：{rules.DECISION_REG}")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("01_决策过程记录.docx", render(doc, unit=dec.unit, search=TEMPLATES))
        for i, att in enumerate(attachments_of(dec), 1):
            with att.file.open("rb") as fh:
                zf.writestr(f"02_附件/{i:02d}_{att.name}", fh.read())
        buf = io.StringIO()
        writer = csv.writer(buf)
        writer.writerow(["时间", "操作人", "操作", "说明", "变更内容"])
        for ev in audit.history(dec).order_by("at", "pk"):
            writer.writerow(
                [ev.at.isoformat(), ev.actor_name, ev.get_action_display(), ev.note, ev.changes]
            )
        zf.writestr("03_全过程记录.csv", "\ufeff" + buf.getvalue())
    return out.getvalue()
