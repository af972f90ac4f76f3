"""人民调解案件登记台账 import (issue 18): the sample (title row, 当事人 merged
over 申请人/被申请人, two parties to a cell, mixed date forms, an x check
digit, a wrong one, an ID number Excel kept as a number, a date that does not
exist, a mediator fazhi does not know) imports through the mediation
workflow: closed historic cases closed with their agreement on the recorded
dates (clock met or missed), confirmation and follow-up recorded, audit rows
written; again without change; nothing on a failure; scope kept; the
indicators of 2024 count the imported cases."""

from __future__ import annotations

import datetime as dt
import functools
from typing import Any

import pytest
from django.core.management import call_command
from django.urls import reverse

from fazhi.core import indicators
from fazhi.core.errors import RuleViolation
from fazhi.core.ledger_import import engine
from fazhi.core.models import AuditEvent, Clock, ImportedRow, ImportJob, Person
from fazhi.mediation import rules, workflow
from fazhi.mediation.case_ledger import KIND
from fazhi.mediation.models import (
    Agreement,
    CommitteeLevel,
    Dispute,
    FollowUp,
    JudicialConfirmation,
    MediationCase,
    MediationCommittee,
    Mediator,
)
from tests import ledgers
from tests.factories import World

pytestmark = pytest.mark.django_db

_run = functools.partial(ledgers.run, KIND)
_by_line = ledgers.by_line

XLSX = KIND.samples[0]


@pytest.fixture
def committees(world: World) -> dict[str, MediationCommittee]:
    """The township committee with its mediator 盘秀娥 (the sample's), and
    荆竹村's with 赵金凤, in office through 2024."""
    out = {}
    for key, unit, level, mediator in (
        ("township", world.township, CommitteeLevel.TOWNSHIP, "盘秀娥"),
        ("village", world.village, CommitteeLevel.VILLAGE, "赵金凤"),
    ):
        committee = workflow.create_committee(
            MediationCommittee(
                unit=unit,
                name=f"{unit.name}人民调解委员会",
                level=level,
                established_on=dt.date(2016, 3, 1),
                term_start=dt.date(2024, 3, 1),
            ),
            by=world.owner,
        )
        person = Person.objects.create(unit=unit, name=mediator, is_cadre=True)
        workflow.appoint_mediator(
            Mediator(committee=committee, person=person, appointed_on=dt.date(2023, 3, 1)),
            by=world.owner,
        )
        out[key] = committee
    return out


def test_preview_outcomes_name_the_column(world: World, committees: Any) -> None:
    report = _run(world, dry_run=True)
    rows = _by_line(report)
    # Title on row 1, header on rows 2–3: data from row 4.
    assert sorted(rows) == list(range(4, 12))
    outcomes = [rows[n].outcome for n in range(4, 12)]
    assert outcomes == [
        engine.CREATED,
        engine.CREATED,  # two applicants in one cell, a loosely named village
        engine.CREATED,  # wrong check digit: warned
        engine.REFUSED,  # ID number stored by Excel as a number
        engine.CREATED,  # 调解不成功 with the routes told
        engine.CREATED,  # still being mediated
        engine.REFUSED,  # 2024.2.30
        engine.REFUSED,  # a mediator fazhi does not know
    ]
    assert any("紫良村委会" in w and "请确认" in w for w in rows[5].warnings)
    assert any("校验位" in w for w in rows[6].warnings)
    assert any(r.startswith("【身份证号码】") and "数字" in r for r in rows[7].reasons)
    assert any(r.startswith("【受理日期】") and "不存在" in r for r in rows[10].reasons)
    assert any(r.startswith("【调解员】") and "张无名" in r for r in rows[11].reasons)
    # A preview writes nothing.
    assert not MediationCase.objects.exists() and not Dispute.objects.exists()
    assert not ImportedRow.objects.exists() and not Person.objects.filter(name="蒋春生").exists()


