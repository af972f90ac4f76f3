"""Shared reads of the governance app: documents in force, the per-leader
first-responsible-duties page, the yearly OGI report tables, and the
submission-package checklist. Every read starts from a scope
(`visible_to(user)`) or a unit (`in_unit(unit)`)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db.models import Count, F, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext as _g
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from fazhi.core import clocks
from fazhi.core.dashboard import Figure, overdue_label, workload
from fazhi.core.models import GroupMembership, LeadershipGroup, OrgUnit, User

from .models import (
    CaseResult,
    DisclosureRequest,
    LawReport,
    LitigationCase,
    Meeting,
    NormativeDocument,
    ProactiveDisclosure,
    ReconsiderationCase,
    WorkTask,
)

RT = DisclosureRequest.ReplyType
WR = DisclosureRequest.WithheldReason

# ---------------------------------------------------------------------------
# Normative documents in force
# ---------------------------------------------------------------------------


def documents_in_force(
    qs: QuerySet[NormativeDocument], today: dt.date | None = None
) -> QuerySet[NormativeDocument]:
    """Published, not repealed, within the validity period."""
    today = today or timezone.localdate()
    return qs.filter(status=NormativeDocument.Status.PUBLISHED).filter(
        Q(valid_until__isnull=True) | Q(valid_until__gte=today)
    )


def owned_by(person_id: int | None, user_id: int | None) -> Q:
    """The plan tasks a person answers for: named as 责任人, or reminded as
    their account (提醒账号). The leaders' page and the home page's 我负责的
    both count with this."""
    q = Q(pk__in=[])
    if person_id is not None:
        q |= Q(owner_person_id=person_id)
    if user_id is not None:
        q |= Q(owner_user_id=user_id)
    return q


def overdue_tasks(qs: QuerySet[WorkTask], today: dt.date | None = None) -> QuerySet[WorkTask]:
    today = today or timezone.localdate()
    return qs.filter(
        status__in=[WorkTask.Status.OPEN, WorkTask.Status.IN_PROGRESS], due_date__lt=today
    )


# ---------------------------------------------------------------------------
# 述法: the documented selectors other apps read it through
# ---------------------------------------------------------------------------


def law_reports_of(persons: Iterable[Any] | QuerySet[Any], year: int) -> dict[int, LawReport]:
    """The 述法 of `persons` (people or their ids) for `year`, by person id.

    Publicity's cadre ledger (干部学法用法台账) reads village secretaries' 述法
    here; the caller has already limited `persons` to the user's scope."""
    return {r.person_id: r for r in LawReport.objects.filter(year=year, person__in=persons)}


def village_law_reports(unit: OrgUnit, first_year: int, last_year: int) -> QuerySet[LawReport]:
    """述法 of village Party secretaries (records whose unit is a village) in
    `unit` and below, for the years `first_year`..`last_year`, planned ones
    included; `.exclude(reported_on=None)` leaves those delivered. Feeds the
    indicators `publicity.law_reports.due` / `.done`."""
    return LawReport.objects.in_unit(unit).filter(
        unit__kind=OrgUnit.Kind.VILLAGE, year__range=(first_year, last_year)
    )


# ---------------------------------------------------------------------------
# First-responsible duties (第一责任人职责), per leader
# ---------------------------------------------------------------------------


@dataclass
class LeaderDuties:
    membership: GroupMembership
    law_report: LawReport | None
    meetings_chaired: int
    tasks_owned: int
    tasks_done: int
    tasks_overdue: int
    court_appearances: int
    key_cases: int | None
    meetings: list[Meeting] = field(default_factory=list)


def key_cases_owned(person_ids: list[int], year: int) -> dict[int, int] | None:
    """Key petition cases a leader owns (领导包案), read from the petitions app's
    table by its glossary names (`Petition.owner_leader`, `is_key_case`)
    without importing its models; None when that app does not record them."""
    try:
        model = apps.get_model("petitions", "Petition")
        model._meta.get_field("owner_leader")
        model._meta.get_field("is_key_case")
    except (LookupError, FieldDoesNotExist):
        return None
    date_field = next(
        (n for n in ("received_on", "registered_on", "created_at") if _has_field(model, n)), None
    )
    qs = model.objects.filter(owner_leader_id__in=person_ids, is_key_case=True)
    if date_field:
        qs = qs.filter(**{f"{date_field}__year": year})
    return dict(
        qs.values_list("owner_leader_id")
        .annotate(n=Count("pk"))
        .values_list("owner_leader_id", "n")
    )


