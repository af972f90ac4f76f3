"""增加委员 offers only those not serving on the committee now: it listed
every person in scope, current members too, and choosing one was refused
after the post (…已是本调委会委员). workflow.not_members is the step's rule;
a member who has left may be elected again."""

from __future__ import annotations

import datetime as dt

import pytest

from fazhi.core.errors import RuleViolation
from fazhi.mediation import workflow
from fazhi.mediation.forms import MemberForm
from fazhi.mediation.models import CommitteeMember
from tests.factories import PersonFactory

from .conftest import Med

pytestmark = pytest.mark.django_db


def test_the_member_form_offers_no_serving_member(med: Med) -> None:
    committee = med.village_committee
    serving = committee.members.filter(left_on__isnull=True).first()
    assert serving is not None
    newcomer = PersonFactory(unit=med.world.village)
    leaving = committee.members.exclude(pk=serving.pk).filter(left_on__isnull=True).first()
    assert leaving is not None
    workflow.end_member(leaving, left_on=dt.date(2024, 5, 1), by=med.world.owner)
    for user in (med.world.owner, med.world.colleague):
        form = MemberForm(user=user, record=committee)
        offered = {int(str(v)) for v, _label in form.fields["person"].choices if v != ""}
        assert newcomer.pk in offered and leaving.person_id in offered, user
        assert serving.person_id not in offered, user
    page = committee.get_absolute_url()
    assert med.world.client(med.world.outsider).get(page).status_code == 404
    with pytest.raises(RuleViolation, match="已是本调委会委员"):
        workflow.add_member(
            committee,
            person=serving.person,
            position=CommitteeMember.Position.MEMBER,
            elected_on=dt.date(2024, 6, 1),
            by=med.world.owner,
        )
