"""Database-level change capture (django-pghistory, core.history): on
PostgreSQL a petition changed by a raw `UPDATE`, a bulk `update()` or a delete
leaves a snapshot row, and a write through a page names its user; on SQLite
nothing is installed and nothing breaks."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection

from fazhi.core import history
from fazhi.core.models import Person
from fazhi.enforcement.models import EnforcementCase
from fazhi.governance.models import DisclosureRequest
from fazhi.mediation.models import Dispute, DisputeParty
from fazhi.petitions.models import Petition, Petitioner
from tests.factories import PersonFactory, World
from tests.petitions.conftest import Leaders, leaders, make_petition  # noqa: F401

pytestmark = pytest.mark.django_db

POSTGRES = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="pghistory's triggers are PostgreSQL's"
)

TRACKED = (Person, Petition, Petitioner, Dispute, DisputeParty, EnforcementCase, DisclosureRequest)


def labels(obj: Any) -> list[str]:
    return list(history.snapshots(obj).values_list("pgh_label", flat=True))


def test_every_table_of_citizens_matters_is_tracked() -> None:
    for model in TRACKED:
        assert history._event_model(model) is not None, model
        names = {t.name for t in model._meta.triggers}  # type: ignore[attr-defined]
        assert {"insert_insert", "update_update", "delete_delete"} <= names, model


@POSTGRES
def test_raw_sql_update_leaves_a_snapshot(world: World, leaders: Leaders) -> None:  # noqa: F811
    petition = make_petition(leaders.clerk, leaders.office)
    before = labels(petition)
    assert before[0] == "insert"
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE petitions_petition SET title = %s WHERE id = %s", ["改写的事由", petition.pk]
        )
    rows = history.snapshots(petition)
    assert len(labels(petition)) == len(before) + 1
    assert rows.last().pgh_label == "update" and rows.last().title == "改写的事由"


@POSTGRES
def test_bulk_update_and_delete_leave_snapshots(world: World, leaders: Leaders) -> None:  # noqa: F811
    petition = make_petition(leaders.clerk, leaders.office)
    petitioner = petition.petitioners.get()
    Petition.objects.filter(pk=petition.pk).update(title="批量修改")
    Petitioner.objects.filter(pk=petitioner.pk).update(address="改址")
    assert history.snapshots(petition).last().title == "批量修改"
    assert history.snapshots(petitioner).last().address == "改址"
    Petitioner.objects.filter(pk=petitioner.pk).delete()
    assert labels(petitioner)[-1] == "delete"


@POSTGRES
def test_a_page_write_names_its_user(world: World) -> None:
    person = PersonFactory(name="盘阿妹", unit=world.village)
    data = {
        "unit": world.village.pk,
        "name": "盘阿妹",
        "gender": "F",
        "ethnicity": "瑶族",
        "id_number": "",
        "phone": "",
        "address": "",
        "title": "",
        "note": "",
        "version": person.version,
    }
    response = world.client(world.owner).post(f"/people/{person.pk}/edit/", data)
    assert response.status_code == 302
    last = history.snapshots(person).last()
    assert last.pgh_context is not None
    assert last.pgh_context.metadata["user"] == world.owner.pk
    assert last.pgh_context.metadata["url"] == f"/people/{person.pk}/edit/"


@pytest.mark.skipif(connection.vendor == "postgresql", reason="SQLite only")
def test_sqlite_installs_nothing_and_writes_work(world: World) -> None:
    person = PersonFactory(name="盘阿妹", unit=world.village)
    Person.objects.filter(pk=person.pk).update(name="盘小妹")
    assert not history.snapshots(person).exists()


@POSTGRES
def test_the_context_is_read_without_a_subtransaction(world: World) -> None:
    """A rolled-back subtransaction scans every queued after-trigger event:
    pghistory's own `_pgh_attach_context()` rolled one back for every
    tracked row written outside a context, which made a 10^4-row import
    quadratic (core migration 0013). A snapshot outside a context has none."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT prosrc FROM pg_proc WHERE proname = '_pgh_attach_context'")
        (source,) = cursor.fetchone()
    assert "EXCEPTION" not in source.upper()
    person = PersonFactory(name="盘阿妹", unit=world.village)
    assert history.snapshots(person).get().pgh_context is None


@POSTGRES
def test_a_bulk_transaction_knows_pgtrigger_ignore(world: World) -> None:
    """pgtrigger's check reads `pgtrigger.ignore` in an exception block
    (reinstalled with every trigger, so it cannot be replaced): the import
    makes the setting known for its transaction, without undoing a list
    `pgtrigger.ignore()` has set."""

    def setting() -> str | None:
        with connection.cursor() as cursor:
            cursor.execute("SELECT current_setting('pgtrigger.ignore', true)")
            return cursor.fetchone()[0]  # type: ignore[no-any-return]

    history.settle_trigger_settings()
    assert setting() == "{}"
    with connection.cursor() as cursor:
        cursor.execute("SELECT set_config('pgtrigger.ignore', '{x}', true)")
    history.settle_trigger_settings()
    assert setting() == "{x}"
    person = PersonFactory(name="盘阿妹", unit=world.village)  # triggers still run
    assert history.snapshots(person).count() == 1


def test_the_ledger_import_settles_the_setting(world: World, monkeypatch: Any) -> None:
    from fazhi.core.ledger_import import engine
    from fazhi.petitions.ledger import KIND

    calls: list[bool] = []
    monkeypatch.setattr(history, "settle_trigger_settings", lambda: calls.append(True))
    data = "序号,姓名,来访日期,反映问题\n1,唐小红,2024-03-05,道路维修\n".encode()
    engine.run(KIND, "ledger.csv", data, unit=world.township, by=world.owner, dry_run=True)
    assert calls == [True]