def _has_field(model: Any, name: str) -> bool:
    try:
        model._meta.get_field(name)
    except FieldDoesNotExist:
        return False
    return True


def first_responsible_duties(group: LeadershipGroup, year: int, user: Any) -> list[LeaderDuties]:
    """One row per leadership-group member with what the annual report draws
    on: 述法 done, rule-of-law meetings chaired, plan tasks owned, court
    appearances, key cases owned. A fixed number of grouped queries."""
    today = timezone.localdate()
    members = list(group.memberships.select_related("person").order_by("order", "pk"))
    ids = [m.person_id for m in members]
    meetings = (
        Meeting.objects.visible_to(user)
        .filter(chair_id__in=ids, held_on__year=year)
        .order_by("held_on")
    )
    by_chair: dict[int, list[Meeting]] = defaultdict(list)
    for m in meetings:
        assert m.chair_id is not None
        by_chair[m.chair_id].append(m)
    reports = {
        r.person_id: r
        for r in LawReport.objects.visible_to(user).filter(person_id__in=ids, year=year)
    }
    # One aggregate over the year's tasks, three counts per member, each
    # member's tasks found by `owned_by` (责任人 or their account).
    accounts = dict(User.objects.filter(person_id__in=ids).values_list("person_id", "pk"))
    late = Q(
        status__in=[WorkTask.Status.OPEN, WorkTask.Status.IN_PROGRESS], due_date__lt=today
    ) | Q(status=WorkTask.Status.DONE, done_on__gt=F("due_date"))
    counts: dict[str, Any] = {}
    for pid in ids:
        mine = owned_by(pid, accounts.get(pid))
        counts[f"n_{pid}"] = Count("pk", filter=mine)
        counts[f"done_{pid}"] = Count("pk", filter=mine & Q(status=WorkTask.Status.DONE))
        counts[f"overdue_{pid}"] = Count("pk", filter=mine & late)
    totals = (
        WorkTask.objects.visible_to(user).filter(plan__year=year).aggregate(**counts)
        if counts
        else {}
    )
    task_map = {
        pid: {k: totals[f"{k}_{pid}"] or 0 for k in ("n", "done", "overdue")} for pid in ids
    }
    appearances = dict(
        LitigationCase.objects.visible_to(user)
        .filter(appeared_person_id__in=ids, head_appeared=True, hearing_on__year=year)
        .values_list("appeared_person_id")
        .annotate(n=Count("pk"))
        .values_list("appeared_person_id", "n")
    )
    keys = key_cases_owned(ids, year)
    rows = []
    for m in members:
        t = task_map.get(m.person_id, {})
        rows.append(
            LeaderDuties(
                membership=m,
                law_report=reports.get(m.person_id),
                meetings_chaired=len(by_chair.get(m.person_id, [])),
                meetings=by_chair.get(m.person_id, []),
                tasks_owned=t.get("n", 0),
                tasks_done=t.get("done", 0),
                tasks_overdue=t.get("overdue", 0),
                court_appearances=appearances.get(m.person_id, 0),
                key_cases=None if keys is None else keys.get(m.person_id, 0),
            )
        )
    return rows


# ---------------------------------------------------------------------------
# OGI annual report tables (国办公开办函〔2021〕30号 format)
# ---------------------------------------------------------------------------

APPLICANT_COLUMNS: list[tuple[str, Any]] = [
    *DisclosureRequest.ApplicantKind.choices,
    ("total", _("总计")),
]

# (row key, label, level). Level 0: section, 1: outcome, 2: reason.
RESULT_ROWS: list[tuple[str, Any, int]] = [
    ("public", _("（一）予以公开"), 1),
    ("partial", _("（二）部分公开（区分处理的，只计这一情形，不计其他情形）"), 1),
    ("withheld", _("（三）不予公开"), 1),
    *[(f"withheld.{k}", format_lazy("{}.{}", i, v), 2) for i, (k, v) in enumerate(WR.choices, 1)],
    ("unable", _("（四）无法提供"), 1),
    ("unable.not_held", _("1.本机关不掌握相关政府信息"), 2),
    ("unable.needs_creation", _("2.没有现成信息需要另行制作"), 2),
    ("unable.still_unclear", _("3.补正后申请内容仍不明确"), 2),
    ("not_handled", _("（五）不予处理"), 1),
    ("not_handled.petition", _("1.信访举报投诉类申请"), 2),
    ("not_handled.repeat", _("2.重复申请"), 2),
    ("not_handled.publication", _("3.要求提供公开出版物"), 2),
    ("not_handled.excessive", _("4.无正当理由大量反复申请"), 2),
    ("not_handled.reconfirm", _("5.要求行政机关确认或重新出具已获取信息"), 2),
    ("other", _("（六）其他处理"), 1),
    (
        "other.no_correction",
        _("1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"),
        2,
    ),
    (
        "other.no_fee",
        _("2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"),
        2,
    ),
    ("other.other", _("3.其他"), 2),
    ("total", _("（七）总计"), 1),
]

