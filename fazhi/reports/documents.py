"""The report as a .docx (GB/T 9704 layout through core.documents) and as a PDF
converted from that .docx by LibreOffice when it is installed."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext, gettext_lazy

from fazhi.core.documents import Document, render
from fazhi.core.models import OrgUnit

from . import queries
from .models import AnnualReport
from .render import Block

APP_DIR = Path(__file__).resolve().parent
PDF_TIMEOUT_SECONDS = 120


def signature(unit: OrgUnit) -> str:
    """The issuing organ under the text: part of the official document (Chinese)."""
    if unit.kind == OrgUnit.Kind.COUNTY:
        return f"{unit.name}人民政府"
    if unit.kind == OrgUnit.Kind.TOWNSHIP:
        return f"{unit.name}人民政府"
    return unit.name


def build(title: str, blocks: list[Block], unit: OrgUnit, date: object = None) -> Document:
    doc = Document(title=title, signature=signature(unit), date=date or timezone.localdate())  # type: ignore[arg-type]
    for block in blocks:
        if block.heading:
            doc.add(block.heading, level=min(block.level, 2))
        for text in block.plain_paragraphs():
            doc.add(text, level=0)
    return doc


def report_docx(report: AnnualReport) -> bytes:
    """The official report: Chinese whoever downloads it (its choice labels too)."""
    with translation.override(settings.LANGUAGE_CODE):
        blocks = queries.render_report(report)
        when = report.published_at or report.accepted_at or report.submitted_at
        date = timezone.localtime(when).date() if when else timezone.localdate()
        doc = build(report.title, blocks, report.unit, date)
        return render(
            doc, name="annual_report", unit=report.unit, search=[APP_DIR / "doc_templates"]
        )


def draft_docx(unit: OrgUnit, year: int) -> bytes:
    """The unit's report straight from its template and the records (CLI), in Chinese."""
    with translation.override(settings.LANGUAGE_CODE):
        title, blocks = queries.template_blocks(unit, year)
        doc = build(title, blocks, unit)
        return render(doc, name="annual_report", unit=unit, search=[APP_DIR / "doc_templates"])


def pdf_converter() -> str | None:
    """The LibreOffice executable, or None when it is not installed."""
    return shutil.which("libreoffice") or shutil.which("soffice")


PDF_ABSENT_REASON = gettext_lazy(
    "本机未安装 LibreOffice，无法生成 PDF；请下载 Word 版后另存为 PDF。"
)


class PdfUnavailable(RuntimeError):
    pass


def docx_to_pdf(docx: bytes) -> bytes:
    """Convert with `libreoffice --headless --convert-to pdf` in a scratch dir."""
    exe = pdf_converter()
    if exe is None:
        raise PdfUnavailable(str(PDF_ABSENT_REASON))
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "report.docx"
        source.write_bytes(docx)
        try:
            subprocess.run(  # noqa: S603 - fixed argv, no shell
                [exe, "--headless", "--convert-to", "pdf", "--outdir", tmp, str(source)],
                check=True,
                capture_output=True,
                timeout=PDF_TIMEOUT_SECONDS,
            )
        except (subprocess.CalledProcessError, subprocess.TimeoutExpired) as exc:
            raise PdfUnavailable(gettext("PDF 转换失败：%(error)s") % {"error": exc}) from exc
        target = Path(tmp) / "report.pdf"
        if not target.exists():
            raise PdfUnavailable(gettext("PDF 转换失败：LibreOffice 未生成文件。"))
        return target.read_bytes()
