"""行政执法人员名册 import (issue 18): the sample roster (.xlsx with a title
row, and a GBK .csv with other headers) records officers and the
certificates they hold through `workflow.record_roster_entry`: an expired
certificate as expired, a certificate number fazhi holds updated instead of
duplicated, the same roster again changes nothing, a failure leaves nothing,
only the roles that keep the roster import it, the 2024 figure of certified
officers counts the imported ones."""

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
from fazhi.core.models import AuditEvent, ImportedRow, ImportJob, Person
from fazhi.enforcement import workflow
from fazhi.enforcement.ledger import KIND
from fazhi.enforcement.models import Certificate, CertificateEvent, EnforcementField, Officer
from tests import ledgers
from tests.factories import World

pytestmark = pytest.mark.django_db

_run = functools.partial(ledgers.run, KIND)
_by_line = ledgers.by_line

XLSX, CSV = KIND.samples


def test_preview_outcomes_name_the_column(world: World) -> None:
    rows = _by_line(_run(world, dry_run=True))
    # Title on row 1, header on row 2.
    assert sorted(rows) == list(range(3, 11))
    assert [rows[n].outcome for n in range(3, 11)] == [
        engine.CREATED,
        engine.CREATED,  # x check digit
        engine.CREATED,  # wrong check digit: warned
        engine.REFUSED,  # ID number stored by Excel as a number
        engine.CREATED,  # expired certificate
        engine.REFUSED,  # 综合执法: no such field
        engine.REFUSED,  # 2024.2.30
        engine.CREATED,  # Excel serial dates
    ]
    assert any("校验位" in w for w in rows[5].warnings)
    assert any(r.startswith("【身份证号码】") and "数字" in r for r in rows[6].reasons)
    assert any("按“已过期”登记" in w for w in rows[7].warnings)
    assert any(r.startswith("【执法类别】") and "综合执法" in r for r in rows[8].reasons)
    assert any(r.startswith("【发证日期】") and "不存在" in r for r in rows[9].reasons)
    assert not Certificate.objects.exists() and not Officer.objects.exists()
    assert not ImportedRow.objects.exists()


def test_commit_through_the_workflow(world: World) -> None:
    report = _run(world, dry_run=False)
    assert report.counts()[engine.CREATED] == 5
    cert = Certificate.objects.select_related("officer__person").get(number="431127190001")
    officer = cert.officer
    assert officer.person.name == "欧阳明" and officer.person.is_cadre
    assert officer.person.gender == Person.Gender.MALE
    assert officer.unit == world.township and officer.title == "综合行政执法办主任"
    assert cert.issued_on == dt.date(2022, 11, 1) and cert.expires_on == dt.date(2027, 10, 31)
    assert cert.status == Certificate.Status.VALID and cert.issuing_authority == "湖南省人民政府"
    assert {f.code for f in cert.fields.all()} == {"natural_resources", "agriculture"}
    assert {f.code for f in officer.fields.all()} == {"natural_resources", "agriculture"}
    assert cert.events.get().kind == CertificateEvent.Kind.ISSUE
    # Expired: recorded as expired, with its expiry event the day after.
    old = Certificate.objects.get(number="431127180005")
    assert old.status == Certificate.Status.EXPIRED
    expiry = old.events.get(kind=CertificateEvent.Kind.EXPIRY)
    assert expiry.on == dt.date(2023, 7, 1)
    # Excel serial dates.
    serial = Certificate.objects.get(number="431127190008")
    assert (serial.issued_on, serial.expires_on) == (dt.date(2023, 1, 1), dt.date(2027, 12, 31))
    assert Person.objects.get(name="李春燕").id_number.endswith("X")
    assert Person.objects.get(name="王建设").id_number == ""  # wrong check digit: not stored
    # Audit rows for the officer and the certificate.
    for record in (officer, cert):
        assert AuditEvent.objects.filter(object_id=str(record.pk), action="create").exists()


