"""矛盾纠纷排查台账 import (issue 18): the sample (.xlsx with a title row and
merged header, and the old .xls) imports through the dispute workflow — a
screening round per village and day, parties as one Person each, closed
disputes resolved or not on their recorded dates — and again without change."""

from __future__ import annotations

import functools

import pytest

from fazhi.core.ledger_import import engine
from fazhi.core.models import Person
from fazhi.mediation.ledger import KIND
from fazhi.mediation.models import Dispute, Screening
from tests import ledgers
from tests.factories import World

pytestmark = pytest.mark.django_db

_run = functools.partial(ledgers.run, KIND)
_by_line = ledgers.by_line


def test_xlsx_sample_imports_and_again_changes_nothing(world: World) -> None:
    preview = _run(world, KIND.samples[0], dry_run=True)
    rows = _by_line(preview)
    assert [rows[n].outcome for n in range(4, 9)] == [
        engine.CREATED,
        engine.CREATED,
        engine.CREATED,
        engine.REFUSED,  # the ID number Excel stored as a number
        engine.CREATED,
    ]
    assert any("校验位" in w for w in rows[6].warnings)
    assert any("荆竹村委会" in w and "请确认" in w for w in rows[5].warnings)
    assert not Dispute.objects.exists()
    report = _run(world, KIND.samples[0], dry_run=False)
    assert report.counts()[engine.CREATED] == 4
    settled = Dispute.objects.get(title="两户因排水沟走向发生争执")
    assert settled.status == Dispute.Status.RESOLVED and str(settled.resolved_on) == "2024-01-12"
    assert settled.unit == world.village and settled.number
    refused = Dispute.objects.get(title="借款三万元到期未还")
    assert refused.status == Dispute.Status.UNRESOLVED
    assert Dispute.objects.get(title="责任田边界争议").status == Dispute.Status.REGISTERED
    # Two disputes of 荆竹村 on 2024-01-08: one screening round.
    assert Screening.objects.filter(unit=world.village, screened_on="2024-01-08").count() == 1
    assert Person.objects.get(name="唐小红").id_number.endswith("X")
    again = _run(world, KIND.samples[0], dry_run=False)
    assert again.counts()[engine.CREATED] == 0 and again.counts()[engine.DUPLICATE] == 4
    assert Dispute.objects.count() == 4


def test_xls_sample_and_village_cadre(world: World) -> None:
    report = _run(world, KIND.samples[1], dry_run=True, by=world.village_cadre, unit=world.village)
    rows = _by_line(report)
    assert rows[3].outcome == engine.CREATED  # 荆竹村: theirs
    assert rows[4].outcome == engine.REFUSED  # 紫良村: not theirs
    report = _run(world, KIND.samples[1], dry_run=False)
    assert report.counts()[engine.CREATED] == 2
