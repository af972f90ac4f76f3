"""The demo builder drafts the 2024 report once (that a second build changes
nothing, in any table, is tests/core/test_org_demo.py's)."""

from __future__ import annotations

import pytest

from fazhi.core import demo
from fazhi.core.models import Clock
from fazhi.reports.models import AnnualReport, ReportSection, Shortcoming, TemplateSection

pytestmark = pytest.mark.django_db
PROJECT_URLS = True


def counts() -> tuple[int, ...]:
    return (
        AnnualReport.objects.count(),
        ReportSection.objects.count(),
        TemplateSection.objects.count(),
        Shortcoming.objects.count(),
        Clock.objects.filter(kind__startswith="reports.").count(),
    )


def test_demo_builder_drafts_one_report() -> None:
    demo.build()
    first = counts()
    assert first[0] == 1 and first[4] == 2
