"""The statutory-clock service: every module starts, pauses, resumes, extends
and stops its time limits here, and nowhere else.

Each state change is one transaction that locks the clock row, writes a
ClockEvent (the clock's history), recomputes and stores the due date with its
explanation (core.workdays), and writes the audit row. The due date is stored
so lists, dashboards and the daily reminder scan filter and sort on it in SQL.

Rules enforced here (LAW.md §0.1, §13):
* a period is counted by `core.workdays.due_date` (民法典第二百零一条, 第二百零三条);
* a pause (中止) is only possible while the period is still running, and the
  paused days are excluded from the count (e.g. 信访工作条例第三十六条: hearing
  time excluded; 政府信息公开条例第三十二、三十四条: third-party consultation
  excluded from the reply period);
* an extension (延长) needs a reason and an approver, and the total extension
  may not exceed the statutory maximum the caller passes (e.g. 信访工作条例
  第三十四条: ≤30 days; 政府信息公开条例第三十三条: ≤20 working days).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, Literal

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import connection, models, transaction
from django.db.models import Case, CharField, Count, F, Q, Value, When
from django.db.models.functions import Cast, Concat
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from . import audit, batch
from .errors import RuleViolation, StrOrPromise
from .models import CalendarDay, CalendarYear, Clock, ClockEvent, OrgUnit
from .roles import OWN_WORK_ROLES

if TYPE_CHECKING:
    from django.utils.functional import _StrPromise as StrPromise

from django.utils.translation import gettext_noop

from fazhi.core.i18n import stored

from .workdays import (
    UNITS,
    ClockPaused,
    Due,
    Pause,
    WorkCalendar,
    due_date,
    due_soon_threshold,
)

State = Literal["on_time", "due_soon", "overdue", "paused", "done_on_time", "done_late"]
STATES: tuple[State, ...] = (
    "on_time",
    "due_soon",
    "overdue",
    "paused",
    "done_on_time",
    "done_late",
)
# Lazy, so a page shows them in the language of its request.
STATE_LABELS: dict[State, StrPromise] = {
    "on_time": _("正常"),
    "due_soon": _("即将到期"),
    "overdue": _("已超期"),
    "paused": _("中止"),
    "done_on_time": _("按期办结"),
    "done_late": _("超期办结"),
}


# ---------------------------------------------------------------------------
# The work calendar, loaded from CalendarYear / CalendarDay
# ---------------------------------------------------------------------------

# One entry per process: (fingerprint of the tables, calendar built from them).
_calendar_cache: dict[str, tuple[tuple[Any, ...], WorkCalendar]] = {}


def _fingerprint() -> tuple[Any, ...]:
    """A cheap summary of the calendar tables, read in one query.

    Comparing it on every load, rather than trusting a process-local cache or
    a cache key bumped by signals, keeps every gunicorn process and Celery
    worker right after an administrator edits a year (locmem caches are not
    shared), after bulk seeding (which sends no signals) and after a test's
    rolled-back transaction. Counts catch added or deleted days and years,
    the workday count a kind change, the name length sum most name edits.
    """
    q = connection.ops.quote_name
    # Only table and column names from the models are interpolated; the one
    # value is a parameter.
    day, year = q(CalendarDay._meta.db_table), q(CalendarYear._meta.db_table)
    c_year, c_date, c_kind, c_name = q("year"), q("date"), q("kind"), q("name")
    sql = (
        f"SELECT (SELECT COUNT(*) FROM {year}), (SELECT COALESCE(SUM({c_year}), 0) FROM {year}), "  # noqa: S608
        f"(SELECT COUNT(*) FROM {day}), (SELECT COUNT(*) FROM {day} WHERE {c_kind} = %s), "
        f"(SELECT MIN({c_date}) FROM {day}), (SELECT MAX({c_date}) FROM {day}), "
        f"(SELECT COALESCE(SUM(LENGTH({c_name})), 0) FROM {day})"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [CalendarDay.Kind.WORKDAY.value])
        row = cursor.fetchone()
    return (connection.alias, *[str(v) for v in row])


def _read_calendar() -> WorkCalendar:
    holidays: list[dt.date] = []
    workdays: list[dt.date] = []
    names: dict[dt.date, str] = {}
    for day, kind, name in CalendarDay.objects.order_by().values_list("date", "kind", "name"):
        (workdays if kind == CalendarDay.Kind.WORKDAY else holidays).append(day)
        if name:
            names[day] = name
    years = list(CalendarYear.objects.order_by().values_list("year", flat=True))
    # Years after the first entered one without a notice are provisional
    # (core.workdays); years before it are refused.
    return WorkCalendar(
        holidays=holidays,
        workdays=workdays,
        years=years,
        names=names,
        provisional_from=min(years) if years else None,
    )


def load_calendar(years: Iterable[int] | None = None) -> WorkCalendar:
    """The work calendar of every year entered (or only of `years`).

    Costs one small query per call (the fingerprint); the rows are read again
    only when they changed. A day is usable only once its CalendarYear row
    exists, so an administrator entering a new year adds the days first and
    the year last, and no half-entered year is ever used.
    """
    # In a batch (an import) the tables are read once: the run never edits them.
    fingerprint = batch.memo(("calendar", connection.alias), _fingerprint)
    cached = _calendar_cache.get(connection.alias)
    if cached is None or cached[0] != fingerprint:
        cached = (fingerprint, _read_calendar())
        _calendar_cache[connection.alias] = cached
    calendar = cached[1]
    return calendar if years is None else calendar.restricted(years)


def holiday_name(day: dt.date) -> str:
    """The official holiday `day` falls on (元旦, 春节…), "" on any other day
    (a make-up workday, a weekend, a year the calendar cannot tell yet): for
    a page to say that a day planned for work is a public holiday."""
    calendar = load_calendar()
    if not calendar.can_count(day.year) or not calendar.is_holiday(day):
        return ""
    return calendar.name(day) or str(_("法定节假日"))


def invalidate_calendar() -> None:
    """Forget this process's copy; the next load reads the tables again."""
    _calendar_cache.clear()