REPLY_BUCKET: dict[str, str] = {
    RT.ALREADY_PUBLIC: "public",
    RT.PROVIDED: "public",
    RT.PARTIAL: "partial",
    RT.WITHHELD: "withheld",
    RT.NOT_EXIST: "unable.not_held",
    RT.NOT_THIS_ORGAN: "unable.not_held",
    RT.NEEDS_CREATION: "unable.needs_creation",
    RT.STILL_UNCLEAR: "unable.still_unclear",
    RT.PETITION: "not_handled.petition",
    RT.REPEAT: "not_handled.repeat",
    RT.PUBLICATION: "not_handled.publication",
    RT.EXCESSIVE: "not_handled.excessive",
    RT.RECONFIRM: "not_handled.reconfirm",
    RT.SPECIAL_LAW: "other.other",
}

# The outcome (national table level 1) of each reply type, for indicators.
OUTCOMES: list[tuple[str, str]] = [
    ("public", gettext_noop("予以公开")),
    ("partial", gettext_noop("部分公开")),
    ("withheld", gettext_noop("不予公开")),
    ("unable", gettext_noop("无法提供")),
    ("not_handled", gettext_noop("不予处理")),
    ("other", gettext_noop("其他处理")),
]


def reply_types_of(outcome: str) -> list[str]:
    return [rt for rt, bucket in REPLY_BUCKET.items() if bucket.split(".")[0] == outcome]


def _bucket(reply_type: str, withheld_reason: str, status: str, correction_pending: bool) -> str:
    if status == DisclosureRequest.Status.WITHDRAWN:
        return "other.no_correction" if correction_pending else "other.other"
    bucket = REPLY_BUCKET.get(reply_type, "other.other")
    if bucket == "withheld":
        return f"withheld.{withheld_reason or WR.LAW_FORBIDS}"
    return bucket


@dataclass
class OgiTables:
    year: int
    unit: OrgUnit
    columns: list[tuple[str, str]]
    requests: list[dict[str, Any]]
    proactive: list[dict[str, Any]]
    cases: dict[str, dict[str, int]]


def _by_kind(qs: QuerySet[DisclosureRequest]) -> dict[str, int]:
    counts = dict(
        qs.values_list("applicant_kind").annotate(n=Count("pk")).values_list("applicant_kind", "n")
    )
    counts["total"] = sum(counts.values())
    return counts


