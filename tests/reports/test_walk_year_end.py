"""What the township leader read on the report's pages, walking the demo on
28 December 2026 and 2 January 2027.

- A figure traced to its records for a year without any (2025's 受理登记信访事项,
  from the report's year-over-year table) read 当前计算值：本年度无相关记录 件:
  the count's unit after the words that say there is no count.
- The township's report template listed its untitled first section as
  “10 · opening 正文（无标题）”: the section's code, not words a clerk wrote;
  the report's page named it so too once it was left out (未纳入报告的章节：opening).
"""

from __future__ import annotations

import pytest

from fazhi.reports import workflow
from tests.factories import World

from .conftest import FakeIndicators, add_people

pytestmark = pytest.mark.django_db


@pytest.fixture
def report(world: World, leadership, fake: FakeIndicators):
    fake.count("mediation.committees", "committee", label="人民调解委员会")
    return workflow.generate_draft(world.township, 2024, by=world.owner)


def test_a_figure_without_records_reads_no_unit(world: World, report) -> None:
    url = f"/reports/records/{world.township.pk}/2024/mediation.committees/"
    for viewer in (world.owner, world.colleague, world.county_user):
        body = world.client(viewer).get(url).content.decode()
        strong = body.split('data-testid="figure-value">')[1].split("</p>")[0]
        assert "本年度无相关记录" in strong
        assert "个" not in strong, strong
    assert world.client(world.outsider).get(url).status_code == 404


def test_the_figures_key_is_named_for_template_writers_only(world: World, report) -> None:
    """The page printed the figure's key (mediation.committees) beside its
    value for every reader: a raw code to a leader or the county. Those who
    write the report template read it as what the template cites."""
    url = f"/reports/records/{world.township.pk}/2024/mediation.committees/"
    owner = world.client(world.owner).get(url).content.decode()
    assert "在报告模板中引用为 <code>mediation.committees</code>" in owner
    county = world.client(world.county_user).get(url).content.decode()
    assert "mediation.committees" not in county.split("<main")[1].split("</main>")[0].replace(
        url, ""
    )


def test_a_figure_with_records_keeps_its_unit(world: World, report) -> None:
    add_people(world.township, "committee", 2)
    url = f"/reports/records/{world.township.pk}/2024/mediation.committees/"
    body = world.client(world.owner).get(url).content.decode()
    strong = body.split('data-testid="figure-value">')[1].split("</p>")[0]
    assert strong.startswith("2</strong> 个"), strong


def test_template_shows_no_code_for_an_untitled_section(world: World, report) -> None:
    for viewer in (world.owner, world.colleague, world.county_user):
        body = world.client(viewer).get("/reports/template/").content.decode()
        names = [n.split("</span>")[0] for n in body.split('data-testid="section-name">')[1:]]
        assert names[0] == "10", names[:2]  # its level says 正文（无标题） beside it
        assert names[1].startswith("20 · ") and "年度法治政府建设工作开展情况" in names[1]


def test_an_excluded_untitled_section_is_not_named_by_its_code(world: World, report) -> None:
    opening = report.sections.get(key="opening")
    opening.included = False
    opening.save(update_fields=["included"])
    body = world.client(world.owner).get(f"/reports/{report.pk}/").content.decode()
    excluded = body.split("未纳入报告的章节：")[1].split("</p>")[0]
    assert ">正文（无标题）</a>" in excluded and "opening" not in excluded, excluded
    edit = world.client(world.owner).get(f"/reports/sections/{opening.pk}/edit/")
    assert edit.context["title"] == "编辑章节：正文（无标题）"