# ---------------------------------------------------------------------------
# Lookups
# ---------------------------------------------------------------------------


def _target_filter(target: models.Model) -> dict[str, Any]:
    if target.pk is None:
        raise ValueError(_("办理时限只能关联已保存的记录。"))
    return {"content_type": ContentType.objects.get_for_model(target), "object_id": target.pk}


def clocks_for(target: models.Model) -> models.QuerySet[Clock]:
    """Every clock of a record, in the order they were started."""
    return Clock.objects.filter(**_target_filter(target)).order_by("start_date", "pk")


def clock(target: models.Model, kind: str) -> Clock | None:
    """The clock of `kind` on a record: the unfinished one if any (there is at
    most one, see `start`), else the latest finished one."""
    finished_last = Case(When(status=Clock.Status.STOPPED, then=Value(1)), default=Value(0))
    return (
        Clock.objects.filter(kind=kind, **_target_filter(target))
        .order_by(finished_last, "-start_date", "-pk")
        .first()
    )


def events(clock: Clock) -> models.QuerySet[ClockEvent]:
    return clock.events.order_by("on", "pk")


# ---------------------------------------------------------------------------
# Computing a clock
# ---------------------------------------------------------------------------


def _events_in_order(clock: Clock) -> list[ClockEvent]:
    return list(clock.events.order_by("on", "pk")) if clock.pk else []


def _pauses(
    clock: Clock, extra: Iterable[ClockEvent] = (), rows: list[ClockEvent] | None = None
) -> list[Pause]:
    """The pause intervals of a clock from its events (`rows`, in date order,
    when the caller has read them already): a pause opens one, a resume (or
    the stop, if work finished while paused) closes it."""
    spans: list[Pause] = []
    opened: dt.date | None = None
    if rows is None:
        rows = _events_in_order(clock)
    for event in [*rows, *extra]:
        if event.kind == ClockEvent.Kind.PAUSE and opened is None:
            opened = event.on
        elif event.kind in (ClockEvent.Kind.RESUME, ClockEvent.Kind.STOP) and opened is not None:
            spans.append((opened, event.on))
            opened = None
    if opened is not None:
        spans.append((opened, None))
    return spans


Computed = tuple[dt.date | None, list[str], int | None]


def _compute(clock: Clock, calendar: WorkCalendar, pauses: list[Pause]) -> Computed:
    """(due date or None while paused, explanation, first provisional year or
    None). CalendarMissing propagates: a deadline reaching a year before the
    first one the calendar holds is an error for the user."""
    try:
        due: Due = due_date(
            clock.start_date,
            clock.length,
            clock.day_unit,
            calendar,
            count_start=clock.count_start,
            pauses=pauses,
            extension_days=clock.extension_days,
        )
    except ClockPaused as paused:
        return None, paused.steps, None
    return due.date, due.steps, due.provisional_year


