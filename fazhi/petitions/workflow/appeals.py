"""Appeals: review (复查, 《信访工作条例》第三十五条) and re-review (复核,
第三十六条), each requested within its window of the opinion's service and
answered within its own clock; a re-review hearing pauses that clock."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from fazhi.core import audit, clocks, steps
from fazhi.core.errors import RuleViolation
from fazhi.core.i18n import stored

from .. import rules
from ..models import Appeal, AppealLevel, AppealResult, Petition, Stage
from ._common import leader_users, lock, office_users, start_clock, transition, window

# A hearing pauses the re-review clock; the reason is stored (in Chinese).
HEARING = gettext_noop("复核听证")


def _appeal(p: Petition, level: str) -> Appeal | None:
    """The matter's review or re-review, if requested (one of each at most)."""
    return p.appeals.filter(level=level).first()


def check_window(
    requested_on: dt.date, served_on: dt.date | None, length: int, what: str, prior: str, rule: str
) -> None:
    """An appeal is requested within `length` calendar days of the service of
    the opinion it appeals (第三十五条、第三十六条); the refusal shows the count."""
    if served_on is None:
        raise RuleViolation(
            _("%(prior)s尚未送达，不能登记%(what)s请求。") % {"prior": prior, "what": what},
            field="requested_on",
            rule=rule,
        )
    steps.check_not_before(
        requested_on,
        served_on,
        "requested_on",
        _("%(what)s请求日期") % {"what": what},
        _("%(prior)s送达日期") % {"prior": prior},
    )
    due = window(served_on, length)
    if requested_on > due.date:
        raise RuleViolation(
            (
                _("%(what)s请求已超过%(length)s日期限（截止 %(date)s），不予受理。计算过程：")
                % {"what": what, "length": length, "date": due.date.isoformat()}
            )
            + "；".join(due.steps),
            field="requested_on",
            rule=rule,
        )


@transaction.atomic
def request_review(
    petition: Petition, *, by: Any, requested_on: dt.date, body: str, version: int | None = None
) -> Appeal:
    """复查请求: within 30 days of receiving the written reply; the review
    opinion is due 30 days after the request (《信访工作条例》第三十五条)."""
    p = lock(petition, by=by, version=version)
    before = audit.snapshot(p)
    if _appeal(p, AppealLevel.REVIEW) is not None:
        raise RuleViolation(_("该事项已经复查。"), field="requested_on", rule=rules.ART_35)
    transition(p, Stage.REVIEW, by=by, on=requested_on)
    steps.check_date(requested_on, "requested_on", _("复查请求日期"))
    check_window(
        requested_on,
        p.reply_served_on,
        rules.REVIEW_REQUEST_DAYS,
        _("复查"),
        _("答复意见"),
        rules.ART_35,
    )
    return _open_appeal(
        p,
        AppealLevel.REVIEW,
        requested_on=requested_on,
        body=body,
        by=by,
        before=before,
        clock_kind=rules.CLOCK_REVIEW,
        clock_label=gettext_noop("复查意见（收到请求之日起30日）"),
        days=rules.REVIEW_DAYS,
        basis=rules.ART_35,
    )


def _open_appeal(
    p: Petition,
    level: str,
    *,
    requested_on: dt.date,
    body: str,
    by: Any,
    before: dict[str, Any],
    clock_kind: str,
    clock_label: str,
    days: int,
    basis: str,
) -> Appeal:
    """Record an admissible review/re-review request: the appeal row, the
    matter reopened, and the clock for the opinion (starts on the request)."""
    appeal = Appeal.objects.create(
        petition=p,
        level=level,
        requested_on=requested_on,
        body=steps.require_text(
            body, "body", _("%(label)s机关") % {"label": AppealLevel(level).label}, basis
        ),
    )
    p.closed_on = None
    steps.save_audited(
        p,
        by=by,
        before=before,
        note=stored(gettext_noop("收到%(label)s请求"), label=AppealLevel(level).label),
    )
    start_clock(
        p,
        kind=clock_kind,
        label=clock_label,
        start=requested_on,
        length=days,
        unit="calendar",
        basis=basis,
        by=by,
        recipients=leader_users(p) + office_users(p, by),
    )
    return appeal


