"""Every state change of the annual report. Views, the API, commands and the
demo call these; nothing else writes a report.

Rules (LAW.md §11):
* §11.2 [S]: a township reports to the next-higher level (the county), which
  returns it with comments or accepts it — so only a user of an ancestor unit
  reviews; the submission date is local (UNCONFIRMED) and a setting.
* §11.3 [S] 督察工作规定第二十四条: published by 1 April of the next year,
  secrets excepted — publication needs the confidentiality check confirmed,
  and a published report is locked.
* §11.4 [S]: five mandatory contents; a report missing one is warned about
  and submitted only with a stated reason.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from fazhi.core import audit, clocks, reminders, rulesettings
from fazhi.core.errors import ConcurrentEdit, RuleViolation
from fazhi.core.models import OrgUnit, User
from fazhi.core.roles import ADMIN_ROLES, Role
from fazhi.core.workflow import check_can_write, check_unit_in_scope

from . import defaults, queries, render, rules
from .figures import evaluate, evaluate_many, is_known
from .models import (
    AnnualReport,
    IndicatorSnapshot,
    ReportFigure,
    ReportSection,
    ReportTemplate,
    ReportTransition,
    Shortcoming,
    TemplateSection,
)

Status = AnnualReport.Status
CLOCK_SUBMIT = "reports.submit"
CLOCK_PUBLISH = "reports.publish"
REPORTING_KINDS = (OrgUnit.Kind.TOWNSHIP, OrgUnit.Kind.COUNTY)
# Who drafts and receives the township's deadline reminders.
WRITER_ROLES = (Role.TOWNSHIP_LEADER, Role.JUDICIAL_OFFICE)


# ---------------------------------------------------------------------------
# Template
# ---------------------------------------------------------------------------


def template_for(unit: OrgUnit) -> tuple[Any, list[Any]]:
    """The unit's own template rows, else the built-in default (unsaved)."""
    template = ReportTemplate.objects.filter(unit=unit).first()
    if template is not None:
        return template, list(template.sections.order_by("order", "pk"))
    unsaved = ReportTemplate(unit=unit, name="默认模板", title=defaults.TITLE)
    rows = [
        TemplateSection(
            key=s.key,
            title=s.title,
            level=s.level,
            order=(i + 1) * 10,
            mandatory_item=s.mandatory_item,
            text=s.text,
        )
        for i, s in enumerate(defaults.SECTIONS)
    ]
    return unsaved, rows


@transaction.atomic
def ensure_template(unit: OrgUnit, *, by: Any = None) -> ReportTemplate:
    """The unit's editable template, created from the built-in one the first time."""
    existing = ReportTemplate.objects.filter(unit=unit).first()
    if existing is not None:
        return existing
    template, rows = template_for(unit)
    template.name = f"{unit.name}年度报告模板"
    template.created_by = template.updated_by = _user(by)
    template.save()
    for row in rows:
        row.template = template
    TemplateSection.objects.bulk_create(rows)
    return template


@transaction.atomic
def edit_template_section(
    section: TemplateSection,
    *,
    by: Any,
    title: str,
    text: str,
    order: int,
    level: int,
    included: bool,
    mandatory_item: int,
) -> TemplateSection:
    """A township renames, rewords, reorders or drops a section of its template."""
    check_can_write(by)
    check_unit_in_scope(section.template.unit, by)
    before = audit.snapshot(section)
    section.title, section.text, section.order = title.strip(), text, order
    section.level, section.included, section.mandatory_item = level, included, mandatory_item
    section.full_clean(exclude=["template"])
    section.save()
    audit.record(
        section.template,
        by=by,
        action="update",
        changes=audit.diff(before, audit.snapshot(section)),
        note=f"修改模板章节“{section}”",
    )
    return section


# ---------------------------------------------------------------------------
# Drafting
# ---------------------------------------------------------------------------


def deadline(unit: OrgUnit, year: int, setting: rulesettings.RuleSetting) -> dt.date:
    """A "MM-DD" setting of the year after the reported one."""
    raw = rulesettings.get(unit, setting.key)
    try:
        month, day = (int(p) for p in str(raw).split("-"))
        return dt.date(year + 1, month, day)
    except (TypeError, ValueError):
        month, day = (int(p) for p in str(setting.default).split("-"))
        return dt.date(year + 1, month, day)


def _user(by: Any) -> Any:
    return by if getattr(by, "is_authenticated", False) else None


