"""Render sweep: every page, export and generated document of the demo, as every role.

The demo township is built once for this module (`load_demo`, rolled back at the
end). For each demo role the sweep walks every URL pattern of the project (the
URL resolver, not a hand-kept list): patterns without arguments as they are,
patterns with a record's id filled with records of that model the role can see
(one per state, so a detail page is rendered in each of its stages), and the
patterns that need a step name, a content type or a figure key from the links
the pages themselves offer (links and hx-get targets, exports included). Every
answer is checked with tests/sweep/checks.py: no 500, no template syntax, no
internal marker, no None/True/False, no raw choice value; .xlsx, .docx and .zip
answers are opened and checked the same way.

404/403 (out of scope), 405 (a POST-only step) and redirects are fine. A new URL
pattern whose arguments the sweep cannot fill fails `test_every_pattern_is_swept`
until it is mapped below (or reached through a link) or skipped with a reason.
"""

from __future__ import annotations

import functools
import io
import re
import sys
import time
import traceback
from collections import defaultdict, deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs, urljoin, urlsplit

import pytest
from django.apps import apps
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection, models, transaction
from django.test import Client, TestCase
from django.urls import URLPattern, resolve
from django.urls.exceptions import Resolver404
from lxml import html as lxml_html

from tests.sweep import checks
from tests.sweep.routes import qualified, url_patterns
from tests.twofactor import pass_second_factor

ROLES = [
    "leader",
    "sifasuo",
    "xinfang",
    "zhifa",
    "shenhe",
    "cun",
    "county",
    "sysadmin",
    "secadmin",
    "auditadmin",
    "anonymous",
]
# Roles whose work has ledgers and documents: their sweep must have opened some,
# or the checks below would pass on nothing.
EXPORTS_EXPECTED = {"leader", "sifasuo", "xinfang", "zhifa", "county"}
DOCUMENTS_EXPECTED = {"leader", "sifasuo", "xinfang", "zhifa"}

# Patterns the sweep does not open, with the reason.
SKIP: dict[str, str] = {
    "logout": "POST-only; the sweep's own session must survive",
    "set_language": "POST-only (the language switch); English pages are the `english` helper's",
    "reports:pdf": "converted by LibreOffice where installed (seconds each); its .docx is swept",
    # An import job is its uploader's alone and the demo holds none; the pages are
    # walked by tests/petitions/test_ledger_import_pages.py and the browser journey.
    "core:import_job": "no import job in the demo (its uploader's alone)",
    "core:import_status": "no import job in the demo (its uploader's alone)",
    "core:import_result": "no import job in the demo (its uploader's alone)",
    "core:import_delete": "POST-only, no import job in the demo",
}
# Prefixes outside the page sweep: the admin site and the API (fuzzed by schemathesis).
OUTSIDE = ("admin/", "api/")

