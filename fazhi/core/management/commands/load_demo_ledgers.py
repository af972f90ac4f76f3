"""`manage.py load_demo_ledgers [--dry-run]`: the demo township rebuilt from
its ledgers (issue 18) — the township's first-day set-up only (units,
accounts, leadership group, mediation committees and mediators), then every
ledger kind's demo ledger (`LedgerKind.demo`, under `fazhi/<app>/samples/demo/`)
imported as `manage.py import_ledger` imports a file. Run on an empty
(migrated) database; running it again changes nothing. docs/import.md."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from fazhi.core import demo
from fazhi.core.ledger_import import engine


class Command(BaseCommand):
    help = (
        "从演示台账重建演示乡镇：只建组织设置（单位、账号、领导小组、调委会和调解员），"
        "其余从台账导入"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="只预览台账，不写入台账记录")

    def handle(self, *args: Any, **opts: Any) -> None:
        world, reports = demo.build_from_ledgers(dry_run=opts["dry_run"])
        refused = 0
        for report in reports:
            counts = "，".join(f"{k} {v}" for k, v in report.counts().items() if v)
            self.stdout.write(f"{report.filename}：{counts}")
            for row in report.rows:
                if row.outcome == engine.REFUSED:
                    refused += 1
                    self.stdout.write(f"  第{row.line}行 拒绝：{'；'.join(row.reasons)}")
        if refused:
            raise CommandError(f"{refused} 行被拒绝（见上）")
        self.stdout.write(
            self.style.SUCCESS(f"演示乡镇已从台账重建：{world.county.name} → {world.township.name}")
        )
