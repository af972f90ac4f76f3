"""The report's workflow: drafting from the records, editing with references
kept, shortcomings, freeze, review and publication (LAW.md §11)."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.exceptions import ValidationError

from fazhi.core import clocks
from fazhi.core.models import GroupMembership, LeadershipRole, Reminder
from fazhi.reports import queries, workflow
from fazhi.reports.models import AnnualReport, IndicatorSnapshot, ReportTransition, Shortcoming
from tests.factories import World

from .conftest import FakeIndicators, add_people, confirm_problems

pytestmark = pytest.mark.django_db


def text_of(report: AnnualReport) -> str:
    return "\n".join(
        "\n".join([b.heading, *b.plain_paragraphs()]) for b in queries.render_report(report)
    )


def section_text(report: AnnualReport, key: str) -> str:
    for block in queries.render_report(report):
        if block.key == key:
            return "\n".join(block.plain_paragraphs())
    raise AssertionError(key)


@pytest.fixture
def mediation(world: World, fake: FakeIndicators) -> FakeIndicators:
    fake.count("mediation.committees", "committee")
    fake.count("mediation.committees.township", "committee-t")
    fake.count("mediation.committees.village", "committee-v")
    fake.count("mediation.mediators", "mediator")
    add_people(world.township, "committee", 6)
    add_people(world.township, "committee-t", 1)
    add_people(world.village, "committee-v", 5)
    add_people(world.township, "mediator", 6)
    return fake


def draft(world: World) -> AnnualReport:
    return workflow.generate_draft(world.township, 2024, by=world.owner)


def test_draft_states_the_leadership_group_from_the_records(world: World, leadership, fake) -> None:
    report = draft(world)
    text = section_text(report, "leadership")
    assert "成立推进依法行政工作领导小组，由党委书记担任组长，乡长、人大主席为副组长" in text
    assert "领导小组共有成员4人" in text
    assert section_text(report, "first_responsible").startswith(
        "党委书记作为推进法治建设第一责任人"
    )


def test_changing_the_leadership_records_changes_the_next_draft(
    world: World, leadership, fake
) -> None:
    report = draft(world)
    GroupMembership.objects.filter(
        group=leadership, leadership_role=LeadershipRole.CONGRESS_CHAIR
    ).update(position=GroupMembership.Position.MEMBER)
    workflow.regenerate_draft(report, by=world.owner)
    assert "由党委书记担任组长，乡长为副组长" in section_text(report, "leadership")


def test_draft_states_the_figures_and_follows_the_records(world: World, mediation) -> None:
    report = draft(world)
    text = section_text(report, "disputes")
    assert "全乡已建立调委会6个，其中乡调委会1个、村级调委会5个。配备人民调解员6名" in text
    add_people(world.village2, "committee", 1)
    add_people(world.village2, "committee-v", 1)
    workflow.regenerate_draft(report, by=world.owner)
    assert "调委会7个，其中乡调委会1个、村级调委会6个" in section_text(report, "disputes")


def test_year_with_no_records_says_so_instead_of_zeros(world: World, fake) -> None:
    fake.count("mediation.committees", "committee")
    fake.count("enforcement.officers.certified", "officer", section="enforcement")
    report = draft(world)
    assert section_text(report, "enforcement") == "本年度无相关记录。"
    assert section_text(report, "leadership") == "本年度无相关记录。"
    assert "0个" not in text_of(report) and "0名" not in text_of(report)


def test_generate_refuses_duplicates_bad_units_and_future_years(world: World, fake) -> None:
    draft(world)
    with pytest.raises(ValidationError, match="已存在"):
        draft(world)
    with pytest.raises(ValidationError, match="管辖范围"):
        workflow.generate_draft(world.township, 2023, by=world.outsider)
    with pytest.raises(ValidationError, match="乡镇人民政府和县人民政府"):
        workflow.generate_draft(world.village, 2024, by=world.owner)
    with pytest.raises(ValidationError) as exc:
        workflow.generate_draft(world.township, 2099, by=world.owner)
    assert "year" in exc.value.message_dict
    with pytest.raises(ValidationError, match="只读"):
        workflow.generate_draft(world.county, 2024, by=world.county_user)


def test_deadline_clocks_on_the_real_2025_calendar(world: World, fake) -> None:
    """Submission by 1 March (setting), publication by 1 April (督察工作规定第二十四条).
    2025-03-01 is a Saturday: the period ends on Monday 3 March (民法典第二百零三条),
    and the report's own 报送县级 date says so too, not the Saturday beside
    a clock's 截止 2025-03-03 on the same page."""
    report = draft(world)
    assert report.submit_due == dt.date(2025, 3, 3)
    assert report.publish_due == dt.date(2025, 4, 1)
    submit_clock = clocks.clock(report, workflow.CLOCK_SUBMIT)
    publish_clock = clocks.clock(report, workflow.CLOCK_PUBLISH)
    assert submit_clock is not None and publish_clock is not None
    assert submit_clock.due_date == report.submit_due
    assert publish_clock.due_date == report.publish_due
    assert set(submit_clock.recipients.all()) == {world.owner, world.colleague}


