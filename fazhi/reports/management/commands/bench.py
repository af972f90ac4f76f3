"""`manage.py bench`: core's benchmark and every module's bench.run(scale).

It lives in reports, the layer above every domain app, and finds the modules
through Django's app registry (core imports no app, see docs/architecture.md)."""

import importlib
import json
import platform
from pathlib import Path
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.management.base import CommandParser
from django.db import connection
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fazhi.core.bench import vacuum
from fazhi.core.cli import Command as BaseCommand


class Command(BaseCommand):
    help = gettext_lazy("性能基准：生成合成数据并测量列表、扫描和报告的耗时（不属于测试）")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--scale", type=float, default=1.0, help=_("数据量倍数（1.0 为议题规定的规模）")
        )
        parser.add_argument(
            "--only", nargs="*", default=None, help=_("只运行这些模块：core petitions …")
        )
        parser.add_argument("--out", default=str(Path(settings.VAR_DIR) / "bench-results.json"))

    def handle(self, *args: Any, **options: Any) -> None:
        # The test client speaks as "testserver".
        settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
        modules = [c.label for c in apps.get_app_configs() if c.name.startswith("fazhi.")]
        if options["only"]:
            modules = [m for m in modules if m in options["only"]]
        results: dict[str, Any] = {
            "machine": " ".join(
                [platform.machine(), platform.processor() or "", platform.python_version()]
            ),
            "database": connection.vendor,
            "scale": options["scale"],
            "modules": {},
        }
        for name in modules:
            try:
                module = importlib.import_module(f"fazhi.{name}.bench")
            except ModuleNotFoundError:
                self.stdout.write(_("[%(module)s] 无基准") % {"module": name})
                continue
            vacuum()  # the previous run's rolled-back rows, as autovacuum would
            rows = module.run(options["scale"])
            results["modules"][name] = rows
            for r in rows:
                self.stdout.write(
                    f"[{name}] {r['name']}: n={r['n']} median={r['median_ms']} ms "
                    f"p95={r['p95_ms']} ms (target {r['target']})"
                )
        Path(options["out"]).write_text(json.dumps(results, ensure_ascii=False, indent=2))
        self.stdout.write(_("结果已写入 %(path)s") % {"path": options["out"]})