# Int arguments named other than pk, and function views without a `model`:
# which model's records fill them.
ARGUMENT_MODELS: dict[str, str] = {
    "petitions:edit": "petitions.Petition",
    "petitions:upload": "petitions.Petition",
    "petitions:assign_handlers": "petitions.Petition",
    "petitions:leader_detail": "core.Person",  # a leader: the leaders page links them
    "mediation:category_edit": "mediation.DisputeCategory",
    "mediation:agreement_docx": "mediation.MediationCase",
    "enforcement:case_decision": "enforcement.EnforcementCase",
    "enforcement:case_file": "enforcement.EnforcementCase",
    "enforcement:officer_issue": "enforcement.Officer",
    "enforcement:exam_register": "enforcement.Exam",
    "enforcement:exam_result": "enforcement.ExamRegistration",
    "enforcement:review_record": "enforcement.LegalReview",
    "publicity:activity_hold": "publicity.PublicityActivity",
    "publicity:activity_cancel": "publicity.PublicityActivity",
    "publicity:activity_delete": "publicity.PublicityActivity",
    "publicity:plan_adopt": "publicity.PublicityPlan",
    "publicity:plan_close": "publicity.PublicityPlan",
    "publicity:plan_add_campaigns": "publicity.PublicityPlan",
    "publicity:item_cancel": "publicity.PlanItem",
    "publicity:item_reopen": "publicity.PlanItem",
    "governance:plan_docx": "governance.WorkPlan",
    "governance:request_docx": "governance.DisclosureRequest",
    "governance:decision_zip": "governance.MajorDecision",
    "reports:changes": "reports.AnnualReport",
    "reports:docx": "reports.AnnualReport",
    "reports:section_edit": "reports.ReportSection",
    "reports:template_section": "reports.TemplateSection",
    "reports:public_detail": "reports.AnnualReport",
    "reports:public_docx": "reports.AnnualReport",
    "reports:unit_indicators": "core.OrgUnit",
    "core:unit_detail": "core.OrgUnit",
    "core:inbox_read": "core.Reminder",
    "core:attachment": "core.Attachment",
}
# Patterns with more than a record's id (a step name, a content type, a figure
# key): filled from the links pages offer. Links to one pattern are followed at
# most this often per distinct non-id argument (a year counts as an id).
LINK_ONLY_CAP = 1
STATE_FIELDS = ("stage", "state", "status")
# Problems found and reported to their owners in /work/notes/findings.md (the
# issue's list), by (check, URL pattern): shown by the test, not failed on, so
# the sweep guards every other page meanwhile. Remove a line when its fix lands;
# a line no role's sweep hits any more is printed as stale.
KNOWN: dict[tuple[str, str], str] = {}
# Not a problem: raw values a page means to show.
ALLOWED: dict[tuple[str, str], str] = {
    ("raw code", "mediation:category_list"): "the 代码 column: each category's own code",
}
SAMPLES_PER_MODEL = 3
ID_KWARGS = {"pk", "person_pk", "unit_pk"}


# The sweep runs in the SQLite pass (about 2 CPU-minutes); on PostgreSQL it is
# not yet proven green, and the PostgreSQL pass is the slower half of CI.
pytestmark = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="render sweep: SQLite pass only (see docs/testing.md)"
)


# --- the demo, once for the module ----------------------------------------------------


@pytest.fixture(scope="module")
def demo(django_db_setup: None, django_db_blocker: Any) -> Iterator[None]:
    """load_demo inside a transaction rolled back when the module ends, so the
    other test modules on this worker never see the demo's rows."""
    from fazhi.core.clocks import invalidate_calendar

    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            # What the demo's steps do after commit (reminders, documents) runs too.
            with TestCase.captureOnCommitCallbacks(execute=True):
                call_command("load_demo", stdout=io.StringIO())
            yield
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
            cache.clear()
            invalidate_calendar()


# --- the URL patterns -------------------------------------------------------------------


@dataclass(frozen=True)
class Pattern:
    name: str
    route: str
    pattern: URLPattern

    @property
    def kwargs(self) -> list[str]:
        return re.findall(r"<(?:\w+:)?(\w+)>", self.route)

    @property
    def int_kwargs(self) -> list[str]:
        return re.findall(r"<int:(\w+)>", self.route)


def all_patterns() -> list[Pattern]:
    out = [
        Pattern(qualified(namespace, entry.name), route, entry)
        for route, namespace, entry in url_patterns()
        if entry.name
    ]
    return [p for p in out if not p.route.startswith(OUTSIDE)]


def model_of(p: Pattern) -> type[models.Model] | None:
    if p.name in ARGUMENT_MODELS:
        return apps.get_model(ARGUMENT_MODELS[p.name])
    view_class = getattr(p.pattern.callback, "view_class", None)
    model = getattr(view_class, "model", None)
    if model is None and getattr(view_class, "queryset", None) is not None:
        model = view_class.queryset.model  # type: ignore[union-attr]
    return model


