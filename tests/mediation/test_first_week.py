"""Issue 15 item 5, found when the demo was tried as a new user would: what a
person really does on the mediation pages, with real-ledger input. Each test
failed before its fix."""

from __future__ import annotations

import datetime as dt
import re
from html.parser import HTMLParser
from typing import Any

import pytest
from django.urls import reverse

from fazhi.core import rulesettings
from fazhi.core.errors import RuleViolation
from fazhi.core.models import AuditEvent, OrgUnit, Person
from fazhi.core.roles import Role
from fazhi.mediation import workflow
from fazhi.mediation.forms import RECENT_SCREENINGS, SCREENING_SEARCH_LIMIT
from fazhi.mediation.models import (
    Agreement,
    Dispute,
    DisputeParty,
    MediationCase,
    MediationCommittee,
    Screening,
)
from fazhi.mediation.workflow import AgreementInput, PartyInput
from tests.factories import OrgUnitFactory, UserFactory, valid_id_number

from .conftest import D, Med

pytestmark = pytest.mark.django_db

# An ID number no factory person holds (factory people are born 1980-05-17).
BORN = dt.date(1975, 8, 9)

WRITTEN = dict(
    form=Agreement.Form.WRITTEN,
    terms="赔偿1000元。",
    facts="事实",
    issues="争议",
    responsibilities="责任",
    performance_manner="现金",
    performance_place="村委会",
    performance_deadline=D(2024, 10, 31),
)

MARKERS = re.compile(r"\[S\]|\[C\]|UNCONFIRMED|LAW\.md")


