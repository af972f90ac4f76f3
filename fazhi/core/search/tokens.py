"""Chinese word segmentation for the index and the queries: jieba's search
mode (every word and the shorter words inside it, so 土地承包 also finds 土地).

jieba reads its dictionary on first use (about a second); one tokenizer is
built per process, on the first call, and shared."""

from __future__ import annotations

import functools
import logging
import re
import threading
from collections.abc import Iterable
from typing import Any

_LOCK = threading.Lock()
_TOKENIZER: Any = None
# A token is kept if it holds a letter, digit or CJK character; punctuation
# and spaces are dropped (the engines would split on them anyway).
_WORD = re.compile(r"\w", re.UNICODE)
_STRIP = re.compile(r"[^\w]+", re.UNICODE)


def tokenizer() -> Any:
    global _TOKENIZER
    if _TOKENIZER is None:
        with _LOCK:
            if _TOKENIZER is None:
                import jieba

                jieba.setLogLevel(logging.WARNING)
                made = jieba.Tokenizer()
                made.initialize()
                _TOKENIZER = made
    return _TOKENIZER


def tokens(text: str) -> list[str]:
    """The search-mode tokens of `text`, lower-cased, punctuation dropped."""
    if not text:
        return []
    return list(_tokens(text))


# jieba's own blocks (jieba.re_han_default): it segments each run of these
# characters on its own, and passes whatever lies between (punctuation,
# spaces) through character by character, so a text's tokens are its blocks'
# tokens in order (tests/core/test_search_tokens.py).
_BLOCK = re.compile("([\u4e00-\u9fd5a-zA-Z0-9+#&\\._%\\-]+)", re.U)


# Ledgers repeat their words (办理结果 “已答复并落实” on every row, a title
# that is the facts' first words): an import of 10^4 records segments each
# distinct text once, and each distinct block of it once (“建议第12号：村组道路
# 维护” and “建议第13号：村组道路维护” share the second). jieba's dictionary does
# not change while a process runs.
@functools.lru_cache(maxsize=8192)
def _tokens(text: str) -> tuple[str, ...]:
    found: list[str] = []
    for block in _BLOCK.split(text):
        if block:
            found.extend(_block_tokens(block))
    return tuple(found)


@functools.lru_cache(maxsize=65536)
def _block_tokens(block: str) -> tuple[str, ...]:
    found = []
    for raw in tokenizer().cut_for_search(block):
        token = _STRIP.sub("", raw).lower()
        if token and _WORD.search(token):
            found.append(token)
    return tuple(found)


def index_text(parts: Iterable[str]) -> str:
    """The space-joined tokens of all `parts`, as the engines index them."""
    out: list[str] = []
    for part in parts:
        out.extend(tokens(part))
    return " ".join(out)


def query_tokens(q: str) -> list[str]:
    """The distinct tokens a query requires, finest first: a word whose every
    character is covered by shorter tokens inside it (宅基地 by 宅基 and 基地)
    is left out, so a record that segmented it into the shorter words still
    matches."""
    found = list(dict.fromkeys(tokens(q)))
    kept = []
    for word in found:
        covered = [False] * len(word)
        for other in found:
            if other != word and len(other) < len(word):
                start = word.find(other)
                while start >= 0:
                    covered[start : start + len(other)] = [True] * len(other)
                    start = word.find(other, start + 1)
        if not all(covered):
            kept.append(word)
    return kept


def mark_tokens(q: str) -> list[str]:
    """Every token of a query, longest first: the snippet marks the longest
    phrase it finds."""
    return sorted(dict.fromkeys(tokens(q)), key=len, reverse=True)
