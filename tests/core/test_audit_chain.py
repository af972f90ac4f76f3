"""The audit trail is append-only and tamper-evident (issue 17, "Audit trail";
docs/security.md): each row carries the SM3 hash of the row before it and of
its own content, `manage.py verify_audit` names the first broken row, the
audit page shows the chain's state, and PostgreSQL refuses UPDATE and DELETE.
"""

from __future__ import annotations

import threading
import time
from io import StringIO
from typing import Any, cast

import pgtrigger
import pytest
from django.core import checks
from django.core.management import CommandError, call_command
from django.db import IntegrityError, connection, transaction
from django.test import override_settings

from fazhi.core import audit, auditchain, daily
from fazhi.core.models import AuditEvent, AuditVerification, OrgUnit, User
from fazhi.core.models.audit import GENESIS, AppendOnly, event_digest, sm3_hex
from fazhi.core.roles import Role
from tests.factories import UserFactory, World

POSTGRES = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the trigger and the lock are PostgreSQL's"
)
PROTECT = "core.AuditEvent:append_only"


def _events(world: World, n: int) -> list[AuditEvent]:
    for i in range(n):
        audit.record(world.township, by=world.owner, action="update", changes={"n": [i, i + 1]})
    return list(AuditEvent.objects.order_by("pk"))


def _tamper(sql: str, params: list[Any]) -> None:
    """A write behind the application's back (the trigger set aside on PostgreSQL)."""
    with pgtrigger.ignore(PROTECT), connection.cursor() as cursor:
        cursor.execute(sql, params)


def test_sm3_is_the_national_standard_hash() -> None:
    # GB/T 32905-2016, appendix A.1: SM3("abc").
    assert sm3_hex(b"abc") == "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0"


def test_each_row_hashes_its_content_and_chains_to_the_one_before(world: World) -> None:
    first, second, third = _events(world, 3)
    assert first.prev_hash == GENESIS
    assert second.prev_hash == first.hash and third.prev_hash == second.hash
    for row in (first, second, third):
        # Recomputed from what the database gives back.
        assert row.hash == event_digest(row.chained_values(), row.prev_hash)
    assert len({first.hash, second.hash, third.hash}) == 3


def test_every_writer_chains_login_handlers_and_bulk_create_too(world: World) -> None:
    client = world.client(world.owner)
    client.logout()
    client.post("/login/", {"username": "owner", "password": "wrong"})
    AuditEvent.objects.bulk_create(
        [AuditEvent(action="export", note="a"), AuditEvent(action="export", note="b")]
    )
    assert AuditEvent.objects.count() >= 3
    assert auditchain.verify().ok


def test_the_application_neither_updates_nor_deletes_a_row(world: World) -> None:
    [event] = _events(world, 1)
    event.note = "changed"
    with pytest.raises(AppendOnly):
        event.save()
    with pytest.raises(AppendOnly):
        event.delete()
    with pytest.raises(AppendOnly):
        AuditEvent.objects.filter(pk=event.pk).update(note="changed")
    with pytest.raises(AppendOnly):
        AuditEvent.objects.filter(pk=event.pk).delete()
    assert AuditEvent.objects.get(pk=event.pk).note == ""


def test_an_account_with_audit_rows_is_not_deleted(world: World) -> None:
    """Deleting it would rewrite the rows' actor (SET_NULL); it is deactivated instead."""
    from django.db.models import ProtectedError

    _events(world, 1)
    with pytest.raises(ProtectedError):
        world.owner.delete()


def test_verify_audit_prints_ok_with_the_count(world: World) -> None:
    rows = _events(world, 4)
    out = StringIO()
    call_command("verify_audit", "--batch", "3", stdout=out)
    assert out.getvalue().startswith("OK")
    assert f"共 {len(rows)} 条" in out.getvalue() and f"#{rows[-1].pk}" in out.getvalue()


def test_verify_audit_names_a_row_altered_behind_its_back(world: World) -> None:
    rows = _events(world, 5)
    altered = rows[2]
    _tamper("UPDATE core_auditevent SET note = %s WHERE id = %s", ["改过了", altered.pk])
    with pytest.raises(CommandError) as refused:
        call_command("verify_audit", "--batch", "2")
    assert f"#{altered.pk}" in str(refused.value)
    result = AuditVerification.objects.first()
    assert result is not None and not result.ok
    assert (result.broken_id, result.reason, result.rows) == (
        altered.pk,
        AuditVerification.Reason.CONTENT,
        2,
    )


def test_a_rehashed_row_breaks_the_link_of_the_next(world: World) -> None:
    """Whoever recomputes the altered row's hash still breaks the next row's link."""
    rows = _events(world, 3)
    row = AuditEvent.objects.get(pk=rows[1].pk)
    values = row.chained_values() | {"note": "改过了"}
    _tamper(
        "UPDATE core_auditevent SET note = %s, hash = %s WHERE id = %s",
        ["改过了", event_digest(values, row.prev_hash), row.pk],
    )
    result = auditchain.verify()
    assert (result.ok, result.broken_id, result.reason) == (
        False,
        rows[2].pk,
        AuditVerification.Reason.LINK,
    )


def test_a_deleted_row_and_a_cut_tail_are_found(world: World) -> None:
    rows = _events(world, 4)
    assert auditchain.verify().ok
    _tamper("DELETE FROM core_auditevent WHERE id = %s", [rows[-1].pk])
    cut = auditchain.verify()
    assert (cut.ok, cut.broken_id, cut.reason) == (
        False,
        rows[-1].pk,
        AuditVerification.Reason.MISSING,
    )
    _tamper("DELETE FROM core_auditevent WHERE id = %s", [rows[1].pk])
    gap = auditchain.verify()
    assert (gap.ok, gap.broken_id, gap.reason) == (
        False,
        rows[2].pk,
        AuditVerification.Reason.LINK,
    )


