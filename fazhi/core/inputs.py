"""What a typed date or free text may hold: one rule for every domain form
and serializer.

Fuzzing saved 0001-01-01 and 9999-12-31 as the day a petition was received,
a visit made, an exam sat. The base classes apply this rule to every date
field they hold, in one place (`core.forms.BoundedInputs`, the mixin of
`ScopedModelForm`, `ActionForm` and the apps' plain forms that save;
`core.serializers.BoundedInputs`, the mixin of `LabelledModelSerializer` and
the apps' input serializers); a step's API call is checked by its form.

- No date before `FAZHI_DATE_FLOOR` (1949-10-01): no township record is older.
- A date of something that has happened (received, visited, held, decided,
  served, the exam sat …) no later than tomorrow: a day's slack for a clerk
  working past midnight or a browser's clock. The workflow steps hold the
  stricter "not after today" of their own (core.steps.check_date).
- A date that may lie ahead (a deadline, a term, a validity, a date set for
  later) no later than `FAZHI_DATE_HORIZON_YEARS` (10) years from today: a
  committee's term ends 5 years on, a normative document is valid 5 years.

Which dates may lie ahead: the names in `DATES_AHEAD`, wherever they stand;
a model or a form whose date of another name is set for later names it in
its own `dates_ahead` (a 领导接访日's `date`, a planned activity's `date`).
Every other date is one that has happened.

The ledger import checks its date columns by the same rule, by the column's
key (core.ledger_import.engine). Exempt, with the reason: the demo builders
and `make_province` write records through the workflow functions in code, not
typed input (they are checked by tests/core/test_input_dates.py, the demo's
dates lie within the rule); the filter forms of the lists and the work
calendar's admin read or set days that need no such bound.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection, Mapping
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from . import batch
from .errors import StrOrPromise

# The founding of the PRC: before it, no township record (settings may move it).
DATE_FLOOR = dt.date(1949, 10, 1)
DATE_HORIZON_YEARS = 10
# A date that has happened may be tomorrow's (a clerk past midnight, a clock).
PAST_SLACK = dt.timedelta(days=1)

# Dates that lie ahead by their meaning, whatever record holds them.
DATES_AHEAD = frozenset(
    {
        "deadline",  # 完成时限, 整改期限, 补正期限
        "registration_deadline",  # 报名截止日
        "performance_deadline",  # 履行期限
        "correction_deadline",
        "until",  # 延期至
        "valid_until",  # 有效期至
        "expires_on",  # 有效期至 (证件)
        "effective_on",  # 施行日期, 生效日期
        "term_start",  # 任期开始 (a new term may begin later)
        "term_end",  # 任期届满, 聘期结束
        "scheduled_on",  # 听证日期, 计划回访日期
        "sitting_on",  # 考试日期 (an exam is set before it is sat)
        "planned_month",  # 计划月份
        # Due dates the workflow computes (never typed; named for the ledger
        # import and the check of the demo's dates).
        "due_date",
        "due_on",
        "reply_due",
        "review_due",
        "filing_due",
        "answer_due",
        "third_party_due",
        "withdraw_due_on",
        "payment_due_on",
        "consultation_min_end",
        "review_min_end",
    }
)


def date_floor() -> dt.date:
    value = getattr(settings, "FAZHI_DATE_FLOOR", None)
    if isinstance(value, str):
        return dt.date.fromisoformat(value)
    return value if isinstance(value, dt.date) else DATE_FLOOR


def horizon_years() -> int:
    return int(getattr(settings, "FAZHI_DATE_HORIZON_YEARS", DATE_HORIZON_YEARS))


def _today() -> dt.date:
    # One day for a whole batch (a ledger import asks for every date cell).
    return batch.memo("steps.today", timezone.localdate)


def _years_later(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def may_lie_ahead(name: str, declared: Collection[str] = ()) -> bool:
    """Whether the date `name` may lie ahead (DATES_AHEAD or `declared`)."""
    return name in DATES_AHEAD or name in declared


def latest(ahead: bool) -> dt.date:
    """The last date the rule accepts today: tomorrow, or the horizon."""
    today = _today()
    return _years_later(today, horizon_years()) if ahead else today + PAST_SLACK


# The refusals, with `what` (the field's label) and the values named.
TOO_EARLY = gettext_noop("%(what)s（%(day)s）不能早于%(floor)s。")
NOT_AFTER_TODAY = gettext_noop("%(what)s（%(day)s）不能晚于今天。")
TOO_FAR_AHEAD = gettext_noop("%(what)s（%(day)s）不能晚于%(limit)s（今后%(years)s年以内）。")


def date_problem(day: dt.date, *, ahead: bool) -> tuple[str, dict[str, Any]] | None:
    """The refusal's message id and values (but `what`), or None: `day` is
    within the rule. The forms translate it; the ledger import stores it."""
    floor = date_floor()
    if day < floor:
        return TOO_EARLY, {"day": day.isoformat(), "floor": floor.isoformat()}
    last = latest(ahead)
    if day <= last:
        return None
    if not ahead:
        return NOT_AFTER_TODAY, {"day": day.isoformat()}
    return TOO_FAR_AHEAD, {
        "day": day.isoformat(),
        "limit": last.isoformat(),
        "years": horizon_years(),
    }


def check_date(day: Any, what: StrOrPromise, *, ahead: bool) -> None:
    """`day` within the rule (None passes: a required date is the field's
    own check). `what` is the field's label, named in the refusal."""
    if not isinstance(day, dt.date):
        return
    problem = date_problem(day, ahead=ahead)
    if problem is not None:
        message, params = problem
        raise ValidationError(_(message) % {"what": what, **params}, code="date_range")