def test_submission_date_is_a_setting(world: World, fake) -> None:
    from fazhi.core.models import Setting

    Setting.objects.create(unit=world.county, key="reports.submit_by", value="02-14")
    report = draft(world)
    assert report.submit_due == dt.date(2025, 2, 14)  # a Friday: kept as set


def test_a_deadline_on_a_rest_day_moves_as_its_clock(world: World, fake) -> None:
    """02-15 of 2025 is a Saturday: the report and its clock both say Monday
    17 February."""
    from fazhi.core.models import Setting

    Setting.objects.create(unit=world.county, key="reports.submit_by", value="02-15")
    report = draft(world)
    assert report.submit_due == dt.date(2025, 2, 17)
    submit_clock = clocks.clock(report, workflow.CLOCK_SUBMIT)
    assert submit_clock is not None and submit_clock.due_date == report.submit_due


def test_edit_keeps_references_and_refuses_stale_versions(world: World, mediation) -> None:
    report = draft(world)
    section = report.sections.get(key="disputes")
    seen = section.version
    workflow.edit_section(
        section,
        by=world.owner,
        version=seen,
        text="截至年底，全乡共有人民调解委员会{mediation.committees}个。",
    )
    assert section_text(report, "disputes") == "截至年底，全乡共有人民调解委员会6个。"
    add_people(world.township, "committee", 1)
    assert section_text(report, "disputes") == "截至年底，全乡共有人民调解委员会7个。"
    with pytest.raises(ValidationError, match="已被"):
        workflow.edit_section(section, by=world.colleague, version=seen, text="旧版本")
    section.refresh_from_db()
    assert section.edited
    # Regenerating keeps the staff's wording unless asked not to.
    workflow.regenerate_draft(report, by=world.owner)
    assert section_text(report, "disputes").startswith("截至年底")
    workflow.regenerate_draft(report, by=world.owner, keep_edits=False)
    assert section_text(report, "disputes").startswith("我乡坚持")


def test_freeze_keeps_values_and_shows_what_changed(world: World, mediation) -> None:
    report = draft(world)
    workflow.freeze(report, by=world.owner)
    add_people(world.township, "committee", 2)
    assert "调委会6个" in section_text(report, "disputes")
    rows = {r.key: r for r in queries.changes_since_freeze(report)}
    assert rows["mediation.committees"].changed
    assert rows["mediation.committees"].other.value == 6
    assert rows["mediation.committees"].current.value == 8
    assert not rows["mediation.mediators"].changed


def test_figure_added_after_freeze_is_frozen_too(world: World, mediation) -> None:
    report = draft(world)
    workflow.freeze(report, by=world.owner)
    section = report.sections.get(key="other")
    workflow.edit_section(
        section, by=world.owner, version=section.version, text="另有调解员{mediation.mediators}名。"
    )
    add_people(world.township, "mediator", 3)
    assert section_text(report, "other") == "另有调解员6名。"


def test_review_cycle_with_history(
    world: World, mediation, django_capture_on_commit_callbacks
) -> None:
    report = draft(world)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.submit(report, by=world.owner, missing_reason="问题部分待县级指导")
    assert report.status == AnnualReport.Status.SUBMITTED and report.is_frozen
    assert Reminder.objects.filter(user=world.county_user, title__contains="请审核").exists()
    submit_clock = clocks.clock(report, workflow.CLOCK_SUBMIT)
    assert submit_clock is not None and submit_clock.status == submit_clock.Status.STOPPED
    # Only the next-higher level reviews: not the township itself.
    with pytest.raises(ValidationError, match="上一级"):
        workflow.accept(report, by=world.colleague)
    with pytest.raises(ValidationError) as exc:
        workflow.return_report(report, by=world.county_user, comment=" ")
    assert "comment" in exc.value.message_dict
    workflow.return_report(report, by=world.county_user, comment="请补充信访数据")
    assert report.status == AnnualReport.Status.RETURNED
    section = report.sections.get(key="other")
    workflow.edit_section(section, by=world.owner, version=section.version, text="无。")
    # Submitted on time without section 二, returned, completed, accepted.
    confirm_problems(report, by=world.owner)
    workflow.submit(report, by=world.owner, missing_reason="同上")
    workflow.accept(report, by=world.county_user)
    assert [
        (t.from_status, t.to_status) for t in ReportTransition.objects.filter(report=report)
    ] == [
        ("", "draft"),
        ("draft", "submitted"),
        ("submitted", "returned"),
        ("returned", "submitted"),
        ("submitted", "accepted"),
    ]