def fillable(p: Pattern) -> bool:
    """True when the resolver walk can build this pattern's URLs by itself."""
    if not p.kwargs:
        return True
    if p.name == "reports:unit_indicators":
        return True
    return set(p.kwargs) <= ID_KWARGS and len(p.int_kwargs) == 1 and model_of(p) is not None


def sample_pks(model: type[models.Model], user: Any) -> list[int]:
    """Records the user can see (all, for models without a scope), one per state."""
    qs = model._default_manager.all()
    if user is not None and hasattr(qs, "visible_to"):
        qs = qs.visible_to(user)
    elif user is not None and any(f.name == "user" for f in model._meta.concrete_fields):
        qs = qs.filter(user=user)  # a person's own rows (reminders)
    state = next(
        (
            f.name
            for f in model._meta.concrete_fields
            if f.name in STATE_FIELDS and getattr(f, "choices", None)
        ),
        None,
    )
    pks: list[int] = []
    if state:
        seen: set[Any] = set()
        # Newest first: a demo's latest records are the ones still in progress,
        # whose pages offer the steps (and links) a closed record no longer has.
        for pk, value in qs.order_by("-pk").values_list("pk", state):
            if value not in seen:
                seen.add(value)
                pks.append(pk)
            if len(pks) >= SAMPLES_PER_MODEL:
                break
    else:
        first = qs.order_by("pk").values_list("pk", flat=True).first()
        last = qs.order_by("-pk").values_list("pk", flat=True).first()
        pks = [pk for pk in dict.fromkeys([first, last]) if pk is not None]
    return pks


def action_urls(user: Any) -> list[tuple[str, str]]:
    """Steps no demo record offers (every complaint is answered): each step of
    the table once, on the first complaint."""
    from fazhi.enforcement.actions import COMPLAINT_ACTIONS
    from fazhi.enforcement.models import EnforcementComplaint

    pks = sample_pks(EnforcementComplaint, user)[:1]
    return [
        ("enforcement:complaint_action", f"/enforcement/complaints/{pk}/do/{name}/")
        for pk in pks
        for name in COMPLAINT_ACTIONS
    ]


def history_urls(user: Any) -> list[tuple[str, str]]:
    """core:history for one record of each model that has a detail page."""
    from django.contrib.contenttypes.models import ContentType

    out = []
    models_with_detail = {model_of(p) for p in all_patterns() if p.name.endswith("detail")}
    for model in sorted(filter(None, models_with_detail), key=lambda m: m._meta.label):
        pks = sample_pks(model, user)[:1]
        ct = ContentType.objects.get_for_model(model)
        out += [("core:history", f"/history/{ct.pk}/{pk}/") for pk in pks]
    return out


def start_urls(user: Any) -> list[tuple[str, str]]:
    """(pattern name, URL) the resolver walk yields for this user."""
    from django.utils import timezone

    out: list[tuple[str, str]] = []
    for p in all_patterns():
        if p.name in SKIP or not fillable(p):
            continue
        if not p.kwargs:
            out.append((p.name, "/" + p.route))
            continue
        model = model_of(p)
        assert model is not None
        pks = sample_pks(model, user)
        if not p.name.endswith("detail"):
            pks = pks[:1]  # edit pages, steps, documents: one record is enough
        for pk in pks:
            if p.name == "reports:unit_indicators":
                route = p.route.replace("<int:unit_pk>", str(pk)).replace(
                    "<int:year>", str(timezone.localdate().year - 1)
                )
            else:
                route = re.sub(r"<int:\w+>", str(pk), p.route)
            out.append((p.name, "/" + route))
    return out + history_urls(user) + action_urls(user)


# --- the crawl ------------------------------------------------------------------------------

CATEGORIES = (
    ("500", re.compile(r"^500|^answered 5")),
    ("template syntax", re.compile(r"template syntax")),
    ("internal marker", re.compile(r"internal marker")),
    ("python value", re.compile(r"Python '|boolean ")),
    ("raw code", re.compile(r"raw code ")),
)


