import time
from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fazhi.core import search
from fazhi.core.cli import Command as BaseCommand
from fazhi.core.search import index, registry


class Command(BaseCommand):
    help = gettext_lazy(
        "重建全文检索索引：逐批读取各模块登记的可检索记录（分词、身份证号和电话号码只存盲索引），"
        "写入检索条目并删除已不存在记录的条目；--model 只重建一类记录（如 petitions.petition）"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--model", action="append", default=[], help="app_label.model")
        parser.add_argument("--batch", type=int, default=index.BATCH)
        parser.add_argument(
            "--jobs",
            type=int,
            default=1,
            help=_("同时重建的进程数（仅 PostgreSQL；分词占满一个 CPU 核）"),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        wanted = [m.lower() for m in options["model"]]
        sources = search.sources()
        if wanted:
            unknown = [m for m in wanted if registry.source_for(m) is None]
            if unknown:
                known = "、".join(s.label for s in sources)
                raise CommandError(
                    _("未登记为可检索的记录类型：%(unknown)s（可选：%(known)s）")
                    % {"unknown": "、".join(unknown), "known": known}
                )
            sources = [s for s in sources if s.label in wanted]
        for source in sources:
            started = time.monotonic()
            done = search.rebuild([source], batch=options["batch"], jobs=options["jobs"])
            self.stdout.write(
                _("%(label)s: %(n)s 条，用时 %(seconds)s 秒")
                % {
                    "label": source.label,
                    "n": done[source.label],
                    "seconds": f"{time.monotonic() - started:.1f}",
                }
            )
