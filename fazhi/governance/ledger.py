"""规范性文件目录 imported (issue 18): each row a normative document the
township issued before fazhi, entered through
`workflow.catalogue.record_catalogue_entry` — published, expired or repealed
on the catalogue's dates, filed on time or late by the filing period, its 文号
reserved in the unified numbering. A 文号 fazhi already holds is brought up
to the catalogue (blanks filled, 有效 → 失效/废止), never duplicated; what
fazhi recorded differently is refused naming the column."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from fazhi.core.errors import RuleViolation
from fazhi.core.i18n import stored
from fazhi.core.ledger_import import Column, Context, LedgerKind, named_by, register
from fazhi.core.ledger_import import values as V
from fazhi.core.ledger_import.matching import Units
from fazhi.core.models import OrgUnit
from fazhi.core.roles import Role

from .models import NormativeDocument
from .workflow.catalogue import CatalogueEntry, record_catalogue_entry

SAMPLES = Path(__file__).resolve().parent / "samples"
S = NormativeDocument.Status

STATUSES: dict[str, str] = {
    "有效": S.PUBLISHED,
    "现行有效": S.PUBLISHED,
    "继续有效": S.PUBLISHED,
    "失效": S.EXPIRED,
    "已失效": S.EXPIRED,
    "到期失效": S.EXPIRED,
    "废止": S.REPEALED,
    "已废止": S.REPEALED,
}

COLUMNS = (
    Column("seq", "序号"),
    Column("title", "文件名称", ("规范性文件名称", "文件标题", "名称", "标题"), required=True),
    Column("doc_no", "文号", ("发文字号", "文件编号", "发文文号", "编号"), required=True),
    Column("issuer", "制定机关", ("起草单位", "制发机关", "发文机关", "制定单位", "起草部门")),
    Column(
        "published_on",
        "发布日期",
        ("印发日期", "公布日期", "发文日期", "制发日期", "成文日期"),
        type="date",
        required=True,
    ),
    Column("effective_on", "施行日期", ("生效日期", "实施日期"), type="date"),
    Column(
        "review",
        "合法性审核情况",
        ("是否经合法性审核", "合法性审核", "是否合法性审核", "合法性审查情况"),
    ),
    Column("filing", "备案情况", ("报备情况", "是否备案", "备案登记号")),
    Column("filed_on", "报备日期", ("备案日期", "报送备案日期", "报备时间"), type="date"),
    Column("status", "有效状态", ("效力状态", "是否有效", "状态"), type="choice", choices=STATUSES),
    Column("ended_on", "失效/废止日期", ("废止日期", "失效日期", "废止时间"), type="date"),
    Column("cleanup", "清理情况", ("清理结果", "清理意见", "备注")),
)
# A workflow refusal's field -> the column it concerns.
FIELD_COLUMNS = {
    "repealed_on": "ended_on",
    "drafting_office": "issuer",
    "reviewed_on": "review",
    "unit": "issuer",
}

_NO = re.compile(r"未|否|无|没有|不")
_YES = re.compile(r"是|已|经|通过|合法|审核|审查")
_DATE_IN = re.compile(r"\d{4}\s*[年./\-]\s*\d{1,2}\s*[月./\-]\s*\d{1,2}\s*日?")


def _date_in(text: str, column: str) -> Any:
    found = _DATE_IN.search(text)
    if found is None:
        return None
    try:
        return V.parse_date(found.group(0), ahead=False)
    except ValueError as exc:
        raise RuleViolation(str(exc), field=column) from None


def _review(text: str) -> tuple[bool | None, Any]:
    """“是”, “已审核”, “经司法所合法性审核（2024.3.1）”, “未审核”, “否”."""
    if not text:
        return None, None
    if _NO.search(text):
        return False, None
    if _YES.search(text) or _DATE_IN.search(text):
        return True, _date_in(text, "reviewed_on")
    raise RuleViolation(
        _("“%(text)s”应写明是否经合法性审核（是/否）。") % {"text": text}, field="reviewed_on"
    )


def _filing(text: str) -> tuple[Any, str, bool | None]:
    """“已备案（2024-03-20）”, “已报县司法局备案 蓝司备〔2024〕5号”, “未备案”:
    the date, the filing number when one is written, whether it says filed."""
    if not text:
        return None, "", None
    if _NO.search(text):
        return None, "", False
    number = re.search(r"[\u4e00-\u9fff]*备〔\d{4}〕\d+号", text)
    return _date_in(text, "filed_on"), number.group(0) if number else "", True


def _office(text: str, ctx: Context) -> OrgUnit | None:
    """The drafting office when the catalogue names a unit fazhi holds (司法所,
    党政综合办); the issuing government itself (“湘江源瑶族乡人民政府”) is the
    import's unit, and an office fazhi does not hold is a warning."""
    if not text:
        return None
    short = text.removesuffix("人民政府").removesuffix("政府")
    if short in (ctx.unit.name, ctx.unit.abbreviation) or text == ctx.unit.name:
        return None
    try:
        unit, warning = Units(ctx.unit).match(text)
    except ValueError:
        ctx.warn(_("“%(text)s”不是系统中的单位，未录入起草单位") % {"text": text})
        return None
    if warning:
        ctx.warn(warning)
    return unit if unit.pk != ctx.unit.pk else None