def _apply(clock: Clock, computed: Computed) -> list[str]:
    """Store a computation on the clock; the fields to save."""
    clock.due_date, clock.explanation, clock.provisional_year = computed
    return ["due_date", "explanation", "provisional_year"]


def _lock(clock: Clock) -> Clock:
    return Clock.objects.select_for_update().get(pk=clock.pk)


def _sync(stale: Clock, fresh: Clock) -> Clock:
    """Copy the saved state onto the caller's instance, so code holding it
    sees the new due date without another query."""
    if stale is not fresh:
        for field in Clock._meta.concrete_fields:
            setattr(stale, field.attname, getattr(fresh, field.attname))
    return stale


def _require(value: str, message: StrOrPromise, field: str, rule: str = "") -> str:
    text = (value or "").strip()
    if not text:
        raise RuleViolation(message, field=field, rule=rule)
    return text


def _check_not_before(
    on: dt.date, clock: Clock, what: StrOrPromise, rows: list[ClockEvent] | None = None
) -> None:
    """`on` neither before the start nor before the last start, pause or
    resume; `rows` are the clock's events when the caller has read them (a
    stop reads them for its pauses too: one query, not two)."""
    if on < clock.start_date:
        raise RuleViolation(
            _("%(what)s日期 %(on)s 不能早于起算日 %(start_date)s。")
            % {"what": what, "on": on.isoformat(), "start_date": clock.start_date.isoformat()},
            field="on",
        )
    # Extensions are dated by their approval and do not bound the pause order.
    timeline = (ClockEvent.Kind.START, ClockEvent.Kind.PAUSE, ClockEvent.Kind.RESUME)
    last: dt.date | None
    if rows is not None:
        latest = max(((e.on, e.pk) for e in rows if e.kind in timeline), default=None)
        last = latest[0] if latest is not None else None
    else:
        last = (
            clock.events.filter(kind__in=timeline)
            .order_by("-on", "-pk")
            .values_list("on", flat=True)
            .first()
        )
    if last is not None and on < last:
        raise RuleViolation(
            _("%(what)s日期 %(on)s 不能早于上一次记录的日期 %(last)s。")
            % {"what": what, "on": on.isoformat(), "last": last.isoformat()},
            field="on",
        )


def _unit_word(clock: Clock) -> StrPromise:
    # In a refusal only (read at once, in the reader's language); a stored
    # note spells its unit out in its own message.
    if clock.day_unit == "working":
        return pgettext_lazy("时限单位", "个工作日")
    return pgettext_lazy("时限单位", "日")


# ---------------------------------------------------------------------------
# State changes
# ---------------------------------------------------------------------------


@transaction.atomic
def start(
    target: models.Model,
    *,
    kind: str,
    label: str,
    start_date: dt.date,
    length: int,
    unit: str,
    unit_org: OrgUnit,
    by: Any,
    count_start: bool = False,
    legal_basis: str = "",
    recipients: Iterable[Any] = (),
    url: str = "",
) -> Clock:
    """Start a statutory period on `target` (e.g. 信访工作条例第三十四条: 60 days
    from acceptance). `unit` is "calendar" or "working"; `unit_org` the OrgUnit
    whose users see the clock. A record has at most one unfinished clock of a
    kind: restarting a period (政府信息公开条例第三十条, after a correction)
    means stopping the old clock and starting a new one.
    """
    if unit not in UNITS:
        raise RuleViolation(_("计算单位应为“日”或“工作日”。"), field="unit")
    if length < 0:
        raise RuleViolation(_("期限不能为负数。"), field="length")
    kind = _require(kind, _("请填写时限类别。"), "kind")
    label = _require(label, _("请填写时限名称。"), "label")
    where = _target_filter(target)
    if Clock.objects.filter(kind=kind, **where).exclude(status=Clock.Status.STOPPED).exists():
        raise RuleViolation(
            _("该记录已有未完成的“%(label)s”时限，请先办结后再重新起算。") % {"label": label},
            field="kind",
        )
    new = Clock(
        unit=unit_org,
        kind=kind,
        label=label,
        legal_basis=legal_basis,
        start_date=start_date,
        length=length,
        day_unit=unit,
        count_start=count_start,
        url=url,
        **where,
    )
    _apply(new, _compute(new, load_calendar(), []))
    new.save()
    people = list(recipients)
    if people:
        new.recipients.add(*people)  # a new clock has none yet: no read first
    ClockEvent.objects.create(
        clock=new,
        kind=ClockEvent.Kind.START,
        on=start_date,
        days=length,
        legal_basis=legal_basis,
        by=_actor(by),
    )
    return new


