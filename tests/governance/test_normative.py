"""Normative documents: every gate refuses the next step until it is met."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fazhi.core import clocks
from fazhi.core.errors import RuleViolation
from fazhi.core.indicators import Period, compute
from fazhi.core.models import Setting
from fazhi.core.workdays import working_days_between
from fazhi.governance import rules
from fazhi.governance import workflow as wf
from fazhi.governance.models import CleanupDecision, CleanupRound, NormativeDocument

from .conftest import D, approved_document, make_document

pytestmark = pytest.mark.django_db


def test_consultation_seven_working_days_over_national_day(world):
    # Published 2024-09-27 (Fri): 09-29 (Sun) is a make-up workday, 10-01..07
    # the holiday, 10-12 (Sat) a make-up workday — the 7th working day.
    doc = make_document(world)
    wf.start_consultation(doc, on=D(2024, 9, 27), by=world.owner)
    doc.refresh_from_db()
    assert doc.consultation_min_end == D(2024, 10, 12)
    with pytest.raises(RuleViolation) as exc:
        wf.close_consultation(doc, on=D(2024, 10, 11), summary="无意见", by=world.owner)
    assert "on" in exc.value.message_dict and "示范指标" in str(exc.value)
    wf.close_consultation(doc, on=D(2024, 10, 12), summary="无意见", by=world.owner)


def test_market_related_consultation_thirty_days(world):
    doc = make_document(world, market=True)
    wf.start_consultation(doc, on=D(2024, 3, 1), by=world.owner)
    doc.refresh_from_db()
    assert doc.consultation_min_end == D(2024, 4, 1)  # 03-31 is a Sunday: rolls to Monday
    with pytest.raises(RuleViolation):
        wf.close_consultation(doc, on=D(2024, 3, 29), summary="x", by=world.owner)


def test_consultation_period_is_a_township_setting(world):
    Setting.objects.create(unit=world.township, key=rules.CONSULTATION_WORKING_DAYS.key, value=10)
    doc = make_document(world)
    wf.start_consultation(doc, on=D(2024, 3, 1), by=world.owner)
    doc.refresh_from_db()
    assert doc.consultation_min_end == D(2024, 3, 15)


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(start=st.dates(min_value=D(2024, 1, 2), max_value=D(2026, 9, 30)))
def test_consultation_min_end_has_seven_working_days(world, start):
    doc = NormativeDocument(unit=world.township, title="x")
    due = wf.consultation_min_end(doc, start)
    assert working_days_between(start, due.date, clocks.load_calendar()) == 7


def test_review_before_consultation_closed_is_refused(world):
    doc = make_document(world)
    wf.start_consultation(doc, on=D(2024, 5, 6), by=world.owner)
    with pytest.raises(RuleViolation):
        wf.submit_for_review(doc, on=D(2024, 5, 7), reviewer=world.reviewer, by=world.owner)


def test_deliberation_without_review_opinion_is_refused(world):
    doc = make_document(world)
    with pytest.raises(RuleViolation) as exc:
        wf.deliberate(doc, on=D(2024, 6, 1), minutes="通过", adopted=True, by=world.owner)
    assert "37号" in str(exc.value)
    doc.refresh_from_db()
    assert doc.status == "draft" and doc.deliberated_on is None


def _in_review(world):
    doc = make_document(world)
    wf.start_consultation(doc, on=D(2024, 5, 6), by=world.owner)
    doc.refresh_from_db()
    wf.close_consultation(doc, on=doc.consultation_min_end, summary="x", by=world.owner)
    wf.submit_for_review(doc, on=doc.consultation_min_end, reviewer=world.reviewer, by=world.owner)
    doc.refresh_from_db()
    return doc


def test_review_period_clock_and_only_reviewer_opines(world):
    doc = _in_review(world)
    # Consultation from 05-06: 05-11 (Sat) is a make-up workday, so the 7th
    # working day is 05-14; review 15 working days (115号 setting) → 06-04.
    assert doc.consultation_end == D(2024, 5, 14)
    assert doc.review_due == D(2024, 6, 4)
    with pytest.raises(RuleViolation):
        wf.give_review_opinion(
            doc, on=D(2024, 5, 20), conclusion="lawful", opinion="合法", by=world.owner
        )


def test_flagged_penalty_needs_reason_and_unlawful_returns_to_draft(world):
    doc = _in_review(world)
    with pytest.raises(RuleViolation) as exc:
        wf.give_review_opinion(
            doc,
            on=D(2024, 5, 20),
            conclusion="unlawful",
            opinion="设定罚款",
            flags=["penalty"],
            by=world.reviewer,
        )
    assert "flag_reason" in exc.value.message_dict
    with pytest.raises(RuleViolation) as exc:
        wf.give_review_opinion(
            doc,
            on=D(2024, 5, 20),
            conclusion="lawful",
            opinion="设定罚款",
            flags=["penalty"],
            flag_reason="第十条设定罚款",
            by=world.reviewer,
        )
    assert "conclusion" in exc.value.message_dict
    doc = wf.give_review_opinion(
        doc,
        on=D(2024, 5, 20),
        conclusion="unlawful",
        opinion="设定罚款",
        flags=["penalty"],
        flag_reason="第十条设定罚款",
        by=world.reviewer,
    )
    assert doc.status == "draft" and doc.flags_penalty
    with pytest.raises(RuleViolation):
        wf.deliberate(doc, on=D(2024, 5, 22), minutes="通过", adopted=True, by=world.owner)


def test_publish_without_number_is_refused(world):
    doc = approved_document(world)
    with pytest.raises(RuleViolation) as exc:
        wf.publish_document(doc, on=D(2024, 6, 10), effective_on=D(2024, 7, 15), by=world.owner)
    assert "doc_no" in exc.value.message_dict and "统一编号" in str(exc.value)


def test_effective_date_thirty_days_unless_reason(world):
    doc = approved_document(world)
    doc = wf.register_number(doc, on=D(2024, 6, 10), by=world.owner)
    assert doc.doc_no == "湘源规〔2024〕1号"
    with pytest.raises(RuleViolation) as exc:
        wf.publish_document(doc, on=D(2024, 6, 10), effective_on=D(2024, 7, 9), by=world.owner)
    assert "effective_on" in exc.value.message_dict and "第二十条" in str(exc.value)
    doc = wf.publish_document(
        doc,
        on=D(2024, 6, 10),
        effective_on=D(2024, 6, 10),
        by=world.owner,
        immediate_effect_reason="防汛紧急需要，延迟施行将损害公共利益",
    )
    assert doc.status == "published"
    # Filing within 15 days of publication (Hunan [S]): 06-25.
    assert doc.filing_due == D(2024, 6, 25)
    assert doc.valid_until == D(2029, 6, 9)


def test_filing_late_is_recorded_and_counted(world):
    doc = approved_document(world)
    wf.register_number(doc, on=D(2024, 6, 10), by=world.owner)
    wf.publish_document(doc, on=D(2024, 6, 10), effective_on=D(2024, 7, 10), by=world.owner)
    doc = wf.file_document(doc, on=D(2024, 6, 27), filing_no="蓝司备1号", by=world.owner)
    assert doc.filed_on_time is False
    period = Period.year(2024)
    assert compute("governance.normative_documents.issued", world.township, period) == 1
    assert compute("governance.normative_documents.reviewed", world.township, period) == 1
    assert compute("governance.normative_documents.filed_on_time", world.township, period) == 0
    with pytest.raises(RuleViolation):
        wf.file_document(doc, on=D(2024, 6, 28), filing_no="x", by=world.owner)


def _published(world):
    doc = approved_document(world)
    wf.register_number(doc, on=D(2024, 6, 10), by=world.owner)
    return wf.publish_document(doc, on=D(2024, 6, 10), effective_on=D(2024, 7, 10), by=world.owner)


def test_cleanup_repeal_and_public_list(world):
    doc = _published(world)
    anon = __import__("django.test", fromlist=["Client"]).Client()
    url = reverse("governance:public_documents")
    assert doc.doc_no in anon.get(url).content.decode()
    rnd = CleanupRound.objects.create(
        unit=world.township, year=2024, title="2024年清理", started_on=D(2024, 11, 1)
    )
    with pytest.raises(RuleViolation):
        wf.publish_cleanup(rnd, on=D(2024, 11, 20), by=world.owner)
    with pytest.raises(RuleViolation) as exc:
        wf.add_cleanup_decision(rnd, document=doc, outcome="repeal", reason="", by=world.owner)
    assert "reason" in exc.value.message_dict
    wf.add_cleanup_decision(
        rnd,
        document=doc,
        outcome=CleanupDecision.Outcome.REPEAL,
        reason="上位法修改",
        by=world.owner,
    )
    wf.publish_cleanup(rnd, on=D(2024, 11, 20), by=world.owner)
    doc.refresh_from_db()
    assert doc.status == "repealed" and doc.repealed_on == D(2024, 11, 20)
    assert doc.doc_no not in anon.get(url).content.decode()
    assert (
        compute("governance.normative_documents.cleaned_up", world.township, Period.year(2024)) == 1
    )


def test_public_list_hides_other_states_and_needs_no_login(world):
    make_document(world)  # a draft
    r = (
        __import__("django.test", fromlist=["Client"])
        .Client()
        .get(reverse("governance:public_documents"))
    )
    assert r.status_code == 200 and "农村村民建房管理办法" not in r.content.decode()


def test_page_action_refusal_names_field(world):
    doc = approved_document(world)
    c = world.client(world.owner)
    url = reverse("governance:action", args=["document", doc.pk, "publish"])
    r = c.post(url, {"publish-on": "2024-06-10", "publish-effective_on": "2024-07-15"}, follow=True)
    html = r.content.decode()
    assert "统一编号" in html
    doc.refresh_from_db()
    assert doc.status == "approved"


def test_expiry_reminder_once(world, django_capture_on_commit_callbacks):
    doc = _published(world)
    from fazhi.core.models import Reminder

    doc.valid_until = D(2024, 9, 1)
    doc.save()
    with django_capture_on_commit_callbacks(execute=True):
        assert wf.remind_expiring(D(2024, 7, 1)) >= 1
    with django_capture_on_commit_callbacks(execute=True):
        wf.remind_expiring(D(2024, 7, 2))
    assert Reminder.objects.filter(user=world.owner, title__contains="有效期").count() == 1


def test_whole_chain_in_real_dates(world):
    doc = _published(world)
    assert doc.published_on - doc.deliberated_on >= dt.timedelta(0)


def test_reviewer_must_see_the_document(world):
    doc = make_document(world)
    wf.start_consultation(doc, on=D(2024, 5, 6), by=world.owner)
    doc.refresh_from_db()
    wf.close_consultation(doc, on=doc.consultation_min_end, summary="x", by=world.owner)
    with pytest.raises(RuleViolation) as exc:
        wf.submit_for_review(doc, on=D(2024, 5, 15), reviewer=world.outsider, by=world.owner)
    assert "reviewer" in exc.value.message_dict


def test_a_consultation_open_past_its_minimum_is_overdue_nowhere(world, monkeypatch):
    """The minimum (征求意见不少于七个工作日) is the earliest day to close, not
    a deadline: a draft kept open for comment after it is not 已超期 on the
    home page or the dashboard, and draws no 已超期 reminder. Its page says
    when it may close, before and after that day."""
    from django.utils import timezone

    from fazhi.core import reminders
    from fazhi.core.clocks import overdue_matters
    from fazhi.core.models import Clock, Reminder

    doc = make_document(world)
    wf.start_consultation(doc, on=D(2024, 5, 6), by=world.owner)
    doc.refresh_from_db()
    assert doc.consultation_min_end == D(2024, 5, 14)  # 05-11 (Sat) is a make-up workday
    assert not Clock.objects.filter(kind__startswith="governance.normative").exists()
    later = D(2024, 6, 20)  # a month past the minimum, still open
    assert overdue_matters(world.owner, later, "governance") == 0
    assert reminders.scan(later)["overdue"] == 0
    assert not Reminder.objects.filter(kind=Reminder.Kind.OVERDUE).exists()

    client = world.client(world.owner)
    url = reverse("governance:document_detail", args=[doc.pk])
    monkeypatch.setattr(timezone, "localdate", lambda *a: D(2024, 5, 10))
    page = client.get(url).content.decode()
    assert "征求意见未满最短期限，2024-05-14起方可结束。" in page
    monkeypatch.setattr(timezone, "localdate", lambda *a: later)
    page = client.get(url).content.decode()
    assert "征求意见已满最短期限，可以结束征求意见。" in page
    assert 'data-testid="clocks"' not in page  # no clock listed as running late
    # Closed: the minimum still holds the close back, and nothing is left to say.
    wf.close_consultation(doc, on=D(2024, 6, 20), summary="无意见", by=world.owner)
    assert 'data-testid="consultation-state"' not in client.get(url).content.decode()


def test_a_review_chain_date_after_today_is_refused(world, monkeypatch):
    """Walking the demo on 29 December 2026, a reviewer's opinion dated
    2027-01-05 (next year typed a week early) was taken: the document moved on
    to deliberation and its review clock stopped on a day still to come. Each
    step of the chain records a day that has happened, as a petition's do."""
    from django.utils import timezone

    doc = make_document(world)
    wf.start_consultation(doc, on=D(2026, 11, 20), by=world.owner)
    doc.refresh_from_db()
    monkeypatch.setattr(timezone, "localdate", lambda *a: D(2026, 12, 29))
    with pytest.raises(RuleViolation) as exc:
        wf.close_consultation(doc, on=D(2027, 1, 4), summary="无意见", by=world.owner)
    assert "不能晚于今天" in str(exc.value.message_dict["on"])
    wf.close_consultation(doc, on=D(2026, 12, 28), summary="无意见", by=world.owner)
    with pytest.raises(RuleViolation):
        wf.submit_for_review(doc, on=D(2027, 1, 4), reviewer=world.reviewer, by=world.owner)
    wf.submit_for_review(doc, on=D(2026, 12, 29), reviewer=world.reviewer, by=world.owner)
    doc.refresh_from_db()
    with pytest.raises(RuleViolation) as exc:
        wf.give_review_opinion(
            doc, on=D(2027, 1, 5), conclusion="lawful", opinion="合法", by=world.reviewer
        )
    assert "审核意见日期（2027-01-05）不能晚于今天" in str(exc.value.message_dict["on"])
    doc.refresh_from_db()
    assert doc.status == NormativeDocument.Status.LEGALITY_REVIEW and doc.reviewed_on is None
    wf.give_review_opinion(
        doc, on=D(2026, 12, 29), conclusion="lawful", opinion="合法", by=world.reviewer
    )
    doc.refresh_from_db()
    with pytest.raises(RuleViolation):
        wf.deliberate(doc, on=D(2027, 1, 6), minutes="通过", adopted=True, by=world.owner)


