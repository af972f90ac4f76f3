"""Pages, API, documents and access rules: owner / colleague in scope /
outsider (404 on page, API and export)."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.test import Client
from docx import Document as Docx

from fazhi.reports import documents, queries, workflow
from fazhi.reports.models import AnnualReport
from tests.factories import World
from tests.sweep import checks

from .conftest import FakeIndicators, add_people, confirm_problems

pytestmark = pytest.mark.django_db


@pytest.fixture
def report(world: World, leadership, fake: FakeIndicators) -> AnnualReport:
    fake.count("mediation.committees", "committee")
    add_people(world.township, "committee", 6)
    add_people(world.village, "committee", 2)
    return workflow.generate_draft(world.township, 2024, by=world.owner)


def client(world: World, user) -> Client:
    return world.client(user)


def test_list_page_is_scoped_and_bounded(
    world: World, report, django_assert_max_num_queries
) -> None:
    workflow.generate_draft(world.other_township, 2024, by=world.outsider)
    c = client(world, world.owner)
    with django_assert_max_num_queries(12):
        response = c.get("/reports/?year=2024")
    assert response.status_code == 200
    body = response.content.decode()
    assert report.title in body and "浆洞瑶族乡" not in body


@pytest.mark.parametrize(
    "path",
    ["/reports/{pk}/", "/reports/{pk}/docx/", "/reports/{pk}/changes/", "/api/v1/reports/{pk}/"],
)
def test_report_access_owner_colleague_outsider(world: World, report, path: str) -> None:
    url = path.format(pk=report.pk)
    assert client(world, world.owner).get(url).status_code == 200
    assert client(world, world.colleague).get(url).status_code == 200
    assert client(world, world.county_user).get(url).status_code == 200
    assert client(world, world.outsider).get(url).status_code == 404
    assert client(world, world.village_cadre).get(url).status_code == 404


def test_excel_export_is_scoped(world: World, report) -> None:
    ok = client(world, world.owner).get("/reports/?export=xlsx")
    assert ok.status_code == 200 and ok["Content-Type"].startswith("application/vnd.openxml")
    from openpyxl import load_workbook

    rows = list(load_workbook(io.BytesIO(ok.content)).active.values)
    assert any(report.title in (r[0] or "") for r in rows)
    outsider = client(world, world.outsider).get("/reports/?export=xlsx")
    rows = list(load_workbook(io.BytesIO(outsider.content)).active.values)
    assert not any(report.title in str(r) for r in rows)


def test_detail_links_each_figure_to_its_records(world: World, report) -> None:
    body = client(world, world.owner).get(f"/reports/{report.pk}/").content.decode()
    url = f"/reports/records/{world.township.pk}/2024/leadership.group.members/"
    assert f'href="{url}"' in body
    assert 'data-figure="leadership.group.members">4<' in body


def test_records_behind_a_figure_apply_the_viewer_scope(world: World, report) -> None:
    url = f"/reports/records/{world.township.pk}/2024/mediation.committees/"
    page = client(world, world.owner).get(url)
    assert page.status_code == 200 and len(page.context["rows"].object_list) == 8
    assert client(world, world.outsider).get(url).status_code == 404
    # A village cadre asking for their village sees only its rows.
    village = client(world, world.village_cadre).get(
        f"/reports/records/{world.village.pk}/2024/mediation.committees/"
    )
    assert len(village.context["rows"].object_list) == 2
    assert client(world, world.owner).get("/reports/records/1/2024/no.such.key/").status_code == 404


def test_pdf_button_says_why_it_is_absent(world: World, report, monkeypatch) -> None:
    monkeypatch.setattr(documents, "pdf_converter", lambda: None)
    body = client(world, world.owner).get(f"/reports/{report.pk}/").content.decode()
    assert 'data-testid="pdf-absent"' in body and "LibreOffice" in body
    response = client(world, world.owner).get(f"/reports/{report.pk}/pdf/")
    assert response.status_code == 302


def test_docx_is_an_official_document(world: World, report) -> None:
    response = client(world, world.owner).get(f"/reports/{report.pk}/docx/")
    doc = Docx(io.BytesIO(response.content))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "2024年湘江源瑶族乡法治政府建设工作情况报告" in text
    assert "一、2024年度法治政府建设工作开展情况" in text
    assert "由党委书记担任组长，乡长、人大主席为副组长" in text
    assert "湘江源瑶族乡人民政府" in text


def test_workflow_through_pages(world: World, report) -> None:
    owner = client(world, world.owner)
    section = report.sections.get(key="other")
    response = owner.post(
        f"/reports/sections/{section.pk}/edit/",
        {
            "title": "其他事项",
            "text": "另有调委会{mediation.committees}个，新建3个。",
            "included": "on",
            "order": 200,
            "version": section.version,
        },
        follow=True,
    )
    messages = [str(m) for m in response.context["messages"]]
    assert any("3" in m and "无法追溯" in m for m in messages)
    # Section 二 confirmed on the page (添加问题), before the county may accept.
    owner.post(
        f"/reports/{report.pk}/shortcomings/add/",
        {"text": "法治宣传覆盖面不够广", "cause": "普法活动统筹不够"},
    )
    assert queries.accepted_shortcomings(report)
    owner.post(f"/reports/{report.pk}/do/submit/", {"missing_reason": "问题待确认"})
    report.refresh_from_db()
    assert report.status == AnnualReport.Status.SUBMITTED
    # The township cannot accept its own report; the county can.
    owner.post(f"/reports/{report.pk}/do/accept/")
    report.refresh_from_db()
    assert report.status == AnnualReport.Status.SUBMITTED
    county = client(world, world.county_user)
    county.post(f"/reports/{report.pk}/do/accept/")
    report.refresh_from_db()
    assert report.status == AnnualReport.Status.ACCEPTED
    owner.post(f"/reports/{report.pk}/do/publish/")
    report.refresh_from_db()
    assert report.status == AnnualReport.Status.ACCEPTED
    owner.post(f"/reports/{report.pk}/do/publish/", {"secrecy_reviewed": "on"})
    report.refresh_from_db()
    assert report.status == AnnualReport.Status.PUBLISHED
    refused = owner.post(
        f"/reports/sections/{section.pk}/edit/",
        {
            "title": "x",
            "text": "改",
            "included": "on",
            "order": 1,
            "version": report.sections.get(pk=section.pk).version,
        },
    )
    assert "已公开" in refused.content.decode()


def test_public_pages_show_only_published_reports_without_login(world: World, report) -> None:
    anonymous = Client()
    assert anonymous.get(f"/reports/public/{report.pk}/").status_code == 404
    confirm_problems(report, by=world.owner)
    workflow.submit(report, by=world.owner, missing_reason="测试")
    workflow.accept(report, by=world.county_user)
    workflow.publish(report, by=world.owner, secrecy_reviewed=True)
    page = anonymous.get(f"/reports/public/{report.pk}/")
    assert page.status_code == 200
    body = page.content.decode()
    assert "由党委书记担任组长" in body and "/reports/records/" not in body
    assert report.title in anonymous.get("/reports/public/").content.decode()
    assert anonymous.get(f"/reports/public/{report.pk}/docx/").status_code == 200
    assert anonymous.get(f"/reports/{report.pk}/").status_code == 302  # staff page needs login


def test_create_page_refuses_out_of_scope_unit(world: World, fake) -> None:
    response = client(world, world.owner).post(
        "/reports/new/", {"unit": world.other_township.pk, "year": 2024}
    )
    assert "不在您的管辖范围内" in response.content.decode()
    assert not AnnualReport.objects.exists()


def test_create_page_offers_the_clerks_own_township_styled(world: World) -> None:
    """Walking the demo as the township leader: the form drew a bare
    drop-down at ---------, unstyled beside every other form. The township's
    own unit is offered and the fields carry Bootstrap's classes."""
    from fazhi.reports.forms import CreateReportForm

    form = CreateReportForm(user=world.owner)
    assert world.owner.home_unit == world.township
    assert form.fields["unit"].initial == world.township.pk
    assert "form-select" in form.fields["unit"].widget.attrs["class"]
    assert "form-control" in form.fields["year"].widget.attrs["class"]
    county = CreateReportForm(user=world.county_user)
    assert county.fields["unit"].initial == world.county.pk
    page = client(world, world.owner).get("/reports/new/").content.decode()
    assert f'<option value="{world.township.pk}" selected>' in page


