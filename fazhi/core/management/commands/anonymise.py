"""manage.py anonymise: anonymise the personal information of closed matters
past their retention period (core.retention; FAZHI_RETENTION_YEARS).

`--dry-run` first: it counts, per module, the records that would change and
writes nothing. The daily job runs the same step without the options."""

import datetime as dt
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.core.management.base import CommandError, CommandParser
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fazhi.core import retention
from fazhi.core.cli import Command as BaseCommand
from fazhi.core.cli import unit_named
from fazhi.core.models import OrgUnit


class Command(BaseCommand):
    help = gettext_lazy(
        "对超过保存期限（FAZHI_RETENTION_YEARS 年）的已办结事项中的个人信息"
        "（姓名、身份证号码、电话、住址）进行匿名化；--dry-run 只统计不修改"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help=_("只统计将被匿名化的记录数"))
        parser.add_argument(
            "--before",
            help=_("匿名化此日期（YYYY-MM-DD）之前办结的事项，默认按保存期限从今天倒推"),
        )
        parser.add_argument("--unit", help=_("只处理该单位（编号、路径或名称）及其下级的记录"))
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
        where = _("，单位：%(unit)s") % {"unit": unit.name} if unit else ""
        years = retention.retention_years()
        self.stdout.write(
            _("保存期限 %(years)s 年：%(cutoff)s 之前办结的事项%(where)s")
            % {"years": years, "cutoff": result.cutoff.isoformat(), "where": where}
        )
        if result.cutoff > retention.cutoff_for(timezone.localdate()):
            self.stdout.write(
                self.style.WARNING(
                    _("注意：--before 晚于保存期限届满之日，包含尚在保存期限内的事项")
                )
            )
        for key, label in result.labels.items():
            past = result.past.get(key)
            seen = _("（到期 %(n)s 条）") % {"n": past} if past is not None else ""
            line = (
                _("  %(label)s%(seen)s：将匿名化 %(n)s 条")
                if result.dry_run
                else _("  %(label)s%(seen)s：已匿名化 %(n)s 条")
            )
            self.stdout.write(line % {"label": label, "seen": seen, "n": result.changed[key]})
        if result.dry_run:
            self.stdout.write(
                _("DRY RUN: 共 %(total)s 条记录将被匿名化，未作修改") % {"total": result.total}
            )
        else:
            self.stdout.write(_("OK: 共匿名化 %(total)s 条记录") % {"total": result.total})

    def _date(self, value: str) -> dt.date:
        try:
            day = dt.date.fromisoformat(value)
        except ValueError as exc:
            raise CommandError(
                _("--before：日期“%(value)s”格式应为 YYYY-MM-DD") % {"value": value}
            ) from exc
        if day > timezone.localdate():
            raise CommandError(_("--before：日期“%(value)s”晚于今天") % {"value": value})
        return day

    def _unit(self, value: str) -> OrgUnit:
        found = unit_named(value)
        if found is None:
            raise CommandError(_("--unit：没有单位“%(value)s”") % {"value": value})
        return found
