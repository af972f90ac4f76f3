"""A ledger row's 风险等级 is what the ledger says: both mediation imports
(矛盾纠纷排查台账, 人民调解案件登记台账) read an empty 风险等级 cell as 低,
a judgement nobody made, where the registration form has the clerk state it
(forms.DisputeForm.stated_fields). A row without it is refused naming the
column, as the other required columns are; a file without the column is
refused at the mapping; a stated level is kept."""

from __future__ import annotations

from typing import Any

import pytest

from fazhi.core.errors import RuleViolation
from fazhi.core.ledger_import import engine
from fazhi.mediation import case_ledger, ledger
from fazhi.mediation.models import Dispute, MediationCase
from tests import ledgers
from tests.factories import World
from tests.mediation.test_case_ledger_import import committees

__all__ = ["committees"]  # the fixture, imported so pytest finds it

pytestmark = pytest.mark.django_db

DISPUTES = (
    "排查日期,村（社区）,当事人,纠纷简述,风险等级\n"
    "2024.3.6,荆竹村,王五,宅基地边界争议,\n"
    "2024.3.7,荆竹村,赵六,山林界址争议,中\n"
)
CASES = (
    "受理日期,申请人,被申请人,纠纷简要情况,风险等级\n"
    "2024.3.6,王五,王四,宅基地边界争议,\n"
    "2024.3.7,赵六,赵七,山林界址争议,中风险\n"
)
KINDS = [(ledger.KIND, DISPUTES), (case_ledger.KIND, CASES)]


def _run(kind: Any, world: World, text: str, *, dry_run: bool) -> engine.Report:
    return ledgers.run(kind, world, data=text.encode(), name="台账.csv", dry_run=dry_run)


@pytest.mark.parametrize(("kind", "text"), KINDS, ids=["disputes", "cases"])
def test_an_empty_risk_cell_is_refused_naming_the_column(
    world: World, committees: Any, kind: Any, text: str
) -> None:
    for dry_run in (True, False):
        rows = ledgers.by_line(_run(kind, world, text, dry_run=dry_run))
        assert rows[2].outcome == engine.REFUSED
        assert "【风险等级】不能为空" in rows[2].reasons
        assert rows[3].outcome == engine.CREATED, rows[3].reasons
    # Nothing of the refused row; the stated level kept as the ledger says it.
    assert not Dispute.objects.filter(parties__person__name="王五").exists()
    stated = Dispute.objects.get(parties__person__name="赵六")
    assert stated.risk_level == Dispute.Risk.MEDIUM
    if kind is case_ledger.KIND:
        assert MediationCase.objects.get().dispute == stated


@pytest.mark.parametrize(("kind", "text"), KINDS, ids=["disputes", "cases"])
def test_a_ledger_without_the_column_is_refused_at_the_mapping(
    world: World, committees: Any, kind: Any, text: str
) -> None:
    without = "\n".join(line.rsplit(",", 1)[0] for line in text.splitlines()) + "\n"
    with pytest.raises(RuleViolation, match="请为以下必填项选择对应的列：风险等级"):
        _run(kind, world, without, dry_run=True)
    assert not Dispute.objects.exists()
