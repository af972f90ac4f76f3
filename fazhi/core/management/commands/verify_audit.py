from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.db import DEFAULT_DB_ALIAS
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fazhi.core import auditchain
from fazhi.core.cli import Command as BaseCommand


class Command(BaseCommand):
    help = gettext_lazy(
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
                _("，最后一条 #%(id)s（%(at)s）")
                % {"id": result.last_id, "at": _moment(result.last_at)}
                if result.last_id
                else ""
            )
            self.stdout.write(
                _("OK: 审计链完好，共 %(rows)s 条%(upto)s") % {"rows": result.rows, "upto": upto}
            )
            return
        raise CommandError(
            _("审计链在第 #%(id)s 条（%(at)s）处断开：%(reason)s；此前 %(rows)s 条完好")
            % {
                "id": result.broken_id,
                "at": _moment(result.broken_at),
                "reason": result.get_reason_display(),
                "rows": result.rows,
            }
        )


def _moment(at: Any) -> str:
    return timezone.localtime(at).strftime("%Y-%m-%d %H:%M:%S") if at else "—"
