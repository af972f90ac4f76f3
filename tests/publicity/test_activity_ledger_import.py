"""普法活动台账 import (issue 18): the sample (title row, 活动名称/主题 as one
header, mixed date forms, a form and a topic fazhi cannot tell, a date that
does not exist) records held activities through `workflow.save_activity`,
with their topics, sectors and organiser; again without change; nothing on
a failure; scope kept; the 2024 figure of activities held counts them."""

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
from fazhi.core.models import AuditEvent, ImportedRow, ImportJob
from fazhi.publicity.ledger import KIND
from fazhi.publicity.models import PublicityActivity
from tests import ledgers
from tests.factories import World

pytestmark = pytest.mark.django_db

_run = functools.partial(ledgers.run, KIND)
_by_line = ledgers.by_line

XLSX = KIND.samples[0]


def test_preview_outcomes_name_the_column(world: World) -> None:
    rows = _by_line(_run(world, dry_run=True))
    assert sorted(rows) == list(range(3, 11))
    assert [rows[n].outcome for n in range(3, 11)] == [engine.CREATED] * 5 + [engine.REFUSED] * 3
    # An organiser fazhi does not hold, a village named loosely, an audience
    # word that is no sector: imported, with a warning.
    assert any("湘江源瑶族乡司法所" in w for w in rows[3].warnings)
    assert any("荆竹村委会" in w and "请确认" in w for w in rows[5].warnings)
    assert any("老年人" in w for w in rows[6].warnings)
    assert any(r.startswith("【活动日期】") and "不存在" in r for r in rows[8].reasons)
    assert any(r.startswith("【活动形式】") and "快闪" in r for r in rows[9].reasons)
    assert any(r.startswith("【宣传主题】") for r in rows[10].reasons)
    assert not PublicityActivity.objects.exists() and not ImportedRow.objects.exists()


def test_commit_through_the_workflow_and_again(world: World) -> None:
    report = _run(world, dry_run=False)
    assert report.counts()[engine.CREATED] == 5
    acts = {a.title: a for a in PublicityActivity.objects.all()}
    school = acts["全民国家安全教育日宣传进校园"]
    assert school.status == PublicityActivity.Status.HELD
    assert school.date == dt.date(2024, 4, 15) and school.participants == 300
    assert school.kind == PublicityActivity.Kind.LECTURE and school.lead_unit == world.township
    assert [t.name for t in school.topics.all()] == ["国家安全"]
    assert [s.code for s in school.sectors.all()] == ["school"]
    fraud = acts["反诈宣传进村入户"]
    assert fraud.unit == world.village2 and fraud.kind == PublicityActivity.Kind.STALL
    assert [t.name for t in fraud.topics.all()] == ["反电信网络诈骗"]
    assert list(fraud.units_reached.all()) == [world.village2]
    drama = acts["禁毒知识文艺演出"]
    assert drama.lead_unit == world.village and drama.unit == world.village
    assert acts["12·4国家宪法日宣传"].date == dt.date(2024, 12, 4)
    assert AuditEvent.objects.filter(object_id=str(school.pk), action="create").exists()
    counts = (PublicityActivity.objects.count(), AuditEvent.objects.count())
    again = _run(world, dry_run=False)
    assert again.counts()[engine.DUPLICATE] == 5 and again.counts()[engine.CREATED] == 0
    assert (PublicityActivity.objects.count(), AuditEvent.objects.count()) == counts


def test_a_failure_leaves_nothing(world: World, monkeypatch: Any) -> None:
    calls = {"n": 0}
    real = KIND.create

    def create(values: dict[str, Any], ctx: Any) -> Any:
        calls["n"] += 1
        if calls["n"] == 3:
            raise RuntimeError("disk full")
        return real(values, ctx)

    monkeypatch.setattr(KIND, "create", create)
    with pytest.raises(RuntimeError):
        _run(world, dry_run=False)
    assert not PublicityActivity.objects.exists() and not ImportedRow.objects.exists()


def test_scope(world: World) -> None:
    with pytest.raises(RuleViolation, match="管辖范围"):
        _run(world, dry_run=True, by=world.outsider)
    with pytest.raises(RuleViolation, match="管辖范围"):
        _run(world, dry_run=True, by=world.village_cadre, unit=world.village2)
    rows = _by_line(_run(world, dry_run=True, by=world.village_cadre, unit=world.village))
    assert rows[5].outcome == engine.CREATED  # 荆竹村's own
    assert rows[6].outcome == engine.REFUSED  # 紫良村 is not theirs
    assert any(r.startswith("【主办单位】") and "紫良村" in r for r in rows[6].reasons)


def test_job_page_and_command(world: World, capsys: Any) -> None:
    c = world.client(world.owner)
    start = reverse("core:import_start", args=[KIND.name])
    assert "普法活动台账样例.xlsx" in c.get(start).content.decode()
    with XLSX.open("rb") as f:
        r = c.post(start, {"unit": world.township.pk, "file": f})
    assert r.status_code == 302
    assert world.client(world.outsider).get(r["Location"]).status_code == 404
    assert start in c.get(reverse("publicity:activity_list")).content.decode()
    args = [KIND.name, str(XLSX), "--unit", world.township.name, "--by", "owner"]
    call_command("import_ledger", *args, "--dry-run")
    assert "新建 5" in capsys.readouterr().out and not PublicityActivity.objects.exists()
    call_command("import_ledger", *args)
    assert PublicityActivity.objects.count() == 5
    year = indicators.Period.year(2024)
    assert indicators.compute("publicity.activities", world.township, year) == 5
    assert ImportJob.objects.count() == 1
