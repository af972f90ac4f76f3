"""The demo builder drafts the 2024 report once; running load_demo twice changes nothing."""

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


def test_demo_builder_is_idempotent() -> None:
    demo.build()
    first = counts()
    assert first[0] == 1 and first[4] == 2
    demo.build()
    assert counts() == first