def test_again_changes_nothing_and_a_known_number_updates(world: World) -> None:
    _run(world, dry_run=False)
    counts = (Officer.objects.count(), Certificate.objects.count(), AuditEvent.objects.count())
    again = _run(world, dry_run=False)
    assert again.counts()[engine.CREATED] == 0 and again.counts()[engine.UPDATED] == 0
    assert again.counts()[engine.DUPLICATE] == 5
    assert (
        Officer.objects.count(),
        Certificate.objects.count(),
        AuditEvent.objects.count(),
    ) == counts
    # The county's GBK CSV: 欧阳明's certificate with a new post and a third
    # field named loosely — updated, not a second certificate; one new officer.
    report = _by_line(_run(world, dry_run=False, path=CSV))
    assert report[2].outcome == engine.UPDATED
    assert report[3].outcome == engine.CREATED
    assert Certificate.objects.filter(number="431127190001").count() == 1
    assert Officer.objects.filter(person__name="欧阳明").count() == 1
    officer = Officer.objects.get(person__name="欧阳明")
    assert officer.title == "综合行政执法办主任、四级主任科员"
    assert AuditEvent.objects.filter(object_id=str(officer.pk), action="update").exists()
    # And that file again: nothing.
    again = _run(world, dry_run=False, path=CSV)
    assert again.counts()[engine.DUPLICATE] == 2


def test_a_certificate_entered_by_hand_is_updated_not_duplicated(world: World) -> None:
    person = Person.objects.create(unit=world.township, name="欧阳明", is_cadre=True)
    officer = workflow.register_officer(
        Officer(unit=world.township, person=person, title="执法队员"),
        fields=[EnforcementField.objects.get(code="agriculture")],
        by=world.owner,
    )
    Certificate.objects.create(
        unit=world.township,
        officer=officer,
        number="431127190001",
        issuing_authority="湖南省人民政府",
        issued_on=dt.date(2022, 11, 1),
        expires_on=dt.date(2027, 10, 31),
    )
    rows = _by_line(_run(world, dry_run=False))
    assert rows[3].outcome == engine.UPDATED and "系统中已有" in rows[3].reasons[0]
    assert Certificate.objects.filter(number="431127190001").count() == 1
    officer.refresh_from_db()
    assert officer.title == "综合行政执法办主任"


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
    assert not Officer.objects.exists() and not Certificate.objects.exists()
    assert not ImportedRow.objects.exists() and not Person.objects.filter(name="欧阳明").exists()


def test_scope(world: World) -> None:
    with pytest.raises(RuleViolation, match="管辖范围"):
        _run(world, dry_run=True, by=world.outsider)
    with pytest.raises(RuleViolation, match="只读"):
        _run(world, dry_run=True, by=world.county_user)
    # A village cadre does not keep the enforcement roster.
    with pytest.raises(RuleViolation, match="不能导入行政执法人员名册"):
        _run(world, dry_run=True, by=world.village_cadre, unit=world.village)
    c = world.client(world.village_cadre)
    assert c.get(reverse("core:import_start", args=[KIND.name])).status_code == 404


def test_job_page_only_for_its_uploader(world: World) -> None:
    c = world.client(world.owner)
    start = reverse("core:import_start", args=[KIND.name])
    page = c.get(start).content.decode()
    assert "行政执法人员名册样例.xlsx" in page and "行政执法人员名册样例_GBK.csv" in page
    with CSV.open("rb") as f:
        r = c.post(start, {"unit": world.township.pk, "file": f})
    assert r.status_code == 302
    job = ImportJob.objects.get()
    form = {f"map-{i}": key for i, (_label, key) in enumerate(job.columns())}
    c.post(r["Location"], {**form, "action": "preview"})
    c.post(r["Location"], {"action": "commit"})
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE and Certificate.objects.count() == 2
    assert world.client(world.outsider).get(r["Location"]).status_code == 404
    lst = c.get(reverse("enforcement:officer_list")).content.decode()
    assert start in lst


def test_command_dry_run(world: World, capsys: Any) -> None:
    args = [KIND.name, str(XLSX), "--unit", world.township.name, "--by", "owner"]
    call_command("import_ledger", *args, "--dry-run")
    out = capsys.readouterr().out
    assert "新建 5" in out and "拒绝 3" in out
    assert not Certificate.objects.exists()
    call_command("import_ledger", *args)
    call_command("import_ledger", *args)
    assert "重复跳过 5" in capsys.readouterr().out
    assert Certificate.objects.count() == 5


def test_certified_officers_count_the_imported(world: World) -> None:
    _run(world, dry_run=False)
    year = indicators.Period.year(2024)
    # Five certificates; 陈志刚's ended in 2023.
    assert indicators.compute("enforcement.officers.certified", world.township, year) == 4
