"""ACCEPTANCE: the seed report regenerated from the demo records.

With `fazhi.core.demo.build()` loaded (every module's builder), the 2024 report
of 湘江源瑶族乡 states what the township wrote by hand (seed report): the
leadership group, 6 mediation committees of which 1 township-level and 5
village-level, 6 mediators, 11 certified enforcement officers, the publicity
topics 社会治安、婚姻家庭、土地管理 and a holiday campaign led by the judicial
office — each figure computed from records, and changing the records changes
the next draft. The demo published the 2024 report in March 2025: its text
states the figures frozen from the records."""

from __future__ import annotations

import pytest

from fazhi.core import demo
from fazhi.core.indicators import REGISTRY, Period
from fazhi.reports import queries, workflow
from fazhi.reports.models import AnnualReport

pytestmark = pytest.mark.django_db
PROJECT_URLS = True  # the demo builders of every module link to their own pages


def section(report: AnnualReport, key: str) -> str:
    for block in queries.render_report(report):
        if block.key == key:
            return "".join(block.plain_paragraphs())
    raise AssertionError(f"section {key} missing")


@pytest.fixture
def report() -> AnnualReport:
    world = demo.build()
    found = AnnualReport.objects.get(unit=world.township, year=2024)
    return found


def test_leadership_group_as_the_seed_describes_it(report: AnnualReport) -> None:
    text = section(report, "leadership")
    assert "成立推进依法行政工作领导小组，由党委书记担任组长，乡长、人大主席为副组长" in text


def test_mediation_committees_and_mediators(report: AnnualReport) -> None:
    text = section(report, "disputes")
    assert "全乡已建立调委会6个，其中乡调委会1个、村级调委会5个。" in text
    assert "配备人民调解员6名" in text


def test_certified_enforcement_officers(report: AnnualReport) -> None:
    assert "2024年全乡共有11名干部持有行政执法证。" in section(report, "enforcement")


def test_publicity_topics_and_holiday_campaign(report: AnnualReport) -> None:
    text = section(report, "publicity")
    assert "重点宣传" in text
    for topic in ("社会治安", "婚姻家庭", "土地管理"):
        assert topic in text
    assert "在重大节日由司法所牵头开展" in text and "专题宣传" in text


def test_every_figure_is_a_reference_to_an_indicator(report: AnnualReport) -> None:
    blocks = queries.render_report(report)
    keys = {
        seg.key for b in blocks if b.key == "disputes" for p in b.paragraphs for seg in p if seg.key
    }
    assert {
        "mediation.committees",
        "mediation.committees.township",
        "mediation.committees.village",
    } <= keys
    assert "mediation.mediators" in keys


def test_changing_the_records_changes_the_next_draft(report: AnnualReport) -> None:
    """Add a village committee (a copy of an existing one, renamed) through the
    records behind the figure; the report in hand, drafted again, counts it,
    and the published 2024 report still states its frozen figures."""
    assert report.status == AnnualReport.Status.PUBLISHED
    village = REGISTRY["mediation.committees.village"].records
    assert village is not None
    committee = village(report.unit, Period.year(2024)).first()
    assert committee is not None
    committee.pk = None
    committee.id = None
    committee._state.adding = True
    for name_field in ("name", "title"):
        if hasattr(committee, name_field):
            setattr(committee, name_field, f"{getattr(committee, name_field)}（新设）")
    committee.save()
    draft = AnnualReport.objects.get(unit=report.unit, status=AnnualReport.Status.DRAFT)
    workflow.regenerate_draft(draft, by=draft.created_by)
    assert "全乡已建立调委会7个，其中乡调委会1个、村级调委会6个。" in section(draft, "disputes")
    assert "全乡已建立调委会6个，其中乡调委会1个、村级调委会5个。" in section(report, "disputes")