def test_transition_table_refuses_skipping_review(world: World, fake) -> None:
    report = draft(world)
    with pytest.raises(ValidationError, match="不能转为"):
        workflow.accept(report, by=world.county_user)
    with pytest.raises(ValidationError, match="不能转为"):
        workflow.publish(report, by=world.owner, secrecy_reviewed=True)


def test_publish_needs_secrecy_check_then_locks(world: World, mediation) -> None:
    report = draft(world)
    confirm_problems(report, by=world.owner)
    workflow.submit(report, by=world.owner, missing_reason="测试")
    workflow.accept(report, by=world.county_user)
    with pytest.raises(ValidationError) as exc:
        workflow.publish(report, by=world.owner, secrecy_reviewed=False)
    assert "secrecy_reviewed" in exc.value.message_dict
    workflow.publish(report, by=world.owner, secrecy_reviewed=True)
    assert report.status == AnnualReport.Status.PUBLISHED
    publish_clock = clocks.clock(report, workflow.CLOCK_PUBLISH)
    assert publish_clock is not None and publish_clock.status == publish_clock.Status.STOPPED
    section = report.sections.get(key="disputes")
    with pytest.raises(ValidationError, match="已公开"):
        workflow.edit_section(section, by=world.owner, version=section.version, text="改")
    with pytest.raises(ValidationError, match="已公开"):
        workflow.regenerate_draft(report, by=world.owner)
    with pytest.raises(ValidationError, match="已公开"):
        workflow.freeze(report, by=world.owner)
    snap = IndicatorSnapshot.objects.get(unit=world.township, year=2024, key="mediation.committees")
    assert snap.value == 6 and snap.source == IndicatorSnapshot.Source.PUBLISHED
    # The published report never changes when the records are corrected.
    add_people(world.township, "committee", 4)
    assert "调委会6个" in section_text(report, "disputes")


def test_missing_mandatory_content_is_warned_before_submit(world: World, leadership, fake) -> None:
    report = draft(world)
    problems = report.sections.get(key="problems")
    workflow.edit_section(problems, by=world.owner, version=problems.version, included=False)
    warnings = workflow.mandatory_warnings(report)
    assert any("存在的不足和原因" in w for w in warnings)
    with pytest.raises(ValidationError) as exc:
        workflow.submit(report, by=world.owner)
    assert "missing_reason" in exc.value.message_dict
    assert AnnualReport.objects.get(pk=report.pk).status == AnnualReport.Status.DRAFT
    workflow.submit(report, by=world.owner, missing_reason="问题已在县级会议上通报")
    assert report.warnings_note == "问题已在县级会议上通报"


def test_shortcomings_are_proposed_from_data_and_confirmed_by_staff(world: World, fake) -> None:
    fake.count("enforcement.officers.below_training_target", "below", section="enforcement")
    fake.count("enforcement.certificates.expiring", "expiring", section="enforcement")
    add_people(world.township, "below", 3)
    report = draft(world)
    proposed = workflow.propose_shortcomings(report, by=world.owner)
    assert [p.source for p in proposed] == ["enforcement.training"]  # no certificate expiring
    assert "〔存在的问题尚未确认〕" in section_text(report, "problems")
    item = proposed[0]
    workflow.decide_shortcoming(
        item,
        by=world.owner,
        accept=True,
        text="{enforcement.officers.below_training_target}名执法人员培训学时不足",
    )
    problems = section_text(report, "problems")
    # One problem, one cause: stated alone, not enumerated.
    assert "存在的问题主要有：3名执法人员培训学时不足。" in problems
    assert "主要原因是：专业的行政执法培训较少" in problems
    add_people(world.township, "expiring", 2)
    again = workflow.propose_shortcomings(report, by=world.owner)
    assert [p.source for p in again] == ["enforcement.certificates"]
    workflow.decide_shortcoming(again[0], by=world.owner, accept=False)
    assert workflow.propose_shortcomings(report, by=world.owner) == []
    assert report.shortcomings.filter(status=Shortcoming.Status.DISCARDED).count() == 1
    workflow.add_shortcoming(
        report, by=world.owner, text="部分干部学法不足", cause="学习制度落实不够"
    )
    problems = section_text(report, "problems")
    assert "一是3名执法人员培训学时不足；二是部分干部学法不足。" in problems


