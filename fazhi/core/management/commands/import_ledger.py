"""`manage.py import_ledger KIND FILE --unit U [--dry-run] [--by USERNAME]`:
the import pages' run from the command line (issue 18), same checks, same
outcomes, one transaction per file. Prints each row's outcome and the counts;
`--result out.xlsx` writes the result file with 处理结果 and 原因."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fazhi.core import ledger_import
from fazhi.core.cli import Command as BaseCommand
from fazhi.core.cli import unit_named
from fazhi.core.errors import RuleViolation
from fazhi.core.i18n import shown
from fazhi.core.ledger_import import engine
from fazhi.core.models import OrgUnit, User


class Command(BaseCommand):
    help = gettext_lazy("导入台账（.xlsx/.xls/.csv）：KIND 为台账类型，FILE 为文件路径")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "kind",
            help=_("台账类型：%(kinds)s")
            % {"kinds": "、".join(k.name for k in ledger_import.all_kinds())},
        )
        parser.add_argument("file")
        parser.add_argument("--unit", required=True, help=_("导入到的单位（编号、路径或全称）"))
        parser.add_argument(
            "--by", default="", help=_("以该用户的身份和权限导入（默认：超级用户）")
        )
        parser.add_argument("--dry-run", action="store_true", help=_("只预览，不写入"))
        parser.add_argument("--result", default="", help=_("把处理结果写入此 .xlsx 文件"))
        parser.add_argument("--quiet-rows", action="store_true", help=_("只打印合计"))

    def handle(self, *args: Any, **opts: Any) -> None:
        kind = ledger_import.get(opts["kind"])
        if kind is None:
            names = "、".join(k.name for k in ledger_import.all_kinds())
            raise CommandError(
                _("没有台账类型“%(kind)s”（可选：%(names)s）")
                % {"kind": opts["kind"], "names": names}
            )
        path = Path(opts["file"])
        if not path.is_file():
            raise CommandError(_("文件不存在：%(path)s") % {"path": path})
        unit = self._unit(opts["unit"])
        by = self._user(opts["by"])
        try:
            report = engine.run(
                kind, path.name, path.read_bytes(), unit=unit, by=by, dry_run=opts["dry_run"]
            )
        except RuleViolation as exc:
            raise CommandError("；".join(exc.messages)) from None
        # The report keeps outcomes and reasons in Chinese (engine): shown here
        # in the command's language.
        if not opts["quiet_rows"]:
            for row in report.rows:
                why = "；".join(shown(text) for text in [*row.reasons, *row.warnings])
                line = _("第%(line)s行") % {"line": row.line}
                self.stdout.write(f"{line}\t{shown(row.outcome)}\t{row.record}\t{why}")
        counts = "，".join(f"{shown(k)} {v}" for k, v in report.counts().items())
        mode = _("预览（未写入）") if opts["dry_run"] else _("已导入")
        self.stdout.write(f"{kind.label} {path.name}：{mode}：{counts}")
        if opts["result"]:
            Path(opts["result"]).write_bytes(engine.export_report(report))

    def _unit(self, value: str) -> OrgUnit:
        found = unit_named(value)
        if found is None:
            raise CommandError(_("没有单位“%(value)s”") % {"value": value})
        return found

    def _user(self, username: str) -> Any:
        if username:
            user = User.objects.filter(username=username, is_active=True).first()
            if user is None:
                raise CommandError(_("没有用户“%(username)s”") % {"username": username})
            return user
        user = User.objects.filter(is_superuser=True, is_active=True).order_by("pk").first()
        if user is None:
            raise CommandError(_("请用 --by 指定导入人（没有可用的超级用户）"))
        return user if user else AnonymousUser()
