"""Demo data: the 2024 draft report of the demo township, drafted from the
records every other module's builder has loaded (idempotent)."""

from __future__ import annotations

from fazhi.core.demo import DemoWorld

from . import workflow
from .models import AnnualReport

DEMO_YEAR = 2024


def build(world: DemoWorld) -> None:
    leader = world.users["leader"]
    workflow.ensure_template(world.township, by=leader)
    report = AnnualReport.objects.filter(unit=world.township, year=DEMO_YEAR).first()
    if report is None:
        report = workflow.generate_draft(world.township, DEMO_YEAR, by=leader)
    if not report.shortcomings.exists():
        workflow.propose_shortcomings(report, by=leader)
    world.extra["annual_report"] = report
