"""Term-end and missed-screening reminders: posted once per key."""

from __future__ import annotations

import pytest

from fazhi.core.models import Reminder
from fazhi.mediation import reminders
from fazhi.mediation.models import Screening

from .conftest import D, Med

pytestmark = pytest.mark.django_db


def test_term_end_and_missed_screening_reminders_are_idempotent(
    med: Med, django_capture_on_commit_callbacks
) -> None:
    # Terms started 2024-03-01 end 2027-02-28; 60 days before is 2026-12-30.
    today = D(2027, 1, 4)
    for unit in (med.world.township, med.world.village):
        Screening.objects.create(unit=unit, screened_on=D(2026, 12, 30), screeners="a", scope="b")
    with django_capture_on_commit_callbacks(execute=True):
        first = reminders.scan(today)
    assert first["term"] == 2  # two committees, one judicial-office user
    titles = list(Reminder.objects.filter(user=med.world.owner).values_list("title", flat=True))
    assert any("换届" in t for t in titles)
    assert any("紫良村" in t and "排查" in t for t in titles)
    assert Reminder.objects.filter(user=med.world.village2_cadre, title__contains="紫良村").exists()
    assert not Reminder.objects.filter(
        user=med.world.village_cadre, title__contains="荆竹村12-28"
    ).exists()
    count = Reminder.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        reminders.scan(today)
    assert Reminder.objects.count() == count
    # The other township's judicial office hears only of its own township.
    outsider = Reminder.objects.filter(user=med.world.outsider)
    assert not outsider.filter(title__contains="村").exists()
    assert not outsider.filter(title__contains="换届").exists()


def test_run_reminders_runs_the_mediation_job(med: Med, django_capture_on_commit_callbacks) -> None:
    """The scan is registered with core.daily, so core's daily job (and its
    command) runs it: no separate beat entry to forget."""
    import io

    from django.core.management import call_command

    from fazhi.core import daily

    assert "mediation.reminders" in daily._jobs
    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("run_reminders", "--date", "2027-01-04", stdout=out)
    assert "mediation.reminders: {'term': 2" in out.getvalue()
    assert Reminder.objects.filter(user=med.world.owner, title__contains="换届").exists()
