"""A governance step's form proposes today for the step's own date (`on`)
and nothing for the dates that lie before or after it: a prefilled 施行日期,
补正期限 or 向党委请示报告日期 stated a false fact unless the clerk noticed,
and a prefilled 有效期至 overrode 留空按默认有效期 (the default validity)."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from fazhi.governance import forms

pytestmark = pytest.mark.django_db

OTHER_DATES = {
    forms.PublishDocumentForm: ("effective_on", "valid_until"),
    forms.PublishDecisionForm: ("party_reported_on",),
    forms.CorrectionForm: ("deadline",),
    forms.ParticipationForm: ("consultation_start", "consultation_end", "hearing_on"),
}


@time_machine.travel(dt.datetime(2026, 12, 28, 7, 30, tzinfo=dt.timezone(dt.timedelta(hours=8))))
@pytest.mark.parametrize("form_class", list(OTHER_DATES), ids=lambda c: c.__name__)
def test_only_the_steps_own_date_is_proposed(form_class: type, world: object) -> None:
    form = form_class(user=world.owner)  # type: ignore[attr-defined]
    if "on" in form.fields:
        assert form["on"].value() == dt.date(2026, 12, 28)  # the township's day, not UTC's
    for name in OTHER_DATES[form_class]:
        assert form[name].value() in (None, ""), name


def test_a_mediation_follow_up_plan_and_a_new_term_are_not_proposed_today(world: object) -> None:
    """计划回访日期 is a plan and 新一届任期开始日期 rarely today: both start
    empty, while a visit's own 回访日期 is still proposed."""
    from fazhi.mediation import forms as mediation_forms

    user = world.owner  # type: ignore[attr-defined]
    assert mediation_forms.ScheduleFollowUpForm(user=user)["scheduled_on"].value() is None
    assert mediation_forms.RenewForm(user=user)["term_start"].value() is None