def test_a_cleanup_rounds_form_offers_only_documents_within_its_unit(world):
    """确定清理结果 on a township's round offered every published document the
    user sees: a county user was offered a neighbouring township's, refused
    after the post (…不在“湘江源瑶族乡”范围内); workflow.cleanable_documents is
    the step's rule."""
    from fazhi.core.roles import Role
    from tests.factories import UserFactory

    ours = _published(world)
    county = UserFactory(
        username="county_writer", role=Role.JUDICIAL_OFFICE, home_unit=world.county
    )
    theirs = NormativeDocument.objects.create(
        unit=world.other_township, title="外乡文件", status=NormativeDocument.Status.PUBLISHED
    )
    rnd = CleanupRound.objects.create(
        unit=world.township, year=2024, title="2024年清理", started_on=D(2024, 11, 1)
    )
    url = rnd.get_absolute_url()
    for user in (world.owner, world.colleague, county):
        body = world.client(user).get(url).content.decode()
        select = body.split('name="decide-document"')[1].split("</select>")[0]
        assert f'value="{ours.pk}"' in select and f'value="{theirs.pk}"' not in select, user
        # 清理结果 is the clerk's to state: a preselected 继续有效 was kept unnoticed.
        outcome = body.split('name="decide-outcome"')[1].split("</option>")[0]
        assert 'value=""' in outcome, outcome
    assert world.client(world.outsider).get(url).status_code == 404
    with pytest.raises(RuleViolation, match="范围内"):
        wf.add_cleanup_decision(rnd, document=theirs, outcome="keep", reason="", by=county)


