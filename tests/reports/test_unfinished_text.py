"""No drafting marker reaches the county's acceptance or the public (LAW.md §11.4).

A township may submit on time without section 二 (存在的问题及原因) confirmed,
with a 缺项说明; its text then states 〔存在的问题尚未确认〕 where the problems
go. The county may return such a report, never accept it; a report accepted
before this rule is not published with the marker. Each refusal names what is
missing, changes nothing and writes no audit event: on the workflow, on the
report's page (where the county presses 审核通过 and the township 向社会公开),
and on the API (400). Personas: the county supervisor (the reviewer), the
township's own staff (owner, colleague) and an outsider (404)."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError

from fazhi.core import clocks
from fazhi.core.models import AuditEvent, Reminder
from fazhi.reports import queries, render, workflow
from fazhi.reports.models import AnnualReport, IndicatorSnapshot, ReportTransition
from tests.factories import World

from .conftest import FakeIndicators, add_people, confirm_problems

pytestmark = pytest.mark.django_db
Status = AnnualReport.Status
MARKER = render.PENDING_PROBLEMS
SECTION = "二、法治政府建设工作存在的问题及原因"


@pytest.fixture
def report(world: World, fake: FakeIndicators) -> AnnualReport:
    fake.count("mediation.committees", "committee")
    add_people(world.township, "committee", 6)
    return workflow.generate_draft(world.township, 2024, by=world.owner)


def submitted_unconfirmed(report: AnnualReport, world: World) -> AnnualReport:
    """Submitted on time with the 缺项说明, section 二 not confirmed."""
    workflow.submit(report, by=world.owner, missing_reason="存在的问题待乡党委会研究后确认")
    assert MARKER in text_of(report)
    return report


def accepted_before_the_rule(report: AnnualReport, world: World) -> AnnualReport:
    """A report the county accepted while accept still let the marker through
    (the state such a row holds in the database)."""
    submitted_unconfirmed(report, world)
    AnnualReport.objects.filter(pk=report.pk).update(status=Status.ACCEPTED)
    report.refresh_from_db()
    return report


def text_of(report: AnnualReport) -> str:
    return "\n".join(
        "\n".join([b.heading, *b.plain_paragraphs()]) for b in queries.render_report(report)
    )


def events(report: AnnualReport) -> int:
    ct = ContentType.objects.get_for_model(AnnualReport)
    return AuditEvent.objects.filter(content_type=ct, object_id=str(report.pk)).count()


def unchanged(report: AnnualReport, status: str, version: int, audit_rows: int) -> None:
    fresh = AnnualReport.objects.get(pk=report.pk)
    assert (fresh.status, fresh.version) == (status, version)
    assert events(report) == audit_rows


def messages_of(response: Any) -> list[str]:
    return [str(m) for m in response.context["messages"]]


# --- the workflow ------------------------------------------------------------------


def test_county_cannot_accept_a_report_whose_problems_are_not_confirmed(
    world: World, report: AnnualReport, django_capture_on_commit_callbacks: Any
) -> None:
    submitted_unconfirmed(report, world)
    version, audit_rows = report.version, events(report)
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError) as exc:
        workflow.accept(report, by=world.county_user, note="同意")
    [message] = exc.value.messages
    assert f"“{SECTION}”尚未确认存在的问题" in message
    assert MARKER in message and "不能审核通过" in message and "退回" in message
    unchanged(report, Status.SUBMITTED, version, audit_rows)
    fresh = AnnualReport.objects.get(pk=report.pk)
    assert fresh.accepted_at is None and fresh.review_comment == ""
    assert not ReportTransition.objects.filter(report=report, to_status=Status.ACCEPTED).exists()
    assert not Reminder.objects.filter(key=f"report:{report.pk}:accepted").exists()
    # Returning it stays open to the county: the township completes it.
    workflow.return_report(report, by=world.county_user, comment="请确认存在的问题")
    assert report.status == Status.RETURNED


def test_county_accepts_once_section_two_is_confirmed(world: World, report: AnnualReport) -> None:
    submitted_unconfirmed(report, world)
    workflow.return_report(report, by=world.county_user, comment="请确认存在的问题")
    confirm_problems(report, by=world.owner)
    workflow.submit(report, by=world.owner)  # nothing missing: no 缺项说明 needed
    workflow.accept(report, by=world.county_user)
    assert report.status == Status.ACCEPTED
    text = text_of(report)
    assert MARKER not in text
    assert "存在的问题主要有：法治宣传覆盖面不够广。" in text
    assert "主要原因是：普法活动统筹不够。" in text


def test_problems_without_a_cause_leave_the_marker_and_are_named(
    world: World, report: AnnualReport
) -> None:
    workflow.add_shortcoming(report, by=world.owner, text="法治宣传覆盖面不够广")
    assert "“存在的问题及原因”已确认的问题均未写明原因。" in workflow.mandatory_warnings(report)
    with pytest.raises(ValidationError) as refused:
        workflow.submit(report, by=world.owner)
    assert "missing_reason" in refused.value.message_dict
    workflow.submit(report, by=world.owner, missing_reason="原因待分析")
    with pytest.raises(ValidationError) as exc:
        workflow.accept(report, by=world.county_user)
    [message] = exc.value.messages
    assert f"“{SECTION}”已确认的问题均未写明原因" in message and MARKER in message
    assert AnnualReport.objects.get(pk=report.pk).status == Status.SUBMITTED


def test_a_marker_typed_into_a_section_is_refused_too(world: World, report: AnnualReport) -> None:
    confirm_problems(report, by=world.owner)
    other = report.sections.get(key="other")
    workflow.edit_section(other, by=world.owner, version=other.version, text=f"其他事项：{MARKER}")
    workflow.submit(report, by=world.owner)
    with pytest.raises(ValidationError) as exc:
        workflow.accept(report, by=world.county_user)
    [message] = exc.value.messages
    assert "“五、其他需要报告的事项”留有起草时的标记" in message
    assert SECTION not in message


def test_publish_is_refused_while_the_marker_stands(world: World, report: AnnualReport) -> None:
    accepted_before_the_rule(report, world)
    version, audit_rows = report.version, events(report)
    for writer in (world.owner, world.colleague):
        with pytest.raises(ValidationError) as exc:
            workflow.publish(report, by=writer, secrecy_reviewed=True)
        [message] = exc.value.messages
        assert f"“{SECTION}”尚未确认存在的问题" in message
        assert MARKER in message and "不能向社会公开" in message
    unchanged(report, Status.ACCEPTED, version, audit_rows)
    assert AnnualReport.objects.get(pk=report.pk).published_at is None
    assert not IndicatorSnapshot.objects.filter(unit=world.township, year=2024).exists()
    publish_clock = clocks.clock(report, workflow.CLOCK_PUBLISH)
    assert publish_clock is not None and publish_clock.status == publish_clock.Status.RUNNING
    # Outside the township: refused as out of scope, the text not described.
    with pytest.raises(ValidationError) as outside:
        workflow.publish(report, by=world.outsider, secrecy_reviewed=True)
    assert MARKER not in str(outside.value)


# --- the pages: where the county presses 审核通过, the township 向社会公开 ----------


def test_accept_page_shows_the_refusal_to_the_county(world: World, report: AnnualReport) -> None:
    submitted_unconfirmed(report, world)
    version, audit_rows = report.version, events(report)
    county = world.client(world.county_user)
    page = county.get(f"/reports/{report.pk}/").content.decode()
    assert 'data-testid="unfinished"' in page and "尚未确认存在的问题" in page
    response = county.post(f"/reports/{report.pk}/do/accept/", {"note": "同意"}, follow=True)
    assert response.redirect_chain[-1][0] == f"/reports/{report.pk}/"
    [message] = messages_of(response)
    assert f"“{SECTION}”尚未确认存在的问题" in message and "不能审核通过" in message
    assert message in response.content.decode()
    unchanged(report, Status.SUBMITTED, version, audit_rows)
    # Neither the township's own staff (not the reviewer) nor an outsider (404).
    owner = world.client(world.owner).post(f"/reports/{report.pk}/do/accept/", follow=True)
    assert any("上一级" in m for m in messages_of(owner))
    outsider = world.client(world.outsider).post(f"/reports/{report.pk}/do/accept/")
    assert outsider.status_code == 404
    unchanged(report, Status.SUBMITTED, version, audit_rows)


def test_publish_page_shows_the_refusal_to_the_township(world: World, report: AnnualReport) -> None:
    accepted_before_the_rule(report, world)
    version, audit_rows = report.version, events(report)
    for user in (world.owner, world.colleague):
        client = world.client(user)
        assert 'data-testid="unfinished"' in client.get(f"/reports/{report.pk}/").content.decode()
        response = client.post(
            f"/reports/{report.pk}/do/publish/", {"secrecy_reviewed": "on"}, follow=True
        )
        [message] = messages_of(response)
        assert f"“{SECTION}”尚未确认存在的问题" in message and "不能向社会公开" in message
        assert message in response.content.decode()
    outsider = world.client(world.outsider).post(
        f"/reports/{report.pk}/do/publish/", {"secrecy_reviewed": "on"}
    )
    assert outsider.status_code == 404
    unchanged(report, Status.ACCEPTED, version, audit_rows)
    assert world.client(world.owner).get(f"/reports/public/{report.pk}/").status_code == 404


def test_no_notice_once_the_text_is_finished(world: World, report: AnnualReport) -> None:
    confirm_problems(report, by=world.owner)
    workflow.submit(report, by=world.owner)
    page = world.client(world.county_user).get(f"/reports/{report.pk}/").content.decode()
    assert 'data-testid="accept"' in page and 'data-testid="unfinished"' not in page


# --- the API -----------------------------------------------------------------------


def test_api_answers_400_with_the_same_words(world: World, report: AnnualReport) -> None:
    submitted_unconfirmed(report, world)
    version, audit_rows = report.version, events(report)
    url = f"/api/v1/reports/{report.pk}/accept/"
    county = world.client(world.county_user).post(url, {"note": "同意"})
    assert county.status_code == 400
    [message] = county.json()["non_field_errors"]
    assert f"“{SECTION}”尚未确认存在的问题" in message and MARKER in message
    owner = world.client(world.owner).post(url)
    assert owner.status_code == 400 and "上一级" in str(owner.json())
    assert world.client(world.outsider).post(url).status_code == 404
    unchanged(report, Status.SUBMITTED, version, audit_rows)

    AnnualReport.objects.filter(pk=report.pk).update(status=Status.ACCEPTED)
    url = f"/api/v1/reports/{report.pk}/publish/"
    for user in (world.owner, world.colleague):
        answer = world.client(user).post(url, {"secrecy_reviewed": True})
        assert answer.status_code == 400
        [message] = answer.json()["non_field_errors"]
        assert "尚未确认存在的问题" in message and "不能向社会公开" in message
    assert world.client(world.outsider).post(url, {"secrecy_reviewed": True}).status_code == 404
    unchanged(report, Status.ACCEPTED, version, audit_rows)


def test_the_refusal_in_english(world: World, report: AnnualReport) -> None:
    submitted_unconfirmed(report, world)
    county = world.client(world.county_user)
    county.cookies["django_language"] = "en"
    answer = county.post(f"/api/v1/reports/{report.pk}/accept/")
    assert answer.status_code == 400
    [message] = answer.json()["non_field_errors"]
    # The report's own words (its heading, the marker) stay Chinese.
    assert f"“{SECTION}” has no confirmed problem yet: its text still reads “{MARKER}”" in message
    assert "The report cannot be accepted" in message


# --- the way out: the county withdraws an acceptance before publication ------------


def test_county_withdraws_an_acceptance_the_text_of_which_is_unfinished(
    world: World, report: AnnualReport
) -> None:
    """A report accepted while accept let the marker through cannot be
    published; the county takes its acceptance back (退回, with its opinion),
    the township confirms section 二 and submits again, and it goes through."""
    accepted_before_the_rule(report, world)
    version, audit_rows = report.version, events(report)
    # Not the township's own staff (not the reviewer), not an outsider (404).
    for writer in (world.owner, world.colleague):
        with pytest.raises(ValidationError, match="上一级"):
            workflow.return_report(report, by=writer, comment="撤回")
    outsider = world.client(world.outsider).post(
        f"/reports/{report.pk}/do/return/", {"comment": "撤回"}
    )
    assert outsider.status_code == 404
    unchanged(report, Status.ACCEPTED, version, audit_rows)

    county = world.client(world.county_user)
    page = county.get(f"/reports/{report.pk}/").content.decode()
    assert 'data-testid="withdraw-hint"' in page and "撤回审核，退回修改" in page
    assert 'data-testid="accept"' not in page
    response = county.post(
        f"/reports/{report.pk}/do/return/", {"comment": "存在的问题未确认，请补充"}, follow=True
    )
    assert any("已退回" in m for m in messages_of(response))
    report.refresh_from_db()
    assert report.status == Status.RETURNED and report.accepted_at is None
    assert report.review_comment == "存在的问题未确认，请补充"
    last = ReportTransition.objects.filter(report=report).latest("pk")
    assert (last.from_status, last.to_status) == (Status.ACCEPTED, Status.RETURNED)
    assert events(report) == audit_rows + 1

    confirm_problems(report, by=world.owner)
    workflow.submit(report, by=world.owner)
    workflow.accept(report, by=world.county_user)
    workflow.publish(report, by=world.owner, secrecy_reviewed=True)
    report.refresh_from_db()
    assert report.status == Status.PUBLISHED and MARKER not in text_of(report)


def test_a_published_report_cannot_be_returned(world: World, report: AnnualReport) -> None:
    confirm_problems(report, by=world.owner)
    workflow.submit(report, by=world.owner)
    workflow.accept(report, by=world.county_user)
    workflow.publish(report, by=world.owner, secrecy_reviewed=True)
    version, audit_rows = report.version, events(report)
    with pytest.raises(ValidationError):
        workflow.return_report(report, by=world.county_user, comment="撤回")
    page = world.client(world.county_user).get(f"/reports/{report.pk}/").content.decode()
    assert 'data-testid="return"' not in page
    unchanged(report, Status.PUBLISHED, version, audit_rows)
