"""`manage.py snapshot_indicators --year 2024 [--unit 蓝山县] [--force]`

Precomputes every registered indicator for each township and county of a
closed year into IndicatorSnapshot, so the county roll-up reads one indexed
table. Values of a published report are its own and are kept unless --force.
Safe to run twice: rows are upserted by (unit, year, key)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fazhi.core.cli import Command as BaseCommand
from fazhi.core.models import OrgUnit
from fazhi.reports import queries
from fazhi.reports.models import IndicatorSnapshot

CHUNK = 500


class Command(BaseCommand):
    # The snapshots' words are stored in Chinese (queries.official) whatever --language says.
    help = gettext_lazy("预先计算各乡镇、县的年度指标快照（县级汇总使用）")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--year", required=True, type=int)
        parser.add_argument("--unit", help=_("只计算该单位及其下级（名称）"))
        parser.add_argument("--force", action="store_true", help=_("覆盖已公开报告的指标值"))

    def handle(self, *args: Any, **options: Any) -> None:
        year = options["year"]
        if year >= timezone.localdate().year:
            self.stderr.write(
                _("提示：%(year)s年尚未结束，快照会随记录变化，需定期重算。") % {"year": year}
            )
        root = None
        if options["unit"]:
            root = OrgUnit.objects.filter(name=options["unit"]).first()
            if root is None:
                raise CommandError(_("找不到单位“%(unit)s”。") % {"unit": options["unit"]})
        units = list(queries.snapshot_units(root))
        published = IndicatorSnapshot.objects.filter(
            year=year, source=IndicatorSnapshot.Source.PUBLISHED
        )
        if root is not None:
            published = published.filter(unit__path__startswith=root.path)
        kept = set(published.values_list("unit_id", "key"))
        total = 0
        # A chunk of units at a time: each figure is one grouped query per chunk.
        for start in range(0, len(units), CHUNK):
            chunk = units[start : start + CHUNK]
            rows = [
                r
                for r in queries.compute_snapshots(chunk, year)
                if options["force"] or (r.unit_id, r.key) not in kept
            ]
            with transaction.atomic():
                IndicatorSnapshot.objects.bulk_create(
                    rows,
                    batch_size=2000,
                    update_conflicts=True,
                    unique_fields=["unit", "year", "key"],
                    update_fields=["value", "text", "has_records", "source", "computed_at"],
                )
            total += len(rows)
            counts: dict[int, int] = {}
            for r in rows:
                counts[r.unit_id] = counts.get(r.unit_id, 0) + 1
            for unit in chunk:
                self.stdout.write(
                    _("%(unit)s：%(n)s 项") % {"unit": unit.name, "n": counts.get(unit.pk, 0)}
                )
        self.stdout.write(_("共写入 %(total)s 项指标快照。") % {"total": total})