def category_of(message: str) -> str:
    return next((name for name, pattern in CATEGORIES if pattern.search(message)), "other")


@dataclass(frozen=True)
class Problem:
    kind: str  # page, export, document
    category: str
    pattern: str  # URL pattern name
    url: str
    message: str


@dataclass
class Sweep:
    role: str
    problems: list[Problem] = field(default_factory=list)
    statuses: dict[str, int] = field(default_factory=dict)
    reached: set[str] = field(default_factory=set)  # pattern names answered < 500
    opened: dict[str, int] = field(default_factory=lambda: defaultdict(int))  # kind -> n
    seconds: dict[str, float] = field(default_factory=dict)
    per_pattern: dict[str, int] = field(default_factory=lambda: defaultdict(int))

    def add(self, kind: str, pattern: str, url: str, message: str) -> None:
        self.problems.append(Problem(kind, category_of(message), pattern, url, message))

    def failures(self, kind: str) -> tuple[list[Problem], list[Problem]]:
        """(problems that fail the test, problems listed in KNOWN with their finding)."""
        mine = [
            p for p in self.problems if p.kind == kind and (p.category, p.pattern) not in ALLOWED
        ]
        known = [p for p in mine if (p.category, p.pattern) in KNOWN]
        return [p for p in mine if (p.category, p.pattern) not in KNOWN], known

    def slowest(self, n: int = 5) -> str:
        ranked = sorted(self.seconds.items(), key=lambda item: -item[1])[:n]
        return ", ".join(f"{url} {sec:.1f}s" for url, sec in ranked)


def report(problems: list[Problem]) -> str:
    """Each distinct problem once, with its URL pattern and a few URLs showing it."""
    by_problem: dict[tuple[str, str], list[str]] = defaultdict(list)
    for p in problems:
        by_problem[(p.pattern, p.message)].append(p.url)
    lines = []
    for (pattern, message), urls in sorted(by_problem.items()):
        shown = ", ".join(urls[:3]) + (f" (+{len(urls) - 3} more)" if len(urls) > 3 else "")
        lines.append(f"- [{pattern}] {message}\n    at {shown}")
    return "\n".join(lines)


_SWEEPS: dict[str, Sweep] = {}


def link_targets(root: Any, base: str) -> list[tuple[str, bool]]:
    """(local URL, is an htmx request) for every link, form and htmx target on a
    page. Forms' targets are opened with GET too: a step's own page renders its
    form, a POST-only step answers 405."""
    out: list[tuple[str, bool]] = []
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        for attribute, htmx in (
            ("href", False),
            ("action", False),
            ("hx-get", True),
            ("hx-post", True),
        ):
            value = element.get(attribute)
            if not value or value.startswith(("#", "//", "javascript:", "mailto:", "tel:")):
                continue
            if "://" in value:
                continue
            out.append((urljoin(base, value.split("#")[0]), htmx))
    return out


def link_key(name: str, kwargs: dict[str, Any], query: str) -> tuple[Any, ...] | None:
    """Which followed links count as the same; None: not followed (the walk covers it)."""
    params = parse_qs(query)
    if params.get("export") == ["xlsx"]:
        return (name, "export")
    if name == "reports:figure_records" and "key" in kwargs:
        # A figure's records page differs from another figure's in the figure's
        # label and value and in the records it lists: each role opens one page
        # per kind of record (~30 pages, not 171 for a township or the county,
        # a tenth of the sweep's time); every figure's own page is checked once,
        # as the township's clerk, by tests/reports/test_views.py.
        return (name, records_model(str(kwargs["key"])))
    if not kwargs or (set(kwargs) <= ID_KWARGS and name not in link_only()):
        return None
    kept = sorted((k, str(v)) for k, v in kwargs.items() if k not in ID_KWARGS | {"year"})
    return (name, tuple(kept))


