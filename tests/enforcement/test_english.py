"""The enforcement pages in English (issue 15): the case list, a case's page,
the officers' list and the case export's header row hold no Chinese but the
records' own data (names, units, facts, the enforcement fields)."""

from __future__ import annotations

from fazhi.enforcement.models import EnforcementField
from tests.core.test_i18n import CJK, english_page, export_header
from tests.enforcement.conftest import Enf


def test_case_pages_and_export_in_english(enf: Enf) -> None:
    world = enf.w
    case = enf.clue()
    data = {
        case.number,
        case.title,
        "张三",
        "张*",
        "湖南省蓝山县湘江源瑶族乡荆竹村1组",
        *(f.name for f in EnforcementField.objects.all()),
        world.township.name,
        world.county.name,
        world.village.name,
        world.village2.name,
    }
    data |= {"湖南省蓝山县****"}  # the masked address
    client = world.client(world.colleague)
    for url in ("/enforcement/cases/", case.get_absolute_url(), "/enforcement/officers/"):
        left = english_page(client, url, data)
        assert not left, (url, left)
    header = export_header(client, "/enforcement/cases/?export=xlsx&reason=核对台账数据")
    assert header and not [h for h in header if CJK.search(h)], header
