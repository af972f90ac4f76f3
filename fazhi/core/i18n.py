"""Text a workflow stores on a row, and that text shown in the reader's language.

A refusal (`RuleViolation`) is read once, by the person who took the step: it
is translated when raised (`gettext`). Text kept on a row — an audit note, a
history row's note, a clock's label and explanation, a certificate event's
reason — is read later by anyone, in either language, so it is stored in
Chinese whatever the writer's language (`stored`) and translated when shown
(`shown`, the `shown` template filter). Its message is marked with
`gettext_noop` so `makemessages` puts it in the catalogue:

    note=stored(gettext_noop("答复：%(outcome)s"), outcome=Outcome(x).label)

`shown` finds the message a stored text was made from: the text itself if it
is a catalogue entry, else the catalogue entry with named placeholders whose
fixed parts it matches (its values translated in turn where they are entries,
e.g. a choice label or “个工作日”). Text no entry matches (a name, a reason a
person typed) is shown as stored. Rows written before a message changed keep
their old text, shown in Chinese.
"""

from __future__ import annotations

import functools
import re
from typing import Any

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext, trans_real

PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]|%%")
# Placeholders that hold a number (a year, a count of days): matched as digits,
# so “%(name)s%(year)s年” splits where the digits start.
# A date with its weekday, as explanations write it: 2026-12-04（星期五）.
DATED = re.compile(r"(\d{4}-\d{2}-\d{2})（(星期[一二三四五六日])）")
# Lists joined in Chinese: each item is translated on its own.
SEPARATORS = (("；", "; "), ("、", ", "))
NUMERIC = re.compile(
    r"^(year\d?|days|count|counted|total|length|n|i|remaining_days|extension_days|max_days"
    r"|min_days|score|rows|elapsed|group_size|representatives)$"
)
# Placeholders that hold a date (with its weekday, in explanations).
DATES = re.compile(r"^(day|date|first|last|start|start_date|due|due_date|on|through|end|begin)$")
DATE = r"\d{4}-\d{2}-\d{2}(?:（星期[一二三四五六日]）)?"


def stored(message: str, /, **params: Any) -> str:
    """`message % params` in the default language (Chinese), for a row: lazy
    values (a choice's label) are rendered in Chinese even when the person
    taking the step reads English."""
    with translation.override(settings.LANGUAGE_CODE):
        text = str(message)
        if not params:
            return text
        return text % {key: _plain(value) for key, value in params.items()}


def chinese(value: Any) -> str:
    """A lazy label (a choice, a verbose name) as Chinese text, for a row."""
    with translation.override(settings.LANGUAGE_CODE):
        return str(value)


def _plain(value: Any) -> Any:
    # A bound `get_FOO_display` is called here, under the default language.
    value = value() if callable(value) else value
    return value if isinstance(value, int | float) else str(value)


def _is_default(language: str | None) -> bool:
    return not language or language.split("-")[0] == settings.LANGUAGE_CODE.split("-")[0]


@functools.cache
def _patterns(language: str) -> list[tuple[str, re.Pattern[str], str]]:
    """The catalogue's entries with named placeholders as patterns over the
    Chinese text, the most specific (longest fixed text) first: (fixed
    prefix, pattern, msgid)."""
    catalog = trans_real.translation(language)._catalog  # type: ignore[attr-defined]
    found = []
    for msgid in list(catalog.keys()):
        if not isinstance(msgid, str) or "%(" not in msgid:
            continue
        parts: list[str] = []
        names: set[str] = set()
        position = 0
        fixed = 0
        for match in PLACEHOLDER.finditer(msgid):
            literal = msgid[position : match.start()]
            parts.append(re.escape(literal))
            fixed += len(literal)
            name = match.group(1)
            if name is None:
                parts.append("%")
            elif name in names:
                parts.append(f"(?P={name})")
            else:
                names.add(name)
                value = ".+?"
                if NUMERIC.search(name):
                    value = r"-?\d+(?:\.\d+)?"
                elif DATES.search(name):
                    value = DATE
                parts.append(f"(?P<{name}>{value})")
            position = match.end()
        parts.append(re.escape(msgid[position:]))
        fixed += len(msgid) - position
        if fixed < 1:
            continue  # “%(kind)s” alone would match any text
        prefix = msgid.split("%", 1)[0]
        found.append((fixed, prefix, re.compile("".join(parts), re.DOTALL), msgid))
    found.sort(key=lambda row: -row[0])
    return [(prefix, pattern, msgid) for _fixed, prefix, pattern, msgid in found]


def shown(text: Any, *, _depth: int = 0) -> str:
    """Stored Chinese text in the active language (see the module's docstring)."""
    if text is None:
        return ""
    text = str(text)
    language = translation.get_language()
    if not text or _is_default(language):
        return text
    translated = gettext(text)
    if translated != text or _depth > 2:
        return translated
    dated = DATED.fullmatch(text)
    if dated:
        return f"{dated.group(1)} ({gettext(dated.group(2))})"
    for prefix, pattern, msgid in _patterns(language):
        if not text.startswith(prefix):
            continue
        match = pattern.fullmatch(text)
        if match is None:
            continue
        values: dict[str, Any] = {
            key: int(value) if value.isdigit() else shown(value, _depth=_depth + 1)
            for key, value in match.groupdict().items()
        }
        try:
            return gettext(msgid) % values
        except (KeyError, TypeError, ValueError):
            return text
    for separator, joined in SEPARATORS:
        if separator in text:
            parts = [shown(part, _depth=_depth + 1) for part in text.split(separator)]
            return joined.join(parts)
    return text


def shown_lines(lines: Any) -> list[str]:
    """`shown` over a list (a clock's explanation)."""
    return [shown(line) for line in lines or ()]
