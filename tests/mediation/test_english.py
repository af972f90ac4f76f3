"""The mediation pages in English (issue 15): the dispute ledger, a dispute's
and a case's page, and the ledger export's header row hold no Chinese but the
records' own data (names, units, facts, the township's dispute types)."""

from __future__ import annotations

from fazhi.mediation.models import DisputeCategory
from tests.core.test_i18n import CJK, english_page, export_header
from tests.mediation.conftest import Med


def test_dispute_ledger_pages_and_export_in_english(med: Med) -> None:
    world = med.world
    case = med.case()
    data = {
        med.dispute.number,
        med.dispute.title,
        med.dispute.facts,
        case.number,
        med.applicant.name,
        med.respondent.name,
        med.township_committee.name,
        med.village_committee.name,
        med.township_mediator.person.name,
        med.village_mediator.person.name,
        *(c.name for c in DisputeCategory.objects.all()),
        world.township.name,
        world.county.name,
        world.village.name,
        world.village2.name,
        # Left for now: the history shows a party's change as the text stored
        # then (“申请人甲 申请人”), role label included.
        "申请人",
        "被申请人",
    }
    client = world.client(world.colleague)
    for url in (
        "/mediation/disputes/",
        med.dispute.get_absolute_url(),
        case.get_absolute_url(),
        "/mediation/committees/",
    ):
        left = english_page(client, url, data)
        assert not left, (url, left)
    header = export_header(client, "/mediation/disputes/?export=xlsx&reason=核对台账数据")
    assert header and not [h for h in header if CJK.search(h)], header
