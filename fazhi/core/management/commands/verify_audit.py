from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DEFAULT_DB_ALIAS
from django.utils import timezone

from fazhi.core import auditchain


class Command(BaseCommand):
    help = (
        "校验审计记录的哈希链（SM3）：逐批按编号顺序重算每条记录的哈希及其与前一条的链接，"
        "完好时输出 OK 和记录数，否则指出第一条异常记录（编号、时间）并以非零状态退出"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)
        parser.add_argument("--batch", type=int, default=auditchain.BATCH)

    def handle(self, *args: Any, **options: Any) -> None:
        result = auditchain.verify(using=options["database"], batch=options["batch"])
        if result.ok:
            upto = (
                f"，最后一条 #{result.last_id}（{_moment(result.last_at)}）"
                if result.last_id
                else ""
            )
            self.stdout.write(f"OK: 审计链完好，共 {result.rows} 条{upto}")
            return
        raise CommandError(
            f"审计链在第 #{result.broken_id} 条（{_moment(result.broken_at)}）处断开："
            f"{result.get_reason_display()}；此前 {result.rows} 条完好"
        )


def _moment(at: Any) -> str:
    return timezone.localtime(at).strftime("%Y-%m-%d %H:%M:%S") if at else "—"
