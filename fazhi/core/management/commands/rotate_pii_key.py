"""manage.py rotate_pii_key: move every encrypted value to the current key.

Run after a new key version is added to FAZHI_PII_KEYS / the key file (the
old versions stay listed until this reports nothing left). Safe while the
site runs: each batch is its own transaction and, on PostgreSQL, skips rows a
request holds (`FOR UPDATE SKIP LOCKED`); those are counted as left and moved
by the next run. Idempotent: a value already under the current key is not
written again. The blind-index key is not rotated here (docs/security.md,
"Encryption of personal information", says why).
"""

from typing import Any

from django.core.management.base import CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fazhi.core import crypto, pii_rows
from fazhi.core.cli import Command as BaseCommand


class Command(BaseCommand):
    help = gettext_lazy(
        "用当前密钥版本重新加密以旧版本密钥加密的个人信息（身份证号码、电话、住址），"
        "分批进行，可在系统运行时执行；--dry-run 只统计"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help=_("只统计需重新加密的数量"))
        parser.add_argument("--batch", type=int, default=pii_rows.BATCH)

    def handle(self, *args: Any, **options: Any) -> None:
        ring = crypto.keyring()
        current = ring.current
        self.stdout.write(
            _("当前密钥版本 v%(current)s（已配置 %(versions)s；来源：%(source)s）")
            % {
                "current": current,
                "versions": ", ".join(f"v{v}" for v in sorted(ring.keys)),
                "source": ring.source,
            }
        )
        census = pii_rows.census()
        total = 0
        for table, counts in census.items():
            old = sum(n for version, n in counts.items() if version != current)
            total += old
            detail = "，".join(
                (_("明文") if version == 0 else f"v{version}") + f" {n}"
                for version, n in sorted(counts.items())
            )
            self.stdout.write(
                _("  %(table)s: %(detail)s；需重新加密 %(old)s")
                % {"table": table, "detail": detail or _("无"), "old": old}
            )
        if options["dry_run"]:
            self.stdout.write(
                _("DRY RUN: 需重新加密的值共 %(total)s 个，未作修改") % {"total": total}
            )
            return
        if not total:
            self.stdout.write(_("OK: 所有值均已使用当前密钥版本，无需处理"))
            return

        def progress(table: str, rows: int) -> None:
            if rows:
                self.stdout.write(
                    _("  %(table)s: 已写入 %(rows)s 行") % {"table": table, "rows": rows}
                )

        written = pii_rows.rotate(batch=options["batch"], progress=progress)
        left = sum(pii_rows.values_to_rotate().values())
        self.stdout.write(_("已重新加密 %(rows)s 行") % {"rows": sum(written.values())})
        if left:
            self.stdout.write(
                self.style.WARNING(
                    _("仍有 %(left)s 个值未处理（当时被其他操作锁定），请再次运行") % {"left": left}
                )
            )
        else:
            self.stdout.write(_("OK: 所有值均已使用密钥版本 v%(current)s") % {"current": current})
