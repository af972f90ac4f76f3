"""`manage.py load_demo_ledgers [--dry-run]`: the demo township rebuilt from
its ledgers (issue 18) — the township's first-day set-up only (units,
accounts, leadership group, mediation committees and mediators), then every
ledger kind's demo ledger (`LedgerKind.demo`, under `fazhi/<app>/samples/demo/`)
imported as `manage.py import_ledger` imports a file. Run on an empty
(migrated) database; running it again changes nothing. docs/import.md."""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fazhi.core import demo
from fazhi.core.cli import Command as BaseCommand
from fazhi.core.i18n import shown
from fazhi.core.ledger_import import engine


class Command(BaseCommand):
    help = gettext_lazy(
        "从演示台账重建演示乡镇：只建组织设置（单位、账号、领导小组、调委会和调解员），"
        "其余从台账导入"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help=_("只预览台账，不写入台账记录"))

    def handle(self, *args: Any, **opts: Any) -> None:
        world, reports = demo.build_from_ledgers(dry_run=opts["dry_run"])
        refused = 0
        for report in reports:
            # Outcomes and reasons are kept in Chinese (engine): shown in the
            # command's language.
            counts = "，".join(f"{shown(k)} {v}" for k, v in report.counts().items() if v)
            self.stdout.write(f"{report.filename}：{counts}")
            for row in report.rows:
                if row.outcome == engine.REFUSED:
                    refused += 1
                    reasons = "；".join(shown(reason) for reason in row.reasons)
                    self.stdout.write(
                        _("  第%(line)s行 拒绝：%(reasons)s")
                        % {"line": row.line, "reasons": reasons}
                    )
        if refused:
            raise CommandError(_("%(n)s 行被拒绝（见上）") % {"n": refused})
        self.stdout.write(
            self.style.SUCCESS(
                _("演示乡镇已从台账重建：%(county)s → %(township)s")
                % {"county": world.county.name, "township": world.township.name}
            )
        )