def _writers(unit: OrgUnit) -> list[User]:
    return list(User.objects.filter(home_unit=unit, role__in=WRITER_ROLES, is_active=True))


def _reviewers(unit: OrgUnit) -> list[User]:
    above = unit.ancestors().exclude(pk=unit.pk)
    return list(
        User.objects.filter(home_unit__in=above, is_active=True).exclude(role__in=ADMIN_ROLES)
    )


def _start_clock(
    report: AnnualReport, kind: str, label: str, due: dt.date, basis: str, by: Any
) -> None:
    """A deadline clock counted from the end of the reported year. A year
    whose holiday calendar is not entered yet gets no clock (the due date is
    still on the report) rather than a guessed one."""
    start = dt.date(report.year, 12, 31)
    length = (due - start).days
    if length < 0:
        return
    try:
        clocks.start(
            report,
            kind=kind,
            label=f"{report.unit.name}{report.year}年度报告{label}",
            start_date=start,
            length=length,
            unit="calendar",
            unit_org=report.unit,
            by=by,
            legal_basis=basis,
            recipients=_writers(report.unit),
            url=report.get_absolute_url(),
        )
    except ValidationError:
        return


def _stop_clock(report: AnnualReport, kind: str, on: dt.date, by: Any) -> None:
    running = clocks.clock(report, kind)
    if running is not None and running.status != running.Status.STOPPED:
        clocks.stop(running, on=max(on, running.start_date), by=by)


def _copy_sections(report: AnnualReport, rows: list[Any], keep_edits: bool) -> None:
    existing = {s.key: s for s in report.sections.all()}
    keep = set()
    for row in rows:
        section = existing.get(row.key)
        if section is None:
            section = ReportSection(report=report, key=row.key)
        if not (keep_edits and section.pk and section.edited):
            section.text = row.text
            section.edited = False
            section.title = row.title
            section.level = row.level
            section.order = row.order
            section.included = row.included
        section.template_text = row.text
        section.mandatory_item = row.mandatory_item
        if section.pk:
            section.version += 1
        section.save()
        keep.add(row.key)
    for key, section in existing.items():
        if key not in keep and not (keep_edits and section.edited):
            section.delete()


@transaction.atomic
def generate_draft(unit: OrgUnit, year: int, *, by: Any) -> AnnualReport:
    """Draft the unit's report for `year` from its template and the records,
    and start the submission and publication clocks (LAW.md §11.2–11.3)."""
    check_can_write(by)
    check_unit_in_scope(unit, by)
    if unit.kind not in REPORTING_KINDS:
        raise RuleViolation("只有乡镇人民政府和县人民政府编制法治政府建设年度报告。", field="unit")
    today = timezone.localdate()
    if year > today.year or year < 2000:
        raise RuleViolation(f"年度应在2000年至{today.year}年之间。", field="year")
    if AnnualReport.objects.filter(unit=unit, year=year).exists():
        raise RuleViolation(
            f"{unit.name}{year}年度报告已存在，请打开后重新生成草稿。", field="year"
        )
    ensure_template(unit, by=by)
    template, rows = template_for(unit)
    ctx = queries.context(unit, year)
    report = AnnualReport.objects.create(
        unit=unit,
        year=year,
        title=render.render_title(template.title, ctx),
        created_by=_user(by),
        updated_by=_user(by),
        submit_due=deadline(unit, year, rules.SUBMIT_BY),
        publish_due=deadline(unit, year, rules.PUBLISH_BY),
    )
    _copy_sections(report, rows, keep_edits=False)
    ReportTransition.objects.create(
        report=report, to_status=Status.DRAFT, by=_user(by), note="生成草稿"
    )
    audit.record(report, by=by, action="create", note="根据记录生成年度报告草稿")
    assert report.submit_due is not None and report.publish_due is not None
    _start_clock(report, CLOCK_SUBMIT, "报送县级", report.submit_due, rules.SUBMIT_BY.source, by)
    _start_clock(report, CLOCK_PUBLISH, "向社会公开", report.publish_due, rules.RULE_PUBLISH, by)
    return report


def _lock(report: AnnualReport) -> AnnualReport:
    return AnnualReport.objects.select_for_update().select_related("unit").get(pk=report.pk)


def _sync(stale: AnnualReport, fresh: AnnualReport) -> AnnualReport:
    """Copy the saved state onto the caller's instance, so code holding it sees
    the new status without another query."""
    if stale is not fresh:
        for f in AnnualReport._meta.concrete_fields:
            setattr(stale, f.attname, getattr(fresh, f.attname))
    return stale