def _actor(by: Any) -> Any:
    return by if getattr(by, "is_authenticated", False) else None


@transaction.atomic
def pause(clock: Clock, *, on: dt.date, reason: str, by: Any, legal_basis: str = "") -> Clock:
    """Pause (中止) a running period from `on`: that day and the following ones
    do not count until `resume`. Refused once the period has run in full,
    because an expired period cannot be suspended."""
    locked = _lock(clock)
    if locked.status != Clock.Status.RUNNING:
        raise RuleViolation(_("只有计时中的期限才能中止。"), field="__all__")
    reason = _require(reason, _("请填写中止理由。"), "reason", legal_basis)
    rows = _events_in_order(locked)
    _check_not_before(on, locked, _("中止"), rows)
    event = ClockEvent(clock=locked, kind=ClockEvent.Kind.PAUSE, on=on, reason=reason)
    computed = _compute(locked, load_calendar(), _pauses(locked, [event], rows))
    due = computed[0]
    if due is not None:
        raise RuleViolation(
            _("该期限已于 %(due)s 届满，不能中止。") % {"due": due.isoformat()},
            field="on",
            rule=legal_basis,
        )
    before = {"status": locked.status, "due_date": locked.due_date}
    event.legal_basis = legal_basis
    event.by = _actor(by)
    event.save()
    locked.status = Clock.Status.PAUSED
    locked.save(update_fields=["status", *_apply(locked, computed)])
    audit.record(
        locked,
        by=by,
        action="transition",
        changes=_changes(before, locked),
        note=stored(gettext_noop("中止：%(reason)s"), reason=reason),
    )
    return _sync(clock, locked)


@transaction.atomic
def resume(clock: Clock, *, on: dt.date, by: Any) -> Clock:
    """Resume a paused period; `on` counts again, the due date moves by the
    days excluded while paused."""
    locked = _lock(clock)
    if locked.status != Clock.Status.PAUSED:
        raise RuleViolation(_("只有已中止的期限才能恢复计时。"), field="__all__")
    rows = _events_in_order(locked)
    _check_not_before(on, locked, _("恢复"), rows)
    event = ClockEvent(clock=locked, kind=ClockEvent.Kind.RESUME, on=on, by=_actor(by))
    computed = _compute(locked, load_calendar(), _pauses(locked, [event], rows))
    before = {"status": locked.status, "due_date": locked.due_date}
    event.save()
    locked.status = Clock.Status.RUNNING
    locked.save(update_fields=["status", *_apply(locked, computed)])
    audit.record(
        locked,
        by=by,
        action="transition",
        changes=_changes(before, locked),
        note=gettext_noop("恢复计时"),
    )
    return _sync(clock, locked)


