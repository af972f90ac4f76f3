"""Segmentation by jieba's blocks (core.search.tokens): a text's tokens are
those jieba's search mode gives the whole text, each block segmented (and
cached) on its own."""

from __future__ import annotations

import jieba
import pytest

from fazhi.core.search import tokens

TEXTS = [
    "建议第12号：村组道路维护",
    "信〔2024〕12号 建议第12号：村组道路维护",
    "申请人张三与被申请人李四因宅基地边界发生纠纷，经调解达成协议。",
    "ABC-123 公司 v2.0 ＃１２ 3.5% 土地承包经营权",
    "  前后空格\t制表符\r\n换行  ",
    "",
]


def _whole(text: str) -> tuple[str, ...]:
    """The tokens as segmenting the whole text at once gives them."""
    found = []
    for raw in tokens.tokenizer().cut_for_search(text):
        token = tokens._STRIP.sub("", raw).lower()
        if token and tokens._WORD.search(token):
            found.append(token)
    return tuple(found)


def test_the_blocks_are_jiebas() -> None:
    assert tokens._BLOCK.pattern == jieba.re_han_default.pattern


@pytest.mark.parametrize("text", TEXTS)
def test_block_by_block_is_the_whole_text(text: str) -> None:
    assert tokens.tokens(text) == list(_whole(text))