def _check_editable(report: AnnualReport) -> None:
    if report.status == Status.PUBLISHED:
        raise RuleViolation("报告已公开，不能再修改。", rule=rules.RULE_PUBLISH)
    if not report.is_editable:
        raise RuleViolation(f"报告当前状态为“{report.get_status_display()}”，县级退回后方可修改。")


def _check_writer(report: AnnualReport, by: Any) -> None:
    check_can_write(by)
    check_unit_in_scope(report.unit, by)


@transaction.atomic
def regenerate_draft(report: AnnualReport, *, by: Any, keep_edits: bool = True) -> AnnualReport:
    """Draft again from the template and today's records: the freeze is
    lifted; sections staff edited are kept unless `keep_edits` is False."""
    caller, report = report, _lock(report)
    _check_writer(report, by)
    _check_editable(report)
    _template, rows = template_for(report.unit)
    _copy_sections(report, rows, keep_edits=keep_edits)
    report.figures.all().delete()
    report.frozen_at = None
    report.frozen_by = None
    report.updated_by = _user(by)
    report.version += 1
    report.save()
    audit.record(
        report,
        by=by,
        action="update",
        note="重新生成草稿" + ("（保留人工修改）" if keep_edits else "（放弃人工修改）"),
    )
    return _sync(caller, report)


@transaction.atomic
def edit_section(
    section: ReportSection,
    *,
    by: Any,
    version: int | None,
    text: str | None = None,
    title: str | None = None,
    included: bool | None = None,
    order: int | None = None,
) -> ReportSection:
    """Staff edit a section's wording, title, order or inclusion. Figures stay
    placeholders, so a reworded sentence keeps its reference; a stale edit
    (another editor saved first) is refused."""
    report = _lock(section.report)
    _check_writer(report, by)
    _check_editable(report)
    current = ReportSection.objects.select_for_update().get(pk=section.pk)
    if version is not None and current.version != version:
        who = current.updated_by.display_name if current.updated_by else "他人"
        raise ConcurrentEdit(who, timezone.localtime(current.updated_at).strftime("%Y-%m-%d %H:%M"))
    before = audit.snapshot(current, ["title", "text", "included", "order"])
    if text is not None:
        if text != current.text:
            current.edited = True
        current.text = text
    if title is not None:
        current.title = title.strip()
    if included is not None:
        current.included = included
    if order is not None:
        current.order = order
    current.version += 1
    current.updated_by = _user(by)
    current.save()
    if report.is_frozen:
        # A figure referred to only after the freeze is frozen now, so the
        # report never mixes frozen and live values.
        stored = set(report.figures.values_list("key", flat=True))
        new = [k for k in render.figure_keys(current.text) if k not in stored]
        _store_figures(report, evaluate_many(new, report.unit, queries.period(report.year)))
    audit.record(
        report,
        by=by,
        action="update",
        changes={
            f"{current.key}.{k}": v
            for k, v in audit.diff(before, audit.snapshot(current, list(before))).items()
        },
        note=f"修改章节“{current.title or current.key}”",
    )
    section.refresh_from_db()
    return current


# ---------------------------------------------------------------------------
# Shortcomings (section 二)
# ---------------------------------------------------------------------------


@transaction.atomic
def propose_shortcomings(report: AnnualReport, *, by: Any) -> list[Shortcoming]:
    """Propose problems from the data (coverage gaps, overdue clocks, officers
    below their training hours, certificates expiring, plan tasks not done).
    Running it again adds what is new and never revives a discarded one."""
    report = _lock(report)
    _check_writer(report, by)
    _check_editable(report)
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
        audit.record(report, by=by, action="update", note=f"根据数据提出存在的问题{len(created)}条")
    return created


@transaction.atomic
def add_shortcoming(report: AnnualReport, *, by: Any, text: str, cause: str = "") -> Shortcoming:
    report = _lock(report)
    _check_writer(report, by)
    _check_editable(report)
    if not text.strip():
        raise RuleViolation("请填写存在的问题。", field="text")
    order = (report.shortcomings.aggregate(m=Max("order"))["m"] or 0) + 1
    item = Shortcoming.objects.create(
        report=report,
        text=text.strip(),
        cause=cause.strip(),
        order=order,
        status=Shortcoming.Status.ACCEPTED,
        decided_by=_user(by),
        decided_at=timezone.now(),
    )
    audit.record(report, by=by, action="update", note=f"添加存在的问题：{item.text[:50]}")
    return item


