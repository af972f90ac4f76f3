"""The report's way out: frozen, submitted to the county (LAW.md §11.2),
returned or accepted there, and published (督察工作规定第二十四条).

Rules (LAW.md §11):
* §11.2 [S]: a township reports to the next-higher level (the county), which
  returns it with comments or accepts it — so only a user of an ancestor unit
  reviews; the submission date is local (UNCONFIRMED) and a setting.
* §11.3 [S] 督察工作规定第二十四条: published by 1 April of the next year,
  secrets excepted — publication needs the confidentiality check confirmed,
  and a published report is locked.
* §11.4 [S]: five mandatory contents; a report missing one is warned about
  and submitted only with a stated reason — but the county accepts, and the
  township publishes, no text that still carries a drafting marker (section
  二 stating 〔存在的问题尚未确认〕): `_common.check_finished`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from fazhi.core import audit, reminders, steps
from fazhi.core.errors import RuleViolation
from fazhi.core.i18n import stored

from .. import queries, render, rules
from ..deadlines import CLOCK_PUBLISH, CLOCK_SUBMIT
from ..models import AnnualReport, IndicatorSnapshot
from ._common import (
    Status,
    allows,
    check_editable,
    check_finished,
    check_reviewer,
    freeze_figures,
    reviewers,
    transition,
    when_done,
    writers,
)

# A step recorded afterwards (`at`, `_common.when_done`) posts no reminder:
# what it would ask for (review it, publish it by 1 April) was done, or due,
# when the step was; the record shows it.


def _day(done: dt.datetime, at: dt.datetime | None) -> dt.date:
    """The day a clock stops on: the township's today, or the day of a step
    recorded afterwards."""
    return steps.today() if at is None else timezone.localdate(done)


@transaction.atomic
def freeze(report: AnnualReport, *, by: Any, at: dt.datetime | None = None) -> AnnualReport:
    """Store every figure's value with the report (the cut-off): from now on
    the report states these values, whatever later corrections the records get.
    `at`: a freeze recorded afterwards (`_common.when_done`)."""
    locked = steps.lock(report, by=by)
    check_editable(locked)
    freeze_figures(locked, by, when_done(locked, at))
    steps.touch(locked, by, ["frozen_at", "frozen_by"])
    audit.record(
        locked,
        by=by,
        action="update",
        note=gettext_noop("冻结指标数据"),
        done_at=None if at is None else locked.frozen_at,
    )
    return steps.sync(report, locked)


def mandatory_warnings(report: AnnualReport) -> list[str]:
    """The §11.4 contents the report lacks (no included section for the item,
    or section 二 with no confirmed problem)."""
    sections = queries.report_sections(report)
    covered = {s.mandatory_item for s in sections if s.included and s.mandatory_item}
    warnings = [
        _("缺少法定内容：%(label)s") % {"label": label}
        for item, label in rules.MANDATORY_CONTENTS.items()
        if item not in covered
    ]
    lists = queries.lists_for(report)
    pending = {k for s in sections if s.included for k in render.pending_lists(s.text, lists)}
    if "report.problems" in pending:
        warnings.append(_("“存在的问题及原因”尚未确认任何问题。"))
    elif "report.causes" in pending:
        warnings.append(_("“存在的问题及原因”已确认的问题均未写明原因。"))
    return warnings


@transaction.atomic
def submit(
    report: AnnualReport, *, by: Any, missing_reason: str = "", at: dt.datetime | None = None
) -> AnnualReport:
    """Submit to the county (LAW.md §11.2). Freezes the figures if not yet
    frozen. A report lacking a §11.4 content is submitted only with a reason.
    `at`: a submission recorded afterwards (`_common.when_done`); the
    报送县级 clock stops on its day."""
    locked = steps.lock(report, by=by)
    check_editable(locked)
    done = when_done(locked, at)
    warnings = mandatory_warnings(locked)
    if warnings and not missing_reason.strip():
        raise RuleViolation(
            # A warning may end with its own 。 (one joined sentence, not 。。).
            "；".join(w.rstrip("。") for w in warnings) + _("。如确需报送，请填写缺项说明。"),
            field="missing_reason",
            rule=rules.RULE_CONTENTS,
        )
    locked.warnings_note = missing_reason.strip() if warnings else ""
    if not locked.is_frozen:
        freeze_figures(locked, by, done)
    locked.submitted_at = done
    locked.review_comment = ""
    transition(locked, Status.SUBMITTED, by, missing_reason.strip(), None if at is None else done)
    steps.stop_clock(locked, CLOCK_SUBMIT, _day(done, at), by)
    if at is not None:
        return steps.sync(report, locked)
    reminders.post_many(
        reviewers(locked.unit),
        key=f"report:{locked.pk}:submitted:{locked.version}",
        title=stored(gettext_noop("%(title)s已报送，请审核"), title=locked.title),
        url=locked.get_absolute_url(),
    )
    return steps.sync(report, locked)


@transaction.atomic
def return_report(report: AnnualReport, *, by: Any, comment: str) -> AnnualReport:
    """The county returns the report with its comments for revision: a
    submitted one, or one it accepted that is not public yet (its acceptance
    is withdrawn — the way out for a report accepted while its text was
    unfinished, which `publish` refuses)."""
    locked = steps.lock(report)
    check_reviewer(locked, by)
    # Its own words (not steps.require_text): the clerk is told it is the
    # return that needs the opinion.
    if not comment.strip():
        raise RuleViolation(_("退回时请填写审核意见。"), field="comment")
    locked.review_comment = comment.strip()
    locked.accepted_at = None
    transition(locked, Status.RETURNED, by, comment.strip())
    reminders.post_many(
        writers(locked.unit),
        key=f"report:{locked.pk}:returned:{locked.version}",
        title=stored(
            gettext_noop("%(title)s被退回修改：%(comment)s"),
            title=locked.title,
            comment=comment.strip()[:60],
        ),
        url=locked.get_absolute_url(),
    )
    return steps.sync(report, locked)


@transaction.atomic
def accept(
    report: AnnualReport, *, by: Any, note: str = "", at: dt.datetime | None = None
) -> AnnualReport:
    """The county accepts the report; the township may then publish it. A
    report whose text still carries a drafting marker (section 二 not
    confirmed: submitted with a 缺项说明) is returned, never accepted.
    `at`: an acceptance recorded afterwards (`_common.when_done`)."""
    locked = steps.lock(report)
    check_reviewer(locked, by)
    if allows(locked, Status.ACCEPTED):  # another state: the transition table's words
        check_finished(locked, _("%(unfinished)s，不能审核通过；请退回乡镇，补充后重新报送。"))
    locked.accepted_at = when_done(locked, at)
    locked.review_comment = note.strip()
    transition(
        locked, Status.ACCEPTED, by, note.strip(), None if at is None else locked.accepted_at
    )
    if at is not None:
        return steps.sync(report, locked)
    reminders.post_many(
        writers(locked.unit),
        key=f"report:{locked.pk}:accepted",
        title=stored(
            gettext_noop("%(title)s已审核通过，请于%(publish_due)s前向社会公开"),
            title=locked.title,
            # The 向社会公开 clock's date, as a holiday notice has last set it.
            publish_due=format(locked.publish_due, "%Y年%-m月%-d日"),
        ),
        url=locked.get_absolute_url(),
    )
    return steps.sync(report, locked)


@transaction.atomic
def publish(
    report: AnnualReport, *, by: Any, secrecy_reviewed: bool, at: dt.datetime | None = None
) -> AnnualReport:
    """Publish on the public site and lock the report (督察工作规定第二十四条:
    published by 1 April, content involving secrets excepted — so the
    confidentiality check must be confirmed). Its frozen figures become the
    unit's indicator snapshot for the year. The text the public would read
    must carry no drafting marker (a report accepted before `accept` refused
    one). `at`: a publication recorded afterwards (`_common.when_done`); the
    向社会公开 clock stops on its day."""
    locked = steps.lock(report, by=by)
    if allows(locked, Status.PUBLISHED):
        check_finished(locked, _("%(unfinished)s，不能向社会公开。"))
    if not secrecy_reviewed:
        raise RuleViolation(
            _("公开前须完成保密审查，请确认报告不含涉密内容。"),
            field="secrecy_reviewed",
            rule=rules.RULE_PUBLISH,
        )
    done = when_done(locked, at)
    locked.published_at = done
    transition(
        locked,
        Status.PUBLISHED,
        by,
        gettext_noop("已完成保密审查，向社会公开"),
        None if at is None else done,
    )
    steps.stop_clock(locked, CLOCK_PUBLISH, _day(done, at), by)
    IndicatorSnapshot.objects.bulk_create(
        [
            IndicatorSnapshot(
                unit=locked.unit,
                year=locked.year,
                key=f.key,
                value=f.value,
                text=f.text,
                has_records=f.has_records,
                source=IndicatorSnapshot.Source.PUBLISHED,
            )
            for f in locked.figures.filter(registered=True)
        ],
        update_conflicts=True,
        unique_fields=["unit", "year", "key"],
        update_fields=["value", "text", "has_records", "source", "computed_at"],
    )
    return steps.sync(report, locked)
