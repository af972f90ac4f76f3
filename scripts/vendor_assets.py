#!/usr/bin/env python3
"""Copy the front-end files the templates use from node_modules/ into fazhi/static/vendor/.

The packages and their exact versions come from package.json + package-lock.json
(`npm ci`); nothing is fetched from a CDN at run time, so the platform works on an
intranet with no internet access. fazhi/static/vendor/ is generated (gitignored):
run `make vendor` (or `npm ci && python3 scripts/vendor_assets.py`) to rebuild it.

Standard library only, so it runs before the virtualenv exists.
"""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NODE_MODULES = ROOT / "node_modules"
VENDOR = ROOT / "fazhi" / "static" / "vendor"

# (npm package, file inside the package, destination under fazhi/static/vendor/).
# Source maps are copied beside the files that name them: the manifest static
# storage used in production rewrites `sourceMappingURL` and fails if the map is missing.
FILES: list[tuple[str, str, str]] = [
    ("htmx.org", "dist/htmx.min.js", "htmx.min.js"),
    ("bootstrap", "dist/css/bootstrap.min.css", "bootstrap.min.css"),
    ("bootstrap", "dist/css/bootstrap.min.css.map", "bootstrap.min.css.map"),
    ("bootstrap", "dist/js/bootstrap.bundle.min.js", "bootstrap.bundle.min.js"),
    ("bootstrap", "dist/js/bootstrap.bundle.min.js.map", "bootstrap.bundle.min.js.map"),
    ("echarts", "dist/echarts.min.js", "echarts.min.js"),
    (
        "bootstrap-icons",
        "font/bootstrap-icons.min.css",
        "bootstrap-icons/bootstrap-icons.min.css",
    ),
    (
        "bootstrap-icons",
        "font/fonts/bootstrap-icons.woff2",
        "bootstrap-icons/fonts/bootstrap-icons.woff2",
    ),
    (
        "bootstrap-icons",
        "font/fonts/bootstrap-icons.woff",
        "bootstrap-icons/fonts/bootstrap-icons.woff",
    ),
]
LICENSES = ["htmx.org", "bootstrap", "bootstrap-icons", "echarts"]


def package_version(package: str) -> str:
    manifest = NODE_MODULES / package / "package.json"
    data = json.loads(manifest.read_text(encoding="utf-8"))
    return str(data["version"])


def main() -> int:
    if not NODE_MODULES.is_dir():
        print("node_modules/ is missing: run `npm ci` first (or `make vendor`).", file=sys.stderr)
        return 1
    missing = [
        f"node_modules/{pkg}/{src}"
        for pkg, src, _ in FILES
        if not (NODE_MODULES / pkg / src).is_file()
    ]
    if missing:
        print("missing in node_modules (run `npm ci`):", *missing, sep="\n  ", file=sys.stderr)
        return 1

    if VENDOR.exists():
        shutil.rmtree(VENDOR)
    VENDOR.mkdir(parents=True)
    for pkg, src, dest in FILES:
        target = VENDOR / dest
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(NODE_MODULES / pkg / src, target)

    versions: dict[str, str] = {}
    for pkg in LICENSES:
        versions[pkg] = package_version(pkg)
        licence = NODE_MODULES / pkg / "LICENSE"
        if licence.is_file():
            shutil.copyfile(licence, VENDOR / f"LICENSE.{pkg}.txt")
    (VENDOR / "VERSIONS.json").write_text(
        json.dumps(versions, indent=2, sort_keys=True) + "\n", encoding="utf-8"
    )
    summary = ", ".join(f"{pkg} {version}" for pkg, version in sorted(versions.items()))
    print(f"vendored into {VENDOR.relative_to(ROOT)}/: {summary}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