@transaction.atomic
def decide_shortcoming(
    item: Shortcoming,
    *,
    by: Any,
    accept: bool,
    text: str | None = None,
    cause: str | None = None,
) -> Shortcoming:
    """Staff accept (possibly reworded) or discard a proposed problem."""
    report = _lock(item.report)
    _check_writer(report, by)
    _check_editable(report)
    item = Shortcoming.objects.select_for_update().get(pk=item.pk)
    if accept:
        if text is not None:
            if not text.strip():
                raise RuleViolation("请填写存在的问题。", field="text")
            item.text = text.strip()
        if cause is not None:
            item.cause = cause.strip()
    item.status = Shortcoming.Status.ACCEPTED if accept else Shortcoming.Status.DISCARDED
    item.decided_by = _user(by)
    item.decided_at = timezone.now()
    item.save()
    if report.is_frozen and accept:
        stored = set(report.figures.values_list("key", flat=True))
        new = [k for k in render.figure_keys(item.text) if k not in stored]
        _store_figures(report, evaluate_many(new, report.unit, queries.period(report.year)))
    audit.record(
        report,
        by=by,
        action="update",
        note=("采纳" if accept else "舍弃") + f"存在的问题：{item.text[:50]}",
    )
    return item


# ---------------------------------------------------------------------------
# Freeze, submit, review, publish
# ---------------------------------------------------------------------------


def _store_figures(report: AnnualReport, values: dict[str, Any]) -> None:
    ReportFigure.objects.bulk_create(
        [
            ReportFigure(
                report=report,
                key=key,
                value=v.value,
                text=v.text,
                has_records=v.has_records,
                label=(v.label or key)[:100],
                unit_label=v.unit_label[:20],
                is_rate=v.is_rate,
                registered=v.registered,
            )
            for key, v in values.items()
        ],
        ignore_conflicts=True,
    )


def _freeze(report: AnnualReport, by: Any) -> None:
    keys = list(dict.fromkeys([*queries.all_keys(), *queries.report_keys(report)]))
    values = evaluate_many(keys, report.unit, queries.period(report.year))
    report.figures.all().delete()
    _store_figures(report, values)
    report.frozen_at = timezone.now()
    report.frozen_by = _user(by)


@transaction.atomic
def freeze(report: AnnualReport, *, by: Any) -> AnnualReport:
    """Store every figure's value with the report (the cut-off): from now on
    the report states these values, whatever later corrections the records get."""
    caller, report = report, _lock(report)
    _check_writer(report, by)
    _check_editable(report)
    _freeze(report, by)
    report.version += 1
    report.save()
    audit.record(report, by=by, action="update", note="冻结指标数据")
    return _sync(caller, report)


def mandatory_warnings(report: AnnualReport) -> list[str]:
    """The §11.4 contents the report lacks (no included section for the item,
    or section 二 with no confirmed problem)."""
    sections = queries.report_sections(report)
    covered = {s.mandatory_item for s in sections if s.included and s.mandatory_item}
    warnings = [
        f"缺少法定内容：{label}"
        for item, label in rules.MANDATORY_CONTENTS.items()
        if item not in covered
    ]
    problems_in_text = any(s.included and "{report.problems}" in s.text for s in sections)
    if problems_in_text and not queries.accepted_shortcomings(report):
        warnings.append("“存在的问题及原因”尚未确认任何问题。")
    return warnings


def _transition(report: AnnualReport, to: str, by: Any, note: str = "") -> None:
    old = report.status
    if to not in AnnualReport.TRANSITIONS[old]:
        raise RuleViolation(
            f"报告状态为“{report.get_status_display()}”，不能变更为“{Status(to).label}”。"
        )
    report.status = to
    report.updated_by = _user(by)
    report.version += 1
    report.save()
    ReportTransition.objects.create(
        report=report, from_status=old, to_status=to, by=_user(by), note=note
    )
    audit.record(report, by=by, action="transition", changes={"status": [old, to]}, note=note)


