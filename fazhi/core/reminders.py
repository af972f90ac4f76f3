"""Reminders: an inbox per user, posted once each by the daily scan."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_noop

from .i18n import stored
from .models import Clock, Reminder

BATCH = 2000


def post(
    user: Any,
    *,
    key: str,
    title: str,
    url: str = "",
    kind: str = Reminder.Kind.NOTICE,
    by: Any = None,
) -> None:
    """Post a reminder after the surrounding transaction commits (once per key).
    A notice of a step is not posted to `by`, the user who took it: a leader
    who marked a dispute high-risk was told 高风险矛盾纠纷 by their own step,
    in their own inbox."""
    if by is not None and getattr(by, "pk", None) is not None and by.pk == user.pk:
        return

    def _post() -> None:
        Reminder.objects.bulk_create(
            [Reminder(user=user, key=key[:120], title=title[:200], url=url, kind=kind)],
            ignore_conflicts=True,
        )

    transaction.on_commit(_post)


def post_many(
    users: Iterable[Any],
    *,
    key: str,
    title: str,
    url: str = "",
    kind: str = Reminder.Kind.NOTICE,
    by: Any = None,
) -> None:
    for user in users:
        post(user, key=key, title=title, url=url, kind=kind, by=by)


# A reminder's title is kept in Chinese and translated when shown (core.i18n).
OVERDUE = gettext_noop("%(label)s已超期（截止 %(due)s）")
DUE_SOON = gettext_noop("%(label)s即将到期（截止 %(due)s）")


def _bulk_for(clocks: Any, kind: str, word: str) -> int:
    through = Clock.recipients.through
    already = Reminder.objects.filter(
        clock_id=OuterRef("clock_id"),
        user_id=OuterRef("user_id"),
        kind=kind,
        due_date=OuterRef("clock__due_date"),
    )
    rows = (
        through.objects.filter(clock__in=clocks)
        # Only recipients not yet reminded of this clock at this due date: a
        # repeat run reads nothing, so the daily scan costs what is new.
        .exclude(Exists(already))
        .values_list("clock_id", "user_id", "clock__label", "clock__due_date", "clock__url")
        .order_by("clock_id", "user_id")
        .iterator(chunk_size=BATCH)
    )
    created = 0
    batch: list[Reminder] = []
    for clock_id, user_id, label, due, url in rows:
        batch.append(
            Reminder(
                user_id=user_id,
                clock_id=clock_id,
                kind=kind,
                due_date=due,
                # The due date is part of the key: after an extension the new
                # date is reminded again, the old one never twice.
                key=f"clock:{clock_id}:{kind}:{due:%Y%m%d}",
                title=stored(word, label=label, due=f"{due:%Y-%m-%d}"),
                url=url,
            )
        )
        if len(batch) >= BATCH:
            created += len(Reminder.objects.bulk_create(batch, ignore_conflicts=True))
            batch = []
    if batch:
        created += len(Reminder.objects.bulk_create(batch, ignore_conflicts=True))
    return created


def scan(today: dt.date) -> dict[str, int]:
    """Find due-soon and overdue running clocks with two indexed queries and
    post each recipient's reminder once. Safe to run twice a day."""
    from .clocks import load_calendar
    from .workdays import due_soon_threshold

    calendar = load_calendar()
    soon = due_soon_threshold(today, calendar, settings.FAZHI_DUE_SOON_WORKING_DAYS)
    running = Clock.objects.filter(status=Clock.Status.RUNNING, due_date__isnull=False)
    return {
        "overdue": _bulk_for(running.filter(due_date__lt=today), Reminder.Kind.OVERDUE, OVERDUE),
        "due_soon": _bulk_for(
            running.filter(due_date__gte=today, due_date__lte=soon),
            Reminder.Kind.DUE_SOON,
            DUE_SOON,
        ),
    }