def test_the_daily_job_walks_the_chain(world: World) -> None:
    import datetime as dt

    _events(world, 2)
    assert daily.run_all(dt.date(2026, 12, 5))["audit_chain"] == "OK"
    assert AuditVerification.objects.get().rows == 2


# --- the audit page: the chain's state, for the audit administrator only -------


def _audit_admin(world: World, unit: OrgUnit) -> User:
    return cast(
        User, UserFactory(username=f"audit{unit.pk}", role=Role.AUDIT_ADMIN, home_unit=unit)
    )


def test_the_audit_page_shows_the_last_walk_without_walking(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    admin = _audit_admin(world, world.township)
    client = world.client(admin)

    def page() -> str:
        # The page reads the stored walk; it never walks the chain itself.
        with monkeypatch.context() as m:
            m.setattr(auditchain, "_walk", lambda *a: pytest.fail("the page walked the chain"))
            response = client.get("/audit/")
        assert response.status_code == 200
        return response.content.decode()

    text = page()
    assert 'data-state="unchecked"' in text and "至少保留 12 个月" in text
    rows = _events(world, 3)
    auditchain.verify()
    text = page()
    assert 'data-state="ok"' in text and f"已校验至第 {rows[-1].pk} 条" in text
    _tamper("UPDATE core_auditevent SET note = %s WHERE id = %s", ["x", rows[0].pk])
    auditchain.verify()
    text = page()
    assert 'data-state="broken"' in text and f"第 {rows[0].pk} 条记录" in text


def test_only_the_audit_administrator_reads_the_chain_state(world: World) -> None:
    """Owner (the township's audit administrator) reads it; a colleague in the
    same township (its security administrator, a leader) is refused; an audit
    administrator of another township reads their own page only."""
    _events(world, 1)
    auditchain.verify()
    assert world.client(_audit_admin(world, world.township)).get("/audit/").status_code == 200
    security = cast(
        User, UserFactory(username="sec1", role=Role.SECURITY_ADMIN, home_unit=world.township)
    )
    for colleague in (security, world.colleague):
        assert world.client(colleague).get("/audit/").status_code == 403
    outsider_page = world.client(_audit_admin(world, world.other_township)).get("/audit/")
    assert outsider_page.status_code == 200
    assert "湘江源瑶族乡" not in outsider_page.content.decode()


# --- retention --------------------------------------------------------------------


def test_retention_defaults_to_twelve_months_and_refuses_under_six() -> None:
    from django.conf import settings

    assert settings.FAZHI_AUDIT_RETENTION_MONTHS == 12
    assert auditchain.check_retention() == []
    with override_settings(FAZHI_AUDIT_RETENTION_MONTHS=6):
        assert auditchain.check_retention() == []
    with override_settings(FAZHI_AUDIT_RETENTION_MONTHS=5):
        [error] = auditchain.check_retention()
    assert error.id == "fazhi.audit.E001" and error.level == checks.ERROR
    # Registered: `manage.py check` (and so runserver, migrate) refuses to go on.
    with override_settings(FAZHI_AUDIT_RETENTION_MONTHS=5):
        assert any(m.id == "fazhi.audit.E001" for m in checks.run_checks())


# --- PostgreSQL: the trigger and the lock -------------------------------------------


@POSTGRES
def test_postgres_refuses_update_and_delete_even_in_raw_sql(world: World) -> None:
    [event] = _events(world, 1)
    for sql in (
        "UPDATE core_auditevent SET note = 'x' WHERE id = %s",
        "DELETE FROM core_auditevent WHERE id = %s",
    ):
        with (
            pytest.raises(Exception, match="Cannot update or delete"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(sql, [event.pk])
    assert AuditEvent.objects.get(pk=event.pk).note == ""


@POSTGRES
def test_a_fork_is_refused_by_the_database(world: World) -> None:
    [event] = _events(world, 1)
    with pytest.raises(IntegrityError), transaction.atomic():
        AuditEvent.objects.bulk_create([AuditEvent(action="export")])  # chains to event
        with connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO core_auditevent (at, actor_name, action, object_id, object_repr,"
                " changes, note, prev_hash, hash) VALUES (now(), '', 'export', '', '', '{}',"
                " '', %s, %s)",
                [event.hash, "f" * 64],
            )


@POSTGRES
@pytest.mark.django_db(transaction=True)
def test_two_concurrent_writers_never_chain_to_the_same_row() -> None:
    """Thread A writes a row and holds its transaction open; thread B writes
    meanwhile. Without the lock B would read the head before A's row is
    committed and fork the chain (or be refused by the no-fork constraint)."""
    from tests.factories import OrgUnitFactory

    unit = cast(OrgUnit, OrgUnitFactory(name="并发乡"))
    a_wrote = threading.Event()
    errors: list[BaseException] = []

    def writer(name: str, hold: bool) -> None:
        try:
            with transaction.atomic():
                audit.record(unit, by=None, action="update", note=name)
                if hold:
                    a_wrote.set()
                    time.sleep(0.5)
        except BaseException as exc:
            errors.append(exc)
        finally:
            a_wrote.set()
            connection.close()

    a = threading.Thread(target=writer, args=("A", True))
    a.start()
    a_wrote.wait(5)
    b = threading.Thread(target=writer, args=("B", False))
    b.start()
    a.join(10)
    b.join(10)
    assert not errors, errors
    first, second = AuditEvent.objects.order_by("pk")
    assert (first.note, second.note) == ("A", "B")
    assert second.prev_hash == first.hash
    assert auditchain.verify().ok
