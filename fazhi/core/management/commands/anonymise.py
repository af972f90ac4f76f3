"""manage.py anonymise: anonymise the personal information of closed matters
past their retention period (core.retention; FAZHI_RETENTION_YEARS).

`--dry-run` first: it counts, per module, the records that would change and
writes nothing. The daily job runs the same step without the options."""

import datetime as dt
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from fazhi.core import retention
from fazhi.core.models import OrgUnit


class Command(BaseCommand):
    help = (
        "对超过保存期限（FAZHI_RETENTION_YEARS 年）的已办结事项中的个人信息"
        "（姓名、身份证号码、电话、住址）进行匿名化；--dry-run 只统计不修改"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="只统计将被匿名化的记录数")
        parser.add_argument(
            "--before",
            help="匿名化此日期（YYYY-MM-DD）之前办结的事项，默认按保存期限从今天倒推",
        )
        parser.add_argument("--unit", help="只处理该单位（编号、路径或名称）及其下级的记录")
        parser.add_argument("--batch", type=int, default=retention.BATCH)

    def handle(self, *args: Any, **options: Any) -> None:
        before = self._date(options["before"]) if options["before"] else None
        unit = self._unit(options["unit"]) if options["unit"] else None
        result = retention.anonymise(
            by=AnonymousUser(),
            before=before,
            unit=unit,
            dry_run=options["dry_run"],
            batch=options["batch"],
        )
        where = f"，单位：{unit.name}" if unit else ""
        years = retention.retention_years()
        self.stdout.write(f"保存期限 {years} 年：{result.cutoff.isoformat()} 之前办结的事项{where}")
        if result.cutoff > retention.cutoff_for(timezone.localdate()):
            self.stdout.write(
                self.style.WARNING("注意：--before 晚于保存期限届满之日，包含尚在保存期限内的事项")
            )
        verb = "将匿名化" if result.dry_run else "已匿名化"
        for key, label in result.labels.items():
            past = result.past.get(key)
            seen = f"（到期 {past} 条）" if past is not None else ""
            self.stdout.write(f"  {label}{seen}：{verb} {result.changed[key]} 条")
        if result.dry_run:
            self.stdout.write(f"DRY RUN: 共 {result.total} 条记录将被匿名化，未作修改")
        else:
            self.stdout.write(f"OK: 共匿名化 {result.total} 条记录")

    def _date(self, value: str) -> dt.date:
        try:
            day = dt.date.fromisoformat(value)
        except ValueError as exc:
            raise CommandError(f"--before：日期“{value}”格式应为 YYYY-MM-DD") from exc
        if day > timezone.localdate():
            raise CommandError(f"--before：日期“{value}”晚于今天")
        return day

    def _unit(self, value: str) -> OrgUnit:
        found = (
            OrgUnit.objects.filter(pk=int(value)).first()
            if value.isdigit()
            else OrgUnit.objects.filter(path=value).first()
            or OrgUnit.objects.filter(name=value).first()
        )
        if found is None:
            raise CommandError(f"--unit：没有单位“{value}”")
        return found