def test_api_errors_are_chinese_field_messages(world: World, report) -> None:
    owner = client(world, world.owner)
    response = owner.post(
        f"/api/v1/reports/{report.pk}/submit/", {}, content_type="application/json"
    )
    assert response.status_code == 400 and "missing_reason" in response.json()
    owner.post(
        f"/api/v1/reports/{report.pk}/submit/",
        {"missing_reason": "测试"},
        content_type="application/json",
    )
    county = client(world, world.county_user)
    response = county.post(
        f"/api/v1/reports/{report.pk}/return/", {"comment": ""}, content_type="application/json"
    )
    assert response.status_code == 400 and "退回时请填写审核意见" in response.json()["comment"][0]
    response = county.post(
        f"/api/v1/reports/{report.pk}/return/", {"comment": "补充"}, content_type="application/json"
    )
    assert response.status_code == 200 and response.json()["status"] == "returned"
    section = report.sections.get(key="other")
    stale = owner.patch(
        f"/api/v1/report-sections/{section.pk}/",
        {"text": "无。", "version": section.version - 1},
        content_type="application/json",
    )
    assert stale.status_code == 409 and stale.json()["field"] == "version"
    assert (
        client(world, world.outsider).get(f"/api/v1/report-sections/{section.pk}/").status_code
        == 404
    )
    listing = client(world, world.outsider).get("/api/v1/reports/").json()
    assert listing["count"] == 0


