import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from fazhi.core import search
from fazhi.core.search import index, registry


class Command(BaseCommand):
    help = (
        "重建全文检索索引：逐批读取各模块登记的可检索记录（分词、身份证号和电话号码只存盲索引），"
        "写入检索条目并删除已不存在记录的条目；--model 只重建一类记录（如 petitions.petition）"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--model", action="append", default=[], help="app_label.model")
        parser.add_argument("--batch", type=int, default=index.BATCH)

    def handle(self, *args: Any, **options: Any) -> None:
        wanted = [m.lower() for m in options["model"]]
        sources = search.sources()
        if wanted:
            unknown = [m for m in wanted if registry.source_for(m) is None]
            if unknown:
                known = "、".join(s.label for s in sources)
                raise CommandError(
                    f"未登记为可检索的记录类型：{'、'.join(unknown)}（可选：{known}）"
                )
            sources = [s for s in sources if s.label in wanted]
        for source in sources:
            started = time.monotonic()
            done = search.rebuild([source], batch=options["batch"])
            self.stdout.write(
                f"{source.label}: {done[source.label]} 条，用时 {time.monotonic() - started:.1f} 秒"
            )