@functools.cache
def records_model(key: str) -> str:
    """The model of the records behind a figure ("" if it lists none)."""
    from fazhi.core.models import OrgUnit
    from fazhi.reports import figures, queries

    lister = figures.records_for(key)
    unit = OrgUnit.objects.order_by("pk").first()
    if lister is None or unit is None:
        return ""
    return str(lister(unit, queries.period(2024)).model._meta.label)


@functools.cache
def link_only() -> frozenset[str]:
    return frozenset(p.name for p in all_patterns() if not fillable(p))


def short_traceback() -> str:
    """The exception and the innermost frame in the project's code."""
    kind, exc, tb = sys.exc_info()
    frames = traceback.extract_tb(tb)
    ours = [f for f in frames if "/fazhi/" in f.filename and "/site-packages/" not in f.filename]
    where = ours[-1] if ours else frames[-1]
    path = where.filename.split("/fazhi/", 1)[-1]
    name = kind.__name__ if kind else "?"
    return f"500: {name}: {exc} (fazhi/{path}:{where.lineno} in {where.name})"


def run_sweep(role: str) -> Sweep:
    if role in _SWEEPS:
        return _SWEEPS[role]
    from fazhi.core.models import User

    sweep = Sweep(role)
    client = Client(raise_request_exception=True)
    user = None
    if role != "anonymous":
        user = User.objects.get(username=role)
        client.force_login(user)
        pass_second_factor(client, user)

    queue: deque[tuple[str, str, bool]] = deque(
        (name, url, False) for name, url in start_urls(user)
    )
    seen_urls = {url for _, url, _ in queue}
    followed: dict[tuple[Any, ...], int] = defaultdict(int)
    while queue:
        name, url, htmx = queue.popleft()
        sweep.per_pattern[name] += 1
        headers = {"HX-Request": "true"} if htmx else {}
        started = time.monotonic()
        try:
            with transaction.atomic():
                response = client.get(url, headers=headers)
                transaction.set_rollback(True)  # a GET must not change anything anyway
        except Exception:
            sweep.seconds[url] = time.monotonic() - started
            sweep.add("page", name, url, short_traceback())
            continue
        sweep.seconds[url] = time.monotonic() - started
        sweep.statuses[url] = response.status_code
        if response.status_code >= 500:
            sweep.add("page", name, url, f"answered {response.status_code}")
            continue
        sweep.reached.add(name)
        if response.status_code != 200:
            continue
        kind = checks.kind_of(response.get("Content-Type", ""), url)
        content = b"".join(response.streaming_content) if response.streaming else response.content
        sweep.opened[kind] += 1
        label = {"html": "page", "xlsx": "export"}.get(kind, "document")
        for problem in checks.problems_in(kind, content):
            sweep.add(label, name, url, problem)
        if kind != "html" or not content.strip():
            continue
        root = lxml_html.fromstring(content.decode("utf-8", errors="replace"))
        for target, is_htmx in link_targets(root, url):
            if target in seen_urls:
                continue
            parts = urlsplit(target)
            try:
                match = resolve(parts.path)
            except Resolver404:
                continue
            if match.view_name in SKIP or parts.path.startswith(tuple("/" + o for o in OUTSIDE)):
                continue
            key = link_key(match.view_name, match.kwargs, parts.query)
            if key is None or followed[key] >= LINK_ONLY_CAP:
                continue
            followed[key] += 1
            seen_urls.add(target)
            queue.append((match.view_name, target, is_htmx))
    _SWEEPS[role] = sweep
    return sweep


def check(sweep: Sweep, kind: str) -> None:
    failing, known = sweep.failures(kind)
    if known:
        print(f"{sweep.role}: {len(known)} known {kind} problem(s) (KNOWN, owners fixing):")
        print(report(known))
    if failing:
        count = len({(p.pattern, p.message) for p in failing})
        pytest.fail(f"{sweep.role}: {count} distinct problem(s)\n{report(failing)}", pytrace=False)


