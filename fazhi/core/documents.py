"""Generated documents (.docx) in the layout of Chinese official documents.

Every module renders through `render`: it picks the township's uploaded
replacement for a template if there is one, else the module's own template,
else the shared official layout (`official.docx`, GB/T 9704-2012: A4, margins
37/35/28/26 mm, title 方正小标宋简体 二号, body 仿宋_GB2312 三号 at a fixed
28 pt line, level-1 headings 黑体, level-2 楷体_GB2312).

A document is given as structured content (title, addressee, paragraphs with a
level, signature, date) so the layout stays in the template, not in code.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from docxtpl import DocxTemplate

from .models import DocumentTemplate, OrgUnit

BUILTIN_DIR = Path(__file__).resolve().parent / "doc_templates"
DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
CN_DIGITS = "〇一二三四五六七八九"


def chinese_date(d: dt.date) -> str:
    """GB/T 9704 §7.3.5.3: the date in Arabic numerals, e.g. 2024年3月5日."""
    return f"{d.year}年{d.month}月{d.day}日"


def plain(value: Any) -> Any:
    """A value as a document prints it: 是/否 for a yes/no, nothing for None,
    a date as 2024年3月5日, a lazy translation as text; lists and mappings
    item by item. No generated document shows Python's True/False/None."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(_("是") if value else _("否"))
    if isinstance(value, dt.datetime):
        local = timezone.localtime(value) if timezone.is_aware(value) else value
        return f"{chinese_date(local.date())} {local:%H:%M}"
    if isinstance(value, dt.date):
        return chinese_date(value)
    if isinstance(value, Promise):
        return str(value)
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    return value


@dataclass
class Paragraph:
    text: str
    level: int = 0  # 0 body, 1 一、heading (黑体), 2 （一）heading (楷体)


@dataclass
class Document:
    title: str
    paragraphs: list[Paragraph] = field(default_factory=list)
    doc_no: str = ""
    addressee: str = ""
    issuer: str = ""
    signature: str = ""
    date: dt.date | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def add(self, text: str, level: int = 0) -> Document:
        self.paragraphs.append(Paragraph(text=text, level=level))
        return self

    def context(self) -> dict[str, Any]:
        return plain(
            {
                "title": self.title,
                "doc_no": self.doc_no,
                "addressee": self.addressee,
                "issuer": self.issuer,
                "signature": self.signature,
                "date": chinese_date(self.date) if self.date else "",
                "paragraphs": [{"text": p.text, "level": p.level} for p in self.paragraphs],
                **self.extra,
            }
        )


def template_path(name: str, unit: OrgUnit | None = None, search: list[Path] | None = None) -> Any:
    """The township's replacement if uploaded for the unit or an ancestor, else
    the first built-in found in `search` dirs, else the shared official layout."""
    if unit is not None:
        override = (
            DocumentTemplate.objects.filter(name=name, unit__in=unit.ancestors())
            .order_by("-unit__depth")
            .first()
        )
        if override is not None:
            return override.file.open("rb")
    for directory in [*(search or []), BUILTIN_DIR]:
        candidate = directory / f"{name}.docx"
        if candidate.exists():
            return candidate
    return BUILTIN_DIR / "official.docx"


def render(
    doc: Document,
    *,
    name: str = "official",
    unit: OrgUnit | None = None,
    search: list[Path] | None = None,
) -> bytes:
    source = template_path(name, unit, search)
    tpl = DocxTemplate(source)
    tpl.render(doc.context(), autoescape=True)
    out = io.BytesIO()
    tpl.save(out)
    return out.getvalue()