def test_rollup_and_the_county_report_draw_on_snapshots(world: World, mediation) -> None:
    from django.core.management import call_command

    add_people(world.other_township, "committee", 2)
    call_command("snapshot_indicators", "--year", "2024", stdout=io.StringIO())
    table = queries.rollup(world.county, 2024, keys=["mediation.committees"])
    assert table.live == set()
    assert table.total("mediation.committees") == 8
    # A correction after the snapshot does not move the roll-up until recomputed.
    add_people(world.township, "committee", 1)
    assert (
        queries.rollup(world.county, 2024, keys=["mediation.committees"]).total(
            "mediation.committees"
        )
        == 8
    )
    county_report = workflow.generate_draft(
        world.county, 2024, by=world.county_user.__class__.objects.create_superuser("root", "", "x")
    )
    values = queries.report_values(county_report, ["mediation.committees"])
    assert values["mediation.committees"].value == 8


def test_snapshot_command_is_idempotent(world: World, mediation) -> None:
    from django.core.management import call_command

    call_command("snapshot_indicators", "--year", "2024", stdout=io.StringIO())
    first = IndicatorSnapshot.objects.count()
    call_command("snapshot_indicators", "--year", "2024", stdout=io.StringIO())
    assert IndicatorSnapshot.objects.count() == first > 0


def test_summary_adds_up_townships_or_counties(world: World, mediation) -> None:
    from django.core.management import call_command

    add_people(world.other_township, "committee", 2)
    call_command("snapshot_indicators", "--year", "2024", stdout=io.StringIO())
    totals = queries.summary(world.county, 2024, ["mediation.committees"])
    assert totals["mediation.committees"]["value"] == 8
    assert totals["mediation.committees"]["units"] == 2


def test_steps_recorded_afterwards_keep_their_dates(
    world: World, mediation, django_capture_on_commit_callbacks
) -> None:
    """A report submitted and published before it was kept here (the demo's
    2024 report) is recorded with the time of each step (`at`): the report,
    its history and its clocks say when it was done, inside the deadlines;
    no reminder asks for what was done long ago; a time in the future, or
    before the step it follows, is refused."""
    from django.utils import timezone

    def at(day: dt.date, hour: int) -> dt.datetime:
        return timezone.make_aware(dt.datetime(day.year, day.month, day.day, hour))

    with pytest.raises(ValidationError) as exc:
        workflow.generate_draft(
            world.township, 2024, by=world.owner, at=at(dt.date(2023, 12, 1), 9)
        )
    assert "at" in exc.value.message_dict
    report = workflow.generate_draft(
        world.township, 2024, by=world.owner, at=at(dt.date(2025, 1, 6), 9)
    )
    confirm_problems(report, by=world.owner)
    workflow.freeze(report, by=world.owner, at=at(dt.date(2025, 1, 20), 10))
    with pytest.raises(ValidationError, match="不能早于本报告上一步") as exc:
        workflow.submit(report, by=world.owner, at=at(dt.date(2025, 1, 10), 10))
    assert "at" in exc.value.message_dict
    with pytest.raises(ValidationError, match="不能晚于现在"):
        workflow.submit(report, by=world.owner, at=timezone.now() + dt.timedelta(days=1))
    with django_capture_on_commit_callbacks(execute=True):
        workflow.submit(report, by=world.owner, at=at(dt.date(2025, 2, 18), 15))
        workflow.accept(report, by=world.county_user, at=at(dt.date(2025, 2, 25), 10))
        workflow.publish(
            report, by=world.owner, secrecy_reviewed=True, at=at(dt.date(2025, 3, 12), 9)
        )
    report.refresh_from_db()
    assert report.status == AnnualReport.Status.PUBLISHED
    assert timezone.localdate(report.frozen_at) == dt.date(2025, 1, 20)
    assert timezone.localdate(report.submitted_at) == dt.date(2025, 2, 18)
    assert timezone.localdate(report.accepted_at) == dt.date(2025, 2, 25)
    assert timezone.localdate(report.published_at) == dt.date(2025, 3, 12)
    assert [timezone.localdate(t.at) for t in ReportTransition.objects.filter(report=report)] == [
        dt.date(2025, 1, 6),
        dt.date(2025, 2, 18),
        dt.date(2025, 2, 25),
        dt.date(2025, 3, 12),
    ]
    for kind, day in (
        (workflow.CLOCK_SUBMIT, dt.date(2025, 2, 18)),
        (workflow.CLOCK_PUBLISH, dt.date(2025, 3, 12)),
    ):
        clock = clocks.clock(report, kind)
        assert clock is not None and clock.status == clock.Status.STOPPED
        assert clock.stopped_on == day <= clock.due_date
    assert not Reminder.objects.filter(url=report.get_absolute_url()).exists()