def ogi_tables(unit: OrgUnit, year: int) -> OgiTables:
    """The yearly OGI report tables for `unit` (and the units below it), from
    the records: requests (table 三), proactive disclosure of normative
    documents (table 二, the rows this app holds) and reconsideration /
    litigation about OGI (table 四). A handful of grouped queries."""
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    base = DisclosureRequest.objects.in_unit(unit).exclude(received_on__isnull=True)
    concluded_before = Q(replied_on__lt=start) | Q(withdrawn_on__lt=start)
    concluded_by_end = Q(replied_on__lte=end) | Q(withdrawn_on__lte=end)
    new = _by_kind(base.filter(received_on__gte=start, received_on__lte=end))
    carried_in = _by_kind(base.filter(received_on__lt=start).exclude(concluded_before))
    carried_out = _by_kind(base.filter(received_on__lte=end).exclude(concluded_by_end))
    done = (
        base.filter(
            Q(replied_on__gte=start, replied_on__lte=end)
            | Q(withdrawn_on__gte=start, withdrawn_on__lte=end)
        )
        .values_list("applicant_kind", "reply_type", "withheld_reason", "status")
        .annotate(
            pending=Count(
                "pk", filter=Q(correction_requested_on__isnull=False, corrected_on__isnull=True)
            )
        )
        .annotate(n=Count("pk"))
    )
    cells: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for kind, reply_type, reason, status, pending, n in done:
        if pending and status == DisclosureRequest.Status.WITHDRAWN:
            cells["other.no_correction"][kind] += pending
            n -= pending
        if n:
            bucket = _bucket(reply_type, reason, status, False)
            cells[bucket][kind] += n
    # Level-1 rows are the sum of their reasons; the total of all outcomes.
    for key, _label, level in RESULT_ROWS:
        if (
            level == 1
            and key != "total"
            and any(k.startswith(key + ".") for k, _, _ in RESULT_ROWS)
        ):
            for sub, _l, lv in RESULT_ROWS:
                if lv == 2 and sub.startswith(key + "."):
                    for kind, n in cells[sub].items():
                        cells[key][kind] += n
    for key, _label, level in RESULT_ROWS:
        if level == 1 and key != "total":
            for kind, n in cells[key].items():
                cells["total"][kind] += n
    kinds = [k for k, _ in APPLICANT_COLUMNS if k != "total"]

    def row(key: str, label: str, level: int, counts: dict[str, int]) -> dict[str, Any]:
        values = [counts.get(k, 0) for k in kinds]
        return {"key": key, "label": str(label), "level": level, "values": [*values, sum(values)]}

    requests = [
        row("new", _g("一、本年新收政府信息公开申请数量"), 0, new),
        row("carried_in", _g("二、上年结转政府信息公开申请数量"), 0, carried_in),
        {"key": "results", "label": _g("三、本年度办理结果"), "level": 0, "values": []},
        *[row(k, label, level, cells.get(k, {})) for k, label, level in RESULT_ROWS],
        row("carried_out", _g("四、结转下年度继续办理"), 0, carried_out),
    ]
    docs = NormativeDocument.objects.in_unit(unit)
    proactive = [
        {
            "label": _g("规范性文件"),
            "made": docs.filter(published_on__gte=start, published_on__lte=end).count(),
            "repealed": docs.filter(repealed_on__gte=start, repealed_on__lte=end).count(),
            "in_force": docs.filter(published_on__lte=end)
            .filter(Q(repealed_on__isnull=True) | Q(repealed_on__gt=end))
            .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=end))
            .count(),
        }
    ]
    cases = {
        "reconsideration": _case_counts(
            ReconsiderationCase.objects.in_unit(unit), "copy_received_on", start, end
        ),
        "litigation_direct": _case_counts(
            LitigationCase.objects.in_unit(unit).filter(after_reconsideration=False),
            "filed_on",
            start,
            end,
        ),
        "litigation_after": _case_counts(
            LitigationCase.objects.in_unit(unit).filter(after_reconsideration=True),
            "filed_on",
            start,
            end,
        ),
    }
    return OgiTables(
        year=year,
        unit=unit,
        columns=APPLICANT_COLUMNS,
        requests=requests,
        proactive=proactive,
        cases=cases,
    )


CASE_COLUMNS = [
    ("upheld", _("结果维持")),
    ("corrected", _("结果纠正")),
    ("other", _("其他结果")),
    ("pending", _("尚未审结")),
    ("total", _("总计")),
]


def _case_counts(
    qs: QuerySet[Any], date_field: str, start: dt.date, end: dt.date
) -> dict[str, int]:
    qs = qs.filter(ogi_related=True, **{f"{date_field}__gte": start, f"{date_field}__lte": end})
    agg = qs.aggregate(
        upheld=Count("pk", filter=Q(result=CaseResult.UPHELD)),
        corrected=Count("pk", filter=Q(result__in=[CaseResult.CORRECTED, CaseResult.REVOKED])),
        other=Count("pk", filter=Q(result=CaseResult.OTHER)),
        pending=Count("pk", filter=Q(result=CaseResult.PENDING)),
        total=Count("pk"),
    )
    return {k: int(v or 0) for k, v in agg.items()}


def proactive_published(
    unit: OrgUnit, start: dt.date, end: dt.date
) -> QuerySet[ProactiveDisclosure]:
    return ProactiveDisclosure.objects.in_unit(unit).filter(
        status=ProactiveDisclosure.Status.PUBLISHED, published_on__gte=start, published_on__lte=end
    )


def tasks_overdue(user: Any, today: dt.date) -> QuerySet[WorkTask]:
    """Tasks in the user's scope not done and past their due date, whatever
    year's plan they belong to (a 2026 task still open in January is late,
    not gone): the leaders' dashboard's card, the workbench's 其中已超期 and
    the task list's ?overdue=true count the same."""
    return (
        WorkTask.objects.visible_to(user)
        .filter(status__in=[WorkTask.Status.OPEN, WorkTask.Status.IN_PROGRESS], due_date__lt=today)
        .select_related("unit")
        .order_by("due_date", "pk")
    )


