"""`manage.py annual_report --unit 湘江源瑶族乡 --year 2024 --out report.docx`

Writes the unit's report as .docx: the saved report if there is one (with its
frozen figures), else a draft straight from the unit's template and the
records, without saving anything."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from fazhi.core.models import OrgUnit
from fazhi.reports import documents
from fazhi.reports.models import AnnualReport


class Command(BaseCommand):
    help = "生成法治政府建设年度报告（.docx）"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--unit", required=True, help="单位名称，如 湘江源瑶族乡")
        parser.add_argument("--year", required=True, type=int, help="年度，如 2024")
        parser.add_argument("--out", required=True, help="输出文件，如 report.docx")
        parser.add_argument("--pdf", action="store_true", help="同时用 LibreOffice 转换为 PDF")

    def handle(self, *args: Any, **options: Any) -> None:
        units = list(OrgUnit.objects.filter(name=options["unit"]))
        if not units:
            raise CommandError(f"找不到单位“{options['unit']}”。")
        if len(units) > 1:
            raise CommandError(f"有多个名为“{options['unit']}”的单位，请在系统中改名后再试。")
        unit, year = units[0], options["year"]
        report = AnnualReport.objects.filter(unit=unit, year=year).first()
        content = documents.report_docx(report) if report else documents.draft_docx(unit, year)
        out = Path(options["out"])
        out.write_bytes(content)
        source = f"已保存的报告（{report.get_status_display()}）" if report else "模板与当前记录"
        self.stdout.write(f"已写入 {out}（来源：{source}）")
        if options["pdf"]:
            try:
                pdf = documents.docx_to_pdf(content)
            except documents.PdfUnavailable as exc:
                raise CommandError(str(exc)) from exc
            target = out.with_suffix(".pdf")
            target.write_bytes(pdf)
            self.stdout.write(f"已写入 {target}")
