"""An accusation (检举控告类信访) on the ledger page and in its export (issue 17;
《信访工作条例》第三十条 keeps it from the accused, PIPL 第六条): its subject
and its accusers are read on its own page with a reason, audited, so the
ledger shows its number, stage and dates with `WITHHELD` in place of its
subject and no accusers, for every role, in the page and the .xlsx alike.
Personas: the clerk who registered it (owner), a colleague in scope, the other
township's office (outsider: not listed)."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from fazhi.petitions.models import Petition
from fazhi.petitions.queries import WITHHELD
from fazhi.petitions.workflow import PetitionerData
from tests.factories import World
from tests.petitions.conftest import Leaders, make_petition

pytestmark = pytest.mark.django_db

TITLE = "举报某站所违规收取办证费用"
ACCUSER = "盘举报"


@pytest.fixture
def accusation(leaders: Leaders) -> Petition:
    return make_petition(
        leaders.clerk,
        leaders.office,
        category="accusation",
        title=TITLE,
        content="举报人反映某站所违规收取办证费用。",
        petitioners=[PetitionerData(ACCUSER, "", "", "")],
    )


@pytest.fixture
def claim(leaders: Leaders) -> Petition:
    return make_petition(leaders.clerk, leaders.office, title="请求修复村道")


def _export(client: object, reason: str = "办理需要") -> str:
    response = client.get(f"/petitions/?export=xlsx&reason={reason}")  # type: ignore[attr-defined]
    assert response.status_code == 200, response.content[:300]
    ws = load_workbook(io.BytesIO(response.content)).active
    return "\n".join(
        str(c) for row in ws.iter_rows(values_only=True) for c in row if c not in (None, "")
    )


@pytest.mark.parametrize("who", ["owner", "colleague"])
def test_the_ledger_withholds_an_accusation(
    world: World, leaders: Leaders, accusation: Petition, claim: Petition, who: str
) -> None:
    client = world.client(leaders.clerk if who == "owner" else world.colleague)
    page = client.get("/petitions/").content.decode()
    assert accusation.number in page and str(WITHHELD) in page
    assert TITLE not in page and ACCUSER not in page
    assert "请求修复村道" in page  # other matters as before
    exported = _export(client)
    assert accusation.number in exported and str(WITHHELD) in exported
    assert TITLE not in exported and ACCUSER not in exported
    assert "请求修复村道" in exported


def test_its_own_page_still_shows_it_after_a_reason(
    world: World, leaders: Leaders, accusation: Petition
) -> None:
    client = world.client(leaders.clerk)
    asked = client.get(f"/petitions/{accusation.pk}/").content.decode()
    assert TITLE not in asked
    given = client.post(
        f"/petitions/{accusation.pk}/", {"reason_choice": "verify", "reason_detail": "核对"}
    )
    assert given.status_code in (200, 302)
    assert TITLE in client.get(f"/petitions/{accusation.pk}/").content.decode()


def test_the_outsider_does_not_see_it_listed(
    world: World, leaders: Leaders, accusation: Petition
) -> None:
    client = world.client(world.outsider)
    page = client.get("/petitions/").content.decode()
    assert accusation.number not in page and TITLE not in page
    assert client.get(f"/petitions/{accusation.pk}/").status_code == 404


def test_pickers_and_links_name_it_by_number(accusation: Petition, claim: Petition) -> None:
    """A petition's name in a picker, a link of a reception or outreach visit,
    a leader's key cases (Petition.__str__, listed_title): an accusation's
    subject withheld, other matters as they are."""
    assert TITLE not in str(accusation) and str(WITHHELD) in str(accusation)
    assert accusation.listed_title == str(WITHHELD)
    assert claim.listed_title == "请求修复村道" and "请求修复村道" in str(claim)