def _decide_appeal(
    p: Petition,
    appeal: Appeal,
    *,
    on: dt.date,
    result: str,
    opinion: str,
    served_on: dt.date | None,
    rule: str,
    what: str,
) -> None:
    steps.check_date(
        on,
        "on",
        _("%(what)s意见日期") % {"what": what},
        not_before=appeal.requested_on,
        before_what=_("请求日期"),
    )
    if result not in AppealResult.values:
        raise RuleViolation(_("请选择%(what)s结果。") % {"what": what}, field="result", rule=rule)
    appeal.decided_on = on
    appeal.result = result
    appeal.opinion = steps.require_text(
        opinion, "opinion", _("%(what)s意见") % {"what": what}, rule
    )
    if served_on is not None:
        appeal.served_on = steps.check_date(
            served_on, "served_on", _("送达日期"), not_before=on, before_what=_("意见日期")
        )
    appeal.save()


@transaction.atomic
def decide_review(
    petition: Petition,
    *,
    by: Any,
    on: dt.date,
    result: str,
    opinion: str,
    served_on: dt.date | None = None,
    version: int | None = None,
) -> Appeal:
    """复查意见 (《信访工作条例》第三十五条): stops the 30-day review clock."""
    p = lock(petition, by=by, version=version)
    before = audit.snapshot(p)
    appeal = _appeal(p, AppealLevel.REVIEW)
    transition(p, Stage.REVIEWED, by=by, on=on)
    assert appeal is not None  # the REVIEW stage is only entered with an appeal row
    _decide_appeal(
        p,
        appeal,
        on=on,
        result=result,
        opinion=opinion,
        served_on=served_on,
        rule=rules.ART_35,
        what=_("复查"),
    )
    steps.stop_clock(p, rules.CLOCK_REVIEW, on, by)
    steps.save_audited(
        p,
        by=by,
        before=before,
        note=stored(gettext_noop("复查：%(label)s"), label=AppealResult(result).label),
    )
    return appeal


@transaction.atomic
def serve_appeal(
    petition: Petition, *, by: Any, level: str, on: dt.date, version: int | None = None
) -> Appeal:
    """The date a review or re-review opinion reached the petitioner."""
    p = lock(petition, by=by, version=version)
    before = audit.snapshot(p)
    appeal = _appeal(p, level)
    if appeal is None or appeal.decided_on is None:
        raise RuleViolation(_("尚未出具意见，不能登记送达。"), field="served_on")
    appeal.served_on = steps.check_date(
        on, "served_on", _("送达日期"), not_before=appeal.decided_on, before_what=_("意见日期")
    )
    appeal.save(update_fields=["served_on"])
    steps.save_audited(
        p,
        by=by,
        before=before,
        note=stored(
            gettext_noop("%(level)s意见送达"),
            level=appeal.get_level_display,
        ),
        action="update",
    )
    return appeal


@transaction.atomic
def request_re_review(
    petition: Petition, *, by: Any, requested_on: dt.date, body: str, version: int | None = None
) -> Appeal:
    """复核请求: within 30 days of receiving the review opinion; opinion due
    30 days after the request, hearing time excluded (《信访工作条例》第三十六条)."""
    p = lock(petition, by=by, version=version)
    before = audit.snapshot(p)
    review = _appeal(p, AppealLevel.REVIEW)
    if review is None or review.decided_on is None:
        raise RuleViolation(_("复核须以复查意见为前提。"), field="requested_on", rule=rules.ART_36)
    if _appeal(p, AppealLevel.RE_REVIEW) is not None:
        raise RuleViolation(_("该事项已经复核。"), field="requested_on", rule=rules.ART_36)
    transition(p, Stage.RE_REVIEW, by=by, on=requested_on)
    steps.check_date(requested_on, "requested_on", _("复核请求日期"))
    check_window(
        requested_on,
        review.served_on,
        rules.RE_REVIEW_REQUEST_DAYS,
        _("复核"),
        _("复查意见"),
        rules.ART_36,
    )
    return _open_appeal(
        p,
        AppealLevel.RE_REVIEW,
        requested_on=requested_on,
        body=body,
        by=by,
        before=before,
        clock_kind=rules.CLOCK_RE_REVIEW,
        clock_label=gettext_noop("复核意见（收到请求之日起30日，听证时间不计入）"),
        days=rules.RE_REVIEW_DAYS,
        basis=rules.ART_36,
    )


