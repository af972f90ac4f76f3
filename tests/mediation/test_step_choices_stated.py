"""A mediation step's choice of a fact the mediator states opens on
"---------", not on its first value: 协议形式 opened on 书面协议, 履行情况
on 已履行, a dispute's 处理结果 on 已化解, 启动方式 on 当事人申请, the
court's 审查结果 on 确认有效, so a mediator who did not open the list
recorded them unnoticed (as a complaint's 核查结论 on 属实, 71871d3). A post
without one is refused naming the field, nothing saved."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse

from fazhi.mediation import forms, workflow
from fazhi.mediation.models import Agreement, Dispute, MediationCase
from tests.stated_choices import check_stated, opens_on

from .conftest import Med

pytestmark = pytest.mark.django_db

D = dt.date


def test_a_disputes_stated_choices_open_on_no_value(med: Med) -> None:
    page = med.world.client(med.world.owner).get(med.dispute.get_absolute_url())
    body = page.content.decode()
    for name in ("start", "role", "outcome"):  # 启动方式, 添加当事人's 身份, 处理结果
        assert opens_on(body, name) == "", name


def test_a_dispute_closed_without_its_outcome_is_refused_naming_it(med: Med) -> None:
    url = reverse("mediation:dispute_action", args=[med.dispute.pk, "close"])
    response = med.world.client(med.world.owner).post(
        url, {"on": "2024-09-02", "note": "当场调处。", "version": med.dispute.version}
    )
    assert response.status_code == 400
    assert "处理结果：该字段是必填项。" in response.content.decode()
    med.dispute.refresh_from_db()
    assert med.dispute.status == Dispute.Status.REGISTERED


def test_an_agreements_form_opens_on_no_value_and_is_required(med: Med) -> None:
    case = med.case()
    workflow.record_session(
        case,
        held_on=D(2024, 9, 3),
        place="调解室",
        attendees="双方",
        record="调解。",
        by=med.world.owner,
    )
    case.refresh_from_db()
    assert case.status == MediationCase.Status.MEDIATING
    client = med.world.client(med.world.owner)
    assert opens_on(client.get(case.get_absolute_url()).content.decode(), "form") == ""
    url = reverse("mediation:case_action", args=[case.pk, "agreement"])
    response = client.post(
        url, {"dated": "2024-09-04", "terms": "以田埂中线为界。", "version": case.version}
    )
    assert response.status_code == 400
    assert "协议形式：该字段是必填项。" in response.content.decode()
    assert not Agreement.objects.exists()


def test_a_committees_new_members_position_opens_on_no_value(med: Med) -> None:
    page = med.world.client(med.world.owner).get(med.village_committee.get_absolute_url())
    assert opens_on(page.content.decode(), "position") == ""


# Every mediation form with such a choice, 履行情况 and 审查结果 among them
# (their pages need an agreement, confirmed or followed up).
STATED = [
    (forms.PartyForm, "role"),
    (forms.CloseDisputeForm, "outcome"),
    (forms.ApplyForm, "start"),
    (forms.RelativeForm, "relation"),
    (forms.AgreementForm, "form"),
    (forms.ConfirmResultForm, "result"),
    (forms.FollowUpForm, "honoured"),
    (forms.MemberForm, "position"),
]


@pytest.mark.parametrize(
    ("form_class", "name"), STATED, ids=[f"{f.__name__}.{n}" for f, n in STATED]
)
def test_every_stated_choice_opens_on_no_value_and_is_required(
    med: Med, form_class: Any, name: str
) -> None:
    check_stated(form_class, name, med.world.owner)
