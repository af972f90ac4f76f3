"""Entering a year's State Council holiday notice (国务院办公厅关于部分节假日安排
的通知) into the work calendar, and what that does to the clocks.

* `parse_notice` reads the notice's usual wording, item by item::

      一、元旦：1月1日（周四）至3日（周六）放假调休，共3天。1月4日（周日）上班。
      二、春节：2月15日（农历腊月二十八、周日）至23日（农历正月初七、周一）放假调休，
      共9天。2月14日（周六）、2月28日（周六）上班。

  and `parse_days` the day-by-day lines an administrator types
  (``2027-02-05 放假 春节`` / ``2027-02-20 上班 春节``).
* `preview` lists the open clocks whose due date would move, old → new,
  without saving anything.
* `enter_year` is the workflow step: one transaction, explicit `by`, the
  year's days replaced, every clock touching the year recomputed, each changed
  clock audited, the holders of the moved open clocks notified after commit.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from . import audit, reminders
from .clocks import _apply, _compute, _lock, _pauses, invalidate_calendar, load_calendar
from .errors import RuleViolation
from .i18n import stored
from .models import CalendarDay, CalendarYear, Clock
from .workdays import WorkCalendar, statutory_holidays, weekday_name

HOLIDAY = str(CalendarDay.Kind.HOLIDAY)
WORKDAY = str(CalendarDay.Kind.WORKDAY)
NOTICE_SOURCE = "国务院办公厅关于{year}年部分节假日安排的通知"

_ITEM = re.compile(r"[一二三四五六七八九十]+、\s*([^：:\s]{1,12})[：:]")
_PAREN = re.compile(r"[（(][^）)]*[）)]")
_DATE = re.compile(r"(?:(\d{1,2})\s*月\s*)?(\d{1,2})\s*日")
_RANGE_WORDS = ("至", "—", "－", "~", "～", "-")
_TOTAL = re.compile(r"共\s*(\d+)\s*天")
_ISO_LINE = re.compile(
    r"^\s*(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?\s*(放假|休息|上班|补班|调休上班)?\s*(.*?)\s*$"
)


@dataclass
class Notice:
    """What a notice (or day-by-day lines) says about one year."""

    year: int
    holidays: dict[dt.date, str] = field(default_factory=dict)
    workdays: dict[dt.date, str] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def days(self) -> list[tuple[dt.date, str, str]]:
        """(date, kind, name) of every day, in date order."""
        rows = [(d, HOLIDAY, n) for d, n in self.holidays.items()]
        rows += [(d, WORKDAY, n) for d, n in self.workdays.items()]
        return sorted(rows)

    def merge(self, other: Notice) -> None:
        """Day-by-day lines override the notice text for their dates."""
        for day, name in other.holidays.items():
            self.workdays.pop(day, None)
            self.holidays[day] = name or self.holidays.get(day, "")
        for day, name in other.workdays.items():
            self.holidays.pop(day, None)
            self.workdays[day] = name or self.workdays.get(day, "")
        self.errors += other.errors
        self.warnings += other.warnings


def _dates(text: str, year: int) -> list[dt.date | tuple[dt.date, dt.date]]:
    """Single dates and (first, last) ranges in one clause of the notice; a
    day without a month takes the month of the day before it. Parentheses
    (weekdays, lunar dates) are ignored."""
    text = _PAREN.sub("", text)
    found: list[dt.date | tuple[dt.date, dt.date]] = []
    month: int | None = None
    pos = 0
    for m in _DATE.finditer(text):
        between = text[pos : m.start()].strip()
        pos = m.end()
        if m.group(1):
            month = int(m.group(1))
        if month is None:
            raise ValueError(_("“%(text)s”前没有月份") % {"text": m.group(0)})
        try:
            day = dt.date(year, month, int(m.group(2)))
        except ValueError as exc:
            raise ValueError(
                _("%(month)s月%(day)s日不存在") % {"month": month, "day": m.group(2)}
            ) from exc
        last = found[-1] if found else None
        if between in _RANGE_WORDS and isinstance(last, dt.date):
            if day < last:
                raise ValueError(
                    _("%(month1)s月%(day1)s日至%(month2)s月%(day2)s日的终止日早于起始日")
                    % {"month1": last.month, "day1": last.day, "month2": month, "day2": day.day}
                )
            found[-1] = (last, day)
        else:
            found.append(day)
    return found


def _expand(items: Iterable[dt.date | tuple[dt.date, dt.date]]) -> list[dt.date]:
    out: list[dt.date] = []
    for item in items:
        if isinstance(item, tuple):
            day = item[0]
            while day <= item[1]:
                out.append(day)
                day += dt.timedelta(days=1)
        else:
            out.append(item)
    return out


def _read_sentence(notice: Notice, name: str, sentence: str, year: int) -> None:
    """Clauses with 上班 give make-up working days, the others' dates (with
    放假/休息 in the sentence) days off; "共N天" is checked against them."""
    if not sentence.strip():
        return
    off: list[dt.date] = []
    pending: list[dt.date] = []
    for clause in re.split(r"[，,]", sentence):
        days = _expand(_dates(clause, year))
        if "上班" in clause or "补班" in clause:
            for day in pending + days:
                notice.workdays[day] = name
            pending = []
        elif "放假" in clause or "休息" in clause:
            off += pending + days
            pending = []
        else:
            pending += days
    if pending and ("放假" in sentence or "休息" in sentence):
        off += pending
    for day in off:
        notice.holidays[day] = name
    total = _TOTAL.search(sentence)
    if total and off and int(total.group(1)) != len(off):
        notice.warnings.append(
            _("%(name)s：通知写明共%(total)s天，识别出%(found)s天，请核对。")
            % {"name": name, "total": total.group(1), "found": len(off)}
        )


def parse_notice(text: str, year: int) -> Notice:
    """The holidays and make-up working days of a notice's text for `year`.

    Each numbered item (一、元旦：…) names its holiday; the sentence with 放假
    gives the days off (ranges with 至), a sentence with 上班 the make-up
    working days. "共N天" is checked against the range.
    """
    notice = Notice(year=year)
    text = (text or "").replace("\r", "")
    heads = list(_ITEM.finditer(text))
    if not heads:
        if text.strip():
            notice.errors.append(
                _(
                    "未能识别通知正文：应按通知原文粘贴各项，"
                    "如“一、元旦：1月1日（周五）放假，与周末连休。”"
                )
            )
        return notice
    for i, head in enumerate(heads):
        name = head.group(1).strip()
        body = text[head.end() : heads[i + 1].start() if i + 1 < len(heads) else len(text)]
        for sentence in re.split(r"[。；;\n]", body):
            try:
                _read_sentence(notice, name, sentence, year)
            except ValueError as exc:
                notice.errors.append(
                    _("%(name)s：%(error)s，请核对“%(sentence)s”。")
                    % {"name": name, "error": exc, "sentence": sentence.strip()}
                )
    return notice


def parse_days(text: str, year: int) -> Notice:
    """Day-by-day lines: ``2027-02-05 放假 春节`` or ``2027-02-20 上班 春节``
    (放假/休息 → holiday, 上班/补班 → make-up working day; the name is optional)."""
    notice = Notice(year=year)
    for number, line in enumerate((text or "").splitlines(), start=1):
        if not line.strip():
            continue
        m = _ISO_LINE.match(line)
        if not m or not m.group(4):
            notice.errors.append(
                _(
                    "逐日录入第%(number)s行“%(line)s”无法识别：应为“2027-02-05 放假 春节”"
                    "或“2027-02-20 上班 春节”。"
                )
                % {"number": number, "line": line.strip()}
            )
            continue
        try:
            day = dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            notice.errors.append(
                _("逐日录入第%(number)s行的日期“%(line)s”不存在。")
                % {"number": number, "line": line.strip()}
            )
            continue
        name = m.group(5).strip()
        if m.group(4) in ("放假", "休息"):
            notice.holidays[day] = name
        else:
            notice.workdays[day] = name
    return notice


def check(notice: Notice) -> Notice:
    """The rules a notice must meet before it is saved (errors) and what
    looks unusual (warnings)."""
    year = notice.year
    for day in sorted(notice.holidays.keys() | notice.workdays.keys()):
        if day.year != year:
            notice.errors.append(
                _("%(day)s 不属于%(year)s年，请在该年度录入。")
                % {"day": day.isoformat(), "year": year}
            )
    both = notice.holidays.keys() & notice.workdays.keys()
    for day in sorted(both):
        notice.errors.append(_("%(day)s 不能同时是放假日和调休上班日。") % {"day": day.isoformat()})
    for day in sorted(notice.workdays):
        if day.weekday() < 5:
            notice.errors.append(
                _("调休上班日应为周六或周日（%(day)s 是%(weekday)s）。")
                % {"day": day.isoformat(), "weekday": _(weekday_name(day))}
            )
    if not notice.holidays and not notice.errors:
        notice.errors.append(
            _("没有识别出%(year)s年的任何放假日，请粘贴通知原文或逐日录入。") % {"year": year}
        )
    if notice.holidays and 2025 <= year <= 2099:
        missing = [d for d in statutory_holidays(year) if d not in notice.holidays]
        if missing:
            listed = "、".join(f"{d:%m-%d}" for d in missing)
            notice.warnings.append(
                _(
                    "《全国年节及纪念日放假办法》规定的法定节假日 %(days)s 不在放假日中，"
                    "请核对通知。"
                )
                % {"days": listed}
            )
    return notice


def read(year: int, text: str = "", days: str = "") -> Notice:
    notice = parse_notice(text, year)
    notice.merge(parse_days(days, year))
    return check(notice)


# ---------------------------------------------------------------------------
# Clocks touching a year
# ---------------------------------------------------------------------------


def clocks_touching(year: int) -> QuerySet[Clock]:
    """Every clock whose due date depends on `year`: computed on its
    provisional calendar, or open and running through it."""
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    spans = Q(start_date__lte=last) & (Q(due_date__gte=first) | Q(due_date__isnull=True))
    open_ = ~Q(status=Clock.Status.STOPPED)
    provisional = Q(provisional_year__isnull=False, provisional_year__lte=year) & spans
    return Clock.objects.filter((open_ & spans) | provisional).order_by("due_date", "pk")


def calendar_with(notice: Notice) -> WorkCalendar:
    """The work calendar as it would be with `notice` entered."""
    current = load_calendar()
    year = notice.year
    holidays = {d for d in current.holidays if d.year != year} | set(notice.holidays)
    workdays = {d for d in current.workdays if d.year != year} | set(notice.workdays)
    names = {d: n for d, n in current.names.items() if d.year != year}
    names.update({d: n for d, n in notice.holidays.items() if n})
    names.update({d: n for d, n in notice.workdays.items() if n})
    years = set(current.years) | {year}
    return WorkCalendar(
        holidays=holidays,
        workdays=workdays,
        years=years,
        names=names,
        provisional_from=min(years),
    )


@dataclass(frozen=True)
class Move:
    clock: Clock
    old: dt.date | None
    new: dt.date | None
    old_provisional: int | None
    new_provisional: int | None

    @property
    def moved(self) -> bool:
        return self.old != self.new


def preview(notice: Notice) -> list[Move]:
    """The clocks whose due date (or 暂定 mark) the notice would change."""
    calendar = calendar_with(notice)
    out = []
    for clock in clocks_touching(notice.year).select_related("unit"):
        due, _steps, prov = _compute(clock, calendar, _pauses(clock))
        if (due, prov) != (clock.due_date, clock.provisional_year):
            out.append(Move(clock, clock.due_date, due, clock.provisional_year, prov))
    return out


@dataclass
class Entered:
    year: int
    created: bool
    moves: list[Move]
    notified: int


@transaction.atomic
def enter_year(notice: Notice, *, by: Any, source: str = "", note: str = "") -> Entered:
    """Save `notice` as the year's official schedule (replacing any earlier
    entry), recompute every clock touching the year, audit each changed
    clock, and remind the holders of every open clock whose due date moved."""
    if not getattr(by, "is_authenticated", False):
        raise RuleViolation(_("请先登录。"), field="__all__")
    if not (by.is_superuser or getattr(by, "role", "") == "system_admin"):
        raise RuleViolation(_("只有系统管理员可以录入工作日历。"), field="__all__")
    check_again = Notice(
        year=notice.year, holidays=dict(notice.holidays), workdays=dict(notice.workdays)
    )
    if check(check_again).errors:
        raise RuleViolation(check_again.errors[0], field="text")
    year = notice.year
    existing = CalendarYear.objects.select_for_update().filter(year=year).first()
    before = {
        "holidays": CalendarDay.objects.filter(date__year=year, kind=HOLIDAY).count(),
        "workdays": CalendarDay.objects.filter(date__year=year, kind=WORKDAY).count(),
        "source": existing.source if existing else "",
    }
    # Days first, the year row last (core.clocks: a year is used once its row exists).
    CalendarDay.objects.filter(date__year=year).delete()
    CalendarDay.objects.bulk_create(
        [CalendarDay(date=d, kind=k, name=n) for d, k, n in notice.days()]
    )
    source = (source or NOTICE_SOURCE.format(year=year)).strip()[:200]
    entry, created = CalendarYear.objects.update_or_create(
        year=year,
        defaults={"source": source, "note": (note or gettext_noop("系统管理员录入")).strip()[:200]},
    )
    invalidate_calendar()
    after = {"holidays": len(notice.holidays), "workdays": len(notice.workdays), "source": source}
    audit.record(
        entry,
        by=by,
        action="create" if created else "update",
        changes=audit.diff(before, after),
        note=stored(
            gettext_noop("录入%(year)s年放假安排：放假%(days)s天，调休上班%(count)s天"),
            year=year,
            days=len(notice.holidays),
            count=len(notice.workdays),
        ),
    )
    calendar = load_calendar()
    moves: list[Move] = []
    for clock in clocks_touching(year):
        locked = _lock(clock)
        computed = _compute(locked, calendar, _pauses(locked))
        old = (locked.due_date, locked.provisional_year)
        if computed == (locked.due_date, locked.explanation, locked.provisional_year):
            continue
        locked.save(update_fields=_apply(locked, computed))
        if old == (locked.due_date, locked.provisional_year):
            continue  # only the wording of the explanation changed
        move = Move(locked, old[0], locked.due_date, old[1], locked.provisional_year)
        moves.append(move)
        audit.record(
            locked,
            by=by,
            action="update",
            changes={
                "due_date": [old[0], locked.due_date],
                "provisional_year": [old[1], locked.provisional_year],
            },
            note=stored(gettext_noop("按%(year)s年放假安排重新计算截止日"), year=year),
        )
    notified = _notify(
        year, [m for m in moves if m.moved and m.clock.status != Clock.Status.STOPPED]
    )
    return Entered(year=year, created=created, moves=moves, notified=notified)


def _notify(year: int, moves: list[Move]) -> int:
    """One inbox notice per holder and moved clock, posted after commit."""
    count = 0
    for move in moves:
        c = move.clock
        old = move.old.isoformat() if move.old else "—"
        new = move.new.isoformat() if move.new else "—"
        title = stored(
            gettext_noop("%(label)s：截止日按%(year)s年放假安排由 %(old)s 调整为 %(new)s"),
            label=c.label,
            year=year,
            old=old,
            new=new,
        )
        key = f"calendar:{year}:clock:{c.pk}:{new}"
        for user in c.recipients.all():
            reminders.post(user, key=key, title=title, url=c.url)
            count += 1
    return count


def year_rows(today: dt.date) -> list[dict[str, Any]]:
    """The calendar page's table: every entered year, then this year and the
    next if not entered, and every later year an open clock reaches
    provisionally; each with its status and the open clocks resting on it."""
    entered = {y.year: y for y in CalendarYear.objects.order_by("year")}
    counts: dict[int, int] = {}
    for year in (
        Clock.objects.exclude(status=Clock.Status.STOPPED)
        .exclude(provisional_year__isnull=True)
        .values_list("provisional_year", flat=True)
    ):
        counts[year] = counts.get(year, 0) + 1
    days = {
        (row["date__year"], row["kind"]): row["n"]
        for row in CalendarDay.objects.order_by()
        .values("date__year", "kind")
        .annotate(n=Count("pk"))
    }
    calendar = load_calendar()
    years = set(entered) | {today.year, today.year + 1} | set(counts)
    rows = []
    for year in sorted(years, reverse=True):
        entry = entered.get(year)
        rows.append(
            {
                "year": year,
                "entered": entry is not None,
                "provisional": entry is None and calendar.is_provisional(year),
                "source": entry.source if entry else "",
                "note": entry.note if entry else "",
                "holidays": _holiday_count(year, entry is not None, days, calendar),
                "workdays": days.get((year, WORKDAY), 0) if entry else 0,
                "provisional_clocks": counts.get(year, 0),
            }
        )
    return rows


def _holiday_count(
    year: int, entered: bool, days: dict[tuple[int, str], int], calendar: WorkCalendar
) -> int:
    if entered:
        return days.get((year, HOLIDAY), 0)
    return len(statutory_holidays(year)) if calendar.is_provisional(year) else 0


def notice_missing(today: dt.date) -> int | None:
    """The year whose State Council notice the administrator is asked to
    enter: this year while it is missing (from 1 January every clock counts
    on its provisional days, and 1 January must not end the warning that
    began in November), else from 1 November next year if missing."""
    years = (today.year, today.year + 1)
    entered = set(CalendarYear.objects.filter(year__in=years).values_list("year", flat=True))
    if today.year not in entered:
        return today.year
    if today.month >= 11 and today.year + 1 not in entered:
        return today.year + 1
    return None
