"""Enforcement pages speak to a clerk (issue 15 §8): no developer markers in
the legal basis of a time limit, no raw codes, no Python words."""

from __future__ import annotations

import importlib
import re

import pytest
from django.apps import apps
from lxml import html

from fazhi.core import rulesettings
from fazhi.core.models import Clock, ClockEvent

from .conftest import Enf

pytestmark = pytest.mark.django_db
MARKERS = ("LAW.md", "[S]", "[C]", "UNCONFIRMED")


def _raw_codes() -> set[str]:
    labels: set[str] = set()
    codes: set[str] = set()
    for model in apps.get_models():
        for field in model._meta.get_fields():
            for value, label in getattr(field, "flatchoices", None) or ():
                labels.add(str(label))
                if str(value) != str(label) and re.search(r"[A-Za-z]", str(value)):
                    codes.add(str(value))
    return codes - labels


def _visible(content: bytes) -> list[str]:
    tree = html.fromstring(content)
    for node in tree.xpath("//script|//style|//template"):
        node.drop_tree()
    return [t.strip() for t in tree.itertext() if t.strip()]


def test_rule_sources_read_as_citations() -> None:
    sources = {
        key: s.source for key, s in rulesettings.REGISTRY.items() if key.startswith("enforcement.")
    }
    assert sources
    assert not {k: v for k, v in sources.items() if any(m in v for m in MARKERS)}


def test_case_page_of_a_decided_case_shows_labels_and_a_readable_basis(enf: Enf) -> None:
    case = enf.to_stage("served")
    clock = Clock.objects.get(kind="enforcement.disclosure")
    assert clock.legal_basis and not any(m in clock.legal_basis for m in MARKERS)
    response = enf.w.client(enf.w.officer).get(case.get_absolute_url())
    assert response.status_code == 200
    texts = _visible(response.content)
    page = "\n".join(texts)
    assert not [m for m in MARKERS if m in page]
    codes = _raw_codes()
    raw = sorted(
        t
        for t in texts
        if t in codes or re.search(r"(?<![A-Za-z_])(None|True|False)(?![A-Za-z_])", t)
    )
    sides = sorted(
        part
        for t in texts
        if "→" in t or "：" in t
        for part in re.split(r"\s*(?:→|：)\s*", t)
        if part in codes
    )
    assert not raw and not sides, (raw, sides)
    assert "已送达" in page or "送达" in page


def test_stored_clock_texts_are_migrated(enf: Enf) -> None:
    case = enf.to_stage("served")
    clock = Clock.objects.get(kind="enforcement.disclosure")
    old = "LAW.md §3.5 / §13 #22 [S]：国办发〔2018〕118号 地方实施文件，作出决定之日起7个工作日"
    Clock.objects.filter(pk=clock.pk).update(legal_basis=old)
    ClockEvent.objects.filter(clock=clock).update(legal_basis=old)
    migration = importlib.import_module(
        "fazhi.enforcement.migrations.0004_clock_legal_basis_readable"
    )
    migration.forwards(apps, None)
    clock.refresh_from_db()
    assert clock.legal_basis.startswith("《关于全面推行行政执法公示制度")
    assert clock.legal_basis.endswith("作出决定之日起7个工作日")
    assert case.pk


def test_case_file_has_a_readable_trail_and_timeline(enf: Enf) -> None:
    import io
    import zipfile

    from django.urls import reverse

    case = enf.to_stage("decided")
    response = enf.w.client(enf.w.officer).get(
        reverse("enforcement:case_file", args=[case.pk]), {"reason": "办理需要"}
    )
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    trail = archive.read("00_操作记录.txt").decode()
    timeline = archive.read("00_办案过程.txt").decode()
    assert "阶段：线索 → 已立案" in trail
    assert "stage" not in trail and "True" not in trail and "False" not in trail
    assert "2024年3月5日" in timeline and "2024-03-05" not in timeline
    assert "00_操作记录.json" in archive.namelist()


def test_step_notes_in_the_history_date_as_the_pages_do(enf: Enf) -> None:
    from fazhi.core import audit

    case = enf.to_stage("filed")
    notes = [row.note for row in audit.history_rows(audit.history(case))]
    assert any(n.startswith("立案 2024-03-05") for n in notes), notes
    assert not any("2024年3月5日" in n for n in notes)
