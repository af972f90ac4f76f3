"""处理意见 of a historic 信访台账 row (issue 18). Most township ledgers have
no 处理意见 column: their 办理结果 says it in words ("经核实，诉求不予支持").
A replied row whose 处理意见 cell is empty takes the outcome its 办理结果
states when the wording names exactly one of the three (《信访工作条例》
第三十二条); where the opinion must state it (a claim) and the words do not,
the row is refused saying which values a 处理意见 column accepts. A row that
carries a 处理意见 value is read from it alone, as before."""

from __future__ import annotations

import re
from typing import Any

from django.utils.translation import gettext

from fazhi.core.errors import RuleViolation

from . import rules
from .models import Category, Outcome

OUTCOMES: dict[str, str] = {str(c.label): c.value for c in Outcome} | {
    "支持": Outcome.SUPPORT,
    "解释": Outcome.EXPLAIN,
}
# Tried in this order, each phrase taken out of the text once found: 不予支持
# before 予以支持 (it contains 支持); 部分支持 is none of the three.
PARTLY = re.compile(r"部分\w{0,3}支持")
PHRASES = (
    (Outcome.NOT_SUPPORT, re.compile(r"[不未](?:予以?|以)?支持")),
    (Outcome.SUPPORT, re.compile(r"予以支持")),
    (Outcome.EXPLAIN, re.compile(r"解释说明")),
)
SPACE_AND_STOPS = re.compile(r"[\s。．.，,；;！!]+")


def outcome_in_words(text: str) -> str:
    """The Outcome value a 办理结果 text states unambiguously, else "".

    Unambiguous: the whole text is a 处理意见 value (“予以支持”, “支持”…), or
    it names exactly one of 不予支持 / 予以支持 / 解释说明 and no other 支持
    (部分支持, 无法支持, 予以支持 beside 不予支持 are left to the clerk)."""
    text = SPACE_AND_STOPS.sub("", text)
    if text in OUTCOMES:
        return str(OUTCOMES[text])
    if PARTLY.search(text):
        return ""
    found: set[str] = set()
    for value, pattern in PHRASES:
        text, n = pattern.subn("", text)
        if n:
            found.add(str(value))
    if "支持" in text or len(found) != 1:
        return ""
    return found.pop()


def reply_outcome(values: dict[str, Any]) -> str:
    """The row's 处理意见: its own cell; for a replied row without one, what
    its 办理结果 states (`outcome_in_words`). A claim's opinion must state it
    (第三十二条): refused, naming 办理结果 when the file has no 处理意见
    column (the clerk adds one), else 处理意见 (the clerk fills the cell)."""
    given = values.get("reply_outcome") or ""
    facts = values.get("reply_facts") or ""
    replied = values.get("reply_on") or values.get("closed_on")
    if given or not facts or not replied:
        return str(given)
    found = outcome_in_words(facts)
    if found or values.get("category") != Category.CLAIM:
        return found
    accepted = "、".join(str(c.label) for c in Outcome)
    if "reply_outcome" in values:
        message = gettext("办理结果未写明处理意见，请在本格填写%(accepted)s。")
        field = "reply_outcome"
    else:
        message = gettext(
            "未写明处理意见（%(accepted)s之一），无法认定；请在台账中增加“处理意见”一列，"
            "填写%(accepted)s。"
        )
        field = "reply_facts"
    raise RuleViolation(message % {"accepted": accepted}, field=field, rule=rules.ART_32)
