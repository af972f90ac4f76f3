"""A written 调解协议 refused for a party without an ID number (人民调解法第二十九条)
says so once, beside the parties with the way to correct that party. Walking
the demo as sifasuo, the refused page said it twice: the warning beside the
parties and the same refusal again above the agreement form (the step's error
names `id_number`, which the form has not)."""

from __future__ import annotations

from django.urls import reverse
from lxml import html as lxml_html

from fazhi.mediation.models import Agreement, DisputeParty

from .conftest import Med
from .test_first_week import _dispute_without_id, _mediating

WRITTEN = {
    "form": "written",
    "dated": "2024-09-10",
    "facts": "边界争执。",
    "issues": "耕地边界。",
    "responsibilities": "双方各半。",
    "terms": "以界碑为界。",
    "performance_manner": "现场指界",
    "performance_place": "荆竹村",
    "performance_deadline": "2024-09-30",
}


def test_refused_agreement_says_the_missing_id_number_once_beside_the_parties(med: Med) -> None:
    dispute = _dispute_without_id(med)
    case = _mediating(med, dispute)
    party = dispute.parties.get(role=DisputeParty.Role.APPLICANT)
    fix = reverse("mediation:party_edit", args=[dispute.pk, party.pk])
    url = reverse("mediation:case_action", args=[case.pk, "agreement"])
    for user in (med.world.owner, med.world.colleague):
        response = med.world.client(user).post(url, {**WRITTEN, "version": case.version})
        assert response.status_code == 400
        page = response.content.decode()
        assert page.count("缺少身份证号码") == 1, page
        beside = lxml_html.fromstring(page).xpath('//*[@data-testid="party-without-id"]')
        assert len(beside) == 1
        assert "当事人盘某某缺少身份证号码" in beside[0].text_content()
        assert beside[0].xpath(f'.//a[@href="{fix}"]')
        # the form as posted is still open, its other inputs kept
        form = lxml_html.fromstring(page).xpath('//form[@data-testid="form-agreement"]')[0]
        assert form.xpath('.//textarea[@name="terms"]')[0].text_content().strip() == "以界碑为界。"
    assert not Agreement.objects.filter(case=case).exists()
    outsider = med.world.client(med.world.outsider).post(url, {**WRITTEN, "version": case.version})
    assert outsider.status_code == 404


def test_another_refusal_of_the_agreement_still_shows_on_the_form(med: Med) -> None:
    """Only the party's missing ID number moves beside the parties: a refusal
    of the agreement itself stays on the form, beside its field."""
    dispute = _dispute_without_id(med)
    case = _mediating(med, dispute)
    url = reverse("mediation:case_action", args=[case.pk, "agreement"])
    data = {**WRITTEN, "issues": "", "version": case.version}
    response = med.world.client(med.world.owner).post(url, data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "书面调解协议书应当载明争议事项" in page
    assert page.count("缺少身份证号码") == 1
