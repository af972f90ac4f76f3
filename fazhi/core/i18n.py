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


# A law's title (a proper name, kept in Chinese), its edition and its articles:
# 《湖南省规范性文件管理办法》（2018年修正）第二十条、第二十二条.
CITATION = re.compile(
    r"《(?P<title>[^》]+)》(?P<edition>（(?P<year>\d{4})年(?P<kind>修正|修订)）)?"
    r"(?P<articles>(?:、?第[一二三四五六七八九十百零\d]+[条款项])*)"
)
ARTICLE = re.compile(r"(、?)第([一二三四五六七八九十百零\d]+)([条款项])")
_DIGITS = {"零": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


def chinese_number(text: str) -> int:
    """二百零五 → 205, 十五 → 15 (an article's number); digits as they are."""
    if text.isdigit():
        return int(text)
    total = current = 0
    for char in text:
        if char in _DIGITS:
            current = _DIGITS[char]
        elif char == "十":
            total += (current or 1) * 10
            current = 0
        elif char == "百":
            total += current * 100
            current = 0
    return total + current


def _articles(text: str) -> str:
    words = {"条": "Art.", "款": "para.", "项": "item"}
    parts = [f"{words[kind]} {chinese_number(n)}" for _sep, n, kind in ARTICLE.findall(text)]
    return ", ".join(parts)


def glossed(text: Any) -> str:
    """A legal citation in the reader's language. The titles of laws (《…》) and
    document numbers (文号) are proper names and stay Chinese; in English each
    title the catalogue knows (its msgid is the bare title, marked with
    `gettext_noop` where the app names the law) is followed by its English name
    and the articles cited:

        《政府信息公开条例》第三十三条
        → 《政府信息公开条例》第三十三条 (Regulations on Open Government Information, Art. 33)

    A citation that is itself a catalogue entry (or matches one, as `shown`) is
    shown translated as it is."""
    if text is None:
        return ""
    text = str(text)
    if not text or _is_default(translation.get_language()):
        return text
    translated = gettext(text)
    if translated != text:
        return translated

    def gloss(match: re.Match[str]) -> str:
        title = match.group("title")
        english = gettext(title)
        if english == title:
            return match.group(0)
        extra = []
        if match.group("edition"):
            year = {"year": match.group("year")}
            if match.group("kind") == "修正":
                edition = gettext("%(year)s年修正") % year
            else:
                edition = gettext("%(year)s年修订") % year
            english = f"{english} ({edition})"
        if match.group("articles"):
            extra.append(_articles(match.group("articles")))
        return f"{match.group(0)} ({', '.join([english, *extra])})"

    return CITATION.sub(gloss, text)