def date_validator(what: StrOrPromise, *, ahead: bool) -> Callable[[Any], None]:
    """A field validator applying `check_date` (forms and serializers alike)."""

    def validate(value: Any) -> None:
        check_date(value, what, ahead=ahead)

    validate.input_rule = "date"  # type: ignore[attr-defined]  # applied once per field
    return validate


def has_rule(validators: Collection[Any], rule: str) -> bool:
    return any(getattr(v, "input_rule", None) == rule for v in validators)


def declared_dates_ahead(*owners: Any) -> frozenset[str]:
    """The `dates_ahead` a form or serializer and its model declare."""
    names: set[str] = set()
    for owner in owners:
        names.update(getattr(owner, "dates_ahead", ()) or ())
    return frozenset(names)


# --- free text -----------------------------------------------------------------
#
# A free text (a TextField's form or serializer field, a step's text box) has
# no max_length of its own: fuzzing saved 5,000 characters as a note and more
# everywhere. Each is capped by what it holds: a note, a reason, a summary of a
# few lines NOTE; a record's account (facts, an investigation, minutes, a
# transcript, a reply, an opinion) RECORD; a document's body (a report's
# section, a decision's draft) DOCUMENT. A short name or title keeps its own
# max_length. A model or a form names its exceptions in `text_limits`.

NOTE = 2_000
RECORD = 10_000
DOCUMENT = 50_000

TEXT_LIMITS: dict[str, int] = {
    **dict.fromkeys(
        (
            "content",  # 信访内容, 投诉内容, 公开内容
            "facts",  # 纠纷事实, 违法事实, 事实和理由
            "investigation",  # 调查核实情况
            "settlement",  # 和解/调解协议
            "hearing_note",
            "request",  # 信访请求, 调解请求
            "reply_request",
            "reply_facts",
            "reply_basis",
            "basis",  # 法律政策依据
            "legal_basis",  # 处罚依据
            "transcript",  # 听证笔录摘要
            "deliberation_minutes",
            "minutes",  # 会议纪要, 审议纪要
            "record",  # 调解记录
            "terms",  # 协议内容
            "responsibilities",
            "issues",
            "statement_text",
            "text",  # 陈述申辩内容, 存在的问题, 通知原文 (a report's section: DOCUMENT)
            "findings",  # 了解情况
            "actions",  # 处理措施
            "reply",  # 答复意见
            "reply_text",  # 答复内容
            "opinion",  # 审核意见, 法律意见, 复查/复核意见
            "review_opinion",
            "third_party_opinion",
            "goals",  # 总体目标
            "topics",  # 议题
            "decisions",  # 议定事项
            "report",  # 风险评估报告摘要
            "risk_report",
            "participation_summary",
            "expert_summary",
            "consultation_summary",
            "implementation_notes",
            "post_evaluation",
            "entries",  # 目录事项
            "items",  # 登记保存物品, 对象及清单
            "review",  # 年终总结
            "days",  # a calendar notice's days, one a line
        ),
        RECORD,
    ),
    **dict.fromkeys(("draft_text", "template_text"), DOCUMENT),
}

TOO_LONG = gettext_noop("%(what)s最多%(limit)s字，现有%(length)s字。")


def text_limit(name: str, declared: Mapping[str, int] | None = None) -> int:
    """The cap of the free text `name` (`declared` first, then TEXT_LIMITS)."""
    if declared and name in declared:
        return declared[name]
    return TEXT_LIMITS.get(name, NOTE)


def declared_text_limits(*owners: Any) -> dict[str, int]:
    """The `text_limits` a form or serializer and its model declare (the
    form's or serializer's own win)."""
    limits: dict[str, int] = {}
    for owner in reversed(owners):
        limits.update(getattr(owner, "text_limits", None) or {})
    return limits


def check_text(value: Any, what: StrOrPromise, limit: int) -> None:
    if isinstance(value, str) and len(value) > limit:
        raise ValidationError(
            _(TOO_LONG) % {"what": what, "limit": limit, "length": len(value)}, code="max_length"
        )


def text_validator(what: StrOrPromise, limit: int) -> Callable[[Any], None]:
    """A field validator applying `check_text` (forms and serializers alike)."""

    def validate(value: Any) -> None:
        check_text(value, what, limit)

    validate.input_rule = "text"  # type: ignore[attr-defined]
    return validate


# --- identity numbers ------------------------------------------------------------


def identity_kind(name: str) -> str:
    """ "id_number" or "phone" for a field of that name (a party's
    `party1_id_number`, an applicant's `phone` …), else "": the fields read
    half-width before they are checked (core.validators' normalisers)."""
    for kind in ("id_number", "phone"):
        if name == kind or name.endswith(f"_{kind}"):
            return kind
    return ""
