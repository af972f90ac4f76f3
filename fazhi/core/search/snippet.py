"""The text a hit shows: escaped first, then the query's words marked, so a
<script> in the facts stays text and only our <mark> is markup."""

from __future__ import annotations

import re
from collections.abc import Sequence

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

WINDOW = 60  # characters of context around the first match


def _pattern(marks: Sequence[str]) -> re.Pattern[str] | None:
    words = [escape(m) for m in marks if m]
    if not words:
        return None
    # Longest first, so 土地承包 is marked whole rather than 土地 alone.
    words.sort(key=len, reverse=True)
    # An entity the escaping wrote (&lt;) is matched first and kept whole.
    alternatives = "|".join(re.escape(w) for w in words)
    return re.compile(f"(&#?\\w+;)|({alternatives})", re.IGNORECASE)


def highlight(text: str, marks: Sequence[str]) -> SafeString:
    escaped = escape(text or "")
    pattern = _pattern(marks)
    if pattern is None:
        return mark_safe(escaped)  # noqa: S308  (escaped above)
    marked = pattern.sub(lambda m: m.group(1) or f"<mark>{m.group(2)}</mark>", escaped)
    return mark_safe(marked)  # noqa: S308  (escaped above; only <mark> added)


def snippet(names: str, body: str, marks: Sequence[str]) -> SafeString:
    """A window of the body around the first word of the query it holds (the
    body's start when none), names in front; escaped, the words marked."""
    text = " ".join(part for part in (names, (body or "").replace("\n", " ／ ")) if part)
    lowered = text.lower()
    first = min((i for i in (lowered.find(m.lower()) for m in marks if m) if i >= 0), default=-1)
    if first < 0:
        cut = text[: WINDOW * 2]
        return highlight(cut + ("…" if len(text) > len(cut) else ""), marks)
    start = max(0, first - WINDOW // 2)
    end = min(len(text), first + WINDOW * 3 // 2)
    cut = ("…" if start > 0 else "") + text[start:end] + ("…" if end < len(text) else "")
    return highlight(cut, marks)
