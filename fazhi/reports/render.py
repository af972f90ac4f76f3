"""Turning a report's text (with figure placeholders) into paragraphs.

Pure functions over strings and computed values, so the web view, the .docx,
the public page and the CLI all say exactly the same thing.

Placeholders:
* `{mediation.committees}` — an indicator's value (a link on the web view);
* `{mediation.committees:prev}` — the same indicator's value last year;
* `{year}`, `{prev_year}`, `{next_year}`, `{unit}`, `{level}` (乡/镇/县) — context;
* `{report.problems}`, `{report.causes}` — the accepted shortcomings, "一是…；二是…".

A sentence whose figure is empty (not registered, None, or 0 with no records)
is replaced by "关于…，本年度无相关记录。"; a section all of whose figures are
empty says only "本年度无相关记录。", so boilerplate achievements are never
printed for a year with no records.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from .figures import Value

PLACEHOLDER = re.compile(r"\{([a-z_][a-z0-9_]*(?:\.[a-z0-9_]+)*)(?::(prev))?\}")
SENTENCE = re.compile(r"[^。；！？\n]*(?:[。；！？]|$)")
CONTEXT_KEYS = frozenset({"year", "prev_year", "next_year", "unit", "level"})
LIST_KEYS = frozenset({"report.problems", "report.causes"})
NO_RECORDS = "本年度无相关记录。"
PENDING_PROBLEMS = "〔存在的问题尚未确认〕"
# What the drafting writes where staff still owe the text (`expand_lists`):
# none of it may stand in a report the county accepts or the public reads.
DRAFT_MARKERS = (PENDING_PROBLEMS,)
CN_DIGITS = "零一二三四五六七八九"


def cn_number(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 21 → 二十一 (section numbering)."""
    if n < 10:
        return CN_DIGITS[n]
    tens, ones = divmod(n, 10)
    head = "" if tens == 1 else CN_DIGITS[tens]
    return f"{head}十{CN_DIGITS[ones] if ones else ''}"


def figure_keys(text: str) -> list[str]:
    """The indicator keys a text refers to (context and list keys excluded)."""
    keys = []
    for match in PLACEHOLDER.finditer(text):
        key = match.group(1)
        if key not in CONTEXT_KEYS and key not in LIST_KEYS and key not in keys:
            keys.append(key)
    return keys


def typed_numbers(text: str) -> list[str]:
    """Digits typed into the text outside placeholders (a figure that is no
    longer traceable); years such as 2024年 are allowed."""
    stripped = PLACEHOLDER.sub("", text)
    stripped = re.sub(r"\d{4}(?=年)", "", stripped)
    return re.findall(r"\d+(?:\.\d+)?", stripped)


@dataclass
class Segment:
    text: str
    key: str = ""  # set for a figure: the web view links it to its records
    prev: bool = False
    url: str = ""


@dataclass
class Block:
    key: str
    level: int
    heading: str
    paragraphs: list[list[Segment]] = field(default_factory=list)
    empty: bool = False

    def plain_paragraphs(self) -> list[str]:
        return ["".join(s.text for s in p) for p in self.paragraphs]


@dataclass
class Context:
    year: int
    unit: str
    level: str = "乡"

    def get(self, key: str) -> str:
        return {
            "year": str(self.year),
            "prev_year": str(self.year - 1),
            "next_year": str(self.year + 1),
            "unit": self.unit,
            "level": self.level,
        }[key]


class SectionLike(Protocol):
    key: str
    title: str
    level: int
    included: bool


def level_word(unit: Any) -> str:
    """How the report calls its own unit: 全乡 / 全镇 / 全县."""
    if getattr(unit, "kind", "") == "county":
        return "县"
    name = getattr(unit, "name", "")
    return "镇" if name.endswith("镇") else "乡"


def compose_items(items: Sequence[str]) -> str:
    """Accepted shortcomings as the seed writes them: 一是…；二是…。 A single
    one is stated alone: 一是 promises a 二是."""
    cleaned = [item.strip().rstrip("。；;，, ") for item in items if item.strip()]
    if len(cleaned) < 2:
        return "".join(cleaned) + "。" if cleaned else ""
    return "；".join(f"{cn_number(i)}是{text}" for i, text in enumerate(cleaned, 1)) + "。"


