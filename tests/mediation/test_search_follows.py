"""A mediation case's search entry shows its dispute's facts and parties
(mediation.search.case_document): an edit of the dispute, or of a party's own
record (a phone corrected on the person's page, `manage.py
renormalise_phones`), re-indexes the case as well as the dispute. The case
had kept the old facts and the old phone's blind index, so a search for the
new number found the dispute and not its case."""

from __future__ import annotations

from typing import Any

import pytest

from fazhi.core import audit, search
from fazhi.core import workflow as core_workflow
from fazhi.core.search.index import flush
from fazhi.mediation import workflow
from fazhi.mediation.models import Dispute, MediationCase

from .conftest import Med

pytestmark = pytest.mark.django_db

NEW_PHONE = "13912345678"


def _found(med: Med, q: str) -> set[tuple[str, int]]:
    return {(h.label, h.object_id) for h in search.search(med.world.owner, q).hits}


def _indexed(med: Med) -> MediationCase:
    """The case opened and everything indexed: the setup's steps ran in the
    test's transaction, which never commits, so their re-index is done here
    (and the queue they left emptied, lest the step under test flush it)."""
    case = med.case()
    flush()
    return case


def test_editing_the_dispute_reindexes_its_case(
    med: Med, django_capture_on_commit_callbacks: Any
) -> None:
    case = _indexed(med)
    assert ("mediation.mediationcase", case.pk) not in _found(med, "滴水檐")
    dispute = Dispute.objects.get(pk=med.dispute.pk)
    before = audit.snapshot(dispute)
    dispute.facts = "双方因滴水檐位置发生争执。"
    with django_capture_on_commit_callbacks(execute=True):
        workflow.update_dispute(dispute, by=med.world.owner, version=dispute.version, before=before)
    found = _found(med, "滴水檐")
    assert ("mediation.dispute", dispute.pk) in found
    assert ("mediation.mediationcase", case.pk) in found


def test_a_partys_phone_corrected_on_their_record_finds_the_case(
    med: Med, django_capture_on_commit_callbacks: Any
) -> None:
    case = _indexed(med)
    person = med.respondent
    assert _found(med, NEW_PHONE) == set()
    before = audit.snapshot(person)
    person.phone = NEW_PHONE
    with django_capture_on_commit_callbacks(execute=True):
        core_workflow.update_record(
            person, by=med.world.owner, version=person.version, before=before
        )
    found = _found(med, NEW_PHONE)
    assert ("mediation.dispute", med.dispute.pk) in found
    assert ("mediation.mediationcase", case.pk) in found
