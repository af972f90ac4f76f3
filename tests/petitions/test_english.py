"""The petition pages in English (issue 15): the list, a petition's page and the
ledger export's header row hold no Chinese but the record's own data."""

from __future__ import annotations

from tests.core.test_i18n import CJK, english_page, export_header
from tests.factories import World
from tests.petitions.conftest import make_petition


def test_petition_list_detail_and_export_in_english(world: World) -> None:
    petition = make_petition(world.owner, world.township)
    client = world.client(world.colleague)
    data = {
        petition.number,
        petition.title,
        petition.content,
        "盘某",
        "荆竹村1组",
        "荆竹****",
        "盘*",
        world.township.name,
        world.county.name,
        world.village.name,
        world.village2.name,
    }
    for url in ("/petitions/", petition.get_absolute_url()):
        left = english_page(client, url, data)
        assert not left, (url, left)
    header = export_header(client, "/petitions/?export=xlsx&reason=核对台账数据")
    assert header and not [h for h in header if CJK.search(h)], header
