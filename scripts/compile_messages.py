#!/usr/bin/env python3
"""Compile every fazhi/locale/*/LC_MESSAGES/*.po into the .mo file Django reads.

`manage.py compilemessages` needs GNU gettext's msgfmt on the machine; polib
(a dev dependency) writes the same .mo in Python, so a fresh clone runs the
English pages with nothing but `make install`. The .mo files are generated
(gitignored); the .po files are the source.

    python scripts/compile_messages.py          # compile
    python scripts/compile_messages.py --check  # also fail on an untranslated or fuzzy entry
"""

from __future__ import annotations

import sys
from pathlib import Path

import polib  # type: ignore[import-untyped]

LOCALE = Path(__file__).resolve().parent.parent / "fazhi" / "locale"


def main(argv: list[str]) -> int:
    check = "--check" in argv
    problems: list[str] = []
    for po_path in sorted(LOCALE.glob("*/LC_MESSAGES/*.po")):
        catalogue = polib.pofile(str(po_path))
        if check:
            for entry in catalogue.untranslated_entries() + catalogue.fuzzy_entries():
                problems.append(f"{po_path.relative_to(LOCALE)}: {entry.msgid!r}")
        catalogue.save_as_mofile(str(po_path.with_suffix(".mo")))
        done = catalogue.percent_translated()
        print(f"compiled {po_path.relative_to(LOCALE.parent.parent)} ({done}% translated)")
    for line in problems:
        print(f"untranslated or fuzzy: {line}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