@transaction.atomic
def extend(
    clock: Clock,
    *,
    days: int,
    reason: str,
    approver: str,
    legal_basis: str,
    by: Any,
    max_days: int | None = None,
    on: dt.date | None = None,
) -> Clock:
    """Extend (延长) a period by `days` in its own unit. A reason and the
    approving person are required (e.g. 信访工作条例第三十四条: approval of the
    organ's head, reason told to the petitioner); `max_days` caps the total of
    all extensions of this clock. `on` is the approval date (today if omitted).
    """
    locked = _lock(clock)
    word = _unit_word(locked)
    if locked.status == Clock.Status.STOPPED:
        raise RuleViolation(_("已办结的期限不能延长。"), field="__all__")
    if days < 1:
        raise RuleViolation(_("延长天数应至少为1。"), field="days", rule=legal_basis)
    reason = _require(reason, _("请填写延长理由。"), "reason", legal_basis)
    approver = _require(approver, _("请填写批准人。"), "approver", legal_basis)
    if max_days is not None and locked.extension_days + days > max_days:
        already = (
            _("已延长%(days)s%(word)s，") % {"days": locked.extension_days, "word": word}
            if locked.extension_days
            else ""
        )
        raise RuleViolation(
            _(
                "延长期限合计不得超过%(max_days)s%(word)s（%(already)s本次申请延长%(days)s%(word)s）。"
            )
            % {"max_days": max_days, "word": word, "already": already, "days": days},
            field="days",
            rule=legal_basis,
        )
    when = on or _today()
    if when < locked.start_date:
        raise RuleViolation(_("批准延长的日期不能早于起算日。"), field="on")
    before = {"extension_days": locked.extension_days, "due_date": locked.due_date}
    locked.extension_days += days
    fields = _apply(locked, _compute(locked, load_calendar(), _pauses(locked)))
    ClockEvent.objects.create(
        clock=locked,
        kind=ClockEvent.Kind.EXTEND,
        on=when,
        days=days,
        reason=reason,
        approver=approver,
        legal_basis=legal_basis,
        by=_actor(by),
    )
    locked.save(update_fields=["extension_days", *fields])
    audit.record(
        locked,
        by=by,
        action="transition",
        changes=_changes(before, locked),
        note=stored(
            gettext_noop("延长%(days)s个工作日：%(reason)s（批准人：%(approver)s）")
            if locked.day_unit == "working"
            else gettext_noop("延长%(days)s日：%(reason)s（批准人：%(approver)s）"),
            days=days,
            reason=reason,
            approver=approver,
        ),
    )
    return _sync(clock, locked)


def running(target: models.Model, kind: str) -> Clock | None:
    """The record's unfinished clock of `kind` (running or paused; there is
    at most one, see `start`) under `SELECT … FOR UPDATE`, for `stop_running`."""
    return (
        Clock.objects.select_for_update()
        .filter(kind=kind, **_target_filter(target))
        .exclude(status=Clock.Status.STOPPED)
        .first()
    )


@transaction.atomic
def stop_running(target: models.Model, kind: str, *, on: dt.date, by: Any) -> Clock | None:
    """`stop` the record's unfinished clock of `kind`, if it has one, on `on`
    or, when `on` is before the clock started, on its start day. The clock is
    found and locked in one query (a workflow step stopping its clock read it
    once to find it and again to lock it)."""
    found = running(target, kind)
    if found is None:
        return None
    return _stop(found, on=max(on, found.start_date), by=by)


@transaction.atomic
def stop(clock: Clock, *, on: dt.date, by: Any) -> Clock:
    """Stop a clock: the act it times was done on `on`. If it was paused, the
    pause ends on `on` (the work was finished while the clock stood still)."""
    return _sync(clock, _stop(_lock(clock), on=on, by=by))


def _stop(locked: Clock, *, on: dt.date, by: Any) -> Clock:
    """`stop` on a clock already read under lock."""
    if locked.status == Clock.Status.STOPPED:
        raise RuleViolation(_("该期限已办结。"), field="__all__")
    rows = _events_in_order(locked)
    _check_not_before(on, locked, _("办结"), rows)
    event = ClockEvent(clock=locked, kind=ClockEvent.Kind.STOP, on=on, by=_actor(by))
    computed = _compute(locked, load_calendar(), _pauses(locked, [event], rows))
    due = computed[0]
    before = {"status": locked.status, "due_date": locked.due_date, "stopped_on": None}
    event.save()
    locked.status = Clock.Status.STOPPED
    locked.stopped_on = on
    locked.save(update_fields=["status", "stopped_on", *_apply(locked, computed)])
    note = gettext_noop("按期办结") if due is not None and on <= due else gettext_noop("超期办结")
    audit.record(locked, by=by, action="transition", changes=_changes(before, locked), note=note)
    return locked


def add_recipients(clock: Clock, users: Any) -> Clock:
    """Who is reminded when the clock is due soon or overdue (e.g. the cadre
    just assigned and the owning leader). Adding someone twice is harmless."""
    people = [u for u in users if u is not None]
    if people:
        clock.recipients.add(*people)
    return clock


def recompute(clock: Clock, calendar: WorkCalendar | None = None) -> Clock:
    """Recompute the stored due date and explanation from the clock's events,
    e.g. after the administrator corrected the holiday table. Saves only if
    something changed; no event or audit row (the clock's facts are unchanged)."""
    with transaction.atomic():
        locked = _lock(clock)
        computed = _compute(locked, calendar or load_calendar(), _pauses(locked))
        if computed != (locked.due_date, locked.explanation, locked.provisional_year):
            locked.save(update_fields=_apply(locked, computed))
    return _sync(clock, locked)


