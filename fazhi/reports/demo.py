"""Demo data: the demo township's annual reports, from the records every other
module's builder has loaded (idempotent).

The 2024 report is the acceptance report (its figures regenerate the seed's).
The township drafted it in January 2025, the county accepted it and the
township published it in March 2025, inside both deadlines (LAW.md §11.2:
报送县级 by the county's date, 3月1日 by default; §11.3: 向社会公开 by
4月1日) — each step through the report's workflow, recorded afterwards
(`at`), so on the day the demo is built no clock of a past report runs.

The demo holds no 2025 report: its records are of 2024 and of the year it is
built in (2026); a 2025 report drafted from them would state zero petitions,
mediations and activities — work the township did not record here, not work
it did not do.

The report in hand is that of the year a yearly target is judged for
(core.years.judged_year: in the first quarter the year just ended, else this
year), drafted on the day the demo is built; its two clocks are the next
deadlines the 工作台 lists.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo

from django.conf import settings

from fazhi.core import steps, years
from fazhi.core.demo import DemoWorld

from . import workflow
from .models import AnnualReport, Shortcoming

DEMO_YEAR = 2024

Status = AnnualReport.Status


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    """A working hour of `day` in the township."""
    return dt.datetime(
        day.year, day.month, day.day, hour, minute, tzinfo=zoneinfo.ZoneInfo(settings.TIME_ZONE)
    )


# The 2024 report's way out, each step a working day of 2025 inside its
# deadlines (报送县级 2025-03-03: 3月1日 is a Saturday; 向社会公开 2025-04-01).
DRAFTED = _at(dt.date(2025, 1, 6), 9, 30)
FROZEN = _at(dt.date(2025, 1, 20), 10)
SUBMITTED = _at(dt.date(2025, 2, 18), 15)
ACCEPTED = _at(dt.date(2025, 2, 25), 10)
PUBLISHED = _at(dt.date(2025, 3, 12), 9)
CONFIRMED = _at(dt.date(2025, 1, 15), 10)


def _confirm_problems(report: AnnualReport, leader: object, at: dt.datetime | None = None) -> None:
    """Section 二: the problems proposed from the data, taken as proposed
    (`at`: on that day, recorded afterwards)."""
    if not report.shortcomings.exists():
        workflow.propose_shortcomings(report, by=leader, at=at)
    for item in report.shortcomings.filter(status=Shortcoming.Status.PROPOSED):
        workflow.decide_shortcoming(item, by=leader, accept=True, at=at)


def _published_2024(world: DemoWorld) -> AnnualReport:
    leader, county = world.users["leader"], world.users["county"]
    now = steps.today()
    report = AnnualReport.objects.filter(unit=world.township, year=DEMO_YEAR).first()
    if report is None:
        at = DRAFTED if DRAFTED.date() <= now else None
        report = workflow.generate_draft(world.township, DEMO_YEAR, by=leader, at=at)
    if report.is_editable:
        _confirm_problems(report, leader, CONFIRMED if CONFIRMED.date() <= now else None)
    # A step whose day has not come (a demo built before it) waits.
    if report.status == Status.DRAFT and not report.is_frozen and FROZEN.date() <= now:
        workflow.freeze(report, by=leader, at=FROZEN)
    if report.status == Status.DRAFT and SUBMITTED.date() <= now:
        workflow.submit(report, by=leader, at=SUBMITTED)
    if report.status == Status.SUBMITTED and ACCEPTED.date() <= now:
        workflow.accept(report, by=county, at=ACCEPTED)
    if report.status == Status.ACCEPTED and PUBLISHED.date() <= now:
        workflow.publish(report, by=leader, secrecy_reviewed=True, at=PUBLISHED)
    return report


def _in_hand(world: DemoWorld) -> AnnualReport | None:
    """The report of the judged year, drafted today, when that year is after
    the demo's published one."""
    year = years.judged_year(steps.today())
    if year <= DEMO_YEAR:
        return None
    leader = world.users["leader"]
    report = AnnualReport.objects.filter(unit=world.township, year=year).first()
    if report is None:
        report = workflow.generate_draft(world.township, year, by=leader)
    if report.is_editable and not report.shortcomings.exists():
        workflow.propose_shortcomings(report, by=leader)
    return report


def build(world: DemoWorld) -> None:
    leader = world.users["leader"]
    workflow.ensure_template(world.township, by=leader)
    world.extra["annual_report"] = _published_2024(world)
    current = _in_hand(world)
    if current is not None:
        world.extra["report_in_hand"] = current
