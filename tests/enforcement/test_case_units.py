"""A case is the township's: 所属单位 on 登记线索, 简易程序 and 行政检查 offers the
township alone, and the page, the API and the workflow refuse a village
(workflow.case_units, 《行政处罚法》第二十四条)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from fazhi.core.errors import RuleViolation
from fazhi.core.models import OrgUnit
from fazhi.enforcement import workflow
from fazhi.enforcement.models import EnforcementCase
from tests.factories import OrgUnitFactory

from .conftest import Enf

pytestmark = pytest.mark.django_db

D = dt.date
PAGES = ("enforcement:case_create", "enforcement:summary_create", "enforcement:inspection_create")


def _post(enf: Enf, unit: OrgUnit) -> dict[str, object]:
    return {
        "unit": unit.pk,
        "case_type": "penalty",
        "title": "村里登记的线索",
        "field": enf.fields["forestry"].pk,
        "source": "report",
        "party_type": "citizen",
        "party_name": "张三",
        "id_number": "431127198005170010",
        "phone": "13812345678",
        "address": "荆竹村1组",
        "act_date": "2024-03-01",
        "discovered_on": "2024-03-04",
    }


def test_a_case_is_registered_to_the_township_only(enf: Enf) -> None:
    w = enf.w
    office = OrgUnitFactory(name="综合行政执法队", kind=OrgUnit.Kind.DEPARTMENT, parent=w.township)
    for user in (w.officer, w.colleague):
        for name in PAGES:
            page = w.client(user).get(reverse(name))
            assert page.status_code == 200, (user, name)
            units = list(page.context["form"].fields["unit"].queryset)
            assert units == [w.township], (user, name, units)

    client = w.client(w.officer)
    r = client.post(reverse("enforcement:case_create"), _post(enf, w.village))
    assert r.status_code == 200 and "unit" in r.context["form"].errors
    r = client.post(
        "/api/v1/enforcement/cases/", _post(enf, w.village), content_type="application/json"
    )
    assert r.status_code == 400 and "所属单位应为乡镇" in r.json()["unit"][0], r.content
    case = EnforcementCase(
        unit=office,
        title="执法队线索",
        field=enf.fields["forestry"],
        party_name="张三",
        act_date=D(2024, 3, 1),
        discovered_on=D(2024, 3, 4),
    )
    with pytest.raises(RuleViolation, match="所属单位应为乡镇") as exc:
        workflow.register_clue(case, by=w.officer)
    assert "unit" in exc.value.message_dict
    on_the_spot = EnforcementCase(
        unit=w.village, title="当场处罚", field=enf.fields["forestry"], party_name="张三"
    )
    with pytest.raises(RuleViolation, match="所属单位应为乡镇") as exc:
        workflow.summary_penalty(
            on_the_spot,
            on=D(2024, 3, 4),
            penalty_kind="warning",
            fine_amount=None,
            officers=enf.pair(),
            by=w.officer,
        )
    assert "unit" in exc.value.message_dict
    inspection = EnforcementCase(
        unit=w.village, title="村里检查", field=enf.fields["forestry"], party_name="张三"
    )
    with pytest.raises(RuleViolation, match="所属单位应为乡镇") as exc:
        workflow.open_inspection(inspection, on=D(2024, 3, 4), by=w.officer)
    assert "unit" in exc.value.message_dict
    assert not EnforcementCase.objects.exists()

    r = client.post(reverse("enforcement:case_create"), _post(enf, w.township))
    assert r.status_code == 302, r.context and r.context["form"].errors
    assert EnforcementCase.objects.get().unit == w.township


@pytest.mark.parametrize("name", PAGES)
def test_an_officer_of_an_office_is_offered_the_township(enf: Enf, name: str) -> None:
    """An officer whose home unit is the 综合行政执法队 (zhifa in the demo)
    finds 所属单位 on the one unit a case takes, not on ---------: the home
    unit is proposed only where the form offers it."""
    w = enf.w
    office = OrgUnitFactory(name="综合行政执法队", kind=OrgUnit.Kind.DEPARTMENT, parent=w.township)
    for user in (w.officer, w.colleague):
        user.home_unit = office
        user.save(update_fields=["home_unit"])
        form = w.client(user).get(reverse(name)).context["form"]
        assert form["unit"].value() == w.township.pk, (user, name)