# --- the tests ------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_pages(demo: None, role: str) -> None:
    sweep = run_sweep(role)
    busiest = sorted(sweep.per_pattern.items(), key=lambda item: -item[1])[:5]
    print(f"{role}: {len(sweep.statuses)} URLs, slowest {sweep.slowest()}; most: {busiest}")
    assert sweep.opened["html"] > 0
    check(sweep, "page")


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_exports(demo: None, role: str) -> None:
    sweep = run_sweep(role)
    if role in EXPORTS_EXPECTED:
        assert sweep.opened["xlsx"] > 0, f"{role}: no Excel export reached"
    check(sweep, "export")


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_documents(demo: None, role: str) -> None:
    sweep = run_sweep(role)
    if role in DOCUMENTS_EXPECTED:
        assert sweep.opened["docx"] > 0, f"{role}: no generated .docx reached"
    check(sweep, "document")


@pytest.mark.django_db
def test_every_pattern_is_swept(demo: None) -> None:
    """A pattern no role reached is a page nobody's sweep checks: map its
    arguments in ARGUMENT_MODELS, or skip it with a reason in SKIP."""
    for role in ROLES:
        run_sweep(role)
    reached = set().union(*(s.reached for s in _SWEEPS.values()))
    hit = {(p.category, p.pattern) for s in _SWEEPS.values() for p in s.problems}
    for key in sorted(set(KNOWN) - hit):
        print(f"stale KNOWN entry (fixed? remove it): {key}: {KNOWN[key]}")
    missing = [
        f"{p.name} ({p.route})"
        for p in all_patterns()
        if p.name not in SKIP and p.name not in reached
    ]
    assert not missing, "patterns no role's sweep opened:\n" + "\n".join(missing)


@pytest.mark.django_db
@pytest.mark.parametrize("role", [r for r in ROLES if r != "anonymous"])
def test_menu_offers_only_pages_that_open(demo: None, role: str) -> None:
    """Every navbar entry a role is offered opens for that role (issue 15, real
    use: the village cadre was offered 报告模板, which answered 404)."""
    from fazhi.core import navigation
    from fazhi.core.models import User

    user = User.objects.get(username=role)
    client = Client()
    client.force_login(user)
    pass_second_factor(client, user)
    closed = []
    for group in navigation.menu_for(user):
        for entry in group["items"]:
            with transaction.atomic():
                status = client.get(entry["url"]).status_code
                transaction.set_rollback(True)
            if status >= 400:
                closed.append(f"{group['label']} › {entry['label']} {entry['url']}: {status}")
    assert not closed, f"{role} is offered pages that do not open:\n" + "\n".join(closed)


def test_checks_find_what_they_look_for() -> None:
    """The checks themselves: each kind of problem is found, a clean page passes."""
    clean = "<html><body><h1>信访事项</h1><td>已受理</td><p>是</p></body></html>"
    assert checks.problems_in_html(clean) == []
    dirty = (
        "<html><body>{# comment #}<p>依据 [S] LAW.md</p><td>None</td><p>重复：True</p>"
        "<script>var x = '{{ ok in a script }}'; var None = 1;</script>"
        '<input value="{{ form.x }}"></body></html>'
    )
    found = "\n".join(checks.problems_in_html(dirty))
    for expected in ("'{#'", "'[S]'", "'LAW.md'", "'None'", "'True'", "<input value="):
        assert expected in found
    assert "ok in a script" not in found
    code, where = next(iter(checks.raw_choice_values().items()))
    assert checks.problems_in_html(f"<td>{code}</td>"), where
    assert checks.problems_in_html(f"<li>{code} → x</li>"), where
    assert not checks.problems_in_html(f'<option value="{code}">标签</option>')
    assert [category_of(m) for m in checks.problems_in_html(f"<td>{code}</td><p>True</p>")] == [
        "raw code",
        "python value",
    ]