def test_commit_through_the_workflow(world: World, committees: Any) -> None:
    report = _run(world, dry_run=False)
    assert report.counts()[engine.CREATED] == 5
    cases = {c.dispute.title: c for c in MediationCase.objects.select_related("dispute")}
    assert len(cases) == 5
    # A closed historic case: numbered, accepted on the recorded date, closed
    # with its written agreement, confirmed by the court, visited.
    first = cases["两户因宅基地滴水檐越界发生争执"]
    assert first.status == MediationCase.Status.AGREED and "调〔2024〕" in first.number
    assert first.accepted_on == dt.date(2024, 3, 5) and first.concluded_on == dt.date(2024, 3, 12)
    assert first.unit == world.township and first.dispute.unit == world.village
    assert first.dispute.status == Dispute.Status.RESOLVED
    agreement = first.agreement
    assert agreement.form == Agreement.Form.WRITTEN and agreement.number
    assert agreement.effective_on == dt.date(2024, 3, 12) and "滴水檐" in agreement.terms
    assert agreement.confirmation.result == JudicialConfirmation.Result.CONFIRMED
    assert agreement.confirmation.decided_on == dt.date(2024, 3, 20)
    visit = first.followups.get()
    assert visit.done_on == dt.date(2024, 4, 15) and visit.honoured == FollowUp.Honoured.YES
    assert first.assignments.get().mediator.person.name == "盘秀娥"
    # The one-month clock from the recorded dates: met here ...
    clock = Clock.objects.get(object_id=first.pk, kind=rules.CLOCK_CONCLUSION)
    assert clock.stopped_on == dt.date(2024, 3, 12) and clock.stopped_on <= clock.due_date
    # ... missed for the case accepted 2024-05-06 and agreed 2024-06-20.
    late = cases["赡养老人费用分担争议"]
    late_clock = Clock.objects.get(object_id=late.pk, kind=rules.CLOCK_CONCLUSION)
    assert late_clock.stopped_on > late_clock.due_date
    assert late.followups.get().honoured == FollowUp.Honoured.PARTLY
    # The confirmation window is closed as not used, not left overdue.
    window = Clock.objects.get(object_id=late.pk, kind=rules.CLOCK_CONFIRMATION)
    assert window.stopped_on == late.agreement.effective_on
    # Two applicants in one cell: two parties, each a Person; the x as X.
    oral = cases["责任田边界争议，双方多次争吵"]
    names = sorted(p.person.name for p in oral.dispute.parties.all())
    assert names == ["唐大军", "唐家旺", "唐小红"]
    assert oral.agreement.form == Agreement.Form.ORAL
    assert Person.objects.get(name="唐小红").id_number.endswith("X")
    assert oral.dispute.unit == world.village2
    # Failed, with the routes the register says the parties were told of.
    failed = cases["拖欠务工工资八千元"]
    assert failed.status == MediationCase.Status.FAILED
    assert set(failed.routes_given) == {"arbitration", "litigation"}
    assert failed.dispute.status == Dispute.Status.UNRESOLVED
    # Still open: being mediated, its clock running.
    assert cases["合伙养殖分红争议"].status == MediationCase.Status.MEDIATING
    # Every step wrote its audit event.
    actions = set(
        AuditEvent.objects.filter(object_id=str(first.pk)).values_list("action", flat=True)
    )
    assert {"create", "transition", "update"} <= actions
    assert AuditEvent.objects.filter(note__contains="台账导入").exists()


def test_again_changes_nothing(world: World, committees: Any) -> None:
    _run(world, dry_run=False)
    before = (MediationCase.objects.count(), Person.objects.count(), AuditEvent.objects.count())
    again = _run(world, dry_run=False)
    assert again.counts()[engine.CREATED] == 0 and again.counts()[engine.DUPLICATE] == 5
    assert (
        MediationCase.objects.count(),
        Person.objects.count(),
        AuditEvent.objects.count(),
    ) == before