def _changes(before: dict[str, Any], after: Clock) -> dict[str, Any]:
    return {
        key: [old, getattr(after, key)] for key, old in before.items() if getattr(after, key) != old
    }


def _today() -> dt.date:
    return timezone.localdate()


# ---------------------------------------------------------------------------
# State: on time, due soon, overdue, paused, done on time, done late
# ---------------------------------------------------------------------------


def due_soon_days() -> int:
    return int(settings.FAZHI_DUE_SOON_WORKING_DAYS)


def state(clock: Clock, today: dt.date, calendar: WorkCalendar) -> State:
    """Where a clock stands on `today`. Due soon: due within
    FAZHI_DUE_SOON_WORKING_DAYS working days; the due day itself is not
    overdue, the last day runs to 24:00 (民法典第二百零三条)."""
    if clock.status == Clock.Status.PAUSED:
        return "paused"
    if clock.status == Clock.Status.STOPPED:
        if (
            clock.due_date is not None
            and clock.stopped_on is not None
            and clock.stopped_on > clock.due_date
        ):
            return "done_late"
        return "done_on_time"
    if clock.due_date is None:
        return "on_time"
    if clock.due_date < today:
        return "overdue"
    if clock.due_date <= due_soon_threshold(today, calendar, due_soon_days()):
        return "due_soon"
    return "on_time"


def _state_conditions(today: dt.date, soon: dt.date) -> dict[State, Q]:
    """The SQL form of `state`, one condition per state (mutually exclusive)."""
    running = Q(status=Clock.Status.RUNNING)
    stopped = Q(status=Clock.Status.STOPPED)
    return {
        "paused": Q(status=Clock.Status.PAUSED),
        "overdue": running & Q(due_date__lt=today),
        "due_soon": running & Q(due_date__gte=today, due_date__lte=soon),
        "on_time": running & (Q(due_date__gt=soon) | Q(due_date__isnull=True)),
        "done_late": stopped & Q(stopped_on__gt=F("due_date")),
        "done_on_time": stopped
        & (
            Q(stopped_on__lte=F("due_date")) | Q(due_date__isnull=True) | Q(stopped_on__isnull=True)
        ),
    }


def _soon(today: dt.date, calendar: WorkCalendar | None) -> dt.date:
    return due_soon_threshold(today, calendar or load_calendar(), due_soon_days())


def annotate_state(
    qs: models.QuerySet[Clock], today: dt.date, calendar: WorkCalendar | None = None
) -> models.QuerySet[Clock]:
    """Add `clock_state` (one of STATES) to every row, computed in SQL."""
    conditions = _state_conditions(today, _soon(today, calendar))
    return qs.annotate(
        clock_state=Case(
            *[When(condition, then=Value(name)) for name, condition in conditions.items()],
            default=Value("on_time"),
            output_field=models.CharField(),
        )
    )


def record_key() -> Concat:
    """A clock's record as one value ("content type:object id"): a matter
    counts once however many of its clocks are counted (a petition runs its
    receipt notice and its handling at once)."""
    return Concat(Cast("content_type_id", CharField()), Value(":"), Cast("object_id", CharField()))


def count_matters(matching: Q | None = None) -> Count:
    """The matters (distinct records) among the clocks aggregated, those with
    at least one clock `matching`: what a leader means by 已超期 (the
    home page's figure and the leaders' dashboard count the same)."""
    return Count(record_key(), distinct=True, filter=matching)


def module_q(*prefixes: str) -> Q:
    """The clocks of a module: kinds named `<prefix>.…` or `<prefix>` for
    each of its prefixes (its name, and the singular a kind may use:
    `petitions.handling`, `petition.handle`)."""
    q = Q()
    for prefix in prefixes:
        q |= Q(kind__startswith=f"{prefix}.") | Q(kind=prefix)
    return q


def overdue_q(today: dt.date) -> Q:
    """A clock overdue on `today`: running past its due date."""
    return Q(status=Clock.Status.RUNNING, due_date__lt=today)


def counts_own_work(user: Any) -> bool:
    """Whether `user`'s 工作台 counts their own work (roles.OWN_WORK_ROLES:
    an enforcement officer) rather than everything in their scope."""
    return not getattr(user, "is_superuser", False) and getattr(user, "role", "") in OWN_WORK_ROLES


