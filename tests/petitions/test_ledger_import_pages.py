"""The import pages (issue 18): upload → map → preview → commit → result,
the 导入台账 button on the ledger list only for roles that may write, a job
only for its uploader (another user gets 404)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from fazhi.core.ledger_import import engine
from fazhi.core.models import ImportJob, ImportMapping
from fazhi.petitions.ledger import KIND
from fazhi.petitions.models import Petition
from tests.factories import World

pytestmark = pytest.mark.django_db


def test_upload_preview_commit(world: World) -> None:
    c = world.client(world.owner)
    start = reverse("core:import_start", args=["petitions"])
    page = c.get(start)
    assert page.status_code == 200 and "信访台账样例.xlsx" in page.content.decode()
    assert c.get(reverse("core:import_sample", args=["petitions", 0])).status_code == 200
    with KIND.samples[0].open("rb") as f:
        r = c.post(start, {"unit": world.township.pk, "file": f})
    job = ImportJob.objects.get()
    assert r.status_code == 302 and r["Location"] == reverse("core:import_job", args=[job.pk])
    page = c.get(r["Location"]).content.decode()
    assert "信访人/姓名" in page and 'value="name" selected' in page
    # Preview with the proposed mapping (every select posted as shown).
    form = {f"map-{i}": key for i, (_label, key) in enumerate(job.columns())}
    c.post(r["Location"], {**form, "action": "preview"})
    job.refresh_from_db()
    assert job.status == ImportJob.Status.PREVIEWED
    assert job.report["counts"][engine.CREATED] == 6
    assert not Petition.objects.exists()
    page = c.get(r["Location"]).content.decode()
    assert "预览（尚未写入）" in page and "末几位已丢失" in page
    status = c.get(reverse("core:import_status", args=[job.pk])).json()
    assert status["status"] == "previewed"
    c.post(r["Location"], {"action": "commit"})
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE
    assert Petition.objects.count() == 6
    assert ImportMapping.objects.filter(unit=world.township, kind="petitions").exists()
    result = c.get(reverse("core:import_result", args=[job.pk]))
    rows = engine.read_back(result.content)
    # The outcome columns are the import's own, never the ledger's 处理结果.
    assert rows[0][-3:] == ["导入结果", "导入说明", "导入记录"]
    # Another user, even a colleague in scope, does not see the file.
    other = world.client(world.colleague)
    assert other.get(reverse("core:import_job", args=[job.pk])).status_code == 404
    assert other.get(reverse("core:import_result", args=[job.pk])).status_code == 404


def test_list_button_and_access(world: World) -> None:
    url = reverse("petitions:list")
    assert 'data-testid="import-ledger"' in world.client(world.owner).get(url).content.decode()
    county = world.client(world.county_user)
    assert 'data-testid="import-ledger"' not in county.get(url).content.decode()
    start = reverse("core:import_start", args=["petitions"])
    assert county.get(start).status_code == 404
    assert (
        world.client(world.owner).get(reverse("core:import_start", args=["x"])).status_code == 404
    )


def test_out_of_scope_unit_refused_on_upload(world: World) -> None:
    c = world.client(world.village_cadre)
    start = reverse("core:import_start", args=["petitions"])
    with KIND.samples[0].open("rb") as f:
        r = c.post(start, {"unit": world.township.pk, "file": f})
    assert r.status_code == 200 and not ImportJob.objects.exists()
    with KIND.samples[0].open("rb") as f:
        r = c.post(start, {"unit": world.village.pk, "file": f})
    assert r.status_code == 302


def test_mapping_lists_the_files_columns_in_their_order(world: World) -> None:
    """PostgreSQL's jsonb reorders an object's keys (shorter first); the page
    must still list the file's columns left to right, each select numbered
    by its place in the file, so 信访人/姓名 is not shown under 来信来访."""
    data = KIND.samples[0].read_bytes()
    _rows, header, _mapping = engine.prepare(KIND, KIND.samples[0].name, data, world.township)
    c = world.client(world.owner)
    with KIND.samples[0].open("rb") as f:
        r = c.post(
            reverse("core:import_start", args=["petitions"]), {"unit": world.township.pk, "file": f}
        )
    job = ImportJob.objects.get()
    in_file = list(dict.fromkeys(label for label in header.labels if label))
    assert [label for label, _key in job.columns()] == in_file
    page = c.get(r["Location"]).content.decode()
    for i, label in enumerate(in_file):
        assert f'<label for="map-{i}">{label}</label>' in page
    assert job.columns()[in_file.index("信访人/姓名")][1] == "name"
