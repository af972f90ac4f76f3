"""Section 二 of the report, 存在的问题及原因: problems proposed from the data,
added by staff, accepted (possibly reworded) or discarded."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from fazhi.core import audit, steps
from fazhi.core.i18n import stored

from .. import defaults, queries
from ..figures import evaluate, is_known
from ..models import AnnualReport, Shortcoming
from ._common import check_editable, store_new_figures, when_done


@transaction.atomic
def propose_shortcomings(
    report: AnnualReport, *, by: Any, at: dt.datetime | None = None
) -> list[Shortcoming]:
    """Propose problems from the data (coverage gaps, overdue clocks, officers
    below their training hours, certificates expiring, plan tasks not done).
    Running it again adds what is new and never revives a discarded one.
    `at`: proposed afterwards (补录, `_common.when_done`): the history shows it."""
    report = steps.lock(report, by=by)
    check_editable(report)
    done = when_done(report, at)
    existing = set(report.shortcomings.values_list("source", flat=True))
    order = (report.shortcomings.aggregate(m=Max("order"))["m"] or 0) + 1
    created = []
    period = queries.period(report.year)
    for source, key, text, cause in defaults.SHORTCOMING_RULES:
        if source in existing or not is_known(key):
            continue
        value = evaluate(key, report.unit, period)
        if value.empty or (value.value is not None and value.value <= 0):
            continue
        created.append(
            Shortcoming.objects.create(
                report=report, source=source, text=text, cause=cause, order=order
            )
        )
        order += 1
    if created:
        audit.record(
            report,
            by=by,
            action="update",
            note=stored(gettext_noop("根据数据提出存在的问题%(created)s条"), created=len(created)),
            done_at=None if at is None else done,
        )
    return created


@transaction.atomic
def add_shortcoming(report: AnnualReport, *, by: Any, text: str, cause: str = "") -> Shortcoming:
    """A problem staff write themselves is accepted as written."""
    report = steps.lock(report, by=by)
    check_editable(report)
    text = steps.require_text(text, "text", _("存在的问题"))
    order = (report.shortcomings.aggregate(m=Max("order"))["m"] or 0) + 1
    item = Shortcoming.objects.create(
        report=report,
        text=text,
        cause=cause.strip(),
        order=order,
        status=Shortcoming.Status.ACCEPTED,
        decided_by=steps.actor(by),
        decided_at=timezone.now(),
    )
    audit.record(
        report,
        by=by,
        action="update",
        note=stored(
            gettext_noop("添加存在的问题：%(text)s"),
            text=queries.stated_shortcomings(report, [item])[item.pk][:50],
        ),
    )
    return item


@transaction.atomic
def decide_shortcoming(
    item: Shortcoming,
    *,
    by: Any,
    accept: bool,
    text: str | None = None,
    cause: str | None = None,
    at: dt.datetime | None = None,
) -> Shortcoming:
    """Staff accept (possibly reworded) or discard a proposed problem. `at`:
    decided afterwards (补录, `_common.when_done`): its time and history say when."""
    report = steps.lock(item.report, by=by)
    check_editable(report)
    done = when_done(report, at)
    item = steps.lock(item)
    if accept:
        if text is not None:
            item.text = steps.require_text(text, "text", _("存在的问题"))
        if cause is not None:
            item.cause = cause.strip()
    item.status = Shortcoming.Status.ACCEPTED if accept else Shortcoming.Status.DISCARDED
    item.decided_by = steps.actor(by)
    item.decided_at = done
    item.save()
    if report.is_frozen and accept:
        store_new_figures(report, item.text)
    audit.record(
        report,
        by=by,
        action="update",
        note=stored(
            gettext_noop("采纳存在的问题：%(text)s")
            if accept
            else gettext_noop("舍弃存在的问题：%(text)s"),
            # As the clerk read it, its figures filled in: the history shows
            # no {placeholder} (walking the demo's 2024 report).
            text=queries.stated_shortcomings(report, [item])[item.pk][:50],
        ),
        done_at=None if at is None else done,
    )
    return item
