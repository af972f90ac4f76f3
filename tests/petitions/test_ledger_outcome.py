"""A historic 信访台账 without a 处理意见 column (issue 18): most township
ledgers say the outcome in their 办理结果 words. A replied claim takes the
outcome those words state unambiguously; otherwise it is refused naming
办理结果 and the values a 处理意见 column accepts."""

from __future__ import annotations

import pytest

from fazhi.core.ledger_import import engine
from fazhi.petitions.ledger import KIND
from fazhi.petitions.ledger_outcome import outcome_in_words
from fazhi.petitions.models import Outcome, Petition, Stage
from tests import ledgers
from tests.factories import World

HEADER = "姓名,来访日期,信访类别,反映问题,受理日期,答复日期,办结日期,办理结果,法律政策依据"


@pytest.mark.parametrize(
    ("text", "outcome"),
    [
        ("不予支持", Outcome.NOT_SUPPORT),
        ("经核实，信访人诉求无政策依据，不予支持。", Outcome.NOT_SUPPORT),
        ("未予支持", Outcome.NOT_SUPPORT),
        ("诉求合理，予以支持，已补发。", Outcome.SUPPORT),
        ("支持", Outcome.SUPPORT),
        ("已向信访人解释说明相关政策", Outcome.EXPLAIN),
        ("解释", Outcome.EXPLAIN),
        ("部分支持", ""),
        ("部分予以支持，其余不予支持", ""),
        ("难以支持", ""),
        ("已解释说明，不予支持", ""),
        ("已答复", ""),
        ("", ""),
    ],
)
def test_outcome_only_from_unambiguous_words(text: str, outcome: str) -> None:
    assert outcome_in_words(text) == outcome


@pytest.mark.django_db
def test_a_ledger_without_the_column_takes_its_words_or_names_the_column(world: World) -> None:
    lines = [
        # Closed (the batch's rows) and replied only (the row's own steps).
        "张一,2024-03-01,申诉求决类,要求补发补贴,2024-03-02,2024-03-20,2024-03-25,"
        "经核实，诉求无政策依据，不予支持,《社会救助暂行办法》",
        "张二,2024-03-01,申诉求决类,要求修复水渠,2024-03-02,2024-03-20,,"
        "诉求合理，予以支持,《水利工程管理办法》",
        "张三,2024-03-01,申诉求决类,要求补发工资,2024-03-02,2024-03-20,2024-03-25,已答复,《劳动法》",
        "张四,2024-03-01,申诉求决类,要求赔偿,2024-03-02,2024-03-20,,部分支持,《民法典》",
        # Not a claim: its opinion need not state the outcome (as before).
        "张五,2024-03-01,建议意见类,建议修路,2024-03-02,2024-03-20,2024-03-25,已答复,",
    ]
    data = "\n".join([HEADER, *lines]).encode()
    rows = ledgers.by_line(ledgers.run(KIND, world, data=data, dry_run=False))
    assert [rows[n].outcome for n in range(2, 7)] == [
        engine.CREATED,
        engine.CREATED,
        engine.REFUSED,
        engine.REFUSED,
        engine.CREATED,
    ], [r.reasons for r in rows.values()]
    for n in (4, 5):
        (reason,) = rows[n].reasons
        assert reason.startswith("【办理结果】"), reason
        assert "处理意见" in reason and "予以支持、解释说明、不予支持" in reason, reason
    got = {p.content: (p.stage, p.reply_outcome) for p in Petition.objects.all()}
    assert got == {
        "要求补发补贴": (Stage.CLOSED, Outcome.NOT_SUPPORT),
        "要求修复水渠": (Stage.REPLIED, Outcome.SUPPORT),
        "建议修路": (Stage.CLOSED, ""),
    }