def test_a_failure_leaves_nothing(world: World, committees: Any, monkeypatch: Any) -> None:
    calls = {"n": 0}
    real = KIND.create

    def create(values: dict[str, Any], ctx: Any) -> Any:
        calls["n"] += 1
        if calls["n"] == 4:
            raise RuntimeError("disk full")
        return real(values, ctx)

    monkeypatch.setattr(KIND, "create", create)
    with pytest.raises(RuntimeError):
        _run(world, dry_run=False)
    assert not MediationCase.objects.exists() and not Dispute.objects.exists()
    assert not ImportedRow.objects.exists() and not Person.objects.filter(name="蒋春生").exists()


def test_scope(world: World, committees: Any) -> None:
    with pytest.raises(RuleViolation, match="管辖范围"):
        _run(world, dry_run=True, by=world.outsider)
    with pytest.raises(RuleViolation, match="只读"):
        _run(world, dry_run=True, by=world.county_user)
    # A village cadre: not into another village, nor the township ...
    with pytest.raises(RuleViolation, match="管辖范围"):
        _run(world, dry_run=True, by=world.village_cadre, unit=world.village2)
    with pytest.raises(RuleViolation, match="管辖范围"):
        _run(world, dry_run=True, by=world.village_cadre)
    # ... into their own: their village's rows, before their committee (the
    # township's mediator is not theirs); another village's rows refused.
    report = _run(world, dry_run=True, by=world.village_cadre, unit=world.village)
    rows = _by_line(report)
    assert rows[5].outcome == engine.REFUSED
    assert any(r.startswith("【村（社区）】") for r in rows[5].reasons)
    assert rows[4].outcome == engine.REFUSED
    assert any("盘秀娥" in r and "荆竹村人民调解委员会" in r for r in rows[4].reasons)


def test_job_page_only_for_its_uploader(world: World, committees: Any) -> None:
    c = world.client(world.owner)
    start = reverse("core:import_start", args=[KIND.name])
    page = c.get(start).content.decode()
    assert "人民调解案件登记台账样例.xlsx" in page
    assert c.get(reverse("core:import_sample", args=[KIND.name, 0])).status_code == 200
    with XLSX.open("rb") as f:
        r = c.post(start, {"unit": world.township.pk, "file": f})
    job = ImportJob.objects.get()
    assert r.status_code == 302
    form = {f"map-{i}": key for i, (_label, key) in enumerate(job.columns())}
    c.post(r["Location"], {**form, "action": "preview"})
    c.post(r["Location"], {"action": "commit"})
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE and MediationCase.objects.count() == 5
    assert world.client(world.outsider).get(r["Location"]).status_code == 404
    assert world.client(world.colleague).get(r["Location"]).status_code == 404
    lst = c.get(reverse("mediation:case_list")).content.decode()
    assert reverse("core:import_start", args=[KIND.name]) in lst


def test_command_dry_run(world: World, committees: Any, capsys: Any) -> None:
    args = [KIND.name, str(XLSX), "--unit", world.township.name, "--by", "owner"]
    call_command("import_ledger", *args, "--dry-run")
    out = capsys.readouterr().out
    assert "新建 5" in out and "拒绝 3" in out and "预览" in out
    assert not MediationCase.objects.exists()
    call_command("import_ledger", *args)
    assert MediationCase.objects.count() == 5


def test_indicators_count_the_imported_cases(world: World, committees: Any) -> None:
    _run(world, dry_run=False)

    def value(key: str) -> Any:
        return indicators.compute(key, world.township, indicators.Period.year(2024))

    assert value("mediation.cases.accepted") == 5
    assert value("mediation.cases.agreed") == 3
    assert value("mediation.cases.failed") == 1
    assert value("mediation.agreements.written") == 2
    assert value("mediation.agreements.oral") == 1
    assert value("mediation.judicial_confirmations") == 1
    assert value("mediation.followups") == 3
    assert value("mediation.disputes.resolved") == 3