def test_the_review_form_offers_only_reviewers_who_see_the_document(world):
    """审核人 listed every legal reviewer and 司法所 account of the user's
    scope, a village's too, who cannot open a township's document, and
    choosing one was refused after the post (所选审核人无权查看该文件…);
    workflow.reviewers_for is the step's rule."""
    from fazhi.core.roles import Role
    from fazhi.governance.forms import SubmitReviewForm
    from tests.factories import UserFactory

    village = UserFactory(
        username="village_reviewer", role=Role.LEGAL_REVIEWER, home_unit=world.village
    )
    doc = make_document(world)
    for user in (world.owner, world.colleague):
        form = SubmitReviewForm(user=user, record=doc)
        offered = set(form.fields["reviewer"].queryset)
        assert world.reviewer in offered and village not in offered, user
    assert world.client(world.outsider).get(doc.get_absolute_url()).status_code == 404
    wf.start_consultation(doc, on=D(2024, 5, 6), by=world.owner)
    doc.refresh_from_db()
    wf.close_consultation(doc, on=doc.consultation_min_end, summary="无意见", by=world.owner)
    with pytest.raises(RuleViolation, match="无权查看该文件"):
        wf.submit_for_review(doc, on=doc.consultation_min_end, reviewer=village, by=world.owner)