def create(values: dict[str, Any], ctx: Context) -> NormativeDocument:
    reviewed, reviewed_on = _review(values.get("review") or "")
    filed_date, filing_no, filed = _filing(values.get("filing") or "")
    filed_on = values.get("filed_on") or filed_date
    if filed is False and values.get("filed_on"):
        raise RuleViolation(_("备案情况写“未备案”，却填了报备日期，请核对。"), field="filed_on")
    if filed and filed_on is None:
        ctx.warn(_("写明已备案但没有报备日期，未计入按时备案，请在系统中补录"))
    status = values.get("status") or S.PUBLISHED
    if not values.get("status"):
        ctx.warn(_("有效状态未填，按“有效”导入"))
    cleanup = values.get("cleanup") or ""
    ended_on = values.get("ended_on")
    if ended_on is None and status != S.PUBLISHED:
        ended_on = _date_in(cleanup, "repealed_on")
        if ended_on is None:
            ctx.warn(_("未填失效/废止日期，不计入当年废止的文件"))
    if reviewed and reviewed_on is None:
        ctx.warn(_("写明经合法性审核但没有审核日期，不计入当年审核件数"))
    if values.get("effective_on") is None:
        ctx.warn(_("施行日期未填，有效期未计算，请在系统中补录"))
    doc, result = record_catalogue_entry(
        CatalogueEntry(
            title=values["title"],
            doc_no=values["doc_no"],
            published_on=values["published_on"],
            status=status,
            effective_on=values.get("effective_on"),
            drafting_office=_office(values.get("issuer") or "", ctx),
            reviewed=reviewed,
            reviewed_on=reviewed_on,
            filed_on=filed_on,
            filing_no=filing_no,
            ended_on=ended_on,
            summary=stored(gettext_noop("清理情况：%(cleanup)s"), cleanup=cleanup)
            if cleanup
            else "",
        ),
        unit=ctx.unit,
        by=ctx.by,
    )
    ctx.result = result
    return doc


KIND = register(
    LedgerKind(
        name="normative",
        label=gettext_lazy("规范性文件目录"),
        columns=COLUMNS,
        create=create,
        key_fields=("doc_no",),
        list_url="governance:document_list",
        samples=(SAMPLES / "规范性文件目录样例.xlsx",),
        demo=(SAMPLES / "demo" / "湘江源瑶族乡规范性文件目录.xlsx",),
        writer_roles=frozenset({Role.TOWNSHIP_LEADER, Role.JUDICIAL_OFFICE, Role.LEGAL_REVIEWER}),
        describe=named_by("doc_no"),
        order=60,
        updates=True,
        field_columns=FIELD_COLUMNS,
    )
)
