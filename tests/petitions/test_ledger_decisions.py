"""信访台账 columns for how a matter was decided and handled (issue 18): a
matter not accepted (不予受理, 导入法定程序, 转送异议) ends on its 受理日期
with its receipt-notice clock stopped, a ledger's 受理情况 that says none of
these is refused naming the column, a matter not accepted cannot carry a
reply, and 承办单位/满意度 reach the figures they feed."""

from __future__ import annotations

from fazhi.core.indicators import Period, compute
from fazhi.core.ledger_import import engine
from fazhi.petitions import rules
from fazhi.petitions.ledger import KIND
from fazhi.petitions.models import Petition, Stage
from tests import ledgers
from tests.factories import World

HEADER = (
    "姓名,来访日期,信访形式,信访类别,反映问题,转送交办机关,转送交办文号,受理情况,受理日期,有权处理机关,"
    "不予受理理由,答复日期,办结日期,办理结果,承办单位,满意度,评价日期"
)


def _run(world: World, *lines: str, dry_run: bool = False) -> dict[int, engine.RowResult]:
    data = "\n".join([HEADER, *lines]).encode()
    return ledgers.by_line(ledgers.run(KIND, world, data=data, dry_run=dry_run))


def test_matters_not_accepted_end_on_their_decision(world: World) -> None:
    rows = _run(
        world,
        "张一,2024-03-01,来访,申诉求决类,社保待遇核定,,,不予受理,2024-03-04,县人社局,"
        "属县级主管部门职权,,,,,,",
        "张二,2024-03-02,来信,申诉求决类,借款纠纷,,,导入诉讼程序,2024-03-05,县人民法院,"
        "民事争议应诉讼解决,,,,,,",
        "张三,2024-03-03,来信,申诉求决类,社保补缴,县信访局,蓝信转〔2024〕7号,转送异议,2024-03-06,,不属本乡职责,,,,,,",
    )
    assert {r.outcome for r in rows.values()} == {engine.CREATED}, [
        r.reasons for r in rows.values()
    ]
    stages = dict(Petition.objects.values_list("content", "stage"))
    assert stages == {
        "社保待遇核定": Stage.DECLINED,
        "借款纠纷": Stage.REFERRED,
        "社保补缴": Stage.OBJECTED,
    }
    referred = Petition.objects.get(content="借款纠纷")
    assert referred.procedure == "litigation" and referred.competent_body == "县人民法院"
    # Decided: no receipt-notice clock left running to stand overdue.
    for p in Petition.objects.all():
        assert not p.clocks.filter(kind=rules.CLOCK_RECEIPT_NOTICE, stopped_on__isnull=True)
    # Imported again: nothing changes.
    again = _run(
        world,
        "张一,2024-03-01,来访,申诉求决类,社保待遇核定,,,不予受理,2024-03-04,县人社局,"
        "属县级主管部门职权,,,,,,",
    )
    assert again[2].outcome == engine.DUPLICATE


def test_a_decision_the_ledger_cannot_mean_is_refused_naming_the_column(world: World) -> None:
    rows = _run(
        world,
        "李一,2024-03-01,来访,建议意见类,修路,,,待定,2024-03-04,,,,,,,,",
        "李二,2024-03-01,来访,建议意见类,修桥,,,不予受理,2024-03-04,县交通局,不属本乡,"
        "2024-03-20,2024-03-25,已答复,,,",
        dry_run=True,
    )
    assert rows[2].outcome == engine.REFUSED
    assert any("受理情况" in r and "待定" in r for r in rows[2].reasons)
    assert rows[3].outcome == engine.REFUSED
    assert any("受理情况" in r for r in rows[3].reasons)
    assert not Petition.objects.exists()


def test_handling_unit_and_rating_reach_the_figures(world: World) -> None:
    rows = _run(
        world,
        f"王一,2024-03-01,来访,建议意见类,修缮村道,,,受理,2024-03-02,,,2024-03-20,"
        f"2024-04-25,已修缮,{world.village.name},满意,2024-04-26",
    )
    assert rows[2].outcome == engine.CREATED, rows[2].reasons
    p = Petition.objects.get()
    assert p.responsible_unit == world.village and p.satisfaction == "satisfied"
    period = Period.year(2024)
    assert compute("petitions.resolved.village", world.township, period) == 1
    assert compute("petitions.satisfaction_rate", world.township, period) == 100.0
