"""What the report's steps share: who writes and who reviews, the checks on
the report's state, the state change with its history row, the deadline
clocks, and the figures stored with a frozen report.

The generic checks and writes (writer and scope, row lock, transition table,
edit version, stopping a clock) are `fazhi.core.steps`; only what the annual
report adds to them lives here."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from fazhi.core import audit, steps
from fazhi.core.errors import RuleViolation
from fazhi.core.i18n import chinese, stored
from fazhi.core.models import OrgUnit, User
from fazhi.core.roles import ADMIN_ROLES, Role

from .. import queries, render, rules
from ..figures import evaluate_many
from ..models import AnnualReport, ReportFigure, ReportTransition

Status = AnnualReport.Status
REPORTING_KINDS = (OrgUnit.Kind.TOWNSHIP, OrgUnit.Kind.COUNTY)
# Who drafts and receives the township's deadline reminders.
WRITER_ROLES = (Role.TOWNSHIP_LEADER, Role.JUDICIAL_OFFICE)


# --- who -------------------------------------------------------------------------


def writers(unit: OrgUnit) -> list[User]:
    return list(User.objects.filter(home_unit=unit, role__in=WRITER_ROLES, is_active=True))


def reviewers(unit: OrgUnit) -> list[User]:
    above = unit.ancestors().exclude(pk=unit.pk)
    return list(
        User.objects.filter(home_unit__in=above, is_active=True).exclude(role__in=ADMIN_ROLES)
    )


def check_reviewer(report: AnnualReport, by: Any) -> None:
    """Only the next-higher level reviews (LAW.md §11.2): a user of an ancestor
    unit, not an administrator. The county supervisor's role is read-only for
    case records, but reviewing the townships' reports is its job — so this is
    not `steps.check_role` (a role list) but the unit tree."""
    if getattr(by, "is_superuser", False):
        return
    home = getattr(by, "home_unit", None)
    if (
        home is None
        or getattr(by, "role", "") in ADMIN_ROLES
        or home.pk == report.unit.pk
        or not report.unit.path.startswith(home.path)
    ):
        raise RuleViolation(_("只有上一级（县级）可以审核本报告。"), rule=rules.RULE_REPORT_TO)


def check_editable(report: AnnualReport) -> None:
    """A published report is locked (LAW.md §11.3); a submitted or accepted one
    changes only after the county returns it."""
    if report.status == Status.PUBLISHED:
        raise RuleViolation(_("报告已公开，不能再修改。"), rule=rules.RULE_PUBLISH)
    if not report.is_editable:
        raise RuleViolation(
            _("报告当前状态为“%(status)s”，县级退回后方可修改。")
            % {"status": report.get_status_display()}
        )


def can_review(report: AnnualReport, user: Any) -> bool:
    try:
        check_reviewer(report, user)
    except RuleViolation:
        return False
    return True


def can_write(report: AnnualReport, user: Any) -> bool:
    try:
        steps.check_scope(report, user)
    except RuleViolation:
        return False
    return True


# --- the text the public would read ----------------------------------------------


def unfinished_text(report: AnnualReport, blocks: list[render.Block] | None = None) -> list[str]:
    """Where the report's text (as the public page would state it) still
    carries a drafting marker (render.DRAFT_MARKERS), one phrase a section
    naming what is missing: “二、…存在的问题及原因”尚未确认存在的问题，正文中
    仍是“〔存在的问题尚未确认〕”. `blocks` is the text already rendered (the
    report's page has it)."""
    if blocks is None:
        blocks = queries.render_report(report)
    found = [(block, render.markers_in(block)) for block in blocks]
    found = [(block, markers) for block, markers in found if markers]
    if not found:
        return []
    lists = queries.lists_for(report)
    texts = {s.key: s.text for s in queries.report_sections(report)}
    out = []
    for block, markers in found:
        pending = render.pending_lists(texts.get(block.key, ""), lists)
        if "report.problems" in pending:
            what = _("尚未确认存在的问题")
        elif "report.causes" in pending:
            what = _("已确认的问题均未写明原因")
        else:  # typed in by hand (copied from a draft's page)
            what = _("留有起草时的标记")
        out.append(
            _("“%(section)s”%(what)s，正文中仍是“%(marker)s”")
            % {"section": block.heading, "what": what, "marker": "、".join(markers)}
        )
    return out


def check_finished(report: AnnualReport, refusal: str) -> None:
    """The §11.4 contents are warned about at submission, and a township may
    submit without them (with a 缺项说明) to keep its date; but a drafting
    marker is never accepted or published as the report's text. `refusal`
    says which step is refused, around %(unfinished)s."""
    found = unfinished_text(report)
    if found:
        raise RuleViolation(refusal % {"unfinished": "；".join(found)}, rule=rules.RULE_CONTENTS)


# --- state and clocks ------------------------------------------------------------


def allows(report: AnnualReport, to: str) -> bool:
    """The transition table lets the report move to `to` (`steps.move` refuses
    it otherwise, in its own words)."""
    return to in AnnualReport.TRANSITIONS.get(report.status, frozenset())


def when_done(report: AnnualReport | None, at: dt.datetime | None) -> dt.datetime:
    """When a step was done: now, or `at` for a step recorded afterwards (a
    report the township submitted and published before it kept it in fazhi;
    the demo's past reports, fazhi.reports.demo). Never in the future, nor
    before the report's last recorded step or its freeze. The audit row
    keeps when it was recorded, and the act's time as `done_at`
    (core.audit.record: the history shows both, 补录)."""
    now = timezone.now()
    if at is None:
        return now
    if timezone.is_naive(at):
        at = timezone.make_aware(at)
    shown = format(timezone.localtime(at), "%Y-%m-%d %H:%M")
    if at > now:
        raise RuleViolation(_("办理时间（%(at)s）不能晚于现在。") % {"at": shown}, field="at")
    if report is not None:
        last = report.transitions.order_by("-at", "-pk").values_list("at", flat=True).first()
        earlier = max((t for t in (last, report.frozen_at) if t is not None), default=None)
        if earlier is not None and at < earlier:
            raise RuleViolation(
                _("办理时间（%(at)s）不能早于本报告上一步的时间（%(last)s）。")
                % {"at": shown, "last": format(timezone.localtime(earlier), "%Y-%m-%d %H:%M")},
                field="at",
            )
    return at


def transition(
    report: AnnualReport, to: str, by: Any, note: str = "", at: dt.datetime | None = None
) -> None:
    """Move the report through AnnualReport.TRANSITIONS (`steps.move`) and save
    it whole (the step set the dates that go with the state), writing the
    report's own history row (ReportTransition, dated `at` for a step recorded
    afterwards: `when_done`) and the audit row (which keeps `at` as when the
    step was done: its history shows it, 补录)."""
    old = steps.move(report, to)
    report.updated_by = steps.actor(by)
    report.version += 1
    report.save()
    row = ReportTransition.objects.create(
        report=report, from_status=old, to_status=to, by=steps.actor(by), note=note
    )
    if at is not None:  # `at` is auto_now_add: the act's time is set after the insert
        ReportTransition.objects.filter(pk=row.pk).update(at=at)
    audit.record(
        report, by=by, action="transition", changes={"status": [old, to]}, note=note, done_at=at
    )


def start_clock(
    report: AnnualReport, kind: str, label: str, due: dt.date, basis: str, by: Any
) -> None:
    """A deadline clock counted from the end of the reported year. A year
    the work calendar does not reach gets no clock rather than a guessed
    one (the report then shows the set day: deadlines.of)."""
    start = dt.date(report.year, 12, 31)
    length = (due - start).days
    if length < 0:
        return
    try:
        steps.start_clock(
            report,
            kind=kind,
            label=stored(
                gettext_noop("%(name)s%(year)s年度报告%(label)s"),
                name=report.unit.name,
                year=report.year,
                label=label,
            ),
            start_date=start,
            length=length,
            unit="calendar",
            by=by,
            legal_basis=basis,
            recipients=writers(report.unit),
        )
    except ValidationError:
        return


# --- figures stored with the report ----------------------------------------------


def store_figures(report: AnnualReport, values: dict[str, Any]) -> None:
    ReportFigure.objects.bulk_create(
        [
            ReportFigure(
                report=report,
                key=key,
                value=v.value,
                text=v.text,
                has_records=v.has_records,
                label=chinese(v.label or key)[:100],
                unit_label=chinese(v.unit_label)[:20],
                is_rate=v.is_rate,
                registered=v.registered,
            )
            for key, v in values.items()
        ],
        ignore_conflicts=True,
    )


def store_new_figures(report: AnnualReport, text: str) -> None:
    """A figure a frozen report refers to only now (a reworded section, an
    accepted problem) is frozen now, so the report never mixes frozen and
    live values."""
    have = set(report.figures.values_list("key", flat=True))
    new = [k for k in render.figure_keys(text) if k not in have]
    with queries.official():  # words among the figures are the report's: Chinese
        values = evaluate_many(new, report.unit, queries.period(report.year))
    store_figures(report, values)


def freeze_figures(report: AnnualReport, by: Any, at: dt.datetime | None = None) -> None:
    """Store every figure the report may state, at today's values (the cut-off),
    as frozen at `at` (a freeze recorded afterwards: `when_done`) or now."""
    keys = list(dict.fromkeys([*queries.all_keys(), *queries.report_keys(report)]))
    with queries.official():  # words among the figures are the report's: Chinese
        values = evaluate_many(keys, report.unit, queries.period(report.year))
    report.figures.all().delete()
    store_figures(report, values)
    report.frozen_at = at or timezone.now()
    report.frozen_by = steps.actor(by)