def test_dashboard_rollup_and_drilldown(
    world: World, report, django_assert_max_num_queries
) -> None:
    call_command("snapshot_indicators", "--year", "2024", stdout=io.StringIO())
    county = client(world, world.county_user)
    with django_assert_max_num_queries(15):
        response = county.get("/reports/rollup/?year=2024")
    assert response.status_code == 200
    row = next(r for r in response.context["table"] if r["key"] == "mediation.committees")
    assert row["total"] == 8
    assert county.get(f"/reports/indicators/{world.township.pk}/2024/").status_code == 200
    assert (
        client(world, world.outsider)
        .get(f"/reports/indicators/{world.township.pk}/2024/")
        .status_code
        == 404
    )
    dash = client(world, world.colleague).get("/reports/dashboard/?year=2024")
    assert dash.status_code == 200 and "vendor/echarts.min.js" in dash.content.decode()


def test_template_is_data_the_township_edits(world: World, report) -> None:
    owner = client(world, world.owner)
    assert owner.get("/reports/template/").status_code == 200
    from fazhi.reports.models import TemplateSection

    row = TemplateSection.objects.get(template__unit=world.township, key="other")
    response = owner.post(
        f"/reports/template/sections/{row.pk}/",
        {
            f"s{row.pk}-title": "其他需要报告的情况",
            f"s{row.pk}-level": 1,
            f"s{row.pk}-order": 5,
            f"s{row.pk}-mandatory_item": 5,
            f"s{row.pk}-text": "无。",
            f"s{row.pk}-included": "on",
        },
    )
    assert response.status_code == 302
    workflow.regenerate_draft(report, by=world.owner)
    headings = [b.heading for b in queries.render_report(report)]
    assert headings[0] == "一、其他需要报告的情况"  # moved to the front, renumbered
    outsider = client(world, world.outsider).post(f"/reports/template/sections/{row.pk}/", {})
    assert outsider.status_code == 404


def test_cli_writes_the_docx(world: World, leadership, fake, tmp_path) -> None:
    out = tmp_path / "report.docx"
    call_command(
        "annual_report",
        "--unit",
        "湘江源瑶族乡",
        "--year",
        "2024",
        "--out",
        str(out),
        stdout=io.StringIO(),
    )
    text = "\n".join(p.text for p in Docx(str(out)).paragraphs)
    assert "由党委书记担任组长" in text
    assert not AnnualReport.objects.exists()  # a dry run saves nothing


def test_a_refused_step_names_the_input_in_words(world: World, report) -> None:
    """A refusal on the report page names the input by its label (缺项说明,
    审核意见), never its code (missing_reason, comment); the warnings and the
    request read as one sentence (no 。。), and the basis cites the regulation,
    not the project's notes (LAW.md)."""
    owner = client(world, world.owner)
    response = owner.post(f"/reports/{report.pk}/do/submit/", {}, follow=True)
    [message] = [str(m) for m in response.context["messages"]]
    assert message.startswith("缺项说明：“存在的问题及原因”尚未确认任何问题。如确需报送")
    assert "。。" not in message and "LAW.md" not in message and "missing_reason" not in message
    assert "（依据：《法治政府建设与责任落实督察工作规定》（年度报告内容））" in message
    owner.post(f"/reports/{report.pk}/do/submit/", {"missing_reason": "问题待确认"})
    county = client(world, world.county_user)
    response = county.post(f"/reports/{report.pk}/do/return/", {"comment": ""}, follow=True)
    assert [str(m) for m in response.context["messages"]] == ["审核意见：退回时请填写审核意见。"]


