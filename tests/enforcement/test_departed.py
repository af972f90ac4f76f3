"""An officer who has left the post (在岗 unticked: 调离、离职) is not offered
for a case's steps (core.serving), and choosing one is refused by name on the
page and the API (the step forms serve both): the officer of the township and
its leader see the same choices, an outsider does not see the case (404)."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from fazhi.enforcement.models import EnforcementCase, Officer

from .conftest import Enf

pytestmark = pytest.mark.django_db


def options(html: str, name: str) -> set[int]:
    select = html.split(f'name="{name}"', 1)[1].split("</select>", 1)[0]
    return {int(v) for v in re.findall(r'<option value="(\d+)"', select)}


@pytest.fixture
def team(enf: Enf) -> tuple[list[Officer], Officer]:
    serving = enf.pair()
    gone = enf.officer("冯志强")
    Officer.objects.filter(pk=gone.pk).update(is_active=False)  # 调离执法岗位
    return serving, gone


def test_a_case_step_offers_no_officer_who_has_left(enf: Enf, team) -> None:
    serving, gone = team
    case = enf.to_stage("filed", officers=serving)
    for user in (enf.w.officer, enf.w.colleague):
        page = enf.w.client(user).get(case.get_absolute_url()).content.decode()
        offered = options(page, "investigate-officers")
        assert {o.pk for o in serving} <= offered and gone.pk not in offered, user
    assert enf.w.client(enf.w.outsider).get(case.get_absolute_url()).status_code == 404
    summary = enf.w.client(enf.w.officer).get(reverse("enforcement:summary_create"))
    offered = options(summary.content.decode(), "officer_list")
    assert serving[0].pk in offered and gone.pk not in offered


def test_choosing_an_officer_who_has_left_is_refused_by_name(enf: Enf, team) -> None:
    serving, gone = team
    case = enf.to_stage("filed", officers=serving)
    client = enf.w.client(enf.w.officer)
    page = client.post(
        reverse("enforcement:case_action", args=[case.pk, "investigate"]),
        {
            "investigate-kind": "inspection",
            "investigate-on": "2024-03-06",
            "investigate-place": "现场",
            "investigate-summary": "检查",
            "investigate-officers": [serving[0].pk, gone.pk],
        },
    )
    assert page.status_code == 400
    assert "执法人员“冯志强”已离职或调离，请另选他人。" in page.content.decode()
    api = client.post(
        f"/api/v1/enforcement/cases/{case.pk}/steps/investigate/",
        {
            "kind": "inspection",
            "on": "2024-03-06",
            "place": "现场",
            "summary": "检查",
            "officers": [serving[0].pk, gone.pk],
        },
    )
    assert api.status_code == 400
    assert api.json()["officers"] == ["执法人员“冯志强”已离职或调离，请另选他人。"]
    assert EnforcementCase.objects.get(pk=case.pk).stage == "filed"
    # An outsider's officer is no officer of this case's scope: not named.
    other = enf.officer("外乡执法员", unit=enf.w.other_township, by=enf.w.outsider)
    api = client.post(
        f"/api/v1/enforcement/cases/{case.pk}/steps/investigate/",
        {
            "kind": "inspection",
            "on": "2024-03-06",
            "place": "现场",
            "summary": "检查",
            "officers": [serving[0].pk, other.pk],
        },
    )
    assert api.status_code == 400 and "外乡执法员" not in str(api.json())


def test_an_officer_whose_person_left_is_neither_offered_nor_taken(enf: Enf) -> None:
    """离职日期 on the person (core.workflow.record_departure), the officer still
    ticked 在岗: from that day the steps do not offer them, and the workflow
    refuses them for an act on or after it (an act before it stays theirs)."""
    import datetime as dt

    from django.utils import timezone

    from fazhi.core import workflow as core_workflow
    from fazhi.enforcement.workflow.officers import officer_problem

    serving = enf.pair()
    case = enf.to_stage("filed", officers=serving)
    gone = serving[1]
    core_workflow.record_departure(gone.person, on=timezone.localdate(), by=enf.w.owner)
    gone.refresh_from_db()
    for user in (enf.w.officer, enf.w.colleague):
        page = enf.w.client(user).get(case.get_absolute_url()).content.decode()
        assert gone.pk not in options(page, "investigate-officers"), user
    assert enf.w.client(enf.w.outsider).get(case.get_absolute_url()).status_code == 404
    assert officer_problem(gone, case, timezone.localdate()) == (
        f"执法人员{gone.person.name}已于{timezone.localdate().isoformat()}离职"
    )
    assert officer_problem(gone, case, dt.date(2024, 3, 6)) is None
