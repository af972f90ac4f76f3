"""The written answer: the handling opinion (信访处理意见书, 《信访工作条例》
第三十二条) that stops the handling clock, its service on the petitioner (from
which the review window runs), closing the matter, and the petitioner's rating."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from fazhi.core import audit, steps
from fazhi.core.errors import RuleViolation
from fazhi.core.i18n import stored

from .. import rules
from ..models import AppealLevel, Category, Outcome, Petition, Satisfaction, Stage
from ._common import lock, transition

OPINION_FIELDS = (
    ("reply_request", gettext_lazy("信访请求")),
    ("reply_facts", gettext_lazy("事实和理由")),
    ("reply_outcome", gettext_lazy("处理意见")),
    ("reply_basis", gettext_lazy("法律政策依据")),
)
# What a refusal names, translated only when one is raised (the ledger's
# batch asks these checks for each of 10^4 rows, twice).
REPLY_ON = gettext_lazy("答复日期")
DECIDED_ON = gettext_lazy("受理日期")
SERVED_ON = gettext_lazy("送达日期")
CLOSED_ON = gettext_lazy("办结日期")
OUTCOMES = frozenset(Outcome.values)


@dataclass(frozen=True)
class Opinion:
    """The handling opinion's four parts as a reply records them."""

    category: str
    reply_request: str
    reply_facts: str
    reply_outcome: str
    reply_basis: str


def check_reply(
    on: dt.date | None, decided_on: dt.date | None, opinion: Opinion, served_on: dt.date | None
) -> None:
    """The rules of a reply that need nothing but its input (pure: `reply`
    and the ledger's `register_many` ask it): dated, not before the
    acceptance, a known outcome, the opinion complete (第三十二条), served
    not before the reply."""
    steps.check_date(on, "on", REPLY_ON, not_before=decided_on, before_what=DECIDED_ON)
    if opinion.reply_outcome and opinion.reply_outcome not in OUTCOMES:
        raise RuleViolation(
            _("处理意见应为予以支持、解释说明或不予支持。"),
            field="reply_outcome",
            rule=rules.ART_32,
        )
    _check_opinion(opinion)
    if served_on is not None:
        steps.check_date(served_on, "served_on", SERVED_ON, not_before=on, before_what=REPLY_ON)


def check_close(on: dt.date | None, last_served: dt.date | None) -> None:
    """办结 only once the answer (or the review opinion) was served, and not
    before that (pure: `close` and `register_many` ask it)."""
    if last_served is None:
        raise RuleViolation(_("答复意见尚未送达信访人，不能办结。"), field="reply_served_on")
    steps.check_date(on, "on", CLOSED_ON, not_before=last_served, before_what=SERVED_ON)


def _check_opinion(p: Petition | Opinion) -> None:
    """《信访工作条例》第三十二条: a claim's opinion states all four parts."""
    if p.category == Category.CLAIM:
        for field, label in OPINION_FIELDS:
            if not str(getattr(p, field) or "").strip():
                raise RuleViolation(
                    _("申诉求决类事项的信访处理意见书应载明%(label)s。") % {"label": label},
                    field=field,
                    rule=rules.ART_32,
                )
    else:
        if not p.reply_facts.strip():
            raise RuleViolation(_("请填写答复内容（事实和理由）。"), field="reply_facts")


@transaction.atomic
def reply(
    petition: Petition,
    *,
    by: Any,
    on: dt.date,
    request: str = "",
    facts: str = "",
    outcome: str = "",
    basis: str = "",
    served_on: dt.date | None = None,
    version: int | None = None,
) -> Petition:
    """答复: the written handling opinion (信访处理意见书) states the request,
    facts and reasons, outcome and legal basis (《信访工作条例》第三十二条);
    it stops the 60-day handling clock (第三十四条)."""
    p = lock(petition, by=by, version=version)
    before = audit.snapshot(p)
    transition(p, Stage.REPLIED, by=by, on=on)
    opinion = Opinion(p.category, request.strip(), facts.strip(), outcome, basis.strip())
    check_reply(on, p.decided_on, opinion, served_on)
    p.reply_on = on
    p.reply_request, p.reply_facts = opinion.reply_request, opinion.reply_facts
    p.reply_outcome, p.reply_basis = opinion.reply_outcome, opinion.reply_basis
    if served_on is not None:
        p.reply_served_on = served_on
    steps.stop_clock(p, rules.CLOCK_HANDLING, on, by)
    return steps.save_audited(
        p,
        by=by,
        before=before,
        note=stored(
            gettext_noop("答复：%(value)s"), value=Outcome(outcome).label if outcome else ""
        ),
    )


@transaction.atomic
def serve_reply(
    petition: Petition, *, by: Any, on: dt.date, version: int | None = None
) -> Petition:
    """送达: the date the reply reached the petitioner; the 30-day review
    window runs from it (《信访工作条例》第三十五条)."""
    p = lock(petition, by=by, version=version)
    before = audit.snapshot(p)
    if p.reply_on is None:
        raise RuleViolation(_("尚未出具答复意见，不能登记送达。"), field="served_on")
    p.reply_served_on = steps.check_date(
        on, "served_on", _("送达日期"), not_before=p.reply_on, before_what=_("答复日期")
    )
    return steps.save_audited(
        p, by=by, before=before, note=gettext_noop("答复送达"), action="update"
    )


@transaction.atomic
def close(
    petition: Petition, *, by: Any, on: dt.date, resolved: bool = True, version: int | None = None
) -> Petition:
    """办结: only after the reply was served and, for a claim, with a complete
    handling opinion (《信访工作条例》第三十二条)."""
    p = lock(petition, by=by, version=version)
    before = audit.snapshot(p)
    transition(p, Stage.CLOSED, by=by, on=on)
    _check_opinion(p)
    if p.reply_served_on is None:
        raise RuleViolation(_("答复意见尚未送达信访人，不能办结。"), field="reply_served_on")
    last_served = p.reply_served_on
    review = p.appeals.filter(level=AppealLevel.REVIEW).first()
    if review is not None:
        if review.served_on is None:
            raise RuleViolation(_("复查意见尚未送达信访人，不能办结。"), field="served_on")
        last_served = review.served_on
    check_close(on, last_served)
    p.closed_on = on
    p.resolved = bool(resolved)
    return steps.save_audited(p, by=by, before=before, note=gettext_noop("办结"))


# ---------------------------------------------------------------------------
# Satisfaction
# ---------------------------------------------------------------------------


@transaction.atomic
def rate(
    petition: Petition, *, by: Any, rating: str, on: dt.date, version: int | None = None
) -> Petition:
    """满意度评价: the petitioner rates the handling once a reply was given
    (《信访工作条例》第二十一条: petitioners can check progress and rate)."""
    if by is not None:  # a rating taken without a user (a command) is allowed
        steps.check_writer(by, _("登记评价"))
    p = steps.lock(petition, version=version)
    before = audit.snapshot(p)
    if rating not in Satisfaction.values:
        raise RuleViolation(_("请选择满意、基本满意或不满意。"), field="rating")
    if p.reply_on is None:
        raise RuleViolation(_("答复之后才能评价办理情况。"), field="rating")
    p.satisfaction = rating
    p.satisfaction_on = steps.check_date(
        on, "on", _("评价日期"), not_before=p.reply_on, before_what=_("答复日期")
    )
    return steps.save_audited(
        p,
        by=by,
        before=before,
        note=stored(gettext_noop("满意度：%(label)s"), label=Satisfaction(rating).label),
        action="update",
    )