def expand_lists(text: str, lists: Mapping[str, str]) -> str:
    def sub(match: re.Match[str]) -> str:
        key = match.group(1)
        if key in LIST_KEYS:
            return lists.get(key) or PENDING_PROBLEMS
        return match.group(0)

    return PLACEHOLDER.sub(sub, text)


def pending_lists(text: str, lists: Mapping[str, str]) -> list[str]:
    """The list keys `text` refers to whose list is still empty: each is
    stated as PENDING_PROBLEMS (`expand_lists`)."""
    keys: list[str] = []
    for match in PLACEHOLDER.finditer(text):
        key = match.group(1)
        if key in LIST_KEYS and not lists.get(key) and key not in keys:
            keys.append(key)
    return keys


def markers_in(block: Block) -> list[str]:
    """The drafting markers (DRAFT_MARKERS) standing in a block's heading or text."""
    text = "\n".join([block.heading, *block.plain_paragraphs()])
    return [marker for marker in DRAFT_MARKERS if marker in text]


def _sentence_segments(
    sentence: str,
    values: Mapping[str, Value],
    prev: Mapping[str, Value],
    ctx: Context,
) -> list[Segment]:
    empty_labels: list[str] = []
    out: list[Segment] = []
    pos = 0
    for match in PLACEHOLDER.finditer(sentence):
        if match.start() > pos:
            out.append(Segment(sentence[pos : match.start()]))
        pos = match.end()
        key, is_prev = match.group(1), bool(match.group(2))
        if key in CONTEXT_KEYS:
            out.append(Segment(ctx.get(key)))
            continue
        source = prev if is_prev else values
        value = source.get(key) or Value(key=key, label=key)
        if value.empty:
            label = values[key].label if key in values else value.label
            if label not in empty_labels:
                empty_labels.append(label or key)
            continue
        out.append(Segment(value.display, key=key, prev=is_prev))
    if empty_labels:
        # Labels may be lazy translations: join their text.
        return [Segment(f"关于{'、'.join(str(label) for label in empty_labels)}，{NO_RECORDS}")]
    if pos < len(sentence):
        out.append(Segment(sentence[pos:]))
    return out


def render_text(
    text: str,
    values: Mapping[str, Value],
    prev: Mapping[str, Value],
    ctx: Context,
) -> tuple[list[list[Segment]], bool]:
    """Paragraphs of segments, and whether every figure in the text was empty."""
    keys = figure_keys(text)
    if keys and all((values.get(k) or Value(key=k)).empty for k in keys):
        return [[Segment(NO_RECORDS)]], True
    paragraphs: list[list[Segment]] = []
    for line in text.splitlines():
        if not line.strip():
            continue
        segments: list[Segment] = []
        for sentence in SENTENCE.findall(line.strip()):
            if sentence:
                segments.extend(_sentence_segments(sentence, values, prev, ctx))
        paragraphs.append(_merge(segments))
    return paragraphs, False


def _merge(segments: Iterable[Segment]) -> list[Segment]:
    """Join adjacent plain segments (fewer nodes in the page and the .docx)."""
    out: list[Segment] = []
    for seg in segments:
        if out and not seg.key and not out[-1].key:
            out[-1] = Segment(out[-1].text + seg.text)
        else:
            out.append(seg)
    return out


def render_title(title: str, ctx: Context) -> str:
    return PLACEHOLDER.sub(
        lambda m: ctx.get(m.group(1)) if m.group(1) in CONTEXT_KEYS else m.group(0), title
    )


def compose(
    sections: Iterable[Any],
    values: Mapping[str, Value],
    prev: Mapping[str, Value],
    ctx: Context,
    lists: Mapping[str, str] | None = None,
) -> list[Block]:
    """The report as numbered blocks: 一、… （一）… with the text rendered.

    Numbering follows the included sections, so a township that drops or
    reorders a section never leaves a gap in 一、二、三.
    """
    blocks: list[Block] = []
    n1 = n2 = 0
    for section in sections:
        if not section.included:
            continue
        title = render_title(section.title, ctx)
        if section.level == 1:
            n1, n2 = n1 + 1, 0
            heading = f"{cn_number(n1)}、{title}"
        elif section.level == 2:
            n2 += 1
            heading = f"（{cn_number(n2)}）{title}"
        else:
            heading = title
        text = expand_lists(getattr(section, "text", ""), lists or {})
        paragraphs, empty = render_text(text, values, prev, ctx)
        blocks.append(Block(section.key, section.level, heading, paragraphs, empty))
    return blocks