class _Ids(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: list[str] = []
        self.labels: dict[str, str] = {}
        self._label_for: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if a.get("id"):
            self.ids.append(str(a["id"]))
        self._label_for = str(a["for"]) if tag == "label" and a.get("for") else None

    def handle_data(self, data: str) -> None:
        if self._label_for and data.strip():
            self.labels.setdefault(self._label_for, data.strip())
            self._label_for = None


def _ids(html: str) -> _Ids:
    parser = _Ids()
    parser.feed(html)
    return parser


def _dispute_without_id(med: Med) -> Dispute:
    """A dispute whose applicant was entered without an ID number."""
    return workflow.register_dispute(
        Dispute(
            unit=med.world.village,
            title="耕地边界纠纷",
            category=med.dispute.category,
            facts="边界争执。",
            source=Dispute.Source.APPLICATION,
            found_on=D(2024, 9, 1),
        ),
        parties=[
            PartyInput(name="盘某某", role=DisputeParty.Role.APPLICANT),
            PartyInput(person=med.respondent, role=DisputeParty.Role.RESPONDENT),
        ],
        by=med.world.owner,
    )


def _mediating(med: Med, dispute: Dispute) -> MediationCase:
    by = med.world.owner
    case = workflow.apply(
        dispute,
        committee=med.village_committee,
        start=MediationCase.Start.EX_OFFICIO,
        applied_on=D(2024, 9, 2),
        by=by,
    )
    workflow.accept(case, on=D(2024, 9, 2), by=by)
    workflow.assign_mediator(case, mediator=med.village_mediator, on=D(2024, 9, 2), by=by)
    case.refresh_from_db()
    return case


# ---------------------------------------------------------------------------
# 申请调解: the applicant is marked and filled from the dispute
# ---------------------------------------------------------------------------


def test_apply_form_marks_and_fills_the_applicant(med: Med) -> None:
    page = med.world.client(med.world.owner).get(
        reverse("mediation:dispute_detail", args=[med.dispute.pk])
    )
    html = page.content.decode()
    form = html[html.index('data-testid="form-apply"') :]
    form = form[: form.index("</form>")]
    label = re.search(r'<label[^>]*for="id_applyform_applicant"[^>]*>(.*?)</label>', form)
    assert label is not None and 'class="text-danger">*' in label.group(1)
    field = re.search(r'<input[^>]*name="applicant"[^>]*>', form)
    assert field is not None and f'value="{med.applicant.name}"' in field.group(0)


def test_apply_without_applicant_names_the_field(med: Med) -> None:
    client = med.world.client(med.world.owner)
    url = reverse("mediation:dispute_action", args=[med.dispute.pk, "apply"])
    response = client.post(
        url,
        {
            "committee": med.village_committee.pk,
            "start": "application",
            "applied_on": "2024-09-02",
            "applicant": "",
        },
    )
    assert response.status_code == 400
    assert "申请人/移送单位：请填写申请人或移送单位。" in response.content.decode()
    assert not MediationCase.objects.exists()


# ---------------------------------------------------------------------------
# Parties: corrected and removed until the agreement fixes them
# ---------------------------------------------------------------------------


def test_party_without_id_is_corrected_and_the_agreement_follows(med: Med) -> None:
    dispute = _dispute_without_id(med)
    case = _mediating(med, dispute)
    agreement = AgreementInput(**dict(WRITTEN, dated=D(2024, 9, 10)))
    with pytest.raises(RuleViolation) as exc:
        workflow.record_agreement(case, agreement, by=med.world.owner)
    assert "id_number" in exc.value.message_dict

    party = dispute.parties.get(role=DisputeParty.Role.APPLICANT)
    number = valid_id_number(7, birth=BORN)
    client = med.world.client(med.world.owner)
    response = client.post(
        reverse("mediation:dispute_action", args=[dispute.pk, "party_edit"]),
        {
            "party": party.pk,
            "name": "盘某某",
            "role": "applicant",
            "gender": "M",
            "ethnicity": "瑶族",
            "id_number": number[:-1] + number[-1].lower(),  # the ledger's lower-case x
            "phone": "",
            "address": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    party.person.refresh_from_db()
    assert party.person.id_number == number.upper()
    assert party.person.ethnicity == "瑶族"
    event = AuditEvent.objects.filter(object_id=str(dispute.pk), note__contains="更正当事人")
    assert event.exists()
    assert AuditEvent.objects.filter(
        object_id=str(party.person.pk), changes__has_key="id_number"
    ).exists()

    case.refresh_from_db()
    workflow.record_agreement(case, agreement, by=med.world.owner)
    assert Agreement.objects.filter(case=case).exists()


def test_case_page_says_a_party_lacks_an_id_number_before_the_agreement_is_filled(
    med: Med,
) -> None:
    """Walking the demo: the mediator filled the whole written agreement, then
    was refused for a party with no ID number. The case page says so beside
    the parties, with the way to correct that party; the colleague in scope
    sees it too, the outsider gets 404, and it goes once the number is in."""
    dispute = _dispute_without_id(med)
    case = _mediating(med, dispute)
    party = dispute.parties.get(role=DisputeParty.Role.APPLICANT)
    url = reverse("mediation:case_detail", args=[case.pk])
    fix = reverse("mediation:party_edit", args=[dispute.pk, party.pk])
    for user in (med.world.owner, med.world.colleague):
        html = med.world.client(user).get(url).content.decode()
        assert html.count('data-testid="party-without-id"') == 1
        assert "当事人盘某某缺少身份证号码" in html and f'href="{fix}"' in html
    assert med.world.client(med.world.outsider).get(url).status_code == 404
    Person.objects.filter(pk=party.person_id).update(id_number=valid_id_number(8, birth=BORN))
    html = med.world.client(med.world.owner).get(url).content.decode()
    assert 'data-testid="party-without-id"' not in html


def test_parties_are_frozen_by_the_agreement(med: Med) -> None:
    case = med.case()
    workflow.record_agreement(
        case,
        AgreementInput(form=Agreement.Form.ORAL, dated=D(2024, 9, 10), terms="赔偿。"),
        by=med.world.owner,
    )
    party = med.dispute.parties.first()
    assert party is not None
    with pytest.raises(RuleViolation) as exc:
        workflow.update_party(party, PartyInput(name="改名", role=party.role), by=med.world.owner)
    assert "party" in exc.value.message_dict
    with pytest.raises(RuleViolation):
        workflow.remove_party(party, by=med.world.owner)
    with pytest.raises(RuleViolation):
        workflow.add_party(med.dispute, PartyInput(name="新当事人"), by=med.world.owner)
    assert Person.objects.get(pk=party.person_id).name != "改名"
    page = med.world.client(med.world.owner).get(med.dispute.get_absolute_url()).content.decode()
    assert 'data-testid="party-edit"' not in page
    assert 'data-testid="action-party"' not in page


@pytest.mark.parametrize(
    ("id_number", "message"),
    [
        ("4311271975080911", "身份证号码应为18位"),
        (valid_id_number(3, birth=BORN)[:-1] + "0", "校验位错误"),
        ("431127197502300011", "出生日期无效"),
    ],
)
def test_party_correction_refuses_a_bad_id_number(med: Med, id_number: str, message: str) -> None:
    dispute = _dispute_without_id(med)
    party = dispute.parties.get(role=DisputeParty.Role.APPLICANT)
    response = med.world.client(med.world.owner).post(
        reverse("mediation:dispute_action", args=[dispute.pk, "party_edit"]),
        {"party": party.pk, "name": "盘某某", "role": "applicant", "id_number": id_number},
    )
    assert response.status_code == 400
    body = response.content.decode()
    # The message names the field itself: shown once, not 身份证号码：身份证号码… (texts.labelled).
    assert message in body and "身份证号码：身份证号码" not in body
    assert 'data-testid="form-party_edit"' in body  # the party's page again, as posted
    party.person.refresh_from_db()
    assert party.person.id_number == ""


def test_party_correction_refuses_5000_characters_and_keeps_script_as_text(med: Med) -> None:
    dispute = _dispute_without_id(med)
    party = dispute.parties.get(role=DisputeParty.Role.APPLICANT)
    client = med.world.client(med.world.owner)
    url = reverse("mediation:dispute_action", args=[dispute.pk, "party_edit"])
    response = client.post(url, {"party": party.pk, "name": "盘" * 5000, "role": "applicant"})
    assert response.status_code == 400
    assert "姓名：" in response.content.decode()
    party.person.refresh_from_db()
    assert party.person.name == "盘某某"

    script = "<script>alert(1)</script>"
    response = client.post(url, {"party": party.pk, "name": script, "role": "applicant"})
    assert response.status_code == 302
    page = client.get(dispute.get_absolute_url()).content.decode()
    assert script not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_party_edit_and_remove_owner_cadre_outsider(med: Med) -> None:
    world = med.world
    dispute = _dispute_without_id(med)
    party = dispute.parties.get(role=DisputeParty.Role.APPLICANT)
    page = reverse("mediation:party_edit", args=[dispute.pk, party.pk])
    remove = reverse("mediation:dispute_action", args=[dispute.pk, "party_remove"])
    # The judicial office and the village's cadre correct it; the cadre of
    # another village and another township's office do not find it.
    assert world.client(world.owner).get(page).status_code == 200
    assert world.client(world.village_cadre).get(page).status_code == 200
    assert world.client(world.village2_cadre).get(page).status_code == 404
    assert world.client(world.outsider).get(page).status_code == 404
    assert world.client(world.outsider).post(remove, {"party": party.pk}).status_code == 404
    assert world.client(world.county_user).get(page).status_code == 403  # read-only
    assert DisputeParty.objects.filter(pk=party.pk).exists()

    response = world.client(world.village_cadre).post(
        remove, {"party": party.pk, "reason": "误登记"}
    )
    assert response.status_code == 302
    assert not DisputeParty.objects.filter(pk=party.pk).exists()
    assert Person.objects.filter(pk=party.person_id).exists()  # the person stays
    assert AuditEvent.objects.filter(object_id=str(dispute.pk), note="误登记").exists()


def test_party_edit_page_masks_for_a_role_without_pii(med: Med) -> None:
    party = med.dispute.parties.get(person=med.applicant)
    url = reverse("mediation:party_edit", args=[med.dispute.pk, party.pk])
    cadre = med.world.client(med.world.village_cadre).get(url).content.decode()
    assert med.applicant.id_number not in cadre
    assert med.applicant.id_number[-4:] in cadre  # shown masked as the placeholder
    # Left empty, the ID number on record stays.
    response = med.world.client(med.world.village_cadre).post(
        reverse("mediation:dispute_action", args=[med.dispute.pk, "party_edit"]),
        {"party": party.pk, "name": med.applicant.name, "role": "applicant", "gender": "F"},
    )
    assert response.status_code == 302
    med.applicant.refresh_from_db()
    assert med.applicant.id_number and med.applicant.gender == "F"


def test_api_party_steps(med: Med) -> None:
    dispute = _dispute_without_id(med)
    party = dispute.parties.get(role=DisputeParty.Role.APPLICANT)
    client = med.world.client(med.world.owner)
    base = f"/api/v1/mediation-disputes/{dispute.pk}"
    bad = client.post(
        f"{base}/party_edit/",
        {"party": party.pk, "name": "盘某某", "role": "applicant", "id_number": "123"},
    )
    assert bad.status_code == 400 and "身份证号码" in bad.content.decode()
    ok = client.post(
        f"{base}/party_edit/",
        {
            "party": party.pk,
            "name": "盘某某",
            "role": "applicant",
            "id_number": valid_id_number(9, birth=BORN),
        },
    )
    assert ok.status_code == 200, ok.content
    listed = client.get(f"{base}/").json()["party_list"]
    assert {"role_display": "申请人"}.items() <= listed[0].items()
    assert client.post(f"{base}/party_remove/", {"party": party.pk}).status_code == 200
    assert not dispute.parties.filter(pk=party.pk).exists()


# ---------------------------------------------------------------------------
# Chinese labels, no internal markers
# ---------------------------------------------------------------------------


def test_case_history_speaks_chinese(med: Med) -> None:
    case = med.case()
    page = med.world.client(med.world.owner).get(case.get_absolute_url()).content.decode()
    events = page[page.index('data-testid="case-events"') :]
    events = events[: events.index("</ul>")]
    assert "待受理 → 已受理" in events and "已受理 → 调解中" in events
    for code in MediationCase.Status.values:
        assert not re.search(rf"\b{code}\b", events), code


def test_rule_texts_carry_no_confidence_markers(med: Med) -> None:
    for key, setting in rulesettings.REGISTRY.items():
        if key.startswith("mediation."):
            assert not MARKERS.search(setting.source), key
    case = med.case()
    page = med.world.client(med.world.owner).get(case.get_absolute_url()).content.decode()
    assert "《人民调解工作若干规定》第三十三条" in page
    assert not MARKERS.search(page)


def test_confirmation_history_names_results_in_chinese(med: Med) -> None:
    case = med.case()
    by = med.world.owner
    agreement = workflow.record_agreement(
        case,
        AgreementInput(form=Agreement.Form.ORAL, dated=D(2024, 9, 10), terms="赔偿。"),
        by=by,
    )
    confirmation = workflow.apply_confirmation(
        agreement, applied_on=D(2024, 9, 12), court="蓝山县人民法院", joint=True, by=by
    )
    workflow.record_confirmation_result(
        confirmation, result="confirmed", decided_on=D(2024, 9, 20), by=by
    )
    event = AuditEvent.objects.filter(changes__has_key="司法确认结果").get()
    assert event.changes["司法确认结果"] == ["审查中", "确认有效"]


# ---------------------------------------------------------------------------
# Step forms: each label names its own input
# ---------------------------------------------------------------------------


def test_decline_date_is_labelled_as_the_decision(med: Med) -> None:
    case = med.case(accept=False)
    html = med.world.client(med.world.owner).get(case.get_absolute_url()).content.decode()
    parsed = _ids(html)
    duplicates = {i for i in parsed.ids if parsed.ids.count(i) > 1}
    assert not duplicates
    decline = html[html.index('data-testid="form-decline"') :]
    decline = decline[: decline.index("</form>")]
    date_input = re.search(r'<input[^>]*name="on"[^>]*id="([^"]+)"', decline) or re.search(
        r'<input[^>]*id="([^"]+)"[^>]*name="on"', decline
    )
    assert date_input is not None
    assert parsed.labels[date_input.group(1)] == "决定日期"


# ---------------------------------------------------------------------------
# 移交乡调委会: the township committee above the village
# ---------------------------------------------------------------------------


def test_escalation_offers_the_township_committee_to_the_village_cadre(med: Med) -> None:
    world = med.world
    case = med.case()
    page = world.client(world.village_cadre).get(case.get_absolute_url()).content.decode()
    form = page[page.index('data-testid="form-escalate"') :]
    form = form[: form.index("</form>")]
    assert med.township_committee.name in form
    url = reverse("mediation:case_action", args=[case.pk, "escalate"])
    data = {
        "to_committee": med.township_committee.pk,
        "on": "2024-09-05",
        "reason": "涉及跨村山林。",
    }
    # Another village's cadre and another township's office do not find the case.
    assert world.client(world.village2_cadre).post(url, data).status_code == 404
    assert world.client(world.outsider).post(url, data).status_code == 404
    response = world.client(world.village_cadre).post(url, data)
    assert response.status_code == 302
    assert response["Location"] == case.get_absolute_url()  # the new case is the township's
    case.refresh_from_db()
    assert case.status == MediationCase.Status.ESCALATED
    new = MediationCase.objects.get(escalated_from=case)
    assert new.committee == med.township_committee and new.number.startswith("湘源调")
    # The township's office takes it from there.
    assert world.client(world.owner).get(new.get_absolute_url()).status_code == 200


def test_escalation_refuses_another_townships_committee(med: Med) -> None:
    other = MediationCommittee.objects.create(
        unit=med.world.other_township,
        name="浆洞瑶族乡人民调解委员会",
        level="township",
        established_on=D(2020, 1, 1),
    )
    case = med.case()
    response = med.world.client(med.world.owner).post(
        reverse("mediation:case_action", args=[case.pk, "escalate"]),
        {"to_committee": other.pk, "on": "2024-09-05", "reason": "x"},
    )
    assert response.status_code == 400
    assert "请选择本乡的乡级调委会。" in response.content.decode()
    case.refresh_from_db()
    assert case.status == MediationCase.Status.MEDIATING


# ---------------------------------------------------------------------------
# 排查轮次: a bounded list, older rounds by search
# ---------------------------------------------------------------------------


def _weekly_rounds(med: Med, weeks: int) -> list[Screening]:
    start = D(2023, 1, 2)
    return Screening.objects.bulk_create(
        Screening(
            unit=med.world.village,
            screened_on=start + dt.timedelta(weeks=i),
            screeners="村调委会",
            scope=f"第{i + 1}周排查",
        )
        for i in range(weeks)
    )


def _options(html: str, name: str) -> list[str]:
    select = re.search(rf'<select[^>]*name="{name}".*?</select>', html, re.S)
    assert select is not None
    return re.findall(r'<option value="(\d+)"', select.group(0))


def test_screening_choice_is_bounded_and_searchable(med: Med) -> None:
    rounds = _weekly_rounds(med, 110)
    client = med.world.client(med.world.village_cadre)
    page = client.get(reverse("mediation:dispute_create")).content.decode()
    shown = _options(page, "screening")
    assert len(shown) == RECENT_SCREENINGS
    assert shown[0] == str(rounds[-1].pk)  # the latest first
    assert 'data-testid="screening-search"' in page

    oldest = rounds[0]
    found = client.get(reverse("mediation:screening_options"), {"screening_q": "2023.1.2"})
    assert re.findall(r'<option value="(\d+)"', found.content.decode()) == [str(oldest.pk)]
    by_year = client.get(reverse("mediation:screening_options"), {"screening_q": "2023"})
    assert len(re.findall(r'<option value="\d+"', by_year.content.decode())) == (
        SCREENING_SEARCH_LIMIT
    )
    assert "请缩小搜索范围" in by_year.content.decode()
    # An old round found by search is accepted and shown again if the form is refused.
    response = client.post(
        reverse("mediation:dispute_create"),
        {
            "unit": med.world.village.pk,
            "title": "旧轮次发现的纠纷",
            "category": med.dispute.category.pk,
            "facts": "x",
            "source": "screening",
            "screening": oldest.pk,
            "found_on": "2024.3.5",
            "risk_level": "low",
            "party1_name": "甲",
        },
    )
    assert response.status_code == 200  # refused: the date
    body = response.content.decode()
    assert str(oldest.pk) in _options(body, "screening")
    assert "发现/登记日期" in body
    assert not Dispute.objects.filter(title="旧轮次发现的纠纷").exists()


def test_screening_search_stays_in_scope(med: Med) -> None:
    Screening.objects.create(
        unit=med.world.village2, screened_on=D(2024, 5, 6), screeners="x", scope="紫良村排查"
    )
    Screening.objects.create(
        unit=med.world.village, screened_on=D(2024, 5, 6), screeners="x", scope="荆竹村排查"
    )
    url = reverse("mediation:screening_options")

    def found(user: Any) -> str:
        return med.world.client(user).get(url, {"screening_q": "2024-05-06"}).content.decode()

    assert "荆竹村排查" in found(med.world.village_cadre)
    assert "紫良村排查" not in found(med.world.village_cadre)
    assert "紫良村排查" in found(med.world.owner) and "荆竹村排查" in found(med.world.owner)
    assert "排查" not in found(med.world.outsider).replace("没有符合条件的排查轮次", "")


# ---------------------------------------------------------------------------
# Forms fill in what the record knows
# ---------------------------------------------------------------------------


def test_agreement_form_fills_the_facts_and_marks_the_written_contents(med: Med) -> None:
    case = med.case()
    page = med.world.client(med.world.owner).get(case.get_absolute_url()).content.decode()
    form = page[page.index('data-testid="form-agreement"') :]
    form = form[: form.index("</form>")]
    facts = re.search(r'<textarea[^>]*name="facts"[^>]*>(.*?)</textarea>', form, re.S)
    assert facts is not None and facts.group(1).strip() == med.dispute.facts
    for name in ("facts", "issues", "performance_place", "performance_deadline"):
        label = re.search(rf'<label[^>]*for="id_agreementform_{name}"[^>]*>(.*?)</label>', form)
        assert label is not None and "*" in label.group(1), name
    assert "书面协议必填。" in form


def test_followup_form_chooses_the_planned_visit(med: Med) -> None:
    case = med.case()
    workflow.record_agreement(
        case,
        AgreementInput(form=Agreement.Form.ORAL, dated=D(2024, 9, 10), terms="赔偿。"),
        by=med.world.owner,
    )
    planned = case.followups.get()
    page = med.world.client(med.world.owner).get(case.get_absolute_url()).content.decode()
    form = page[page.index('data-testid="form-followup"') :]
    assert re.search(rf'<option value="{planned.pk}" selected>', form[: form.index("</form>")])


def test_new_round_is_filled_for_the_cadre_and_the_office(med: Med) -> None:
    url = reverse("mediation:screening_create")
    cadre = med.world.client(med.world.village_cadre).get(url).content.decode()
    assert re.search(rf'<option value="{med.world.village.pk}" selected>', cadre)
    assert med.world.village_cadre.display_name in cadre  # 排查人员
    office = UserFactory(
        role=Role.JUDICIAL_OFFICE,
        home_unit=OrgUnitFactory(
            name="司法所", kind=OrgUnit.Kind.DEPARTMENT, parent=med.world.township
        ),
    )
    page = med.world.client(office).get(url).content.decode()
    assert re.search(rf'<option value="{med.world.township.pk}" selected>', page)


def test_gender_is_read_from_the_id_number() -> None:
    assert workflow.gender_from_id(valid_id_number(1)) == Person.Gender.MALE
    assert workflow.gender_from_id(valid_id_number(1, female=True)) == Person.Gender.FEMALE
    assert workflow.gender_from_id("123") == ""


# ---------------------------------------------------------------------------
# A clock into a year whose holiday notice is not entered: 暂定 beside it
# ---------------------------------------------------------------------------


def test_december_case_shows_a_provisional_due_date(
    med: Med, monkeypatch: pytest.MonkeyPatch
) -> None:
    from django.utils import timezone

    from fazhi.core.models import CalendarYear

    day = D(2026, 12, 21)  # the notice for 2027 is not entered
    CalendarYear.objects.filter(year__gt=day.year).delete()
    real = timezone.localdate
    monkeypatch.setattr(
        "django.utils.timezone.localdate",
        lambda value=None, timezone=None: day if value is None else real(value, timezone),
    )
    case = workflow.apply(
        med.dispute,
        committee=med.village_committee,
        start=MediationCase.Start.APPLICATION,
        applied_on=day,
        applicant="申请人甲",
        by=med.world.owner,
    )
    workflow.accept(case, on=day, by=med.world.owner)
    note = "暂定（2027年放假安排未公布）"
    client = med.world.client(med.world.owner)
    assert note in client.get(case.get_absolute_url()).content.decode()
    assert note in client.get(reverse("mediation:case_list")).content.decode()
    api = client.get(f"/api/v1/mediation-cases/{case.pk}/").json()
    assert api["conclusion_provisional"] == note


# ---------------------------------------------------------------------------
# Real-ledger input through the API: the field named, nothing saved
# ---------------------------------------------------------------------------


def test_api_names_the_field_of_a_bad_ledger_entry(med: Med) -> None:
    client = med.world.client(med.world.owner)
    response = client.post(
        "/api/v1/mediation-disputes/",
        {
            "unit": med.world.village.pk,
            "title": "纠" * 5000,
            "category": med.dispute.category.pk,
            "facts": "<script>alert(1)</script>",
            "source": "application",
            "found_on": "2024-02-30",
            "parties": [{"name": "甲", "id_number": valid_id_number(5, birth=BORN)[:-1] + "0"}],
        },
        content_type="application/json",
    )
    assert response.status_code == 400
    body = response.json()
    assert body["title"][0].startswith("纠纷简述：")
    assert body["found_on"][0].startswith("发现/登记日期：")
    assert "身份证号码" in str(body["parties"])
    assert not Dispute.objects.exclude(pk=med.dispute.pk).exists()
    screening = client.post(
        "/api/v1/mediation-screenings/",
        {"unit": med.world.village.pk, "screened_on": "2024.3.5", "screeners": "x", "scope": "y"},
    )
    assert screening.status_code == 400
    assert screening.json()["screened_on"][0].startswith("排查日期：")
    case = med.case(accept=False)
    for day in ("2024.3.5", "2024-02-30"):
        step = client.post(f"/api/v1/mediation-cases/{case.pk}/accept/", {"on": day})
        assert step.status_code == 400 and step.json()["on"][0].startswith("受理日期：")
    case.refresh_from_db()
    assert case.status == MediationCase.Status.APPLIED and not case.number


def test_parties_entered_with_the_dispute_are_in_its_history(med: Med) -> None:
    dispute = _dispute_without_id(med)
    rows = AuditEvent.objects.filter(object_id=str(dispute.pk), changes__has_key="当事人")
    assert sorted(e.changes["当事人"][1] for e in rows) == sorted(
        str(p) for p in dispute.parties.all()
    )
