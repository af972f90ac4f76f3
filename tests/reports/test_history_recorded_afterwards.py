"""A step recorded afterwards (补录: the demo's 2024 report, frozen, submitted,
accepted and published in early 2025 and recorded with `at=`) shows in the
report's 历史 tab (core:history, a core view: every module's history) when it
was done, with a note that it was recorded afterwards and when — not only
the moment it was typed in, which read as a 2024 report published today. A
step recorded as it was done carries no note. The audit row keeps its own
time as when it was recorded, the act's time among its sealed values: the
chain still verifies."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone

from fazhi.core import audit, auditchain
from fazhi.reports import workflow
from fazhi.reports.models import AnnualReport
from tests.factories import World
from tests.reports.conftest import confirm_problems

pytestmark = pytest.mark.django_db

RECORDED = dt.datetime(2026, 12, 8, 2, 31, tzinfo=dt.UTC)  # 10:31 in Asia/Shanghai


def _at(day: dt.date, hour: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime(day.year, day.month, day.day, hour))


def _published_afterwards(world: World) -> AnnualReport:
    with time_machine.travel(RECORDED, tick=False):
        report = workflow.generate_draft(
            world.township, 2024, by=world.owner, at=_at(dt.date(2025, 1, 6), 9)
        )
        confirm_problems(report, by=world.owner)
        workflow.freeze(report, by=world.owner, at=_at(dt.date(2025, 1, 20), 10))
        workflow.submit(report, by=world.owner, at=_at(dt.date(2025, 2, 18), 15))
        workflow.accept(report, by=world.county_user, at=_at(dt.date(2025, 2, 25), 10))
        workflow.publish(
            report, by=world.owner, secrecy_reviewed=True, at=_at(dt.date(2025, 3, 12), 9)
        )
    return report


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def _history_url(report: AnnualReport) -> str:
    ct = ContentType.objects.get_for_model(AnnualReport)
    return reverse("core:history", args=[ct.pk, report.pk])


def test_rows_of_steps_recorded_afterwards_say_when_done_and_when_recorded(
    world: World,
) -> None:
    report = _published_afterwards(world)
    rows = {r.note: r for r in audit.history_rows(audit.history(report))}
    published = rows["已完成保密审查，向社会公开"]
    assert published.at.startswith("2025-03-12 09:00"), published.at
    assert published.recorded_at.startswith("2026-12-08 10:31"), published.recorded_at
    assert rows["冻结指标数据"].at.startswith("2025-01-20 10:00")
    assert rows["根据记录生成年度报告草稿"].at.startswith("2025-01-06 09:00")
    # A step recorded as it was done (the problem added, no `at`): its own time, no note.
    added = rows["添加存在的问题：法治宣传覆盖面不够广"]
    assert (added.at, added.recorded_at) == ("2026-12-08 10:31", "")
    # The act's time is not a change of a field.
    assert not any("done_at" in c.label for r in rows.values() for c in r.changes)
    # The row's own time is still when it was recorded; the chain verifies.
    assert all(r.event.at == RECORDED for r in rows.values())
    assert auditchain.verify().ok


def test_a_step_recorded_as_it_was_done_has_no_note(world: World) -> None:
    report = workflow.generate_draft(world.township, 2026, by=world.owner)
    [row] = audit.history_rows(audit.history(report))
    assert row.recorded_at == ""
    html = world.client(world.owner).get(_history_url(report)).content.decode()
    assert "补录" not in html
    assert 'data-testid="history-recorded-afterwards"' not in html


@pytest.mark.parametrize("who", ["owner", "colleague"])
def test_the_history_tab_shows_it_to_the_township(world: World, who: str) -> None:
    report = _published_afterwards(world)
    response = world.client(getattr(world, who)).get(_history_url(report))
    assert response.status_code == 200
    text = _text(response.content.decode())
    assert "2025-03-12 09:00 （补录，记录于 2026-12-08 10:31）" in text, text
    assert "2025-01-20 10:00 （补录，记录于 2026-12-08 10:31）" in text
    assert "2025-02-25 10:00 （补录，记录于 2026-12-08 10:31）" in text


def test_in_english(world: World) -> None:
    report = _published_afterwards(world)
    client = world.client(world.owner)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    text = _text(client.get(_history_url(report)).content.decode())
    assert "补录" not in text
    assert "(entered afterwards; recorded on " in text, text


def test_an_outsider_gets_404(world: World) -> None:
    report = _published_afterwards(world)
    assert world.client(world.outsider).get(_history_url(report)).status_code == 404