def dashboard_panel(user: Any, today: dt.date) -> list[Figure]:
    """Home page (core.dashboard): tasks of the annual plan (年度工作方案) not
    done in the user's scope, the governance matters past a time limit (as
    the leaders' dashboard counts its row: tasks, documents, requests,
    rectifications...), and the user's own tasks (the task's reminder
    account) and those of them past their deadline. Two aggregate queries."""
    url = reverse("governance:task_list")
    return workload(
        WorkTask.objects.visible_to(user),
        active=Q(status__in=[WorkTask.Status.OPEN, WorkTask.Status.IN_PROGRESS]),
        overdue=Q(due_date__lt=today),
        mine=owned_by(getattr(user, "person_id", None), user.pk),
        overdue_matters=clocks.overdue_matters(user, today, "governance"),
        labels=(_("未完成的工作任务"), overdue_label(user), _("我负责的"), _("其中已超期")),
        url=url,
        # Tasks, documents, requests, rectifications...: no one ledger holds
        # them all; the module's own list of them (the same clocks, one row a
        # matter, the user's work) does.
        overdue_url=reverse("governance:overdue"),
    )


# ---------------------------------------------------------------------------
# The governance home page (/governance/): what a township clerk needs first
# ---------------------------------------------------------------------------


@dataclass
class Workbench:
    plan: Any  # this year's plan of the user's township, or None
    year: int
    figures: list[Figure]
    clocks: list[Any]  # the nearest open time limits, overdue first


def workbench(user: Any, today: dt.date) -> Workbench:
    """This year's plan, the open matters with those past their limit (tasks,
    disclosure requests, rectifications, normative documents and decisions in
    progress), and the nearest time limits with their state
    (core.clocks.annotate_state). A fixed handful of queries."""
    from fazhi.core.models import Clock

    from .models import MajorDecision, Rectification, WorkPlan

    home = getattr(user, "scope_unit", None)
    plan = (
        WorkPlan.objects.visible_to(user).filter(unit=home, year=today.year).order_by("pk").first()
        if home is not None
        else None
    )
    open_task = Q(status__in=[WorkTask.Status.OPEN, WorkTask.Status.IN_PROGRESS])
    tasks = WorkTask.objects.visible_to(user).aggregate(
        open=Count("pk", filter=open_task),
        late=Count("pk", filter=open_task & Q(due_date__lt=today)),
    )
    open_request = Q(
        status__in=[
            DisclosureRequest.Status.RECEIVED,
            DisclosureRequest.Status.CORRECTION,
            DisclosureRequest.Status.THIRD_PARTY,
        ]
    )
    requests = DisclosureRequest.objects.visible_to(user).aggregate(
        open=Count("pk", filter=open_request),
        # Paused for a correction or a third party, a request is not late.
        late=Count(
            "pk",
            filter=Q(status=DisclosureRequest.Status.RECEIVED, reply_due__lt=today),
        ),
    )
    open_rect = Q(status=Rectification.Status.OPEN)
    rects = Rectification.objects.visible_to(user).aggregate(
        open=Count("pk", filter=open_rect),
        late=Count("pk", filter=open_rect & Q(due_date__lt=today)),
    )
    docs = (
        NormativeDocument.objects.visible_to(user)
        .exclude(
            status__in=[
                NormativeDocument.Status.PUBLISHED,
                NormativeDocument.Status.REPEALED,
                NormativeDocument.Status.EXPIRED,
            ]
        )
        .count()
    )
    decisions = (
        MajorDecision.objects.visible_to(user)
        .filter(published_on__isnull=True, archived_on__isnull=True)
        .count()
    )

    def url(name: str, query: str = "") -> str:
        return reverse(f"governance:{name}") + query

    figures = [
        Figure(_("未完成的工作任务"), tasks["open"], url("task_list")),
        Figure(_("其中已超期"), tasks["late"], url("task_list", "?overdue=true"), tone="danger"),
        Figure(_("依申请公开办理中"), requests["open"], url("request_list")),
        Figure(
            _("其中已超期"), requests["late"], url("request_list", "?overdue=true"), tone="danger"
        ),
        Figure(_("整改中"), rects["open"], url("rectification_list", "?status=open")),
        Figure(
            _("其中已超期"),
            rects["late"],
            url("rectification_list", "?overdue=true"),
            tone="danger",
        ),
        Figure(_("在办规范性文件"), docs, url("document_list")),
        Figure(_("在办重大行政决策"), decisions, url("decision_list")),
    ]
    nearest = (
        clocks.annotate_state(
            Clock.objects.visible_to(user)
            .filter(content_type__app_label="governance")
            .exclude(status=Clock.Status.STOPPED),
            today,
        )
        .select_related("unit")
        .order_by(F("due_date").asc(nulls_last=True), "pk")[:12]
    )
    return Workbench(plan=plan, year=today.year, figures=figures, clocks=list(nearest))
