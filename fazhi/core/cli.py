"""The language fazhi's management commands speak (issue 15).

Django runs a command in `settings.LANGUAGE_CODE` (since Django 2.1 it no
longer deactivates translations, and `leave_locale_alone` is gone): here
Chinese, the platform's default, so a cron job's log, a runbook's expected
output and the people on call read the same words as the pages.

The operator's terminal locale (LANG, LANGUAGE) is deliberately not read: on
many servers it is en_US or C whoever reads the output, and a nightly job
would then log in another language than the day before. English is asked
for explicitly: `--language en` (its help too: `manage.py CMD --language en
--help`). Help texts, progress and refusals are marked for translation
(`gettext_lazy` for a class's `help`, `gettext` in `add_arguments` and
`handle`), so `makemessages` keeps them in the catalogue.

What a command stores (audit notes, reminders, history rows, calendar days)
is Chinese whatever the language, as for a page (`core.i18n.stored`,
`gettext_noop`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.utils import translation
from django.utils.translation import gettext

if TYPE_CHECKING:
    from .models import OrgUnit

OPTION = "--language"


def languages() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


def requested(argv: Sequence[str]) -> str:
    """The language `--language X` / `--language=X` asks for in a command
    line, else the default (an unknown one is refused by the parser)."""
    for i, arg in enumerate(argv):
        if arg == OPTION and i + 1 < len(argv):
            value = argv[i + 1]
        elif arg.startswith(OPTION + "="):
            value = arg.split("=", 1)[1]
        else:
            continue
        if value in languages():
            return value
    return settings.LANGUAGE_CODE


class Command(BaseCommand):
    """A management command speaking Chinese unless `--language` says otherwise."""

    # A lazy translation (gettext_lazy), made str when the parser is made.
    help: Any = ""

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        # argparse formats its texts as str: the lazy help in the language now active.
        self.help = str(self.help)
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        parser.add_argument(
            OPTION,
            choices=languages(),
            default=settings.LANGUAGE_CODE,
            help=gettext("输出语言（默认简体中文 zh-hans；en 为英文）"),
        )
        return parser

    def run_from_argv(self, argv: list[str]) -> None:
        # The parser (and --help) is made here, before `execute`.
        with translation.override(requested(argv)):
            super().run_from_argv(argv)

    def execute(self, *args: Any, **options: Any) -> Any:
        with translation.override(options.get("language") or settings.LANGUAGE_CODE):
            return super().execute(*args, **options)


def unit_named(value: str) -> OrgUnit | None:
    """The unit an operator names on a command line (`--unit`): by its id,
    else its tree path, else its name, as each command reads it."""
    from .models import OrgUnit

    units = OrgUnit.objects
    if value.isdigit():
        return units.filter(pk=int(value)).first()
    return units.filter(path=value).first() or units.filter(name=value).first()