def in_work_of(user: Any) -> models.QuerySet[Clock]:
    """The clocks a user's 工作台 counts: those in their scope; for a role
    whose work is the cases assigned to them (`counts_own_work`) only the
    clocks they are reminded of (`recipients`: the case's officers and
    whoever started it), not the whole township's."""
    qs = Clock.objects.visible_to(user)
    if counts_own_work(user):
        qs = qs.filter(recipients=user)
    return qs


# A list's `?work=mine` (core.filters.OwnWorkFilter): only the records with a
# clock of the user's work (`in_work_of`), so a 工作台 figure's link lists the
# rows it counts. Its links carry it for a role that counts its own work only.
OWN_WORK = "mine"


def own_work_query(user: Any) -> str:
    """What a 工作台 figure counted over `in_work_of` adds to its list's link:
    `&work=mine` for a role that counts its own work (`counts_own_work`), so
    the list shows the figure's rows; nothing for the others, whose work is
    their scope, the list's own."""
    return f"&work={OWN_WORK}" if counts_own_work(user) else ""


def overdue_matters(user: Any, today: dt.date, *prefixes: str) -> int:
    """A module's 已超期事项: the matters (distinct records, `count_matters`)
    in the user's work (`in_work_of`) with a clock of the module
    (`module_q(*prefixes)`) overdue. Each module's home-page panel shows this
    figure; the leaders' dashboard counts its per-module rows so over the
    scope, so for a leader the two never disagree (a petition whose objection
    clock runs late after it left the ledger's stages in progress is overdue
    on both), while an enforcement officer's panel counts their own cases."""
    found = overdue_clocks(user, today, *prefixes).aggregate(n=count_matters())
    return int(found["n"] or 0)


def overdue_clocks(user: Any, today: dt.date, *prefixes: str) -> models.QuerySet[Clock]:
    """The clocks a module's 已超期事项 counts (`overdue_matters`): overdue,
    of the module, in the user's work. A module's list of those matters
    (governance:overdue) lists these, one row a record (`one_per_record`)."""
    return in_work_of(user).filter(overdue_q(today) & module_q(*prefixes))


def one_per_record(qs: models.QuerySet[Clock]) -> models.QuerySet[Clock]:
    """One clock per record among `qs` (its latest), as `count_matters`
    counts a record once however many of its clocks are there."""
    latest = qs.values("content_type_id", "object_id").annotate(latest=models.Max("pk"))
    return Clock.objects.filter(pk__in=latest.values("latest"))


def filter_state(
    qs: models.QuerySet[Clock], state: str, today: dt.date, calendar: WorkCalendar | None = None
) -> models.QuerySet[Clock]:
    """Only the clocks in `state` on `today`: one indexed filter on
    (status, due_date), no per-row Python."""
    if state not in STATES:
        raise ValueError(
            _("未知的时限状态 %(state)s，应为 %(states)s 之一。")
            % {"state": repr(state), "states": ", ".join(STATES)}
        )
    # Only "due soon" and "on time" depend on the due-soon threshold (a
    # calendar and a setting to read); the other states are plain comparisons.
    soon = _soon(today, calendar) if state in ("due_soon", "on_time") else today
    return qs.filter(_state_conditions(today, soon)[state])  # type: ignore[index]


def holders_in_state(
    model: type[models.Model],
    state: str,
    today: dt.date,
    *,
    kinds: Iterable[str] | None = None,
    user: Any = None,
    own_work: bool = False,
) -> models.QuerySet[Clock, Any]:
    """The ids of `model`'s records with a clock (of `kinds`, if given) in
    `state` (any state, if empty) on `today`, as a sub-select for `pk__in`:
    the database evaluates it once, through the (status, due_date) index,
    instead of an EXISTS per record. With `user`, only the clocks in their
    scope (a clock carries its record's unit), so a township's filter does not
    range over the province's overdue clocks; with `own_work` too, only those
    of their work (`in_work_of`: an enforcement officer's own), the clocks
    their 工作台 counts."""
    if user is None:
        qs = Clock.objects.all()
    else:
        qs = in_work_of(user) if own_work else Clock.objects.visible_to(user)
    qs = qs.filter(content_type=ContentType.objects.get_for_model(model))
    if kinds is not None:
        qs = qs.filter(kind__in=list(kinds))
    if state:
        qs = filter_state(qs, state, today)
    return qs.values("object_id")
