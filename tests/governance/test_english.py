"""The governance pages in English (issue 15): every page of the module, an
export and a generated document hold no Chinese but the records' own data
(names, units, titles, 文号) and the laws' titles, which stay Chinese with their
English names beside them (core.i18n.glossed)."""

from __future__ import annotations

from django.utils import translation

from fazhi.core.errors import RuleViolation
from fazhi.core.i18n import chinese_number, glossed
from fazhi.governance import rules


def test_chinese_numbers_of_articles() -> None:
    assert [chinese_number(n) for n in ("三", "十五", "三十六", "二百零五", "一百", "24")] == [
        3,
        15,
        36,
        205,
        100,
        24,
    ]


def test_a_law_title_stays_chinese_with_its_english_name_beside_it() -> None:
    with translation.override("en"):
        assert glossed(rules.REPLY_RULE) == (
            "《政府信息公开条例》第三十三条 (Regulations on Open Government Information, Art. 33)"
        )
        assert glossed(rules.THIRD_PARTY_RULE) == (
            "《政府信息公开条例》第三十二条、第三十四条 "
            "(Regulations on Open Government Information, Art. 32, Art. 34)"
        )
        assert glossed(rules.EFFECT_RULE) == (
            "《湖南省规范性文件管理办法》（2018年修正）第二十条 (Hunan Provincial Measures for "
            "the Administration of Normative Documents (2018 amendment), Art. 20)"
        )
        assert glossed(rules.DECISION_REG) == (
            "《重大行政决策程序暂行条例》 "
            "(Interim Regulations on Major Administrative Decision-Making Procedures)"
        )
        # A citation that is a catalogue entry is translated whole, its 文号 kept.
        assert glossed(rules.CONSULTATION_RULE) == (
            "Rule-of-law government model indicators, item 24 (国办发〔2018〕37号)"
        )
        # A refusal names its rule the same way.
        refused = RuleViolation("x", field="on", rule=rules.REPLY_RULE)
        assert refused.messages == [
            "x (basis: 《政府信息公开条例》第三十三条 "
            "(Regulations on Open Government Information, Art. 33))"
        ]
    # Chinese stays as it is.
    assert glossed(rules.REPLY_RULE) == "《政府信息公开条例》第三十三条"
