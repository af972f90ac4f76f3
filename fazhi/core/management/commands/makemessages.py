"""`makemessages` that also reads `_g(...)`: the code imports `gettext as _g`
beside `gettext_lazy as _` (a module needs both), and xgettext knows only the
standard names, so a message marked `_g("…")` never reached the catalogue and
stayed Chinese on an English page."""

from __future__ import annotations

from django.core.management.commands import makemessages


class Command(makemessages.Command):
    xgettext_options = [*makemessages.Command.xgettext_options, "--keyword=_g"]
