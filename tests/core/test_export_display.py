"""Every Excel 台账 says what a person reads on the page (issue 15 §13): yes/no
columns 是/否, choices by their label, users by their person's name, nothing
Python (True/False/None). One pass over every module's exports on the demo."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from typing import Any

import pytest
from django.apps import apps
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from openpyxl import load_workbook

from fazhi.core import demo
from fazhi.core.listing import XLSX_MIME, ScopedListView
from fazhi.core.models import User
from tests.twofactor import verified_client

pytestmark = pytest.mark.django_db

# Exports that are not a ScopedListView's ?export=xlsx.
OTHER_EXPORTS = (
    "/mediation/screenings/missed/?export=xlsx",
    "/publicity/cadres/?year=2024&export=xlsx",
    "/governance/ogi-report/?year=2024&export=xlsx",
)


def _routes(patterns: Any, prefix: str = "") -> Iterator[tuple[str, URLPattern]]:
    for p in patterns:
        if isinstance(p, URLResolver):
            yield from _routes(p.url_patterns, prefix + str(p.pattern))
        elif isinstance(p, URLPattern):
            yield prefix + str(p.pattern), p


def list_exports() -> list[str]:
    """Every ledger page without URL arguments: each exports with ?export=xlsx."""
    urls = []
    for route, pattern in _routes(get_resolver().url_patterns):
        view = getattr(pattern.callback, "view_class", None)
        if view is not None and issubclass(view, ScopedListView) and "<" not in route:
            # The reason a PII role gives for an unmasked export (core.reasons).
            urls.append("/" + route + "?export=xlsx&reason=办理需要")
    return urls


def raw_choice_codes() -> dict[str, str]:
    """Choice values a person should never read (they differ from every label)."""
    labels: set[str] = set()
    codes: dict[str, str] = {}
    for model in apps.get_models():
        for field in model._meta.get_fields():
            for value, label in getattr(field, "flatchoices", None) or ():
                labels.add(str(label))
                if str(value) != str(label) and re.search(r"[A-Za-z]", str(value)):
                    codes.setdefault(str(value), f"{model._meta.label}.{field.name}")
    return {code: where for code, where in codes.items() if code not in labels}


def problems(content: bytes, codes: dict[str, str], usernames: set[str]) -> set[str]:
    sheet = load_workbook(io.BytesIO(content)).active
    rows = list(sheet.iter_rows(values_only=True))
    header = rows[1] if len(rows) > 1 else ()
    found = set()
    for row in rows[2:]:
        for i, value in enumerate(row):
            text = "" if value is None else str(value)
            column = header[i] if i < len(header) else i
            if text in ("True", "False", "None"):
                found.add(f"{column}: {text}")
            elif text in codes:
                found.add(f"{column}: raw code {text!r} ({codes[text]})")
            elif text in usernames:
                found.add(f"{column}: log-in name {text!r} instead of the person's name")
    return found


def test_every_export_shows_labels_yes_no_and_names() -> None:
    world = demo.build()
    codes = raw_choice_codes()
    usernames = set(User.objects.values_list("username", flat=True))
    client = Client()
    client.force_login(world.users["leader"])
    urls = list_exports() + list(OTHER_EXPORTS)
    assert len(urls) > 40  # every module's ledgers, not an empty walk
    report: dict[str, set[str]] = {}
    exported_rows = 0
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Content-Type"] == XLSX_MIME, url
        exported_rows += load_workbook(io.BytesIO(response.content)).active.max_row - 2
        found = problems(response.content, codes, usernames)
        if found:
            report[url] = found
    assert exported_rows > 500  # the demo's records are in the sheets
    assert not report, report


def test_rectifications_name_the_owner_by_their_person() -> None:
    from fazhi.governance.models import Rectification

    world = demo.build()
    client = Client()
    client.force_login(world.users["leader"])
    response = client.get("/governance/rectifications/?export=xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    column = rows[1].index("整改责任人")
    owners = {r[column] for r in rows[2:]}
    expected = {
        r.owner_user.display_name
        for r in Rectification.objects.select_related("owner_user__person")
        if r.owner_user
    }
    assert expected and owners == expected
    assert all(r.owner_user.person_id for r in Rectification.objects.exclude(owner_user=None))


def _docx_texts(data: bytes) -> list[str]:
    import zipfile

    texts: list[str] = []
    archive = zipfile.ZipFile(io.BytesIO(data))
    for name in archive.namelist():
        if name.endswith(".docx"):
            texts += _docx_texts(archive.read(name))
        elif name.startswith("word/") and name.endswith(".xml"):
            texts += re.findall(r"<w:t[^>]*>([^<]*)</w:t>", archive.read(name).decode())
        elif name.endswith(".txt"):
            texts += archive.read(name).decode().splitlines()
    return texts


def test_every_generated_document_shows_words() -> None:
    """The demo's decisions, case files, reply letters, agreements, plans and
    reports: no True/False/None, no raw code on its own or beside → / ："""
    from fazhi.enforcement.models import EnforcementCase
    from fazhi.governance.models import DisclosureRequest, WorkPlan
    from fazhi.mediation.models import MediationCase
    from fazhi.petitions import documents as petition_documents
    from fazhi.petitions.models import Petition
    from fazhi.reports.models import AnnualReport

    world = demo.build()
    codes = raw_choice_codes()
    urls = []
    for case in EnforcementCase.objects.exclude(decision_number=""):
        urls += [f"/enforcement/cases/{case.pk}/decision.docx?reason=办理需要"]
        urls += [f"/enforcement/cases/{case.pk}/case-file.zip?reason=办理需要"]
    written = MediationCase.objects.filter(agreement__form="written")
    for mcase in written:
        urls.append(f"/mediation/cases/{mcase.pk}/agreement.docx?reason=办理需要")
    for petition in Petition.objects.order_by("pk")[:40]:
        for kind, _label in petition_documents.available(petition):
            urls.append(f"/petitions/{petition.pk}/document/{kind}/?reason=办理需要")
    urls += [f"/governance/plans/{p.pk}/docx/" for p in WorkPlan.objects.all()]
    urls += [f"/governance/requests/{r.pk}/reply.docx" for r in DisclosureRequest.objects.all()]
    urls += [f"/reports/{r.pk}/docx/" for r in AnnualReport.objects.all()]
    assert len(urls) > 20 and written.exists()
    client = verified_client(world.users["admin"])
    python_word = re.compile(r"(?<![A-Za-z_])(None|True|False)(?![A-Za-z_])")
    report: dict[str, list[str]] = {}
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        bad = [
            text
            for text in _docx_texts(response.content)
            if python_word.search(text)
            or any(part in codes for part in re.split(r"\s*(?:→|：|:)\s*|\s+", text.strip()))
        ]
        if bad:
            report[url] = bad[:5]
    assert not report, report
