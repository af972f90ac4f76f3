"""`manage.py annual_report --unit 湘江源瑶族乡 --year 2024 --out report.docx`

Writes the unit's report as .docx: the saved report if there is one (with its
frozen figures), else a draft straight from the unit's template and the
records, without saving anything."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fazhi.core.cli import Command as BaseCommand
from fazhi.core.models import OrgUnit
from fazhi.reports import documents
from fazhi.reports.models import AnnualReport


class Command(BaseCommand):
    # The report itself is Chinese (an official document) whatever --language says.
    help = gettext_lazy("生成法治政府建设年度报告（.docx）")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--unit", required=True, help=_("单位名称，如 湘江源瑶族乡"))
        parser.add_argument("--year", required=True, type=int, help=_("年度，如 2024"))
        parser.add_argument("--out", required=True, help=_("输出文件，如 report.docx"))
        parser.add_argument("--pdf", action="store_true", help=_("同时用 LibreOffice 转换为 PDF"))

    def handle(self, *args: Any, **options: Any) -> None:
        units = list(OrgUnit.objects.filter(name=options["unit"]))
        if not units:
            raise CommandError(_("找不到单位“%(unit)s”。") % {"unit": options["unit"]})
        if len(units) > 1:
            raise CommandError(
                _("有多个名为“%(unit)s”的单位，请在系统中改名后再试。") % {"unit": options["unit"]}
            )
        unit, year = units[0], options["year"]
        report = AnnualReport.objects.filter(unit=unit, year=year).first()
        content = documents.report_docx(report) if report else documents.draft_docx(unit, year)
        out = Path(options["out"])
        out.write_bytes(content)
        source = (
            _("已保存的报告（%(status)s）") % {"status": report.get_status_display()}
            if report
            else _("模板与当前记录")
        )
        self.stdout.write(
            _("已写入 %(path)s（来源：%(source)s）") % {"path": out, "source": source}
        )
        if options["pdf"]:
            try:
                pdf = documents.docx_to_pdf(content)
            except documents.PdfUnavailable as exc:
                raise CommandError(str(exc)) from exc
            target = out.with_suffix(".pdf")
            target.write_bytes(pdf)
            self.stdout.write(_("已写入 %(path)s") % {"path": target})