@transaction.atomic
def submit(report: AnnualReport, *, by: Any, missing_reason: str = "") -> AnnualReport:
    """Submit to the county (LAW.md §11.2). Freezes the figures if not yet
    frozen. A report lacking a §11.4 content is submitted only with a reason."""
    caller, report = report, _lock(report)
    _check_writer(report, by)
    _check_editable(report)
    warnings = mandatory_warnings(report)
    if warnings and not missing_reason.strip():
        raise RuleViolation(
            "；".join(warnings) + "。如确需报送，请填写缺项说明。",
            field="missing_reason",
            rule=rules.RULE_CONTENTS,
        )
    report.warnings_note = missing_reason.strip() if warnings else ""
    if not report.is_frozen:
        _freeze(report, by)
    report.submitted_at = timezone.now()
    report.review_comment = ""
    _transition(report, Status.SUBMITTED, by, missing_reason.strip())
    _stop_clock(report, CLOCK_SUBMIT, timezone.localdate(), by)
    reminders.post_many(
        _reviewers(report.unit),
        key=f"report:{report.pk}:submitted:{report.version}",
        title=f"{report.title}已报送，请审核",
        url=report.get_absolute_url(),
    )
    return _sync(caller, report)


def _check_reviewer(report: AnnualReport, by: Any) -> None:
    """Only the next-higher level reviews (LAW.md §11.2): a user of an ancestor
    unit, not an administrator. The county supervisor's role is read-only for
    case records, but reviewing the townships' reports is its job."""
    if getattr(by, "is_superuser", False):
        return
    home = getattr(by, "home_unit", None)
    if (
        home is None
        or getattr(by, "role", "") in ADMIN_ROLES
        or home.pk == report.unit.pk
        or not report.unit.path.startswith(home.path)
    ):
        raise RuleViolation("只有上一级（县级）可以审核本报告。", rule=rules.RULE_REPORT_TO)


@transaction.atomic
def return_report(report: AnnualReport, *, by: Any, comment: str) -> AnnualReport:
    """The county returns the report with its comments for revision."""
    caller, report = report, _lock(report)
    _check_reviewer(report, by)
    if not comment.strip():
        raise RuleViolation("退回时请填写审核意见。", field="comment")
    report.review_comment = comment.strip()
    _transition(report, Status.RETURNED, by, comment.strip())
    reminders.post_many(
        _writers(report.unit),
        key=f"report:{report.pk}:returned:{report.version}",
        title=f"{report.title}被退回修改：{comment.strip()[:60]}",
        url=report.get_absolute_url(),
    )
    return _sync(caller, report)


@transaction.atomic
def accept(report: AnnualReport, *, by: Any, note: str = "") -> AnnualReport:
    """The county accepts the report; the township may then publish it."""
    caller, report = report, _lock(report)
    _check_reviewer(report, by)
    report.accepted_at = timezone.now()
    report.review_comment = note.strip()
    _transition(report, Status.ACCEPTED, by, note.strip())
    reminders.post_many(
        _writers(report.unit),
        key=f"report:{report.pk}:accepted",
        title=f"{report.title}已审核通过，请于{report.publish_due:%Y年%-m月%-d日}前向社会公开",
        url=report.get_absolute_url(),
    )
    return _sync(caller, report)


@transaction.atomic
def publish(report: AnnualReport, *, by: Any, secrecy_reviewed: bool) -> AnnualReport:
    """Publish on the public site and lock the report (督察工作规定第二十四条:
    published by 1 April, content involving secrets excepted — so the
    confidentiality check must be confirmed). Its frozen figures become the
    unit's indicator snapshot for the year."""
    caller, report = report, _lock(report)
    _check_writer(report, by)
    if not secrecy_reviewed:
        raise RuleViolation(
            "公开前须完成保密审查，请确认报告不含涉密内容。",
            field="secrecy_reviewed",
            rule=rules.RULE_PUBLISH,
        )
    report.published_at = timezone.now()
    _transition(report, Status.PUBLISHED, by, "已完成保密审查，向社会公开")
    _stop_clock(report, CLOCK_PUBLISH, timezone.localdate(), by)
    IndicatorSnapshot.objects.bulk_create(
        [
            IndicatorSnapshot(
                unit=report.unit,
                year=report.year,
                key=f.key,
                value=f.value,
                text=f.text,
                has_records=f.has_records,
                source=IndicatorSnapshot.Source.PUBLISHED,
            )
            for f in report.figures.filter(registered=True)
        ],
        update_conflicts=True,
        unique_fields=["unit", "year", "key"],
        update_fields=["value", "text", "has_records", "source", "computed_at"],
    )
    return _sync(caller, report)


def can_review(report: AnnualReport, user: Any) -> bool:
    try:
        _check_reviewer(report, user)
    except RuleViolation:
        return False
    return True


def can_write(report: AnnualReport, user: Any) -> bool:
    try:
        _check_writer(report, user)
    except RuleViolation:
        return False
    return True
