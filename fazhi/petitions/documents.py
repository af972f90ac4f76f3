"""The written notices and the handling opinion, rendered through core.documents
(GB/T 9704 layout; a township may upload its own template under the same name)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from fazhi.core.documents import Document, chinese_date, render

from . import rules
from .models import Petition, Source, Stage
from .workflow import township_of

APP_DIR = Path(__file__).resolve().parent
TEMPLATE_DIRS = [APP_DIR / "doc_templates"]


@dataclass(frozen=True)
class Kind:
    title: str
    template: str
    available: frozenset[str]  # stages after which the document exists


KINDS: dict[str, Kind] = {
    "accept": Kind(
        gettext_noop("信访事项受理告知书"),
        "petition_notice",
        frozenset(
            {
                Stage.ACCEPTED,
                Stage.REPLIED,
                Stage.REVIEW,
                Stage.REVIEWED,
                Stage.RE_REVIEW,
                Stage.FINAL,
                Stage.CLOSED,
            }
        ),
    ),
    "decline": Kind(
        gettext_noop("信访事项不予受理告知书"), "petition_notice", frozenset({Stage.DECLINED})
    ),
    "refer": Kind(
        gettext_noop("信访事项告知书（导入法定程序）"),
        "petition_notice",
        frozenset({Stage.REFERRED}),
    ),
    "objection": Kind(
        gettext_noop("关于转送信访事项的异议函"), "petition_notice", frozenset({Stage.OBJECTED})
    ),
    "extension": Kind(gettext_noop("信访事项延期办理告知书"), "petition_notice", frozenset()),
    "reply": Kind(
        gettext_noop("信访事项处理意见书"),
        "petition_opinion",
        frozenset(
            {
                Stage.REPLIED,
                Stage.REVIEW,
                Stage.REVIEWED,
                Stage.RE_REVIEW,
                Stage.FINAL,
                Stage.CLOSED,
            }
        ),
    ),
}


def available(petition: Petition) -> list[tuple[str, str]]:
    """(kind, the document's title in the reader's language); the document
    itself is an official one, written in Chinese whatever the language."""
    out = [(key, _(k.title)) for key, k in KINDS.items() if petition.stage in k.available]
    if petition.extension_days:
        out.append(("extension", _(KINDS["extension"].title)))
    return out


def _addressee(petition: Petition) -> str:
    """The petitioners' names; the template writes the colon after them."""
    names = [p.name for p in petition.petitioners.all()[:3]]
    return "、".join(names) + ("等" if petition.petitioners.count() > 3 else "")


def build(petition: Petition, kind: str) -> Document:
    township = township_of(petition.unit)
    spec = KINDS[kind]
    doc = Document(
        title=spec.title, doc_no=petition.number, issuer=township.name, signature=township.name
    )
    received = chinese_date(petition.received_on)
    doc.addressee = petition.sending_body if kind == "objection" else _addressee(petition)
    if kind == "accept":
        doc.date = petition.decided_on
        doc.add(
            f"你（们）于{received}反映的“{petition.title}”一事，本机关已于"
            f"{chinese_date(petition.decided_on) if petition.decided_on else ''}依法受理。"
        )
        doc.add(
            f"本机关将自受理之日起{rules.HANDLING_DAYS}日内办结并书面答复；情况复杂的，"
            f"经本机关负责人批准可适当延长办理期限，延长期限不超过{rules.MAX_EXTENSION_DAYS}日，并告知延期理由。"
        )
        doc.add(
            f"依据：{rules.ART_23}、{rules.ART_34}。查询码：{petition.query_code}，可在乡镇政府网站查询办理进度。"
        )
    elif kind == "decline":
        doc.date = petition.decided_on
        doc.add(
            f"你（们）于{received}反映的“{petition.title}”一事，不属于本机关职权范围，本机关不予受理。"
        )
        doc.add(f"理由：{petition.decision_note}")
        doc.add(f"请向{petition.competent_body}提出。依据：{rules.ART_23}第二款。")
    elif kind == "refer":
        doc.date = petition.decided_on
        doc.add(
            f"你（们）于{received}反映的“{petition.title}”一事，依法应当通过"
            f"{petition.get_procedure_display()}程序解决。"
        )
        doc.add(
            f"请依照有关法律、行政法规的规定向{petition.competent_body}提出。{petition.decision_note}"
        )
        doc.add(f"依据：{rules.ART_31}。")
    elif kind == "objection":
        doc.date = petition.decided_on
        doc.add(
            f"贵单位转送（交办）的信访事项（{petition.sending_ref}）“{petition.title}”于{received}收悉。"
        )
        doc.add(f"经审查，该事项不属于本机关职责范围，理由如下：{petition.decision_note}")
        doc.add(f"依据{rules.ART_23}第三款，特提出异议，请予审核。")
    elif kind == "extension":
        doc.date = petition.extension_notice_on
        approver = petition.extension_approver.name if petition.extension_approver else ""
        doc.add(
            f"你（们）反映的“{petition.title}”一事，因{petition.extension_reason}，"
            f"经本机关负责人{approver}批准，"
            f"办理期限延长{petition.extension_days}日。"
        )
        doc.add(f"依据：{rules.ART_34}。")
    elif kind == "reply":
        doc.date = petition.reply_on
        doc.add("一、信访请求", level=1)
        doc.add(petition.reply_request or petition.title)
        doc.add("二、事实和理由", level=1)
        doc.add(petition.reply_facts)
        doc.add("三、处理意见", level=1)
        doc.add(petition.get_reply_outcome_display() or "")
        doc.add("四、法律政策依据", level=1)
        doc.add(petition.reply_basis)
        doc.add(
            f"如不服本处理意见，可以自收到本意见书之日起{rules.REVIEW_REQUEST_DAYS}日内"
            f"请求原办理机关的上一级机关复查（{rules.ART_35}）。"
        )
    if petition.source == Source.TRANSFERRED and kind != "objection":
        doc.add(f"（本事项由{petition.sending_body}以{petition.sending_ref}转送交办。）")
    return doc


def render_docx(petition: Petition, kind: str) -> tuple[str, bytes]:
    # An official document: Chinese, its choice labels too, whoever downloads it.
    with translation.override(settings.LANGUAGE_CODE):
        doc = build(petition, kind)
        data = render(doc, name=KINDS[kind].template, unit=petition.unit, search=TEMPLATE_DIRS)
    return f"{KINDS[kind].title}-{petition.number}.docx", data