def test_the_cleanup_round_form_offers_only_units_that_hold_one(world):
    """所属单位 on 新增规范性文件清理 listed every unit in scope, villages and
    the township's offices too, and a village's round had no document to
    decide on (workflow.cleanup_units, which create_cleanup_round checks for
    the page and the API)."""
    from fazhi.core.models import OrgUnit
    from tests.factories import OrgUnitFactory

    office = OrgUnitFactory(name="司法所", kind=OrgUnit.Kind.DEPARTMENT, parent=world.township)
    url = reverse("governance:cleanup_create")
    for user in (world.owner, world.colleague):
        units = set(world.client(user).get(url).context["form"].fields["unit"].queryset)
        assert world.township in units, user
        assert world.village not in units and office not in units, user
    outsider_units = world.client(world.outsider).get(url).context["form"].fields["unit"].queryset
    assert world.township not in set(outsider_units)
    post = {"unit": world.village.pk, "year": 2024, "title": "村清理", "started_on": "2024-11-01"}
    r = world.client(world.owner).post(url, post)
    assert r.status_code == 200 and "unit" in r.context["form"].errors
    r = world.client(world.owner).post(
        "/api/v1/governance/cleanup-rounds/", post, content_type="application/json"
    )
    assert r.status_code == 400 and "所属单位应为乡镇" in r.json()["unit"][0], r.content
    with pytest.raises(RuleViolation, match="所属单位应为乡镇") as exc:
        wf.create_cleanup_round(
            CleanupRound(unit=office, year=2024, title="所清理", started_on=D(2024, 11, 1)),
            by=world.owner,
        )
    assert "unit" in exc.value.message_dict
    assert not CleanupRound.objects.exists()
    r = world.client(world.owner).post(url, {**post, "unit": world.township.pk})
    assert r.status_code == 302 and CleanupRound.objects.get().unit == world.township
