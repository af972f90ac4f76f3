"""Enforcement's case ledger and page, and a complaint's, hold no party's or
complainant's full ID number, phone or address for any role; "显示" beside each
for a role that may see it (issue 17, tests/pii_pages.py); the case ledger's
export keeps them full for such a role after its reason."""

from __future__ import annotations

import datetime as dt

import pytest

from fazhi.core import pii
from fazhi.core.models import AuditEvent
from fazhi.core.validators import mask_id_number, mask_phone
from fazhi.enforcement import workflow
from fazhi.enforcement.models import EnforcementCase, EnforcementComplaint
from tests.pii_pages import export_cells, masked_page, reveal_urls, reveal_with_reason

from .conftest import Enf

pytestmark = pytest.mark.django_db


def _records(enf: Enf) -> tuple[EnforcementCase, EnforcementComplaint, list[str]]:
    case = enf.clue()
    complaint = workflow.register_complaint(
        EnforcementComplaint(
            unit=enf.w.township,
            received_on=dt.date(2024, 4, 1),
            complainant="李四",
            phone="13987654321",
            conduct="unfair",
            content="执法不公。",
            case=case,
        ),
        by=enf.by,
    )
    return case, complaint, [case.id_number, case.phone, case.address, complaint.phone]


def _urls(case: EnforcementCase, complaint: EnforcementComplaint) -> list[str]:
    return [
        "/enforcement/",
        case.get_absolute_url(),
        "/enforcement/complaints/",
        complaint.get_absolute_url(),
    ]


@pytest.mark.parametrize(
    ("persona", "reveal"), [("owner", True), ("colleague", True), ("officer", False)]
)
def test_pages_masked_with_reveal_for_pii_roles_only(enf: Enf, persona: str, reveal: bool) -> None:
    """The judicial office and the township leader may see personal data (a
    button); the enforcement officer who handles the case may not (none)."""
    case, complaint, full = _records(enf)
    client = enf.w.client(getattr(enf.w, persona))
    for url in _urls(case, complaint):
        html = masked_page(client, url, full, reveal=reveal)
        if url == case.get_absolute_url():
            assert mask_id_number(case.id_number) in html and mask_phone(case.phone) in html
        if url == complaint.get_absolute_url():
            assert mask_phone(complaint.phone) in html


def test_outsider_and_village_cadre_404(enf: Enf) -> None:
    case, complaint, _ = _records(enf)
    for user in (enf.w.outsider, enf.w.village_cadre):
        client = enf.w.client(user)
        assert client.get(case.get_absolute_url()).status_code == 404
        assert client.get(complaint.get_absolute_url()).status_code == 404


def test_a_reveal_asks_and_is_audited(enf: Enf) -> None:
    _, complaint, _ = _records(enf)
    client = enf.w.client(enf.w.colleague)
    page = client.get(complaint.get_absolute_url()).content.decode()
    (url,) = reveal_urls(page)
    asked, shown = reveal_with_reason(client, url)
    assert complaint.phone not in asked and complaint.phone in shown
    event = AuditEvent.objects.get(action="reveal")
    assert event.object_id == str(complaint.pk) and event.changes[pii.FIELDS] == ["phone"]


def test_case_ledger_export_full_for_a_pii_role(enf: Enf) -> None:
    case, _, _ = _records(enf)
    assert case.id_number in export_cells(enf.w.client(enf.w.owner), "/enforcement/")
    cells = export_cells(enf.w.client(enf.w.officer), "/enforcement/")
    assert case.id_number not in cells and mask_id_number(case.id_number) in cells