def test_report_clocks_cite_the_regulation_not_the_notes(world: World, report) -> None:
    from fazhi.core.models import Clock
    from fazhi.reports import rules

    for text in (rules.SUBMIT_BY.source, rules.PUBLISH_BY.source, rules.RULE_CONTENTS):
        assert "LAW.md" not in text and "UNCONFIRMED" not in text and "[S]" not in text
    bases = Clock.objects.filter(kind__startswith="reports.").values_list("legal_basis", flat=True)
    assert bases and all("LAW.md" not in b for b in bases)


def test_a_proposed_problem_reads_with_its_figure(world: World, report) -> None:
    """A problem proposed from the data keeps its {figure} placeholder for the
    report (the figure stays live), but the clerk deciding on it reads the
    sentence with the number in it, not the indicator's code."""
    import re

    from lxml import html

    from fazhi.reports.models import Shortcoming

    Shortcoming.objects.create(
        report=report, source="test", text="调委会{mediation.committees}个待整顿", order=1
    )
    page = html.fromstring(client(world, world.owner).get(f"/reports/{report.pk}/").content)
    [stated] = page.xpath("//*[@data-testid='shortcoming-stated']")
    assert re.fullmatch(r"调委会\d+个待整顿", stated.text_content().strip())
    [textarea] = page.xpath("//*[@data-testid='shortcoming']//textarea[@name='text']")
    assert textarea.text_content() == "调委会{mediation.committees}个待整顿"


def test_every_figures_records_page_in_a_fixed_order(world: World) -> None:
    """Training attendance and hearings have no default order: their records
    pages paged in whatever order the database picked (Django's
    UnorderedObjectListWarning in the render sweep), so a record could show
    on two pages and another on none."""
    from fazhi.reports.figures import REGISTRY, records_for

    viewer = client(world, world.owner)
    keys = [key for key in REGISTRY if records_for(key) is not None]
    assert keys
    problems = {}
    for key in keys:
        page = viewer.get(f"/reports/records/{world.township.pk}/2024/{key}/")
        assert page.status_code == 200, key
        assert page.context["rows"].paginator.object_list.ordered, key
        # What the render sweep checks on every page (it opens one figure's
        # records page per kind of record, tests/sweep/test_render_sweep.py).
        found = checks.problems_in("html", page.content)
        if found:
            problems[key] = found
    assert not problems, problems


def test_year_over_year_gives_no_change_beside_a_year_without_the_figure(
    world: World, report
) -> None:
    """Walking the demo's 2024 report: 领导小组成员 7 beside 2023's — read 增减 7,
    a rise from a figure nobody recorded. Beside an empty year the change is —;
    the colleague in scope sees the same, the outsider gets 404."""
    import re

    for user in (world.owner, world.colleague):
        body = client(world, user).get(f"/reports/{report.pk}/").content.decode()
        row = re.search(r'<tr data-key="leadership.group.members">(.*?)</tr>', body, re.S)
        assert row is not None
        cells = [
            re.sub(r"<[^>]+>", "", c).strip()
            for c in re.findall(r"<td[^>]*>(.*?)</td>", row.group(1), re.S)
        ]
        assert cells[1:] == ["4", "—", "—"], cells
    assert client(world, world.outsider).get(f"/reports/{report.pk}/").status_code == 404


def test_the_section_pages_keys_break_on_a_phone(world: World, report) -> None:
    """可引用的指标 beside a section's text: a key such as
    {petitions.received.by_channel.online} ran the table past a phone's
    screen (found walking the demo as leader at 390×844: 429 px). Each key
    breaks where it must, in a table that scrolls inside its column."""
    from lxml import html

    section = report.sections.get(key="other")
    page = client(world, world.owner).get(f"/reports/sections/{section.pk}/edit/")
    assert page.status_code == 200
    tree = html.fromstring(page.content)
    box = tree.xpath("//*[@data-testid='section-sources']")
    assert box and "table-responsive" in box[0].get("class").split()
    keys = box[0].xpath(".//table//code")
    assert keys and all("text-break" in (k.get("class") or "").split() for k in keys)
