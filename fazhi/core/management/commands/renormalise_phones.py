"""manage.py renormalise_phones: phones an older import stored as the ledger
wrote them ("8613800000000", "138 0000 0000") stored as their 11 digits
(core.validators.normalize_phone), their blind index and search entries
rebuilt, so a search for the number finds them (core.phones). In batches,
safe to run again: a second run writes nothing. `--dry-run` only counts."""

from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.core.management.base import CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fazhi.core import phones
from fazhi.core.cli import Command as BaseCommand


class Command(BaseCommand):
    help = gettext_lazy(
        "按现行格式规范化已存储的联系电话（如旧导入保存的“86”开头13位号码），"
        "并重建其盲索引和检索条目；分批进行，可重复执行；--dry-run 只统计"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help=_("只统计需处理的数量"))
        parser.add_argument("--batch", type=int, default=phones.BATCH)

    def handle(self, *args: Any, **options: Any) -> None:
        dry_run = options["dry_run"]

        def progress(label: str, counts: phones.Counts) -> None:
            self.stdout.write(
                _(
                    "  %(label)s：电话 %(scanned)s 个，规范化 %(normalised)s 个，"
                    "仅重建索引 %(reindexed)s 个"
                )
                % {
                    "label": label,
                    "scanned": counts.scanned[label],
                    "normalised": counts.normalised[label],
                    "reindexed": counts.reindexed[label],
                }
            )

        counts = phones.renormalise(
            by=AnonymousUser(), dry_run=dry_run, batch=options["batch"], progress=progress
        )
        total = sum(counts.normalised.values()) + sum(counts.reindexed.values())
        if dry_run:
            self.stdout.write(
                _("DRY RUN: 需处理的电话共 %(total)s 个，未作修改") % {"total": total}
            )
        elif total:
            self.stdout.write(_("OK: 已处理电话 %(total)s 个") % {"total": total})
        else:
            self.stdout.write(_("OK: 所有电话均已是现行格式，无需处理"))
