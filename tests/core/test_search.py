"""Search across modules (issue 18, core.search): scope, exact personal
numbers through blind indexes, Chinese phrases, escaping, the index following
the workflow, the page, the API and `manage.py reindex`.

One world for the module (built once, rolled back at the end): township A
(湘江源瑶族乡) with villages 荆竹村 and 紫良村, township B (浆洞瑶族乡), the
personas of tests/factories.py, and records in each village and township."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.core.management import call_command
from django.db import transaction

from fazhi.core import search
from fazhi.core.models import OrgUnit, SearchEntry, User
from fazhi.core.roles import Role
from fazhi.mediation import workflow as mediation_workflow
from fazhi.mediation.models import Dispute, DisputeCategory
from fazhi.mediation.workflow.parties import PartyInput
from fazhi.petitions import workflow as petitions_workflow
from fazhi.petitions.models import Petition
from fazhi.petitions.workflow import PetitionerData
from tests.factories import OrgUnitFactory, UserFactory, valid_id_number

pytestmark = pytest.mark.django_db

ID_PAN = valid_id_number(501)  # 盘石生: a petitioner and a dispute party in 荆竹村
PHONE_PAN = "13907461234"
ID_OTHER = valid_id_number(502)


@dataclass
class Corpus:
    county: OrgUnit
    township: OrgUnit
    village: OrgUnit
    village2: OrgUnit
    other: OrgUnit
    owner: User
    outsider: User
    cadre1: User
    cadre2: User
    county_user: User
    anonymous_like: User
    petition_v1: Petition
    petition_v2: Petition
    petition_other: Petition
    dispute_v1: Dispute
    dispute_script: Dispute


def _dispute(unit: OrgUnit, by: User, title: str, facts: str, parties: list[PartyInput]) -> Dispute:
    return mediation_workflow.register_dispute(
        Dispute(
            unit=unit,
            title=title,
            category=DisputeCategory.objects.order_by("pk").first(),
            facts=facts,
            source=Dispute.Source.APPLICATION,
            found_on=dt.date(2024, 5, 6),
        ),
        parties=parties,
        by=by,
    )


def _petition(unit: OrgUnit, by: User, title: str, content: str, who: PetitionerData) -> Petition:
    return petitions_workflow.register(
        unit=unit,
        channel="visit",
        category="claim",
        title=title,
        content=content,
        received_on=dt.date(2024, 9, 20),
        petitioners=[who],
        by=by,
    )


def _build() -> Corpus:
    county = OrgUnitFactory(name="蓝山县", kind=OrgUnit.Kind.COUNTY, division_code="431127000000")
    town = OrgUnitFactory(name="湘江源瑶族乡", parent=county, abbreviation="湘源")
    village = OrgUnitFactory(name="荆竹村", kind=OrgUnit.Kind.VILLAGE, parent=town)
    village2 = OrgUnitFactory(name="紫良村", kind=OrgUnit.Kind.VILLAGE, parent=town)
    other = OrgUnitFactory(name="浆洞瑶族乡", parent=county, abbreviation="浆洞")
    owner = UserFactory(username="s-owner", role=Role.JUDICIAL_OFFICE, home_unit=town)
    outsider = UserFactory(username="s-outsider", role=Role.JUDICIAL_OFFICE, home_unit=other)
    cadre1 = UserFactory(username="s-cadre1", role=Role.VILLAGE_CADRE, home_unit=village)
    cadre2 = UserFactory(username="s-cadre2", role=Role.VILLAGE_CADRE, home_unit=village2)
    county_user = UserFactory(username="s-county", role=Role.COUNTY_SUPERVISOR, home_unit=county)
    nowhere = UserFactory(username="s-nowhere", role=Role.VILLAGE_CADRE, home_unit=None)
    pan = PetitionerData("盘石生", ID_PAN, PHONE_PAN, "荆竹村1组")
    p1 = _petition(
        village,
        owner,
        "荆竹村宅基地界址争议",
        "盘石生反映邻居建房占用其宅基地界址，请求丈量确权。",
        pan,
    )
    p2 = _petition(
        village2,
        owner,
        "紫良村宅基地界址争议",
        "赵长贵反映邻居新建围墙越过宅基地界址。",
        PetitionerData("赵长贵", ID_OTHER, "13907460000", "紫良村2组"),
    )
    p3 = _petition(
        other,
        outsider,
        "浆洞宅基地界址争议",
        "李某反映宅基地界址不清。",
        PetitionerData("李某", valid_id_number(503), "", ""),
    )
    d1 = _dispute(
        village,
        owner,
        "盘石生与赵某山林权属纠纷",
        "双方对后山杉木林的权属有争议，盘石生主张系其承包山。",
        [
            PartyInput(name="盘石生", id_number=ID_PAN, phone=PHONE_PAN),
            PartyInput(name="赵某林", role="respondent"),
        ],
    )
    d2 = _dispute(
        village,
        owner,
        "养殖场异味扰民纠纷",
        "<script>alert('x')</script>村民反映养殖场异味扰民，要求搬迁。",
        [],
    )
    search.rebuild()
    return Corpus(
        county,
        town,
        village,
        village2,
        other,
        owner,
        outsider,
        cadre1,
        cadre2,
        county_user,
        nowhere,
        p1,
        p2,
        p3,
        d1,
        d2,
    )


@pytest.fixture(scope="module")
def corpus(django_db_setup: None, django_db_blocker: Any) -> Iterator[Corpus]:
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            built = _build()
        except BaseException:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            raise
    try:
        yield built
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


def _found(user: User, q: str, **kw: Any) -> set[tuple[str, int]]:
    return {(h.label, h.object_id) for h in search.search(user, q, **kw).hits}


def _petitions(user: User, q: str) -> set[int]:
    return {h.object_id for h in search.search(user, q).hits if h.module == "petitions"}


# --- scope -------------------------------------------------------------------


def test_village_cadre_sees_only_own_village(corpus: Corpus) -> None:
    assert _petitions(corpus.cadre1, "宅基地界址") == {corpus.petition_v1.pk}
    assert _petitions(corpus.cadre2, "宅基地界址") == {corpus.petition_v2.pk}


def test_township_sees_its_villages_not_the_other_township(corpus: Corpus) -> None:
    assert _petitions(corpus.owner, "宅基地界址") == {corpus.petition_v1.pk, corpus.petition_v2.pk}
    assert _petitions(corpus.outsider, "宅基地界址") == {corpus.petition_other.pk}


def test_county_sees_its_townships(corpus: Corpus) -> None:
    assert _petitions(corpus.county_user, "宅基地界址") == {
        corpus.petition_v1.pk,
        corpus.petition_v2.pk,
        corpus.petition_other.pk,
    }


def test_outsider_and_unscoped_see_nothing(corpus: Corpus) -> None:
    from django.contrib.auth.models import AnonymousUser

    assert _found(corpus.outsider, "山林权属") == set()
    assert _found(corpus.outsider, ID_PAN) == set()
    assert search.search(AnonymousUser(), "宅基地").hits == []
    assert search.search(corpus.anonymous_like, "宅基地").hits == []


def test_an_accusation_is_found_by_its_number_only(corpus: Corpus) -> None:
    """An accusation (检举控告类) is indexed by its number and query code alone
    (《信访工作条例》第三十条: its subject and accusers are read on its page with
    a reason, audited); the accused village's cadre does not find even that
    (the app's visible_to, confirmed on the final page)."""
    accusing = _petition(
        corpus.village,
        corpus.owner,
        "检举荆竹村委会挪用征地补偿款",
        "检举荆竹村委会挪用征地补偿款。",
        PetitionerData("盘检举", "", "", ""),
    )
    Petition.objects.filter(pk=accusing.pk).update(
        category="accusation", accused_unit=corpus.village
    )
    search.reindex(Petition.objects.get(pk=accusing.pk))
    assert _petitions(corpus.owner, "挪用征地补偿款") == set()
    assert _petitions(corpus.owner, "盘检举") == set()
    assert _petitions(corpus.owner, accusing.number) == {accusing.pk}
    hit = next(h for h in search.search(corpus.owner, accusing.number).hits)
    assert "挪用" not in hit.title and "检举控告类" in hit.title
    assert _petitions(corpus.cadre1, accusing.number) == set()


# --- exact personal numbers ------------------------------------------------------


def test_exact_id_number_finds_petitions_and_disputes(corpus: Corpus) -> None:
    found = _found(corpus.owner, ID_PAN)
    assert ("petitions.petition", corpus.petition_v1.pk) in found
    assert ("mediation.dispute", corpus.dispute_v1.pk) in found
    assert ("petitions.petition", corpus.petition_v2.pk) not in found
    # Lower-case check digit and spaces: the same number.
    spaced = f"{ID_PAN[:6]} {ID_PAN[6:14]} {ID_PAN[14:]}".lower()
    assert _found(corpus.owner, spaced) == found
    assert search.search(corpus.owner, ID_PAN).exact


@pytest.mark.parametrize("cut", [ID_PAN[:6], ID_PAN[:14], ID_PAN[:17], ID_PAN[-4:], ID_PAN[6:14]])
def test_partial_id_number_finds_nothing(corpus: Corpus, cut: str) -> None:
    assert _found(corpus.county_user, cut) == set()


def test_phone_number_exact_only(corpus: Corpus) -> None:
    found = _found(corpus.owner, PHONE_PAN)
    assert ("petitions.petition", corpus.petition_v1.pk) in found
    assert ("mediation.dispute", corpus.dispute_v1.pk) in found
    assert _found(corpus.owner, PHONE_PAN[:7]) == set()
    assert _found(corpus.owner, PHONE_PAN[-4:]) == set()


@pytest.mark.parametrize(
    "written",
    [
        "+86 {a}-{b}-{c}",
        "0086{a}{b}{c}",
        "(+86){a} {b} {c}",
        "＋８６　{a}{b}{c}",  # typed with a Chinese IME (full-width)
    ],
)
def test_a_phone_number_as_people_write_it_finds_the_record(corpus: Corpus, written: str) -> None:
    """The search box read +86 138… as words (no match): it is the stored
    11 digits, as the forms take it (core.validators.normalize_phone)."""
    import unicodedata

    a, b, c = PHONE_PAN[:3], PHONE_PAN[3:7], PHONE_PAN[7:]
    if "８" in written:
        a, b, c = (unicodedata.normalize("NFKC", x).translate(_FULL) for x in (a, b, c))
    found = _found(corpus.owner, written.format(a=a, b=b, c=c))
    assert ("petitions.petition", corpus.petition_v1.pk) in found


_FULL = str.maketrans("0123456789", "０１２３４５６７８９")


def test_index_never_holds_a_number_in_clear(corpus: Corpus) -> None:
    for entry in SearchEntry.objects.all():
        for column in (
            entry.title,
            entry.names,
            entry.body,
            entry.keys,
            entry.title_tokens,
            entry.tokens,
        ):
            assert ID_PAN not in column and PHONE_PAN not in column
            assert ID_PAN[-4:] not in column.split()


# --- Chinese text --------------------------------------------------------------------


def test_two_word_phrase_finds_the_record(corpus: Corpus) -> None:
    hits = search.search(corpus.owner, "杉木林 权属").hits
    assert hits and (hits[0].label, hits[0].object_id) == (
        "mediation.dispute",
        corpus.dispute_v1.pk,
    )


def test_name_finds_the_records_that_name_the_person(corpus: Corpus) -> None:
    found = _found(corpus.owner, "盘石生")
    assert ("petitions.petition", corpus.petition_v1.pk) in found
    assert ("mediation.dispute", corpus.dispute_v1.pk) in found


def test_hits_are_grouped_by_module_with_counts(corpus: Corpus) -> None:
    result = search.search(corpus.owner, "盘石生")
    modules = [g.module for g in result.groups]
    assert len(modules) == len(set(modules))
    for group in result.groups:
        assert group.count >= len(group.hits)
        assert {h.module for h in group.hits} <= {group.module}


def test_highlight_is_escaped(corpus: Corpus) -> None:
    hits = search.search(corpus.owner, "养殖场 异味").hits
    assert hits
    snippet = str(hits[0].snippet)
    assert "<script" not in snippet and "&lt;/script&gt;" in snippet
    assert "<mark>养殖场</mark>" in snippet
    assert str(hits[0].title).count("<mark>") >= 1


# --- keeping the index current ----------------------------------------------------------


def test_index_follows_a_workflow_change(
    corpus: Corpus, django_capture_on_commit_callbacks: Any
) -> None:
    petition = Petition.objects.get(pk=corpus.petition_v2.pk)
    assert _petitions(corpus.owner, "围墙 滴水线") == set()
    with django_capture_on_commit_callbacks(execute=True):
        petitions_workflow.edit(
            petition,
            by=corpus.owner,
            version=petition.version,
            content="赵长贵反映邻居新建围墙越过滴水线。",
        )
    assert _petitions(corpus.owner, "围墙 滴水线") == {petition.pk}


def test_a_rolled_back_step_leaves_the_index(
    corpus: Corpus, django_capture_on_commit_callbacks: Any
) -> None:
    petition = Petition.objects.get(pk=corpus.petition_v1.pk)
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        petitions_workflow.edit(
            petition, by=corpus.owner, version=petition.version, content="不应进入索引的柚子园"
        )
        raise RuntimeError
    assert not callbacks
    assert _petitions(corpus.owner, "柚子园") == set()


def test_adding_a_party_reindexes_the_dispute(
    corpus: Corpus, django_capture_on_commit_callbacks: Any
) -> None:
    from fazhi.mediation.workflow import parties

    dispute = Dispute.objects.get(pk=corpus.dispute_script.pk)
    with django_capture_on_commit_callbacks(execute=True):
        parties.add_party(dispute, PartyInput(name="邓福全", role="applicant"), by=corpus.owner)
    assert ("mediation.dispute", dispute.pk) in _found(corpus.owner, "邓福全")


def test_reindex_command_rebuilds(corpus: Corpus) -> None:
    SearchEntry.objects.filter(label="petitions.petition").delete()
    assert _petitions(corpus.owner, "宅基地界址") == set()
    call_command("reindex", "--model", "petitions.petition", "--batch", "2", stdout=None)
    assert _petitions(corpus.owner, "宅基地界址") == {corpus.petition_v1.pk, corpus.petition_v2.pk}
    # A record gone: its row goes with the rebuild.
    SearchEntry.objects.filter(label="mediation.dispute").update(title="旧")
    call_command("reindex", stdout=None)
    assert not SearchEntry.objects.filter(title="旧").exists()


# --- the page and the API ------------------------------------------------------------------


def test_search_page(corpus: Corpus, client: Any) -> None:
    client.force_login(corpus.cadre1)
    page = client.get("/search/", {"q": "宅基地界址"})
    assert page.status_code == 200
    html = page.content.decode()
    assert corpus.petition_v1.get_absolute_url() in html
    assert corpus.petition_v2.get_absolute_url() not in html
    assert "<mark>" in html and 'data-testid="search-group-petitions"' in html
    assert ID_PAN not in html
    # The navbar's box on every page.
    assert 'data-testid="nav-search"' in client.get("/").content.decode()


def test_search_page_escapes(corpus: Corpus, client: Any) -> None:
    client.force_login(corpus.owner)
    html = client.get("/search/", {"q": "<b>养殖场</b>"}).content.decode()
    assert "<b>养殖场</b>" not in html
    assert "<script>alert" not in html


def test_search_api(corpus: Corpus, client: Any) -> None:
    client.force_login(corpus.owner)
    data = client.get("/api/v1/search/", {"q": ID_PAN}).json()
    assert data["exact"] is True
    labels = {(h["module"], h["object_id"]) for g in data["groups"] for h in g["hits"]}
    assert ("petitions", corpus.petition_v1.pk) in labels
    assert ("mediation", corpus.dispute_v1.pk) in labels
    assert client.get("/api/v1/search/").status_code == 400
    client.force_login(corpus.outsider)
    assert client.get("/api/v1/search/", {"q": ID_PAN}).json()["total"] == 0
    client.logout()
    assert client.get("/api/v1/search/", {"q": ID_PAN}).status_code in (401, 403)


def test_a_personal_number_hit_says_what_matched(corpus: Corpus, client: Any) -> None:
    """The number is in none of the hit's shown text (masked or absent), so
    each hit of a whole ID number or phone says which matched; a hit of words
    says nothing of the kind."""
    client.force_login(corpus.owner)
    for q, words, other in (
        (ID_PAN, "身份证号码相符", "联系电话相符"),
        (PHONE_PAN, "联系电话相符", "身份证号码相符"),
    ):
        html = client.get("/search/", {"q": q}).content.decode()
        hits = html.count('data-testid="search-hit"')
        assert hits >= 2  # a petition and a dispute
        assert html.count(f'data-testid="search-matched">{words}<') == hits
        assert other not in html
        # The number itself is in no hit (only in the box and links, as typed).
        shown = re.findall(r'data-testid="search-hit">.*?</li>', html, re.S)
        assert len(shown) == hits and not any(q in h for h in shown)
    plain = client.get("/search/", {"q": "宅基地界址"}).content.decode()
    assert "search-hit" in plain and "search-matched" not in plain
    data = client.get("/api/v1/search/", {"q": PHONE_PAN}).json()
    assert {h["matched"] for g in data["groups"] for h in g["hits"]} == {"联系电话相符"}
    data = client.get("/api/v1/search/", {"q": "宅基地界址"}).json()
    assert {h["matched"] for g in data["groups"] for h in g["hits"]} == {""}


def test_a_source_reads_its_records_with_their_unit_unless_told_otherwise() -> None:
    """core.search.register: indexing reads the records with their unit (every
    Document names it) when the module gives no queryset of its own."""
    from fazhi.enforcement.models import EnforcementCase
    from fazhi.mediation.models import MediationCase

    cases = search.registry.source_for("enforcement.enforcementcase")
    assert cases is not None and cases.queryset().model is EnforcementCase
    assert cases.queryset().query.select_related == {"unit": {}}
    # A module's own queryset stands (mediation's cases with their dispute).
    mediation = search.registry.source_for("mediation.mediationcase")
    assert mediation is not None and mediation.queryset().model is MediationCase
    related = mediation.queryset().query.select_related
    assert isinstance(related, dict) and "dispute" in related