@transaction.atomic
def start_hearing(
    petition: Petition,
    *,
    by: Any,
    on: dt.date,
    reason: str = HEARING,
    version: int | None = None,
) -> Appeal:
    """Hearing time is excluded from the re-review period (《信访工作条例》第三十六条):
    the clock pauses from the hearing's first day."""
    p = lock(petition, by=by, version=version)
    before = audit.snapshot(p)
    appeal = _appeal(p, AppealLevel.RE_REVIEW)
    if p.stage != Stage.RE_REVIEW or appeal is None:
        raise RuleViolation(_("只有复核中的事项才能组织听证。"), field="stage", rule=rules.ART_36)
    if appeal.hearing_from is not None:
        raise RuleViolation(_("听证已经开始。"), field="on")
    steps.check_date(
        on, "on", _("听证开始日期"), not_before=appeal.requested_on, before_what=_("复核请求日期")
    )
    clock = clocks.clock(p, rules.CLOCK_RE_REVIEW)
    assert clock is not None
    clocks.pause(clock, on=on, reason=reason or HEARING, by=by, legal_basis=rules.ART_36)
    appeal.hearing_from = on
    appeal.save(update_fields=["hearing_from"])
    steps.save_audited(
        p, by=by, before=before, note=gettext_noop("复核听证开始，期限中止"), action="update"
    )
    return appeal


@transaction.atomic
def end_hearing(petition: Petition, *, by: Any, on: dt.date, version: int | None = None) -> Appeal:
    """The hearing is over: the re-review clock runs again from `on`."""
    p = lock(petition, by=by, version=version)
    before = audit.snapshot(p)
    appeal = _appeal(p, AppealLevel.RE_REVIEW)
    if appeal is None or appeal.hearing_from is None or appeal.hearing_to is not None:
        raise RuleViolation(_("没有进行中的听证。"), field="on")
    steps.check_date(
        on, "on", _("听证结束日期"), not_before=appeal.hearing_from, before_what=_("听证开始日期")
    )
    clock = clocks.clock(p, rules.CLOCK_RE_REVIEW)
    assert clock is not None
    clocks.resume(clock, on=on, by=by)
    appeal.hearing_to = on
    appeal.save(update_fields=["hearing_to"])
    steps.save_audited(
        p, by=by, before=before, note=gettext_noop("复核听证结束，恢复计时"), action="update"
    )
    return appeal


@transaction.atomic
def decide_re_review(
    petition: Petition,
    *,
    by: Any,
    on: dt.date,
    result: str,
    opinion: str,
    served_on: dt.date | None = None,
    version: int | None = None,
) -> Appeal:
    """复核意见: the matter is final; the same request on the same facts is not
    accepted again (《信访工作条例》第三十六条第三款)."""
    p = lock(petition, by=by, version=version)
    before = audit.snapshot(p)
    appeal = _appeal(p, AppealLevel.RE_REVIEW)
    transition(p, Stage.FINAL, by=by, on=on)
    assert appeal is not None
    _decide_appeal(
        p,
        appeal,
        on=on,
        result=result,
        opinion=opinion,
        served_on=served_on,
        rule=rules.ART_36,
        what=_("复核"),
    )
    if appeal.hearing_from is not None and appeal.hearing_to is None:
        appeal.hearing_to = on
        appeal.save(update_fields=["hearing_to"])
    steps.stop_clock(p, rules.CLOCK_RE_REVIEW, on, by)
    p.closed_on = on
    steps.save_audited(
        p,
        by=by,
        before=before,
        note=stored(gettext_noop("复核终结：%(label)s"), label=AppealResult(result).label),
    )
    return appeal
